"""Stage CPU of this checkout against another one (e.g. a `git worktree` at the base commit), interleaved: each pair
runs `profile.py --stages --json` once per checkout, in turn, in fresh processes, on the same samples.

    python benchmarks/stages_ab.py /work/wt/base --pairs 3 --n 60                 # 100 dpi, size mix
    python benchmarks/stages_ab.py /work/wt/base --pairs 3 --n 30 --dpi 200 --size a4

Prints each run's stage CPU ms a sample, then the mean per stage of each checkout and their ratio (old / new).
"""
import argparse, json, os, subprocess, sys
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent

def _once(root:Path, args:list) -> dict:
    "Stage CPU ms a sample of the checkout at `root` (this script's profile.py, that checkout's redsynth)"
    env = dict(os.environ, PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, str(HERE/'profile.py'), '--stages', '--json', *args], env=env, cwd=root,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('baseline', help='the other checkout (its root folder)')
    p.add_argument('--pairs', type=int, default=3); p.add_argument('--n', type=int, default=60)
    p.add_argument('--dpi', default='100'); p.add_argument('--size', default='mix')
    a = p.parse_args()
    args = ['--n', str(a.n), '--dpi', a.dpi, '--size', a.size]
    runs = {'old': [], 'new': []}
    print(f'load average {os.getloadavg()[0]:.1f} at start; {args}')
    for i in range(a.pairs):
        for k, root in (('old', Path(a.baseline)), ('new', HERE.parent)) if i % 2 == 0 else (('new', HERE.parent), ('old', Path(a.baseline))):
            r = _once(root.resolve(), args)
            runs[k].append(r)
            print(k, ' '.join(f'{s} {v:.1f}' for s, v in r.items()), flush=True)
    print(f'\nload average {os.getloadavg()[0]:.1f} at end; mean CPU ms a sample over {a.pairs} runs each')
    print(f"{'stage':>8} {'old':>7} {'new':>7} {'old/new':>7}")
    for s in runs['old'][0]:
        o, n = np.mean([r[s] for r in runs['old']]), np.mean([r[s] for r in runs['new']])
        print(f'{s:>8} {o:7.1f} {n:7.1f} {o/n:7.2f}')

if __name__ == '__main__': main()

"""End-to-end speed of `make_synthetic_dataset`: images per second with 1 and 2 workers, mean milliseconds per
stage (base page, redact, degrade, encode + write) and peak memory (RSS) per worker.

    python benchmarks/end_to_end.py                 # default preset, 100 dpi, 80 images per run (< 60 s)
    python benchmarks/end_to_end.py --n 200 --workers 1 2 4 --preset hard
    python benchmarks/end_to_end.py --no-masks     # rectangles only: the cost of writing masks (issue 16: < 10%)
    python benchmarks/end_to_end.py --baseline 9003124 --n 300 --workers 2 --reps 2            # this checkout vs a commit
    python benchmarks/end_to_end.py --baseline 9003124 --n 300 --workers 2 --dpi 200 --size a4

Each run writes a fresh dataset into a temporary folder (removed afterwards). Before the timed runs, a short
untimed run starts the process pool's fork server and warms the caches, as a long job would be. The stage
times are measured inside the workers, so with several workers on a busy machine they include waiting for a core.
With `--baseline REF`, REF is checked out (`git worktree add`) into a temporary folder and both checkouts run in
turn, interleaved (this, REF, this, REF...), each in its own process with PYTHONPATH at its checkout; the table
gives each pair's ratio, which a shared machine disturbs less than the figures themselves, and (Linux) the CPU seconds
all processes of each run used (imports and warm-up included), which other jobs on the machine disturb least.
Bar (issue 7): >= 10 images/s with 2 workers on a 2-core machine; aim 20. Original project: 0.17 images/s.
"""
import argparse, ctypes, json, os, platform, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def run(n, workers, preset, dpi, fmt, masks, tmp, size='mix'):
    from redsynth import make_synthetic_dataset
    out = Path(tmp)/f'w{workers}'
    import inspect
    kw = dict(marks=preset) if 'recipe' in inspect.signature(make_synthetic_dataset).parameters else dict(preset=preset)   # after / before the recipe
    s = make_synthetic_dataset(out, n=n, seed=0, dpi=dpi, workers=workers, image_format=fmt, masks=masks, progress=False, size=size, **kw)
    shutil.rmtree(out)
    return s

def _rows(a) -> list:
    "Warm up, then one timed run per worker count (in this process, with the redsynth on sys.path)"
    with tempfile.TemporaryDirectory() as tmp:
        run(max(a.workers) * 2, max(a.workers), a.preset, a.dpi, a.format, a.masks, tmp, a.size)   # warm-up, not timed
        return [run(a.n, w, a.preset, a.dpi, a.format, a.masks, tmp, a.size) for w in a.workers]

def _subreaper() -> bool:
    "Adopt orphaned descendants (Linux): the pool's fork server outlives its parent, and its CPU time then counts here"
    try: return ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) == 0   # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError): return False

def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def _child(a, root:Path, tmp:Path) -> tuple:
    "The rows of one run of this script with PYTHONPATH at the checkout `root`, in a fresh process, and the CPU seconds of all its processes"
    c0 = _cpu()
    args = [sys.executable, __file__, '--json', '--n', str(a.n), '--workers', *map(str, a.workers), '--preset', a.preset,
            '--dpi', str(a.dpi), '--size', a.size, '--format', a.format, '--masks' if a.masks else '--no-masks']
    env = dict(os.environ, PYTHONPATH=str(root))
    r = subprocess.run(args, env=env, cwd=tmp, capture_output=True, text=True)
    while True:   # reap the adopted fork server (and so count its workers' CPU time)
        try: os.waitpid(-1, 0)
        except ChildProcessError: break
    if r.returncode: raise RuntimeError(f'run in {root} failed:\n{r.stderr[-3000:]}')
    return json.loads(r.stdout.strip().splitlines()[-1]), _cpu() - c0

def _baseline(a):
    "This checkout against `a.baseline`, interleaved, `a.reps` times"
    with tempfile.TemporaryDirectory(prefix='redsynth-bench-') as tmp:
        base = Path(tmp)/'baseline'
        subprocess.run(['git', '-C', str(ROOT), 'worktree', 'add', '--detach', '-q', str(base), a.baseline], check=True)
        try:
            rev = lambda p: subprocess.run(['git', '-C', str(p), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
            dirty = ' + uncommitted changes' if subprocess.run(['git', '-C', str(ROOT), 'status', '--porcelain', '--untracked-files=no'], capture_output=True, text=True).stdout.strip() else ''
            print(f'this checkout: {ROOT} at {rev(ROOT)}{dirty}; baseline: {a.baseline} ({rev(base)})')
            cpu = _subreaper()
            print(f"\n{'rep':>3} {'workers':>7} {'this img/s':>10} {'base img/s':>10} {'ratio':>6} {'this RSS MB':>11} {'base RSS MB':>11} {'load':>5}"
                  + (f" {'this CPU s':>10} {'base CPU s':>10} {'CPU ratio':>9}" if cpu else ''))
            ratios, cratios = {w: [] for w in a.workers}, []
            for k in range(a.reps):
                (new, cn), (old, co) = _child(a, ROOT, Path(tmp)), _child(a, base, Path(tmp))
                if cpu: cratios.append(co / cn)
                for s, b in zip(new, old):
                    r = s['images_per_s'] / b['images_per_s']
                    ratios[s['workers']].append(r)
                    print(f"{k+1:>3} {s['workers']:>7} {s['images_per_s']:>10.2f} {b['images_per_s']:>10.2f} {r:>6.2f} "
                          f"{max(s['peak_rss_mb']):>11} {max(b['peak_rss_mb']):>11} {os.getloadavg()[0]:>5.1f}"
                          + (f" {cn:>10.1f} {co:>10.1f} {co/cn:>9.2f}" if cpu else ''), flush=True)
            for w, rs in ratios.items(): print(f'workers={w}: images/s ratio {min(rs):.2f}-{max(rs):.2f}, mean {sum(rs)/len(rs):.2f} over {len(rs)} pairs')
            if cratios: print(f'CPU seconds of a whole run (all processes, imports and warm-up included), base / this: {min(cratios):.2f}-{max(cratios):.2f}, mean {sum(cratios)/len(cratios):.2f}')
            print(f"stage ms (this | base, last pair): " + ', '.join(f"{k} {new[-1]['stage_ms'][k]:.1f} | {old[-1]['stage_ms'].get(k, float('nan')):.1f}" for k in new[-1]['stage_ms']))
        finally: subprocess.run(['git', '-C', str(ROOT), 'worktree', 'remove', '--force', str(base)], check=False)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=80, help='images per run')
    p.add_argument('--workers', type=int, nargs='+', default=[1, 2])
    p.add_argument('--preset', default='default'); p.add_argument('--dpi', type=float, default=100)
    p.add_argument('--size', default='mix', help="paper of generated pages: 'letter', 'a4' or 'mix'")
    p.add_argument('--format', default='jpg')
    p.add_argument('--masks', action=argparse.BooleanOptionalAction, default=True, help='write instance masks (default) or rectangles only')
    p.add_argument('--baseline', default=None, help='a git commit to compare with (checked out with git worktree add)')
    p.add_argument('--reps', type=int, default=2, help='pairs of runs with --baseline')
    p.add_argument('--json', action='store_true', help=argparse.SUPPRESS)   # a child run: print the rows as JSON
    a = p.parse_args()
    if a.dpi == int(a.dpi): a.dpi = int(a.dpi)
    if a.json:
        print(json.dumps(_rows(a)))
        return
    if not os.environ.get('PYTHONPATH'): sys.path.insert(0, str(ROOT))
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    print(f'redsynth end to end: preset={a.preset} dpi={a.dpi:g} size={a.size} format={a.format} masks={a.masks} n={a.n} | {platform.processor() or platform.machine()}, '
          f'{ncpu} cores, load average {os.getloadavg()[0]:.1f} at start')
    if a.baseline: _baseline(a)
    else:
        rows = _rows(a)
        stages = list(rows[0]['stage_ms'])
        print(f"\n{'workers':>7} {'images/s':>9} {'s/run':>7} " + ' '.join(f'{k+" ms":>11}' for k in stages) + f" {'peak RSS MB/worker':>20}")
        for s in rows:
            print(f"{s['workers']:>7} {s['images_per_s']:>9.2f} {s['seconds']:>7.1f} " + ' '.join(f"{s['stage_ms'][k]:>11.1f}" for k in stages)
                  + f" {max(s['peak_rss_mb']):>20}")
    print(f'\nload average at end {os.getloadavg()[0]:.1f} (a shared machine slows every number here)')

if __name__ == '__main__': main()

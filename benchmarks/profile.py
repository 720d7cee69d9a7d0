"""Where the time of a serial run goes: cProfile over `make_sample` + writing for N samples (one process), with the
top functions by own time and a per-stage table (page, redact, degrade, write).

    python benchmarks/profile.py                  # 100 samples, default recipe, 100 dpi
    python benchmarks/profile.py --n 50 --dpi 200 --size a4 --top 40
    python benchmarks/profile.py --out prof.pstats   # keep the raw profile (snakeviz / pstats)

The stage table is measured without the profiler (its overhead inflates small Python calls); the cProfile run follows.
"""
import sys
from pathlib import Path
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or '.').resolve() != _here]   # this file's name hides the stdlib `profile` cProfile needs
sys.path.insert(0, str(_here.parent))
import argparse, cProfile, dataclasses, io, os, pstats, tempfile, time
import numpy as np
from redsynth import dataset as D

def _run(out, n, kw):
    "Make samples 0..n-1 in this process with the dataset's own worker code; returns the stage timings of each"
    cfg = D.SynthConfig(dpi=kw['dpi'], size=kw['size'], redact=D._resolve_redact(kw['preset'], None, 0.2), degrade=kw['degrade'])
    init = (str(out), dict(formats=('coco',), image_format='jpg', quality=90, seed=0, valid_fraction=0.1, masks=True), 0,
            {f.name: getattr(cfg, f.name) for f in dataclasses.fields(cfg)}, False)
    D._setup(*init, limit_threads=True)
    return [D._do(i)[1] for i in range(n)]

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=100, help='samples')
    p.add_argument('--dpi', type=float, default=100.); p.add_argument('--size', default='mix')
    p.add_argument('--preset', default='default'); p.add_argument('--degrade', default='photocopy')
    p.add_argument('--top', type=int, default=30, help='functions to list')
    p.add_argument('--out', default=None, help='write the raw profile here')
    a = p.parse_args()
    kw = dict(dpi=int(a.dpi) if a.dpi.is_integer() else a.dpi, size=a.size, preset=a.preset, degrade=a.degrade)
    print(f'redsynth profile: n={a.n} {kw} | load average {os.getloadavg()[0]:.1f} at start')
    with tempfile.TemporaryDirectory() as tmp:
        _run(Path(tmp)/'warm', 4, kw)
        t0 = time.perf_counter()
        tim = _run(Path(tmp)/'plain', a.n, kw)
        dt = time.perf_counter() - t0
        pr = cProfile.Profile()
        pr.enable()
        _run(Path(tmp)/'prof', a.n, kw)
        pr.disable()
    stages = list(tim[0])
    print(f'\nper stage, ms per sample (no profiler; {a.n/dt:.1f} samples/s, {1000*dt/a.n:.1f} ms each):')
    for k in stages:
        v = 1000*np.array([t[k] for t in tim])
        print(f'  {k:>8} mean {v.mean():7.1f}  median {np.median(v):7.1f}  p90 {np.percentile(v, 90):7.1f}')
    if a.out: pr.dump_stats(a.out)
    for key, title in (('tottime', 'own time'), ('cumulative', 'cumulative time')):
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats(key).print_stats(a.top)
        txt = s.getvalue()
        print(f'\ntop {a.top} functions by {title} (profiled run):')
        print(txt[txt.find('   ncalls'):].rstrip())
    print(f'\nload average at end {os.getloadavg()[0]:.1f}')

if __name__ == '__main__': main()

"""Where the time of a serial run goes: cProfile over N samples made and written in one process by the dataset's own
worker code (`make_synthetic_dataset` with `workers=1`), with a per-stage table and the top functions by own time.

    python benchmarks/profile.py                  # 100 samples, default recipe, 100 dpi
    python benchmarks/profile.py --n 50 --dpi 200 --size a4 --top 40
    python benchmarks/profile.py --out prof.pstats   # keep the raw profile (snakeviz / pstats)
    python benchmarks/profile.py --n 150 --page-redact   # only CPU ms of the page and redact stages (no wear, no writing, no profile)
    python benchmarks/profile.py --n 60 --stages     # only the stage table (no profiled run); `--json` prints it as one json line

The stage table comes from a run without the profiler (its overhead inflates small Python calls), in wall and CPU
milliseconds (CPU time is what other jobs on a shared machine disturb least). The profile counts CPU time too.
"""
import sys
from pathlib import Path
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or '.').resolve() != _here]   # this file's name hides the stdlib `profile` cProfile needs
import argparse, cProfile, functools, io, os, pstats, tempfile, time, warnings
warnings.filterwarnings('ignore', message='the valid split is empty')   # short runs
if not os.environ.get('PYTHONPATH'): sys.path.insert(0, str(_here.parent))   # this checkout, unless PYTHONPATH names one
import numpy as np
from redsynth import dataset as D
from redsynth.coco import DatasetWriter

STAGES = dict(page='_base_page', redact='redact', degrade='degrade')   # names the dataset module calls, timed by wrapping

def _timed(f, key, acc):
    @functools.wraps(f)
    def g(*a, **kw):
        t, c = time.perf_counter(), time.process_time()
        try: return f(*a, **kw)
        finally: acc[key].append((time.perf_counter() - t, time.process_time() - c))
    return g

def _run(out, n, kw, acc=None):
    "Make and write samples 0..n-1 in this process (`make_synthetic_dataset` with one worker); `acc` collects (wall, cpu) per stage"
    import inspect
    new = 'recipe' in inspect.signature(D.make_synthetic_dataset).parameters   # after the recipe: marks=, wear=
    names = dict(marks=kw['preset'], wear=kw['degrade']) if new else dict(preset=kw['preset'], degrade=kw['degrade'])
    names = {k: v for k, v in names.items() if v is not None}   # None: the recipe's default
    saved = {k: getattr(D, k) for k in STAGES.values()}
    add = DatasetWriter.add
    if acc is not None:
        for s, k in STAGES.items(): setattr(D, k, _timed(saved[k], s, acc))
        DatasetWriter.add = _timed(add, 'write', acc)
    try: D.make_synthetic_dataset(out, n=n, seed=0, workers=1, dpi=kw['dpi'], size=kw['size'], progress=False, **names)
    finally:
        for k, f in saved.items(): setattr(D, k, f)
        DatasetWriter.add = add

def _page_redact(n, kw) -> dict:
    "CPU seconds of `_base_page` and `redact` for samples 0..n-1 of seed 0, drawn as `make_sample` draws them (no wear, no writing)"
    import warnings
    from redsynth.redactions import redact
    r = D.Recipe(dpi=kw['dpi'], size=kw['size'])
    acc = {'page': [], 'redact': []}
    for i in range(-3, n):   # three warm-up samples first (imports, fonts, Faker)
        rng = np.random.default_rng(np.random.SeedSequence([0, max(i, 0)]))
        c0 = time.process_time()
        page, kind = D._base_page(rng, r, ())
        c1 = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            redact(page, rng, r.lookalike_config if kind == 'lookalike' else r.mark_config)
        if i >= 0: acc['page'].append(c1 - c0); acc['redact'].append(time.process_time() - c1)
    return acc

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=100, help='samples')
    p.add_argument('--dpi', type=float, default=100.); p.add_argument('--size', default='mix')
    p.add_argument('--preset', default=None, help='marks preset (default: the recipe\'s)'); p.add_argument('--degrade', default=None, help='wear (default: the recipe\'s)')
    p.add_argument('--top', type=int, default=30, help='functions to list')
    p.add_argument('--out', default=None, help='write the raw profile here')
    p.add_argument('--page-redact', action='store_true', help='only the CPU ms of the page and redact stages, default recipe (no wear, writing or profile)')
    p.add_argument('--stages', action='store_true', help='only the stage table, no profiled run')
    p.add_argument('--json', action='store_true', help='with --stages: one json line {stage: mean CPU ms, ..., total: CPU ms a sample}')
    a = p.parse_args()
    kw = dict(dpi=int(a.dpi) if a.dpi.is_integer() else a.dpi, size=a.size, preset=a.preset, degrade=a.degrade)
    print(f'redsynth profile ({D.__file__}): n={a.n} {kw} | load average {os.getloadavg()[0]:.1f} at start')
    if a.page_redact:
        for k, v in _page_redact(a.n, kw).items(): print(f'{k:>8} {1000*np.mean(v):8.2f} ms CPU a sample (p90 {1000*np.percentile(v, 90):.1f})')
        return
    acc = {k: [] for k in [*STAGES, 'write']}
    with tempfile.TemporaryDirectory() as tmp:
        _run(Path(tmp)/'warm', 4, kw)
        t0, c0 = time.perf_counter(), time.process_time()
        _run(Path(tmp)/'plain', a.n, kw, acc)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        if a.stages and a.json:
            import json
            print(json.dumps(dict({k: 1000*float(np.mean([c for _, c in v])) for k, v in acc.items()}, total=1000*cpu/a.n)))
            return
        pr = cProfile.Profile(time.process_time)
        if not a.stages:
            pr.enable()
            _run(Path(tmp)/'prof', a.n, kw)
            pr.disable()
    print(f'\n{a.n/dt:.1f} samples/s, {1000*dt/a.n:.1f} ms wall and {1000*cpu/a.n:.1f} ms CPU a sample (no profiler)')
    print(f"{'stage':>8} {'wall ms':>8} {'CPU ms':>8} {'CPU p90':>8} {'CPU share':>9}")
    for k, v in acc.items():
        w, c = 1000*np.array(v).T
        print(f'{k:>8} {w.mean():8.1f} {c.mean():8.1f} {np.percentile(c, 90):8.1f} {c.sum()/1000/cpu:9.0%}')
    if a.stages: return
    if a.out: pr.dump_stats(a.out)
    for key, title in (('tottime', 'own CPU time'), ('cumulative', 'cumulative CPU time')):
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats(key).print_stats(a.top)
        txt = s.getvalue()
        print(f'\ntop {a.top} functions by {title} (profiled run, {a.n} samples):')
        print(txt[txt.find('   ncalls'):].rstrip())
    print(f'\nload average at end {os.getloadavg()[0]:.1f}')

if __name__ == '__main__': main()

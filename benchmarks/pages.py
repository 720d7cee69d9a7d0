#!/usr/bin/env python
"""Milliseconds per generated page, per layout and dpi, split into the stages of `make_page`:
layout (drawing; for borb reports: borb's layout and PDF writing), rasterize (`PageCanvas.render`: straight from the
drawing since issue 23; before, the finished page's `get_pixmap`), text extraction (words/lines/blocks, regions, drawn
marks), and, not part of `make_page` (a page's PDF is written only when a true PDF redaction asks for it), the PDF write
(PyMuPDF `tobytes` with font subsetting).
Also: whole `make_page` calls with random layouts, and `pages_from_pdfs` on the real fixtures.

Usage: python benchmarks/pages.py [--n 6] [--dpis 100 150] [--cpu]     (default run well under 60 s on one core)
`--cpu`: the stage columns in CPU (process) time instead of wall time, which other jobs on a shared machine disturb least.

    python benchmarks/pages.py --baseline /work/wt/base [--n 10] [--dpis 100] [--size mix] [--reps 2]

`--baseline`: this checkout against another one (e.g. a `git worktree` at an older commit), both loaded in this process
and run in turn page by page (old, new, old, ...) on the same seeds: CPU ms per layout and stage of each and the ratio
old / new, and the same for whole `make_page` calls with random layouts as the dataset draws them (100 pages a dpi).
"""
import argparse, importlib.util, time, statistics, sys
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from redsynth import layouts as P
from redsynth import real as R

def stages(layout, engine, seed, dpi, size='letter', clock=time.perf_counter, P=P):
    "Seconds for each stage of one page (on `clock`): layout, raster, extract, PDF write; then the CPU seconds of the first three; `P`: the `layouts` module to run"
    rng = np.random.default_rng(seed)
    c0 = time.process_time()
    t0 = clock(); c = P._layout(rng, layout, size, engine)
    t1 = clock(); img = c.render(dpi) if hasattr(c, 'render') else P.rasterize(c.page, dpi)   # before issue 23: a finished canvas
    t2 = clock(); c.elements(dpi)
    t3 = clock(); cpu = time.process_time() - c0
    P._pdf_bytes(c)
    t4 = clock()
    return np.r_[np.diff([t0, t1, t2, t3, t4]), cpu]

def load_as(root, name='redsynth_base'):
    "The `redsynth` package of the checkout at `root`, imported under `name` (its modules import each other relatively)"
    spec = importlib.util.spec_from_file_location(name, Path(root)/'redsynth'/'__init__.py', submodule_search_locations=[str(Path(root)/'redsynth')])
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return importlib.import_module(f'{name}.layouts')

def versus(base, a):
    "Both checkouts in turn page by page: CPU ms per layout and stage, and of `make_page` with random layouts"
    from redsynth import dataset as D
    old = load_as(base)
    print(f'old: {old.__file__}\nnew: {P.__file__}')
    odata = importlib.import_module('redsynth_base.dataset')
    run = lambda L, *args: stages(*args, clock=time.process_time, P=L)
    for s in range(3):   # warm up both
        for l in P.LAYOUTS:
            for L in (old, P): run(L, l, 'pymupdf', 1000 + s, 100)
    for L in (old, P): run(L, 'report', 'borb', 999, 100)
    rows = [(l, 'pymupdf') for l in P.LAYOUTS] + [('report', 'borb')]
    print(f"{'layout':<16}{'dpi':>5}{'layout':>14}{'raster':>12}{'extract':>12}{'pdf':>12}{'cpu':>14}{'old/new':>9}   (CPU ms per page, old / new, mean of {a.n} x {a.reps}; cpu: the first three, the PDF write is not part of make_page)")
    for dpi in a.dpis:
        for layout, eng in rows:
            t = {id(old): [], id(P): []}
            for rep in range(a.reps):
                for s in range(a.n):
                    for L in ((old, P) if (s + rep) % 2 == 0 else (P, old)): t[id(L)].append(run(L, layout, eng, s, dpi, 'letter' if a.size == 'mix' else a.size))
            o, n = (np.mean(t[id(L)], 0) * 1000 for L in (old, P))
            name = layout + (' (borb)' if eng == 'borb' else '')
            print(f"{name:<16}{dpi:>5.0f}" + ''.join(f"{x:>6.1f} / {y:<5.1f}" for x, y in zip(o[:4], n[:4])) + f"{o[4]:>7.1f} / {n[4]:<6.1f}{o[4]/n[4]:>6.2f}")
    for dpi in a.dpis:   # make_page as the dataset calls it (default recipe, paper `a.size`): samples 0..99 of seed 0
        t = {id(odata): 0., id(D): 0.}
        for rep in range(a.reps):
            for i in range(100):
                for M in ((odata, D) if (i + rep) % 2 == 0 else (D, odata)):
                    r, rng = M.Recipe(dpi=dpi, size=a.size), np.random.default_rng(np.random.SeedSequence([0, i]))
                    c0 = time.process_time(); M._base_page(rng, r, ()); t[id(M)] += time.process_time() - c0
        o, n = (t[id(M)] / (100 * a.reps) * 1000 for M in (odata, D))
        print(f"_base_page (default recipe, size {a.size}), {dpi:.0f} dpi: {o:.1f} / {n:.1f} CPU ms a page (old / new), {o/n:.2f}x, over {100*a.reps} pages each")

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=6, help='pages per layout and dpi')
    ap.add_argument('--dpis', type=float, nargs='+', default=[100, 150])
    ap.add_argument('--cpu', action='store_true', help='stage columns in CPU (process) time instead of wall time')
    ap.add_argument('--baseline', default=None, help='another checkout to run against this one, interleaved (CPU times)')
    ap.add_argument('--size', default='mix', help="paper with --baseline: of `_base_page` (the per-layout rows: letter for 'mix')")
    ap.add_argument('--reps', type=int, default=2, help='rounds over the seeds with --baseline')
    a = ap.parse_args()
    if a.baseline: return versus(a.baseline, a)
    for s in range(3):   # warm up: imports, font caches, Faker, borb
        for l in P.LAYOUTS: stages(l, 'pymupdf', 1000 + s, 100)
    stages('report', 'borb', 999, 100)
    rows = [(l, 'pymupdf') for l in P.LAYOUTS] + [('report', 'borb')]
    print(f"{'layout':<16}{'dpi':>5}{'layout':>9}{'raster':>8}{'extract':>9}{'pdf':>8}{'total':>8}{'cpu':>8}   ({'CPU' if a.cpu else 'wall'} ms per page, mean of {a.n}; total and cpu (process time, steadier on a busy machine): make_page's first three)")
    for dpi in a.dpis:
        for layout, eng in rows:
            t = np.mean([stages(layout, eng, s, dpi, clock=time.process_time if a.cpu else time.perf_counter) for s in range(a.n)], 0) * 1000
            name = layout + (' (borb)' if eng == 'borb' else '')
            print(f"{name:<16}{dpi:>5.0f}{t[0]:>9.1f}{t[1]:>8.1f}{t[2]:>9.1f}{t[3]:>8.1f}{t[:3].sum():>8.1f}{t[4]:>8.1f}")
    for dpi in a.dpis:
        n = a.n * 6; t0, c0 = time.perf_counter(), time.process_time()
        for s in range(n): P.make_page(s, dpi=dpi)
        print(f"make_page, random layouts (engine='auto'), {dpi:.0f} dpi: {(time.perf_counter()-t0)/n*1000:.1f} ms/page wall, "
              f"{(time.process_time()-c0)/n*1000:.1f} ms cpu, over {n} pages")
    real = Path(__file__).resolve().parents[2] / 'shared/fixtures/real_pdfs'
    if real.exists():
        t0 = time.perf_counter(); ps = list(R.pages_from_pdfs(real)); dt = time.perf_counter() - t0
        print(f"pages_from_pdfs on {real}: {len(ps)} pages, {dt/len(ps)*1000:.1f} ms/page at 100 dpi")
    else: print(f"(no real PDFs at {real})")

if __name__ == '__main__': main()

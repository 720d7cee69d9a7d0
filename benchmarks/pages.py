#!/usr/bin/env python
"""Milliseconds per generated page, per layout and dpi, split into the stages of `make_page`:
layout (drawing; for borb reports: borb's layout and PDF writing), PDF write (PyMuPDF `tobytes` with font subsetting),
rasterize (`get_pixmap`) and text extraction (words/lines/blocks, regions, drawn marks).
Also: whole `make_page` calls with random layouts, and `pages_from_pdfs` on the real fixtures.

Usage: python benchmarks/pages.py [--n 6] [--dpis 100 150]      (default run well under 60 s on one core)
"""
import argparse, time, statistics, sys
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from redsynth import layouts as P
from redsynth import real as R

def stages(layout, engine, seed, dpi, size='letter'):
    "Seconds for each stage of one page"
    rng = np.random.default_rng(seed)
    c0 = time.process_time()
    t0 = time.perf_counter(); c = P._layout(rng, layout, size, engine)
    t1 = time.perf_counter(); P._pdf_bytes(c)
    t2 = time.perf_counter(); img = P.rasterize(c.page, dpi)
    t3 = time.perf_counter(); c.elements(dpi)
    t4 = time.perf_counter()
    return np.r_[np.diff([t0, t1, t2, t3, t4]), time.process_time() - c0]

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=6, help='pages per layout and dpi')
    ap.add_argument('--dpis', type=float, nargs='+', default=[100, 150])
    a = ap.parse_args()
    for s in range(3):   # warm up: imports, font caches, Faker, borb
        for l in P.LAYOUTS: stages(l, 'pymupdf', 1000 + s, 100)
    stages('report', 'borb', 999, 100)
    rows = [(l, 'pymupdf') for l in P.LAYOUTS] + [('report', 'borb')]
    print(f"{'layout':<16}{'dpi':>5}{'layout':>9}{'pdf':>8}{'raster':>8}{'extract':>9}{'total':>8}{'cpu':>8}   (ms per page, mean of {a.n}; cpu = process time, steadier on a busy machine)")
    for dpi in a.dpis:
        for layout, eng in rows:
            t = np.mean([stages(layout, eng, s, dpi) for s in range(a.n)], 0) * 1000
            name = layout + (' (borb)' if eng == 'borb' else '')
            print(f"{name:<16}{dpi:>5.0f}{t[0]:>9.1f}{t[1]:>8.1f}{t[2]:>8.1f}{t[3]:>9.1f}{t[:4].sum():>8.1f}{t[4]:>8.1f}")
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

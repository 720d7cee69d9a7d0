#!/usr/bin/env python
"""Milliseconds per page of `find_text_pixels` (text from pixels) on one core, and (with --recall) its word and line recall.

Speed: generated pages of every layout at 100 dpi Letter and 200 dpi A4, clean and after the `scan` wear;
`cv2.setNumThreads(1)`. Recall: words and lines found at IoU 0.5 against the true text layer, pooled over the pages
(each page weighted by its true words/lines): generated pages clean, after `scan` and `photocopy`, and the real court
PDFs of ../shared/fixtures/real_pdfs at 100 and 200 dpi.

Usage: python benchmarks/textfind.py [--n 2] [--recall] [--seeds 10] [--real FOLDER]
"""
import argparse, statistics, sys, time
from pathlib import Path
import numpy as np, cv2, pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from redsynth.bbox import Bbox
from redsynth.page import Element, Page, pdf_text_elements, rasterize
from redsynth.layouts import LAYOUTS, make_page
from redsynth.marks import Annotation
from redsynth.wear import degrade
from redsynth.textfind import find_text_pixels, text_recall, truth_boxes

REAL = Path(__file__).resolve().parents[2]/'shared/fixtures/real_pdfs'

def worn(page, rng, preset):
    "The page after `degrade`, and a copy whose true word boxes moved with it (its lines are the rows they make)"
    anns = [Annotation(Bbox(*b), 'word') for b in truth_boxes(page)]
    d = degrade(page.image, anns, rng, preset=preset)
    return d.image, Page(d.image, page.dpi, page.content, [Element(a.bbox, a.category) for a in d.anns])

def ms(images, dpi, reps=3):
    "Median CPU and wall milliseconds per page over `images`"
    cpu, wall = [], []
    for im in images:
        find_text_pixels(im, dpi)
        for _ in range(reps):
            c, w = time.process_time(), time.perf_counter()
            find_text_pixels(im, dpi)
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - w)
    return statistics.median(cpu)*1000, statistics.median(wall)*1000

def pooled(rows):
    r = np.array([(s['word'], s['line'], s['n_word'], s['n_line']) for s in rows], float)
    w, l = ~np.isnan(r[:, 0]), ~np.isnan(r[:, 1])
    return np.average(r[w, 0], weights=r[w, 2]), np.average(r[l, 1], weights=r[l, 3]), len(r)

def pdf_page(path, dpi):
    with pymupdf.open(path) as doc:
        img = rasterize(doc[0], dpi)
        return Page(img, float(dpi), Bbox(0, 0, img.shape[1], img.shape[0]), pdf_text_elements(doc[0], dpi)[0], str(path))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=2, help='pages per layout for the speed table')
    ap.add_argument('--recall', action='store_true', help='also measure recall (a few minutes)')
    ap.add_argument('--seeds', type=int, default=10, help="pages per layout for recall (110 pages a wear: with 5 the photocopy word figure moved by 0.1 between seeds 0-4 and 5-9)")
    ap.add_argument('--real', type=Path, default=REAL, help='folder of real PDFs with a text layer (default: ../shared/fixtures/real_pdfs beside the project)')
    a = ap.parse_args()
    cv2.setNumThreads(1)
    print(f"{'page':<28}{'pixels':>12}{'cpu ms':>9}{'wall ms':>9}   (median over {a.n} pages x {len(LAYOUTS)} layouts, 1 thread)")
    for size, dpi in (('letter', 100), ('a4', 200)):
        pages = [make_page(s, layout=l, dpi=dpi, size=size, keep_pdf=False) for l in LAYOUTS for s in range(a.n)]
        for wear in ('none', 'scan'):
            ims = [p.image if wear == 'none' else degrade(p.image, [], np.random.default_rng(i), preset=wear).image for i, p in enumerate(pages)]
            c, w = ms(ims, dpi)
            h, wd = ims[0].shape[:2]
            print(f"{f'{size} {dpi} dpi, {wear}':<28}{f'{wd}x{h}':>12}{c:>9.1f}{w:>9.1f}")
    if not a.recall: return
    print(f"\n{'pages':<28}{'word':>8}{'line':>8}{'n':>5}   (recall at IoU 0.5)")
    rows = {'generated, clean': [], 'generated, scan': [], 'generated, photocopy': []}
    per_layout = {}
    for l in LAYOUTS:
        for s in range(a.seeds):
            p = make_page(s, layout=l, keep_pdf=False)
            per_layout.setdefault((l, 'clean'), []).append(text_recall(p, find_text_pixels(p.image, p.dpi)))
            for preset in ('scan', 'photocopy'):
                wi, wt = worn(p, np.random.default_rng([s, LAYOUTS.index(l), 7]), preset)   # each page its own wear
                per_layout.setdefault((l, preset), []).append(text_recall(wt, find_text_pixels(wi, p.dpi)))
    for (l, wear), v in per_layout.items(): rows[f'generated, {wear}'] += v
    if a.real.exists():
        for dpi in (100, 200):
            rows[f'real PDFs, {dpi} dpi'] = [text_recall(p, find_text_pixels(p.image, dpi)) for p in (pdf_page(f, dpi) for f in sorted(a.real.glob('*.pdf')))]
    for k, v in rows.items():
        w, l, n = pooled(v)
        print(f"{k:<28}{w:>8.3f}{l:>8.3f}{n:>5}")
    print(f"\n{'layout (word/line)':<20}" + ''.join(f"{w:>14}" for w in ('clean', 'scan', 'photocopy')))
    for l in LAYOUTS:
        print(f"{l:<20}" + ''.join("%8.3f/%.3f" % pooled(per_layout[(l, w)])[:2] for w in ('clean', 'scan', 'photocopy')))

if __name__ == '__main__': main()

"""Milliseconds per page for `redact`, one style at a time, at 100 dpi.

    python benchmarks/redact.py [--pages 12] [--reps 3] [--dpi 100]

Pages come from `make_page` (all layouts) and are made before timing; each row times `redact` on every page
`reps` times with a config holding that one style (negative_share=0, 1-8 target draws per page). Columns: the
median time of one `redact` call, and the mean over pages of the fastest repetition (less sensitive to a
shared machine).
"""
import argparse, sys, tempfile, time, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run from a checkout without installing
import numpy as np
from PIL import Image
from redsynth import make_page, LAYOUTS
from redsynth.redactions import redact
from redsynth.marks import RedactConfig, STYLES

def snippet_dir() -> Path:
    "A temp folder with a few snippet images (a black bar, a signature-like curve, a stamp with alpha)"
    d = Path(tempfile.mkdtemp()); rng = np.random.default_rng(0)
    bar = np.full((30, 160, 3), 250, np.uint8); bar[4:26, 5:155] = 12; Image.fromarray(bar).save(d/'bar.png')
    sig = np.full((60, 200, 3), 255, np.uint8); x = np.arange(10, 190)
    sig[(30 + 15*np.sin(x/9)).astype(int), x] = 20; Image.fromarray(sig).save(d/'sig.png')
    st = np.zeros((100, 100, 4), np.uint8); yy, xx = np.ogrid[:100, :100]; ring = abs(np.hypot(yy-50, xx-50) - 44) < 4
    st[ring] = (200, 20, 20, 230); Image.fromarray(st).save(d/'stamp.png')
    return d

def bench(pages, cfg, reps:int) -> tuple:
    "(median ms per page, best-rep ms per page, redaction boxes per page)"
    n_ann, ts = 0, []
    for r in range(reps):
        for i, p in enumerate(pages):
            t = time.perf_counter(); n_ann += len(redact(p, np.random.default_rng([r, i]), cfg)[1]) - 1
            ts.append(time.perf_counter() - t)
    ts = np.array(ts).reshape(reps, len(pages))*1000
    return np.median(ts), ts.mean(1).min(), n_ann/(reps*len(pages))

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--pages', type=int, default=12)
    ap.add_argument('--reps', type=int, default=3); ap.add_argument('--dpi', type=float, default=100)
    a = ap.parse_args()
    pages = [make_page(np.random.default_rng(i), layout=LAYOUTS[i % len(LAYOUTS)], dpi=a.dpi) for i in range(a.pages)]
    snips = snippet_dir()
    rows = [(st, RedactConfig(styles={st: 1}, snippet_dir=snips if st == 'snippet' else None, negative_share=0)) for st in STYLES]
    rows += [('preset default', RedactConfig.preset('default')), ('preset hard', RedactConfig.preset('hard'))]
    bench(pages[:2], rows[0][1], 1)   # warm up fonts and caches
    print(f"redact at {a.dpi:g} dpi, {len(pages)} pages x {a.reps} reps, pages {pages[0].image.shape[1]}x{pages[0].image.shape[0]}")
    print(f"{'style':<16}{'median ms':>10}{'best-rep ms':>12}{'marks/page':>12}")
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for name, cfg in rows:
            med, best, n = bench(pages, cfg, a.reps); print(f"{name:<16}{med:>10.2f}{best:>12.2f}{n:>12.1f}")

if __name__ == '__main__': main()

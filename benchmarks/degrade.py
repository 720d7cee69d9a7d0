"""Speed of `redsynth.wear`: ms per page for each preset at 100 and 150 dpi, and the cost of each effect.

Usage: python benchmarks/degrade.py [--n 15] [--dpis 100 150] [--gray]
Runs on one core (OpenCV threads off) and reports CPU time (process_time), median over pages. Pages are US letter, RGB (as `make_page` makes them) unless --gray.
"""
import os
os.environ.setdefault('OMP_NUM_THREADS', '1'); os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import argparse, statistics, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run from a checkout without installing
import numpy as np, cv2
from PIL import Image, ImageDraw, ImageFont
cv2.setNumThreads(1)
from redsynth.bbox import Bbox
from redsynth.marks import Annotation
from redsynth import wear as D

def test_page(dpi:float, seed:int=0, gray:bool=False, colour:bool=False):
    "A letter page at `dpi` with text lines and 12 black or bordered boxes, and their annotations"
    r = np.random.default_rng(seed); w, h = round(8.5*dpi), round(11*dpi)
    im = Image.new('RGB', (w, h), 'white'); d = ImageDraw.Draw(im)
    font = ImageFont.truetype('DejaVuSans.ttf', round(0.13*dpi))
    words = 'the court finds that plaintiff filed account number date of birth address motion exhibit'.split()
    for y in range(int(h*.08), int(h*.92), round(0.22*dpi)):
        d.text((int(w*.1), y), ' '.join(r.choice(words, 12)), fill=(20, 20, 20), font=font)
    anns = []
    for i in range(12):
        x0, y0 = int(w*(.12 + .05*(i % 7))), int(h*(.1 + .065*i)); b = (x0, y0, x0 + int(dpi*(.9 + .2*(i % 5))), y0 + int(.17*dpi))
        d.rectangle((b[0], b[1], b[2]-1, b[3]-1), fill='black' if i % 2 else 'white', outline='black', width=2)
        anns.append(Annotation(Bbox(*b)))
    if colour: d.rectangle((int(w*.1), int(h*.02), int(w*.9), int(h*.06)), fill=(30, 60, 160))   # a blue letterhead
    a = np.asarray(im)
    return (cv2.cvtColor(a, cv2.COLOR_RGB2GRAY) if gray else a), anns

def ms_per_call(f, n:int) -> float:
    "Median CPU ms of `n` calls (after one warm-up); CPU time, so other processes on a shared machine matter less"
    f(); ts = []
    for _ in range(n):
        t = time.process_time(); f(); ts.append(time.process_time() - t)
    return 1000 * statistics.median(ts)

EFFECTS = [  # (effect, params): mid-range values of the photocopy preset; geometry at 1.5 degrees
    (D.toner, dict(fade=0.1, uneven=0.15, cell=48)), (D.bleed_through, dict(alpha=0.08)),
    (D.paper, dict(tone=0.9, texture=0.04, fibre=0.02)), (D.punch_holes, dict(n=3)),
    (D.geometry, dict(rotate=1.5, shear=0.01, scale=0.02, shift=0.01)),
    (D.geometry, dict(rotate=3, shear=0.02, scale=0.04, shift=0.02, perspective=0.01)),
    (D.shadow, dict(strength=0.2)), (D.dark_border, dict(width=0.015, sides=1)), (D.blur, dict(sigma=0.7)),
    (D.noise, dict(amount=0.05)), (D.salt_pepper, dict(density=0.001)), (D.binarize, dict(threshold=0.55)),
    (D.jpeg, dict(quality=60)),
]

def bench_presets(dpis, n:int, gray:bool, main_only:bool=False, note:str=''):
    print(f"\nCPU ms per page, {'grey' if gray else 'RGB'} input, median of {n} pages (one core){note}")
    print("(pages are neutral black-on-white unless marked 'colour page': a blue letterhead)")
    print(f"{'preset':<11}" + ''.join(f"{str(d)+' dpi':>10}" for d in dpis))
    def row(name, **page_kw):
        res = []
        for dpi in dpis:
            page, anns = test_page(dpi, **page_kw); rng = np.random.default_rng(0)
            res.append(ms_per_call(lambda: D.degrade(page, anns, rng, name), n))
        return ''.join(f"{v:>10.1f}" for v in res)
    for name in D.PRESETS: print(f"{name:<11}" + row(name, gray=gray))
    if gray or main_only: return
    for name in D.PRESETS: print(f"{name + ', colour page':<24}" + row(name, colour=True))
    extra = {'photocopy, guard off': lambda dpi: (test_page(dpi), dict(guard=False))}
    try:
        from redsynth import make_page
        from redsynth.redactions import redact
        def generated(dpi):
            rng = np.random.default_rng(1); return redact(make_page(rng, dpi=dpi), rng), {}
        extra['photocopy, generated page'] = generated
    except ImportError as e: print(f"(no generated-page row: {e})")
    for label, make in extra.items():
        row = []
        for dpi in dpis:
            (page, anns), kw = make(dpi); rng = np.random.default_rng(0)
            row.append(ms_per_call(lambda: D.degrade(page, anns, rng, 'photocopy', **kw), n))
        print(f"{label:<24}" + ''.join(f"{v:>10.1f}" for v in row))

def bench_effects(dpi:float, n:int):
    page, anns = test_page(dpi); g = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    boxes = np.array([a.bbox.to_xyxy() for a in anns]); rng = np.random.default_rng(0)
    print(f"\nCPU ms per call of each effect at {dpi} dpi on the float working image (grey: 1 channel, RGB: 3)")
    print(f"{'effect':<14}{'grey':>8}{'RGB':>8}  params")
    for fn, kw in EFFECTS:
        cost = [ms_per_call(lambda: fn(D.to_float(im), rng, boxes, **kw), n) for im in (g, page)]
        print(f"{fn.__name__:<14}{cost[0]:>8.1f}{cost[1]:>8.1f}  {kw}")
    conv = [ms_per_call(lambda: D.to_float(im), n) for im in (g, page)]
    print(f"{'(to_float)':<14}{conv[0]:>8.1f}{conv[1]:>8.1f}  (included above; a pipeline converts once)")

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=15, help='pages (or calls) per measurement')
    p.add_argument('--dpis', type=float, nargs='+', default=[100, 150])
    p.add_argument('--gray', action='store_true', help='grey input pages instead of RGB')
    a = p.parse_args()
    t = time.perf_counter()
    bench_presets(a.dpis, a.n, a.gray)
    bench_effects(a.dpis[0], a.n)
    if D.tune_malloc(): bench_presets(a.dpis, a.n, a.gray, main_only=True, note=', after tune_malloc()')
    print(f"\ntotal {time.perf_counter() - t:.0f} s")

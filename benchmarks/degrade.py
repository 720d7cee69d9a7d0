"""Speed of `redsynth.wear`: ms per page for each preset at 100 and 150 dpi, and the cost of each effect.

Usage: python benchmarks/degrade.py [--n 15] [--dpis 100 150] [--gray]
       python benchmarks/degrade.py --baseline c303c20 [--n 20]   # this wear.py against a commit's, interleaved (issue 23)
       python benchmarks/degrade.py --baseline c303c20 --look [--n 20] [--dpi 100 --size letter]   # and their look
Runs on one core (OpenCV threads off) and reports CPU time (process_time), median over pages. Pages are US letter, RGB (as `make_page` makes them) unless --gray.
With --baseline, the commit's `redsynth/wear.py` is loaded beside this checkout's (everything else is this checkout's) and
both degrade the same `n` generated pages (`make_page` + `redact`, seeds 1000...) with the same rng, page by page in
turn (this, commit, commit, this, ...): the table gives the mean CPU ms per page of each, at 100 dpi Letter and
200 dpi A4, per preset and mix. --look instead measures `compare.wear_features` of both sets of worn pages: per
feature the two medians and the distance `compare_datasets` would report between them (Wasserstein over the
commit's spread).
"""
import os
os.environ.setdefault('OMP_NUM_THREADS', '1'); os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import argparse, importlib.util, statistics, subprocess, sys, time
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

ROOT = Path(__file__).resolve().parents[1]

def load_wear(rev:str):
    "`redsynth/wear.py` as it was at the git commit `rev`, as the module `redsynth._wear_<rev>` (its imports are this checkout's)"
    src = subprocess.run(['git', '-C', str(ROOT), 'show', f'{rev}:redsynth/wear.py'], capture_output=True, text=True, check=True).stdout
    name = f'redsynth._wear_{rev}'
    mod = importlib.util.module_from_spec(importlib.util.spec_from_loader(name, loader=None))
    mod.__package__ = 'redsynth'
    sys.modules[name] = mod
    exec(compile(src, f'{rev}:redsynth/wear.py', 'exec'), mod.__dict__)
    return mod

def generated_pages(dpi:float, size:str, n:int) -> list:
    "`n` generated pages with their marks, `(image, anns)`: `make_page` + `redact` with seeds 1000, 1001, ..."
    from redsynth import make_page
    from redsynth.redactions import redact
    out = []
    for s in range(n):
        rng = np.random.default_rng(1000 + s)
        out.append(redact(make_page(rng, dpi=dpi, size=size), rng))
    return out

PAGES = ((100, 'letter'), (200, 'a4'))
ROWS = [*D.PRESETS, 'scanned', 'mixed']   # presets and two mixes; the recipe's default wear is photocopy

def bench_versions(base, n:int, reps:int=2):
    "Mean CPU ms per page of `degrade`, this checkout against `base`, interleaved page by page"
    print(f"\nCPU ms per page of degrade, mean of {n} generated pages x {reps} (one core): this checkout / {base.__name__}")
    print(f"{'preset':<11}" + ''.join(f"{f'{d} dpi {s}':>30}" for d, s in PAGES))
    sets = {k: generated_pages(*k, n) for k in PAGES}
    D.tune_malloc()   # as the dataset's workers do
    for name in ROWS:
        cells = []
        for k in PAGES:
            t = {D: 0., base: 0.}
            for r in range(reps):
                for i, (img, anns) in enumerate(sets[k]):
                    for m in ((D, base) if (i + r) % 2 == 0 else (base, D)):
                        rng = np.random.default_rng(i)
                        c = time.process_time()
                        m.degrade(img, anns, rng, name)
                        t[m] += time.process_time() - c
            new, old = (1000 * t[m] / (n * reps) for m in (D, base))
            cells.append(f"{new:>9.1f} / {old:>6.1f} = {old/new:4.2f}x")
        print(f"{name:<11}" + ''.join(f"{c:>30}" for c in cells))

def look(base, n:int, dpi:float, size:str, presets=('light', 'scan', 'photocopy', 'heavy')):
    "Per preset and `WEAR_FEATURES`: medians over `n` pages worn by this checkout and by `base`, and their distance"
    from redsynth.compare import WEAR_FEATURES, wear_features, _w1
    pages = generated_pages(dpi, size, n)
    print(f"\nWear features of {n} generated pages at {dpi:g} dpi {size}: median this / {base.__name__}, distance (W1 over "
          f"the spread of {base.__name__}'s); in brackets the distance of {base.__name__} to itself with other seeds (chance)")
    print(f"{'preset':<11}" + ''.join(f"{f:>28}" for f in WEAR_FEATURES))
    def feats(m, seed0):
        rows = []
        for i, (img, anns) in enumerate(pages):
            d = m.degrade(img, anns, np.random.default_rng(seed0 + i), name)
            rows.append(wear_features(d.image, np.array([a.bbox.to_xyxy() for a in d.anns]).reshape(-1, 4)))
        return np.array(rows)
    for name in presets:
        new, old, other = feats(D, 0), feats(base, 0), feats(base, 10_000)
        cells = [f"{np.median(new[:, j]):.3g} / {np.median(old[:, j]):.3g}, {_w1(old[:, j], new[:, j]):.2f} ({_w1(old[:, j], other[:, j]):.2f})"
                 for j in range(len(WEAR_FEATURES))]
        print(f"{name:<11}" + ''.join(f"{c:>28}" for c in cells))
    print(f"\nEvery step applied (p = 1, binarize off), the same draws up to the grain: mean difference this - {base.__name__}")
    print(f"{'preset':<11}" + ''.join(f"{f:>11}" for f in WEAR_FEATURES))
    def forced(m, name):
        steps = [m.Step(s.fn, 0 if s.fn.__name__ == 'binarize' else 1, s.params) for s in m.PRESETS[name].steps]
        return m.Pipeline(steps, m.PRESETS[name].gray)
    for name in presets:
        d = [wear_features(forced(D, name).apply(img, b, np.random.default_rng(i))[0], b) -
             wear_features(forced(base, name).apply(img, b, np.random.default_rng(i))[0], b)
             for i, (img, anns) in enumerate(pages) for b in [np.array([a.bbox.to_xyxy() for a in anns]).reshape(-1, 4)]]
        print(f"{name:<11}" + ''.join(f"{v:>11.3f}" for v in np.mean(d, 0)))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=15, help='pages (or calls) per measurement')
    p.add_argument('--dpis', type=float, nargs='+', default=[100, 150])
    p.add_argument('--gray', action='store_true', help='grey input pages instead of RGB')
    p.add_argument('--baseline', default=None, help='a git commit whose wear.py to compare with (issue 23)')
    p.add_argument('--reps', type=int, default=2, help='passes over the pages with --baseline')
    p.add_argument('--look', action='store_true', help='with --baseline: compare the wear features instead of the speed')
    p.add_argument('--dpi', type=float, default=100, help='--look: page resolution')
    p.add_argument('--size', default='letter', help='--look: paper size')
    a = p.parse_args()
    t = time.perf_counter()
    if a.baseline:
        base = load_wear(a.baseline)
        if a.look: look(base, a.n, a.dpi, a.size)
        else: bench_versions(base, a.n, a.reps)
        print(f"\ntotal {time.perf_counter() - t:.0f} s")
        sys.exit()
    bench_presets(a.dpis, a.n, a.gray)
    bench_effects(a.dpis[0], a.n)
    if D.tune_malloc(): bench_presets(a.dpis, a.n, a.gray, main_only=True, note=', after tune_malloc()')
    print(f"\ntotal {time.perf_counter() - t:.0f} s")

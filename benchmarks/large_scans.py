"""Large scans as sources: seconds and peak memory to list, load and make one sample from a 12000x12000 page image.

Each case runs in a fresh process (peak RSS is per process). `python benchmarks/large_scans.py [--dpi 100]`"""
import argparse, json, subprocess, sys, tempfile, textwrap
from pathlib import Path
import numpy as np
from PIL import Image

CASE = textwrap.dedent('''
    import json, resource, sys, time, warnings
    warnings.simplefilter('ignore')
    from redsynth import check_sources, load_real_page, make_sample, Recipe
    f, dpi = sys.argv[1], float(sys.argv[2])
    t0 = time.perf_counter()
    pages, skipped = check_sources(f)
    t1 = time.perf_counter()
    p = load_real_page(f, 0, dpi)
    t2 = time.perf_counter()
    s = make_sample(0, 0, Recipe(sources=(f,), real_fraction=1, dpi=dpi), pages)
    t3 = time.perf_counter()
    print(json.dumps(dict(check_s=round(t1 - t0, 2), load_s=round(t2 - t1, 2), sample_s=round(t3 - t2, 2), page=list(p.image.shape[:2]),
                          peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)))''')

def scan(side:int) -> np.ndarray:
    "A white page of `side` pixels with dark text-like bars"
    a = np.full((side, side), 255, np.uint8)
    rng = np.random.default_rng(0)
    for y in range(side // 20, side - side // 20, side // 50):
        for x in range(side // 20, side - side // 10, side // 13): a[y:y + side // 150, x:x + int(rng.integers(side // 60, side // 15))] = 20
    return np.repeat(a[..., None], 3, 2)

def write(d:Path, side:int):
    "Write the scan as PNG and JPEG into `d`"
    im = Image.fromarray(scan(side))
    im.save(d/'scan.png', compress_level=1)
    im.save(d/'scan.jpg', quality=85)

if __name__ == '__main__' and sys.argv[1:2] == ['--write']: write(Path(sys.argv[2]), int(sys.argv[3]))
elif __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--dpi', type=float, default=100)
    ap.add_argument('--side', type=int, default=12000)
    a = ap.parse_args()
    d = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, __file__, '--write', str(d), str(a.side)], check=True)   # this process never holds the scan (children inherit peak RSS)
    print(f'| file ({a.side}x{a.side}) | check s | load s | one sample s | page read | peak MB |\n|---|---|---|---|---|---|')
    for f in ('scan.png', 'scan.jpg'):
        r = subprocess.run([sys.executable, '-c', CASE, str(d/f), str(a.dpi)], capture_output=True, text=True, cwd=d)   # redsynth from PYTHONPATH
        if r.returncode: print(f'| {f} | failed: {r.stderr.strip().splitlines()[-1]} |||||')
        else:
            x = json.loads(r.stdout)
            print(f"| {f} | {x['check_s']} | {x['load_s']} | {x['sample_s']} | {x['page'][1]}x{x['page'][0]} | {x['peak_mb']} |")

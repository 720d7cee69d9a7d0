"""Accuracy and speed of `redsynth.content.find_content`, per detector.

Usage: python benchmarks/content.py [--n 40] [--presets photocopy heavy] [--detectors classical model] [--seed 1000]

Test sets: `--n` generated pages per degrade preset (make_page -> redact -> degrade; truth = the content
annotation after degradation, exact) and the real PDFs in ../shared/fixtures/real_pdfs rendered at 100 dpi
(truth = union of text-layer words, visible drawings and small images; scanned pages skipped). The seed
defaults to 1000 so the pages differ from the model's training pages (seed 0).
Prints median and 10th-percentile IoU, mean IoU, misses (no box) and median ms per page (one core:
OpenCV and torch threads set to 1). Default run: about 15 s.
"""
import os
os.environ.setdefault('OMP_NUM_THREADS', '1')
import argparse, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run from a checkout without installing
import numpy as np, cv2
cv2.setNumThreads(1)
from redsynth.content import find_content
from redsynth.content_train import evaluate_content, generated_samples, real_samples

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=40)
    p.add_argument('--presets', nargs='+', default=['photocopy', 'heavy'])
    p.add_argument('--detectors', nargs='+', default=['classical', 'model'])
    p.add_argument('--seed', type=int, default=1000)
    p.add_argument('--real', default=str(Path(__file__).resolve().parents[2]/'shared'/'fixtures'/'real_pdfs'))
    a = p.parse_args()
    if 'model' in a.detectors:
        import torch; torch.set_num_threads(1)
        find_content(np.full((64, 48), 255, np.uint8), 'model')   # load the weights before timing
    sets = {}
    t = time.perf_counter()
    for pr in a.presets: sets[f'generated/{pr}'] = generated_samples(a.n, seed=a.seed, preset=pr)
    if Path(a.real).exists(): sets['real PDFs'] = real_samples(a.real)
    else: print(f'real PDFs skipped: {a.real} not found')
    print(f'test sets made in {time.perf_counter() - t:.1f} s\n')
    print(f"{'set':22} {'detector':10} {'n':>4} {'median':>7} {'p10':>7} {'mean':>7} {'none':>5} {'ms/page':>8}")
    for name, s in sets.items():
        for d in a.detectors:
            r = evaluate_content(d, s)
            print(f"{name:22} {d:10} {r['n']:4d} {r['median']:7.3f} {r['p10']:7.3f} {r['mean']:7.3f} {r['none']:5d} {r['ms']:8.2f}")
    im = sets[next(iter(sets))][0][0]
    for d in a.detectors:   # speed alone, on one page, repeated
        ts = []
        for _ in range(30): t = time.perf_counter(); find_content(im, d); ts.append(time.perf_counter() - t)
        print(f"speed {d:10}: {1000*np.median(ts):.2f} ms median on a {im.shape[1]}x{im.shape[0]} page (30 runs)")

if __name__ == '__main__': main()

"""Speed of the box helpers: `Bbox` construction, and the vectorized `boxes_iou` against a Python loop of `Bbox.iou`.

    python benchmarks/bbox.py
"""
import sys, timeit
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from redsynth.bbox import Bbox, boxes_iou

def main():
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 800, (500, 2))
    arr = np.c_[xy, xy + rng.uniform(0, 100, (500, 2))]
    bs = [Bbox.from_xyxy(r) for r in arr]
    make = min(timeit.repeat(lambda: Bbox(1.0, 2, 3.5, 4), number=20000, repeat=5)) / 20000
    vec = min(timeit.repeat(lambda: boxes_iou(arr, arr), number=5, repeat=5)) / 5 / arr.shape[0]**2
    loop = min(timeit.repeat(lambda: [[p.iou(q) for q in bs[:50]] for p in bs[:50]], number=1, repeat=5)) / 2500
    print(f'Bbox(...)          {make*1e6:8.2f} us')
    print(f'boxes_iou per pair {vec*1e9:8.1f} ns')
    print(f'Bbox.iou per pair  {loop*1e9:8.1f} ns  ({loop/vec:.0f}x slower)')

if __name__ == '__main__': main()

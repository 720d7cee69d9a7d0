"""End-to-end speed of `make_synthetic_dataset`: images per second with 1 and 2 workers, mean milliseconds per
stage (base page, redact, degrade, encode + write) and peak memory (RSS) per worker.

    python benchmarks/end_to_end.py                 # default preset, 100 dpi, 80 images per run (< 60 s)
    python benchmarks/end_to_end.py --n 200 --workers 1 2 4 --preset hard
    python benchmarks/end_to_end.py --no-masks     # rectangles only: the cost of writing masks (issue 16: < 10%)

Each run writes a fresh dataset into a temporary folder (removed afterwards). Before the timed runs, a short
untimed run starts the process pool's fork server and warms the caches, as a long job would be. The stage
times are measured inside the workers, so with several workers on a busy machine they include waiting for a core.
Bar (issue 7): >= 10 images/s with 2 workers on a 2-core machine; aim 20. Original project: 0.17 images/s.
"""
import argparse, os, platform, shutil, sys, tempfile, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from redsynth import make_synthetic_dataset

def run(n, workers, preset, dpi, fmt, masks, tmp):
    out = Path(tmp)/f'w{workers}'
    s = make_synthetic_dataset(out, n=n, seed=0, marks=preset, dpi=dpi, workers=workers, image_format=fmt, masks=masks, progress=False)
    shutil.rmtree(out)
    return s

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=80, help='images per run')
    p.add_argument('--workers', type=int, nargs='+', default=[1, 2])
    p.add_argument('--preset', default='default'); p.add_argument('--dpi', type=float, default=100)
    p.add_argument('--format', default='jpg')
    p.add_argument('--masks', action=argparse.BooleanOptionalAction, default=True, help='write instance masks (default) or rectangles only')
    a = p.parse_args()
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    print(f'redsynth end to end: preset={a.preset} dpi={a.dpi:g} format={a.format} masks={a.masks} n={a.n} | {platform.processor() or platform.machine()}, '
          f'{ncpu} cores, load average {os.getloadavg()[0]:.1f} at start')
    with tempfile.TemporaryDirectory() as tmp:
        run(max(a.workers) * 2, max(a.workers), a.preset, a.dpi, a.format, a.masks, tmp)   # warm-up, not timed
        rows = [run(a.n, w, a.preset, a.dpi, a.format, a.masks, tmp) for w in a.workers]
    stages = list(rows[0]['stage_ms'])
    print(f"\n{'workers':>7} {'images/s':>9} {'s/run':>7} " + ' '.join(f'{k+" ms":>11}' for k in stages) + f" {'peak RSS MB/worker':>20}")
    for s in rows:
        print(f"{s['workers']:>7} {s['images_per_s']:>9.2f} {s['seconds']:>7.1f} " + ' '.join(f"{s['stage_ms'][k]:>11.1f}" for k in stages)
              + f" {max(s['peak_rss_mb']):>20}")
    print(f'\nload average at end {os.getloadavg()[0]:.1f} (a shared machine slows every number here)')

if __name__ == '__main__': main()

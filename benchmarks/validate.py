#!/usr/bin/env python
"""Time and result of `validate_fit` on a 60-page "real" set from another recipe, at one or more training schedules.

The real set (`--real`): `hard`, 60 pages of the `hard` marks preset (white boxes with borders, labels, a few black
boxes) on forms, tables and e-mails, A4, worn by `scan`, as a user with opaque light boxes would have; or `boxes`, 60
clean Letter pages with one to six black rectangles each at random spots, as the original project's script pasted them. Each schedule runs the whole
`validate_fit` (split by document, fit, two synthetic sets, two trainings, scoring on the held-out pages) and prints
wall seconds, CPU seconds of all processes, both AP50s and the winner: a shorter schedule is fine where it ranks the
two recipes as the longer one does.

Usage: python benchmarks/validate.py [--real hard|boxes] [--schedules 400x8,1200x8] [--size 384] [--out FOLDER]
"""
import argparse, json, resource, sys, tempfile, time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])   # the checkout, not benchmarks/: its profile.py would shadow the standard library's (torch imports it)
from redsynth.dataset import make_synthetic_dataset
from redsynth.marks import RedactConfig
import torch
from redsynth.score import validate_fit

REAL = dict(hard=dict(marks='hard', wear='scan', size='a4', layouts=dict(form=1, table=1, email=1)),
            boxes=dict(marks=RedactConfig(styles=dict(solid=1), targets=dict(free=1), n_redactions=(1, 6), negative_share=0),
                       wear='none', size='letter', layouts=dict(letter=1, report=1, pleading=1)))

def cpu() -> float:
    "CPU seconds of this process and its finished children"
    return sum(getattr(resource.getrusage(w), a) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for a in ('ru_utime', 'ru_stime'))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--real', default='hard', choices=tuple(REAL), help='the recipe of the "real" set')
    p.add_argument('--schedules', default='400x8', help='comma-separated ITERSxBATCH training schedules')
    p.add_argument('--size', type=int, default=384, help='long side of the pages for the check detector')
    p.add_argument('--threads', type=int, default=None, help="torch threads (default: torch's; 1 on a machine busy with other jobs)")
    p.add_argument('--n', type=int, default=None, help="synthetic pages in each training set (default: validate_fit's)")
    p.add_argument('--out', default=None, help='working folder (a temporary one by default)')
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    root = Path(a.out or tempfile.mkdtemp(prefix='redsynth_bench_validate_'))
    root.mkdir(parents=True, exist_ok=True)
    if not (root/'real').exists(): make_synthetic_dataset(root/'real', n=60, seed=31, workers=2, progress=False, **REAL[a.real])
    for s in a.schedules.split(','):
        iters, batch = (int(v) for v in s.split('x'))
        t, c = time.time(), cpu()
        v = validate_fit(root/'real', iters=iters, batch=batch, size=a.size, out=root/f'run_{s}', **(dict(n=a.n) if a.n else {}))
        print(json.dumps(dict(real=a.real, schedule=s, wall_s=round(time.time() - t), cpu_s=round(cpu() - c), **v.validation)), flush=True)

if __name__ == '__main__': main()

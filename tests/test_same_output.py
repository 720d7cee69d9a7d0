"""The default dataset is pinned: a change that alters what `make_synthetic_dataset` makes by default must update the
hash here on purpose (and say why in its commit), and the output never depends on the number of workers."""
import hashlib, json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Changed on purpose six times since the recipe refactor (which kept c0bf3357...): JPEG through simplejpeg (issue 23), the
# release styles of issue 20 (f006ebdb...: chat layout, address boxes, tiny marks, ragged runs, paragraph boxes, new
# look-alikes), runs over lines drawing one bar a row where a text layer gives a row in pieces (issue 20), and wear on
# the uint8 image with its fields upscaled once and one random byte of grain a pixel (issue 23, was 227e10ad...), and
# pages the wear made grey written as one-channel JPEGs (issue 23, was 219df205...; the same worn pixels, boxes and masks, encoded as grey),
# and the wear's JPEG step through simplejpeg with its bytes written as they are, and the guard measuring a tilted
# mark also where it was drawn, so fewer pages are worn again (issue 23, was 4884b394...).
# 50 pages, seed 0, the default recipe: images, boxes, masks and categories (not the manifest's wording or
# the extra per-image and per-mark facts, which may grow without changing a pixel or a box)
DEFAULT_50 = 'b85630a74084b0682f1839c8b9a37f2bf2a8625226057786cb8fc145ab0442ec'

def dataset_hash(d:Path) -> str:
    "sha256 over every image's bytes and every annotation's file, box, segmentation and category"
    h = hashlib.sha256()
    for f in sorted(p for p in (d/'images').rglob('*') if p.is_file()):
        h.update(str(f.relative_to(d)).encode())
        h.update(f.read_bytes())
    for s in ('train', 'valid'):
        p = d/f'{s}.json'
        if not p.exists(): continue
        c = json.loads(p.read_text())
        fn = {o['id']: o['file_name'] for o in c['images']}
        h.update(json.dumps(sorted([fn[a['image_id']], a['bbox'], a.get('segmentation'), a['category_id']] for a in c['annotations'])).encode())
    return h.hexdigest()

def make(out:Path, workers:int):
    code = ("from redsynth import make_synthetic_dataset\n"
            f"if __name__ == '__main__': make_synthetic_dataset({str(out)!r}, n=50, seed=0, workers={workers}, progress=False)\n")
    script = out.parent/f'make_{workers}.py'
    script.write_text(code)
    subprocess.run([sys.executable, str(script)], check=True, cwd=ROOT)
    return dataset_hash(out)

def test_default_dataset_is_pinned_and_worker_independent(tmp_path):
    one, two = make(tmp_path/'w1', 1), make(tmp_path/'w2', 2)
    assert one == two, 'the same dataset differs between 1 and 2 workers'
    assert two == DEFAULT_50, f'the default 50-page dataset changed: {two}'

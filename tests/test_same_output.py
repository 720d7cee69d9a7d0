"""The default dataset is pinned: a change that alters what `make_synthetic_dataset` makes by default must update the
hash here on purpose (and say why in its commit), and the output never depends on the number of workers."""
import hashlib, json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Changed on purpose seven times since the recipe refactor (which kept c0bf3357...): JPEG through simplejpeg (issue 23), the
# release styles of issue 20 (f006ebdb...: chat layout, address boxes, tiny marks, ragged runs, paragraph boxes, new
# look-alikes), runs over lines drawing one bar a row where a text layer gives a row in pieces (issue 20), and wear on
# the uint8 image with its fields upscaled once and one random byte of grain a pixel (issue 23, was 227e10ad...), and
# pages the wear made grey written as one-channel JPEGs (issue 23, was 219df205...; the same worn pixels, boxes and masks, encoded as grey),
# and the wear's JPEG step through simplejpeg with its bytes written as they are, and the guard measuring a tilted
# mark also where it was drawn, so fewer pages are worn again (issue 23, was 4884b394...), and generated pages drawn
# straight from their canvas instead of rendered from their PDF (issue 23, was b85630a7...: DejaVu glyphs where
# `text_length` put them, not where the PDF's rounded widths move them; pages with true PDF redactions from their PDF).
# 50 pages, seed 0, the default recipe: images, boxes, masks and categories (not the manifest's wording or
# the extra per-image and per-mark facts, which may grow without changing a pixel or a box)
DEFAULT_50 = '73e18e1993f05174974a2ded266a89b3d1f029cd77266811dece20ffa338faf1'

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

"""The labels redsynth writes (issue 25): each redaction's `style`, `code`, `words` and `run`, each image's
`redactions`, `redacted_area`, `redacted_text_area` and `redacted_words`, in the COCO files of a real run, and
COCO readers that ignore extra keys still load those files (pycocotools always; supervision and globox when
installed)."""
import json
from pathlib import Path
import numpy as np
import pytest
from redsynth.checks import check_dataset
from redsynth.coco import IMAGE_META
from redsynth.dataset import make_sample, make_synthetic_dataset
from redsynth.marks import RedactConfig
from redsynth.recipe import Recipe

LABELS = ('redactions', 'redacted_area', 'redacted_text_area', 'redacted_words')

@pytest.fixture(scope='module')
def ds(tmp_path_factory) -> Path:
    "A small dataset made the way users make one (masks on, pages of several layouts and wear)"
    out = tmp_path_factory.mktemp('labels')/'ds'
    make_synthetic_dataset(out, 8, seed=3, workers=1, progress=False)
    return out

def images_and_marks(ds:Path) -> tuple:
    d = json.loads((ds/'train.json').read_text())
    red = {c['id'] for c in d['categories'] if c['name'] == 'redaction'}
    return d, [a for a in d['annotations'] if a['category_id'] in red]

def test_labels_written(ds):
    assert set(LABELS) <= set(IMAGE_META)
    d, marks = images_and_marks(ds)
    assert d['images'] and marks
    for a in marks:
        at = a['attributes']
        assert isinstance(at['style'], str) and isinstance(at['code'], str)
        assert isinstance(at['words'], int) and at['words'] >= 0 and isinstance(at['run'], int)
        if at['target'] == 'free': assert at['words'] == 0
        if at['style'] in ('solid', 'white_box', 'marker'): assert at['code'] == ''
    for o in d['images']:
        mine = [a for a in marks if a['image_id'] == o['id']]
        assert o['redactions'] == len(mine) and o['redacted_words'] == sum(a['attributes']['words'] for a in mine)
        assert 0 <= o['redacted_area'] <= 1 and 0 <= o['redacted_text_area'] <= 1
        assert o['negative'] == (o['redactions'] == 0)
    assert any(o['redacted_text_area'] > o['redacted_area'] for o in d['images'])   # marks sit on text, so they hide more of it than of the page
    assert check_dataset(ds).ok, check_dataset(ds)

def test_runs_stack_one_bar_a_row():
    "The bars of a run over lines stack top to bottom, one a row: padded bars may overlap, but none starts in the upper half of the bar above (a text layer's row in pieces, a label beside its field, is one row)"
    r = Recipe(layouts=dict(clutter=1, form=1, email=1), marks=RedactConfig(targets=dict(block_lines=1, block=1)))
    runs = {}
    for i in range(8):
        for a in make_sample(3, i, r).anns:
            if a.category == 'redaction' and a.attrs.get('run') is not None: runs.setdefault((i, a.attrs['run']), []).append(a)
    assert sum(len(v) > 1 for v in runs.values()) >= 5
    for v in runs.values():
        assert len({(a.attrs['style'], a.attrs['target']) for a in v}) == 1
        ys = sorted((a.bbox.y0, a.bbox.y1) for a in v)
        assert all(y0 - p0 >= 0.5*(p1 - p0) for (p0, p1), (y0, _) in zip(ys, ys[1:])), ys

def test_pycocotools_loads(ds):
    from pycocotools.coco import COCO
    c = COCO(str(ds/'train.json'))
    d, marks = images_and_marks(ds)
    assert len(c.getImgIds()) == len(d['images']) and len(c.getAnnIds()) == len(d['annotations'])
    a = c.loadAnns(marks[0]['id'])[0]
    assert a['attributes']['run'] == marks[0]['attributes']['run']
    assert c.loadImgs(d['images'][0]['id'])[0]['redacted_area'] == d['images'][0]['redacted_area']
    if 'counts' in a['segmentation']: assert c.annToMask(a).sum() == a['area']

def test_supervision_loads(ds):
    sv = pytest.importorskip('supervision')
    d, _ = images_and_marks(ds)
    data = sv.DetectionDataset.from_coco(images_directory_path=str(ds), annotations_path=str(ds/'train.json'))
    assert len(data) == len(d['images'])
    assert sum(len(det) for _, _, det in data) == len(d['annotations'])

def test_globox_loads(ds):
    globox = pytest.importorskip('globox')
    d, _ = images_and_marks(ds)
    s = globox.AnnotationSet.from_coco(ds/'train.json')
    assert len(s) == len(d['images']) and s.nb_boxes() == len(d['annotations'])

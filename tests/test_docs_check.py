"""The browser check of the docs (.ci/docs_check.py) finds what it is there to find: an image that does not load,
a console error, a missing API entry, a link to a missing page or anchor; and passes a good page. Skips without
Chromium, pandoc or Playwright."""
import base64, importlib.util, io, json
from pathlib import Path
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location('docs_check', ROOT/'.ci'/'docs_check.py')
dc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dc)

def png() -> str:
    b = io.BytesIO()
    Image.new('RGB', (8, 6), 'red').save(b, 'PNG')
    return base64.b64encode(b.getvalue()).decode()

def nb(title:str, cells:list) -> dict:
    return dict(cells=[dict(cell_type='raw', source=f'---\ntitle: {title}\n---\n')] + cells, metadata={}, nbformat=4, nbformat_minor=5)

def md(s): return dict(cell_type='markdown', source=s)
def out(data:dict, src='x = 1'): return dict(cell_type='code', source=src, outputs=[dict(output_type='display_data', data=data)])

@pytest.fixture(scope='module')
def checked(tmp_path_factory):
    if not dc.CHROMIUM.exists(): pytest.skip(f'no Chromium at {dc.CHROMIUM}')
    pytest.importorskip('pypandoc')
    pytest.importorskip('playwright')
    proc, site = tmp_path_factory.mktemp('proc'), tmp_path_factory.mktemp('site')
    good = nb('Good', [md('# Good\n\nSee [bad](bad.html#broken) and [top](#good).'), out({'image/png': png()}),
                       out({'text/markdown': '### good_fn\n\n*A documented function*'}, "#| echo: false\nshow_doc(good_fn)")])
    bad = nb('Bad', [md('# Broken\n\n[nowhere](missing.html) and [no anchor](good.html#nope)'),
                     out({'image/png': base64.b64encode(b'not a png').decode()}),
                     out({'text/html': "<script>console.error('boom')</script>"})])
    (proc/'00_good.ipynb').write_text(json.dumps(good))
    (proc/'01_bad.ipynb').write_text(json.dumps(bad))
    pages = dc.render(proc, site)
    srv, base = dc.serve(site)
    try: seen = dc.visit(base, sorted(pages.values()))
    finally: srv.shutdown()
    return dc.problems(seen, pages, {'00_good.ipynb': ['good_fn', 'lost_fn']}, site), pages

def test_pages_named_like_nbdev(checked):
    assert checked[1] == {'00_good.ipynb': 'good.html', '01_bad.ipynb': 'bad.html'}

def test_finds_each_problem(checked):
    probs = '\n'.join(checked[0])
    assert 'bad.html: image' in probs and 'did not load' in probs
    assert "console error: boom" in probs
    assert 'no page missing.html' in probs and 'good.html has no anchor #nope' in probs
    assert 'no API entry for lost_fn' in probs

def test_good_page_passes(checked):
    assert not [p for p in checked[0] if p.startswith('good.html') and 'lost_fn' not in p], checked[0]
    assert not any('good_fn' in p for p in checked[0])

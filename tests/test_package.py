"Package-level checks that don't belong to one notebook: import cost, lazy exports, packaging."
import subprocess, sys, json, time
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ('torch', 'ray', 'augraphy', 'borb', 'albumentations', 'matplotlib')

def _run(code):
    return subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT, check=True).stdout

def test_import_is_light_and_fast():
    "`import redsynth` must not pull heavy or optional packages, and must take well under 1 s"
    out = json.loads(_run("import sys,time,json; t=time.perf_counter(); import redsynth; "
                          "print(json.dumps([time.perf_counter()-t, sorted(m for m in sys.modules)]))"))
    secs, mods = out
    assert secs < 1.0, f'import redsynth took {secs:.2f} s'
    assert not [m for m in mods if m.split('.')[0] in HEAVY], [m for m in mods if m.split('.')[0] in HEAVY]

def test_lazy_exports_resolve():
    "Every name in the lazy export map resolves to an object of that name"
    import redsynth
    for name in redsynth._lazy:
        try: obj = getattr(redsynth, name)
        except ModuleNotFoundError as e: pytest.fail(f'redsynth.{name}: {e}')
        assert obj is not None
    with pytest.raises(AttributeError): redsynth.no_such_name

def test_bbox_top_level():
    import redsynth
    b = redsynth.Bbox.from_xywh(1, 2, 3, 4)
    assert b.to_xyxy() == (1, 2, 4, 6)

def test_version_matches_pyproject():
    import redsynth, tomllib
    cfg = tomllib.loads((ROOT/'pyproject.toml').read_text())
    assert 'version' in cfg['project']['dynamic'] and redsynth.__version__.count('.') == 2

def test_lazy_map_matches_modules():
    "The lazy map holds exactly the modules' `__all__` names, each from its own module, none claimed twice"
    import importlib, pkgutil, redsynth
    owners = {}
    for m in pkgutil.iter_modules(redsynth.__path__):
        if m.name.startswith('_'): continue
        mod = importlib.import_module(f'redsynth.{m.name}')
        for name in mod.__all__: owners.setdefault(name, []).append(m.name)
    assert not {k: v for k, v in owners.items() if len(v) > 1}, 'names exported by two modules'
    assert redsynth._lazy == {k: v[0] for k, v in owners.items()}

def test_no_name_is_shadowed_by_its_module():
    "A public name never shares its module's name: once the module is imported, `redsynth.NAME` would be the module"
    import redsynth
    assert not {n for n, m in redsynth._lazy.items() if n == m}
    out = _run("import redsynth.redactions, redsynth.wear; from redsynth import redact, degrade; print(callable(redact) and callable(degrade))")
    assert out.strip() == 'True'

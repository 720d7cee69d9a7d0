__version__ = "0.0.1"

# Public names are imported lazily (PEP 562) so `import redsynth` stays fast and never pulls in
# borb, augraphy, torch or ray until they are used. The map is read from each module's `__all__`
# (written by nbdev-export) without importing the module, so it cannot drift from the notebooks.
import ast as _ast, importlib as _importlib, re as _re
from pathlib import Path as _Path

def _public() -> dict:
    "name -> module for every name in a module's `__all__`, read from the module's source"
    out = {}
    for f in sorted(_Path(__file__).parent.glob('[!_]*.py')):
        m = _re.search(r'^__all__ = (\[.*?\])', f.read_text(encoding='utf-8'), _re.M | _re.S)
        for name in _ast.literal_eval(m.group(1)) if m else (): out.setdefault(name, f.stem)
    return out

_lazy = _public()

def __getattr__(name):
    if name in _lazy: return getattr(_importlib.import_module(f'.{_lazy[name]}', __name__), name)
    raise AttributeError(f"module 'redsynth' has no attribute {name!r}")

def __dir__(): return sorted([*globals(), *_lazy])

"House style of the exported package: one statement a line, and imports at the top of each module (only heavy or optional packages are imported where they are first needed)."
import ast, io, tokenize
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(p for p in (ROOT/'redsynth').glob('*.py') if not p.name.startswith('_'))
LAZY = {'torch', 'ray', 'matplotlib', 'borb', 'augraphy', 'albumentations', 'pycocotools', 'resource', 'IPython', 'faker', 'fcntl'}

def chained(src:str) -> list:
    "Line numbers where a `;` separates two statements (a `;` ending a line is not counted)"
    toks = [t for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type not in (tokenize.NL, tokenize.COMMENT)]
    return [t.start[0] for t, nxt in zip(toks, toks[1:]) if t.type == tokenize.OP and t.string == ';' and nxt.type != tokenize.NEWLINE]

def inner_imports(src:str) -> list:
    "`(line, module)` of imports inside functions, other than of the heavy or optional packages in `LAZY`"
    out = []
    for f in ast.walk(ast.parse(src)):
        if not isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)): continue
        for n in ast.walk(f):
            names = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or '.'] if isinstance(n, ast.ImportFrom) and not n.level else []
            out += [(n.lineno, m) for m in names if m.split('.')[0] not in LAZY]
    return sorted(set(out))

def test_checks_work():
    assert chained('a = 1; b = 2\nc = 3;\n') == [1]
    assert inner_imports('import os\ndef f():\n    import json\n    import torch\n') == [(3, 'json')]

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.name)
def test_one_statement_a_line(path):
    assert not chained(path.read_text()), f'{path.name}: statements chained with ";" on lines {chained(path.read_text())}'

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.name)
def test_imports_at_top(path):
    assert not inner_imports(path.read_text()), f'{path.name}: imports inside functions {inner_imports(path.read_text())}'

#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb (nbdev-readme needs quarto, which can't be installed offline here).
Markdown cells are copied; code cells become ```python blocks followed by their text output.
Cells marked `#| hide` are skipped; image outputs (and their text stand-ins) are left to the docs site.
`python .ci/readme.py --check` exits 1 when README.md is out of date."""
import json, sys
from pathlib import Path
root = Path(__file__).resolve().parents[1]

def cell_md(c):
    src = ''.join(c['source'])
    if c['cell_type'] == 'markdown': return src
    lines = src.splitlines()
    if any(l.strip() in ('#| hide', '#|hide') for l in lines): return None
    code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    if not code: return None
    out = [f'```python\n{code}\n```']
    txt = ''.join(''.join(o.get('text', '')) if o.get('output_type') == 'stream' else
                  ''.join(o.get('data', {}).get('text/plain', '')) if not any(k.startswith('image/') for k in o.get('data', {})) else ''
                  for o in c.get('outputs', [])).strip()
    if txt: out.append(f'```\n{txt}\n```')
    return '\n\n'.join(out)

def readme():
    nb = json.loads((root/'nbs/index.ipynb').read_text())
    parts = [m for m in map(cell_md, nb['cells']) if m]
    return '<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n\n' + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    new = readme()
    if '--check' in sys.argv:
        if (root/'README.md').read_text() != new: sys.exit('README.md is out of date: run python .ci/readme.py')
    else: (root/'README.md').write_text(new)

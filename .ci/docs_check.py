"""Check the docs in a real browser: render the notebooks that `nbdev-proc-nbs` processed (`_proc/`) to HTML with
pandoc, serve them on 127.0.0.1 and open each page in Chromium through Playwright. Every `<img>` must load, the
console must stay free of errors, every exported public function and class must have its API entry (the heading
`show_doc` writes) on its notebook's page, and every link between pages must reach an existing page and anchor.
Where no Chromium is installed it skips with one line. Usage: python .ci/docs_check.py [PROC_DIR] [--keep OUT_DIR]"""
import argparse, ast, base64, functools, http.server, json, re, shutil, sys, tempfile, threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path('/usr/bin/chromium')
ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync']
_ICON = '<link rel="icon" href="data:,">'   # no favicon request: a 404 would be a console error
IMAGE_TYPES = {'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif'}

def site_prefix() -> str:
    "The absolute address nbdev gives the docs (doc_host + doc_baseurl), which links between pages start with"
    from nbdev.config import get_config
    cfg = get_config(ROOT)
    return (cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/') + '/').replace('//', '/').replace(':/', '://')

def directives(src:str) -> tuple[dict, str]:
    "Quarto/nbdev `#| key: value` lines at the top of a code cell, and the code after them"
    d, lines = {}, src.split('\n')
    while lines and re.match(r'#\|\s*', lines[0]):
        k, _, v = re.sub(r'^#\|\s*', '', lines.pop(0)).partition(':')
        d[k.strip()] = v.strip().lower() or 'true'
    return d, '\n'.join(lines)

def fence(text:str, lang:str='') -> str:
    "A fenced block that holds `text` whatever backticks it contains"
    n = max([3] + [len(m) + 1 for m in re.findall(r'`{3,}', text)])
    return f"{'`'*n}{lang}\n{text.rstrip()}\n{'`'*n}"

def output_md(o:dict, media:Path, stem:str, k:list) -> str:
    "Markdown for one cell output: an image file, markdown as is, raw HTML, or plain text"
    if o.get('output_type') == 'stream': return fence(''.join(o.get('text', '')), 'text')
    if o.get('output_type') == 'error': return fence('\n'.join(o.get('traceback', [])), 'text')
    data = o.get('data', {})
    for mime, ext in IMAGE_TYPES.items():
        if mime in data:
            k[0] += 1
            f = media/f'{stem}-{k[0]}.{ext}'
            f.write_bytes(base64.b64decode(''.join(data[mime])))
            return f'![]({media.name}/{f.name})'
    if 'text/markdown' in data: return ''.join(data['text/markdown'])
    if 'text/html' in data: return fence(''.join(data['text/html']), '{=html}')
    if 'text/plain' in data: return fence(''.join(data['text/plain']), 'text')
    return ''

def nb_markdown(nb:dict, media:Path, stem:str) -> tuple[str, str]:
    "`(title, markdown)` of a processed notebook"
    title, parts, k = stem, [], [0]
    for c in nb['cells']:
        src = ''.join(c.get('source', ''))
        if c['cell_type'] == 'raw':
            if m := re.search(r'^title:\s*(.+)$', src, re.M): title = m.group(1).strip().strip('\'"')
            continue
        if c['cell_type'] == 'markdown':
            parts.append(src)
            continue
        d, code = directives(src)
        if d.get('include') == 'false': continue
        if d.get('echo') != 'false' and code.strip(): parts.append(fence(code, 'python'))
        if d.get('output') != 'false': parts += [output_md(o, media, stem, k) for o in c.get('outputs', [])]
    return title, '\n\n'.join(p for p in parts if p.strip())

def page_name(nb:dict, f:Path) -> str:
    "The page nbdev names a notebook's docs: its `output-file`, or its name without the number"
    raw = ''.join(''.join(c.get('source', '')) for c in nb['cells'] if c['cell_type'] == 'raw')
    m = re.search(r'^output-file:\s*(\S+)', raw, re.M)
    return m.group(1) if m else re.sub(r'^\d+_', '', f.stem) + '.html'

def render(proc:Path, out:Path) -> dict:
    "Render every notebook in `proc` to `out`/NAME.html with pandoc; returns {notebook name: page name}"
    import pypandoc
    (out/'media').mkdir(parents=True, exist_ok=True)
    prefix, pages = site_prefix(), {}
    for f in sorted(proc.glob('*.ipynb')):
        nb = json.loads(f.read_text())
        name = page_name(nb, f)
        title, md = nb_markdown(nb, out/'media', Path(name).stem)
        md = md.replace(f']({prefix}', '](')   # links between pages become relative: the local site is navigable
        html = pypandoc.convert_text(md, 'html5', format='markdown', extra_args=['--standalone', '--metadata', f'title={title}', '-V', f'header-includes={_ICON}'])
        (out/name).write_text(html)
        pages[f.name] = name
    for f in proc.rglob('*'):   # pictures and other files the pages link to, as quarto copies them
        if f.is_file() and f.suffix.lower() in ('.jpg', '.jpeg', '.png', '.gif', '.svg') and not f.name.startswith('.'):
            (out/f.relative_to(proc)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, out/f.relative_to(proc))
    return pages

def api_names() -> dict:
    "{notebook name: [exported public functions and classes]} from each module's `__all__`"
    out = {}
    for f in sorted((ROOT/'redsynth').glob('*.py')):
        src = f.read_text()
        m = re.search(r'File to edit: \.\./nbs/(\S+\.ipynb)', src)
        if not m: continue
        tree = ast.parse(src)
        defs = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        alls = [n for n in tree.body if isinstance(n, ast.Assign) and any(getattr(t, 'id', '') == '__all__' for t in n.targets)]
        names = ast.literal_eval(alls[0].value) if alls else []
        out.setdefault(m.group(1), []).extend(n for n in names if n in defs and not n.startswith('_'))
    return out

@functools.cache
def _quiet_handler(directory:str):
    class H(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw): super().__init__(*a, directory=directory, **kw)
        def log_message(self, *a): pass
    return H

def serve(out:Path) -> tuple:
    "Serve `out` on 127.0.0.1 (a free port) from a thread: `(server, base url)`"
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _quiet_handler(str(out)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'

_JS = """() => ({
  imgs: Array.from(document.images).map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  heads: Array.from(document.querySelectorAll('h1,h2,h3,h4')).map(h => h.textContent.trim()),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))})"""

def visit(base:str, names:list) -> dict:
    "Open each page in Chromium: {page: dict(imgs, ids, heads, links, errors)}"
    from playwright.sync_api import sync_playwright
    seen = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for name in names:
            page, errors = browser.new_page(), []
            page.on('console', lambda m, e=errors: e.append(f'console {m.type}: {m.text}') if m.type == 'error' else None)
            page.on('pageerror', lambda x, e=errors: e.append(f'page error: {x}'))
            page.on('requestfailed', lambda r, e=errors: e.append(f'request failed: {r.url}'))
            page.on('response', lambda r, e=errors: e.append(f'HTTP {r.status}: {r.url}') if r.status >= 400 else None)
            page.goto(base + name, wait_until='load')
            seen[name] = {**page.evaluate(_JS), 'errors': errors}
            page.close()
        browser.close()
    return seen

def link_problem(href:str, name:str, seen:dict, out:Path) -> str|None:
    "What is wrong with link `href` on page `name` (None: fine, or it leaves the site)"
    if re.match(r'[a-z]+:', href): return None   # http(s) to other sites, mailto: not checked here
    path, _, anchor = href.partition('#')
    target = path or name
    if target not in seen: return None if (out/target).exists() and not anchor else f'link {href}: no page {target}'
    if anchor and anchor not in seen[target]['ids'] and not anchor.startswith('_'): return f'link {href}: {target} has no anchor #{anchor}'
    return None   # nbdev links every indexed name, private helpers too, which have no API entry: their page must exist

def problems(seen:dict, pages:dict, api:dict, out:Path) -> list:
    "Every failed image, console error, missing API entry and broken link"
    probs = []
    for name, s in seen.items():
        probs += [f'{name}: image {src} did not load' for src, ok in s['imgs'] if not ok]
        probs += [f'{name}: {e}' for e in s['errors']]
        probs += [f'{name}: {p}' for h in s['links'] if (p := link_problem(h, name, seen, out))]
    for nb, names in api.items():
        page = pages.get(nb)
        if page is None:
            probs.append(f'{nb}: exports {len(names)} names but was not processed')
            continue
        probs += [f'{page}: no API entry for {n}' for n in names if n not in seen[page]['heads']]
    return probs

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('proc', nargs='?', default=str(ROOT/'_proc'), help='folder of processed notebooks (nbdev-proc-nbs)')
    ap.add_argument('--keep', help='write the HTML pages here and keep them')
    a = ap.parse_args()
    if not CHROMIUM.exists(): return print(f'docs check: skipped, no Chromium at {CHROMIUM} (apt-get install chromium)')
    proc = Path(a.proc)
    if not list(proc.glob('*.ipynb')): sys.exit(f'docs check: no processed notebooks in {proc}: run nbdev-proc-nbs first')
    out = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix='redsynth_docs_'))
    pages, api = render(proc, out), api_names()
    srv, base = serve(out)
    try: seen = visit(base, sorted(pages.values()))
    finally: srv.shutdown()
    probs = problems(seen, pages, api, out)
    n = lambda k: sum(len(s[k]) for s in seen.values())
    print(f"docs check: {len(seen)} pages, {n('imgs')} images, {sum(map(len, api.values()))} API entries, {n('links')} links: "
          + ('OK' if not probs else f'{len(probs)} problem(s)'))
    for p in probs[:50]: print('  -', p)
    if not a.keep: shutil.rmtree(out, ignore_errors=True)
    sys.exit(1 if probs else 0)

if __name__ == '__main__': main()

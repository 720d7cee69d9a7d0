"""Robustness of `make_synthetic_dataset` and `redsynth make` on what users really have (issue 12): bad source files,
failing samples, every way of starting Python, full and read-only disks, missing folders, two runs at once,
same-named files, rotated PDF pages. Broken files are made by the tests themselves."""
import hashlib, io, json, os, re, signal, struct, subprocess, sys, textwrap, time, warnings, zlib
from pathlib import Path
import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
CMD = [sys.executable, '-c', 'from redsynth.cli import main; main()']
ENV = {**os.environ, 'PYTHONPATH': os.pathsep.join(p for p in (str(ROOT), os.environ.get('PYTHONPATH', '')) if p), 'MPLBACKEND': 'Agg'}
FAST = ('--dpi', '50', '--no-progress')

def rs(*args, check=None, timeout=300, cwd=ROOT):
    "Run `redsynth ARGS`; returns the CompletedProcess (asserting the exit status when `check` is given)"
    r = subprocess.run([*CMD, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=ENV, timeout=timeout)
    if check is not None: assert r.returncode == check, (r.returncode, r.stdout, r.stderr)
    return r

def py(*args, stdin=None, cwd=ROOT, timeout=300):
    "Run `python ARGS` (with `stdin` text); returns the CompletedProcess"
    return subprocess.run([sys.executable, *map(str, args)], input=stdin, capture_output=True, text=True, cwd=cwd, env=ENV, timeout=timeout)

def hashes(d:Path) -> dict:
    return {str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob('*')) if p.is_file()}

def one_line_errors(stderr:str):
    "stderr holds no traceback and no Python source line"
    assert 'Traceback' not in stderr and not re.search(r'^\s+(raise |warnings\.warn)', stderr, re.M), stderr

# ---------------------------------------------------------------- broken files, made here
def _pdf_bytes(seed=0, layout='letter') -> bytes:
    from redsynth import make_page
    return make_page(seed, layout).pdf

BAD = ('encrypted.pdf', 'empty.pdf', 'broken.pdf', 'notimage.png', 'cut.jpg', 'empty.png')

def make_sources(d:Path) -> Path:
    "A folder of real pages as users have them: two good files and every kind of bad one"
    import pymupdf
    d.mkdir(parents=True)
    (d/'memo.pdf').write_bytes(_pdf_bytes(0))
    Image.fromarray(np.full((300, 240, 3), 250, np.uint8)).save(d/'scan.png')
    pymupdf.open('pdf', _pdf_bytes(1)).save(d/'encrypted.pdf', encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw='pw')
    (d/'empty.pdf').write_bytes(b'')
    (d/'broken.pdf').write_bytes(b'%PDF-1.7\n1 0 obj<<')
    (d/'notimage.png').write_text('this is a text file')
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (400, 300, 3), np.uint8)).save(buf, 'JPEG')
    (d/'cut.jpg').write_bytes(buf.getvalue()[:len(buf.getvalue()) // 3])
    (d/'empty.png').write_bytes(b'')
    return d

@pytest.fixture(scope='module')
def sources(tmp_path_factory): return make_sources(tmp_path_factory.mktemp('src')/'pages')

def test_check_sources_skips_each_bad_file(sources):
    from redsynth import check_sources
    from redsynth import BadInputWarning
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        pages, skipped = check_sources(sources)
    assert sorted(Path(f).name for f, _ in pages) == ['memo.pdf', 'scan.png']
    assert sorted(Path(f).name for f in skipped) == sorted(BAD)
    why = {Path(f).name: v for f, v in skipped.items()}
    assert why['encrypted.pdf'] == 'encrypted, needs a password' and why['empty.pdf'] == 'empty file (0 bytes)'
    assert why['notimage.png'] == 'not an image file' and why['cut.jpg'].startswith('truncated')
    assert len(w) == len(BAD) and all(issubclass(x.category, BadInputWarning) for x in w)
    with pytest.raises(ValueError, match='bad source .*broken.pdf'): check_sources(sources, strict=True)

def test_cli_skips_bad_sources_and_goes_on(sources, tmp_path):
    out = tmp_path/'ds'
    r = rs('make', out, '--n', 4, '--sources', sources, '--real-fraction', 1, '--workers', 1, *FAST, check=0)
    lines = [l for l in r.stderr.splitlines() if 'valid split is empty' not in l]   # 4 pages of 2 documents: said once, and fine here
    assert len(lines) == len(BAD) and all(l.startswith('redsynth: warning: skipping ') for l in lines), r.stderr
    one_line_errors('\n'.join(lines))
    for name in BAD: assert any(name in l for l in lines), (name, lines)
    assert f'skipped {len(BAD)} bad source file(s)' in r.stdout and '4 images (4 made' in r.stdout, r.stdout
    man = json.loads((out/'redsynth.json').read_text())
    assert sorted(Path(f).name for f in man['skipped_sources']) == sorted(BAD)
    recs = [json.loads(f.read_text()) for f in sorted((out/'records').glob('*.json'))]
    assert len(recs) == 4 and all(r['real'] and Path(r['source']).name in ('memo.pdf', 'scan.png') for r in recs)
    rs('check', out, check=0)

def test_cli_strict_and_nothing_usable(sources, tmp_path):
    r = rs('make', tmp_path/'strict', '--n', 2, '--sources', sources, '--strict', *FAST, check=2)
    assert 'error: bad source' in r.stderr and not (tmp_path/'strict').exists(), r.stderr
    one_line_errors(r.stderr)
    only_bad = tmp_path/'only_bad'; only_bad.mkdir()
    for name in BAD: (only_bad/name).write_bytes((sources/name).read_bytes())
    r = rs('make', tmp_path/'none', '--n', 2, '--sources', only_bad, *FAST, check=2)
    assert 'error: no usable page' in r.stderr.splitlines()[-1] and not (tmp_path/'none').exists(), r.stderr
    one_line_errors(r.stderr)

# ---------------------------------------------------------------- failing samples are drawn again
def flaky(image, anns, rng):
    "A degrade step that fails on about a third of the pages, deterministically from the sample's generator"
    if rng.random() < 0.35: raise ValueError('flaky scanner')
    return image, anns

def test_failed_samples_are_redrawn_same_for_any_workers(tmp_path):
    from redsynth import make_synthetic_dataset, DatasetWriter, check_dataset
    kw = dict(n=6, seed=5, wear=flaky, dpi=50, skip_errors=True, progress=False)
    s1 = make_synthetic_dataset(tmp_path/'w1', workers=1, **kw)
    s2 = make_synthetic_dataset(tmp_path/'w2', workers=2, **kw)
    assert (s1['made'], s1['failed'], s2['made'], s2['failed']) == (6, 0, 6, 0), (s1, s2)
    assert s1['retried'] == s2['retried'] > 0
    assert hashes(tmp_path/'w1') == hashes(tmp_path/'w2')
    again = [r for r in DatasetWriter(tmp_path/'w1').records() if r.get('attempt')]
    assert len(again) == s1['retried'] and all(r['errors'] == ['ValueError: flaky scanner'] * r['attempt'] for r in again)
    assert check_dataset(tmp_path/'w1').ok
    with pytest.raises(Exception, match=r'sample \d+ \(seed 5\) failed: ValueError: flaky scanner'):
        make_synthetic_dataset(tmp_path/'w3', workers=1, **{**kw, 'skip_errors': False})

def test_retry_seed_is_a_fresh_stream():
    from redsynth import retry_seed
    seeds = {retry_seed(0, i, k) for i in range(50) for k in (1, 2, 3)}
    assert len(seeds) == 150 and retry_seed(0, 7, 1) == retry_seed(0, 7, 1) and retry_seed(0, 7, 1) != retry_seed(1, 7, 1)

# ---------------------------------------------------------------- every way of starting Python
CALL = ("s = make_synthetic_dataset({out!r}, n=2, workers=2, dpi=50, progress=False)\nprint('MADE', s['made'], s['failed'])\n"
        "s = make_synthetic_dataset({out2!r}, n=2, workers=2, dpi=50, progress=False, wear=my_step)\nprint('MADE', s['made'], s['failed'])\n")
HEAD = "from redsynth import make_synthetic_dataset\nprint('START')\ndef my_step(image, anns, rng):\n    return image, anns\n"

def _script(out, guard:bool) -> str:
    "A script making two tiny datasets on two workers: plain, then with a degrade step defined in the script itself"
    call = CALL.format(out=str(out/'plain'), out2=str(out/'step'))
    return HEAD + ("if __name__ == '__main__':\n" + textwrap.indent(call, '    ') if guard else call)

@pytest.mark.parametrize('how', ['guarded script', 'script without guard', 'python -c', 'stdin', 'notebook'])
def test_pool_from_every_entry_point(tmp_path, how):
    """The pool works however Python was started; a step defined where workers cannot import it runs in this
    process, with one warning line; only a guarded script's workers import it (and find the step there)"""
    from redsynth import check_dataset
    src = _script(tmp_path, how == 'guarded script')
    if how == 'python -c': r = py('-c', src)
    elif how == 'stdin': r = py('-', stdin=src)
    elif how == 'notebook':
        code = ("from execnb.shell import CaptureShell\ns = CaptureShell()\n"
                f"r = s.run({src!r})\nprint(''.join(''.join(o.get('text', '')) for o in r))\nassert s.exc is None, s.exc\n")
        r = py('-c', code)
    else:
        (tmp_path/'make.py').write_text(src)
        r = py(tmp_path/'make.py', cwd=tmp_path)
    assert r.returncode == 0, (r.returncode, r.stdout[-2000:], r.stderr[-3000:])
    assert r.stdout.count('MADE 2 0') == 2, r.stdout
    assert check_dataset(tmp_path/'plain').ok and check_dataset(tmp_path/'step').ok
    warn = [l for l in (r.stdout + r.stderr).splitlines() if 'warning' in l.lower() and 'valid split' not in l and 'valid_share' not in l]
    if how == 'guarded script': assert warn == [], warn            # its workers import it (START prints again there)
    else:
        assert r.stdout.count('START') == 1, r.stdout              # never run again in a worker
        assert len(warn) == 1 and 'my_step is defined in the main script' in warn[0] and 'running in this process' in warn[0], warn

# ---------------------------------------------------------------- disks and folders
def test_missing_parent_folder(tmp_path):
    r = rs('make', tmp_path/'no'/'such'/'ds', '--n', 2, *FAST, check=2)
    assert 'its parent folder' in r.stderr and 'does not exist' in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    assert not (tmp_path/'no').exists()

@pytest.fixture
def tmpfs(tmp_path):
    "A small tmpfs mounted on a fresh folder (skips where mounting is not allowed); yields (folder, remount)"
    mnt = tmp_path/'mnt'; mnt.mkdir()
    r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', str(mnt)], capture_output=True, text=True)
    if r.returncode != 0: pytest.skip(f'cannot mount a tmpfs here (needs root and mount rights): {r.stderr.strip()}')
    def remount(opts): subprocess.run(['mount', '-o', f'remount,{opts}', str(mnt)], check=True)
    try: yield mnt, remount
    finally: subprocess.run(['umount', '-l', str(mnt)])

def test_full_disk_then_resume(tmpfs):
    mnt, remount = tmpfs
    out, args = mnt/'ds', ('--n', 12, '--image-format', 'png', '--workers', 2, *FAST)
    r = rs('make', out, *args, check=2)
    assert 'no space left on device' in r.stderr and 'run the same command again to resume' in r.stderr, r.stderr
    assert len(r.stderr.splitlines()) == 1, r.stderr
    one_line_errors(r.stderr)
    recs = list((out/'records').glob('*.json'))
    assert 0 < len(recs) < 12
    for f in recs: json.loads(f.read_text())                        # every record is whole
    remount('size=64m')
    r = rs('make', out, *args, check=0)
    assert 'already there' in r.stdout and '0 already there' not in r.stdout, r.stdout
    rs('check', out, check=0)

def test_read_only_folder(tmpfs):
    mnt, remount = tmpfs
    remount('ro')
    for out in (mnt/'ds', mnt):                                      # a new folder inside, and the (empty) folder itself
        r = rs('make', out, '--n', 2, *FAST, check=2)
        assert 'Read-only file system' in r.stderr and 'choose a folder you can write to' in r.stderr, r.stderr
        assert len(r.stderr.splitlines()) == 1, r.stderr

def test_write_error_is_never_a_sample_failure(tmp_path):
    "An OSError while writing stops the run even with skip_errors (it is the disk's fault, not the sample's)"
    code = textwrap.dedent(f'''
        import errno, redsynth.coco as e, redsynth.cli as cli
        real, calls = e.atomic_write, []
        def full(path, data):
            calls.append(path)
            if len(calls) > 6: raise OSError(errno.ENOSPC, 'No space left on device', str(path))
            return real(path, data)
        e.atomic_write = full
        import sys; sys.argv = ['redsynth', 'make', {str(tmp_path/'ds')!r}, '--n', '6', '--workers', '1', '--skip-errors', '--dpi', '50', '--no-progress']
        cli.main()''')
    r = py('-c', code)
    assert r.returncode == 2 and 'no space left on device writing' in r.stderr, (r.returncode, r.stderr)
    assert not list((tmp_path/'ds'/'records').glob('*.err'))

# ---------------------------------------------------------------- two runs at once
def test_second_run_into_same_folder_refuses(tmp_path):
    out = tmp_path/'ds'
    first = subprocess.Popen([*CMD, 'make', str(out), '--n', '400', '--workers', '1', '--no-progress'], cwd=ROOT, env=ENV,
                             start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.time()
        while not list((out/'records').glob('*.json')) and time.time() - t0 < 120 and first.poll() is None: time.sleep(0.05)
        assert first.poll() is None, 'the first run ended before the second could start'
        r = rs('make', out, '--n', 400, '--workers', 1, '--no-progress', check=2)
        assert 'another redsynth run is writing to' in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    finally:
        os.killpg(first.pid, signal.SIGKILL); first.wait()
    from redsynth.dataset import _locked
    with _locked(out): pass                                          # kill -9 released the lock
    for f in (out/'records').glob('*.json'): json.loads(f.read_text())

# ---------------------------------------------------------------- same names, rotated pages
def test_doc_id_unique_per_file(tmp_path):
    from redsynth import check_sources, load_real_page
    for k, sub in enumerate(('2019', '2020', 'copy')):
        (tmp_path/sub).mkdir()
        (tmp_path/sub/'scan.pdf').write_bytes(_pdf_bytes(k if sub != 'copy' else 0))
    pages, _ = check_sources(tmp_path)
    ids = {Path(f).parent.name: load_real_page(f, i, 50).doc_id for f, i in pages}
    assert ids['2019'] != ids['2020'] and ids['2019'] == ids['copy'], ids   # two documents; a copy is the same one
    assert all(v.startswith('scan-') for v in ids.values())

@pytest.mark.parametrize('deg', [90, 270])
def test_true_pdf_redaction_on_rotated_page(tmp_path, deg):
    import pymupdf
    from redsynth import page_from_pdf
    from redsynth.redactions import redact
    from redsynth.marks import RedactConfig
    doc = pymupdf.open('pdf', _pdf_bytes(3, 'letter')); doc[0].set_rotation(deg); doc.save(tmp_path/'r.pdf')
    page = page_from_pdf(tmp_path/'r.pdf', 0, 60)
    assert page.w > page.h                                           # turned: landscape as shown
    img, anns = redact(page, np.random.default_rng(1), RedactConfig(styles={'pdf': 1}, negative_share=0, page_style_share=0))
    marks = [a for a in anns if a.category == 'redaction']
    assert marks and all(a.attrs['style'] == 'pdf' for a in marks)
    changed = (img != page.image).any(-1)
    inside = np.zeros_like(changed)
    words = [e.bbox for e in page.elements if e.kind == 'word']
    for a in marks:
        x0, y0, x1, y1 = a.bbox.to_int(); inside[y0:y1, x0:x1] = True
        fill = np.array(a.attrs.get('colour', (0, 0, 0)))
        if min(x1 - x0, y1 - y0) >= 8: assert (np.abs(img[y0:y1, x0:x1].astype(int) - fill).max(-1) < 40).mean() > 0.5, a   # the box holds the fill (a tiny box at 60 dpi is mostly anti-aliased edge)
        if a.attrs['covers_text']: assert any(a.bbox.intersection(w) is not None for w in words), a   # and sits on words
    assert not (changed & ~inside).any()                             # nothing changed outside the boxes

def test_error_lines():
    import errno
    from concurrent.futures.process import BrokenProcessPool
    from redsynth import error_line, warning_line, SampleError
    assert error_line(BrokenProcessPool('x'))[1] == 2 and 'fewer --workers' in error_line(BrokenProcessPool('x'))[0]
    assert error_line(SampleError('sample 7 (seed 0) failed: ValueError: no'))[0].endswith('--skip-errors draws such a sample again and goes on')
    assert error_line(OSError(errno.EDQUOT, 'Disk quota exceeded', 'f'))[0].startswith('redsynth make: error: no space left')
    assert error_line(RuntimeError('bug')) == ('redsynth make: error: unexpected RuntimeError: bug (REDSYNTH_DEBUG=1 shows the traceback)', 1)
    assert warning_line('x\ny'.replace('\n', ' ')) == 'redsynth: warning: x y\n'

# ---------------------------------------------------------------- issue 24: what a careless user brings
def _kill_when_started(args:list, out:Path, records:int=1):
    "Start `redsynth ARGS`, kill -9 it once `records` samples are written (or it ended); returns its exit status"
    p = subprocess.Popen([*CMD, *map(str, args)], cwd=ROOT, env=ENV, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while len(list((out/'records').glob('*.json'))) < records and time.time() - t0 < 120 and p.poll() is None: time.sleep(0.05)
    if p.poll() is None: os.killpg(p.pid, signal.SIGKILL)
    return p.wait()

def test_changed_source_is_refused_then_overwrite_starts_afresh(tmp_path):
    "1. A source replaced by another document of the same name: the rerun refuses in one line naming it"
    src = tmp_path/'src'; src.mkdir()
    (src/'doc.pdf').write_bytes(_pdf_bytes(0))
    args = ['--n', 6, '--sources', src, '--real-fraction', 1, '--workers', 1, *FAST]
    _kill_when_started(['make', tmp_path/'ds', *args], tmp_path/'ds')
    man = json.loads((tmp_path/'ds'/'redsynth.json').read_text())
    assert man['source_hashes'] == {str(src/'doc.pdf'): hashlib.sha1(_pdf_bytes(0)).hexdigest()[:8]}, man
    (src/'doc.pdf').write_bytes(_pdf_bytes(1, 'form'))                # another document, the same name
    r = rs('make', tmp_path/'ds', *args, check=2)
    assert len(r.stderr.splitlines()) == 1 and 'doc.pdf changed since this dataset was started' in r.stderr, r.stderr
    one_line_errors(r.stderr)
    rs('make', tmp_path/'ds', *args, '--overwrite', check=0)
    rs('make', tmp_path/'fresh', *args, check=0)                      # an uninterrupted run on the new document
    assert hashes(tmp_path/'ds') == hashes(tmp_path/'fresh')

def test_tiny_image_is_caught_up_front(tmp_path):
    "2. A 1x1 PNG passes every file check but is no page: listed as skipped (an error with --strict), never a failed sample"
    src = tmp_path/'src'; src.mkdir()
    Image.fromarray(np.full((300, 240, 3), 250, np.uint8)).save(src/'scan.png')
    Image.fromarray(np.zeros((1, 1, 3), np.uint8)).save(src/'dot.png')
    args = ['--n', 3, '--sources', src, '--real-fraction', 1, '--workers', 1, *FAST]
    r = rs('make', tmp_path/'strict', *args, '--strict', check=2)
    assert len(r.stderr.splitlines()) == 1 and 'dot.png: image too small (1x1 pixels' in r.stderr, r.stderr
    assert not (tmp_path/'strict').exists()
    r = rs('make', tmp_path/'ds', *args, check=0)
    assert [l for l in r.stderr.splitlines() if 'valid split' not in l] == [f'redsynth: warning: skipping {src/"dot.png"}: image too small (1x1 pixels; a page needs at least 8 on each side)'], r.stderr
    assert '3 images (3 made' in r.stdout, r.stdout
    rs('check', tmp_path/'ds', check=0)

def test_run_that_makes_too_few_images_fails(tmp_path):
    "3. A run whose samples all fail makes 0 of n images: it says so and fails; an empty dataset is not OK"
    from redsynth import make_synthetic_dataset, check_dataset, IncompleteRun
    def broken(image, anns, rng): raise ValueError('scanner on fire')
    with pytest.raises(IncompleteRun, match=r'made 0 of 3 images: 3 sample\(s\) failed every try \(first: sample \d \(seed 0\) failed 4 times: ValueError: scanner on fire'):
        make_synthetic_dataset(tmp_path/'ds', n=3, wear=broken, dpi=50, workers=1, skip_errors=True, progress=False)
    rep = check_dataset(tmp_path/'ds')
    assert not rep.ok and any('holds no images' in p for p in rep.problems), rep
    r = rs('check', tmp_path/'ds', check=1)
    assert 'holds no images' in r.stdout + r.stderr, (r.stdout, r.stderr)
    only_dot = tmp_path/'dot'; only_dot.mkdir()
    Image.fromarray(np.zeros((1, 1, 3), np.uint8)).save(only_dot/'dot.png')
    r = rs('make', tmp_path/'none', '--n', 2, '--sources', only_dot, '--real-fraction', 1, '--skip-errors', *FAST, check=2)
    assert 'no usable page' in r.stderr.splitlines()[-1] and not (tmp_path/'none').exists(), r.stderr

def test_unfinished_dataset_is_not_ok(tmp_path):
    "3. `check` of a dataset that holds fewer images than its manifest asks for is not OK"
    from redsynth import make_synthetic_dataset, check_dataset
    make_synthetic_dataset(tmp_path/'ds', n=3, dpi=50, workers=1, progress=False)
    man = json.loads((tmp_path/'ds'/'redsynth.json').read_text())
    man['settings']['n'] = 5
    (tmp_path/'ds'/'redsynth.json').write_text(json.dumps(man))
    rep = check_dataset(tmp_path/'ds')
    assert not rep.ok and any('holds 3 of the 5 images' in p for p in rep.problems), rep

def test_full_disk_at_the_very_start(tmpfs):
    "4. A disk full before the manifest is written: the rerun (or --overwrite) is not fooled by what the first left"
    mnt, remount = tmpfs
    (mnt/'filler').write_bytes(b'\0' * (512 * 1024 - 4096 * 3))      # leave a few blocks free: the folder fits, the manifest not
    out, args = mnt/'ds', ('--n', 4, '--workers', 1, *FAST)
    (mnt/'ds').mkdir()
    (mnt/'ds'/'.redsynth.json.999999.tmp').write_bytes(b'{"redsy')    # what a run killed while writing its manifest leaves
    r = rs('make', out, *args, check=2)
    assert 'no space left on device' in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    assert not [p.name for p in out.iterdir() if p.name.endswith('.tmp') and '999999' not in p.name]   # a failed write leaves nothing
    (mnt/'filler').unlink()
    remount('size=64m')
    r = rs('make', out, *args, check=0)
    assert '4 images (4 made' in r.stdout, r.stdout
    assert sorted(p.name for p in out.iterdir() if p.name.startswith('.')) == ['.redsynth.lock']   # stale temporaries cleaned
    rs('check', out, check=0)

def test_settings_checked_before_anything_is_written(tmp_path):
    "5. Every bad setting stops the run in one line before the folder is even made"
    cases = {('--size', 'tabloid'): "size must be one of", ('--snippets', tmp_path): 'no usable images', ('--langs', 'xx'): 'langs',
             ('--n', '-1'): 'n must be an int >= 1', ('--wear', 'sepia'): "'sepia'", ('--real-fraction', 2): 'real_fraction'}
    for (flag, v), msg in cases.items():
        r = rs('make', tmp_path/'ds', flag, v, '--n', 2, *FAST) if flag != '--n' else rs('make', tmp_path/'ds', flag, v, *FAST)
        assert r.returncode == 2 and msg in r.stderr and len(r.stderr.splitlines()) == 1, (flag, r.stderr)
        assert not (tmp_path/'ds').exists(), flag

def test_billion_pages_start_at_once_and_stop_cleanly(tmp_path):
    "5, 8. n = 10^9 starts in seconds (the plan is lazy, the pool queue bounded); SIGTERM stops it in one line, nothing leaked"
    out = tmp_path/'ds'
    p = subprocess.Popen([*CMD, 'make', str(out), '--n', str(10**9), '--workers', '2', *FAST], cwd=ROOT, env=ENV,
                         start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        t0 = time.time()
        while len(list((out/'records').glob('*.json'))) < 2 and time.time() - t0 < 120 and p.poll() is None: time.sleep(0.1)
        assert p.poll() is None, p.communicate()
        p.send_signal(signal.SIGTERM)
        stdout, stderr = p.communicate(timeout=60)
    finally:
        if p.poll() is None: os.killpg(p.pid, signal.SIGKILL)
    assert p.returncode == 130 and stderr.splitlines() == ['redsynth: interrupted; run the same command again to resume'], (p.returncode, stderr)
    t0 = time.time()
    while (left := subprocess.run(['pgrep', '-g', str(p.pid)], capture_output=True, text=True).stdout.split()) and time.time() - t0 < 20: time.sleep(0.2)
    assert left == [], left                                           # no orphan worker (the pool's helpers end once it is gone)
    for f in (out/'records').glob('*.json'): json.loads(f.read_text())

def test_the_plan_is_lazy():
    "5. The indices still to make are never listed: a plan of 10^9 samples is a few bytes"
    from redsynth.dataset import _Todo
    todo = _Todo(10**9, {0, 1, 5})
    assert len(todo) == 10**9 - 3 and sys.getsizeof(todo) < 1000 and next(iter(todo)) == 2

def test_odd_entries_in_sources_are_listed(tmp_path):
    "7. A symlink loop, a dangling symlink and a folder named x.pdf are skipped with a reason (an error with --strict)"
    src = tmp_path/'src'; (src/'sub').mkdir(parents=True)
    Image.fromarray(np.full((300, 240, 3), 250, np.uint8)).save(src/'scan.png')
    (src/'loop.pdf').symlink_to('loop.pdf')
    (src/'gone.pdf').symlink_to(tmp_path/'moved.pdf')
    (src/'x.pdf').mkdir()
    (src/'sub'/'up').symlink_to('..')
    args = ['--n', 2, '--sources', src, '--real-fraction', 1, '--workers', 1, *FAST]
    r = rs('make', tmp_path/'ds', *args, check=0)
    why = dict(l.removeprefix('redsynth: warning: skipping ').split(': ', 1) for l in r.stderr.splitlines() if 'skipping' in l)
    assert why == {str(src/'gone.pdf'): f'dangling symlink (to {tmp_path/"moved.pdf"}, which does not exist)', str(src/'loop.pdf'): 'symlink loop',
                   str(src/'sub'/'up'): 'symlink loop (a folder already searched)', str(src/'x.pdf'): 'a folder, not a file'}, r.stderr
    assert 'skipped 4 bad source file(s)' in r.stdout, r.stdout
    assert len(json.loads((tmp_path/'ds'/'redsynth.json').read_text())['skipped_sources']) == 4
    r = rs('make', tmp_path/'strict', *args, '--strict', check=2)
    assert 'error: bad source' in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr

def test_large_scans_read_small_and_named_truthfully(tmp_path):
    "6. A 12000x12000 scan is read at about page size; a 20000x20000 PNG is rejected as too large, not as 'not an image file'"
    src = tmp_path/'src'; src.mkdir()
    a = np.full((12000, 12000), 255, np.uint8)
    a[3000:3100, 2000:9000] = 0
    Image.fromarray(a).save(src/'big.png', compress_level=1)
    del a
    def chunk(t, d=b''): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    (src/'huge.png').write_bytes(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 20000, 20000, 8, 2, 0, 0, 0)) + chunk(b'IDAT') + chunk(b'IEND'))
    code = textwrap.dedent(f'''
        import resource, warnings, json
        from redsynth import check_sources, load_real_page
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always')
            pages, skipped = check_sources({str(src)!r})
        p = load_real_page({str(src/'big.png')!r}, 0, 100)
        print(json.dumps(dict(pages=pages, skipped=skipped, shape=p.image.shape, dpi=p.dpi, rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)))''')
    r = py('-c', code)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d['pages'] == [[str(src/'big.png'), 0]] and d['shape'] == [1715, 1715, 3], d   # 12000 px as a 17-inch page is 706 dpi: read 7 times smaller for 100 dpi
    assert d['skipped'] == {str(src/'huge.png'): 'image too large to read (20000x20000 = 400 megapixels; at most 180 are decoded at once)'}, d
    assert d['rss'] < 900, d                                          # the full page at 12000x12000 in RGB alone is 432 MB; was 2.7 GB

def test_worker_warnings_shown_once(tmp_path):
    "8. A warning raised in every worker is shown once, not once per worker"
    (tmp_path/'mywear.py').write_text("import warnings\ndef noisy(image, anns, rng):\n    warnings.warn('my scanner is warming up')\n    return image, anns\n")
    code = f"from mywear import noisy\nfrom redsynth import make_synthetic_dataset\nmake_synthetic_dataset({str(tmp_path/'ds')!r}, n=8, workers=2, dpi=50, wear=noisy, progress=False)\n"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                       env={**ENV, 'PYTHONPATH': os.pathsep.join((str(tmp_path), ENV['PYTHONPATH']))})
    assert r.returncode == 0, r.stderr
    assert r.stderr.count('my scanner is warming up') == 1, r.stderr

def test_grow_dataset_with_same_seed(tmp_path):
    "8. --n 3 then --n 5 adds two samples (sample i depends on (seed, i) only): the same bytes as --n 5 at once"
    rs('make', tmp_path/'grown', '--n', 3, '--workers', 1, *FAST, check=0)
    r = rs('make', tmp_path/'grown', '--n', 5, '--workers', 2, *FAST, check=0)
    assert '5 images (2 made, 3 already there)' in r.stdout, r.stdout
    rs('make', tmp_path/'once', '--n', 5, '--workers', 1, *FAST, check=0)
    assert hashes(tmp_path/'grown') == hashes(tmp_path/'once')

"The `redsynth` command line, run as a user would: in subprocesses, checking exit status, output and files."
import hashlib, json, os, signal, subprocess, sys, time, tomllib
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
CMD = [sys.executable, '-c', 'from redsynth.cli import main; main()']
ENV = {**os.environ, 'PYTHONPATH': os.pathsep.join(p for p in (str(ROOT), os.environ.get('PYTHONPATH', '')) if p), 'MPLBACKEND': 'Agg'}

def rs(*args, check=None, timeout=300):
    "Run `redsynth ARGS`; returns the CompletedProcess (asserting the exit status when `check` is given)"
    r = subprocess.run([*CMD, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=timeout)
    if check is not None: assert r.returncode == check, (r.returncode, r.stdout, r.stderr)
    return r

def hashes(d: Path) -> dict:
    return {str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob('*')) if p.is_file()}

MAKE = ('--seed', '3', '--workers', '2', '--formats', 'coco', 'yolo', '--no-progress', '--valid-share', '0.3')

@pytest.fixture(scope='module')
def made(tmp_path_factory):
    "A small dataset made once through the CLI (n=8, two workers, YOLO too)"
    out = tmp_path_factory.mktemp('cli')/'ds'
    r = rs('make', out, '--n', 8, *MAKE, check=0)
    return out, r

def test_console_script_declared():
    cfg = tomllib.loads((ROOT/'pyproject.toml').read_text())
    assert cfg['project']['scripts']['redsynth'] == 'redsynth.cli:main'

@pytest.mark.parametrize('sub', [None, 'make', 'check', 'show', 'stats', 'merge', 'compare', 'fit', 'score'])
def test_help(sub):
    r = rs(*([sub] if sub else []), '--help', check=0)
    assert r.stdout.startswith('usage: redsynth') and (sub is None or sub in r.stdout.splitlines()[0])

def test_make_check_show_stats(made, tmp_path):
    out, r = made
    assert '8 images (8 made, 0 already there)' in r.stdout, r.stdout
    assert (out/'train.json').exists() and (out/'valid.json').exists() and (out/'data.yaml').exists()
    c = rs('check', out, check=0)
    assert c.stdout.startswith('OK') and '8 images' in c.stdout
    s = rs('show', out, '--n', 4, '--save', tmp_path/'grid.png', check=0)
    assert (tmp_path/'grid.png').stat().st_size > 10_000, s.stdout
    st = rs('stats', out, '--save', tmp_path/'stats.png', check=0)
    assert st.stdout.startswith('8 images') and (tmp_path/'stats.png').exists()

def test_rerun_is_a_noop(made):
    out, _ = made
    before = hashes(out)
    r = rs('make', out, '--n', 8, *MAKE, check=0)
    assert '(0 made, 8 already there)' in r.stdout
    assert hashes(out) == before

def test_check_fails_on_broken_dataset(made, tmp_path):
    import shutil
    out = tmp_path/'broken'; shutil.copytree(made[0], out)
    d = json.loads((out/'train.json').read_text())
    d['annotations'][0]['bbox'] = [-50, 0, 10, 10]
    (out/'train.json').write_text(json.dumps(d))
    r = rs('check', out, check=1)
    assert 'leaves its' in r.stdout and 'Traceback' not in r.stdout + r.stderr

def test_merge(made, tmp_path):
    out, _ = made
    real = json.loads((out/'train.json').read_text())
    real['images'] = real['images'][:2]
    for o in real['images']: o['file_name'] = str((out/o['file_name']).resolve())
    real['annotations'] = [a for a in real['annotations'] if a['image_id'] in {o['id'] for o in real['images']}]
    (tmp_path/'real.json').write_text(json.dumps(real))
    r = rs('merge', tmp_path/'real.json', out, '--out', tmp_path/'m.json', '--ratio', 1, check=0)
    assert '2 real + 2 synthetic images' in r.stdout, r.stdout
    rs('check', tmp_path/'m.json', check=0)

@pytest.mark.parametrize('args,msg', [
    (('--n', '0'), 'n must be an int >= 1'),
    (('--n', 'ten'), "invalid int value: 'ten'"),
    (('--n', '2', '--marks', 'extreme'), "'extreme'"),
    (('--n', '2', '--wear', 'sepia'), "'sepia'"),
    (('--n', '2', '--dpi', '5000'), 'dpi must be'),
    (('--n', '2', '--sources', '/no/such/dir'), 'does not exist'),
])
def test_bad_make_arguments(tmp_path, args, msg):
    r = rs('make', tmp_path/'out', *args, '--no-progress')
    assert r.returncode == 2 and msg in r.stderr, (r.returncode, r.stderr)
    assert 'Traceback' not in r.stderr and not (tmp_path/'out').exists()

def test_bad_output_folders(made, tmp_path):
    (tmp_path/'afile').write_text('x')
    r = rs('make', tmp_path/'afile', '--n', 2, '--no-progress', check=2)
    assert 'is a file' in r.stderr
    (tmp_path/'foreign').mkdir(); (tmp_path/'foreign/thesis.tex').write_text('x')
    r = rs('make', tmp_path/'foreign', '--n', 2, '--no-progress', check=2)
    assert 'holds no redsynth dataset' in r.stderr and (tmp_path/'foreign/thesis.tex').exists()
    r = rs('make', made[0], '--n', 8, *MAKE, '--seed', '4', check=2)   # same folder, other settings (a larger n just adds samples)
    assert 'other settings' in r.stderr and 'seed: 3 -> 4' in r.stderr and 'Traceback' not in r.stderr
    r = rs('check', tmp_path/'nothing', check=1)
    assert 'does not exist' in r.stdout

def test_kill_9_then_resume(made, tmp_path):
    "kill -9 mid-run leaves only whole json files; the rerun finishes and equals an uninterrupted run"
    out, n = tmp_path/'killed', 24
    p = subprocess.Popen([*CMD, 'make', str(out), '--n', str(n), *MAKE], cwd=ROOT, env=ENV, start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while len(list((out/'records').glob('*.json'))) < 6 and time.time() - t0 < 120 and p.poll() is None: time.sleep(0.05)
    assert p.poll() is None, 'finished before it could be killed'
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    recs = list((out/'records').glob('*.json'))
    assert 6 <= len(recs) < n
    for f in recs: json.loads(f.read_text())                       # no torn record
    assert not (out/'train.json').exists()
    assert rs('check', out).returncode == 1
    r = rs('make', out, '--n', n, *MAKE, check=0)
    assert f'already there' in r.stdout and '0 already there' not in r.stdout
    rs('make', tmp_path/'clean', '--n', n, *MAKE, check=0)
    assert hashes(out) == hashes(tmp_path/'clean')
    rs('check', out, check=0)

def test_progress_bar_and_quiet(made, tmp_path):
    assert made[1].stderr.strip() == '', made[1].stderr          # --quiet: nothing on stderr
    r = rs('make', tmp_path/'loud', '--n', 2, '--workers', 1, check=0)
    assert '100%' in r.stderr and '2/2' in r.stderr, r.stderr

FIX = ROOT.parent/'shared'/'fixtures'/'real_pdfs'

@pytest.mark.skipif(not FIX.exists(), reason=f'real PDF fixtures absent ({FIX})')
def test_make_with_real_sources_png(tmp_path):
    out = tmp_path/'real'
    rs('make', out, '--n', 4, '--sources', FIX, '--real-fraction', 1, '--image-format', 'png', '--workers', 1, '--no-progress', check=0)
    recs = [json.loads(f.read_text()) for f in sorted((out/'records').glob('*.json'))]
    assert len(recs) == 4 and all(r['real'] and r['layout'] == 'pdf' and r['file_name'].endswith('.png') for r in recs)
    assert {Path(r['source']).parent for r in recs} == {FIX}
    rs('check', out, check=0)

def test_without_torch(tmp_path):
    "Where torch is missing (no `detect` extra), every command but score works, and score says what to install"
    block = ("import sys, importlib.abc\n"
             "class NoTorch(importlib.abc.MetaPathFinder):\n"
             "    def find_spec(self, name, path, target=None):\n"
             "        if name.split('.')[0] == 'torch': raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
             "sys.meta_path.insert(0, NoTorch())\n"
             "from redsynth.cli import main; main()")
    run = lambda *a: subprocess.run([sys.executable, '-c', block, *map(str, a)], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300)
    r = run('make', tmp_path/'d', '--n', 2, '--workers', 1, '--no-progress')
    assert r.returncode == 0 and '2 images (2 made' in r.stdout, (r.stdout, r.stderr)
    r = run('score', tmp_path/'d', tmp_path/'d')
    assert r.returncode == 2 and 'needs torch: pip install torch==2.13.0' in r.stderr and 'Traceback' not in r.stderr, r.stderr

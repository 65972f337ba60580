"End-to-end tests of the command-line tools on the bundled sample (what notebooks show badly)."
import json, os, signal, subprocess, sys, tarfile
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from cifar_s11.data import sample_path
from cifar_s11.analysis import REPORT_FIGURES

BIN = Path(sys.executable).parent


def run(*args, env=None, check=None):
    "Run a cifar-s11 command; return (returncode, stdout, stderr)."
    r = subprocess.run([str(BIN/args[0]), *map(str, args[1:])], capture_output=True, text=True, env=env)
    if check is not None: assert r.returncode == check, r.stdout + r.stderr
    return r.returncode, r.stdout, r.stderr


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv('CIFAR_S11_CACHE', str(tmp_path/'cache'))


def test_train_then_evaluate(tmp_path):
    out = tmp_path/'run'
    run('cifar-s11-train', '--data', 'sample', '--epochs', '1', '--bs', '50', '--out', out, '--quiet', check=0)
    assert {p.name for p in out.iterdir()} == {'checkpoint.pt', 'history.json', 'curves.png', 'model.safetensors', '.lock'}
    assert (out/'.lock').read_text() == ''   # held while the run ran, released at its end
    hist = json.loads((out/'history.json').read_text())
    assert len(hist['epochs']) == 1 and hist['n_train'] == 100
    for w in ('model.safetensors', 'checkpoint.pt'):
        _, so, _ = run('cifar-s11-evaluate', '--weights', out/w, '--data', 'sample', '--json', check=0)
        res = json.loads(so)
        assert res['n'] == 100 and abs(res['accuracy'] - hist['epochs'][-1]['test_acc']) < 1e-6
        assert res['loss'] > 0


def test_folder_and_archive_sources(tmp_path):
    arc = tmp_path/'mini.tar.gz'
    with tarfile.open(arc, 'w:gz') as tf: tf.add(sample_path(), arcname='mini')
    for src in (sample_path(), arc):
        out = tmp_path/f'run-{Path(src).name}'
        run('cifar-s11-train', '--data', src, '--epochs', '1', '--bs', '50', '--limit', '50', '--out', out, '--quiet', check=0)
        assert json.loads((out/'history.json').read_text())['n_test'] == 50


def _weights(path): return load_file(str(path))


KILL_AFTER_EPOCH_2 = """
import os, signal, sys
from cifar_s11.train import Trainer, train_cli
save = Trainer.save_checkpoint
def save_then_die(self):
    save(self)
    if self.epoch == 2 and self.step == 0: os.kill(os.getpid(), signal.SIGKILL)   # as a lost machine would, right after a checkpoint
Trainer.save_checkpoint = save_then_die
sys.exit(train_cli())
"""


def test_resume_after_sigkill_matches_uninterrupted(tmp_path):
    args = ['--data', 'sample', '--epochs', '4', '--bs', '10', '--limit', '40', '--amp', 'off', '--device', 'cpu', '--seed', '3', '--quiet']
    run('cifar-s11-train', *args, '--out', tmp_path/'straight', check=0)

    out, script = tmp_path/'killed', tmp_path/'killed.py'
    script.write_text(KILL_AFTER_EPOCH_2)
    p = subprocess.run([sys.executable, str(script), *args, '--out', str(out)], capture_output=True, text=True)
    assert p.returncode == -signal.SIGKILL, p.stderr
    assert not (out/'model.safetensors').exists()
    ck = torch.load(out/'checkpoint.pt', weights_only=True)   # the last checkpoint is intact
    assert (ck['epoch'], ck['step']) == (2, 0)

    code, so, se = run('cifar-s11-train', *args, '--out', out)   # refuses to overwrite without a flag
    warning, error = se.strip().splitlines()                  # the dead run's lock is taken over, then the folder is refused
    assert code == 1 and warning.startswith(f"warning: {out}: taking over the lock of process ") and '--resume' in error
    run('cifar-s11-train', *args, '--out', out, '--resume', check=0)
    a, b = _weights(tmp_path/'straight'/'model.safetensors'), _weights(out/'model.safetensors')
    assert a.keys() == b.keys()
    for k in a: assert torch.equal(a[k], b[k]), k
    assert not list(out.glob('.*tmp')), "temporary files left behind"
    assert len(json.loads((out/'history.json').read_text())['epochs']) == 4


@pytest.mark.parametrize('make, expect', [
    (lambda d: d/'missing', 'no such file or folder'),
    (lambda d: (d/'empty').mkdir() or d/'empty', 'expected image folders train/<class>/ and test/<class>/'),
    (lambda d: (d/'x.txt').write_text('hi') and d/'x.txt', 'not a folder or a .tar/.tar.gz archive'),
    (lambda d: (d/'bad.tar.gz').write_bytes(b'\x1f\x8b' + b'0'*100) and d/'bad.tar.gz', 'not a readable .tar/.tar.gz archive'),
])
def test_bad_data_gives_one_line(tmp_path, make, expect):
    code, so, se = run('cifar-s11-train', '--data', make(tmp_path), '--out', tmp_path/'run', '--quiet')
    assert code == 1, se
    assert se.startswith('error: ') and expect in se and len(se.strip().splitlines()) == 1, se
    assert 'Traceback' not in se and not (tmp_path/'run').exists()


def test_bad_checkpoint_gives_one_line(tmp_path):
    (tmp_path/'junk.pt').write_bytes(os.urandom(2000))
    for f, expect in (('missing.safetensors', 'no such weights file'), ('junk.pt', 'not a readable checkpoint')):
        code, _, se = run('cifar-s11-evaluate', '--weights', tmp_path/f, '--data', 'sample')
        assert code == 1 and expect in se and len(se.strip().splitlines()) == 1, se


@pytest.mark.parametrize('cmd', ['cifar-s11-train', 'cifar-s11-evaluate', 'cifar-s11-gradcam', 'cifar-s11-card', 'cifar-s11-report', 'cifar-s11-run', 'cifar-s11-bench', 'cifar-s11-triage'])
def test_help_names_the_data(cmd):
    code, so, _ = run(cmd, '--help')
    assert code == 0 and 'usage:' in so and '--data' in so


def test_run_writes_the_whole_report(tmp_path):
    "`cifar-s11-run` trains, then writes every report file; report.html embeds every image as a valid PNG."
    import base64, io, re
    from PIL import Image
    out = tmp_path/'run'
    _, so, _ = run('cifar-s11-run', '--data', 'sample', '--epochs', '1', '--bs', '50', '--out', out, '--quiet', check=0)
    assert 'report.html' in so
    want = {*REPORT_FIGURES, 'summary.txt', 'metrics.json', 'report.html', 'checkpoint.pt', 'history.json', 'model.safetensors'}
    assert want <= {p.name for p in out.iterdir()}
    page = (out/'report.html').read_text()
    imgs = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert [base64.b64decode(b) for b in imgs] == [(out/f).read_bytes() for f in REPORT_FIGURES]   # every figure, in the report's order
    for b in imgs:
        w, h = Image.open(io.BytesIO(base64.b64decode(b))).size
        assert w > 100 and h > 100
    m = json.loads((out/'metrics.json').read_text())
    assert m['mistakes'] == sum(m['verdicts'].values()) == round((1 - m['accuracy'])*m['n'])   # one set of predictions for every section
    code, _, se = run('cifar-s11-report', '--weights', tmp_path/'nothing', '--data', 'sample')
    assert code == 1 and 'no such weights file or run folder' in se and len(se.strip().splitlines()) == 1


def test_triage_to_a_pipe(tmp_path):
    "`cifar-s11-triage` on the bundled sample with the shipped weights: a table, a figure, no progress-bar escapes in a pipe, no stray files."
    code, so, se = run('cifar-s11-triage', '--data', 'sample', '--n', '5', '--out', tmp_path/'o')
    assert code == 0, se
    rows = [l for l in so.splitlines() if l.split()[:1] and l.split()[0].isdigit()]
    assert len(rows) == 5 and (tmp_path/'o'/'triage.png').exists()
    assert '\r' not in so + se and '\x1b' not in so + se
    assert [p.name.startswith('embeddings-') and p.suffix == '.npz' for p in (tmp_path/'cache').iterdir()] == [True]   # the training set's, in $CIFAR_S11_CACHE

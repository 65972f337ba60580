"Long runs on real machines: stopped by a signal, two runs aimed at one folder, a full or read-only disk, a resume with another recipe, a GPU out of memory."
import os, signal, subprocess, sys, textwrap
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from cifar_s11.model import shipped_weights

BIN = Path(sys.executable).parent
ARGS = ['--data', 'sample', '--amp', 'off', '--device', 'cpu', '--seed', '3', '--quiet']
LONG = ['--epochs', '3', '--bs', '4']   # the sample's 100 training images: 25 steps an epoch, a few seconds on a CPU


def run(*args, check=None):
    "Run a cifar-s11 command; return (returncode, stdout, stderr)."
    r = subprocess.run([str(BIN/args[0]), *map(str, args[1:])], capture_output=True, text=True)
    if check is not None: assert r.returncode == check, r.stdout + r.stderr
    return r.returncode, r.stdout, r.stderr


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch): monkeypatch.setenv('CIFAR_S11_CACHE', str(tmp_path/'cache'))


@pytest.fixture(scope='module')
def straight(tmp_path_factory):
    "The weights of the same run, never stopped."
    out = tmp_path_factory.mktemp('straight')/'run'
    run('cifar-s11-train', *ARGS, *LONG, '--out', out, check=0)
    return load_file(str(out/'model.safetensors'))


SIGNAL_AT_STEP = """
import os, signal, sys
from cifar_s11.train import Trainer, train_cli
step, calls = Trainer._step, [0]
def step_then_signal(self, *args, **kwargs):
    out = step(self, *args, **kwargs); calls[0] += 1
    if calls[0] == {at}: os.kill(os.getpid(), signal.{sig})          # as Ctrl-C or a scheduler would, in the middle of a step
    return out
Trainer._step = step_then_signal
sys.exit(train_cli())
"""


def stop_mid_epoch(out, sig):
    "Run the command, sending it `sig` during the 10th step of its second epoch; return its exit code, stderr and checkpoint."
    script = out.parent/f'stop_{sig.name}.py'
    script.write_text(SIGNAL_AT_STEP.format(at=25 + 10, sig=sig.name))
    r = subprocess.run([sys.executable, str(script), *ARGS, *LONG, '--out', str(out)], capture_output=True, text=True)
    return r.returncode, r.stderr, torch.load(out/'checkpoint.pt', weights_only=True)


def test_sigterm_mid_epoch_then_resume_is_exact(tmp_path, straight):
    out = tmp_path/'run'
    code, se, ck = stop_mid_epoch(out, signal.SIGTERM)
    assert code == 143, se
    assert se.startswith('stopped: SIGTERM in epoch 2, after ') and '--resume' in se and len(se.strip().splitlines()) == 1, se
    assert (ck['epoch'], ck['step']) == (1, 10)   # saved in the middle of epoch 2, before its 11th step
    assert not (out/'model.safetensors').exists() and not list(out.glob('.*tmp'))
    run('cifar-s11-train', *ARGS, *LONG, '--out', out, '--resume', check=0)
    resumed = load_file(str(out/'model.safetensors'))
    for k in straight: assert torch.equal(straight[k], resumed[k]), k


def test_ctrl_c_mid_epoch(tmp_path):
    out = tmp_path/'run'
    code, se, ck = stop_mid_epoch(out, signal.SIGINT)
    assert code == 130 and se.startswith('stopped: SIGINT in epoch 2, after 10 of 25 steps') and len(se.strip().splitlines()) == 1, se
    assert (ck['epoch'], ck['step']) == (1, 10)
    run('cifar-s11-train', *ARGS, *LONG, '--out', out, '--resume', check=0)


def test_one_run_per_folder(tmp_path):
    out = tmp_path/'run'
    holder = subprocess.Popen([sys.executable, '-c', f"import sys\nfrom cifar_s11.train import run_lock\nwith run_lock({str(out)!r}): print('held', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == 'held\n'                    # held until we let go
    for cmd, extra in (('cifar-s11-train', ['--resume']), ('cifar-s11-train', ['--overwrite']), ('cifar-s11-train', []), ('cifar-s11-run', [])):
        code, _, se = run(cmd, *ARGS, *LONG, '--out', out, *extra)
        assert code == 1 and se.startswith(f'error: {out} is in use by process {holder.pid} on ') and len(se.strip().splitlines()) == 1, (cmd, se)
    holder.kill(); holder.wait()
    # the lock of a process that no longer exists is taken over, with a warning that names it
    code, _, se = run('cifar-s11-train', *ARGS, '--epochs', '1', '--bs', '50', '--out', out, '--resume')
    assert code == 0 and f'taking over the lock of process {holder.pid} on ' in se, se
    assert (out/'.lock').read_text() == '' and (out/'model.safetensors').exists()


@pytest.fixture
def small_disk(tmp_path):
    "A 150 MB tmpfs (a resnet18 checkpoint is about 90 MB), or a skip that says why there is none."
    disk = tmp_path/'disk'; disk.mkdir()
    if os.geteuid() != 0: pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=150M', 'tmpfs', str(disk)], capture_output=True, text=True)
    if r.returncode: pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    yield disk
    subprocess.run(['umount', str(disk)])


def test_full_disk_keeps_the_last_checkpoint(small_disk):
    out = small_disk/'run'
    code, _, se = run('cifar-s11-train', *ARGS, '--epochs', '3', '--bs', '50', '--out', out)
    assert code == 1 and se == f"error: {out/'checkpoint.pt'}: could not write it (No space left on device); the previous version is unchanged\n", se
    assert torch.load(out/'checkpoint.pt', weights_only=True)['epoch'] == 1     # the first checkpoint fitted; the second did not
    assert not list(out.glob('.*tmp'))


def test_read_only_disk(small_disk):
    out = small_disk/'run'
    run('cifar-s11-train', *ARGS, '--epochs', '1', '--bs', '50', '--out', out, check=0)
    subprocess.run(['mount', '-o', 'remount,ro', str(small_disk)], check=True)
    code, _, se = run('cifar-s11-report', '--weights', out, '--data', 'sample', '--device', 'cpu')
    assert code == 1 and se == f"error: {out/'curves.png'}: could not write it (Read-only file system); the previous version is unchanged\n", se
    code, _, se = run('cifar-s11-train', *ARGS, '--epochs', '1', '--bs', '50', '--out', small_disk/'other')
    assert code == 1 and se.startswith(f"error: {small_disk/'other'}: cannot create the run folder or its lock (Read-only file system)"), se


def test_resume_with_another_recipe_is_refused(tmp_path):
    out = tmp_path/'run'
    run('cifar-s11-train', *ARGS, '--epochs', '1', '--bs', '50', '--out', out, check=0)
    code, _, se = run('cifar-s11-train', *ARGS, '--epochs', '2', '--bs', '25', '--lr', '0.05', '--out', out, '--resume')
    assert code == 1 and len(se.strip().splitlines()) == 1, se
    assert se.startswith(f"error: {out} was trained with --epochs 1, --bs 50, --lr 0.1, not --epochs 2, --bs 25, --lr 0.05; resume it with its own settings"), se
    assert se.strip().endswith("or start again with --overwrite"), se
    # what only changes speed may change, and options left out mean the checkpoint's
    run('cifar-s11-train', *ARGS, '--epochs', '1', '--bs', '50', '--eval-bs', '64', '--compile', 'off', '--out', out, '--resume', check=0)
    run('cifar-s11-train', '--data', 'sample', '--amp', 'off', '--seed', '3', '--quiet', '--out', out, '--resume', check=0)


def _script(tmp_path, body):
    "A script that changes the package as `body` says, then runs a command's main: the way to fake a GPU running out of memory."
    f = tmp_path/'oom.py'
    f.write_text(textwrap.dedent(body))
    return f


def test_out_of_gpu_memory_names_the_batch_size(tmp_path):
    train = _script(tmp_path, '''
        import sys, torch
        from cifar_s11.train import Trainer, train_cli
        def oom(self, *args, **kwargs): raise torch.cuda.OutOfMemoryError('CUDA out of memory. Tried to allocate 2.00 GiB')
        Trainer._step = oom
        sys.exit(train_cli())''')
    r = subprocess.run([sys.executable, str(train), '--data', 'sample', '--bs', '50', '--out', str(tmp_path/'run'), '--quiet'], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr == "error: out of GPU memory while training at batch size 50; try a smaller batch, e.g. --bs 25\n", r.stderr
    evaluate = _script(tmp_path, '''
        import sys, torch, cifar_s11.classifier as c
        def oom(*args, **kwargs): raise torch.cuda.OutOfMemoryError('CUDA out of memory. Tried to allocate 2.00 GiB')
        c.conv_layout = oom      # inside the network's pass, as a real one would be
        sys.exit(c.evaluate_cli())''')
    r = subprocess.run([sys.executable, str(evaluate), '--weights', str(shipped_weights()),
                        '--data', 'sample', '--bs', '512'], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr == "error: out of GPU memory while predicting at batch size 512; try a smaller batch, e.g. --bs 256\n", r.stderr

"One contract for every command: the same flag for the same thing, a device this machine lacks refused in one line, old spellings still working with a one-line warning, counts out of range refused, and `--json` printing one document and nothing else."
import json, subprocess, sys
from pathlib import Path

import pytest
import torch
from PIL import Image

BIN = Path(sys.executable).parent
# command: (loads a model, measures or lists, shows progress)
COMMANDS = {'cifar-s11-train': (False, True, True), 'cifar-s11-run': (False, True, True), 'cifar-s11-evaluate': (True, True, True),
            'cifar-s11-report': (True, True, True), 'cifar-s11-gradcam': (True, True, True), 'cifar-s11-card': (True, True, True),
            'cifar-s11-triage': (True, True, True), 'cifar-s11-explain': (True, True, False), 'cifar-s11-explore': (True, False, False),
            'cifar-s11-bench': (False, True, False), 'cifar-s11-slices': (True, True, True)}


def run(*args, cwd=None):
    r = subprocess.run([str(BIN/args[0]), *map(str, args[1:])], capture_output=True, text=True, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch): monkeypatch.setenv('CIFAR_S11_CACHE', str(tmp_path/'cache'))


@pytest.fixture
def image(tmp_path):
    p = tmp_path/'a.png'; Image.new('RGB', (40, 30), (200, 40, 40)).save(p); return p


def args_for(cmd, image, tmp_path):
    "The least a command needs to get to its device."
    return {'cifar-s11-explain': [image], 'cifar-s11-bench': ['--quick']}.get(cmd, []) + ['--data', 'sample', '--out', tmp_path/'o'] * (cmd not in ('cifar-s11-explore', 'cifar-s11-bench', 'cifar-s11-explain', 'cifar-s11-evaluate'))


@pytest.mark.parametrize('cmd', COMMANDS)
def test_help_lists_the_contract(cmd):
    weights, measures, progress = COMMANDS[cmd]
    code, out, _ = run(cmd, '--help')
    assert code == 0
    for flag, wanted in (('--weights', weights), ('--json', measures), ('--quiet', progress), ('--device', True)):
        assert (flag in out) == wanted, (cmd, flag)
    for old in ('--checkpoint', '--run', '--top', '--compare', '--images'): assert old not in out, (cmd, old)   # old spellings work, unlisted
    code, _, err = run(cmd, '--no-such-option')
    assert code == 2 and err.startswith('usage:')


@pytest.mark.parametrize('cmd', COMMANDS)
@pytest.mark.parametrize('device', ['nonsense', 'cuda'])
def test_a_device_this_machine_lacks_is_one_line(cmd, device, image, tmp_path):
    if device == 'cuda' and torch.cuda.is_available(): pytest.skip('this machine has a CUDA GPU')
    code, out, err = run(cmd, *args_for(cmd, image, tmp_path), '--device', device)
    assert code == 1 and err.count('\n') == 1 and err.startswith(f'error: --device {device}: '), (cmd, err)
    assert 'Traceback' not in err and out == ''
    assert not (tmp_path/'o').exists()    # refused before any work: nothing written


@pytest.mark.parametrize('cmd, old, new', [('cifar-s11-evaluate', '--checkpoint', '--weights'), ('cifar-s11-gradcam', '--checkpoint', '--weights'),
                                           ('cifar-s11-triage', '--checkpoint', '--weights'), ('cifar-s11-explain', '--checkpoint', '--weights'),
                                           ('cifar-s11-report', '--run', '--weights'), ('cifar-s11-explore', '--run', '--weights')])
def test_old_spellings_still_work_with_a_warning(cmd, old, new, image, tmp_path):
    code, _, err = run(cmd, *args_for(cmd, image, tmp_path), old, tmp_path/'none.safetensors')   # no such file: the old name still reaches the loader
    lines = err.splitlines()
    assert code == 1 and len(lines) == 2, err
    assert lines[0] == f"warning: {old} is now {new}; the old name goes in version 0.7"
    assert lines[1].startswith(f"error: {tmp_path/'none.safetensors'}: no such weights file")


@pytest.mark.parametrize('cmd, bad', [('cifar-s11-evaluate', ['--limit', '0']), ('cifar-s11-gradcam', ['--n', '0']), ('cifar-s11-card', ['--n', '0']),
                                      ('cifar-s11-report', ['--n', '0']), ('cifar-s11-triage', ['--n', '0']), ('cifar-s11-triage', ['--k', '0']),
                                      ('cifar-s11-evaluate', ['--bs', '0']), ('cifar-s11-gradcam', ['--limit', '-3']),
                                      ('cifar-s11-slices', ['--min-size', '0']), ('cifar-s11-slices', ['--n', '0'])])
def test_counts_out_of_range_are_one_line(cmd, bad, tmp_path):
    code, _, err = run(cmd, '--data', 'sample', *bad)
    assert code == 1 and err == f"error: {bad[0]} {bad[1]}: must be at least 1\n", err


@pytest.mark.parametrize('cmd, extra', [('cifar-s11-evaluate', ['--limit', '20']),
                                        ('cifar-s11-triage', ['--limit', '20', '--n', '3']),
                                        ('cifar-s11-gradcam', ['--limit', '40', '--n', '2', '--method', 'eigencam']),
                                        ('cifar-s11-card', ['--n', '1', '--methods', 'gradcam']),
                                        ('cifar-s11-train', ['--epochs', '1', '--bs', '20', '--limit', '40']),
                                        ('cifar-s11-explain', []), ('cifar-s11-slices', ['--limit', '60'])])
def test_json_is_one_document_and_nothing_else(cmd, extra, image, tmp_path):
    args = [image] if cmd == 'cifar-s11-explain' else ['--data', 'sample']
    out_dir = [] if cmd == 'cifar-s11-evaluate' else ['--out', tmp_path/'o']
    code, out, err = run(cmd, *args, *extra, *out_dir, '--device', 'cpu', '--json')
    assert code == 0, err
    doc = json.loads(out)                 # the whole of stdout is one document
    assert isinstance(doc, list if cmd == 'cifar-s11-slices' else dict) and out.count('\n') == 1
    assert '\r' not in out + err and '\x1b' not in out + err      # no progress bar drawn anywhere

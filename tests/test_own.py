"A network and a folder of one's own, from the command line: a file that defines the network, a folder of four classes at 40×40; train, report, evaluate, and every way to get `--arch` wrong, each one line."
import json, subprocess, sys
from pathlib import Path

import pytest
from PIL import Image

from cifar_s11.data import load_cifar, CIFAR10_CLASSES

BIN = Path(sys.executable).parent
MODELS = '''import torch.nn as nn
open(__file__ + '.ran', 'a').write('x')      # a mark each time this file is run
class TinyNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU())
        self.fc = nn.Linear(32, num_classes)
    def forward(self, x): return self.fc(self.conv(x).mean((2, 3)))
def wrong(): return TinyNet(7)
NUMBER = 3
'''


def run(*args, cwd=None):
    r = subprocess.run([str(BIN/args[0]), *map(str, args[1:])], capture_output=True, text=True, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture(scope='module')
def own(tmp_path_factory):
    "A folder `my_folder` of four classes at 40×40 (some grey) and a file `my_models.py`, in one working folder."
    root = tmp_path_factory.mktemp('own')
    s = load_cifar('sample', progress=False)
    for split, part in (('train', s.train), ('test', s.test)):
        for c in ('bird', 'cat', 'deer', 'truck'):
            (root/'my_folder'/split/c).mkdir(parents=True)
            for k, i in enumerate((part.y == CIFAR10_CLASSES.index(c)).nonzero()[:, 0].tolist()):
                im = Image.fromarray(part.x[i].permute(1, 2, 0).numpy()).resize((40, 40))
                (im.convert('L') if k % 4 == 0 else im).save(root/'my_folder'/split/c/f"{k}.png")
    (root/'my_models.py').write_text(MODELS)
    return root


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch): monkeypatch.setenv('CIFAR_S11_CACHE', str(tmp_path/'cache'))


@pytest.mark.parametrize('arch', ['my_models.py:TinyNet', 'torchvision.models:mobilenet_v3_small'])
def test_train_then_report(own, arch, tmp_path):
    out = tmp_path/'r'
    code, so, se = run('cifar-s11-train', '--arch', arch, '--data', own/'my_folder', '--epochs', '1', '--bs', '10', '--out', out, '--device', 'cpu', '--quiet', cwd=own)
    assert code == 0, se
    code, so, se = run('cifar-s11-report', '--weights', out, '--arch', arch, '--data', own/'my_folder', '--device', 'cpu', '--json', cwd=own)
    assert code == 0, se
    doc = json.loads(so)
    assert list(doc['per_class_accuracy']) == ['bird', 'cat', 'deer', 'truck'] and doc['n'] == 40
    assert (out/'report.html').exists() and (out/'gradcam.png').exists() and (out/'label_issues.png').exists()
    code, so, se = run('cifar-s11-evaluate', '--weights', out, '--data', own/'my_folder', '--device', 'cpu', cwd=own)   # no --arch
    assert code == 1 and se.count('\n') == 1 and f"saved with --arch {arch}; pass that --arch to load them" in se, se


def test_loading_never_runs_the_file_it_names(own, tmp_path):
    out = tmp_path/'r'
    run('cifar-s11-train', '--arch', 'my_models.py:TinyNet', '--data', own/'my_folder', '--epochs', '1', '--bs', '20', '--out', out, '--device', 'cpu', '--quiet', cwd=own)
    mark = own/'my_models.py.ran'
    mark.unlink(missing_ok=True)
    code = f"from cifar_s11.classifier import Classifier\ntry: Classifier.load({str(out)!r}, 'cpu')\nexcept Exception as e: print(e)"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=own)
    assert r.stdout.count('\n') == 1 and "pass that arch= to load them" in r.stdout, r.stdout + r.stderr
    assert not mark.exists(), "loading the weights ran the file they name"
    code += "\nprint(Classifier.load({!r}, 'cpu', arch='my_models.py:TinyNet'))".format(str(out))
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=own)
    assert 'Classifier(my_models.py:TinyNet, 4 classes; 1 epochs on my_folder' in r.stdout, r.stdout + r.stderr
    assert mark.read_text() == 'x'      # named by the caller: run once
    # a resume that does not name the network is refused, and runs nothing either
    mark.unlink()
    code, _, se = run('cifar-s11-train', '--data', own/'my_folder', '--epochs', '1', '--bs', '20', '--out', out, '--device', 'cpu', '--resume', cwd=own)
    assert code == 1 and "the run trains a network of your own (--arch my_models.py:TinyNet); pass that --arch to resume it" in se, se
    assert not mark.exists()


@pytest.mark.parametrize('arch, why', [('my_models.py:wrong', 'gives 2×7 for 2 images; it must give 2×4'),
                                       ('my_models.py:NUMBER', 'is not callable'), ('my_models.py:Nothing', 'has no Nothing'),
                                       ('nope.py:TinyNet', 'no such file nope.py'), ('no_such_package.models:net', 'could not import no_such_package.models'),
                                       ('resnet50', 'not a network of ours (resnet18, resnet34), nor one of yours')])
def test_a_bad_arch_is_one_line(own, arch, why, tmp_path):
    code, _, se = run('cifar-s11-train', '--arch', arch, '--data', own/'my_folder', '--epochs', '1', '--out', tmp_path/'r', '--device', 'cpu', cwd=own)
    assert code == 1 and se.count('\n') == 1 and se.startswith(f"error: --arch {arch}: ") and why in se, se
    assert not (tmp_path/'r'/'checkpoint.pt').exists()


def test_a_folder_of_mixed_sizes(own, tmp_path):
    mixed = tmp_path/'mixed'
    import shutil; shutil.copytree(own/'my_folder', mixed)
    Image.new('RGB', (64, 48)).save(mixed/'train'/'cat'/'big.png')
    code, _, se = run('cifar-s11-train', '--data', mixed, '--epochs', '1', '--out', tmp_path/'r', '--device', 'cpu')
    assert code == 1 and 'images of more than one size' in se and se.strip().endswith('pass --size to resize every image to one size'), se
    code, so, se = run('cifar-s11-train', '--data', mixed, '--size', '32', '--epochs', '1', '--bs', '20', '--out', tmp_path/'r', '--device', 'cpu', '--json')
    assert code == 0, se
    assert json.loads(so)['n_train'] == 41

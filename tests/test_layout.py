"The package's layout: dependencies point one way, no module reaches into another's private names, and every prediction or score of a network goes through the classifier's one pass."
import ast, traceback
from pathlib import Path

import pytest
import torch

import cifar_s11
from cifar_s11.classifier import Classifier
from cifar_s11.data import load_cifar

PKG = Path(cifar_s11.__file__).parent
# Each module may import only modules before it (the order of `../shared/layout.md`, the CAM split in its place);
# `_modidx` is nbdev's generated index of the package's names, which the docs read to link them.
ORDER = ['_modidx', 'core', 'data', 'model', 'runs', 'classifier', 'callbacks', 'train', 'cam', 'cam_methods', 'cam_wrappers', 'cam_figures',
         'faithfulness', 'triage', 'slices', 'analysis', 'explain', 'explorer', 'app', 'bench', 'docs', 'job', 'testing']
NEVER = {'train': {'cam', 'cam_methods', 'cam_wrappers', 'cam_figures', 'faithfulness', 'triage', 'analysis'},
         'callbacks': {'cam', 'cam_methods', 'cam_wrappers', 'cam_figures', 'faithfulness', 'triage', 'analysis'},
         **{m: {'train', 'callbacks', 'job'} for m in ('faithfulness', 'triage', 'slices', 'analysis', 'explain', 'explorer', 'app')},
         'data': {'model'}, 'model': {'data'}}
LAZY_OK = {('classifier', 'cam_wrappers')}   # `Classifier.cams` and `.concepts` reach the CAM methods when called


def imports(mod:str):
    "(module imported, names, at module level?) for every import of ours in `mod`."
    tree = ast.parse((PKG/f'{mod}.py').read_text())
    top = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level == 1 or (node.module or '').startswith('cifar_s11')):
            name = (node.module or '').removeprefix('cifar_s11').lstrip('.') if node.level == 0 else (node.module or '')
            yield name, [a.name for a in node.names], id(node) in top


MODULES = [p.stem for p in sorted(PKG.glob('*.py')) if not p.stem.startswith('_') and p.stem != 'all']


def test_every_module_is_placed():
    assert set(MODULES) <= set(ORDER), set(MODULES) - set(ORDER)


@pytest.mark.parametrize('mod', MODULES)
def test_imports_point_one_way(mod):
    for other, names, at_top in imports(mod):
        assert other in ORDER, (mod, other)
        private = [n for n in names if n.startswith('_')]
        assert not private, f"{mod} imports {other}'s private names {private}"
        assert other not in NEVER.get(mod, ()), f"{mod} must never import {other}"
        if at_top: assert ORDER.index(other) < ORDER.index(mod), f"{mod} imports {other}, which is above it"
        else: assert ORDER.index(other) < ORDER.index(mod) or (mod, other) in LAZY_OK, f"{mod} imports {other} (inside a function), which is above it"


def test_all_imports_every_public_module():
    text = (PKG/'all.py').read_text()
    assert {m for m in MODULES if m != 'testing'} == {n.split()[0] for n in text.split('from .')[1:]}


def test_network_runs_only_through_the_classifier(tmp_path, monkeypatch):
    "Every forward pass of the network that a report, the card, the triage or the faithfulness measures make comes from `Classifier`'s pass or a CAM method's hooked pass."
    monkeypatch.setenv('CIFAR_S11_CACHE', str(tmp_path/'cache'))
    from cifar_s11.analysis import write_report
    from cifar_s11.faithfulness import report_card, deletion_margin
    clf, data = Classifier.load(device='cpu'), load_cifar('sample', progress=False)
    callers = []
    def where(mod, args):
        ours = [(Path(f.filename).stem, f.name) for f in traceback.extract_stack() if Path(f.filename).parent == PKG]
        callers.append((ours[-1] if ours else None, ('classifier', 'run') in ours or any(s.startswith('cam') for s, _ in ours)))
    h = clf.net.register_forward_pre_hook(where)
    try:
        x = data.test.x[:4]
        report_card(clf, x, methods=('gradcam', 'scorecam'), progress=False)
        deletion_margin(clf, x, clf.cams(x, progress=False), clf.probs(x).argmax(1), data.test.y[:4], steps=2)
        write_report(clf, data, tmp_path/'report', limit=12, n=4, progress=False)
    finally: h.remove()
    assert callers
    stray = {c for c, legit in callers if not legit and c != ('model', 'model_summary')}   # the summary's pass on a copy gives shapes, not predictions
    assert not stray, f"the network was run from {stray}, not through Classifier's pass or a CAM method"

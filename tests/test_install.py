"A plain `pip install` of the wheel, no extras: a fresh virtualenv that holds the wheel and exactly what its metadata requires (linked from this environment, nothing more), where every public function that can run on the sample runs."
import importlib.metadata as md, subprocess, sys, textwrap
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).parents[1]


def closure(requires:list[str]) -> set[str]:
    "The distributions `requires` needs, without extras, as installed here (recursively)."
    seen, todo = set(), list(requires)
    while todo:
        r = Requirement(todo.pop())
        if r.marker and not r.marker.evaluate({'extra': ''}): continue
        dist = md.distribution(r.name)
        if dist.metadata['Name'] not in seen: seen.add(dist.metadata['Name']); todo += dist.requires or []
    return seen


def wheel_requires(wheel:Path) -> list[str]:
    "The `Requires-Dist` lines of a wheel's metadata."
    import email, zipfile
    with zipfile.ZipFile(wheel) as z:
        meta = email.message_from_bytes(z.read(next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))))
    return meta.get_all('Requires-Dist') or []


def link_dist(dist_name:str, site:Path):
    "Link the top-level files and folders a distribution installed into `site`."
    dist = md.distribution(dist_name)
    for top in {f.parts[0] for f in dist.files or [] if '..' not in f.parts}:
        src, dst = Path(dist.locate_file(top)), site/top
        if src.exists() and not dst.exists(): dst.symlink_to(src)


SCRIPT = textwrap.dedent('''
    import json, tempfile, warnings
    from pathlib import Path
    import matplotlib; matplotlib.use('Agg')
    from cifar_s11.all import *
    from cifar_s11.core import UserError
    tmp = Path(tempfile.mkdtemp())
    clf, data = Classifier.load(device='cpu'), load_cifar('sample', progress=False)
    x, y = data.test.x[:4], data.test.y[:4]
    p = clf.predict(data.test, embed=True)
    for name in CAMS: assert clf.cams(x[:1], method=name, progress=False).shape == (1, 32, 32), name
    maps, probs = clf.concepts(x[:2], k=3)                         # scikit-learn's NMF
    show_concepts(clf, x[:2], y[:2], k=3); show_cams(x.float()/255, clf.cams(x))
    report_card(clf, x[:2], methods=('gradcam', 'eigencam'), progress=False)
    t = Triage(clf, data.train, data.test, progress=False); t.row(0); show_label_issues(t, t.ranking(2))
    write_report(clf, data, tmp/'report', limit=20, n=4, progress=False)
    write_card(clf, x[:1], tmp/'card', methods=('gradcam',), progress=False)
    fig, top5 = explain_panel(clf, x[0]); Explorer(Analysis(clf, data, limit=20, progress=False))
    Image = __import__('PIL.Image', fromlist=['Image']); Image.new('RGB', (50, 40)).save(tmp/'a.png'); read_image(tmp/'a.png')
    trained = train(data, TrainConfig(epochs=1, bs=50, limit=100), tmp/'run', device='cpu', progress=False)
    Classifier.load(tmp/'run').predict(data.test)
    bench(data, 'cpu', workers=0, sizes=dict(bs=16, data=(32, 1), train=(1, 1), eval=(32, 1), cam=(2, 1)))
    show_augmentations(data); plot_history(trained.history); model_summary(clf.net)
    refused = []
    for f in (lambda: TensorBoardCallback(), lambda: docs_cli()):   # optional extras: one line that names them
        try: f()
        except UserError as e: refused.append(str(e))
    print(json.dumps(dict(accuracy=p.accuracy, refused=refused)))
''')


def test_a_plain_install_runs_everything_it_can(tmp_path):
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '-w', str(tmp_path/'whl'), str(ROOT)], check=True)
    wheel = next((tmp_path/'whl').glob('cifar_s11-*.whl'))
    venv = tmp_path/'venv'
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(venv)], check=True)
    site = next(venv.glob('lib/python*/site-packages'))
    for d in closure(wheel_requires(wheel)): link_dist(d, site)
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--no-deps', '--target', str(site), str(wheel)], check=True)
    (tmp_path/'go.py').write_text(SCRIPT)
    r = subprocess.run([str(venv/'bin'/'python'), str(tmp_path/'go.py')], capture_output=True, text=True, cwd=tmp_path,
                       env={'PATH': '/usr/bin:/bin', 'HOME': str(tmp_path), 'CIFAR_S11_CACHE': str(tmp_path/'cache'), 'OMP_NUM_THREADS': '1'})
    assert r.returncode == 0, r.stderr[-3000:]
    import json
    res = json.loads(r.stdout.splitlines()[-1])
    assert res['accuracy'] > 0.8
    assert [m.split(':')[0] for m in res['refused']] == ['TensorBoard logging needs the tensorboard package', 'the docs need nbdev and nbconvert (nbdev is missing)'], res
    for extra in ('tensorboard', 'nbdev', 'voila', 'pytorch_grad_cam', 'cleanlab'):      # and nothing of an extra came with it
        r = subprocess.run([str(venv/'bin'/'python'), '-c', f'import {extra}'], capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode != 0, extra

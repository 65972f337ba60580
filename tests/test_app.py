"`cifar-s11-explore`: the explorer served by Voilà, opened and clicked through in headless Chromium, then stopped."
import base64, io, os, re, signal, socket, subprocess, sys, threading, time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cifar_s11.data import load_cifar
from cifar_s11.classifier import Classifier

BIN = Path(sys.executable).parent


def _listening(port):
    with socket.socket() as s: return s.connect_ex(('127.0.0.1', port)) == 0


@pytest.fixture
def app():
    "The app on a free port of 127.0.0.1, with the shipped weights and the sample; stopped with Ctrl-C afterwards."
    pytest.importorskip('voila', reason='Voilà is not installed (pip install -e ".[dev]")')
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    p = subprocess.Popen([str(BIN/'cifar-s11-explore'), '--data', 'sample', '--port', str(port), '--device', 'cpu'],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert p.stdout.readline().endswith(f"is at http://127.0.0.1:{port}/ (Ctrl-C stops it)\n")
    p.log = []                                    # what the server says, read as it comes (a full pipe would stall it) for failure messages
    threading.Thread(target=lambda: p.log.extend(p.stdout), daemon=True).start()
    deadline = time.time() + 120
    while not _listening(port):
        assert p.poll() is None, ''.join(p.log)
        assert time.time() < deadline, "the server did not start:\n" + ''.join(p.log)
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/", p
    p.send_signal(signal.SIGINT)                  # what Ctrl-C sends
    assert p.wait(60) == 0
    assert not _listening(port), "the server still listens"
    ps = subprocess.run(['ps', '-eo', 'args'], capture_output=True, text=True).stdout
    assert 'cifar-s11-explore-' not in ps, "a Voilà process was left behind"


def _view(d):
    "The view's picture, as an array."
    src = d.find_element('css selector', '.widget-output img').get_attribute('src')
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(src.split(',', 1)[1]))).convert('RGB')).astype(float)


def _label(d): return d.find_element('css selector', '.widget-html').text


def _changed(d, before):
    "Whether the view now shows another picture than `before` (False while it is being redrawn)."
    try: return not np.array_equal(_view(d), before)
    except Exception: return False


def test_the_page(app, eager_browser, unanswered, tmp_path):
    "The page works with no answer from other machines (Chromium's requests to them go to a proxy that never answers)."
    from selenium.webdriver.support.ui import WebDriverWait, Select
    from selenium.common.exceptions import TimeoutException
    url, server = app
    sample = load_cifar('sample').test
    clf = Classifier.load(device='cpu')
    preds = clf.probs(sample.x).argmax(1)
    wrong = (preds != sample.y).nonzero()[:, 0]
    d, wait = eager_browser, WebDriverWait(eager_browser, 180)
    d.set_page_load_timeout(60)                        # below the driver's own 120 s; the label below is what counts
    t0 = time.time()
    try: d.get(url)
    except TimeoutException: pass
    try: wait.until(lambda d: 'mistake 1 of' in _label(d))
    except TimeoutException:
        raise AssertionError(f"no first view after {time.time() - t0:.0f} s; requests to other machines: {unanswered[1]}\n"
                             f"the page's text: {d.find_element('tag name', 'body').text[:500]!r}\nthe server said:\n{''.join(server.log)[-3000:]}") from None
    print(f"the page showed its first view after {time.time() - t0:.1f} s")
    assert f"mistake 1 of {len(wrong)}" in _label(d)
    view = _view(d)
    w = view.shape[1]
    for part in range(4):                          # image, heatmap, overlay, top-5 bars: none of them blank
        assert view[:, part*w//4:(part + 1)*w//4].std() > 10, f"panel {part} is blank"
    # next: the second mistake, another picture
    d.find_element('xpath', "//button[contains(., 'next')]").click()
    wait.until(lambda d: 'mistake 2 of' in _label(d) and _changed(d, view))   # the label comes first, the picture after
    # a class filter narrows the list to that class's mistakes
    cls = clf.classes[int(sample.y[wrong[0]])]
    selects = d.find_elements('css selector', '.widget-dropdown select')
    Select(selects[0]).select_by_visible_text(cls)
    n = int((sample.y[wrong] == clf.classes.index(cls)).sum())
    wait.until(lambda d: f"mistake 1 of {n}" in _label(d) and f"true {cls}" in _label(d))
    # another method, another heatmap
    before = _view(d)
    Select(selects[2]).select_by_visible_text('layercam')
    wait.until(lambda d: _changed(d, before))
    # the page loads nothing from other machines (Voilà's own template asks a CDN for Font Awesome, and holds the page until it answers);
    # everything served from this machine loads, and no script fails
    outside = re.findall(r'<(?:link|script)[^>]*(?:href|src)="(https?://(?!127\.0\.0\.1)[^"]+)"', d.page_source)
    assert not outside, f"the page loads {outside}"
    errors = [e for e in d.get_log('browser') if e['level'] == 'SEVERE' and 'favicon' not in e['message']]
    assert not errors, f"console errors: {errors}"
    assert d.save_screenshot(str(tmp_path/'explorer.png'))


def test_bad_arguments(tmp_path):
    r = subprocess.run([str(BIN/'cifar-s11-explore'), '--weights', str(tmp_path), '--data', 'sample'], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith(f"error: {tmp_path.resolve()}: no model.safetensors or checkpoint.pt in it"), r.stderr
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); s.listen(); port = s.getsockname()[1]
        r = subprocess.run([str(BIN/'cifar-s11-explore'), '--data', 'sample', '--port', str(port)], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr == f"error: 127.0.0.1:{port} is in use; pass another --port\n", r.stderr


def test_from_an_installed_wheel(tmp_path):
    "Built as a wheel and installed apart from the clone, the package has its weights and its app commands."
    root = Path(__file__).parents[1]
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '-w', str(tmp_path/'whl'), str(root)], check=True)
    wheel = next((tmp_path/'whl').glob('cifar_s11-*.whl'))
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--no-deps', '--target', str(tmp_path/'site'), str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k != 'CIFAR_S11_WEIGHTS'} | {'PYTHONPATH': str(tmp_path/'site')}
    Image.new('RGB', (32, 32), (20, 90, 200)).save(tmp_path/'blue.png')
    code = "import cifar_s11; from cifar_s11.model import shipped_weights; print(cifar_s11.__file__); print(shipped_weights())"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=tmp_path, env=env)
    pkg, weights = r.stdout.splitlines()
    assert pkg.startswith(str(tmp_path/'site')) and weights == str(tmp_path/'site'/'cifar_s11'/'weights'/'resnet18_cifar10.safetensors')
    r = subprocess.run([str(tmp_path/'site'/'bin'/'cifar-s11-explain'), str(tmp_path/'blue.png'), '--out', str(tmp_path/'panels'), '--device', 'cpu'],
                       capture_output=True, text=True, cwd=tmp_path, env=env)
    assert r.returncode == 0 and r.stdout.startswith(f"{tmp_path/'blue.png'}: "), r.stderr
    assert (tmp_path/'panels'/'blue_gradcam.png').exists()
    eps = next((tmp_path/'site').glob('cifar_s11-*.dist-info'))/'entry_points.txt'
    assert 'cifar-s11-explore = cifar_s11.app:explore_cli' in eps.read_text()

"Shared by the tests: one torch thread per worker when pytest-xdist runs two side by side, a headless Chromium driven by Selenium for the browser tests, and a network that never answers for the app's."
import os, shutil, socket, threading

if os.environ.get('PYTEST_XDIST_WORKER'): os.environ.setdefault('OMP_NUM_THREADS', '1')   # before torch is imported here or in a command a test starts

import pytest


def _driver(page_load:str='normal', proxy:str=None):
    "A headless Chromium driven by Selenium (`page_load`: Selenium's page-load strategy; `proxy`: where requests to other machines go), or a skip saying what is missing."
    webdriver = pytest.importorskip('selenium.webdriver', reason='selenium is not installed (pip install -e ".[dev]")')
    chrome = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    drv = shutil.which('chromedriver')
    if not (chrome and drv): pytest.skip("Chromium or chromedriver not installed (Debian: apt-get install chromium chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    opts.page_load_strategy = page_load
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
              '--disable-component-update', '--disable-sync', '--no-first-run', '--window-size=1280,1600'):
        opts.add_argument(a)
    if proxy: opts.add_argument(f'--proxy-server={proxy}')     # 127.0.0.1 itself never goes through a proxy
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    from selenium.webdriver.chrome.service import Service
    return webdriver.Chrome(service=Service(drv), options=opts)


@pytest.fixture
def browser():
    "A headless Chromium (quit afterwards), or a skip that says what is missing."
    d = _driver()
    yield d
    d.quit()


@pytest.fixture
def unanswered():
    "A proxy that accepts every connection and never answers, as a network that drops packets does; yields its address and the requests it got."
    srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(64)
    got, conns = [], []
    def serve():
        while True:
            try: c, _ = srv.accept()
            except OSError: return
            conns.append(c)
            try: c.settimeout(5); got.append(c.recv(300).split(b'\r\n')[0].decode(errors='replace'))
            except OSError: pass
    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}", got
    srv.close()
    for c in conns: c.close()


@pytest.fixture
def eager_browser(unanswered):
    "The same, with page loads that return once the document is parsed (a live app keeps its page busy after that), and no answer from any other machine."
    d = _driver('eager', unanswered[0])
    yield d
    d.quit()

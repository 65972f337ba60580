"Shared by the tests: one torch thread per worker when pytest-xdist runs two side by side, and a headless Chromium driven by Selenium for the browser tests."
import os, shutil

if os.environ.get('PYTEST_XDIST_WORKER'): os.environ.setdefault('OMP_NUM_THREADS', '1')   # before torch is imported here or in a command a test starts

import pytest


def _driver(page_load:str='normal'):
    "A headless Chromium driven by Selenium (`page_load`: Selenium's page-load strategy), or a skip saying what is missing."
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
def eager_browser():
    "The same, with page loads that return once the document is parsed: a live app keeps its page busy after that."
    d = _driver('eager')
    yield d
    d.quit()

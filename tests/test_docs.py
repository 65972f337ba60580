"The docs site, built without Quarto by `cifar-s11-docs`, checked page by page in headless Chromium."
import subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('site')
    r = subprocess.run([str(Path(sys.executable).parent/'cifar-s11-docs'), '--no-quarto', '--out', str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def test_every_page_in_a_browser(site, tmp_path, browser):
    pages = sorted(site.glob('*.html'))
    assert {'index.html', 'core.html', 'data.html', 'model.html', 'runs.html', 'classifier.html', 'callbacks.html', 'training.html', 'cam.html', 'cam_methods.html',
            'cam_wrappers.html', 'cam_figures.html', 'cam_checks.html',
            'faithfulness.html', 'triage.html', 'slices.html', 'analysis.html', 'explain.html', 'explorer.html', 'app.html', 'bench.html', 'docs.html', 'job.html', 'testing.html'} <= {p.name for p in pages}
    shots = tmp_path/'screenshots'; shots.mkdir()
    d = browser
    for p in pages:
        d.get(p.as_uri())
        assert d.title.strip(), f"{p.name}: no title"
        h1 = d.find_element('css selector', 'main h1').text
        assert h1.strip().rstrip('¶') in d.title, f"{p.name}: title {d.title!r} is not the page heading {h1!r}"
        imgs = d.execute_script("return Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert all(ok and w > 0 for ok, w in imgs), f"{p.name}: an image did not load"
        links = d.execute_script("return Array.from(document.querySelectorAll('#sidebar a')).map(a => a.href)")
        assert len(links) >= 10, f"{p.name}: sidebar has {len(links)} links"
        for href in links:
            target = Path(href.replace('file://', '').split('#')[0])
            assert target.exists(), f"{p.name}: sidebar link {href} is broken"
        internal = d.execute_script("return Array.from(document.querySelectorAll('main a')).map(a => a.href).filter(h => h.startsWith('file:'))")
        for href in internal:
            target, _, frag = href.replace('file://', '').partition('#')
            assert Path(target).exists(), f"{p.name}: broken link {href}"
            if frag: assert f'id="{frag}"' in Path(target).read_text(), f"{p.name}: link {href} points to no anchor"
        errors = [e for e in d.get_log('browser') if e['level'] == 'SEVERE']
        assert not errors, f"{p.name}: console errors {errors}"
        if p.name in ('index.html', 'cam.html'): assert d.save_screenshot(str(shots/p.name.replace('.html', '.png')))
    assert sorted(s.name for s in shots.iterdir()) == ['cam.png', 'index.png']
    # the checks page shows the agreement tables; the figures page its maps
    d.get((site/'cam_checks.html').as_uri())
    assert 'pytorch-grad-cam' in d.find_element('tag name', 'main').text
    d.get((site/'cam_figures.html').as_uri())
    assert d.execute_script("return document.images.length") >= 1    # the grid of maps

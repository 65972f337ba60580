"README.md (and its picture) are generated from nbs/index.ipynb; they must say the same thing."
import shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
CMD = 'jupyter nbconvert --to markdown --output-dir . --output README nbs/index.ipynb'


def test_readme_matches_index(tmp_path):
    shutil.copy(ROOT/'nbs'/'index.ipynb', tmp_path)
    r = subprocess.run([str(Path(sys.executable).parent/'jupyter'), 'nbconvert', '--to', 'markdown', '--output-dir', str(tmp_path),
                        '--output', 'README', str(tmp_path/'index.ipynb')], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path/'README.md').read_text() == (ROOT/'README.md').read_text(), f"README.md is stale: {CMD}"
    made = sorted(p.relative_to(tmp_path) for p in (tmp_path/'README_files').iterdir())
    assert made, "the index notebook was saved without the output of its example"
    for f in made: assert (tmp_path/f).read_bytes() == (ROOT/f).read_bytes(), f"{f} is stale: {CMD}"

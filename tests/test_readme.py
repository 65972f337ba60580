"README.md is generated from nbs/index.ipynb; they must say the same thing."
import json
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_readme_matches_index():
    nb = json.loads((ROOT/'nbs'/'index.ipynb').read_text())
    md = '\n\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'markdown')
    assert md.split() == (ROOT/'README.md').read_text().split(), \
        "README.md is stale: jupyter nbconvert --to markdown --output-dir . --output README nbs/index.ipynb"

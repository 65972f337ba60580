"The README's Python, run as a reader would run it: every block runs, and prints what the README shows it printing."
import contextlib, io, os, re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def blocks(md:str) -> list[tuple[str, str]]:
    "Each ```python block of `md` with the output nbconvert wrote under it (its 4-space-indented lines), dedented."
    out = []
    for m in re.finditer(r"```python\n([\s\S]*?)```\n((?:\n|    [^\n]*\n)*)", md):
        shown = '\n'.join(l[4:] for l in m[2].splitlines() if l.startswith('    ')).strip()
        out.append((m[1], '' if shown.startswith('![png]') else shown))
    return out


def test_readme_python_runs_as_shown(monkeypatch):
    md = (ROOT/'README.md').read_text()
    code = blocks(md)
    assert len(code) >= 3, "the README lost its Python"
    monkeypatch.chdir(ROOT/'nbs')                        # where its notebook runs (it reads ../bench)
    monkeypatch.delenv('CIFAR_S11_WEIGHTS', raising=False)
    ns = {}
    for src, shown in code:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf): exec(compile(src, 'README.md', 'exec'), ns)
        assert buf.getvalue().strip() == shown, f"README.md shows\n{shown}\nbut the code prints\n{buf.getvalue()}"
    fig = ns['fig']
    assert len([a for a in fig.axes if a.images]) == 4*6      # six mistakes: image, predicted-class map, true-class map, contrast
    assert all(a.get_title().startswith('pred ') for a in fig.axes[1::4] if a.images)
    assert all(a.get_title().startswith('why ') for a in fig.axes[3::4] if a.images)

"""The checks of `make test` really fail on broken books (tiny fixture books in tmp folders).

Each defect is paired with a control that differs only by the defect and passes, so a
failure here means the check itself stopped working.
"""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from bookbuild.toc import pages_missing_from_toc

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow


def notebook(path: Path, source: str, stored_output: str | None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    cell = nbformat.v4.new_code_cell(source, id="c0")
    if stored_output is not None:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored_output)]
        cell.execution_count = 1
    nb.cells = [cell]
    nbformat.write(nb, path)
    return path


def nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
         "tests.nbval_hint", "--nbval", "--nbval-current-env", str(path)],
        cwd=path.parent, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


def test_nbval_fails_on_a_cell_that_raises(tmp_path):
    assert nbval(notebook(tmp_path / "ok.ipynb", "print(1 + 1)", "2\n")).returncode == 0
    result = nbval(notebook(tmp_path / "raises.ipynb", "1 / 0", None))
    assert result.returncode != 0 and "ZeroDivisionError" in result.stdout


def test_nbval_fails_on_a_stale_output(tmp_path):
    result = nbval(notebook(tmp_path / "stale.ipynb", "print(1 + 1)", "3\n"))
    assert result.returncode != 0 and "mismatch" in result.stdout.lower()
    # ... and says what to do about it.
    assert "run 'make execute'" in result.stdout


def fixture_book(root: Path, cite_key: str) -> Path:
    (root / "book").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Fixture\nonly_build_toc_files: true\n"
        "execute:\n  execute_notebooks: 'off'\n"
        "bibtex_bibfiles:\n  - references.bib\n"
        "sphinx:\n  config:\n    bibtex_reference_style: author_year\n"
    )
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/bibliography\n"
    )
    (root / "references.bib").write_text(
        "@misc{known, author = {Someone}, title = {A title}, year = {2011}}\n"
    )
    (root / "book" / "intro.md").write_text(f"# Intro\n\nAs shown {{cite:p}}`{cite_key}`.\n")
    (root / "book" / "bibliography.md").write_text("# Sources\n\n```{bibliography}\n```\n")
    return root


def strict_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(root), "--path-output", str(root),
         "-n", "-W", "--keep-going"],
        capture_output=True, text=True, timeout=600,
    )


def test_strict_build_fails_on_an_unknown_citation(tmp_path):
    assert strict_build(fixture_book(tmp_path / "good", "known")).returncode == 0
    result = strict_build(fixture_book(tmp_path / "bad", "no_such_key"))
    assert result.returncode != 0 and "no_such_key" in result.stdout + result.stderr


def test_a_page_missing_from_the_toc_is_caught(tmp_path):
    root = fixture_book(tmp_path / "book", "known")
    assert pages_missing_from_toc(root) == []
    (root / "book" / "forgotten.md").write_text("# Forgotten\n")
    # The build skips it silently (only_build_toc_files), so the TOC check must catch it.
    assert strict_build(root).returncode == 0
    assert pages_missing_from_toc(root) == ["book/forgotten.md"]


def test_text_from_data_is_escaped_in_the_html(tmp_path):
    """A <script> or $maths$ in a data cell shows as typed, with the book's own renderer
    settings (MyST Markdown outputs) and the book's own table function."""
    import pandas as pd

    from companion.markdown import table

    root = fixture_book(tmp_path / "book", "known")
    config = (root / "_config.yml").read_text()
    (root / "_config.yml").write_text(
        config + "    nb_render_markdown_format: myst\n"
    )
    hostile = "<script>alert('x')</script> costs $5_000 {cite}`known` *not bold*"
    output = nbformat.v4.new_output(
        "display_data", data={"text/markdown": table(pd.DataFrame({"Event": [hostile]})).data,
                              "text/plain": "<Markdown>"})
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    cell = nbformat.v4.new_code_cell("table(events)", id="c0")
    cell.outputs, cell.execution_count = [output], 1
    nb.cells = [nbformat.v4.new_markdown_cell("# Events", id="m0"), cell]
    nbformat.write(nb, root / "book" / "events.ipynb")
    (root / "_toc.yml").write_text((root / "_toc.yml").read_text() + "  - file: book/events\n")
    result = strict_build(root)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    html = (root / "_build" / "html" / "book" / "events.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html
    assert "$5_000" in html and "{cite}`known`" in html and "<em>not bold</em>" not in html


def test_two_builds_from_empty_folders_are_identical(tmp_path):
    """The real book, built twice into fresh folders: every file of the HTML is the same.

    `make test` has just built the book from an empty _build (its strict build); that
    build is compared with one more, so the check costs one build, not two. The PDF and
    EPUB, added to the site afterwards by Chromium and the EPUB builder, are left out."""
    from companion import ROOT

    def build(folder: Path) -> Path:
        result = subprocess.run(
            [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(folder),
             "-q"], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        return folder / "_build" / "html"

    def files(html: Path) -> dict[str, bytes]:
        later = {"downloads/lukyanov-2011-companion.pdf",
                 "downloads/lukyanov-2011-companion.epub"}
        return {p.relative_to(html).as_posix(): p.read_bytes()
                for p in sorted(html.rglob("*")) if p.is_file()
                and p.relative_to(html).as_posix() not in later}

    strict = ROOT / "_build" / "html"
    first = files(strict if (strict / "index.html").exists() else build(tmp_path / "first"))
    second = files(build(tmp_path / "second"))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []

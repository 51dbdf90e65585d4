"""The notebooks' fingerprint, the preflight before `make book`, and `make execute`'s report."""

import sys
from pathlib import Path

import nbformat
import pytest

from bookbuild import notebooks as nbs

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import execute_notebooks  # noqa: E402
import preflight  # noqa: E402


def tiny_repo(root: Path) -> Path:
    (root / "data" / "geo").mkdir(parents=True)
    (root / "companion").mkdir()
    (root / "data" / "events.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "data" / "geo" / "README.md").write_text("About the shapes.\n", encoding="utf-8")
    (root / "companion" / "x.py").write_text("def f():\n    return 1\n", encoding="utf-8")
    (root / "references.bib").write_text("@misc{k, title = {T}}\n", encoding="utf-8")
    (root / "CITATION.cff").write_text("version: 0.1.0\n", encoding="utf-8")
    (root / "editions" / "0.1.0").mkdir(parents=True)
    (root / "editions" / "0.1.0" / "claims.csv").write_text("a\n1\n", encoding="utf-8")
    return root


def test_comments_layout_and_readmes_leave_the_fingerprint_alone(tmp_path):
    repo = tiny_repo(tmp_path)
    before = nbs.fingerprint(repo)
    (repo / "companion" / "x.py").write_text(
        "# why f returns one\ndef f(\n):\n    return (1)  # the unit\n", encoding="utf-8")
    (repo / "data" / "geo" / "README.md").write_text("Rewritten.\n", encoding="utf-8")
    assert nbs.fingerprint(repo) == before


@pytest.mark.parametrize("path, text", [
    ("companion/x.py", "def f():\n    return 2\n"),
    ("companion/y.py", "X = 1\n"),
    ("data/events.csv", "a\n2\n"),
    ("data/geo/shapes.json", "{}"),
    ("references.bib", "@misc{k, title = {U}}\n"),
    ("CITATION.cff", "version: 0.2.0\n"),
    ("editions/0.1.0/claims.csv", "a\n2\n"),
    ("editions/reasons.csv", "edition,item,id,reason\n"),
])
def test_code_data_and_sources_change_the_fingerprint(tmp_path, path, text):
    repo = tiny_repo(tmp_path)
    before = nbs.fingerprint(repo)
    (repo / path).write_text(text, encoding="utf-8")
    assert nbs.fingerprint(repo) != before


def test_a_broken_module_still_has_a_fingerprint(tmp_path):
    repo = tiny_repo(tmp_path)
    before = nbs.fingerprint(repo)
    (repo / "companion" / "x.py").write_text("def f(:\n", encoding="utf-8")
    assert nbs.fingerprint(repo) != before


def test_stale_notebooks_are_those_run_on_other_inputs(tmp_path):
    fresh, old, never = (tmp_path / f"{n}.ipynb" for n in ("fresh", "old", "never"))
    for path, stamp in ((fresh, "a" * 64), (old, "b" * 64), (never, None)):
        nb = nbformat.v4.new_notebook()
        if stamp:
            nb.metadata[nbs.KEY] = {"inputs": stamp}
        nbformat.write(nb, path)
    assert nbs.stale_notebooks([fresh, old, never], current="a" * 64) == [old, never]


def test_every_notebook_of_the_book_was_run_on_todays_files():
    """What a fresh clone sees: `make book` builds without a stale warning."""
    stale = nbs.stale_notebooks(nbs.notebooks([ROOT / "book"]))
    assert [str(p.relative_to(ROOT)) for p in stale] == [], "run 'make execute'"


def test_reports_run_last(tmp_path):
    for name in ("execution-report.ipynb", "b.ipynb", "a.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(), tmp_path / name)
    assert [p.name for p in nbs.notebooks([tmp_path])] == [
        "a.ipynb", "b.ipynb", "execution-report.ipynb"]


def test_preflight_names_pages_the_toc_lists_but_the_book_lacks(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/gone\n"
        "  - file: book/here\n", encoding="utf-8")
    (tmp_path / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    (tmp_path / "book" / "here.ipynb").write_text("{}", encoding="utf-8")
    assert preflight.missing_pages(tmp_path) == ["book/gone"]


def test_the_books_toc_names_only_pages_that_exist():
    assert preflight.missing_pages(ROOT) == []


def failure(ename, evalue, source="table(scorecard())\n"):
    return nbs.CellFailed(Path("book/scorecard.ipynb"), 4, "\n" + source, ename, evalue,
                          "\x1b[0;31mTraceback\x1b[0m (most recent call last)\n  frame\n")


def test_a_data_error_is_reported_in_the_loaders_words_alone():
    message = ("data/claims.csv, row 5 (line 6), column 'verdict_2013', value 'maybe': "
               "not one of the allowed values.")
    report = execute_notebooks.failure_report(failure("DataError", message),
                                              Path("book/scorecard.ipynb"), traceback=False)
    lines = report.splitlines()
    assert lines[0] == ("==> make execute stopped: book/scorecard.ipynb, code cell 4 "
                        "(`table(scorecard())`) raised")
    assert lines[1] == "    " + message
    assert "No notebook in book/ was changed" in lines[2] and "TRACEBACK=1" in lines[2]
    assert len(lines) == 3 and "Traceback" not in report


def test_other_errors_keep_their_name_and_the_traceback_comes_when_asked():
    err = failure("ZeroDivisionError", "division by zero", "1 / 0")
    short = execute_notebooks.failure_report(err, Path("book/x.ipynb"), traceback=False)
    assert short.splitlines()[1] == "    ZeroDivisionError: division by zero"
    full = execute_notebooks.failure_report(err, Path("book/x.ipynb"), traceback=True)
    assert "    Traceback (most recent call last)" in full and "\x1b[" not in full
    assert "TRACEBACK=1" not in full

"""The loop a reader who edits the book lives in, run on a copy of the book: build, edit a
page, build again; edit the data, see the build refuse stale outputs, execute, build.

`make test` builds from an empty _build; this is the only check that builds on top of an
earlier build, as everyone else does.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def tracked_copy(target: Path) -> Path:
    """The files of the working tree that git does not ignore (edits and new files included),
    with their times, plus the project's environment: the copy's own Makefile and code, the
    same installed packages."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(Path(sys.executable).resolve().parents[1]
                                  if not (ROOT / ".venv").exists() else ROOT / ".venv")
    return target


def make(book: Path, *targets: str) -> subprocess.CompletedProcess:
    # The copy's own companion/ and bookbuild/ come first on the path, so an edit to the
    # copy's code is what its notebooks run; CHROMIUM= leaves out the PDF, which is printed
    # from the HTML each time and has no state of its own to go stale.
    env = {**os.environ, "PYTHONPATH": str(book), "CHROMIUM_PATH": ""}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(["make", "--no-print-directory", *targets, "CHROMIUM="], cwd=book,
                          capture_output=True, text=True, timeout=900, env=env)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, (result.stdout[-3000:] + result.stderr[-3000:])
    return result.stdout + result.stderr


def page(book: Path, name: str) -> str:
    return (book / "_build" / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")


def test_build_edit_a_page_build_again(tmp_path):
    book = tracked_copy(tmp_path / "book")
    ok(make(book, "book"))
    epub = book / "_build" / "html" / "downloads" / "lukyanov-2011-companion.epub"
    assert epub.is_file()
    # A page edited: the second build succeeds, the EPUB included, and shows the edit.
    glossary = book / "book" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nA sentence added.\n",
                        encoding="utf-8")
    before = epub.stat().st_mtime_ns
    log = ok(make(book, "book"))
    assert "A sentence added." in page(book, "glossary")
    assert epub.stat().st_mtime_ns > before
    assert "ParserConfig(" not in log  # progress and warnings, not configuration dumps


def test_build_edit_the_data_execute_build_again(tmp_path):
    book = tracked_copy(tmp_path / "book")
    ok(make(book, "book"))
    # The data edited: the build refuses the stale outputs and says what to do ...
    events = book / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "ABM Treaty signed,ABM Treaty signed", "ABM Treaty signed in Moscow,ABM Treaty signed",
        1), encoding="utf-8")
    refused = make(book, "book")
    assert refused.returncode != 0
    assert "make book stopped" in refused.stderr and "make execute" in refused.stderr
    assert "book/timeline.ipynb" in refused.stderr
    # ... and after make execute the build shows the new data.
    ok(make(book, "execute"))
    ok(make(book, "book"))
    assert "ABM Treaty signed in Moscow" in page(book, "timeline")

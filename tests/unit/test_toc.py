from pathlib import Path

from bookbuild.toc import pages_missing_from_toc, toc_files

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]


def test_every_page_in_book_is_in_the_toc():
    assert pages_missing_from_toc(ROOT) == []


def test_every_toc_entry_exists():
    for entry in toc_files(ROOT / "_toc.yml"):
        assert any((ROOT / f"{entry}{s}").exists() for s in (".md", ".ipynb")), entry


def test_an_unlisted_page_is_reported(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n")
    (tmp_path / "book" / "intro.md").write_text("# Intro\n")
    (tmp_path / "book" / "stray.ipynb").write_text("{}")
    assert pages_missing_from_toc(tmp_path) == ["book/stray.ipynb"]

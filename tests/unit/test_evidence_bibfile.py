"""One reading of ``references.bib``: the loader and the bibliography code share one parse,
cached on the file's content, with each entry's line found by the scanner.

Every case writes its own small file, with its folder in a comment so that no two cases
share content (the readings are cached on content, for the whole test process)."""

import os

import pytest
from pybtex.database.input.bibtex import Parser

from companion import bib
from companion.evidence.bibfile import _KEPT, bib_file_of, read_bib_file
from companion.evidence.bibtex import read_bib
from companion.paths import DataError


def entry(key, title="A title", year="2011"):
    return (f"@misc{{{key},\n  title = {{{title}}},\n  year = {{{year}}},\n"
            "  sourcekind = {news},\n  language = {english},\n}\n")


@pytest.fixture
def parses(monkeypatch):
    """The texts pybtex has been asked to parse since the case began."""
    seen = []
    parse = Parser.parse_string

    def counted(self, text, *args, **kwargs):
        seen.append(text)
        return parse(self, text, *args, **kwargs)

    monkeypatch.setattr(Parser, "parse_string", counted)
    return seen


@pytest.fixture
def bib_path(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(f"% {tmp_path}\n" + entry("nato2011") + entry("lukyanov2011"),
                    encoding="utf-8")
    return path


def test_the_loader_and_the_bibliography_code_share_one_parse(bib_path, parses):
    keys = read_bib(bib_path, "references.bib")
    assert bib.bib_keys(bib_path) == set(keys) == {"nato2011", "lukyanov2011"}
    assert bib.bib_entry("nato2011", bib_path)["title"] == "A title"
    assert bib.short_cite("lukyanov2011", bib_path) == "lukyanov2011 2011"
    assert len(parses) == 1
    assert bib._read(bib_path) is read_bib_file(bib_path, "references.bib")


def test_the_same_content_is_the_same_reading_whatever_the_label_or_the_time(bib_path,
                                                                            parses):
    first = read_bib_file(bib_path, "references.bib")
    bib_path.write_bytes(bib_path.read_bytes())
    os.utime(bib_path, ns=(1, 1))
    assert read_bib_file(bib_path, str(bib_path)) is first
    assert bib_file_of(bib_path.read_bytes(), "another label") is first
    assert len(parses) == 1


def test_an_edit_is_a_new_reading_even_of_the_same_size_and_time(bib_path, parses):
    before = bib_path.stat()
    first = bib.bib_entry("nato2011", bib_path)
    bib_path.write_bytes(bib_path.read_bytes().replace(b"A title", b"B title", 1))
    os.utime(bib_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert bib_path.stat().st_size == before.st_size
    assert (first["title"], bib.bib_entry("nato2011", bib_path)["title"]) == (
        "A title", "B title")
    assert len(parses) == 2
    # The labels follow the new reading too.
    bib_path.write_bytes(bib_path.read_bytes().replace(b"2011}", b"2012}", 1))
    assert bib.short_cite("nato2011", bib_path) == "nato2011 2012"


def test_each_entry_has_the_line_it_starts_on(tmp_path):
    text = (f"% {tmp_path}\n\n" + entry("a") + "@string{j = {Journal}}\n% note\n\n"
            + entry("b").replace("\n", "\r\n") + "@ARTICLE {c,\n journal=j,\n"
            " sourcekind = {news}, language = {english}}\n")
    reading = bib_file_of(text.encode(), "references.bib")
    assert dict(reading.lines) == {"a": 3, "b": 12, "c": 18}
    assert list(reading.lines) == ["a", "b", "c"] and reading.keys == {"a", "b", "c"}
    assert reading.text == text and reading.data.entries["c"].fields["journal"] == "Journal"


def test_a_reading_cannot_be_changed(bib_path):
    reading = read_bib_file(bib_path, "references.bib")
    with pytest.raises(TypeError):
        reading.lines["new"] = 1
    with pytest.raises(AttributeError):
        reading.text = ""


def test_a_file_that_cannot_be_read_is_not_kept_so_each_message_names_its_own_label(
        tmp_path, parses):
    raw = f"% {tmp_path}\n@misc{{a, title = x y}}\n".encode()
    for label in ("references.bib", "elsewhere/references.bib"):
        with pytest.raises(DataError) as err:
            bib_file_of(raw, label)
        assert err.value.file == label
    assert len(parses) == 2


def test_a_file_without_entries_is_read_without_pybtex(tmp_path, parses):
    reading = bib_file_of(f"% {tmp_path}\n@comment{{x}}\n".encode(), "references.bib")
    assert dict(reading.lines) == {} and len(reading.data.entries) == 0 and parses == []


def test_only_the_latest_readings_are_kept(tmp_path, parses):
    texts = [(f"% {tmp_path} {n}\n" + entry("a")).encode() for n in range(_KEPT + 1)]
    first = bib_file_of(texts[0], "references.bib")
    assert bib_file_of(texts[0], "references.bib") is first
    for text in texts[1:]:
        bib_file_of(text, "references.bib")
    assert len(parses) == _KEPT + 1
    assert bib_file_of(texts[-1], "references.bib") is not first
    assert bib_file_of(texts[0], "references.bib") is not first
    assert len(parses) == _KEPT + 2


def test_the_bibliography_code_names_the_damaged_file_by_its_path(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@misc{a, title = {x}}\n@misc{a, title = {y}}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        bib.bib_keys(path)
    assert err.value.file == str(path.resolve()) and err.value.line == 2

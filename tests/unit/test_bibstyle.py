"""The build's pybtex plugins: the book's own styles, and the lookups a build repeats."""

import pybtex.plugin
import pytest
import sphinxcontrib.bibtex.plugin
from pybtex.backends.plaintext import Backend
from pybtex.database.output.bibtex import Writer

from bookbuild.bibstyle import STYLE_NAME, ReferenceStyle, register
from companion.bib import BibliographyStyle


@pytest.fixture
def registered_then_no_entry_points(monkeypatch):
    """After register(), any scan of the installed packages' entry points fails the test."""
    register()

    def scan(*args, **kwargs):
        raise AssertionError(f"scanned the installed entry points for {kwargs}")

    monkeypatch.setattr(pybtex.plugin, "entry_points", scan)
    monkeypatch.setattr(sphinxcontrib.bibtex.plugin, "entry_points", scan)


@pytest.mark.parametrize(("group", "name", "expected"), [
    ("pybtex.backends", "plaintext", Backend),
    ("pybtex.database.output", "bibtex", Writer),
    ("pybtex.style.formatting", STYLE_NAME, BibliographyStyle),
])
def test_repeated_lookups_are_answered_without_scanning_packages(
        registered_then_no_entry_points, group, name, expected):
    assert pybtex.plugin.find_plugin(group, name) is expected


def test_the_citation_style_is_the_books_own(registered_then_no_entry_points):
    found = sphinxcontrib.bibtex.plugin.find_plugin(
        "sphinxcontrib.bibtex.style.referencing", STYLE_NAME)
    assert found is ReferenceStyle

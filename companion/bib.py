"""Read the keys, entries and labels of ``references.bib``.

Every entry says what kind of source it is (``sourcekind``, one of :data:`SOURCE_KINDS`,
strongest first) and its ``language``; state media carry ``statemedia = {yes}``. The file
is read once for the loader and for this module alike
(:func:`companion.evidence.bibfile.read_bib_file`), and read again only when its content
changes.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

from companion.evidence.bibfile import BibFile, read_bib_file
from companion.evidence.bibtex import SOURCE_KINDS
from companion.paths import find_bib_file, find_data_dir

__all__ = ["KIND_LABELS", "SOURCE_KINDS", "AuthorYearLabelStyle", "AuthorYearSortingStyle",
           "BibliographyStyle", "author_part", "bib_entry", "bib_keys", "kind_note",
           "short_cite", "sources_sentence"]


def _read(path: str | Path | None) -> BibFile:
    """The reading of the bibliography (the book's unless ``path`` names another)."""
    path = Path(path or _bib_file()).resolve()
    if not path.exists():
        raise FileNotFoundError(f"{path}: the bibliography is missing.")
    return read_bib_file(path, str(path))


def _bib_file() -> Path:
    """The book's references.bib, found beside its data (see companion.paths)."""
    return find_bib_file(find_data_dir())


def bib_keys(path: str | Path | None = None) -> set[str]:
    """Every citation key in the bibliography."""
    return set(_read(path).keys)


def bib_entry(key: str, path: str | Path | None = None) -> dict:
    """The fields of one entry (title, url, year, ...), as plain strings."""
    entry = _read(path).data.entries[key]
    fields = {k.lower(): str(v) for k, v in entry.fields.items()}
    fields["type"] = entry.type
    return fields


def _plain(text: str) -> str:
    return str(text).replace("{", "").replace("}", "").replace("\\", "")


def author_part(entry) -> str:
    """Surnames (or the institution) as a label shows them: 'Pifer', 'Hildreth and Ek',
    'Rühe et al.', 'NATO'; an entry with no author falls back to where it was published."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_plain(" ".join(p.last_names)) for p in people]
    if not names:
        return _plain(entry.fields.get("howpublished") or entry.fields.get("journal")
                      or entry.key)
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


class AuthorYearLabelStyle(BaseLabelStyle):
    """'Author Year', with a, b, c... when the same author and year occur more than once
    (in the bibliography's sorted order)."""

    def format_labels(self, sorted_entries):
        labels = [f"{author_part(e)} {_plain(e.fields.get('year', 'n.d.'))}"
                  for e in sorted_entries]
        totals, seen = Counter(labels), Counter()
        for label in labels:
            if totals[label] > 1:
                seen[label] += 1
                yield label + chr(ord("a") + seen[label] - 1)
            else:
                yield label


class AuthorYearSortingStyle(BaseSortingStyle):
    """By the label's author part (institutions and people alike), then year and title."""

    def sorting_key(self, entry):
        return (author_part(entry).casefold(), _plain(entry.fields.get("year", "")),
                _plain(entry.fields.get("title", "")).casefold())


#: How the bibliography names each kind of source after an entry.
KIND_LABELS = {"primary": "primary document", "news": "news report", "reference":
               "reference work", "scholarship": "scholarship or analysis", "repost": "repost"}


def kind_note(entry) -> str:
    """'Primary document.', 'News report, state media; in Russian.': what an entry is."""
    fields = entry.fields
    note = KIND_LABELS.get(_plain(fields.get("sourcekind", "")), "unclassified source")
    if fields.get("statemedia") == "yes":
        note += ", state media"
    language = _plain(fields.get("language", ""))
    if language and language != "english":
        note += f"; in {language.capitalize()}"
    return note[0].upper() + note[1:] + "."


class BibliographyStyle(PlainStyle):
    """pybtex's plain style, sorted by author, year and title, labelled author-year; each
    entry ends with the kind of source it is and, if not English, its language."""

    default_label_style = AuthorYearLabelStyle
    default_sorting_style = AuthorYearSortingStyle

    def format_entry(self, label, entry, bib_data=None):
        from pybtex.richtext import Text

        formatted = super().format_entry(label, entry, bib_data=bib_data)
        formatted.text = Text(formatted.text, " ", kind_note(entry))
        return formatted


@functools.lru_cache(maxsize=4)
def _labels(bib: BibFile) -> dict[str, str]:
    """Every entry's label, once per reading of the file."""
    style = BibliographyStyle()
    entries = style.sort(bib.data.entries.values())
    return {e.key: label for e, label in
            zip(entries, AuthorYearLabelStyle().format_labels(entries), strict=True)}


def short_cite(key: str, path: str | Path | None = None) -> str:
    """The entry's author-year label, as the bibliography shows it: "NATO 2011b"."""
    return _labels(_read(path))[key]


def sources_sentence(keys, path: str | Path | None = None) -> str:
    """'Sources: NATO 2011b; Lukyanov 2011.' for hover text, or '' without keys. A label
    that already ends in a full stop ('n.d.') is not given a second one."""
    labels = "; ".join(short_cite(k, path) for k in (keys or []))
    if not labels:
        return ""
    return f"Sources: {labels}" + ("" if labels.endswith(".") else ".")

"""Layer 5, the bibliography: ``references.bib`` is well formed and every entry is usable.

The file is read once by :mod:`companion.evidence.bibfile` (the entry scanner that finds
each entry and its line, so that damage between entries, a missing brace or a repeated
key is reported where it is, then pybtex's parse of the same text); here the loader
checks that reading: it has entries, and every entry names its kind of source and its
language and can be typeset.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from companion.evidence.bibfile import BibFile, bib_file_of
from companion.evidence.errors import DataError, restore_hint
from companion.evidence.files import read_bytes

#: Kinds of source, in the order the book prefers them, with what each means.
SOURCE_KINDS = {
    "primary": "primary document: the originating institution's own text",
    "news": "news report: a news agency's or newspaper's own report",
    "reference": "reference work: an established reference or document archive",
    "scholarship": "scholarship or analysis: books, journal articles, think-tank studies",
    "repost": "repost: a copy on an aggregator, blog or wiki, used only beside a better source",
}


def read_bib(path: Path, label: str) -> frozenset[str]:
    """The keys of a well-formed ``references.bib``."""
    return _bib_keys(read_bytes(path, label), label)


@functools.lru_cache(maxsize=4)
def _bib_keys(raw: bytes, label: str) -> frozenset[str]:
    """The keys, cached on the file's bytes: a table edit does not check the bibliography
    again."""
    bib = bib_file_of(raw, label)
    if not bib.lines:
        raise DataError(label, "the bibliography has no entries.",
                        hint=restore_hint(label, "Every row's sources name entries here; "))
    check_bib_kinds(bib, label)
    return bib.keys


def check_bib_kinds(bib: BibFile, label: str) -> None:
    """Every entry says what kind of source it is and its language: the book sorts, labels
    and weighs sources by both, and an entry without them would be shown unclassified."""
    for key, line in bib.lines.items():
        fields = {k.lower(): str(v).strip() for k, v in bib.data.entries[key].fields.items()}
        kind = fields.get("sourcekind")
        if not kind:
            raise DataError(label, f"entry {key!r} does not say what kind of source it is.",
                            line=line, column="sourcekind",
                            hint=f"Add sourcekind = {{...}} with one of: "
                            f"{', '.join(SOURCE_KINDS)}.")
        if kind not in SOURCE_KINDS:
            raise DataError(label, f"entry {key!r} names a kind of source the book does "
                            "not know.", line=line, column="sourcekind", value=kind,
                            hint=f"Use one of: {', '.join(SOURCE_KINDS)}.")
        if not fields.get("language"):
            raise DataError(label, f"entry {key!r} does not give the language of the "
                            "source.", line=line, column="language",
                            hint="Add language = {...}, for example language = {russian}.")
        for name, value in fields.items():
            if name not in VERBATIM_FIELDS and not _formats_as_latex(value):
                raise DataError(label, f"field {name!r} of entry {key!r} cannot be typeset: "
                                "its braces do not balance once a % (which BibTeX reads as "
                                "the start of a comment) or a stray brace is taken into "
                                "account.", line=line, column=name, value=value[:60],
                                hint="Write 'per cent' for %, or balance the braces.")


#: Fields the bibliography prints as they are, not as LaTeX (a URL may hold a %).
VERBATIM_FIELDS = ("url", "doi")


def _formats_as_latex(value: str) -> bool:
    """Whether the bibliography's style can read the field (the build stops if not)."""
    from pybtex.richtext import Text

    if re.search(r"(?<!\\)%", value):
        return False  # the rest of the field would be read as a comment and vanish
    try:
        Text.from_latex(value)
    except Exception:  # pybtex raises its own syntax errors and codec errors alike
        return False
    return True

"""One reading of ``references.bib``, shared by the loader and the bibliography code.

:func:`read_bib_file` reads the file's bytes once, decodes them, finds each entry and its
line with a small scanner (so that damage between entries, a missing brace or a repeated
key is reported where it is), then parses that same text with pybtex. The result, a
:class:`BibFile`, is cached on the file's content: the loader's checks
(:mod:`companion.evidence.bibtex`) and the keys, fields and labels of :mod:`companion.bib`
all come from the one object, and an edit to the file, and only an edit, gives a new one.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from companion.evidence.errors import DataError, restore_hint
from companion.evidence.files import _check_controls, _line_of, decode_text, read_bytes

if TYPE_CHECKING:
    from pybtex.database import BibliographyData


@dataclass(frozen=True, eq=False)
class BibFile:
    """The bibliography as read: its text, pybtex's parse of that text and the line each
    entry starts on (key to line, in the file's order). Shared by every reader of the
    same content, so nobody may change ``data``."""

    text: str
    data: BibliographyData
    lines: Mapping[str, int]

    @property
    def keys(self) -> frozenset[str]:
        """Every citation key, as the file spells it."""
        return frozenset(self.data.entries.keys())


#: How many readings are kept (the book's file and, in the tests, a few scratch copies).
_KEPT = 4
_READINGS: OrderedDict[bytes, BibFile] = OrderedDict()


def read_bib_file(path: Path, label: str) -> BibFile:
    """The reading of the bibliography at ``path``; messages name it ``label``."""
    return bib_file_of(read_bytes(path, label), label)


def bib_file_of(raw: bytes, label: str) -> BibFile:
    """The reading of these bytes: the same object for the same content, whatever the
    label (a file that cannot be read is never kept, so its message names the label of
    the call that found it)."""
    digest = hashlib.sha256(raw).digest()
    if digest in _READINGS:
        _READINGS.move_to_end(digest)
        return _READINGS[digest]
    reading = _read(raw, label)
    _READINGS[digest] = reading
    while len(_READINGS) > _KEPT:
        _READINGS.popitem(last=False)
    return reading


def _read(raw: bytes, label: str) -> BibFile:
    text = decode_text(raw, label, csv=False)
    _check_controls(text, label)
    entries = _bib_entries(text, label)
    check_bib_keys(entries, label)
    # With no entries there is nothing the book reads ('no entries' is the loader's to say).
    data = _bib_parse(text, label) if entries else _empty()
    return BibFile(text=text, data=data, lines=MappingProxyType(dict(entries)))


def _empty():
    from pybtex.database import BibliographyData

    return BibliographyData()


def _bib_entries(text: str, label: str) -> list[tuple[str, int]]:
    """(key, line) of every entry; text outside entries must be blank or a % comment."""
    entries, pos = [], 0
    for match in re.finditer(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])", text):
        if match.start() < pos:
            continue
        _check_between(text, pos, match.start(), label)
        end = _closing(text, match.end() - 1)
        line = text.count("\n", 0, match.start()) + 1
        if end is None:
            raise DataError(label, f"the entry that starts on line {line} is never closed.",
                            line=line, hint=restore_hint(
                                label, "Likely cause: a missing '}' or the file is cut off. If "
                                "so, "))
        if match.group(1).lower() not in ("comment", "string", "preamble"):
            key = re.match(r"\s*([^\s,{}()=\"#%'~]+)\s*,", text[match.end() : end])
            if not key:
                raise DataError(label, "this entry has no citation key.", line=line,
                                hint="Write @kind{key, ...}.")
            entries.append((key.group(1), line))
        pos = end + 1
    _check_between(text, pos, len(text), label)
    return entries


def _closing(text: str, opener: int) -> int | None:
    """The position of the bracket that closes the one at ``opener``, braces balanced."""
    close = "}" if text[opener] == "{" else ")"
    depth = 0
    for match in re.compile(r"[{}()]").finditer(text, opener + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == close and depth == 0:
            return match.start()
    return None


def _check_between(text: str, start: int, end: int, label: str) -> None:
    """Between entries only blank lines and % comments: anything else is a damaged entry."""
    offset = start
    for piece in text[start:end].split("\n"):
        stripped = piece.strip()
        if stripped and not stripped.startswith("%"):
            line = text.count("\n", 0, offset) + 1
            raise DataError(label, "this text is outside any entry.", line=line,
                            value=stripped[:40], hint="Likely cause: a missing '@', an extra "
                            "'}' that closes the entry above too early, or stray text; "
                            "comment lines start with %.")
        offset += len(piece) + 1


def check_bib_keys(entries: list[tuple[str, int]], label: str) -> None:
    """No key is used twice, even with different capitals (BibTeX ignores case)."""
    seen: dict[str, tuple[str, int]] = {}
    for key, line in entries:
        if key.lower() in seen:
            first, first_line = seen[key.lower()]
            same = "" if first == key else f" (as {first!r}; BibTeX keys ignore case)"
            raise DataError(label, f"the key {key!r} is already used on line {first_line}"
                            f"{same}.", line=line, value=key,
                            hint="Rename or merge one of the two entries.")
        seen[key.lower()] = (key, line)


def _bib_parse(text: str, label: str):
    """The parsed bibliography; pybtex's first complaint, with its line, is a DataError."""
    import pybtex.errors
    from pybtex.database.input.bibtex import Parser
    from pybtex.exceptions import PybtexError

    try:
        with pybtex.errors.capture() as errors:
            data = Parser().parse_string(text)
    except PybtexError as err:
        errors = [err]
    if errors:
        first = errors[0]
        line = getattr(first, "lineno", None)
        # The line goes where every message puts it; pybtex's words stay whole.
        message = re.sub(r" in line [0-9]+", "", str(first))
        keyed = re.search(r"entry with key (\S+)", message)
        quoted = re.search(r"'([^'\n]{8,40})", message)
        if line is None and keyed:
            line = _line_of(text, r"@[ \t]*[A-Za-z]+[ \t\r\n]*[{(]\s*"
                            f"{re.escape(keyed.group(1))}\\s*,")
        if line is None and quoted:
            line = _line_of(text, re.escape(quoted.group(1)))
        raise DataError(label, f"BibTeX cannot read this ({message}).", line=line,
                        hint="Check the braces, commas and quotes of the entry there.")
    return data

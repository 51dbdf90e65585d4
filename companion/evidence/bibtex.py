"""Layer 5, the bibliography: ``references.bib`` is well formed and every entry is usable.

A small entry scanner finds each entry and its line first, so that damage between
entries, a missing brace or a repeated key is reported where it is; pybtex then parses
the file, and every entry must name its kind of source and its language.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from companion.bib import SOURCE_KINDS
from companion.evidence.errors import DataError, restore_hint
from companion.evidence.files import _check_controls, _line_of, decode_text, read_bytes


def read_bib(path: Path, label: str) -> frozenset[str]:
    """The keys of a well-formed ``references.bib``."""
    return _bib_keys(read_bytes(path, label), label)


@functools.lru_cache(maxsize=4)
def _bib_keys(raw: bytes, label: str) -> frozenset[str]:
    """The keys, cached on the file's bytes: a table edit does not parse the bibliography
    again."""
    text = decode_text(raw, label, csv=False)
    _check_controls(text, label)
    entries = _bib_entries(text, label)
    if not entries:
        raise DataError(label, "the bibliography has no entries.",
                        hint=restore_hint(label, "Every row's sources name entries here; "))
    check_bib_keys(entries, label)
    data = _bib_parse(text, label)
    check_bib_kinds(entries, data, label)
    return frozenset(data.entries.keys())


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


def check_bib_kinds(entries: list[tuple[str, int]], data, label: str) -> None:
    """Every entry says what kind of source it is and its language: the book sorts, labels
    and weighs sources by both, and an entry without them would be shown unclassified."""
    for key, line in entries:
        fields = {k.lower(): str(v).strip() for k, v in data.entries[key].fields.items()}
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

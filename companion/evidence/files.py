"""Reading any file of the evidence: its bytes, its text as UTF-8, no control characters.

Shared by layer 1 (``datapackage.json``), layer 2 (the CSV files) and layer 5
(``references.bib``); a byte that is not UTF-8 in a CSV is placed by row and column with
the scanner in :mod:`companion.evidence.csvscan`.
"""

from __future__ import annotations

import re
from pathlib import Path

from companion.evidence.csvscan import _CsvProblem, _records
from companion.evidence.errors import SAVE_AS_UTF8, DataError, restore_hint

_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab",
                  0x0B: "vertical tab", 0x0C: "form feed", 0x0D: "carriage return",
                  0x1B: "ESC", 0x7F: "DEL"}


def read_bytes(path: Path, label: str) -> bytes:
    """The file's bytes; a missing, unreadable or folder path is a DataError."""
    restore = restore_hint(label)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problem, hint = f"the file is missing (looked for {path}).", restore
    except IsADirectoryError:
        problem = "this is a folder, not a file."
        hint = restore_hint(label, "Remove the folder, then ")
    except PermissionError:
        problem = "the file cannot be read: permission denied."
        hint = f"Make it readable (chmod u+r {path})."
    except OSError as err:
        problem, hint = f"the file cannot be read ({err.strerror or err}).", restore
    raise DataError(label, problem, hint=hint) from None


def decode_text(raw: bytes, label: str, *, csv: bool) -> str:
    """UTF-8 text; a CSV may start with the byte-order mark Excel writes, other files not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        hint = SAVE_AS_UTF8 if csv else "Re-save it as UTF-8 in a text editor."
        raise DataError(label, "the file is saved as UTF-16, not UTF-8.", hint=hint)
    if raw.startswith(b"\xef\xbb\xbf"):
        if not csv:
            raise DataError(label, "the file starts with a byte-order mark.", line=1,
                            hint="Save it as UTF-8 without a byte-order mark (BOM).")
        raw = raw[3:]
    if not raw.strip():
        raise DataError(label, "the file is empty.", hint=restore_hint(label))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _not_utf8(raw, err, label, csv) from None


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of plain text is zero."""
    sample = raw[:400]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4


def _not_utf8(raw: bytes, err: UnicodeDecodeError, label: str, csv: bool) -> DataError:
    """Where the first byte that is not UTF-8 sits: the line and, in a CSV, row and column."""
    line = raw[: err.start].count(b"\n") + 1
    value = raw[err.start : err.end]
    problem = "the bytes are not valid UTF-8 (the file was probably saved as Latin-1 or " \
              "Windows-1252)."
    hint = SAVE_AS_UTF8 if csv else "Re-save it as UTF-8 in a text editor."
    if not csv:
        return DataError(label, problem, line=line, value=value, hint=hint)
    offset = len(raw[: err.start].decode("utf-8"))
    row, column = _cell_at(raw.decode("utf-8", "replace"), offset)
    return DataError(label, problem, row=row, line=line, column=column, value=value,
                     hint=hint)


def _cell_at(text: str, offset: int) -> tuple[int | None, str | None]:
    """(row, column name) of the cell holding character ``offset``, as far as the file
    can be split into cells before that point."""
    header, found = None, None
    try:
        for index, record in enumerate(_records(text)):
            if record.start > offset:
                break
            header = header or record.cells
            found = (index, sum(1 for start in record.starts if start <= offset) - 1)
    except _CsvProblem:
        # The text cannot be split this far, so the row holding the byte is not known;
        # naming an earlier one (the header, say) would send the reader to the wrong place.
        return None, None
    if found is None:
        return None, None
    row, cell = found
    return row, header[cell] if row and cell < len(header) else None


def _check_controls(text: str, label: str) -> None:
    """No control characters in a JSON or BibTeX file (tabs and line breaks are fine)."""
    match = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if match:
        raise DataError(label, f"the file contains a control character ({_char_name(match)}).",
                        line=text.count("\n", 0, match.start()) + 1,
                        hint="Delete it; such characters are invisible in most editors.")


def _char_name(match: re.Match) -> str:
    """'ESC, U+001B': a control character by name and code point."""
    code = ord(match.group()[0])
    name = _CONTROL_NAMES.get(code)
    return f"{name}, U+{code:04X}" if name else f"U+{code:04X}"


def _line_of(text: str, pattern: str) -> int | None:
    """The line where a regular expression first matches in ``text``."""
    match = re.search(pattern, text)
    return text.count("\n", 0, match.start()) + 1 if match else None

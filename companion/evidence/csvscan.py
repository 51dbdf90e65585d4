"""The CSV record scanner, which exists only so that messages can name the line and cell
where a problem sits; the rows it yields are checked to be exactly those Python's ``csv``
module reads (tests/unit/test_evidence_csvscan.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Possessive quantifiers keep a quote that never closes from backtracking for ever.
_QUOTED = re.compile(r'"([^"]*+(?:""[^"]*+)*+)"')
_UNQUOTED = re.compile(r'[^,"\r\n]*+')


class _CsvProblem(Exception):
    """A place where the text cannot be split into cells, before column names are known."""

    def __init__(self, problem, hint, *, row, cell, line, value=None):
        super().__init__(problem)
        self.problem, self.hint, self.row, self.cell = problem, hint, row, cell
        self.line, self.value = line, value


@dataclass
class _Record:
    """One row of cells as split from the text."""

    cells: list[str]
    lines: list[int]
    starts: list[int]
    quoted: list[bool]
    start: int


def _records(text: str):
    """Split CSV text (RFC 4180; CRLF or LF line ends) into records, refusing anything
    the ``csv`` module would read differently from what a person sees."""
    pos, line, size, row = 0, 1, len(text), 0
    while pos < size:
        record = _Record([], [], [], [], pos)
        while True:
            record.starts.append(pos)
            record.lines.append(line)
            if text.startswith('"', pos):
                match = _QUOTED.match(text, pos)
                if not match:
                    raise _unclosed_quote(text, pos, line, row, len(record.cells))
                record.cells.append(match.group(1).replace('""', '"'))
                record.quoted.append(True)
            else:
                match = _UNQUOTED.match(text, pos)
                record.cells.append(match.group())
                record.quoted.append(False)
            line += text.count("\n", pos, match.end())
            pos = match.end()
            if pos == size:
                break
            if text[pos] == ",":
                pos += 1
                continue
            if text.startswith("\n", pos) or text.startswith("\r\n", pos):
                pos += 1 if text[pos] == "\n" else 2
                line += 1
                break
            raise _bad_after_cell(text, record, pos, line, row)
        yield record
        row += 1


def _unclosed_quote(text: str, pos: int, line: int, row: int, cell: int) -> _CsvProblem:
    """A quote opened at ``pos`` that no later quote closes."""
    last = text.count("\n", 0, len(text.rstrip("\r\n"))) + 1
    ends = "" if last == line else f" on line {last}, so every line between is in that cell"
    return _CsvProblem(
        f"the quoted cell that opens on line {line} is still open when the file ends{ends}.",
        "Likely cause: the file was cut off, or a double quote inside the cell is not "
        'doubled (write "" for a literal quote).',
        row=row, cell=cell, line=line, value=_snippet(text, pos))


def _bad_after_cell(text: str, record: _Record, pos: int, line: int, row: int) -> _CsvProblem:
    """A quote inside a cell that is not quoted, text after a closing quote, or a lone CR."""
    cell, opened = len(record.cells) - 1, record.lines[-1]
    value = _snippet(text, record.starts[-1])
    if text[pos] == "\r":
        return _CsvProblem("the text contains a control character (carriage return, "
                           "U+000D).", "Delete it; line ends must be LF or CRLF.",
                           row=row, cell=cell, line=line, value=value)
    if not record.quoted[-1]:
        return _CsvProblem(
            "a double quote appears inside a cell that does not start with one.",
            'If the quote belongs in the text, wrap the whole cell in double quotes and '
            'double the quote ("say ""no"""); if it was meant to quote the cell, it must '
            "be the cell's first character.",
            row=row, cell=cell, line=line, value=value)
    span = f"opens on line {opened} and closes on line {line}" if line != opened \
        else f"opens on line {line}"
    return _CsvProblem(
        f"the quoted cell that {span} is followed by more text before the next comma.",
        "Likely cause: a double quote inside the cell is not doubled (write \"\" for a "
        "literal quote), or a quote is missing, so the cell ends in the wrong place.",
        row=row, cell=cell, line=opened, value=value)


def _snippet(text: str, start: int, width: int = 40) -> str:
    """The cell's text from ``start`` to the end of its line, shortened for a message."""
    end = text.find("\n", start)
    piece = text[start : end if end >= 0 else len(text)].rstrip("\r")
    return piece if len(piece) <= width else piece[: width - 1] + "…"

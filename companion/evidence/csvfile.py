"""Layer 2, CSV structure: each file is comma-separated, with the schema's header, no
blank line, no stray quote and as many cells in every row as in the header.

A :class:`Table` is one file as read: its header and rows as text and the line each
cell starts on, so every later layer can name the line of what it refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from companion.evidence.csvscan import _CsvProblem, _Record, _records
from companion.evidence.errors import SAVE_AS_UTF8, DataError, _rel, restore_hint
from companion.evidence.files import _char_name, decode_text, read_bytes

# C0 controls except tab and line feed, DEL and C1 controls; a CR only as part of CRLF.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")

_TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a'"
_SEPARATORS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}


@dataclass
class Table:
    """One CSV file as read: its header and rows as text, and the line each cell starts on."""

    name: str
    label: str
    resource: dict
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[list[int]] = field(default_factory=list)

    def fail(self, problem, *, row=None, column=None, value=None, hint=None) -> DataError:
        """A DataError about this file, with the line of the row (or of the cell)."""
        return DataError(self.label, problem, row=row, line=self.line_of(row, column),
                         column=column, value=value, hint=hint)

    def line_of(self, row: int | None, column: str | None = None) -> int | None:
        """The physical line a row (or one of its cells) starts on; rows count from 1."""
        if row is None or row >= len(self.lines):
            return None
        lines = self.lines[row]
        index = self.header.index(column) if column in self.header else 0
        return lines[index] if index < len(lines) else lines[0]

    @property
    def fields(self) -> list[dict]:
        """The schema's fields, in order."""
        return self.resource["schema"]["fields"]


def read_table(data_dir: Path, resource: dict) -> Table:
    """One CSV file, read and checked until every row is a list of cells under the header."""
    table = Table(resource["name"], _rel(data_dir, resource["path"]), resource)
    text = decode_text(read_bytes(data_dir / resource["path"], table.label), table.label,
                       csv=True)
    records = _records(text)
    try:
        for record in records:
            _add_record(table, record)
    except _CsvProblem as problem:
        column = table.header[problem.cell] if table.header and problem.row \
            and problem.cell < len(table.header) else None
        raise DataError(table.label, problem.problem, row=problem.row, line=problem.line,
                        column=column, value=problem.value, hint=problem.hint) from None
    if not table.rows:
        raise DataError(table.label, "the file has a header but no data rows.",
                        hint=restore_hint(table.label))
    if not text.endswith("\n"):
        # Spreadsheets end a saved file with a line break; without one, the file may have
        # been cut inside its last row, which could otherwise pass unnoticed.
        raise table.fail("the file does not end with a line break, so it may be cut off "
                         "inside the last row.", row=len(table.rows),
                         hint=restore_hint(table.label, "If the last row is complete, add a "
                                           "line break after it; otherwise "))
    return table


def _add_record(table: Table, record: _Record) -> None:
    """Check one record's shape (and, for the first, that it is the header) and keep it."""
    table.lines.append(record.lines)
    if not table.header:
        table.header = record.cells
        check_header(table)
        return
    table.rows.append(record.cells)
    row = len(table.rows)
    check_row_shape(table, row, record)
    for cell, quoted, name in zip(record.cells, record.quoted, table.header, strict=True):
        check_controls(table, row, name, cell, quoted)


def check_header(table: Table) -> None:
    """The header names exactly the schema's fields, in order, so no column is misread."""
    header, expected = table.header, [f["name"] for f in table.fields]
    if header == expected:
        return
    if header == [""]:
        raise table.fail("the first line is blank; the header must be the first line.",
                         row=0, hint="Delete the blank line.")
    separator = _other_separator(header, expected)
    if separator:
        raise table.fail(f"the file is separated by {_SEPARATORS[separator]}, not commas.",
                         row=0, hint=f"{SAVE_AS_UTF8} The separator must be a comma.")
    for name in expected:
        if name not in header:
            raise table.fail("a required column is missing from the header.", row=0,
                             column=name, hint="Restore the column (see datapackage.json).")
    for name in header:
        if name not in expected:
            raise table.fail("this column is not in the schema.", row=0, column=name,
                             hint="Add it to data/datapackage.json or remove it.")
        if header.count(name) > 1:
            raise table.fail("this column appears twice in the header.", row=0, column=name,
                             hint="Remove one of the two columns.")
    raise table.fail(f"columns are out of order; expected {expected}.", row=0)


def _other_separator(cells: list[str], expected: list[str]) -> str | None:
    """The separator (';', tab, '|') the cells were written with, if not a comma."""
    joined = ",".join(cells)
    for separator in _SEPARATORS:
        parts = [p.strip().strip('"') for p in joined.split(separator)]
        if len(parts) > 1 and len(set(parts) & set(expected)) * 2 >= len(expected):
            return separator
    return None


def check_row_shape(table: Table, row: int, record: _Record) -> None:
    """A row is not blank and has a cell for every column of the header."""
    cells, expected = record.cells, len(table.header)
    if len(cells) == 1 and not record.quoted[0] and not cells[0].strip():
        kind = "is blank" if not cells[0] else "holds only white space"
        raise table.fail(f"this line {kind}; every line after the header must be a row.",
                         row=row, hint="Delete the line.")
    if len(cells) == expected:
        return
    count = f"{len(cells)} cell" + ("" if len(cells) == 1 else "s")
    raise table.fail(
        f"this row has {count} but the header has {expected} columns. "
        f"Likely cause: {_shape_cause(table, record)}.",
        row=row, hint="Compare the row with the header and correct it.")


def _shape_cause(table: Table, record: _Record) -> str:
    """The most likely reason a row has the wrong number of cells."""
    cells, expected = record.cells, len(table.header)
    for separator, name in _SEPARATORS.items():
        if len(cells) < expected and len(",".join(cells).split(separator)) >= expected:
            return f"the row is separated by {name}, not commas"
    for cell, line in zip(cells, record.lines, strict=True):
        if "\n" in cell:
            end = line + cell.count("\n")
            return (f"the quoted cell that opens on line {line} runs on to line {end}, so a "
                    "double quote there is missing or extra")
    quote = next((c[0] for c in cells if c[:1] and c[0] in _TYPOGRAPHIC_QUOTES), None)
    if len(cells) > expected and quote:
        return (f"a {quote} is used to quote a cell, but only the straight double quote "
                "(\") quotes a cell in CSV, so the commas inside it split the cell")
    if len(cells) > expected:
        return ("a comma inside text that is not wrapped in double quotes; wrap that cell "
                'in double quotes ("...")')
    return "a cell and its comma were deleted, or a line break splits the row"


def check_controls(table: Table, row: int, column: str, cell: str, quoted: bool) -> None:
    """No control characters in a cell; a tab or line break only inside quoted text."""
    match = _CONTROL.search(cell) or (None if quoted else re.search("\t", cell))
    if match:
        raise table.fail(
            f"the text contains a control character ({_char_name(match)}) at character "
            f"{match.start() + 1}.", row=row, column=column, value=cell,
            hint="Delete it; such characters are invisible in most editors."
            + (" A tab is allowed only inside a cell in double quotes."
               if match.group() == "\t" else ""))

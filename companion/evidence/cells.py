"""Layer 3, cells: required text is not blank, numbers are written with the ASCII digits
0-9 and fit their type, lists have no empty items; then the rows as a typed DataFrame.
"""

from __future__ import annotations

import re

import pandas as pd

from companion.evidence.csvfile import Table

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# ASCII digits only: \d would also accept Arabic-Indic and other digits.
_INTEGER = re.compile(r"^-?[0-9]+$")
_NUMBER = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")


def check_cells(table: Table) -> None:
    """Every cell reads as its field's type: required text not blank, numbers in the
    ASCII digits 0-9 that fit their type, list items not empty."""
    for index, spec in enumerate(table.fields):
        check = _CELL_CHECKS[spec.get("type", "string")]
        required = spec.get("constraints", {}).get("required", False)
        for row, cells in enumerate(table.rows, start=1):
            value = cells[index]
            if required and not value.strip():
                kind = "empty" if not value else "only white space"
                raise table.fail(f"this required cell is {kind}.", row=row,
                                 column=spec["name"], value=value,
                                 hint="Fill it in (see data/datapackage.json).")
            problem = check(value, spec) if value else None
            if problem:
                raise table.fail(problem, row=row, column=spec["name"], value=value,
                                 hint="See data/datapackage.json for what this column accepts.")


def _integer_problem(value: str, spec=None) -> str | None:
    """Why a cell is no 64-bit whole number in ASCII digits, or None."""
    if not _INTEGER.match(value):
        return "this is not a whole number written with the digits 0-9."
    if not INT64_MIN <= int(value) <= INT64_MAX:
        return f"this number is too large; the limit is {INT64_MAX:,}."
    return None


def _number_problem(value: str, spec=None) -> str | None:
    """Why a cell is no finite decimal number in ASCII digits, or None."""
    if not _NUMBER.match(value):
        return "this is not a number written with the digits 0-9 and a decimal point."
    if float(value) in (float("inf"), float("-inf")):
        return "this number is too large to store."
    return None


def _boolean_problem(value: str, spec=None) -> str | None:
    """Why a cell is neither true nor false, or None."""
    return None if value in ("true", "false") else "write true or false."


def _list_problem(value: str, spec: dict) -> str | None:
    """Why a list cell has an empty or (for integer lists) a bad item, or None."""
    delimiter = spec.get("delimiter", ",")
    items = [item.strip() for item in value.split(delimiter)]
    if "" in items:
        return (f"an item of this list is empty (two '{delimiter}' in a row, or one at the "
                "start or end).")
    if spec.get("itemType") == "integer":
        return next(filter(None, map(_integer_problem, items)), None)
    return None


_CELL_CHECKS = {"string": lambda value, spec: None, "integer": _integer_problem,
                "number": _number_problem, "boolean": _boolean_problem, "list": _list_problem}


def typed_frame(table: Table) -> pd.DataFrame:
    """The rows as a DataFrame of text (nothing becomes NaN by accident), then typed."""
    frame = pd.DataFrame(table.rows, columns=table.header, dtype=str)
    for spec in table.fields:
        name, kind = spec["name"], spec.get("type", "string")
        if kind == "integer":
            frame[name] = pd.array([int(v) if v != "" else None for v in frame[name]],
                                   dtype="Int64")
        elif kind == "list":
            frame[name] = [_list_items(v, spec) for v in frame[name]]
        elif kind == "number":
            frame[name] = [float(v) if v != "" else float("nan") for v in frame[name]]
        elif kind == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False})
    return frame


def _list_items(value: str, spec: dict) -> list:
    """A list cell's items, stripped, as integers where the schema says so."""
    items = [item.strip() for item in value.split(spec.get("delimiter", ","))] if value else []
    return [int(i) for i in items] if spec.get("itemType") == "integer" else items

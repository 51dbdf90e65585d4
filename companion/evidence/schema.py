"""Layer 4, the Frictionless Table Schema in ``datapackage.json`` (types, enums, ranges,
patterns, primary and foreign keys), checked by the ``frictionless`` library on exactly the
rows read in layer 2, its errors put in the loader's words.
"""

from __future__ import annotations

import copy

from companion.evidence.csvfile import Table
from companion.evidence.errors import DataError


def check_schema(tables: dict[str, Table], descriptor_label: str) -> None:
    """Validate every table against its Table Schema with ``frictionless``, on the rows
    read above, so its row numbers are ours and it never reads a file differently."""
    import frictionless

    package = frictionless.Package(resources=[
        frictionless.Resource(name=t.name, data=[t.header, *t.rows],
                              schema=frictionless.Schema.from_descriptor(
                                  copy.deepcopy(t.resource["schema"])))
        for t in tables.values()
    ])
    try:
        report = package.validate()
    except frictionless.FrictionlessException as err:
        raise DataError(descriptor_label, "frictionless cannot check the tables "
                        f"({err.error.message.rstrip('.')}).",
                        hint="Check the schemas in datapackage.json.") from None
    if report.valid:
        return
    for task in report.tasks:
        if task.errors:
            raise _frictionless_error(tables[task.name], task.errors[0])
    raise DataError(descriptor_label, "; ".join(e.message for e in report.errors))


def _frictionless_error(table: Table, error) -> DataError:
    """One frictionless error in this loader's words, with the row's line."""
    row_number = getattr(error, "row_number", None)
    row = row_number - 1 if row_number else None
    column = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    if column is None and getattr(error, "field_names", None):
        column = ", ".join(error.field_names)
        value = ", ".join(str(c) for c in getattr(error, "field_cells", []) or []) or None
    problem = {
        "primary-key": "this id is not unique; another row already uses it.",
        "foreign-key": "this id does not exist in the table it refers to.",
        "constraint-error": f"breaks a rule of the schema ({error.note}).",
        "type-error": f"has the wrong type ({error.note}).",
        "unique-error": "this value must be unique; an earlier row already has it.",
        "blank-row": "every cell of this row is empty.",
    }.get(error.type, f"{error.title}: {error.note}".rstrip(": .") + ".")
    if error.type == "primary-key" and getattr(error, "cells", None):
        names = [f["name"] for f in table.fields]
        key = table.resource["schema"]["primaryKey"]
        key = [key] if isinstance(key, str) else key
        column = ", ".join(key)
        value = ", ".join(str(error.cells[names.index(k)]) for k in key)
    hint = "Delete the row, or fill it in." if error.type == "blank-row" else \
        "See data/datapackage.json for what this column accepts."
    return table.fail(problem, row=row, column=column, value=value, hint=hint)

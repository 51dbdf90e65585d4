"""Layer 6, for the book's own data only: the rows the book needs (:data:`MINIMUM_ROWS`),
a claim for every paragraph, and a notebook for every section.

These run outside the cache, since they depend on the book around the data folder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from companion.evidence.csvfile import Table
from companion.evidence.errors import restore_hint
from companion.evidence.rules import PARAGRAPHS
from companion.evidence.validate import _Loaded

#: Rows the book needs in each table; fewer means rows were lost (a bad merge, a cut file).
MINIMUM_ROWS = {"column": 12, "events": 60, "actors": 15, "proposals": 6, "positions": 50,
                "claims": 20}


def check_notebooks(table: Table, sections: pd.DataFrame, root: Path) -> None:
    """Every section's notebook exists, relative to the folder that holds ``data/``."""
    for row, notebook in enumerate(sections["notebook"], start=1):
        if not (root / notebook).is_file():
            raise table.fail(f"there is no such notebook (looked for {root / notebook}).",
                             row=row, column="notebook", value=notebook,
                             hint="Create the notebook or correct the path; paths are "
                             "relative to the folder that holds data/.")


def check_minimums(loaded: _Loaded) -> None:
    """The book's data has the rows its chapters need and a claim for every paragraph."""
    for name, least in MINIMUM_ROWS.items():
        table, count = loaded.tables[name], len(loaded.frames[name])
        if count < least:
            raise table.fail(f"the table has {count} rows; the book needs at least {least}.",
                             hint=restore_hint(table.label, "Rows seem lost; "))
    claimed = set(loaded.frames["claims"]["para"])
    missing = [p for p in PARAGRAPHS if p not in claimed]
    if missing:
        table = loaded.tables["claims"]
        raise table.fail(f"¶{missing[0]} has no claim; every paragraph needs one.",
                         hint=restore_hint(table.label, "Add a claim for it, or "))

"""Layers 1 to 5 in order: everything that depends only on the files, and so what the
cache keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from companion.evidence.bibtex import read_bib
from companion.evidence.cells import check_cells, typed_frame
from companion.evidence.csvfile import read_table
from companion.evidence.descriptor import TABLES, read_descriptor
from companion.evidence.errors import _rel
from companion.evidence.rules import add_date_bounds, check_cross_table
from companion.evidence.schema import check_schema


@dataclass(frozen=True)
class _Loaded:
    """What the cache keeps: the typed frames and the tables they were read from."""

    frames: dict
    tables: dict


def _validate(data_dir: Path, bib_file: Path) -> _Loaded:
    """Every layer that depends only on the files."""
    descriptor = read_descriptor(data_dir)
    tables = {r["name"]: read_table(data_dir, r) for r in descriptor["resources"]}
    for table in tables.values():
        check_cells(table)
    check_schema(tables, _rel(data_dir, "datapackage.json"))
    frames = {name: typed_frame(table) for name, table in tables.items()}
    bib = read_bib(bib_file, _bib_label(data_dir, bib_file))
    check_cross_table(frames, tables, bib)
    frames["events"] = add_date_bounds(frames["events"])
    return _Loaded(frames={t: frames[t] for t in TABLES}, tables=tables)


def _bib_label(data_dir: Path, bib_file: Path) -> str:
    """'references.bib' when it sits beside the data folder, else its full path."""
    try:
        return str(bib_file.relative_to(data_dir.parent))
    except ValueError:
        return str(bib_file)

"""Read the keys and entries of ``references.bib``."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.lru_cache(maxsize=4)
def _parse(path: Path):
    from pybtex.database import parse_file

    if not path.exists():
        raise FileNotFoundError(f"{path}: the bibliography is missing.")
    return parse_file(str(path), bib_format="bibtex")


def bib_keys(path: str | Path | None = None) -> set[str]:
    """Every citation key in the bibliography."""
    from companion import BIB_FILE

    return set(_parse(Path(path or BIB_FILE).resolve()).entries.keys())


def bib_entry(key: str, path: str | Path | None = None) -> dict:
    """The fields of one entry (title, url, year, ...), as plain strings."""
    from companion import BIB_FILE

    entry = _parse(Path(path or BIB_FILE).resolve()).entries[key]
    fields = {k.lower(): str(v) for k, v in entry.fields.items()}
    fields["type"] = entry.type
    return fields

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


def short_cite(key: str, path: str | Path | None = None) -> str:
    """An author-year label for hover text and captions, for example "NATO 2010"."""
    from companion import BIB_FILE

    entry = _parse(Path(path or BIB_FILE).resolve()).entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if people:
        names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
        who = names[0] if len(names) == 1 else (
            f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
    else:
        who = entry.fields.get("howpublished", key)
    return f"{who} {entry.fields.get('year', 'n.d.')}"

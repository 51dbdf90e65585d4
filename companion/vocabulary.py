"""The book's coded vocabularies, read from the one place that defines them: the schema.

A coded field (a timeline lane, a verdict, a kind of claim, a date precision) lists its
codes in ``constraints.enum`` of ``data/datapackage.json``, the list the loader enforces;
its ``categories`` give each code the label readers see and, where the book prints one, a
description. Tables, figures and the rubric read codes and labels from here, so a code
added to the schema reaches every page with its label, and nothing keeps a second list.
What only the figures know (a colour, a marker) is assigned by the code's place in the
list.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from companion.paths import DESCRIPTOR, find_data_dir


def codes(resource: str, field: str, data_dir=None) -> list[str]:
    """The codes a field allows, in the schema's order."""
    return list(_field(resource, field, data_dir)["constraints"]["enum"])


def labels(resource: str, field: str, data_dir=None) -> dict[str, str]:
    """Code -> the label readers see (the code with spaces where the schema gives none)."""
    given = {c["value"]: c.get("label") for c in _categories(resource, field, data_dir)}
    return {code: given.get(code) or code.replace("_", " ")
            for code in codes(resource, field, data_dir)}


def descriptions(resource: str, field: str, data_dir=None) -> dict[str, str]:
    """Code -> its description in the schema's categories ("" where there is none)."""
    given = {c["value"]: c.get("description", "")
             for c in _categories(resource, field, data_dir)}
    return {code: given.get(code, "") for code in codes(resource, field, data_dir)}


def categories(resource: str, field: str, data_dir=None) -> list[dict]:
    """The field's categories as the schema gives them (value, label, description and any
    other property, such as the kinds a verdict applies to)."""
    return [dict(c) for c in _categories(resource, field, data_dir)]


def by_position(resource: str, field: str, palette: list, what: str, data_dir=None) -> dict:
    """Code -> the palette entry at the code's place in the schema's list; more codes than
    the palette has entries is an error that says where to add one."""
    found = codes(resource, field, data_dir)
    if len(found) > len(palette):
        raise ValueError(
            f"data/{DESCRIPTOR} lists {len(found)} codes for {resource}.{field} "
            f"({', '.join(found)}), but the figures have {len(palette)} {what}: add one "
            f"for {found[len(palette)]!r} to the palette that defines them.")
    return dict(zip(found, palette[: len(found)], strict=True))


def _categories(resource: str, field: str, data_dir) -> list[dict]:
    return [c if isinstance(c, dict) else {"value": c}
            for c in _field(resource, field, data_dir).get("categories", [])]


def _field(resource: str, field: str, data_dir) -> dict:
    path = find_data_dir(data_dir) / DESCRIPTOR
    return _fields(path, path.stat().st_mtime_ns)[(resource, field)]


@functools.lru_cache(maxsize=4)
def _fields(path: Path, mtime: int) -> dict:
    """Every coded field of the descriptor, read again whenever the file changes."""
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    return {(r["name"], f["name"]): f for r in descriptor["resources"]
            for f in r["schema"]["fields"] if "enum" in f.get("constraints", {})}

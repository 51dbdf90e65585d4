"""Layer 1, the descriptor: ``datapackage.json`` is readable JSON of the expected shape.

Every resource it lists is a file directly inside ``data/``, with a schema whose fields
have types the loader reads, whose vocabularies agree, whose foreign keys name real
resources and fields, and which keeps the fields the loader's own rules read.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from companion.dates import PRECISIONS
from companion.evidence.errors import DataError, _rel, restore_hint
from companion.evidence.files import _check_controls, _line_of, decode_text, read_bytes
from companion.paths import TABLES

FIELD_TYPES = ("string", "integer", "number", "list", "boolean")
#: Fields the loader's own rules (and the book) read, with their types; a descriptor that
#: renames or retypes one is refused before any table is read.
RULE_FIELDS = {
    "sections": {"section": "string", "order": "integer", "first_para": "integer",
                 "last_para": "integer", "notebook": "string"},
    "column": {"para": "integer", "section": "string"},
    "actors": {"actor_id": "string"},
    "positions": {"actor_id": "string", "proposal_id": "string", "as_of": "string"},
    "events": {"date": "string", "date_precision": "string", "end_date": "string",
               "actors": "list"},
    "claims": {"para": "integer", "check": "string"},
    "phases": {"announced": "string", "operational": "string", "cancelled": "string"},
    "sites": {"planned": "string", "operational": "string", "cancelled": "string"},
    "offices": {"actor_id": "string", "office": "string", "start": "string", "end": "string"},
}

#: Fields that share one vocabulary: their codes and labels must be the same lists.
SHARED_VOCABULARIES = {"claims": (("verdict_2013", "verdict_2025"),)}
#: Coded fields whose every code a part of the library must understand.
UNDERSTOOD_CODES = {("events", "date_precision"): ("the date parser", tuple(PRECISIONS))}


def read_descriptor(data_dir: Path) -> dict:
    """``datapackage.json``, checked to describe every table as the loader reads it."""
    label = _rel(data_dir, "datapackage.json")
    text = decode_text(read_bytes(data_dir / "datapackage.json", label), label, csv=False)
    _check_controls(text, label)
    descriptor = parse_json(text, label)
    check_descriptor(descriptor, text, label, data_dir)
    return descriptor


def parse_json(text: str, label: str):
    """The parsed JSON; a syntax error names its line and the likely cause."""
    def no_duplicates(pairs):
        """An object, unless a key repeats."""
        keys = [k for k, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                places = [m.start() for m in re.finditer(f'"{re.escape(key)}"\\s*:', text)]
                # Only where the key occurs just twice in the file is the second one known.
                line = text.count("\n", 0, places[1]) + 1 if len(places) == 2 else None
                raise DataError(label, f"the key {key!r} appears twice in one object.",
                                line=line,
                                hint="Keep one of the two; JSON would silently use the last.")
        return dict(pairs)

    def no_constant(name):
        """Python reads NaN and Infinity; JSON has neither."""
        raise DataError(label, f"{name} is not valid JSON.", line=_line_of(text, name),
                        hint="Write a number or null instead.")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except json.JSONDecodeError as err:
        # json's own message may already end in "at" ("Unterminated string starting at").
        where = "" if err.msg.endswith(" at") else " at"
        raise DataError(label, f"this is not valid JSON: {err.msg}{where} character {err.colno}.",
                        line=err.lineno, hint=_json_hint(text, err, label)) from None


def _json_hint(text: str, err: json.JSONDecodeError, label: str) -> str:
    """What most likely broke the JSON at the error's position."""
    before = text[: err.pos].rstrip()
    if not text[err.pos :].strip():
        return restore_hint(label, "The file seems cut off. ")
    if before.endswith(",") and text[err.pos :].lstrip()[:1] in "}]":
        return "Remove the comma before the closing bracket; JSON allows no trailing comma."
    return ("Check the quotes, commas and brackets just before that point "
            "(every key in double quotes, a comma between items, none after the last).")


def check_descriptor(descriptor, text: str, label: str, data_dir: Path) -> None:
    """The descriptor lists every table, each a file in ``data/`` with a usable schema."""
    if not isinstance(descriptor, dict):
        raise DataError(label, f"the top level is a JSON {_json_type(descriptor)}, "
                        "but a data package is an object ({...}).", line=1,
                        hint=restore_hint(label))
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DataError(label, "there is no 'resources' list naming the tables.",
                        line=_line_of(text, r'"resources"'), hint=restore_hint(label))
    names = []
    for index, resource in enumerate(resources, start=1):
        check_resource(resource, index, text, label, data_dir)
        if resource["name"] in names:
            raise DataError(label, f"two resources are named {resource['name']!r}.",
                            line=_resource_line(text, resource["name"]))
        names.append(resource["name"])
    check_foreign_keys(resources, text, label)
    missing = [t for t in TABLES if t not in names]
    if missing:
        raise DataError(label, f"no resource for table(s) {missing}.",
                        hint=restore_hint(label))
    for resource in resources:
        check_rule_fields(resource, text, label)
        check_vocabularies(resource, text, label)


def check_rule_fields(resource: dict, text: str, label: str) -> None:
    """A table keeps the fields, with the types, that the loader's rules read."""
    types = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
    for name, kind in RULE_FIELDS.get(resource["name"], {}).items():
        if types.get(name) != kind:
            have = f"type {types[name]!r}" if name in types else "no such field"
            raise DataError(label, f"resource {resource['name']!r} needs field {name!r} of "
                            f"type {kind!r} ({have}).", line=_resource_line(
                                text, resource["name"]),
                            hint="The loader's rules and the book read it; restore it.")


def check_vocabularies(resource: dict, text: str, label: str) -> None:
    """A coded field's labels (``categories``) follow its codes (``constraints.enum``) one
    for one, fields that share a vocabulary list the same codes, and codes the library
    interprets are ones it knows: the schema is the one list the book reads."""
    name = resource["name"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for field_name, spec in fields.items():
        enum = spec.get("constraints", {}).get("enum")
        categories = spec.get("categories")
        if categories is None:
            continue
        values = [c.get("value") if isinstance(c, dict) else c for c in categories]
        if enum is None or values != enum:
            raise DataError(label, f"the categories of field {field_name!r} of resource "
                            f"{name!r} list {values}, but its codes (constraints.enum) are "
                            f"{enum}.", line=_resource_line(text, name),
                            hint="Give every code one category, in the same order.")
    for group in SHARED_VOCABULARIES.get(name, ()):
        first, *others = group
        for other in (o for o in others if first in fields and o in fields):
            if [fields[other].get(k) for k in ("constraints", "categories")] != \
                    [fields[first].get(k) for k in ("constraints", "categories")]:
                raise DataError(label, f"fields {first!r} and {other!r} of resource "
                                f"{name!r} share one vocabulary, but their codes or "
                                "categories differ.", line=_resource_line(text, name),
                                hint="Make the two lists the same.")
    for (owner, field_name), (reader, known) in UNDERSTOOD_CODES.items():
        enum = fields.get(field_name, {}).get("constraints", {}).get("enum", [])
        unknown = [code for code in enum if code not in known] if owner == name else []
        if unknown:
            raise DataError(label, f"field {field_name!r} of resource {name!r} allows "
                            f"{unknown[0]!r}, which {reader} does not know.",
                            line=_resource_line(text, name), value=unknown[0],
                            hint=f"It knows: {', '.join(known)}.")


def _json_type(value) -> str:
    """What JSON calls the type of a parsed value (its own words: array, object)."""
    return {list: "array", dict: "object", str: "string", bool: "boolean",
            type(None): "null"}.get(type(value), "number")


def _resource_line(text: str, name: str) -> int | None:
    """The line where the resource of that name starts."""
    return _line_of(text, f'"name"\\s*:\\s*"{re.escape(str(name))}"')


def check_resource(resource, index: int, text: str, label: str, data_dir: Path) -> None:
    """One resource has a name, a path inside ``data/`` and a schema the loader can read."""
    if not isinstance(resource, dict):
        raise DataError(label, f"resource {index} is not an object.",
                        line=_line_of(text, r'"resources"'))
    name = resource.get("name")
    if not isinstance(name, str) or not name:
        raise DataError(label, f"resource {index} has no 'name'.",
                        line=_line_of(text, r'"resources"'))
    line = _resource_line(text, name)
    check_resource_path(resource.get("path"), name, line, label, data_dir)
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) \
            or not schema["fields"]:
        raise DataError(label, f"resource {name!r} has no 'schema' with a list of 'fields'.",
                        line=line, hint="Each table needs its Table Schema; see the others.")
    for spec in schema["fields"]:
        check_field(spec, name, line, label)
    _frictionless_schema(schema, name, line, label)


def check_resource_path(path, name: str, line, label: str, data_dir: Path) -> None:
    """The path names one file inside ``data/``: the loader never reads anything else."""
    if not isinstance(path, str) or not path.strip() or "\x00" in path:
        raise DataError(label, f"resource {name!r} has no 'path' naming its file.", line=line)
    inside = data_dir.resolve()
    target = (inside / path).resolve()
    if "://" in path or Path(path).is_absolute() or not target.is_relative_to(inside):
        raise DataError(label, f"the path of resource {name!r} points outside "
                        f"{data_dir.name}/; only files inside it are read.", line=line,
                        value=path, hint="Use a path relative to data/, such as 'events.csv'.")
    if target.parent != inside:
        # The cache is keyed on the files directly in data/, so a table must be one of them.
        raise DataError(label, f"the path of resource {name!r} leads into a folder inside "
                        f"{data_dir.name}/; tables are files directly in it.", line=line,
                        value=path, hint="Move the file up into data/ and give its name.")


def check_field(spec, resource: str, line, label: str) -> None:
    """A field has a name and a type the loader turns into a column."""
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        raise DataError(label, f"a field of resource {resource!r} has no 'name'.", line=line)
    kind = spec.get("type", "string")
    if kind not in FIELD_TYPES:
        raise DataError(label, f"field {spec['name']!r} of resource {resource!r} has type "
                        f"{kind!r}, which the loader cannot read.", line=line,
                        hint=f"Use one of: {', '.join(FIELD_TYPES)}.")
    constraints = spec.get("constraints", {})
    if not isinstance(constraints, dict):
        raise DataError(label, f"the constraints of field {spec['name']!r} of resource "
                        f"{resource!r} are not an object.", line=line)
    try:
        re.compile(str(constraints.get("pattern", "")))
    except re.error as err:
        raise DataError(label, f"the pattern of field {spec['name']!r} of resource "
                        f"{resource!r} is not a valid regular expression ({err}).",
                        line=line) from None


def _frictionless_schema(schema: dict, resource: str, line, label: str):
    """The schema as ``frictionless`` reads it; one it refuses is a DataError here."""
    import frictionless

    try:
        return frictionless.Schema.from_descriptor(copy.deepcopy(schema))
    except frictionless.FrictionlessException as err:
        note = "; ".join(r.note for r in err.reasons) or err.error.note
        raise DataError(label, f"the schema of resource {resource!r} is not a valid Table "
                        f"Schema ({note}).", line=line) from None


def check_foreign_keys(resources: list[dict], text: str, label: str) -> None:
    """Every foreign key refers to a resource of this package and to fields both have."""
    fields = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in resources}
    for resource in resources:
        keys = resource["schema"].get("foreignKeys", [])
        for key in keys if isinstance(keys, list) else [keys]:
            check_foreign_key(key, resource["name"], fields, text, label)


def check_foreign_key(key, resource: str, fields: dict[str, set], text: str,
                      label: str) -> None:
    """One foreign key: its own fields, the resource it refers to, and that one's fields."""
    reference = key.get("reference") if isinstance(key, dict) else None
    target = reference.get("resource") if isinstance(reference, dict) else None
    line = _line_of(text, f'"resource"\\s*:\\s*"{re.escape(str(target))}"') \
        or _resource_line(text, resource)
    if target == "":
        target = resource  # Table Schema's way of referring to the same resource
    if target not in fields:
        raise DataError(label, f"a foreign key of resource {resource!r} refers to resource "
                        f"{target!r}, which this package does not have.", line=line,
                        value=target, hint=f"Refer to one of: {', '.join(fields)}.")
    for side, owner in ((key, resource), (reference, target)):
        names = side.get("fields")
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list) or not set(names) <= fields[owner]:
            raise DataError(label, f"a foreign key of resource {resource!r} names fields "
                            f"{names!r} that resource {owner!r} does not have.", line=line)

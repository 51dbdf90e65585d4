"""Load the evidence in ``data/`` as typed pandas DataFrames, refusing bad input.

Validation runs in layers, each stopping at the first problem with one :class:`DataError`
that names the file and, where there is one, the row, the line, the column and the value:

1. the descriptor: ``datapackage.json`` is readable JSON of the expected shape, and every
   resource it lists is a file inside ``data/``;
2. bytes and CSV structure: each file is readable UTF-8 (the byte-order mark Excel writes
   for "CSV UTF-8" is accepted), comma-separated, with the schema's header, no blank line,
   no stray quote and as many cells in every row as in the header;
3. cells: required text is not blank, no control characters, numbers are written with
   the ASCII digits 0-9 and fit their type, lists have no empty items;
4. the Frictionless Table Schema in ``datapackage.json`` (types, enums, ranges, patterns,
   primary and foreign keys), checked by the ``frictionless`` library on exactly the rows
   read in layer 2;
5. rules a Table Schema cannot state: BibTeX keys exist in a well-formed
   ``references.bib``, multi-valued ids exist, a date's form matches its precision and
   names a real day between 1900 and 2100, ``end_date`` is not before ``date``, a claim's
   ``check`` names a computed check, the sections cover ¶1-¶12 in order, ``column.section``
   agrees with them, each section's notebook exists, and no actor holds two positions on
   one proposal from the same day;
6. for the book's own data (found when no folder is passed), the rows the book needs
   (:data:`MINIMUM_ROWS`) and a claim for every paragraph.

Nothing is dropped: every row of every CSV reaches the DataFrame or the load fails, and
the rows are exactly those Python's ``csv`` module reads from the file.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from companion.bib import SOURCE_KINDS
from companion.dates import FORMS as DATE_FORMS
from companion.dates import PRECISIONS, bounds, first_day, last_day, precision_of
from companion.dates import problem as date_problem
from companion.paths import DataError, DataNotFoundError, find_bib_file, find_data_dir

__all__ = ["TABLES", "MINIMUM_ROWS", "DataError", "DataNotFoundError", "Evidence", "load",
           "load_table", "read_descriptor", "add_date_bounds"]

TABLES = (
    "sections",
    "column",
    "quotes",
    "actors",
    "proposals",
    "positions",
    "events",
    "claims",
    "phases",
    "sites",
    "offices",
    "polls",
    "readings",
    "interceptors",
    "endpoints",
    "deployments",
    "threat_missiles",
)

#: Rows the book needs in each table; fewer means rows were lost (a bad merge, a cut file).
MINIMUM_ROWS = {"column": 12, "events": 60, "actors": 15, "proposals": 6, "positions": 50,
                "claims": 20}
#: The column's paragraphs.
PARAGRAPHS = range(1, 13)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
DATE_COLUMNS = {"events": ("date", "end_date"), "positions": ("as_of",),
                "offices": ("start", "end"),
                "polls": ("fieldwork_start", "fieldwork_end"), "readings": ("date",),
                "threat_missiles": ("as_of",),
                "sites": ("planned", "operational", "cancelled"),
                "phases": ("announced", "operational", "cancelled")}
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
#: (low, high) pairs of a row: the high end may not be below the low end.
RANGES = {"interceptors": ("speed_low_kms", "speed_high_kms"),
          "threat_missiles": ("range_low_km", "range_high_km")}
#: Fields that share one vocabulary: their codes and labels must be the same lists.
SHARED_VOCABULARIES = {"claims": (("verdict_2013", "verdict_2025"),)}
#: Coded fields whose every code a part of the library must understand.
UNDERSTOOD_CODES = {("events", "date_precision"): ("the date parser", tuple(PRECISIONS))}

SAVE_AS_UTF8 = ('Save it as "CSV UTF-8" (in Excel: File > Save As > CSV UTF-8), or re-save '
                "it as UTF-8 in a text editor.")
RESTORE = "restore it from the book's repository (git restore {label})."

# ASCII digits only: \d would also accept Arabic-Indic and other digits.
_INTEGER = re.compile(r"^-?[0-9]+$")
_NUMBER = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
# Possessive quantifiers keep a quote that never closes from backtracking for ever.
_QUOTED = re.compile(r'"([^"]*+(?:""[^"]*+)*+)"')
_UNQUOTED = re.compile(r'[^,"\r\n]*+')
# C0 controls except tab and line feed, DEL and C1 controls; a CR only as part of CRLF.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab",
                  0x0B: "vertical tab", 0x0C: "form feed", 0x0D: "carriage return",
                  0x1B: "ESC", 0x7F: "DEL"}
_TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a'"
_SEPARATORS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}


@dataclass(frozen=True)
class Evidence:
    """Every table of the data package, validated and typed."""

    sections: pd.DataFrame
    column: pd.DataFrame
    quotes: pd.DataFrame
    actors: pd.DataFrame
    proposals: pd.DataFrame
    positions: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    phases: pd.DataFrame
    sites: pd.DataFrame
    #: Terms of office and poll results; empty for evidence built by hand without them.
    offices: pd.DataFrame = field(default_factory=pd.DataFrame)
    polls: pd.DataFrame = field(default_factory=pd.DataFrame)
    readings: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The physics chapter's inputs; empty for evidence built by hand without them.
    interceptors: pd.DataFrame = field(default_factory=pd.DataFrame)
    endpoints: pd.DataFrame = field(default_factory=pd.DataFrame)
    deployments: pd.DataFrame = field(default_factory=pd.DataFrame)
    threat_missiles: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def section_paras(self, section: str) -> range:
        """The paragraphs (¶) a section of the column covers, for example range(5, 7)."""
        row = self.sections.set_index("section").loc[section]
        return range(int(row.first_para), int(row.last_para) + 1)


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


@dataclass(frozen=True)
class _Loaded:
    """What the cache keeps: the typed frames and the tables they were read from."""

    frames: dict
    tables: dict


def default_data_dir() -> Path:
    """The data folder the lookup in :mod:`companion.paths` finds."""
    return find_data_dir()


def load(data_dir: str | Path | None = None, bib_file: str | Path | None = None) -> Evidence:
    """Validate and load every table.

    Without ``data_dir`` the folder is found as :mod:`companion.paths` describes, and it
    must also hold the rows the book needs (:data:`MINIMUM_ROWS`) and sit in the book
    whose chapters ``sections.csv`` names; a folder passed explicitly, such as a student's
    edited copy or a reduced example, is held to every other rule.

    The validated tables are cached, keyed on the folder and on the contents of every file
    in it, so an edited file is read again; each call hands out copies, so a caller that
    changes a table cannot change what the next caller gets."""
    book = data_dir is None
    data_dir = find_data_dir(data_dir)
    bib_file = find_bib_file(data_dir, bib_file, data_dir_explicit=not book)
    loaded = _load_cached(data_dir, bib_file, _signature(data_dir, bib_file))
    if book:
        check_notebooks(loaded.tables["sections"], loaded.frames["sections"], data_dir.parent)
        check_minimums(loaded)
    return Evidence(**{t: _copy_frame(loaded.frames[t]) for t in TABLES})


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One validated table, for example ``load_table("events")``."""
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
    return load(data_dir)[name]


def _copy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy deep enough that appending to a list cell does not reach the cache."""
    frame = frame.copy(deep=True)
    for name in frame.columns:
        if frame[name].dtype == object and any(isinstance(v, list) for v in frame[name]):
            frame[name] = [list(v) if isinstance(v, list) else v for v in frame[name]]
    return frame


def _signature(data_dir: Path, bib_file: Path) -> tuple:
    """(name, SHA-256 of the contents) of every file directly in the folder (where every
    table and the descriptor must be) and of the bibliography; a file that cannot be read
    gets None, and loading it then reports why."""
    try:
        paths = sorted(p for p in data_dir.iterdir() if p.is_file())
    except OSError:
        paths = []
    stamp = []
    for path in [*paths, bib_file]:
        try:
            stamp.append((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
        except OSError:
            stamp.append((str(path), None))
    return tuple(stamp)


#: Where validated evidence is kept between processes: every notebook kernel would
#: otherwise validate the same files again (about 3 s, mostly the schema library's
#: start-up). COMPANION_CACHE_DIR overrides it; an unwritable folder just means no cache.
CACHE_VARIABLE = "COMPANION_CACHE_DIR"


@functools.lru_cache(maxsize=1)
def _library_stamp() -> str:
    """What the validated result depends on besides the files: the loader's own code and
    the pandas that pickled it."""
    digest = hashlib.sha256(pd.__version__.encode())
    for module in ("data.py", "dates.py", "paths.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def _cache_file(data_dir: Path, signature: tuple) -> Path:
    folder = Path(os.environ.get(CACHE_VARIABLE) or data_dir.parent / "_build" / "cache")
    key = hashlib.sha256(repr((signature, _library_stamp())).encode()).hexdigest()[:32]
    return folder / f"evidence-{key}.pickle"


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path, bib_file: Path, signature: tuple) -> _Loaded:
    """The validated evidence for exactly these files (``signature`` holds their SHA-256):
    from this process's memory, from the disk cache another process wrote, or validated
    now. Only evidence that passed every check is ever written."""
    cache = _cache_file(data_dir, signature)
    try:
        return pickle.loads(cache.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        pass
    loaded = _validate(data_dir, bib_file)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cache)
    except OSError:
        pass
    return loaded


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


def _rel(data_dir: Path, path: str) -> str:
    """'data/events.csv': a file as messages name it."""
    return f"{data_dir.name}/{path}"


def _bib_label(data_dir: Path, bib_file: Path) -> str:
    """'references.bib' when it sits beside the data folder, else its full path."""
    try:
        return str(bib_file.relative_to(data_dir.parent))
    except ValueError:
        return str(bib_file)


# ---- files -------------------------------------------------------------------------


def restore_hint(label: str, lead: str = "") -> str:
    """'Restore it from the book's repository (git restore data/x.csv).', after ``lead``."""
    rest = RESTORE.format(label=label)
    if lead.rstrip().endswith((".", "!", "?")):
        rest = rest[0].upper() + rest[1:]  # a new sentence after a full stop
    text = lead + rest
    return text[0].upper() + text[1:]


def read_bytes(path: Path, label: str) -> bytes:
    """The file's bytes; a missing, unreadable or folder path is a DataError."""
    restore = restore_hint(label)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problem, hint = f"the file is missing (looked for {path}).", restore
    except IsADirectoryError:
        problem = "this is a folder, not a file."
        hint = restore_hint(label, "Remove the folder, then ")
    except PermissionError:
        problem = "the file cannot be read: permission denied."
        hint = f"Make it readable (chmod u+r {path})."
    except OSError as err:
        problem, hint = f"the file cannot be read ({err.strerror or err}).", restore
    raise DataError(label, problem, hint=hint) from None


def decode_text(raw: bytes, label: str, *, csv: bool) -> str:
    """UTF-8 text; a CSV may start with the byte-order mark Excel writes, other files not."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        hint = SAVE_AS_UTF8 if csv else "Re-save it as UTF-8 in a text editor."
        raise DataError(label, "the file is saved as UTF-16, not UTF-8.", hint=hint)
    if raw.startswith(b"\xef\xbb\xbf"):
        if not csv:
            raise DataError(label, "the file starts with a byte-order mark.", line=1,
                            hint="Save it as UTF-8 without a byte-order mark (BOM).")
        raw = raw[3:]
    if not raw.strip():
        raise DataError(label, "the file is empty.", hint=restore_hint(label))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _not_utf8(raw, err, label, csv) from None


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of plain text is zero."""
    sample = raw[:400]
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4


def _not_utf8(raw: bytes, err: UnicodeDecodeError, label: str, csv: bool) -> DataError:
    """Where the first byte that is not UTF-8 sits: the line and, in a CSV, row and column."""
    line = raw[: err.start].count(b"\n") + 1
    value = raw[err.start : err.end]
    problem = "the bytes are not valid UTF-8 (the file was probably saved as Latin-1 or " \
              "Windows-1252)."
    hint = SAVE_AS_UTF8 if csv else "Re-save it as UTF-8 in a text editor."
    if not csv:
        return DataError(label, problem, line=line, value=value, hint=hint)
    offset = len(raw[: err.start].decode("utf-8"))
    row, column = _cell_at(raw.decode("utf-8", "replace"), offset)
    return DataError(label, problem, row=row, line=line, column=column, value=value,
                     hint=hint)


def _cell_at(text: str, offset: int) -> tuple[int | None, str | None]:
    """(row, column name) of the cell holding character ``offset``, as far as the file
    can be split into cells before that point."""
    header, found = None, None
    try:
        for index, record in enumerate(_records(text)):
            if record.start > offset:
                break
            header = header or record.cells
            found = (index, sum(1 for start in record.starts if start <= offset) - 1)
    except _CsvProblem:
        # The text cannot be split this far, so the row holding the byte is not known;
        # naming an earlier one (the header, say) would send the reader to the wrong place.
        return None, None
    if found is None:
        return None, None
    row, cell = found
    return row, header[cell] if row and cell < len(header) else None


def _check_controls(text: str, label: str) -> None:
    """No control characters in a JSON or BibTeX file (tabs and line breaks are fine)."""
    match = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if match:
        raise DataError(label, f"the file contains a control character ({_char_name(match)}).",
                        line=text.count("\n", 0, match.start()) + 1,
                        hint="Delete it; such characters are invisible in most editors.")


def _char_name(match: re.Match) -> str:
    """'ESC, U+001B': a control character by name and code point."""
    code = ord(match.group()[0])
    name = _CONTROL_NAMES.get(code)
    return f"{name}, U+{code:04X}" if name else f"U+{code:04X}"


def _line_of(text: str, pattern: str) -> int | None:
    """The line where a regular expression first matches in ``text``."""
    match = re.search(pattern, text)
    return text.count("\n", 0, match.start()) + 1 if match else None


# ---- layer 1: the descriptor --------------------------------------------------------


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


# ---- layer 2: bytes and CSV structure -----------------------------------------------


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


# ---- layer 3: cells ------------------------------------------------------------------


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


# ---- layer 4: the Table Schema, checked by frictionless -----------------------------


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


# ---- typed DataFrames ---------------------------------------------------------------


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


# ---- layer 5: the bibliography -------------------------------------------------------


def read_bib(path: Path, label: str) -> frozenset[str]:
    """The keys of a well-formed ``references.bib``."""
    return _bib_keys(read_bytes(path, label), label)


@functools.lru_cache(maxsize=4)
def _bib_keys(raw: bytes, label: str) -> frozenset[str]:
    """The keys, cached on the file's bytes: a table edit does not parse the bibliography
    again."""
    text = decode_text(raw, label, csv=False)
    _check_controls(text, label)
    entries = _bib_entries(text, label)
    if not entries:
        raise DataError(label, "the bibliography has no entries.",
                        hint=restore_hint(label, "Every row's sources name entries here; "))
    check_bib_keys(entries, label)
    data = _bib_parse(text, label)
    check_bib_kinds(entries, data, label)
    return frozenset(data.entries.keys())


def _bib_entries(text: str, label: str) -> list[tuple[str, int]]:
    """(key, line) of every entry; text outside entries must be blank or a % comment."""
    entries, pos = [], 0
    for match in re.finditer(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])", text):
        if match.start() < pos:
            continue
        _check_between(text, pos, match.start(), label)
        end = _closing(text, match.end() - 1)
        line = text.count("\n", 0, match.start()) + 1
        if end is None:
            raise DataError(label, f"the entry that starts on line {line} is never closed.",
                            line=line, hint=restore_hint(
                                label, "Likely cause: a missing '}' or the file is cut off. If "
                                "so, "))
        if match.group(1).lower() not in ("comment", "string", "preamble"):
            key = re.match(r"\s*([^\s,{}()=\"#%'~]+)\s*,", text[match.end() : end])
            if not key:
                raise DataError(label, "this entry has no citation key.", line=line,
                                hint="Write @kind{key, ...}.")
            entries.append((key.group(1), line))
        pos = end + 1
    _check_between(text, pos, len(text), label)
    return entries


def _closing(text: str, opener: int) -> int | None:
    """The position of the bracket that closes the one at ``opener``, braces balanced."""
    close = "}" if text[opener] == "{" else ")"
    depth = 0
    for match in re.compile(r"[{}()]").finditer(text, opener + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == close and depth == 0:
            return match.start()
    return None


def _check_between(text: str, start: int, end: int, label: str) -> None:
    """Between entries only blank lines and % comments: anything else is a damaged entry."""
    offset = start
    for piece in text[start:end].split("\n"):
        stripped = piece.strip()
        if stripped and not stripped.startswith("%"):
            line = text.count("\n", 0, offset) + 1
            raise DataError(label, "this text is outside any entry.", line=line,
                            value=stripped[:40], hint="Likely cause: a missing '@', an extra "
                            "'}' that closes the entry above too early, or stray text; "
                            "comment lines start with %.")
        offset += len(piece) + 1


def check_bib_keys(entries: list[tuple[str, int]], label: str) -> None:
    """No key is used twice, even with different capitals (BibTeX ignores case)."""
    seen: dict[str, tuple[str, int]] = {}
    for key, line in entries:
        if key.lower() in seen:
            first, first_line = seen[key.lower()]
            same = "" if first == key else f" (as {first!r}; BibTeX keys ignore case)"
            raise DataError(label, f"the key {key!r} is already used on line {first_line}"
                            f"{same}.", line=line, value=key,
                            hint="Rename or merge one of the two entries.")
        seen[key.lower()] = (key, line)


def check_bib_kinds(entries: list[tuple[str, int]], data, label: str) -> None:
    """Every entry says what kind of source it is and its language: the book sorts, labels
    and weighs sources by both, and an entry without them would be shown unclassified."""
    for key, line in entries:
        fields = {k.lower(): str(v).strip() for k, v in data.entries[key].fields.items()}
        kind = fields.get("sourcekind")
        if not kind:
            raise DataError(label, f"entry {key!r} does not say what kind of source it is.",
                            line=line, column="sourcekind",
                            hint=f"Add sourcekind = {{...}} with one of: "
                            f"{', '.join(SOURCE_KINDS)}.")
        if kind not in SOURCE_KINDS:
            raise DataError(label, f"entry {key!r} names a kind of source the book does "
                            "not know.", line=line, column="sourcekind", value=kind,
                            hint=f"Use one of: {', '.join(SOURCE_KINDS)}.")
        if not fields.get("language"):
            raise DataError(label, f"entry {key!r} does not give the language of the "
                            "source.", line=line, column="language",
                            hint="Add language = {...}, for example language = {russian}.")
        for name, value in fields.items():
            if name not in VERBATIM_FIELDS and not _formats_as_latex(value):
                raise DataError(label, f"field {name!r} of entry {key!r} cannot be typeset: "
                                "its braces do not balance once a % (which BibTeX reads as "
                                "the start of a comment) or a stray brace is taken into "
                                "account.", line=line, column=name, value=value[:60],
                                hint="Write 'per cent' for %, or balance the braces.")


#: Fields the bibliography prints as they are, not as LaTeX (a URL may hold a %).
VERBATIM_FIELDS = ("url", "doi")


def _formats_as_latex(value: str) -> bool:
    """Whether the bibliography's style can read the field (the build stops if not)."""
    from pybtex.richtext import Text

    if re.search(r"(?<!\\)%", value):
        return False  # the rest of the field would be read as a comment and vanish
    try:
        Text.from_latex(value)
    except Exception:  # pybtex raises its own syntax errors and codec errors alike
        return False
    return True


def _bib_parse(text: str, label: str):
    """The parsed bibliography; pybtex's first complaint, with its line, is a DataError."""
    import pybtex.errors
    from pybtex.database.input.bibtex import Parser
    from pybtex.exceptions import PybtexError

    try:
        with pybtex.errors.capture() as errors:
            data = Parser().parse_string(text)
    except PybtexError as err:
        errors = [err]
    if errors:
        first = errors[0]
        line = getattr(first, "lineno", None)
        # The line goes where every message puts it; pybtex's words stay whole.
        message = re.sub(r" in line [0-9]+", "", str(first))
        keyed = re.search(r"entry with key (\S+)", message)
        quoted = re.search(r"'([^'\n]{8,40})", message)
        if line is None and keyed:
            line = _line_of(text, r"@[ \t]*[A-Za-z]+[ \t\r\n]*[{(]\s*"
                            f"{re.escape(keyed.group(1))}\\s*,")
        if line is None and quoted:
            line = _line_of(text, re.escape(quoted.group(1)))
        raise DataError(label, f"BibTeX cannot read this ({message}).", line=line,
                        hint="Check the braces, commas and quotes of the entry there.")
    return data


# ---- layer 5, continued: rules the schema cannot state -----------------------------------------


def check_cross_table(frames: dict, tables: dict[str, Table], bib: frozenset[str]) -> None:
    """Bib keys, multi-valued ids, paragraph numbers, dates, check names, the sections'
    cover of the column and positions that clash."""
    actors = set(frames["actors"]["actor_id"])
    for name in tables:
        check_rows(tables[name], frames[name], bib, actors)
    check_claim_verdicts(tables["claims"], frames["claims"])
    check_terms(tables["offices"], frames["offices"])
    check_deployed_sites(tables["deployments"], frames["deployments"], frames["sites"])
    check_sections(tables["sections"], frames["sections"])
    check_column_sections(tables["column"], frames["column"], frames["sections"])
    check_same_day_positions(tables["positions"], frames["positions"])


def check_rows(table: Table, frame: pd.DataFrame, bib: frozenset[str], actors: set) -> None:
    """The row-by-row rules of one table."""
    source_columns = [c for c in frame.columns if "sources" in c]
    for row, record in enumerate(frame.to_dict("records"), start=1):
        for column in source_columns:
            for key in record.get(column, []) or []:
                if key not in bib:
                    raise table.fail("this BibTeX key is not in references.bib.", row=row,
                                     column=column, value=key,
                                     hint="Add the entry to references.bib or fix the key.")
        for actor in record.get("actors", []) if table.name == "events" else []:
            if actor not in actors:
                raise table.fail("this actor id is not in data/actors.csv.", row=row,
                                 column="actors", value=actor)
        for para in record.get("paras", []) or []:
            if para not in PARAGRAPHS:
                raise table.fail("the column has paragraphs 1 to 12 only.", row=row,
                                 column="paras", value=para)
        check_row_dates(table, row, record)
        check_row_range(table, row, record)


def check_row_dates(table: Table, row: int, record: dict) -> None:
    """Every date of a row is well formed; an event's end is not before its start."""
    for column in DATE_COLUMNS.get(table.name, ()):
        value = record.get(column)
        if not value:
            continue
        precision = (record["date_precision"] if table.name == "events" and column == "date"
                     else precision_of(value))
        problem = date_problem(value, precision) if precision in (None, *DATE_FORMS) \
            else "date_precision must be day, month or year."
        if problem:
            raise table.fail(problem, row=row, column=column, value=value)
    if table.name == "polls" and last_day(record["fieldwork_end"]) < first_day(
            record["fieldwork_start"]):
        raise table.fail(f"fieldwork ends before it starts ({record['fieldwork_start']}).",
                         row=row, column="fieldwork_end", value=record["fieldwork_end"])
    if table.name == "events" and record.get("end_date"):
        start = first_day(record["date"], record["date_precision"])
        end = record["end_date"]
        if last_day(end) < start:
            raise table.fail(f"the end date is before the start date ({record['date']}).",
                             row=row, column="end_date", value=end)


def check_row_range(table: Table, row: int, record: dict) -> None:
    """A row's high end (:data:`RANGES`) is not below its low end."""
    if table.name not in RANGES:
        return
    low, high = RANGES[table.name]
    if pd.notna(record.get(low)) and pd.notna(record.get(high)) and record[high] < record[low]:
        raise table.fail(f"the high end is below the low end ({low} is {record[low]:g}).",
                         row=row, column=high, value=record[high])


def check_deployed_sites(table: Table, deployments: pd.DataFrame,
                         sites: pd.DataFrame) -> None:
    """An interceptor is placed only at a site whose coordinates a source gives, since
    the model needs them."""
    mapped = set(sites[sites.latitude.notna() & sites.longitude.notna()].site_id)
    for row, site_id in enumerate(deployments.get("site_id", []), start=1):
        if site_id not in mapped:
            raise table.fail("this site has no coordinates in data/sites.csv, so the model "
                             "cannot place an interceptor there.", row=row, column="site_id",
                             value=site_id)


def check_terms(table: Table, offices: pd.DataFrame) -> None:
    """A term ends on or after its first day, and one actor's terms in one office do not
    overlap (the day one term ends may be the day the next begins)."""
    seen: dict[tuple, list] = {}
    for row, record in enumerate(offices.to_dict("records"), start=1):
        start = first_day(record["start"])
        end = last_day(record["end"]) if record.get("end") else None
        if end is not None and end < start:
            raise table.fail(f"the term ends before it begins ({record['start']}).", row=row,
                             column="end", value=record["end"])
        key = (record["actor_id"], record["office"])
        for other_row, other_start, other_end in seen.get(key, []):
            if (other_end is None or start < other_end) and (end is None or other_start < end):
                raise table.fail(f"this term overlaps the term in row {other_row} for the same "
                                 "actor and office.", row=row, column="start",
                                 value=record["start"],
                                 hint="Correct one of the dates, or merge the two rows.")
        seen.setdefault(key, []).append((row, start, end))


#: Each verdict column of claims.csv and the column holding its narrower reading.
NARROWER = {"verdict_2013": "narrower_2013", "verdict_2025": "narrower_2025"}
#: The verdict that needs a narrower reading written down beside it.
NARROWED = "partly"
#: The kind judged for soundness as well, and the columns that hold that judgement.
SOUNDNESS = ("prescription", ("soundness", "soundness_note"))


def check_claim_verdicts(table: Table, claims: pd.DataFrame) -> None:
    """Each claim is judged by its kind's standard: a verdict the schema's categories allow
    for that kind (a prescription is acted on or not, never true or false), a narrower
    reading written down exactly where the verdict is 'partly', and a soundness judgement
    for a prescription only."""
    fields = {f["name"]: f for f in table.fields}
    for row, record in enumerate(claims.to_dict("records"), start=1):
        kind = record.get("kind")
        for column, narrower in NARROWER.items():
            if column not in fields:
                continue
            verdict = record.get(column)
            allowed = [c["value"] for c in fields[column].get("categories", [])
                       if isinstance(c, dict) and kind in c.get("kinds", [kind])]
            if verdict not in allowed:
                raise table.fail(f"a claim of kind {kind!r} cannot have this verdict.",
                                 row=row, column=column, value=verdict,
                                 hint=f"Use one of: {', '.join(allowed)}.")
            written = bool(str(record.get(narrower) or "").strip())
            if narrower in fields and (verdict == NARROWED) != written:
                problem = ("a verdict of 'partly' needs the narrower reading that holds."
                           if not written else
                           f"only a verdict of 'partly' has a narrower reading; this one is "
                           f"{verdict!r}.")
                raise table.fail(problem, row=row, column=narrower,
                                 value=record.get(narrower) or None,
                                 hint="Write it in the project's words, or clear the cell.")
        judged, columns = SOUNDNESS
        for column in (c for c in columns if c in fields):
            written = bool(str(record.get(column) or "").strip())
            if written != (kind == judged):
                problem = (f"a {judged} is also judged for soundness; this cell is empty."
                           if not written else
                           f"only a {judged} is judged for soundness; this claim is a {kind}.")
                raise table.fail(problem, row=row, column=column,
                                 value=record.get(column) or None,
                                 hint="Fill it in, or clear it.")


def check_sections(table: Table, sections: pd.DataFrame) -> None:
    """Sections taken by ``order`` cover ¶1-¶12 one after another: no gap, no overlap."""
    seen: dict[int, int] = {}
    for row, record in enumerate(sections.to_dict("records"), start=1):
        if record["order"] in seen:
            raise table.fail(f"row {seen[record['order']]} has the same order.", row=row,
                             column="order", value=record["order"],
                             hint="Give every section its own position in the book.")
        seen[record["order"]] = row
        if record["last_para"] < record["first_para"]:
            raise table.fail(f"the section ends before it starts (first_para "
                             f"{record['first_para']}).", row=row, column="last_para",
                             value=record["last_para"])
    _check_cover(table, sections)


def _check_cover(table: Table, sections: pd.DataFrame) -> None:
    """In the order of ``order``, each section starts where the one before it ended."""
    following, previous = PARAGRAPHS.start, None
    ranked = sorted(enumerate(sections.to_dict("records"), start=1),
                    key=lambda item: item[1]["order"])
    for row, record in ranked:
        first = record["first_para"]
        if first > following:
            gap = f"¶{following}" + (f"-¶{first - 1} are" if first - 1 > following else " is")
            raise table.fail(f"{gap} in no section.", row=row, column="first_para",
                             value=first, hint="Every paragraph belongs to exactly one "
                             "section; sections follow each other in the order of 'order'.")
        if first < following:
            raise table.fail(f"¶{first} is already in section '{previous}', which comes "
                             "before this one.", row=row, column="first_para", value=first,
                             hint="Sections may not overlap and must follow 'order'.")
        following, previous = record["last_para"] + 1, record["section"]
    if following <= PARAGRAPHS.stop - 1:
        last = PARAGRAPHS.stop - 1
        missing = f"¶{following}" + (f"-¶{last} are" if last > following else " is")
        raise table.fail(f"{missing} in no section.", row=ranked[-1][0], column="last_para",
                         value=ranked[-1][1]["last_para"],
                         hint="The last section must end at ¶12.")


def check_column_sections(table: Table, column: pd.DataFrame, sections: pd.DataFrame) -> None:
    """Every paragraph has a row, whose section is the one data/sections.csv gives it."""
    owner = {p: s.section for s in sections.itertuples()
             for p in range(s.first_para, s.last_para + 1)}
    for row, record in enumerate(column.to_dict("records"), start=1):
        expected = owner.get(record["para"])
        if record["section"] != expected:
            raise table.fail(f"¶{record['para']} is in section '{expected}' by "
                             "data/sections.csv.", row=row, column="section",
                             value=record["section"],
                             hint="Correct this cell or the section's paragraph range.")
    missing = [p for p in PARAGRAPHS if p not in set(column["para"])]
    if missing:
        raise table.fail(f"¶{missing[0]} has no row; the column has paragraphs 1 to 12.",
                         hint=restore_hint(table.label))


def check_same_day_positions(table: Table, positions: pd.DataFrame) -> None:
    """No actor has two positions on one proposal taking effect on the same day (a month
    counts from its last day, as :mod:`companion.stakeholders` reads it)."""
    seen: dict[tuple, tuple[int, str]] = {}
    for row, record in enumerate(positions.to_dict("records"), start=1):
        day = last_day(record["as_of"])
        key = (record["actor_id"], record["proposal_id"], day)
        if key in seen:
            first, first_as_of = seen[key]
            raise table.fail(
                f"takes effect on {day:%Y-%m-%d}, the same day as row {first} (as_of "
                f"{first_as_of}, line {table.line_of(first)}) for the same actor and "
                f"proposal ({record['actor_id']}, {record['proposal_id']}).",
                row=row, column="as_of", value=record["as_of"],
                hint="Keep one of the two rows, or date them apart.")
        seen[key] = (row, record["as_of"])


def add_date_bounds(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``start`` and ``end`` timestamps that honour each event's precision."""
    events = events.copy()
    starts, ends = [], []
    for record in events.to_dict("records"):
        start, end = bounds(record["date"], record["date_precision"])
        if record.get("end_date"):
            end = last_day(record["end_date"])
        starts.append(start)
        ends.append(end)
    events["start"] = pd.to_datetime(starts)
    events["end"] = pd.to_datetime(ends)
    return events


# ---- checks outside the cache: the book around the data -----------------------------


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

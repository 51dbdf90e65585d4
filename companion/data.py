"""Load the evidence in ``data/`` as typed pandas DataFrames, refusing bad input.

Validation runs in three layers, each stopping at the first problem with one
:class:`DataError` that names the file, the row, the column and the value:

1. bytes: the file exists, is not empty, is UTF-8 and has no byte-order mark;
2. the Frictionless Table Schema in ``data/datapackage.json`` (types, enums,
   ranges, patterns, primary and foreign keys), checked by the ``frictionless``
   library rather than by hand;
3. rules a Table Schema cannot state: BibTeX keys exist, multi-valued ids exist,
   a date's form matches its ``date_precision`` and is a real calendar date,
   ``end_date`` is not before ``date``, a claim's ``check`` names a computed check.

Nothing is dropped: every row of every CSV reaches the DataFrame or the load fails.
"""

from __future__ import annotations

import calendar
import csv
import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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
)

_DATE_FORMS = {
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "year": re.compile(r"^(\d{4})$"),
}


class DataError(ValueError):
    """Bad input in ``data/``: one message naming file, row, column and value.

    ``row`` counts data rows from 1 (the header is row 0); ``line`` is the line
    in the file as an editor shows it.
    """

    def __init__(self, file, problem, *, row=None, column=None, value=None, hint=None):
        self.file, self.row, self.column, self.value = str(file), row, column, value
        self.problem, self.hint = problem, hint
        where = [self.file]
        if row is not None:
            where.append(f"row {row} (line {row + 1})")
        if column is not None:
            where.append(f"column '{column}'")
        if value is not None:
            where.append(f"value {value!r}")
        message = ", ".join(where) + f": {problem}"
        if hint:
            message += f" {hint}"
        super().__init__(message)


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

    def __getitem__(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def section_paras(self, section: str) -> range:
        """The paragraphs (¶) a section of the column covers, for example range(5, 7)."""
        row = self.sections.set_index("section").loc[section]
        return range(int(row.first_para), int(row.last_para) + 1)


def default_data_dir() -> Path:
    from companion import DATA_DIR

    return DATA_DIR


def load(data_dir: str | Path | None = None, bib_file: str | Path | None = None) -> Evidence:
    """Validate and load every table.

    The validated tables are cached, keyed on the folder and on the contents of every file
    in it, so an edited file is read again; each call hands out copies, so a caller that
    changes a table cannot change what the next caller gets."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    bib_file = Path(bib_file) if bib_file is not None else data_dir.parent / "references.bib"
    data_dir, bib_file = data_dir.resolve(), bib_file.resolve()
    cached = _load_cached(data_dir, bib_file, _signature(data_dir, bib_file))
    return Evidence(**{t: cached[t].copy() for t in TABLES})


def _signature(data_dir: Path, bib_file: Path) -> tuple:
    """(name, SHA-256 of the contents) of every file in the folder and of the bibliography;
    a file that cannot be read gets None, and loading it then reports why."""
    paths = sorted(p for p in data_dir.glob("*") if p.is_file()) if data_dir.is_dir() else []
    stamp = []
    for path in [*paths, bib_file]:
        try:
            stamp.append((path.name, hashlib.sha256(path.read_bytes()).hexdigest()))
        except OSError:
            stamp.append((path.name, None))
    return tuple(stamp)


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One validated table, for example ``load_table("events")``."""
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
    return load(data_dir)[name].copy()


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path, bib_file: Path, signature: tuple) -> Evidence:
    descriptor = read_descriptor(data_dir)
    for resource in descriptor["resources"]:
        check_bytes(data_dir / resource["path"], _rel(data_dir, resource["path"]))
        check_header(data_dir / resource["path"], _rel(data_dir, resource["path"]), resource)
    check_schema(data_dir)
    frames = {r["name"]: read_typed(data_dir, r) for r in descriptor["resources"]}
    missing = [t for t in TABLES if t not in frames]
    if missing:
        raise DataError(data_dir / "datapackage.json", f"no resource for table(s) {missing}.")
    from companion.bib import bib_keys

    check_cross_table(frames, descriptor, bib_keys(bib_file), data_dir)
    frames["events"] = add_date_bounds(frames["events"])
    return Evidence(**{t: frames[t] for t in TABLES})


def _rel(data_dir: Path, path: str) -> str:
    return f"{data_dir.name}/{path}"


def read_descriptor(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    if not path.exists():
        raise DataError(path, "the data package descriptor is missing.")
    return json.loads(path.read_text(encoding="utf-8"))


# ---- layer 1: bytes ---------------------------------------------------------


def check_bytes(path: Path, label: str) -> None:
    """Fail on a missing or empty file, a byte-order mark, or bytes that are not UTF-8."""
    if not path.exists():
        raise DataError(label, "the file is missing.", hint="Restore it from git.")
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(label, "the file is empty; it needs a header row and data rows.")
    if raw.startswith(b"\xef\xbb\xbf"):
        header = raw[3:].split(b"\n", 1)[0].decode("utf-8", "replace").split(",")[0]
        raise DataError(
            label,
            "the file starts with a byte-order mark.",
            row=0,
            column=header,
            value="\ufeff",
            hint="Save it as UTF-8 without BOM.",
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line_no = raw[: err.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw[line_start:].split(b"\n", 1)[0].decode("utf-8", "replace")
        header = next(csv.reader(io.StringIO(raw.split(b"\n", 1)[0].decode("utf-8", "replace"))))
        fields = next(csv.reader(io.StringIO(line)), [])
        column = next(
            (header[i] for i, f in enumerate(fields) if "\ufffd" in f and i < len(header)), None
        )
        raise DataError(
            label,
            "the bytes are not valid UTF-8.",
            row=line_no - 1,
            column=column,
            value=raw[err.start : err.end],
            hint="Re-save the file as UTF-8.",
        ) from None


def check_header(path: Path, label: str, resource: dict) -> None:
    """The header names exactly the schema's fields, in order, so no column is misread."""
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    expected = [field["name"] for field in resource["schema"]["fields"]]
    for name in expected:
        if name not in header:
            raise DataError(label, "a required column is missing from the header.",
                            row=0, column=name, hint="Restore the column (see datapackage.json).")
    for name in header:
        if name not in expected:
            raise DataError(label, "this column is not in the schema.", row=0, column=name,
                            hint="Add it to data/datapackage.json or remove it.")
    if header != expected:
        raise DataError(label, f"columns are out of order; expected {expected}.", row=0)


# ---- layer 2: the Table Schema, checked by frictionless ---------------------


def check_schema(data_dir: Path) -> None:
    """Validate the whole package against its Table Schemas with ``frictionless``."""
    import frictionless

    descriptor = data_dir / "datapackage.json"
    report = frictionless.validate(str(descriptor), basepath=str(data_dir))
    if report.valid:
        return
    resources = {r["name"]: r for r in read_descriptor(data_dir)["resources"]}
    for task in report.tasks:
        if task.errors:
            raise _frictionless_error(data_dir, resources[task.name], task.errors[0])
    raise DataError(descriptor, "; ".join(e.message for e in report.errors))


def _frictionless_error(data_dir: Path, resource: dict, error) -> DataError:
    label = _rel(data_dir, resource["path"])
    row_number = getattr(error, "row_number", None)
    row = row_number - 1 if row_number else None
    column = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    if column is None and getattr(error, "field_names", None):
        column = ", ".join(error.field_names)
        value = ", ".join(str(c) for c in getattr(error, "field_cells", []) or [])
    if error.type in ("missing-label", "blank-label", "duplicate-label", "incorrect-label"):
        column = getattr(error, "label", None) or column
        value = None
        row = 0
    problem = {
        "primary-key": "this id is not unique; another row already uses it.",
        "foreign-key": "this id does not exist in the table it refers to.",
        "missing-label": "a required column is missing from the header.",
        "constraint-error": f"breaks a rule of the schema ({error.note}).",
        "type-error": f"has the wrong type ({error.note}).",
    }.get(error.type, f"{error.title}: {error.note}")
    if error.type == "primary-key" and getattr(error, "cells", None):
        names = [f["name"] for f in resource["schema"]["fields"]]
        key = resource["schema"]["primaryKey"]
        key = [key] if isinstance(key, str) else key
        column = ", ".join(key)
        value = ", ".join(str(error.cells[names.index(k)]) for k in key)
    return DataError(
        label, problem, row=row, column=column, value=value,
        hint="See data/datapackage.json for what this column accepts.",
    )


# ---- typed DataFrames -------------------------------------------------------


def read_typed(data_dir: Path, resource: dict) -> pd.DataFrame:
    """Read one CSV as text (nothing becomes NaN by accident), then apply schema types."""
    frame = pd.read_csv(
        data_dir / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8"
    )
    for field in resource["schema"]["fields"]:
        name, kind = field["name"], field.get("type", "string")
        if name not in frame:
            continue
        if kind == "integer":
            frame[name] = pd.array(
                [int(v) if v != "" else None for v in frame[name]], dtype="Int64"
            )
        elif kind == "list":
            delimiter = field.get("delimiter", ",")
            frame[name] = [
                [item.strip() for item in v.split(delimiter)] if v else [] for v in frame[name]
            ]
            if field.get("itemType") == "integer":
                frame[name] = [[int(i) for i in items] for items in frame[name]]
        elif kind == "number":
            frame[name] = [float(v) if v != "" else float("nan") for v in frame[name]]
        elif kind == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False})
    return frame


# ---- layer 3: rules the schema cannot state ---------------------------------


def check_cross_table(frames: dict, descriptor: dict, bib: set[str], data_dir: Path) -> None:
    """Bib keys, multi-valued ids, paragraph numbers, dates and check names."""
    known = {
        "actor": set(frames["actors"]["actor_id"]),
        "proposal": set(frames["proposals"]["proposal_id"]),
    }
    for resource in descriptor["resources"]:
        name, label = resource["name"], _rel(data_dir, resource["path"])
        frame = frames[name]
        source_columns = [c for c in frame.columns if "sources" in c]
        for row, record in enumerate(frame.to_dict("records"), start=1):
            for column in source_columns:
                for key in record.get(column, []) or []:
                    if key not in bib:
                        raise DataError(
                            label, "this BibTeX key is not in references.bib.",
                            row=row, column=column, value=key,
                            hint="Add the entry to references.bib or fix the key.",
                        )
            for actor in record.get("actors", []) if name == "events" else []:
                if actor not in known["actor"]:
                    raise DataError(
                        label, "this actor id is not in data/actors.csv.",
                        row=row, column="actors", value=actor,
                    )
            for para in record.get("paras", []) or []:
                if not 1 <= para <= 12:
                    raise DataError(
                        label, "the column has paragraphs 1 to 12 only.",
                        row=row, column="paras", value=para,
                    )
            if name == "events":
                check_event_dates(label, row, record)
            if name == "positions":
                as_of = record["as_of"]
                check_date_form(label, row, "as_of", as_of, _precision_of(as_of))
            for column in ("planned", "operational", "cancelled", "announced"):
                if name in ("sites", "phases") and record.get(column):
                    value = record[column]
                    check_date_form(label, row, column, value, _precision_of(value))
            if name == "claims" and record["check"]:
                from companion.checks import CHECKS

                if record["check"] not in CHECKS:
                    raise DataError(
                        label, "no such check in companion/checks.py.",
                        row=row, column="check", value=record["check"],
                        hint=f"Use one of: {', '.join(CHECKS)}, or leave the cell empty.",
                    )


def check_event_dates(label: str, row: int, record: dict) -> None:
    precision = record["date_precision"]
    check_date_form(label, row, "date", record["date"], precision)
    end = record.get("end_date", "")
    if end:
        end_precision = _precision_of(end)
        check_date_form(label, row, "end_date", end, end_precision)
        if period_bounds(end, end_precision)[1] < period_bounds(record["date"], precision)[0]:
            raise DataError(
                label, f"the end date is before the start date ({record['date']}).",
                row=row, column="end_date", value=end,
            )


def _precision_of(value: str) -> str:
    """The precision a date's own form implies (used where no precision column exists)."""
    return {7: "month", 4: "year"}.get(len(value), "day")


def check_date_form(label: str, row: int, column: str, value: str, precision: str) -> None:
    """The date's form matches its precision and names a real day, month or year."""
    match = _DATE_FORMS[precision].match(value)
    if not match:
        raise DataError(
            label,
            f"the form does not match date_precision '{precision}' "
            "(day: YYYY-MM-DD, month: YYYY-MM, year: YYYY).",
            row=row, column=column, value=value,
        )
    parts = [int(p) for p in match.groups()]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise DataError(label, "there is no such month.", row=row, column=column, value=value)
    if len(parts) == 3:
        last = calendar.monthrange(parts[0], parts[1])[1]
        if not 1 <= parts[2] <= last:
            raise DataError(
                label, "this is not a real calendar date.", row=row, column=column, value=value
            )


def period_bounds(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the period a date of the given precision names."""
    start = pd.Timestamp(value if precision == "day" else value + ("-01" if precision == "month"
                                                                   else "-01-01"))
    if precision == "day":
        return start, start
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, pd.Timestamp(f"{value}-12-31")


def add_date_bounds(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``start`` and ``end`` timestamps that honour each event's precision."""
    events = events.copy()
    starts, ends = [], []
    for record in events.to_dict("records"):
        start, end = period_bounds(record["date"], record["date_precision"])
        if record.get("end_date"):
            end = period_bounds(record["end_date"], _precision_of(record["end_date"]))[1]
        starts.append(start)
        ends.append(end)
    events["start"] = pd.to_datetime(starts)
    events["end"] = pd.to_datetime(ends)
    return events

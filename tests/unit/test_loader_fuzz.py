"""Damage a copy of the real evidence in many generated ways; the loader must either refuse
it with one DataError naming the file (and the line and column where there is one) or
accept it with exactly the rows Python's csv module reads. No other exception may escape.

The cases come from a seeded generator, so every run (and CI) tries the same ones; a
failing case is named by its kind and number and can be re-run alone by that name.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from companion.evidence import DataError, load

SEED = 20110527
CASES_PER_KIND = 12
REPORT = Path(__file__).resolve().parents[2] / "_build" / "reports" / "loader-fuzz.json"
BIB = "../references.bib"
DESCRIPTOR = "datapackage.json"
# The superuser reads any file whatever its mode, so permission cases exist only for others.
CAN_REMOVE_PERMISSIONS = hasattr(os, "geteuid") and os.geteuid() != 0
# Found from this file: collecting the tests runs no library code.
KNOWN_CSV = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "data").glob("*.csv"))


@dataclass
class Mutation:
    """What was done to the copy, and what a refusal must then say."""

    description: str
    file: str | None = None
    line: int | None = None
    words: str | None = None
    must_fail: bool = False


# ---- reading and writing the copy -----------------------------------------------------


def label(name: str) -> str:
    """The file as a DataError names it."""
    return "references.bib" if name == BIB else f"data/{name}"


def csv_names(data: Path) -> list[str]:
    return sorted(p.name for p in data.glob("*.csv"))


def read_records(path: Path) -> list[tuple[list[str], int, int]]:
    """(cells, first line, last line) of every record, as the csv module reads them."""
    reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))
    records, previous = [], 0
    for cells in reader:
        records.append((cells, previous + 1, reader.line_num))
        previous = reader.line_num
    return records


def write_rows(path: Path, rows: list[list[str]], **dialect) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n", **dialect).writerows(rows)


def fields_of(data: Path, name: str) -> list[dict]:
    """The schema fields of the resource stored in ``name``."""
    descriptor = json.loads((data / DESCRIPTOR).read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["path"] == name)["schema"]["fields"]


def pick_table(rng: random.Random, data: Path) -> tuple[str, Path, list]:
    name = rng.choice(csv_names(data))
    return name, data / name, read_records(data / name)


# ---- the kinds of damage --------------------------------------------------------------

NASTY_VALUES = ["", " ", "  padded  ", "nobody", "13", "0", "-1", "1.5", "١٢", "9" * 25,
                "2011-02-30", "1899-01-01", "2101-12-31", "2011-13", "x\x00y", "a\x1bb", "a\tb",
                "line\nbreak", 'say "hi"', "“curly”", "a;;b", "a; b", "true", "<b>x</b>", "é"]


def cell_edit(rng, data):
    """One cell gets a hostile value (or another row's value, which may clash)."""
    name, path, records = pick_table(rng, data)
    rows = [r[0] for r in records]
    row, col = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
    pool = [*NASTY_VALUES, rng.choice(rows[1:])[col], rows[row][col] + " "]
    rows[row][col] = rng.choice(pool)
    write_rows(path, rows)
    return Mutation(f"{name} row {row} column {rows[0][col]!r} = {rows[row][col]!r}")


def delete_cell(rng, data):
    """A row loses one cell."""
    name, path, records = pick_table(rng, data)
    row = rng.randrange(1, len(records))
    cells = records[row][0]
    del cells[rng.randrange(len(cells))]
    write_rows(path, [r[0] for r in records])
    return Mutation(f"{name} row {row} loses a cell", label(name), records[row][1],
                    "this row has", must_fail=True)


def extra_cell(rng, data):
    """A row gains one cell."""
    name, path, records = pick_table(rng, data)
    row = rng.randrange(1, len(records))
    records[row][0].insert(rng.randrange(len(records[row][0]) + 1), rng.choice(["", "extra"]))
    write_rows(path, [r[0] for r in records])
    return Mutation(f"{name} row {row} gains a cell", label(name), records[row][1],
                    "this row has", must_fail=True)


def stray_quote(rng, data):
    """A double quote lands somewhere in a data line."""
    name, path, _ = pick_table(rng, data)
    lines = path.read_text(encoding="utf-8").split("\n")
    index = rng.randrange(1, len(lines) - 1)
    at = rng.randrange(len(lines[index]) + 1)
    lines[index] = lines[index][:at] + '"' + lines[index][at:]
    path.write_text("\n".join(lines), encoding="utf-8")
    return Mutation(f"{name} line {index + 1}: quote at {at}", label(name))


def typographic_quote(rng, data):
    """A cell is 'quoted' with curly quotes around a comma, unquoted for CSV."""
    name, path, records = pick_table(rng, data)
    row = rng.randrange(1, len(records))
    col = rng.randrange(len(records[row][0]))
    text = rng.choice(["\u201cone, two\u201d", "\u201eeins, zwei\u201c", "\u00abun, deux\u00bb"])
    records[row][0][col] = text
    write_rows(path, [r[0] for r in records])
    raw = path.read_text(encoding="utf-8").replace(f'"{text}"', text)
    path.write_text(raw, encoding="utf-8")
    return Mutation(f"{name} row {row} column {col} = {text}", label(name), records[row][1],
                    "Likely cause:", must_fail=True)


def truncate(rng, data):
    """The file is cut at a random byte."""
    name, path, _ = pick_table(rng, data)
    raw = path.read_bytes()
    cut = rng.randrange(1, len(raw) - 1)
    path.write_bytes(raw[:cut])
    mid_row = raw[cut - 1 : cut] != b"\n"
    return Mutation(f"{name} cut at byte {cut} of {len(raw)}",
                    label(name) if mid_row else None, must_fail=mid_row)


def encoding(rng, data):
    """The file is saved in another encoding."""
    name, path, _ = pick_table(rng, data)
    text = path.read_text(encoding="utf-8")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"])
    raw = text.encode(codec, errors="replace")
    path.write_bytes(raw)
    # Saved as Latin-1, a file whose only non-ASCII characters Latin-1 lacks becomes
    # plain ASCII ('?' for each): valid UTF-8, if not the same text.
    changed = not raw.isascii()
    return Mutation(f"{name} saved as {codec}", label(name) if changed else None,
                    words="UTF-" if changed else None, must_fail=changed)


def byte_order_mark(rng, data):
    """A byte-order mark: accepted at the start of a CSV, refused anywhere else."""
    name = rng.choice([*csv_names(data), DESCRIPTOR, BIB, "twice"])
    if name == "twice":
        name = rng.choice(csv_names(data))
        (data / name).write_bytes(b"\xef\xbb\xbf" * 2 + (data / name).read_bytes())
        return Mutation(f"{name} with two byte-order marks", label(name), 1, must_fail=True)
    path = data / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    refused = not name.endswith(".csv")
    return Mutation(f"{name} with a byte-order mark", label(name) if refused else None,
                    must_fail=refused)


def separator(rng, data):
    """The file is written with semicolons, tabs or bars between cells."""
    name, path, records = pick_table(rng, data)
    mark = rng.choice([";", "\t", "|"])
    write_rows(path, [r[0] for r in records], delimiter=mark)
    return Mutation(f"{name} separated by {mark!r}", label(name), 1, "separated by",
                    must_fail=True)


def blank_line(rng, data):
    """A blank (or white-space) line between rows or at the end."""
    name, path, records = pick_table(rng, data)
    lines = path.read_text(encoding="utf-8").split("\n")
    after = rng.choice(records[1:])[2] if rng.random() < 0.8 else records[-1][2]
    lines.insert(after, rng.choice(["", "   ", "\t"]))
    path.write_text("\n".join(lines), encoding="utf-8")
    return Mutation(f"{name} blank line after line {after}", label(name), after + 1,
                    must_fail=True)


CONTROLS = [chr(c) for c in range(32) if c != 10] + ["\x7f", "\x85"]


def control_char(rng, data):
    """A control character lands somewhere in a data line."""
    name, path, _ = pick_table(rng, data)
    text = path.read_text(encoding="utf-8")
    first_row = text.index("\n") + 1
    at = rng.randrange(first_row, len(text) - 1)
    char = rng.choice(CONTROLS)
    path.write_text(text[:at] + char + text[at:], encoding="utf-8")
    return Mutation(f"{name} {char!r} at character {at}", label(name))


def _typed_cell(rng, data, kinds):
    """(name, path, records, row, column index, field) of a cell whose field type is in
    ``kinds`` (a list field counts by its item type)."""
    while True:
        name, path, records = pick_table(rng, data)
        fields = fields_of(data, name)
        usable = [i for i, f in enumerate(fields)
                  if (f.get("itemType") if f.get("type") == "list" else f.get("type")) in kinds]
        if usable:
            row, col = rng.randrange(1, len(records)), rng.choice(usable)
            return name, path, records, row, col, fields[col]


def huge_integer(rng, data):
    """A whole number far beyond what a 64-bit integer holds."""
    name, path, records, row, col, field = _typed_cell(rng, data, ["integer"])
    value = str(rng.choice([1, -1]) * 10 ** rng.randrange(19, 60))
    records[row][0][col] = value
    write_rows(path, [r[0] for r in records])
    return Mutation(f"{name} row {row} {field['name']} = {value}", label(name),
                    words="too large", must_fail=True)


FOREIGN_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９"]


def foreign_digits(rng, data):
    """Digits of another script in a number or a date."""
    name, path, records, row, col, field = _typed_cell(rng, data, ["integer", "string"])
    value = records[row][0][col]
    if not any(c.isdigit() for c in value):
        value = "2011-05-01" if field.get("type") == "string" else "7"
    digits = rng.choice(FOREIGN_DIGITS)
    value = "".join(digits[int(c)] if c.isdigit() else c for c in value)
    records[row][0][col] = value
    write_rows(path, [r[0] for r in records])
    return Mutation(f"{name} row {row} {field['name']} = {value}", label(name))


def damaged_descriptor(rng, data):
    """datapackage.json broken in one of many ways."""
    path = data / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    how = rng.choice(["truncate", "trailing comma", "empty", "list", "no resources",
                      "no schema", "outside", "absolute", "url", "unknown resource",
                      "duplicate key", "nan", "drop char"])
    target = text.rindex("}", 0, rng.randrange(len(text) // 2, len(text)))
    new = {
        "truncate": lambda: text[: rng.randrange(1, len(text) - 2)],
        "trailing comma": lambda: text[:target].rstrip() + ",\n" + text[target:],
        "empty": lambda: "",
        "list": lambda: f"[{text}]",
        "no resources": lambda: text.replace('"resources"', '"tables"'),
        "no schema": lambda: text.replace('"schema"', '"schemata"', 1),
        "outside": lambda: text.replace('"path": "events.csv"', '"path": "../events.csv"'),
        "absolute": lambda: text.replace('"path": "actors.csv"', '"path": "/etc/passwd"'),
        "url": lambda: text.replace('"path": "claims.csv"', '"path": "https://x.org/c.csv"'),
        "unknown resource": lambda: text.replace('"resource": "actors"', '"resource": "cast"'),
        "duplicate key": lambda: text.replace('"name":', '"name": "x", "name":', 1),
        "nan": lambda: text.replace('"minimum": 1', '"minimum": NaN', 1),
        "drop char": lambda: _drop_char(rng, text),
    }[how]()
    path.write_text(new, encoding="utf-8")
    return Mutation(f"datapackage.json: {how}",
                    None if how == "drop char" else label(DESCRIPTOR),
                    must_fail=how != "drop char")


def _drop_char(rng, text: str) -> str:
    at = rng.randrange(len(text))
    return text[:at] + text[at + 1 :]


def damaged_bibliography(rng, data):
    """references.bib broken in one of many ways."""
    path = data / BIB
    text = path.read_text(encoding="utf-8")
    how = rng.choice(["truncate", "drop @", "drop }", "drop ,", "extra }", "duplicate",
                      "duplicate in capitals", "latin-1", "empty", "control"])
    entries = [i for i in range(len(text)) if text.startswith("\n@", i)]
    start = rng.choice(entries) + 1
    end = text.index("\n}", start) + 2
    entry = text[start:end]
    key = entry[entry.index("{") + 1 : entry.index(",")]
    new = {
        "truncate": lambda: text[: rng.randrange(1, len(text) - 3)],
        "drop @": lambda: text[:start] + text[start + 1 :],
        "drop }": lambda: text[: end - 1] + text[end:],
        "drop ,": lambda: text[:start] + entry.replace(",", "", 1) + text[end:],
        "extra }": lambda: text[:start] + entry.replace("},", "}},", 1) + text[end:],
        "duplicate": lambda: text + "\n" + entry + "\n",
        "duplicate in capitals": lambda: text + "\n" + entry.replace(key, key.upper(), 1),
        "latin-1": lambda: None,
        "empty": lambda: "",
        "control": lambda: text[:end - 3] + "\x1b" + text[end - 3 :],
    }[how]()
    if new is None:
        path.write_bytes(text.encode("utf-8").replace(b"\n  title", b"\n  titl\xe9", 1))
    else:
        path.write_text(new, encoding="utf-8")
    if how == "duplicate in capitals" and key == key.upper():
        return Mutation(f"references.bib: {how} (no-op)")
    return Mutation(f"references.bib: {how} ({key})",
                    label(BIB) if how not in ("drop ,", "truncate") else None,
                    must_fail=how not in ("drop ,", "truncate"))


def folder_for_file(rng, data):
    """A file is replaced by a folder of the same name."""
    name = rng.choice([*csv_names(data), DESCRIPTOR, BIB])
    (data / name).unlink()
    (data / name).mkdir()
    return Mutation(f"{name} is a folder", label(name), words="folder", must_fail=True)


def missing_file(rng, data):
    """A file is deleted."""
    name = rng.choice([*csv_names(data), DESCRIPTOR, BIB])
    (data / name).unlink()
    # Without its descriptor the folder is no data package, and the lookup says so.
    words = "has no datapackage.json" if name == DESCRIPTOR else "the file is missing"
    return Mutation(f"{name} is missing", label(name), words=words, must_fail=True)


def unreadable_file(rng, data):
    """A file loses its read permission."""
    name = rng.choice([*csv_names(data), DESCRIPTOR, BIB])
    (data / name).chmod(0)
    return Mutation(f"{name} is unreadable", label(name), words="permission denied",
                    must_fail=True)


def windows_line_ends(rng, data):
    """A CSV saved with CRLF line ends, as Excel writes them: accepted."""
    name, path, _ = pick_table(rng, data)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return Mutation(f"{name} with CRLF line ends")


def moved_rows(rng, data):
    """A row is duplicated, deleted or swapped with another."""
    name, path, records = pick_table(rng, data)
    rows = [r[0] for r in records]
    how, row = rng.choice(["duplicate", "delete", "swap"]), rng.randrange(1, len(rows))
    if how == "duplicate":
        rows.insert(row, list(rows[row]))
    elif how == "delete":
        del rows[row]
    else:
        other = rng.randrange(1, len(rows))
        rows[row], rows[other] = rows[other], rows[row]
    write_rows(path, rows)
    return Mutation(f"{name}: {how} row {row}")


KINDS = {
    "cell edit": cell_edit,
    "deleted cell": delete_cell,
    "extra cell": extra_cell,
    "stray quote": stray_quote,
    "typographic quote": typographic_quote,
    "truncation": truncate,
    "encoding": encoding,
    "byte-order mark": byte_order_mark,
    "separator": separator,
    "blank line": blank_line,
    "control character": control_char,
    "huge integer": huge_integer,
    "foreign digits": foreign_digits,
    "bad JSON": damaged_descriptor,
    "bib damage": damaged_bibliography,
    "folder for a file": folder_for_file,
    "missing file": missing_file,
    "CRLF line ends": windows_line_ends,
    "moved rows": moved_rows,
}
if CAN_REMOVE_PERMISSIONS:
    KINDS["permission removed"] = unreadable_file

CASES = [(kind, number) for kind in KINDS for number in range(CASES_PER_KIND)]


# ---- judging the outcome --------------------------------------------------------------


def error_problems(err: DataError, data: Path, mutation: Mutation) -> list[str]:
    """What is wrong with a refusal: it must name a known file, and the line and column
    where it gives them, and agree with what the mutation expects."""
    message, problems = str(err), []
    known = {label(n) for n in [*KNOWN_CSV, DESCRIPTOR, BIB]}
    if err.file not in known or not message.startswith(err.file):
        problems.append(f"names no known file: {message}")
    if err.row is not None and err.line is None:
        problems.append(f"a row without a line: {message}")
    if err.line is not None and f"line {err.line}" not in message:
        problems.append(f"line {err.line} not in the message: {message}")
    if err.column is not None and f"column '{err.column}'" not in message:
        problems.append(f"column not in the message: {message}")
    if "value None" in message:
        problems.append(f"reports a value None: {message}")
    if mutation.file and err.file != mutation.file:
        problems.append(f"expected {mutation.file}: {message}")
    if mutation.line and err.line != mutation.line:
        problems.append(f"expected line {mutation.line}: {message}")
    if mutation.words and mutation.words not in message:
        problems.append(f"expected {mutation.words!r}: {message}")
    return problems + line_problems(err, data)


def line_problems(err: DataError, data: Path) -> list[str]:
    """Where the csv module splits the file into rows of the header's width, the line a
    row-level error names must lie within that row in the file."""
    if not err.file.endswith(".csv") or err.row is None:
        return []
    try:
        records = read_records(data / err.file.removeprefix("data/"))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    if any(len(cells) != len(records[0][0]) for cells, *_ in records) \
            or err.row >= len(records):
        return []
    _, first, last = records[err.row]
    if not first <= err.line <= last:
        return [f"row {err.row} is on lines {first}-{last}: {err}"]
    return []


def typed(value: str, field: dict):
    """A cell as the loader should type it, by the Table Schema alone."""
    kind = field.get("type", "string")
    if kind == "integer":
        return int(value) if value else None
    if kind == "number":
        return float(value) if value else math.nan
    if kind == "list":
        items = [i.strip() for i in value.split(field.get("delimiter", ","))] if value else []
        return [int(i) for i in items] if field.get("itemType") == "integer" else items
    if kind == "boolean":
        return {"true": True, "false": False}[value]
    return value


def plain(value):
    """A DataFrame cell as a plain Python value, with pandas' missing integers as None."""
    if isinstance(value, list | float):
        return value
    return None if pd.isna(value) else value


def same(want, have) -> bool:
    """Equal, counting two NaNs as equal."""
    if isinstance(want, float) and math.isnan(want):
        return isinstance(have, float) and math.isnan(have)
    return want == have


def acceptance_problems(evidence, data: Path) -> list[str]:
    """An accepted load must hold exactly the rows the csv module reads from each file."""
    problems = []
    descriptor = json.loads((data / DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        records = [cells for cells, *_ in read_records(data / resource["path"])]
        frame, fields = evidence[resource["name"]], resource["schema"]["fields"]
        if list(frame.columns[: len(records[0])]) != records[0] \
                or len(frame) != len(records) - 1:
            problems.append(f"{resource['path']}: shape differs from the csv module's")
            continue
        for index, field in enumerate(fields):
            want = [typed(cells[index], field) for cells in records[1:]]
            have = [plain(v) for v in frame[field["name"]]]
            if not all(same(w, h) for w, h in zip(want, have, strict=True)):
                problems.append(f"{resource['path']} column {field['name']} differs")
    return problems


def run_case(kind: str, number: int, root: Path) -> tuple[str, Mutation, list[str]]:
    """Damage a fresh copy one way and judge what load() does with it."""
    data = root / "data"
    mutation = KINDS[kind](random.Random(f"{SEED}-{kind}-{number}"), data)
    try:
        evidence = load()
    except DataError as err:
        return "DataError", mutation, error_problems(err, data, mutation)
    except Exception as err:
        # Any other exception is exactly what this suite looks for.
        return "crash", mutation, [f"{type(err).__name__}: {err}"]
    finally:
        _restore_permissions(data)
    problems = acceptance_problems(evidence, data)
    if mutation.must_fail:
        problems.append("accepted, but this damage must be refused")
    return "accepted", mutation, problems


def _restore_permissions(data: Path) -> None:
    """Let the temporary folder be cleaned up after a permission case."""
    for path in [*data.iterdir(), data.parent / "references.bib"]:
        if path.exists() and not path.is_dir():
            path.chmod(0o644)


# ---- the suite ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, evidence_copier):
    """One writable copy of the evidence, without the map data the loader never reads."""
    root = tmp_path_factory.mktemp("pristine")
    evidence_copier(root)
    shutil.rmtree(root / "data" / "geo", ignore_errors=True)
    return root


def test_the_generator_covers_every_kind_of_damage():
    assert len(CASES) >= 200
    assert {kind for kind, _ in CASES} == set(KINDS)
    assert ("permission removed" in KINDS) == CAN_REMOVE_PERMISSIONS


def test_damaged_evidence_is_refused_clearly_or_read_exactly(pristine, tmp_path, monkeypatch):
    monkeypatch.delenv("COMPANION_BIB_FILE", raising=False)
    outcomes, failures = defaultdict(Counter), []
    for kind, number in CASES:
        root = tmp_path / f"{kind.replace(' ', '-')}-{number}"
        shutil.copytree(pristine, root)
        monkeypatch.setenv("COMPANION_DATA_DIR", str(root / "data"))
        outcome, mutation, problems = run_case(kind, number, root)
        outcomes[kind][outcome] += 1
        failures += [f"[{kind} #{number}] {mutation.description}: {p}" for p in problems]
        shutil.rmtree(root, ignore_errors=True)
    report(outcomes)
    assert not failures, "\n".join(failures[:30])
    assert sum(c["DataError"] for c in outcomes.values()) > len(CASES) // 2
    assert all(c["crash"] == 0 for c in outcomes.values())


def report(outcomes: dict[str, Counter]) -> None:
    """Print the outcome of each kind of damage and keep it in _build/reports."""
    table = {kind: {"DataError": c["DataError"], "accepted": c["accepted"],
                    "crash": c["crash"]} for kind, c in outcomes.items()}
    width = max(map(len, table))
    print(f"\n{'kind of damage':<{width}}  DataError  accepted  crash")
    for kind, counts in table.items():
        print(f"{kind:<{width}}  {counts['DataError']:>9}  {counts['accepted']:>8}  "
              f"{counts['crash']:>5}")
    try:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps({"seed": SEED, "outcomes": table}, indent=2) + "\n",
                          encoding="utf-8")
    except OSError as err:
        print(f"(not written to {REPORT}: {err})")

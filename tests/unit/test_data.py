"""The real data validates, and every kind of bad input fails with one clear error."""

import csv

import pytest

import companion
from companion.data import DataError, load


def rewrite_cell(data_dir, table, row, column, value):
    """Set one cell of data/<table>.csv (row counts data rows from 1)."""
    path = data_dir / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        header = list(rows[0].keys())
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def load_error(data_dir) -> DataError:
    with pytest.raises(DataError) as info:
        load(data_dir)
    return info.value


def test_real_data_validates_and_nothing_is_dropped():
    evidence = companion.load()
    for table in ("sections", "column", "quotes", "actors", "proposals", "positions",
                  "events", "claims", "phases", "sites"):
        path = companion.DATA_DIR / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as f:
            assert len(evidence[table]) == sum(1 for _ in csv.DictReader(f)), table


def test_contract_minimums_hold():
    ev = companion.load()
    assert len(ev.column) == 12 and sorted(ev.column.para) == list(range(1, 13))
    assert len(ev.events) >= 60 and len(ev.actors) >= 15 and len(ev.proposals) >= 6
    assert len(ev.positions) >= 50 and len(ev.claims) >= 20
    assert set(ev.claims.para) == set(range(1, 13)), "every paragraph has a claim"
    assert ev.events.start.min().year == 1972 and ev.events.start.max().year >= 2023


def test_dates_keep_their_precision():
    events = companion.load_table("events").set_index("event_id")
    month = events.loc["kyl_letter"]
    assert month.date == "2010-11" and month.date_precision == "month"
    assert (month.start.day, month.end.day) == (1, 30)
    assert events.loc["lisbon_nato_summit"].end.day == 20


@pytest.mark.parametrize(
    "table,row,column,value,expect_column,expect_value,words",
    [
        ("events", 3, "date", "2011-02-30", "date", "2011-02-30", "calendar"),
        ("events", 3, "date", "2011-02", "date", "2011-02", "date_precision"),
        ("events", 3, "actors", "putin;nobody", "actors", "nobody", "actors.csv"),
        ("events", 3, "sources", "no_such_key", "sources", "no_such_key", "references.bib"),
        ("events", 3, "event_id", "abm_treaty_signed", "event_id", "abm_treaty_signed",
         "not unique"),
        ("claims", 2, "para", "13", "para", "13", "schema"),
        ("events", 3, "paras", "6;13", "paras", 13, "paragraphs 1 to 12"),
        ("positions", 4, "position", "3", "position", "3", "schema"),
        ("positions", 4, "actor_id", "nobody", "actor_id", "nobody", "does not exist"),
        ("claims", 1, "check", "no_such_check", "check", "no_such_check", "companion/checks.py"),
        ("actors", 2, "actor_id", " putin", "actor_id", " putin", "schema"),
        ("events", 3, "end_date", "1950-01-01", "end_date", "1950-01-01", "before"),
        ("sites", 2, "latitude", "95.5", "latitude", "95.5", "schema"),
        ("sites", 2, "longitude", "-190", "longitude", "-190", "schema"),
        ("sites", 2, "kind", "bunker", "kind", "bunker", "schema"),
        ("sites", 2, "phase", "7", "phase", "7", "schema"),
        ("sites", 2, "operational", "2011-02-30", "operational", "2011-02-30", "calendar"),
        ("sites", 2, "coordinate_sources", "no_such_key", "coordinate_sources", "no_such_key",
         "references.bib"),
        ("phases", 1, "operational", "2011-13", "operational", "2011-13", "no such month"),
    ],
)
def test_bad_cell_is_named(scratch_data, table, row, column, value, expect_column,
                           expect_value, words):
    rewrite_cell(scratch_data, table, row, column, value)
    err = load_error(scratch_data)
    assert err.file.endswith(f"{table}.csv")
    assert err.row == row
    assert err.column == expect_column
    assert str(err.value) == str(expect_value) or str(expect_value) in str(err.value)
    assert words in str(err)


def test_empty_file(scratch_data):
    (scratch_data / "quotes.csv").write_bytes(b"")
    err = load_error(scratch_data)
    assert err.file.endswith("quotes.csv") and "empty" in str(err)


def test_missing_column(scratch_data):
    path = scratch_data / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines))
    idx = rows[0].index("lane")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([r[:idx] + r[idx + 1:] for r in rows])
    err = load_error(scratch_data)
    assert err.file.endswith("events.csv") and err.column == "lane" and err.row == 0


def test_non_utf8_bytes(scratch_data):
    path = scratch_data / "actors.csv"
    raw = path.read_bytes().replace(b"Dmitry Medvedev", b"Dmitry Medv\xe9dev", 1)
    path.write_bytes(raw)
    err = load_error(scratch_data)
    assert err.file.endswith("actors.csv") and err.row == 1 and err.column == "name"
    assert err.value == b"\xe9" and "UTF-8" in str(err)


def test_byte_order_mark(scratch_data):
    path = scratch_data / "sections.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    err = load_error(scratch_data)
    assert err.file.endswith("sections.csv") and err.column == "section"
    assert "byte-order mark" in str(err)


@pytest.mark.parametrize("text", ["<script>alert(1)</script> & $5 in_data", "cost $10_000"])
def test_text_with_html_or_dollar_is_kept_literally(scratch_data, text):
    rewrite_cell(scratch_data, "events", 5, "title", text)
    events = load(scratch_data).events
    assert events.iloc[4]["title"] == text

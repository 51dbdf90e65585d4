"""The real data validates, and every kind of bad input fails with one clear error."""

import csv
from pathlib import Path

import pandas as pd
import pytest

import companion
from companion.evidence import DataError, load


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


def test_a_claim_names_only_a_check_that_exists(scratch_data):
    """The schema's enum lists the checks (test_checks.py keeps it equal to CHECKS)."""
    rewrite_cell(scratch_data, "claims", 1, "check", "no_such_check")
    err = load_error(scratch_data)
    assert (err.file, err.row, err.column) == ("data/claims.csv", 1, "check")
    assert 'constraint "enum"' in str(err)


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
    # Excel's "CSV UTF-8" starts the file with a byte-order mark; it is not part of the data.
    before = load(scratch_data).sections
    path = scratch_data / "sections.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    after = load(scratch_data).sections
    assert list(after.columns)[0] == "section"
    pd.testing.assert_frame_equal(before, after)


@pytest.mark.parametrize("text", ["<script>alert(1)</script> & $5 in_data", "cost $10_000"])
def test_text_with_html_or_dollar_is_kept_literally(scratch_data, text):
    rewrite_cell(scratch_data, "events", 5, "title", text)
    events = load(scratch_data).events
    assert events.iloc[4]["title"] == text


# ---- every failure is one DataError naming the file ---------------------------------


def edit(path, old: bytes, new: bytes):
    """Replace the first ``old`` in a file's bytes; the test fails if it is not there."""
    raw = path.read_bytes()
    assert old in raw, (path.name, old)
    path.write_bytes(raw.replace(old, new, 1))


def line_of(path, needle: str) -> int:
    """The line of a file on which ``needle`` first appears."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def replace_with_folder(path):
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize("name", ["events.csv", "datapackage.json", "../references.bib"])
@pytest.mark.parametrize("damage,words", [
    (lambda p: p.unlink(), "the file is missing (looked for"),
    (replace_with_folder, "this is a folder, not a file. Remove the folder, then restore"),
    (lambda p: p.write_bytes(b""), "the file is empty. Restore it"),
])
def test_a_missing_empty_or_folder_file_is_named(scratch_data, name, damage, words):
    damage(scratch_data / name)
    err = load_error(scratch_data)
    assert err.file == {"../references.bib": "references.bib"}.get(name, f"data/{name}")
    assert str(err).startswith(err.file + ": ") and words in str(err)


@pytest.mark.parametrize("name", ["events.csv", "datapackage.json", "../references.bib"])
def test_an_unreadable_file_is_named(scratch_data, monkeypatch, name):
    # Simulated, because the superuser may read any file whatever its permissions.
    target = (scratch_data / name).resolve()
    read = Path.read_bytes

    def denied(path):
        if path.resolve() == target:
            raise PermissionError(13, "Permission denied", str(path))
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    err = load_error(scratch_data)
    assert err.file.endswith(target.name)
    assert "the file cannot be read: permission denied. Make it readable (chmod u+r" in str(err)


@pytest.mark.parametrize("change,words", [
    (lambda raw: raw[: len(raw) // 2], "this is not valid JSON"),
    (lambda raw: b"", "the file is empty"),
    (lambda raw: b"\xef\xbb\xbf" + raw, "line 1: the file starts with a byte-order mark"),
    (lambda raw: b"[" + raw + b"]", "line 1: the top level is a JSON array"),
    (lambda raw: raw.replace(b'"resources"', b'"tables"'), "no 'resources' list"),
    (lambda raw: raw.replace(b'"schema"', b'"shape"', 1), "resource 'sections' has no 'schema'"),
    (lambda raw: raw.replace(b'"minimum": 1', b'"minimum": NaN', 1), "NaN is not valid JSON"),
    (lambda raw: raw.replace(b'"type": "integer"', b'"type": "date"', 1),
     "has type 'date', which the loader cannot read"),
    (lambda raw: raw.replace(b'"path": "events.csv"', b'"path": "/etc/passwd"'),
     "value '/etc/passwd': the path of resource 'events' points outside data/"),
    (lambda raw: raw.replace(b'"resource": "sections"', b'"resource": "chapters"'),
     "value 'chapters': a foreign key of resource 'column' refers to resource 'chapters'"),
])
def test_a_broken_descriptor_is_named(scratch_data, change, words):
    path = scratch_data / "datapackage.json"
    path.write_bytes(change(path.read_bytes()))
    err = load_error(scratch_data)
    assert err.file == "data/datapackage.json" and words in str(err)


@pytest.mark.parametrize("change,words", [
    (lambda raw: raw.replace(b"title = {{Anti-Ballistic", b"title {{Anti-Ballistic", 1),
     "BibTeX cannot read this (syntax error: '=' expected)."),
    (lambda raw: raw.replace(b"Arms Control Association}},\n  title",
                             b"Arms Contr\xf4l Association}},\n  title", 1),
     "the bytes are not valid UTF-8"),
    # Cut inside an entry, before one of its fields (never inside a UTF-8 character).
    (lambda raw: raw[: raw.index(b"\n  title", len(raw) // 2)], "is never closed"),
    (lambda raw: raw.replace(b"@article{", b"article{", 1), "this text is outside any entry"),
])
def test_a_broken_bibliography_is_named_by_line(scratch_data, change, words):
    path = scratch_data.parent / "references.bib"
    path.write_bytes(change(path.read_bytes()))
    err = load_error(scratch_data)
    assert err.file == "references.bib" and err.line is not None and err.row is None
    assert f"references.bib, line {err.line}" in str(err) and words in str(err)


def test_a_bibliography_without_entries_is_blamed_not_the_tables(scratch_data):
    (scratch_data.parent / "references.bib").write_text("% nothing yet\n", encoding="utf-8")
    err = load_error(scratch_data)
    assert err.file == "references.bib" and "the bibliography has no entries" in str(err)


def test_a_header_only_table_is_blamed_not_the_tables_that_refer_to_it(scratch_data):
    path = scratch_data / "sections.csv"
    path.write_bytes(path.read_bytes().split(b"\n")[0] + b"\n")
    err = load_error(scratch_data)
    assert err.file == "data/sections.csv" and "header but no data rows" in str(err)


def test_rows_after_a_cell_with_line_breaks_name_their_line_in_the_file(scratch_data):
    path = scratch_data / "sections.csv"
    edit(path, b"the_verdict,1,The verdict,", b'the_verdict,1,"The\nverdict\nin two",')
    edit(path, b"sovereignty,2,", b"sovereignty,two,")
    err = load_error(scratch_data)
    assert (err.row, err.line, err.column, err.value) == (2, 5, "order", "two")
    assert str(err).startswith("data/sections.csv, row 2 (line 5), column 'order'")


@pytest.mark.parametrize("old,new,words", [
    (b"the_verdict,1,The verdict,", b'the_verdict,1," ",', "this required cell is only white"),
    (b"the_verdict,1,The verdict,", b"the_verdict,1,,", "this required cell is empty"),
    (b"the_verdict,1,The verdict,", b"the_verdict,1,The\x00verdict,", "(NUL, U+0000)"),
    (b"the_verdict,1,The verdict,", b'the_verdict,1,"The\x1bverdict",', "(ESC, U+001B)"),
    (b"the_verdict,1,The verdict,", b"the_verdict,1,The\tverdict,", "(tab, U+0009)"),
    (b"the_verdict,1,", "the_verdict,١,".encode(), "not a whole number written with the "
     "digits 0-9"),
    (b"the_verdict,1,", b"the_verdict,+1,", "not a whole number"),
])
def test_bad_text_and_numbers_are_refused(scratch_data, old, new, words):
    edit(scratch_data / "sections.csv", old, new)
    err = load_error(scratch_data)
    assert err.file == "data/sections.csv" and err.row == 1 and words in str(err)


def test_a_tab_inside_quoted_text_is_kept(scratch_data):
    edit(scratch_data / "sections.csv", b"the_verdict,1,The verdict,",
         b'the_verdict,1,"The\tverdict",')
    assert load(scratch_data).sections.title[0] == "The\tverdict"


@pytest.mark.parametrize("table,row,column,value,words", [
    ("events", 3, "date", "1899-12-31", "outside 1900-2100"),
    ("events", 3, "end_date", "2101-01-01", "outside 1900-2100"),
    ("positions", 1, "as_of", "٢٠١٠-١١-٢٠", "digits 0-9"),
    ("sites", 2, "planned", "1066", "outside 1900-2100"),
    ("phases", 1, "announced", "2009-٠٩-17", "digits 0-9"),
    ("actors", 8, "paras", "1;;4", "an item of this list is empty"),
    ("actors", 8, "paras", "1;٢", "digits 0-9"),
    ("sites", 1, "latitude", "1e400", "too large to store"),
    ("sites", 1, "latitude", "nan", "not a number written with the digits 0-9"),
])
def test_dates_and_numbers_use_ascii_digits_and_sane_years(scratch_data, table, row, column,
                                                          value, words):
    rewrite_cell(scratch_data, table, row, column, value)
    err = load_error(scratch_data)
    assert (err.file, err.row, err.column) == (f"data/{table}.csv", row, column)
    assert words in str(err)


def test_excel_line_ends_are_read_like_the_csv_module_reads_them(scratch_data):
    before = load(scratch_data)
    for table in ("events", "sections"):
        path = scratch_data / f"{table}.csv"
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    after = load(scratch_data)
    pd.testing.assert_frame_equal(before.sections, after.sections)
    assert list(after.events.title) == list(before.events.title)


def test_a_file_without_a_final_line_break_may_be_cut_off(scratch_data):
    path = scratch_data / "events.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    err = load_error(scratch_data)
    assert err.file == "data/events.csv" and "may be cut off inside the last row" in str(err)
    assert "add a line break after it" in str(err)


# ---- rules across tables --------------------------------------------------------------


@pytest.mark.parametrize("old,new,column,words", [
    (b"sovereignty,2,Sovereignty,3,4,", b"sovereignty,2,Sovereignty,4,4,", "first_para",
     "¶3 is in no section."),
    (b"sovereignty,2,Sovereignty,3,4,", b"sovereignty,2,Sovereignty,2,4,", "first_para",
     "¶2 is already in section 'the_verdict', which comes before this one."),
    (b"sovereignty,2,", b"sovereignty,1,", "order", "row 1 has the same order."),
    (b"sovereignty,2,Sovereignty,3,4,", b"sovereignty,2,Sovereignty,4,3,", "last_para",
     "the section ends before it starts"),
])
def test_sections_cover_the_column_in_order(scratch_data, old, new, column, words):
    edit(scratch_data / "sections.csv", old, new)
    err = load_error(scratch_data)
    assert (err.file, err.row, err.column) == ("data/sections.csv", 2, column)
    assert words in str(err)


def test_the_last_section_ends_at_the_last_paragraph(scratch_data):
    path = scratch_data / "sections.csv"
    path.write_bytes(b"".join(line for line in path.read_bytes().splitlines(keepends=True)
                              if not line.startswith(b"asian_turn,")))
    rewrite_cell(scratch_data, "column", 12, "section", "trust_and_expectations")
    err = load_error(scratch_data)
    assert (err.file, err.column) == ("data/sections.csv", "last_para")
    assert "¶12 is in no section." in str(err)


def test_a_paragraph_in_the_wrong_section_is_refused(scratch_data):
    rewrite_cell(scratch_data, "column", 2, "section", "sovereignty")
    err = load_error(scratch_data)
    assert (err.file, err.row, err.column, err.value) == ("data/column.csv", 2, "section",
                                                          "sovereignty")
    assert "¶2 is in section 'the_verdict' by data/sections.csv" in str(err)


def test_the_books_own_data_needs_every_chapter(scratch_data, monkeypatch):
    (scratch_data.parent / "book" / "sections" / "02-sovereignty.ipynb").unlink()
    monkeypatch.setenv("COMPANION_DATA_DIR", str(scratch_data))
    with pytest.raises(DataError) as info:
        load()
    err = info.value
    assert (err.file, err.row, err.column) == ("data/sections.csv", 2, "notebook")
    assert "there is no such notebook" in str(err)
    # A copy a student works on elsewhere is not a book and needs no chapters.
    with (scratch_data / "sections.csv").open(encoding="utf-8", newline="") as f:
        assert len(load(scratch_data).sections) == sum(1 for _ in csv.DictReader(f))


def write_rows(path, rows):
    """Append rows (lists of cells) to a CSV file."""
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_two_positions_from_the_same_day_are_refused(scratch_data):
    path = scratch_data / "positions.csv"
    count = len(load(scratch_data).positions)
    write_rows(path, [["nato", "sectoral_joint_system", day, "0", "Test.", "", "lukyanov2011"]
                      for day in ("2031-03-31", "2031-03")])
    err = load_error(scratch_data)
    assert (err.row, err.column, err.value) == (count + 2, "as_of", "2031-03")
    assert f"takes effect on 2031-03-31, the same day as row {count + 1}" in str(err)


def test_the_book_needs_its_minimum_rows_but_a_reduced_example_does_not(scratch_data,
                                                                        monkeypatch):
    path = scratch_data / "positions.csv"
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:11]))
    assert len(load(scratch_data).positions) == 10
    monkeypatch.setenv("COMPANION_DATA_DIR", str(scratch_data))
    with pytest.raises(DataError) as info:
        load()
    assert info.value.file == "data/positions.csv"
    assert "the table has 10 rows; the book needs at least 50." in str(info.value)


def test_the_book_needs_a_claim_for_every_paragraph(scratch_data, monkeypatch):
    claims = load(scratch_data).claims
    for row in claims.index[claims.para == 5]:
        rewrite_cell(scratch_data, "claims", row + 1, "para", "6")
    monkeypatch.setenv("COMPANION_DATA_DIR", str(scratch_data))
    with pytest.raises(DataError) as info:
        load()
    assert "¶5 has no claim; every paragraph needs one." in str(info.value)


# ---- the cache --------------------------------------------------------------------------


def test_an_edited_file_is_read_again(scratch_data):
    assert load(scratch_data).events.title[4] != "Edited"
    rewrite_cell(scratch_data, "events", 5, "title", "Edited")
    assert load(scratch_data).events.title[4] == "Edited"
    rewrite_cell(scratch_data, "events", 5, "date", "2011-02-30")
    with pytest.raises(DataError):
        load(scratch_data)


def test_a_callers_changes_do_not_reach_the_next_caller(scratch_data):
    first = load(scratch_data)
    title, actors = first.events.title[0], list(first.events.actors[0])
    first.events.loc[0, "title"] = "Changed"
    first.events.actors[0].append("ghost")
    first.sections["title"] = "Changed"
    again = load(scratch_data)
    assert again.events.title[0] == title and again.events.actors[0] == actors
    assert "Changed" not in set(again.sections.title)
    table = companion.load_table("events")
    table.actors[0].append("ghost")
    assert "ghost" not in companion.load_table("events").actors[0]


# ---- the exact words of representative faults ----------------------------------------

SAVE = ('Save it as "CSV UTF-8" (in Excel: File > Save As > CSV UTF-8), or re-save it as '
        "UTF-8 in a text editor.")


def test_message_for_a_typographic_quote(scratch_data):
    edit(scratch_data / "sections.csv", b"the_verdict,1,The verdict,",
         "the_verdict,1,“The verdict, in short”,".encode())
    assert str(load_error(scratch_data)) == (
        "data/sections.csv, row 1 (line 2): this row has 8 cells but the header has 7 "
        "columns. Likely cause: a “ is used to quote a cell, but only the straight double "
        'quote (") quotes a cell in CSV, so the commas inside it split the cell. Compare the '
        "row with the header and correct it.")


def test_message_for_a_missing_cell(scratch_data):
    edit(scratch_data / "sections.csv", b"the_verdict,1,The verdict,", b"the_verdict,1,")
    assert str(load_error(scratch_data)) == (
        "data/sections.csv, row 1 (line 2): this row has 6 cells but the header has 7 "
        "columns. Likely cause: a cell and its comma were deleted, or a line break splits "
        "the row. Compare the row with the header and correct it.")


def test_message_for_a_file_cut_inside_a_quote(scratch_data):
    path = scratch_data / "sections.csv"
    text = path.read_text(encoding="utf-8")
    start = text.index('"', text.index("\nsovereignty,"))
    path.write_text(text[: start + 9], encoding="utf-8")
    line = text[:start].count("\n") + 1
    assert str(load_error(scratch_data)) == (
        f"data/sections.csv, row {line - 1} (line {line}), column 'summary', value "
        f"{text[start : start + 9]!r}: the quoted cell that opens on line {line} is still "
        "open when the file ends. Likely cause: the file was cut off, or a double quote "
        'inside the cell is not doubled (write "" for a literal quote).')


def test_message_for_a_stray_quote(scratch_data):
    edit(scratch_data / "sections.csv", b"the_verdict,1,The verdict,",
         b'the_verdict,1,The 5" verdict,')
    err = load_error(scratch_data)
    assert str(err).startswith(
        "data/sections.csv, row 1 (line 2), column 'title', value 'The 5\" verdict,1,2,")
    assert str(err).endswith(
        ": a double quote appears inside a cell that does not start with one. If the quote "
        "belongs in the text, wrap the whole cell in double quotes and double the quote "
        '("say ""no"""); if it was meant to quote the cell, it must be the cell\'s first '
        "character.")


def test_message_for_a_semicolon_separated_file(scratch_data):
    path = scratch_data / "sections.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
    assert str(load_error(scratch_data)) == (
        "data/sections.csv, row 0 (line 1): the file is separated by semicolons (;), not "
        f"commas. {SAVE} The separator must be a comma.")


def test_message_for_utf16(scratch_data):
    path = scratch_data / "actors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert str(load_error(scratch_data)) == (
        f"data/actors.csv: the file is saved as UTF-16, not UTF-8. {SAVE}")


def test_message_for_a_blank_line(scratch_data):
    path = scratch_data / "events.csv"
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([*lines[:5], b"", *lines[5:]]))
    assert str(load_error(scratch_data)) == (
        "data/events.csv, row 5 (line 6): this line is blank; every line after the header "
        "must be a row. Delete the line.")


def test_message_for_a_number_too_large(scratch_data):
    edit(scratch_data / "sections.csv", b"the_verdict,1,", b"the_verdict,99999999999999999999,")
    assert str(load_error(scratch_data)) == (
        "data/sections.csv, row 1 (line 2), column 'order', value '99999999999999999999': "
        "this number is too large; the limit is 9,223,372,036,854,775,807. See "
        "data/datapackage.json for what this column accepts.")


def test_message_for_a_bibtex_key_repeated_in_other_capitals(scratch_data):
    path = scratch_data.parent / "references.bib"
    first = line_of(path, "@misc{aca_abm,")
    last = path.read_text(encoding="utf-8").count("\n") + 2
    path.write_bytes(path.read_bytes() + b"\n@misc{ACA_ABM,\n  title = {Again},\n}\n")
    assert str(load_error(scratch_data)) == (
        f"references.bib, line {last}, value 'ACA_ABM': the key 'ACA_ABM' is already used on "
        f"line {first} (as 'aca_abm'; BibTeX keys ignore case). Rename or merge one of the "
        "two entries.")


def test_message_for_a_trailing_comma_in_the_descriptor(scratch_data):
    path = scratch_data / "datapackage.json"
    text = path.read_text(encoding="utf-8").rstrip()
    assert text.endswith("]\n}")
    path.write_text(text[:-2] + ",\n}\n", encoding="utf-8")
    last = text.count("\n") + 1
    assert str(load_error(scratch_data)) == (
        f"data/datapackage.json, line {last}: this is not valid JSON: Expecting property name "
        "enclosed in double quotes at character 1. Remove the comma before the closing "
        "bracket; JSON allows no trailing comma.")


def test_message_for_a_resource_outside_the_data_folder(scratch_data):
    path = scratch_data / "datapackage.json"
    line = line_of(path, '"name": "events"')
    edit(path, b'"path": "events.csv"', b'"path": "../references.bib"')
    assert str(load_error(scratch_data)) == (
        f"data/datapackage.json, line {line}, value '../references.bib': the path of "
        "resource 'events' points outside data/; only files inside it are read. Use a path "
        "relative to data/, such as 'events.csv'.")


def test_message_for_a_foreign_key_to_an_unknown_resource(scratch_data):
    path = scratch_data / "datapackage.json"
    line = line_of(path, '"resource": "sections"')
    edit(path, b'"resource": "sections"', b'"resource": "chapters"')
    assert str(load_error(scratch_data)) == (
        f"data/datapackage.json, line {line}, value 'chapters': a foreign key of resource "
        "'column' refers to resource 'chapters', which this package does not have. Refer to "
        "one of: sections, column, quotes, actors, proposals, positions, offices, events, "
        "claims, phases, sites, polls, readings, interceptors, endpoints, deployments, "
        "threat_missiles.")


def test_a_second_process_reads_the_validated_evidence_from_disk(scratch_data, tmp_path,
                                                                  monkeypatch):
    from companion.evidence import cache as cache_module

    monkeypatch.setenv(cache_module.CACHE_VARIABLE, str(tmp_path / "cache"))
    first = load(scratch_data)
    assert len(list((tmp_path / "cache").glob("evidence-*.pickle"))) == 1
    # A new process has an empty memory cache and must not validate again.
    cache_module._load_cached.cache_clear()
    # Patched where the cache looks it up.
    monkeypatch.setattr(cache_module, "_validate", lambda *a: pytest.fail("validated again"))
    second = load(scratch_data)
    pd.testing.assert_frame_equal(first.events, second.events)


def test_an_edited_file_is_validated_again_despite_the_disk_cache(scratch_data, tmp_path,
                                                                   monkeypatch):
    from companion.evidence import cache as cache_module

    monkeypatch.setenv(cache_module.CACHE_VARIABLE, str(tmp_path / "cache"))
    load(scratch_data)
    cache_module._load_cached.cache_clear()
    rewrite_cell(scratch_data, "events", 3, "date", "2011-02-30")
    assert load_error(scratch_data).value == "2011-02-30"


def test_a_broken_or_unwritable_cache_only_costs_time(scratch_data, tmp_path, monkeypatch):
    from companion.evidence import cache as cache_module

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv(cache_module.CACHE_VARIABLE, str(blocker))
    assert len(load(scratch_data).events) > 0
    cache_module._load_cached.cache_clear()
    monkeypatch.setenv(cache_module.CACHE_VARIABLE, str(tmp_path / "cache"))
    load(scratch_data)
    for cached in (tmp_path / "cache").glob("evidence-*.pickle"):
        cached.write_bytes(b"not a pickle")
    cache_module._load_cached.cache_clear()
    assert len(load(scratch_data).events) > 0


def test_a_non_utf8_byte_is_placed_on_its_line_in_a_table_and_in_the_bibliography(scratch_data):
    path = scratch_data / "actors.csv"
    raw = path.read_bytes().replace(b"Dmitry Medvedev", b"Dmitry Medv\xe9dev", 1)
    path.write_bytes(raw)
    line = raw[: raw.index(b"\xe9")].count(b"\n") + 1
    err = load_error(scratch_data)
    assert err.line == line and f"line {line}" in str(err)
    path.write_bytes(raw.replace(b"\xe9", b"e"))
    bib = scratch_data.parent / "references.bib"
    text = bib.read_bytes()
    at = text.index(b"title", len(text) // 2)
    bib.write_bytes(text[:at] + b"\xff" + text[at:])
    err = load_error(scratch_data)
    assert err.line == text[:at].count(b"\n") + 1 and "references.bib" in str(err)


def test_a_descriptor_cut_off_is_called_cut_off(scratch_data):
    path = scratch_data / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n", len(text) // 2) + 1], encoding="utf-8")
    assert "The file seems cut off. Restore it from the book's repository" in str(
        load_error(scratch_data))
    # Cut inside a string, json's message already ends in "at": said once.
    path.write_text(text[: text.index(': "', len(text) // 2) + 4], encoding="utf-8")
    message = str(load_error(scratch_data))
    assert "Unterminated string starting at character" in message and "at at" not in message


def test_load_table_reads_the_folder_it_is_given(scratch_data):
    path = scratch_data / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("mk41_inf_2018,")),
                    encoding="utf-8")
    assert len(companion.load_table("events", scratch_data)) == len(
        companion.load_table("events")) - 1

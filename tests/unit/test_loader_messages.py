"""The whole message a student sees for each kind of bad table, word for word.

Each rule of the loader is called on a table of two or three columns built here, so the
file, row, line, column and value in the message can be worked out by hand from the case
itself; a message that loses its hint, its place or its words fails here."""

import pandas as pd
import pytest

from companion.evidence import DataError
from companion.evidence.cells import check_cells
from companion.evidence.csvfile import (
    Table,
    check_controls,
    check_header,
    check_row_shape,
    read_table,
)
from companion.evidence.csvscan import _Record
from companion.evidence.descriptor import check_descriptor, parse_json
from companion.evidence.errors import restore_hint
from companion.evidence.rules import (
    check_column_sections,
    check_same_day_positions,
    check_sections,
)

FIELDS = ["event_id", "date", "label"]


def table(header, rows=(), fields=FIELDS, name="events", lines=None):
    """A table as read from data/<name>.csv: the header on line 1, row n on line n + 1
    unless ``lines`` says otherwise."""
    rows = [list(r) for r in rows]
    return Table(name=name, label=f"data/{name}.csv",
                 resource={"schema": {"fields": [{"name": f} for f in fields]}},
                 header=list(header), rows=rows,
                 lines=lines or [[n + 1] * max(len(header), 1)
                                 for n in range(len(rows) + 1)])


def message(call, *args) -> str:
    with pytest.raises(DataError) as info:
        call(*args)
    return str(info.value)


# ---- the header ------------------------------------------------------------------------


@pytest.mark.parametrize("header,expected", [
    ([""], "data/events.csv, row 0 (line 1): the first line is blank; the header must be "
           "the first line. Delete the blank line."),
    (["event_id;date;label"], "data/events.csv, row 0 (line 1): the file is separated by "
     "semicolons (;), not commas. Save it as \"CSV UTF-8\" (in Excel: File > Save As > CSV "
     "UTF-8), or re-save it as UTF-8 in a text editor. The separator must be a comma."),
    (["event_id\tdate\tlabel"], "data/events.csv, row 0 (line 1): the file is separated "
     "by tabs, not commas. Save it as \"CSV UTF-8\" (in Excel: File > Save As > CSV UTF-8), "
     "or re-save it as UTF-8 in a text editor. The separator must be a comma."),
    (["event_id|date|label"], "data/events.csv, row 0 (line 1): the file is separated by "
     "vertical bars (|), not commas. Save it as \"CSV UTF-8\" (in Excel: File > Save As > "
     "CSV UTF-8), or re-save it as UTF-8 in a text editor. The separator must be a comma."),
    (["event_id", "label"], "data/events.csv, row 0 (line 1), column 'date': a required "
     "column is missing from the header. Restore the column (see datapackage.json)."),
    (["event_id", "date", "label", "notes"], "data/events.csv, row 0 (line 1), column "
     "'notes': this column is not in the schema. Add it to data/datapackage.json or remove "
     "it."),
    (["event_id", "date", "date", "label"], "data/events.csv, row 0 (line 1), column "
     "'date': this column appears twice in the header. Remove one of the two columns."),
    (["date", "event_id", "label"], "data/events.csv, row 0 (line 1): columns are out of "
     "order; expected ['event_id', 'date', 'label']."),
])
def test_a_bad_header_is_named_with_what_to_do(header, expected):
    assert message(check_header, table(header)) == expected


def test_a_header_of_exactly_the_schema_passes():
    check_header(table(FIELDS))


def test_half_the_names_split_by_a_semicolon_is_enough_to_name_the_separator():
    """Two of three names found is a semicolon file; one of three is a wrong header."""
    two = message(check_header, table(["event_id;date;title"]))
    assert "separated by semicolons" in two
    one = message(check_header, table(["event_id;when;title"]))
    assert "separated by" not in one and "column 'event_id'" in one
    # Of four names, exactly half is still enough.
    four = ["event_id", "date", "label", "notes"]
    half = message(check_header, table(["event_id;date;x;y"], fields=four))
    assert "separated by semicolons" in half


# ---- the shape of a row ----------------------------------------------------------------


def record(cells, line=2, quoted=None, lines=None):
    return _Record(cells=list(cells), lines=lines or [line] * len(cells),
                   starts=[0] * len(cells), quoted=quoted or [False] * len(cells), start=0)


@pytest.mark.parametrize("cells,expected", [
    ([""], "data/events.csv, row 1 (line 2): this line is blank; every line after the "
           "header must be a row. Delete the line."),
    (["   "], "data/events.csv, row 1 (line 2): this line holds only white space; every "
              "line after the header must be a row. Delete the line."),
    (["a;1990;b"], "data/events.csv, row 1 (line 2): this row has 1 cell but the header "
     "has 3 columns. Likely cause: the row is separated by semicolons (;), not commas. "
     "Compare the row with the header and correct it."),
    (["a", "1990"], "data/events.csv, row 1 (line 2): this row has 2 cells but the header "
     "has 3 columns. Likely cause: a cell and its comma were deleted, or a line break "
     "splits the row. Compare the row with the header and correct it."),
    (["a", "1990", "b", "c"], "data/events.csv, row 1 (line 2): this row has 4 cells but "
     "the header has 3 columns. Likely cause: a comma inside text that is not wrapped in "
     "double quotes; wrap that cell in double quotes (\"...\"). Compare the row with the "
     "header and correct it."),
    (["a", "1990", "\u201cb", "c\u201d"], "data/events.csv, row 1 (line 2): this row has 4 "
     "cells but the header has 3 columns. Likely cause: a \u201c is used to quote a cell, "
     "but only the straight double quote (\") quotes a cell in CSV, so the commas inside "
     "it split the cell. Compare the row with the header and correct it."),
])
def test_a_row_of_the_wrong_shape_says_the_likely_cause(cells, expected):
    assert message(check_row_shape, table(FIELDS, [cells]), 1, record(cells)) == expected


def test_a_quoted_cell_that_runs_on_names_its_first_and_last_line():
    cells = ["a", "1990\nb\nc"]
    got = message(check_row_shape, table(FIELDS, [cells]), 1,
                  record(cells, quoted=[False, True], lines=[2, 2]))
    assert got == ("data/events.csv, row 1 (line 2): this row has 2 cells but the header "
                   "has 3 columns. Likely cause: the quoted cell that opens on line 2 runs "
                   "on to line 4, so a double quote there is missing or extra. Compare the "
                   "row with the header and correct it.")


def test_a_quoted_empty_cell_is_a_row_not_a_blank_line():
    got = message(check_row_shape, table(FIELDS, [[""]]), 1, record([""], quoted=[True]))
    assert "this row has 1 cell but" in got


def test_a_row_of_the_right_shape_passes():
    check_row_shape(table(FIELDS, [["a", "b", "c"]]), 1, record(["a", "b", "c"]))


# ---- control characters ----------------------------------------------------------------


@pytest.mark.parametrize("cell,quoted,expected", [
    ("ab\x07c", False, "data/events.csv, row 1 (line 2), column 'label', value 'ab\\x07c': "
     "the text contains a control character (BEL, U+0007) at character 3. Delete it; such "
     "characters are invisible in most editors."),
    ("a\tb", False, "data/events.csv, row 1 (line 2), column 'label', value 'a\\tb': the "
     "text contains a control character (tab, U+0009) at character 2. Delete it; such characters "
     "are invisible in most editors. A tab is allowed only inside a cell in double "
     "quotes."),
])
def test_a_control_character_is_named_with_its_place(cell, quoted, expected):
    got = message(check_controls, table(FIELDS, [["x", "y", cell]]), 1, "label", cell, quoted)
    assert got == expected


def test_a_tab_inside_quotes_is_text():
    check_controls(table(FIELDS, [["x", "y", "a\tb"]]), 1, "label", "a\tb", True)


# ---- sections of the column ------------------------------------------------------------

SECTION_FIELDS = ["section", "order", "first_para", "last_para"]
NO_GAP = (" Every paragraph belongs to exactly one section; sections follow each other in "
          "the order of 'order'.")
END_AT_12 = " The last section must end at ¶12."


def sections(*rows):
    frame = pd.DataFrame(rows, columns=SECTION_FIELDS)
    return table(SECTION_FIELDS, frame.astype(str).values.tolist(), fields=SECTION_FIELDS,
                 name="sections"), frame


@pytest.mark.parametrize("rows,expected", [
    ([("a", 1, 1, 6), ("b", 1, 7, 12)], "data/sections.csv, row 2 (line 3), column "
     "'order', value 1: row 1 has the same order. Give every section its own position in "
     "the book."),
    ([("a", 1, 1, 6), ("b", 2, 9, 8)], "data/sections.csv, row 2 (line 3), column "
     "'last_para', value 8: the section ends before it starts (first_para 9)."),
    ([("a", 1, 2, 6), ("b", 2, 7, 12)], "data/sections.csv, row 1 (line 2), column "
     "'first_para', value 2: ¶1 is in no section." + NO_GAP),
    ([("a", 1, 1, 6), ("b", 2, 9, 12)], "data/sections.csv, row 2 (line 3), column "
     "'first_para', value 9: ¶7-¶8 are in no section." + NO_GAP),
    ([("a", 1, 1, 6), ("b", 2, 6, 12)], "data/sections.csv, row 2 (line 3), column "
     "'first_para', value 6: ¶6 is already in section 'a', which comes before this one. "
     "Sections may not overlap and must follow 'order'."),
    ([("a", 1, 1, 6), ("b", 2, 7, 11)], "data/sections.csv, row 2 (line 3), column "
     "'last_para', value 11: ¶12 is in no section." + END_AT_12),
    ([("a", 1, 1, 6), ("b", 2, 7, 9)], "data/sections.csv, row 2 (line 3), column "
     "'last_para', value 9: ¶10-¶12 are in no section." + END_AT_12),
    # Taken by 'order', not by row: row 1 comes second, so the gap is found on row 2.
    ([("b", 2, 7, 12), ("a", 1, 2, 6)], "data/sections.csv, row 2 (line 3), column "
     "'first_para', value 2: ¶1 is in no section." + NO_GAP),
    ([("b", 2, 7, 10), ("a", 1, 1, 6)], "data/sections.csv, row 1 (line 2), column "
     "'last_para', value 10: ¶11-¶12 are in no section." + END_AT_12),
])
def test_sections_must_cover_the_twelve_paragraphs_in_order(rows, expected):
    assert message(check_sections, *sections(*rows)) == expected


def test_sections_out_of_row_order_but_in_order_of_order_pass():
    check_sections(*sections(("b", 2, 7, 12), ("a", 1, 1, 6)))


def test_a_paragraph_in_the_wrong_section_or_missing_is_named():
    table_, frame = sections(("a", 1, 1, 6), ("b", 2, 7, 12))
    column = pd.DataFrame({"para": [1, 7], "section": ["a", "a"]})
    col_table = table(["para", "section"], [["1", "a"], ["7", "a"]],
                      fields=["para", "section"], name="column")
    assert message(check_column_sections, col_table, column, frame) == (
        "data/column.csv, row 2 (line 3), column 'section', value 'a': ¶7 is in section "
        "'b' by data/sections.csv. Correct this cell or the section's paragraph range.")
    column = pd.DataFrame({"para": [1, 7], "section": ["a", "b"]})
    assert message(check_column_sections, col_table, column, frame) == (
        "data/column.csv: ¶2 has no row; the column has paragraphs 1 to 12. Restore it "
        "from the book's repository (git restore data/column.csv).")


def test_two_positions_from_one_day_name_both_rows_and_lines():
    fields = ["actor_id", "proposal_id", "as_of"]
    rows = [["putin", "p", "2011-05"], ["obama", "p", "2011-05-31"],
            ["putin", "p", "2011-05-31"]]
    frame = pd.DataFrame(rows, columns=fields)
    # Row 2 starts on line 4: a quoted cell of row 1 ran over lines 2 and 3.
    lines = [[1, 1, 1], [2, 2, 2], [4, 4, 4], [5, 5, 5]]
    got = message(check_same_day_positions,
                  table(fields, rows, fields=fields, name="positions", lines=lines), frame)
    assert got == (
        "data/positions.csv, row 3 (line 5), column 'as_of', value '2011-05-31': takes "
        "effect on 2011-05-31, the same day as row 1 (as_of 2011-05, line 2) for the same "
        "actor and proposal (putin, p). Keep one of the two rows, or date them apart.")


@pytest.mark.parametrize("lead,expected", [
    ("", "Restore it from the book's repository (git restore data/x.csv)."),
    ("The file seems cut off. ", "The file seems cut off. Restore it from the book's "
     "repository (git restore data/x.csv)."),
    ("the file is short, so ", "The file is short, so restore it from the book's "
     "repository (git restore data/x.csv)."),
    ("Is the file cut off? ", "Is the file cut off? Restore it from the book's "
     "repository (git restore data/x.csv)."),
    ("Stop! ", "Stop! Restore it from the book's repository (git restore data/x.csv)."),
])
def test_the_restore_hint_reads_as_a_sentence(lead, expected):
    assert restore_hint("data/x.csv", lead) == expected


# ---- cells -------------------------------------------------------------------------------

TYPED = [{"name": "event_id", "type": "string", "constraints": {"required": True}},
         {"name": "year", "type": "integer"}, {"name": "share", "type": "number"},
         {"name": "open", "type": "boolean"},
         {"name": "paras", "type": "list", "delimiter": ";", "itemType": "integer"},
         {"name": "actors", "type": "list", "delimiter": ";"}]
GOOD = ["a", "2011", "0.5", "true", "3;4", "x;y"]


def typed_table(column, value):
    names = [f["name"] for f in TYPED]
    row = list(GOOD)
    row[names.index(column)] = value
    t = table(names, [GOOD, row], fields=names)
    t.resource["schema"]["fields"] = TYPED
    return t


SEE = " See data/datapackage.json for what this column accepts."


@pytest.mark.parametrize("column,value,problem", [
    ("event_id", "", "this required cell is empty. Fill it in (see data/datapackage.json)."),
    ("event_id", "  ", "this required cell is only white space. Fill it in (see "
     "data/datapackage.json)."),
    ("year", "2011.0", "this is not a whole number written with the digits 0-9." + SEE),
    ("year", "\u0662\u0660\u0661\u0661", "this is not a whole number written with the "
     "digits 0-9." + SEE),
    ("year", "9223372036854775808", "this number is too large; the limit is "
     "9,223,372,036,854,775,807." + SEE),
    ("share", "1,5", "this is not a number written with the digits 0-9 and a decimal "
     "point." + SEE),
    ("share", "1e999", "this number is too large to store." + SEE),
    ("open", "yes", "write true or false." + SEE),
    ("paras", "3;;4", "an item of this list is empty (two ';' in a row, or one at the start "
     "or end)." + SEE),
    ("paras", "3;x", "this is not a whole number written with the digits 0-9." + SEE),
    ("actors", "x;", "an item of this list is empty (two ';' in a row, or one at the start "
     "or end)." + SEE),
])
def test_a_bad_cell_is_named_with_its_row_column_and_value(column, value, problem):
    expected = f"data/events.csv, row 2 (line 3), column '{column}', value {value!r}: {problem}"
    assert message(check_cells, typed_table(column, value)) == expected


@pytest.mark.parametrize("column,value", [
    ("year", "-9223372036854775808"), ("year", "9223372036854775807"), ("share", ".5"),
    ("share", "-2.5e3"), ("open", "false"), ("paras", ""), ("actors", "x"), ("year", ""),
])
def test_cells_at_the_edges_of_their_type_pass(column, value):
    check_cells(typed_table(column, value))


def test_a_field_without_a_type_is_text_and_a_list_without_a_delimiter_splits_on_commas():
    fields = [{"name": "event_id", "constraints": {"required": True}},
              {"name": "actors", "type": "list"}]
    blank = table(["event_id", "actors"], [["", "a,b"]], fields=["event_id", "actors"])
    blank.resource["schema"]["fields"] = fields
    assert message(check_cells, blank) == (
        "data/events.csv, row 1 (line 2), column 'event_id', value '': this required cell "
        "is empty. Fill it in (see data/datapackage.json).")
    gap = table(["event_id", "actors"], [["e1", "a,,b"]], fields=["event_id", "actors"])
    gap.resource["schema"]["fields"] = fields
    assert message(check_cells, gap) == (
        "data/events.csv, row 1 (line 2), column 'actors', value 'a,,b': an item of this "
        "list is empty (two ',' in a row, or one at the start or end)." + SEE)


def test_a_cell_is_placed_on_its_own_line_when_its_row_spans_several():
    # Row 1 starts on line 2; its quoted 'date' cell runs on to line 3, where 'label' starts.
    spanning = table(FIELDS, [["e1", "2011\n", "x"]], lines=[[1, 1, 1], [2, 2, 3]])
    assert str(spanning.fail("bad.", row=1, column="label")) == \
        "data/events.csv, row 1 (line 3), column 'label': bad."
    assert str(spanning.fail("bad.", row=1, column="event_id")) == \
        "data/events.csv, row 1 (line 2), column 'event_id': bad."
    assert str(spanning.fail("bad.", row=1)) == "data/events.csv, row 1 (line 2): bad."
    # A row past the lines read has no line of its own: the row's next line is given.
    assert str(spanning.fail("bad.", row=4)) == "data/events.csv, row 4 (line 5): bad."


def test_two_resources_of_one_name_are_refused(tmp_path):
    (tmp_path / "events.csv").write_text("event_id\n")
    events = {"name": "events", "path": "events.csv",
              "schema": {"fields": [{"name": "event_id"}]}}
    text = '{"resources": [\n {"name": "events"},\n {"name": "events"}\n]}\n'
    assert message(check_descriptor, {"resources": [events, dict(events)]}, text, LABEL,
                   tmp_path) == "data/datapackage.json, line 2: two resources are named " \
        "'events'."


# ---- splitting the text into rows --------------------------------------------------------

HEADER = "event_id,date,label\n"
LIKELY_QUOTE = ("Likely cause: a double quote inside the cell is not doubled (write \"\" for a "
                "literal quote), or a quote is missing, so the cell ends in the wrong place.")


def read(tmp_path, text):
    """read_table on data/events.csv holding ``text``, under the schema's FIELDS."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "events.csv").write_text(text, encoding="utf-8", newline="")
    resource = {"name": "events", "path": "events.csv",
                "schema": {"fields": [{"name": f} for f in FIELDS]}}
    return read_table(data, resource)


@pytest.mark.parametrize("text,expected", [
    (HEADER + 'a,2011,b\nc,2012,"unclosed\nd,2013,e\n', "data/events.csv, row 2 (line 3), "
     "column 'label', value '\"unclosed': the quoted cell that opens on line 3 is still "
     "open when the file ends on line 4, so every line between is in that cell. Likely "
     "cause: the file was cut off, or a double quote inside the cell is not doubled (write "
     "\"\" for a literal quote)."),
    # Row 1 spans lines 2-3, so row 2 starts on line 4, not on line 3.
    (HEADER + 'a,2011,"two\nlines"\nc,2012,"unclosed\n', "data/events.csv, row 2 (line 4), "
     "column 'label', value '\"unclosed': the quoted cell that opens on line 4 is still open "
     "when the file ends. Likely cause: the file was cut off, or a double quote inside the "
     "cell is not doubled (write \"\" for a literal quote)."),
    (HEADER + 'a,2011,"unclosed\n', "data/events.csv, row 1 (line 2), column 'label', "
     "value '\"unclosed': the quoted cell that opens on line 2 is still open when the file "
     "ends. Likely cause: the file was cut off, or a double quote inside the cell is not "
     "doubled (write \"\" for a literal quote)."),
    (HEADER + 'a,2011,say "no"\n', "data/events.csv, row 1 (line 2), column 'label', value "
     "'say \"no\"': a double quote appears inside a cell that does not start with one. If "
     "the quote belongs in the text, wrap the whole cell in double quotes and double the "
     "quote (\"say \"\"no\"\"\"); if it was meant to quote the cell, it must be the cell's "
     "first character."),
    (HEADER + 'a,"2011"x,b\n', "data/events.csv, row 1 (line 2), column 'date', value "
     "'\"2011\"x,b': the quoted cell that opens on line 2 is followed by more text before "
     "the next comma. " + LIKELY_QUOTE),
    (HEADER + 'a,2011,"x\ny"z\n', "data/events.csv, row 1 (line 2), column 'label', value "
     "'\"x': the quoted cell that opens on line 2 and closes on line 3 is followed by more "
     "text before the next comma. " + LIKELY_QUOTE),
    ('event_id,"date"x,label\na,2011,b\n', "data/events.csv, row 0 (line 1), value "
     "'\"date\"x,label': the quoted cell that opens on line 1 is followed by more text "
     "before the next comma. " + LIKELY_QUOTE),
    # Exactly forty characters are shown whole.
    (HEADER + "a,2011," + "x" * 39 + '"\n', "data/events.csv, row 1 (line 2), column "
     "'label', value '" + "x" * 39 + "\"': a double quote appears inside a cell that does "
     "not start with one. If the quote belongs in the text, wrap the whole cell in double "
     "quotes and double the quote (\"say \"\"no\"\"\"); if it was meant to quote the cell, "
     "it must be the cell's first character."),
    (HEADER + "a,2011," + "x" * 45 + '"\n', "data/events.csv, row 1 (line 2), column "
     "'label', value '" + "x" * 39 + "…': a double quote appears inside a cell that does "
     "not start with one. If the quote belongs in the text, wrap the whole cell in double "
     "quotes and double the quote (\"say \"\"no\"\"\"); if it was meant to quote the cell, "
     "it must be the cell's first character."),
    # A lone carriage return (an old Mac line end) inside the 'date' cell of row 1.
    (HEADER + "a,20\r11,b\n", "data/events.csv, row 1 (line 2), column 'date', value "
     "'20\\r11,b': the text contains a control character (carriage return, U+000D). Delete "
     "it; line ends must be LF or CRLF."),
    # The quote sits in a fourth cell, past the header's three: no column can be named.
    (HEADER + 'a,2011,b,c"d\n', "data/events.csv, row 1 (line 2), value 'c\"d': a double "
     "quote appears inside a cell that does not start with one. If the quote belongs in the "
     "text, wrap the whole cell in double quotes and double the quote (\"say \"\"no\"\"\"); "
     "if it was meant to quote the cell, it must be the cell's first character."),
    (HEADER, "data/events.csv: the file has a header but no data rows. Restore it from the "
     "book's repository (git restore data/events.csv)."),
    (HEADER + "a,2011,b\nc,2012,d", "data/events.csv, row 2 (line 3): the file does not "
     "end with a line break, so it may be cut off inside the last row. If the last row is "
     "complete, add a line break after it; otherwise restore it from the book's repository "
     "(git restore data/events.csv)."),
])
def test_text_that_does_not_split_into_rows_is_named(tmp_path, text, expected):
    assert message(read, tmp_path, text) == expected


def test_rows_record_the_line_each_cell_starts_on(tmp_path):
    got = read(tmp_path, HEADER + 'a,2011,"two\nlines"\r\nb,"20""12",c\n')
    assert got.rows == [["a", "2011", "two\nlines"], ["b", '20"12', "c"]]
    assert got.lines == [[1, 1, 1], [2, 2, 2], [4, 4, 4]]
    assert got.line_of(2, "label") == 4 and got.line_of(3) is None


# ---- the descriptor's JSON ---------------------------------------------------------------

LABEL = "data/datapackage.json"
CHECK_PUNCTUATION = ("Check the quotes, commas and brackets just before that point (every "
                     "key in double quotes, a comma between items, none after the last).")


@pytest.mark.parametrize("text,expected", [
    ('{\n  "a": 1,\n  "a": 2\n}\n', "data/datapackage.json, line 3: the key 'a' appears "
     "twice in one object. Keep one of the two; JSON would silently use the last."),
    ('{\n  "a": NaN\n}\n', "data/datapackage.json, line 2: NaN is not valid JSON. Write a "
     "number or null instead."),
    ('{\n  "a": [1, 2,]\n}\n', "data/datapackage.json, line 2: this is not valid JSON: "
     "Expecting value at character 14. Remove the comma before the closing bracket; JSON "
     "allows no trailing comma."),
    ('{\n  "a": [1, 2\n', "data/datapackage.json, line 3: this is not valid JSON: "
     "Expecting ',' delimiter at character 1. The file seems cut off. Restore it from the "
     "book's repository (git restore data/datapackage.json)."),
    ('{\n  "a": "open', "data/datapackage.json, line 2: this is not valid JSON: "
     "Unterminated string starting at character 8. " + CHECK_PUNCTUATION),
    ('{\n  "a": "open\n}\n', "data/datapackage.json, line 2: this is not valid JSON: "
     "Invalid control character at character 13. " + CHECK_PUNCTUATION),
    ("{\n  a: 1\n}\n", "data/datapackage.json, line 2: this is not valid JSON: Expecting "
     "property name enclosed in double quotes at character 3. " + CHECK_PUNCTUATION),
])
def test_broken_json_names_its_line_and_the_likely_cause(text, expected):
    assert message(parse_json, text, LABEL) == expected


def test_a_key_repeated_more_than_twice_gives_no_line():
    got = message(parse_json, '{"a": 1, "a": 2, "a": 3}', LABEL)
    assert got.startswith("data/datapackage.json: the key 'a' appears twice")


@pytest.mark.parametrize("descriptor,text,expected", [
    ([], "[]", "data/datapackage.json, line 1: the top level is a JSON array, but a data "
     "package is an object ({...}). Restore it from the book's repository (git restore "
     "data/datapackage.json)."),
    ("tables", '"tables"', "data/datapackage.json, line 1: the top level is a JSON string, "
     "but a data package is an object ({...}). Restore it from the book's repository (git "
     "restore data/datapackage.json)."),
    (None, "null", "data/datapackage.json, line 1: the top level is a JSON null, but a data "
     "package is an object ({...}). Restore it from the book's repository (git restore "
     "data/datapackage.json)."),
    (True, "true", "data/datapackage.json, line 1: the top level is a JSON boolean, but a "
     "data package is an object ({...}). Restore it from the book's repository (git restore "
     "data/datapackage.json)."),
    (1.5, "1.5", "data/datapackage.json, line 1: the top level is a JSON number, but a data "
     "package is an object ({...}). Restore it from the book's repository (git restore "
     "data/datapackage.json)."),
    ({"name": "x"}, '{\n "name": "x"\n}', "data/datapackage.json: there is no 'resources' "
     "list naming the tables. Restore it from the book's repository (git restore "
     "data/datapackage.json)."),
    ({"resources": []}, '{\n "resources": []\n}', "data/datapackage.json, line 2: there is "
     "no 'resources' list naming the tables. Restore it from the book's repository (git "
     "restore data/datapackage.json)."),
])
def test_a_descriptor_without_tables_is_refused(tmp_path, descriptor, text, expected):
    assert message(check_descriptor, descriptor, text, LABEL, tmp_path) == expected

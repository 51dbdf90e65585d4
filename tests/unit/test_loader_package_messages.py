"""The whole message for a bad descriptor, a file in the wrong encoding, a damaged
bibliography and a row that breaks a rule across tables, word for word; and the typed
columns and date bounds the loader hands to the book, value for value.

Every case is a few lines of JSON, bytes, BibTeX or cells written here, so each line,
row, column and value in an expected message can be counted by hand in the case itself."""

import math
from types import SimpleNamespace

import frictionless
import pandas as pd
import pytest

from companion.evidence import MINIMUM_ROWS, TABLES, DataError, add_date_bounds, load, load_table
from companion.evidence.bibfile import _bib_entries, _bib_parse, check_bib_keys
from companion.evidence.bibtex import _bib_keys
from companion.evidence.cells import typed_frame
from companion.evidence.csvfile import Table
from companion.evidence.descriptor import (
    RULE_FIELDS,
    _json_type,
    check_descriptor,
    check_field,
    check_foreign_keys,
    check_resource,
    check_rule_fields,
    parse_json,
)
from companion.evidence.files import _check_controls, decode_text, read_bytes
from companion.evidence.minimums import check_minimums, check_notebooks
from companion.evidence.rules import check_rows
from companion.evidence.schema import check_schema
from companion.evidence.validate import _Loaded

DESCRIPTOR = "data/datapackage.json"
SAVE_AS = ('Save it as "CSV UTF-8" (in Excel: File > Save As > CSV UTF-8), or re-save it as '
           "UTF-8 in a text editor.")
NOT_UTF8 = ("the bytes are not valid UTF-8 (the file was probably saved as Latin-1 or "
            "Windows-1252).")
BIB_HINT = "Check the braces, commas and quotes of the entry there."


def message(call, *args, **kwargs) -> str:
    with pytest.raises(DataError) as info:
        call(*args, **kwargs)
    return str(info.value)


# ---- bytes and encodings ----------------------------------------------------------------


@pytest.mark.parametrize("raw,csv,expected", [
    (b"\xff\xfei\x00d\x00", True,
     f"data/t.csv: the file is saved as UTF-16, not UTF-8. {SAVE_AS}"),
    (b"\xfe\xff\x00i\x00d", False, "data/t.csv: the file is saved as UTF-16, not UTF-8. "
     "Re-save it as UTF-8 in a text editor."),
    # No byte-order mark: every other byte is zero.
    ("id,date\n".encode("utf-16-le"), True,
     f"data/t.csv: the file is saved as UTF-16, not UTF-8. {SAVE_AS}"),
    # Three zeros among the even bytes of eight: more than a quarter of the sample.
    (b"ab\x00d\x00f\x00h", True,
     f"data/t.csv: the file is saved as UTF-16, not UTF-8. {SAVE_AS}"),
    # Four bytes are enough to judge.
    (b"\x00\x00\x00\x00", True,
     f"data/t.csv: the file is saved as UTF-16, not UTF-8. {SAVE_AS}"),
    (b"\xef\xbb\xbf{}", False, "data/t.csv, line 1: the file starts with a byte-order mark. "
     "Save it as UTF-8 without a byte-order mark (BOM)."),
    (b" \n\t\n", True, "data/t.csv: the file is empty. Restore it from the book's "
     "repository (git restore data/t.csv)."),
    # A CSV's byte-order mark is dropped first, so a file of nothing else is empty.
    (b"\xef\xbb\xbf\n", True, "data/t.csv: the file is empty. Restore it from the book's "
     "repository (git restore data/t.csv)."),
])
def test_a_file_in_the_wrong_encoding_says_how_to_save_it(raw, csv, expected):
    assert message(decode_text, raw, "data/t.csv", csv=csv) == expected


@pytest.mark.parametrize("raw,text", [
    (b"\xef\xbb\xbfid,date\n", "id,date\n"),
    # Exactly two zeros among the even bytes of eight is a quarter, not more: UTF-8 text.
    (b"ab\x00d\x00fgh", "ab\x00d\x00fgh"),
    # Three bytes are too few to call UTF-16.
    (b"\x00\x00\x00", "\x00\x00\x00"),
    ("caf\u00e9,\u00ab\u00bb\n".encode(), "caf\u00e9,\u00ab\u00bb\n"),
])
def test_utf8_text_is_returned_as_it_is(raw, text):
    assert decode_text(raw, "data/t.csv", csv=True) == text


@pytest.mark.parametrize("text,expected", [
    # Byte 14 is the é: row 1, second cell.
    ("id,label\n1,caf\u00e9\n", "data/t.csv, row 1 (line 2), column 'label', value "
     "b'\\xe9'"),
    # A quoted cell over two lines: the row starts on line 2, the byte sits on line 3.
    ('id,label\n1,"a\nb\u00e9"\n', "data/t.csv, row 1 (line 3), column 'label', value "
     "b'\\xe9'"),
    ("i\u00e9d,label\n1,a\n", "data/t.csv, row 0 (line 1), value b'\\xe9'"),
    # The é is the very first byte of row 1: that row, not the header before it.
    ("id,label\n\u00e9,x\n", "data/t.csv, row 1 (line 2), column 'id', value b'\\xe9'"),
    # Row 1 cannot be split (a quote inside an unquoted cell), so the row of the é on
    # line 3 is not known: the line alone is given, never the header's row 0.
    ('id,label\n1,a"b\n2,caf\u00e9\n', "data/t.csv, line 3, value b'\\xe9'"),
])
def test_a_latin1_byte_in_a_csv_is_placed_by_row_line_and_column(text, expected):
    raw = text.encode("latin-1")
    assert message(decode_text, raw, "data/t.csv", csv=True) == f"{expected}: {NOT_UTF8} " \
        f"{SAVE_AS}"


@pytest.mark.parametrize("text,expected", [
    ('{\n "a": "x\x1by"\n}\n', "line 2: the file contains a control character (ESC, U+001B)."),
    ('{"a":\n\n "\x7f"}', "line 3: the file contains a control character (DEL, U+007F)."),
    ('\x01{}', "line 1: the file contains a control character (U+0001)."),
])
def test_a_control_character_in_the_descriptor_is_named_and_placed(text, expected):
    assert message(_check_controls, text, DESCRIPTOR) == (
        f"{DESCRIPTOR}, {expected} Delete it; such characters are invisible in most editors.")


def test_tabs_and_line_breaks_are_not_control_characters_here():
    _check_controls('{\r\n\t"a": 1\n}\n', DESCRIPTOR)


def test_a_missing_file_or_a_folder_says_how_to_restore_it(tmp_path):
    assert message(read_bytes, tmp_path / "x.csv", "data/x.csv") == (
        f"data/x.csv: the file is missing (looked for {tmp_path / 'x.csv'}). Restore it from "
        "the book's repository (git restore data/x.csv).")
    assert message(read_bytes, tmp_path, "data/x.csv") == (
        "data/x.csv: this is a folder, not a file. Remove the folder, then restore it from "
        "the book's repository (git restore data/x.csv).")


def test_a_latin1_byte_elsewhere_is_placed_by_line():
    raw = "@book{a,\n title={x},\n author={Cr\u00e9},\n}\n".encode("latin-1")
    assert message(decode_text, raw, "references.bib", csv=False) == (
        f"references.bib, line 3, value b'\\xe9': {NOT_UTF8} Re-save it as UTF-8 in a text "
        "editor.")


# ---- the descriptor: one resource ---------------------------------------------------------

# "resources" on line 2, the resource named events on line 3.
TEXT = '{\n "resources": [\n  {"name": "events", "path": "events.csv"}\n ]\n}\n'
FIELDS = [{"name": "event_id"}, {"name": "date", "type": "string"}]


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def resource(**changes):
    base = {"name": "events", "path": "events.csv", "schema": {"fields": FIELDS}}
    return {k: v for k, v in (base | changes).items() if v is not ...}


OUTSIDE = (": the path of resource 'events' points outside data/; only files inside it are "
           "read. Use a path relative to data/, such as 'events.csv'.")
NO_SCHEMA = ("line 3: resource 'events' has no 'schema' with a list of 'fields'. Each table "
             "needs its Table Schema; see the others.")


@pytest.mark.parametrize("bad,expected", [
    ("events", "line 2: resource 2 is not an object."),
    (resource(name=...), "line 2: resource 2 has no 'name'."),
    (resource(name=""), "line 2: resource 2 has no 'name'."),
    (resource(name=7), "line 2: resource 2 has no 'name'."),
    (resource(path=...), "line 3: resource 'events' has no 'path' naming its file."),
    (resource(path="  "), "line 3: resource 'events' has no 'path' naming its file."),
    (resource(path="ev\x00.csv"), "line 3: resource 'events' has no 'path' naming its file."),
    (resource(path="../events.csv"), "line 3, value '../events.csv'" + OUTSIDE),
    (resource(path="/etc/passwd"), "line 3, value '/etc/passwd'" + OUTSIDE),
    (resource(path="https://example.org/e.csv"), "line 3, value 'https://example.org/e.csv'"
     + OUTSIDE),
    (resource(path="old/events.csv"), "line 3, value 'old/events.csv': the path of resource "
     "'events' leads into a folder inside data/; tables are files directly in it. Move the "
     "file up into data/ and give its name."),
    (resource(schema=...), NO_SCHEMA),
    (resource(schema={"fields": {"name": "x"}}), NO_SCHEMA),
    (resource(schema={"fields": []}), NO_SCHEMA),
    (resource(schema=["event_id"]), NO_SCHEMA),
    (resource(schema={"fields": [{"name": "event_id"}, {"name": "date", "type": "date"}]}),
     "line 3: field 'date' of resource 'events' has type 'date', which the loader cannot "
     "read. Use one of: string, integer, number, list, boolean."),
    # Valid to this loader, refused by frictionless: its own reasons are passed on.
    (resource(schema={"fields": [{"name": "n", "type": "integer"},
                                 {"name": "x", "constraints": {"minLength": "y"}}],
                      "primaryKey": 5}), "line 3: the schema of resource 'events' is not a "
     "valid Table Schema (5 is not of type 'string' at property 'primaryKey/0'; 'y' is not "
     "of type 'integer' at property 'constraints/minLength')."),
    (resource(schema={"fields": FIELDS, "primaryKey": ["id"]}), "line 3: the schema of "
     "resource 'events' is not a valid Table Schema (primary key \"['id']\" does not match "
     "the fields \"['event_id', 'date']\")."),
])
def test_a_broken_resource_is_named_by_its_line(data_dir, bad, expected):
    assert message(check_resource, bad, 2, TEXT, DESCRIPTOR, data_dir) == \
        f"{DESCRIPTOR}, {expected}"


def test_a_resource_of_a_file_directly_in_data_passes(data_dir):
    check_resource(resource(), 1, TEXT, DESCRIPTOR, data_dir)
    check_resource(resource(path="./events.csv"), 1, TEXT, DESCRIPTOR, data_dir)


@pytest.mark.parametrize("spec,expected", [
    ("date", "a field of resource 'events' has no 'name'."),
    ({"type": "string"}, "a field of resource 'events' has no 'name'."),
    ({"name": 3}, "a field of resource 'events' has no 'name'."),
    ({"name": "date", "type": "date"}, "field 'date' of resource 'events' has type 'date', "
     "which the loader cannot read. Use one of: string, integer, number, list, boolean."),
    ({"name": "date", "constraints": ["required"]}, "the constraints of field 'date' of "
     "resource 'events' are not an object."),
    ({"name": "date", "constraints": {"pattern": "(19|20"}}, "the pattern of field 'date' of "
     "resource 'events' is not a valid regular expression (missing ), unterminated "
     "subpattern at position 0)."),
])
def test_a_broken_field_is_named(spec, expected):
    assert message(check_field, spec, "events", 3, DESCRIPTOR) == \
        f"{DESCRIPTOR}, line 3: {expected}"


@pytest.mark.parametrize("spec", [
    {"name": "event_id"},
    {"name": "n", "type": "integer", "constraints": {"minimum": 1}},
    {"name": "d", "constraints": {"pattern": "^[0-9]{4}$"}},
    {"name": "tags", "type": "list"},
    {"name": "ok", "type": "boolean"},
    {"name": "x", "type": "number"},
])
def test_a_field_the_loader_can_read_passes(spec):
    check_field(spec, "events", 3, DESCRIPTOR)


# "name": "claims" on line 3.
CLAIMS_TEXT = '{\n "resources": [\n  {"name": "claims",\n   "schema": {}}\n ]\n}\n'
RULE_HINT = "The loader's rules and the book read it; restore it."


@pytest.mark.parametrize("fields,expected", [
    ([{"name": "para", "type": "integer"}, {"name": "check", "type": "integer"}],
     "resource 'claims' needs field 'check' of type 'string' (type 'integer')."),
    ([{"name": "check"}],
     "resource 'claims' needs field 'para' of type 'integer' (no such field)."),
    ([{"name": "para"}, {"name": "check"}],
     "resource 'claims' needs field 'para' of type 'integer' (type 'string')."),
])
def test_a_field_the_rules_read_cannot_be_renamed_or_retyped(fields, expected):
    claims = {"name": "claims", "schema": {"fields": fields}}
    assert message(check_rule_fields, claims, CLAIMS_TEXT, DESCRIPTOR) == \
        f"{DESCRIPTOR}, line 3: {expected} {RULE_HINT}"


def test_rule_fields_pass_with_their_types_and_other_tables_are_free():
    check_rule_fields({"name": "claims", "schema": {"fields": [
        {"name": "para", "type": "integer"}, {"name": "check"}]}}, CLAIMS_TEXT, DESCRIPTOR)
    check_rule_fields({"name": "quotes", "schema": {"fields": [{"name": "para"}]}},
                      CLAIMS_TEXT, DESCRIPTOR)


# ---- the descriptor: foreign keys -------------------------------------------------------

# events on line 3, its key's "resource" on line 5, actors on line 7.
KEYS_TEXT = """{"resources": [
  {"schema": {},
   "name": "events",
   "foreignKeys": [{"fields": "actors",
     "reference": {"resource": "%s", "fields": "actor_id"}}]},
  {"schema": {},
   "name": "actors"}
]}
"""


def package(key, target="actors"):
    return [{"name": "events", "schema": {"fields": [{"name": "event_id"},
                                                     {"name": "actors"}],
                                          "foreignKeys": key}},
            {"name": "actors", "schema": {"fields": [{"name": "actor_id"}]}}], \
        KEYS_TEXT % target


def key(fields="actors", target="actors", target_fields="actor_id"):
    return {"fields": fields, "reference": {"resource": target, "fields": target_fields}}


@pytest.mark.parametrize("foreign_keys,target", [
    ([key()], "actors"),
    (key(), "actors"),  # one key given alone rather than in a list
    ([key(["actors"], "actors", ["actor_id"])], "actors"),
    ([key("event_id", "", "event_id")], ""),  # "" refers to the resource itself
    ([], "actors"),
])
def test_foreign_keys_to_fields_that_exist_pass(foreign_keys, target):
    resources, text = package(foreign_keys, target)
    check_foreign_keys(resources, text, DESCRIPTOR)


@pytest.mark.parametrize("foreign_key,target,expected", [
    (key(target="people"), "people", "line 5, value 'people': a foreign key of resource "
     "'events' refers to resource 'people', which this package does not have. Refer to one "
     "of: events, actors."),
    # Nothing names the resource it refers to: the line of the resource that has the key.
    ("actors", "actors", "line 3: a foreign key of resource 'events' refers to resource "
     "None, which this package does not have. Refer to one of: events, actors."),
    ({"fields": "actors", "reference": "actors"}, "actors", "line 3: a foreign key of "
     "resource 'events' refers to resource None, which this package does not have. Refer "
     "to one of: events, actors."),
    (key(fields="actor"), "actors", "line 5: a foreign key of resource 'events' names "
     "fields ['actor'] that resource 'events' does not have."),
    (key(fields=["actors", "when"]), "actors", "line 5: a foreign key of resource 'events' "
     "names fields ['actors', 'when'] that resource 'events' does not have."),
    (key(fields=5), "actors", "line 5: a foreign key of resource 'events' names fields 5 "
     "that resource 'events' does not have."),
    (key(target_fields="id"), "actors", "line 5: a foreign key of resource 'events' names "
     "fields ['id'] that resource 'actors' does not have."),
    (key("event_id", "", "id"), "", "line 5: a foreign key of resource 'events' names "
     "fields ['id'] that resource 'events' does not have."),
])
def test_a_foreign_key_to_nothing_is_named(foreign_key, target, expected):
    resources, text = package([foreign_key], target)
    assert message(check_foreign_keys, resources, text, DESCRIPTOR) == \
        f"{DESCRIPTOR}, {expected}"


# ---- the bibliography ----------------------------------------------------------------------

OUTSIDE = ("this text is outside any entry. Likely cause: a missing '@', an extra '}' that "
           "closes the entry above too early, or stray text; comment lines start with %.")


def test_an_at_sign_inside_an_entry_starts_no_entry_of_its_own():
    text = "@book{a, note={see @misc{x}}}\n@book{b, title={y}}\n"
    assert _bib_entries(text, "references.bib") == [("a", 1), ("b", 2)]


def test_entries_and_their_lines_are_found_between_comments_and_blank_lines():
    text = ("% sources\n@book{a, title={x}}\n\n  % note\n@misc(b, title={a) b})\n"
            "@string{j = {Journal}}\n@ARTICLE {c,\n journal=j}\n@preamble{\"x\"}\n"
            "@Comment{d, not an entry}\n")
    assert _bib_entries(text, "references.bib") == [("a", 2), ("b", 5), ("c", 7)]


@pytest.mark.parametrize("text,expected", [
    ("@book{a, title={x}}\nstray words\n", "line 2, value 'stray words': " + OUTSIDE),
    ("oops\n@book{a, title={x}}\n", "line 1, value 'oops': " + OUTSIDE),
    ("@book{a, title={x}}}\n", "line 1, value '}': " + OUTSIDE),
    ("@book{a, title={x}}\n" + "w" * 45 + "\n", f"line 2, value '{'w' * 40}': " + OUTSIDE),
    ("@book{a, title={x}\n", "line 1: the entry that starts on line 1 is never closed. "
     "Likely cause: a missing '}' or the file is cut off. If so, restore it from the book's "
     "repository (git restore references.bib)."),
    ("@book{a, title={x}}\n\n@misc(b, title={y}\n", "line 3: the entry that starts on line "
     "3 is never closed. Likely cause: a missing '}' or the file is cut off. If so, restore "
     "it from the book's repository (git restore references.bib)."),
    ("\n@book{title={x}}\n", "line 2: this entry has no citation key. Write @kind{key, "
     "...}."),
    ("@book{}\n", "line 1: this entry has no citation key. Write @kind{key, ...}."),
])
def test_a_damaged_bibliography_is_named_by_line(text, expected):
    assert message(_bib_entries, text, "references.bib") == f"references.bib, {expected}"


@pytest.mark.parametrize("entries,expected", [
    ([("a", 1), ("b", 3), ("a", 9)], "line 9, value 'a': the key 'a' is already used on "
     "line 1."),
    ([("Smith2011", 2), ("smith2011", 6)], "line 6, value 'smith2011': the key 'smith2011' "
     "is already used on line 2 (as 'Smith2011'; BibTeX keys ignore case)."),
])
def test_a_key_used_twice_names_both_lines(entries, expected):
    assert message(check_bib_keys, entries, "references.bib") == (
        f"references.bib, {expected} Rename or merge one of the two entries.")


def test_different_keys_pass():
    check_bib_keys([("a", 1), ("b", 2), ("a2", 3)], "references.bib")


@pytest.mark.parametrize("text,expected", [
    ("@book{a,\n title = {x} # ,\n}\n",
     "line 2: BibTeX cannot read this (syntax error: field value expected)."),
    ("@book{a, title = x y}\n", "line 1: BibTeX cannot read this (undefined string: x)."),
    # No line from pybtex and no key: the quoted name is found in the text.
    ("@book{a,\n title={x},\n author={Doe, John, Jr., III}}\n", "line 3: BibTeX cannot "
     "read this (Too many commas in 'Doe, John, Jr., III')."),
    # pybtex gives no line for a repeated field: the entry's own line is found by its key.
    ("@book{z,\n title={x}}\n@book{a,\n title={x},\n title={y}}\n",
     "line 3: BibTeX cannot read this (entry with key a has a duplicate title field)."),
])
def test_what_bibtex_cannot_read_is_named_with_pybtex_words(text, expected):
    assert message(_bib_parse, text, "references.bib") == \
        f"references.bib, {expected} {BIB_HINT}"


@pytest.mark.parametrize("fields,expected", [
    ("language = {english}", "line 2, column 'sourcekind': entry 'b' does not say what kind "
     "of source it is. Add sourcekind = {...} with one of: primary, news, reference, "
     "scholarship, repost."),
    ("sourcekind = {blog}, language = {english}", "line 2, column 'sourcekind', value 'blog': "
     "entry 'b' names a kind of source the book does not know. Use one of: primary, news, "
     "reference, scholarship, repost."),
    ("sourcekind = {news}", "line 2, column 'language': entry 'b' does not give the language "
     "of the source. Add language = {...}, for example language = {russian}."),
])
def test_an_entry_without_its_kind_or_language_is_refused(fields, expected):
    text = ("@misc{a, title = {x}, sourcekind = {primary}, language = {english}}\n"
            f"@misc{{b, title = {{y}}, {fields}}}\n")
    assert message(_bib_keys, text.encode(), "references.bib") == f"references.bib, {expected}"


def test_a_field_the_style_cannot_typeset_is_refused():
    text = ("@misc{a, title = {Fewer (57%) enemies}, sourcekind = {news}, "
            "language = {english}}\n")
    assert message(_bib_keys, text.encode(), "references.bib") == (
        "references.bib, line 1, column 'title', value 'Fewer (57%) enemies': field 'title' "
        "of entry 'a' cannot be typeset: its braces do not balance once a % (which BibTeX "
        "reads as the start of a comment) or a stray brace is taken into account. Write "
        "'per cent' for %, or balance the braces.")


def test_entries_with_a_known_kind_and_a_language_pass():
    text = ("@misc{a, title = {57\\% of x}, url = {https://e.org/a%27b}, "
            "sourcekind = {repost}, language = {russian}}\n")
    assert _bib_keys(text.encode(), "references.bib") == frozenset({"a"})


# ---- rules across tables, row by row --------------------------------------------------------


def events_table(rows, name="events"):
    header = ["event_id", "date", "date_precision", "end_date", "actors", "paras", "sources",
              "counter_sources"]
    return Table(name=name, label=f"data/{name}.csv",
                 resource={"schema": {"fields": [{"name": h} for h in header]}},
                 header=header, rows=[["?"] * len(header) for _ in rows],
                 lines=[[n + 1] * len(header) for n in range(len(rows) + 1)])


def event(**changes):
    return {"event_id": "e", "date": "2011-06-08", "date_precision": "day", "end_date": "",
            "actors": ["nato"], "paras": [1, 12], "sources": ["known"],
            "counter_sources": []} | changes


def check(rows, name="events"):
    check_rows(events_table(rows, name), pd.DataFrame(rows), frozenset({"known", "other"}),
               {"nato", "russia"})


@pytest.mark.parametrize("second,expected", [
    (event(sources=["known", "nobody2011"]), "column 'sources', value 'nobody2011': this "
     "BibTeX key is not in references.bib. Add the entry to references.bib or fix the key."),
    (event(counter_sources=["nobody2011"]), "column 'counter_sources', value 'nobody2011': "
     "this BibTeX key is not in references.bib. Add the entry to references.bib or fix the "
     "key."),
    (event(actors=["russia", "martians"]), "column 'actors', value 'martians': this actor id "
     "is not in data/actors.csv."),
    (event(paras=[13]), "column 'paras', value 13: the column has paragraphs 1 to 12 only."),
    (event(paras=[0]), "column 'paras', value 0: the column has paragraphs 1 to 12 only."),
    (event(date="2011-02-30"), "column 'date', value '2011-02-30': this is not a real "
     "calendar date."),
    (event(date="2011-06", date_precision="day"), "column 'date', value '2011-06': the form "
     "does not match date_precision 'day' (day: YYYY-MM-DD, month: YYYY-MM, year: YYYY, "
     "digits 0-9)."),
    (event(date_precision="week"), "column 'date', value '2011-06-08': date_precision must "
     "be day, month or year."),
    (event(end_date="2011-13"), "column 'end_date', value '2011-13': there is no such "
     "month."),
    (event(end_date="2011-06-07"), "column 'end_date', value '2011-06-07': the end date is "
     "before the start date (2011-06-08)."),
    # A month-precise start may mean its first day: an end in May is before it.
    (event(date="2011-06", date_precision="month", end_date="2011-05"), "column 'end_date', "
     "value '2011-05': the end date is before the start date (2011-06)."),
])
def test_a_row_that_breaks_a_rule_across_tables_is_named(second, expected):
    assert message(check, [event(), second]) == f"data/events.csv, row 2 (line 3), {expected}"


@pytest.mark.parametrize("row", [
    event(end_date="2011-06-08"),
    event(date="2011-06", date_precision="month", end_date="2011-06-01"),
    event(date="2011", date_precision="year", end_date="2011"),
    event(paras=[], sources=[], counter_sources=None, actors=[]),
])
def test_rows_within_the_rules_pass(row):
    check([row])


def test_actors_are_checked_only_in_events_and_dates_only_in_dated_tables():
    check([event(actors=["martians"], date="not a date")], name="quotes")


def test_a_position_dated_by_a_month_that_does_not_exist_is_named():
    rows = [{"actor_id": "nato", "as_of": "2011-13", "sources": ["known"]}]
    table = Table(name="positions", label="data/positions.csv",
                  resource={"schema": {"fields": []}}, header=list(rows[0]),
                  rows=[["?"] * 3], lines=[[1, 1, 1], [2, 2, 2]])
    assert message(check_rows, table, pd.DataFrame(rows), frozenset({"known"}), set()) == (
        "data/positions.csv, row 1 (line 2), column 'as_of', value '2011-13': there is no "
        "such month.")


# ---- the Table Schema, checked by frictionless -------------------------------------------

SCHEMA_HINT = "See data/datapackage.json for what this column accepts."


def schema_table(name, fields, rows, **schema):
    header = [f["name"] for f in fields]
    return Table(name=name, label=f"data/{name}.csv",
                 resource={"schema": {"fields": fields, **schema}}, header=header, rows=rows,
                 lines=[[n + 1] * len(header) for n in range(len(rows) + 1)])


ACTORS = schema_table("actors", [{"name": "actor_id"}], [["nato"]])
ROLES = schema_table("roles", [{"name": "actor_id"}, {"name": "role"}], [["nato", "chair"]])


@pytest.mark.parametrize("fields,rows,schema,expected", [
    ([{"name": "event_id"}, {"name": "label"}], [["a", "x"], ["a", "y"]],
     {"primaryKey": "event_id"}, "row 2 (line 3), column 'event_id', value 'a': this id is "
     f"not unique; another row already uses it. {SCHEMA_HINT}"),
    # A key of two columns: both are named, with both values of the repeated row.
    ([{"name": "a"}, {"name": "b"}, {"name": "c"}], [["1", "2", "x"], ["1", "3", "y"],
                                                     ["1", "2", "z"]],
     {"primaryKey": ["a", "b"]}, "row 3 (line 4), column 'a, b', value '1, 2': this id is "
     f"not unique; another row already uses it. {SCHEMA_HINT}"),
    ([{"name": "n", "type": "integer", "constraints": {"minimum": 1}}], [["1"], ["0"]], {},
     "row 2 (line 3), column 'n', value '0': breaks a rule of the schema (constraint "
     f"\"minimum\" is \"1\"). {SCHEMA_HINT}"),
    ([{"name": "id", "constraints": {"pattern": "^e[0-9]$"}}], [["e1"], ["x1"]], {},
     "row 2 (line 3), column 'id', value 'x1': breaks a rule of the schema (constraint "
     f"\"pattern\" is \"^e[0-9]$\"). {SCHEMA_HINT}"),
    ([{"name": "n", "type": "integer"}], [["1"], ["x"]], {}, "row 2 (line 3), column 'n', "
     f"value 'x': has the wrong type (type is \"integer/default\"). {SCHEMA_HINT}"),
    ([{"name": "id"}, {"name": "actor_id"}], [["e1", "nato"], ["e2", "zz"]],
     {"foreignKeys": [{"fields": "actor_id",
                       "reference": {"resource": "actors", "fields": "actor_id"}}]},
     "row 2 (line 3), column 'actor_id', value 'zz': this id does not exist in the table it "
     f"refers to. {SCHEMA_HINT}"),
    # A key of two columns names both, with both values.
    ([{"name": "id"}, {"name": "actor_id"}, {"name": "role"}],
     [["e1", "nato", "chair"], ["e2", "nato", "member"]],
     {"foreignKeys": [{"fields": ["actor_id", "role"],
                       "reference": {"resource": "roles", "fields": ["actor_id", "role"]}}]},
     "row 2 (line 3), column 'actor_id, role', value 'nato, member': this id does not exist "
     f"in the table it refers to. {SCHEMA_HINT}"),
    ([{"name": "id", "constraints": {"unique": True}}], [["a"], ["b"], ["a"]], {},
     "row 3 (line 4), column 'id', value 'a': this value must be unique; an earlier row "
     f"already has it. {SCHEMA_HINT}"),
    ([{"name": "id"}, {"name": "note"}], [["a", "x"], ["", ""]], {},
     "row 2 (line 3): every cell of this row is empty. Delete the row, or fill it in."),
])
def test_a_row_the_table_schema_refuses_is_named_in_the_loaders_words(fields, rows, schema,
                                                                      expected):
    tables = {"events": schema_table("events", fields, rows, **schema), "actors": ACTORS,
              "roles": ROLES}
    assert message(check_schema, tables, DESCRIPTOR) == f"data/events.csv, {expected}"


def test_when_frictionless_itself_fails_the_descriptor_is_blamed(monkeypatch):
    def fails(self, **kwargs):
        raise frictionless.FrictionlessException("the package cannot be opened.")

    monkeypatch.setattr(frictionless.Package, "validate", fails)
    assert message(check_schema, {"actors": ACTORS}, DESCRIPTOR) == (
        f"{DESCRIPTOR}: frictionless cannot check the tables (the package cannot be opened). "
        "Check the schemas in datapackage.json.")


def test_errors_of_the_package_rather_than_a_table_are_all_given(monkeypatch):
    report = SimpleNamespace(valid=False, tasks=[SimpleNamespace(name="actors", errors=[])],
                             errors=[SimpleNamespace(message="first"),
                                     SimpleNamespace(message="second")])
    monkeypatch.setattr(frictionless.Package, "validate", lambda self, **kwargs: report)
    assert message(check_schema, {"actors": ACTORS}, DESCRIPTOR) == \
        f"{DESCRIPTOR}: first; second"


def test_rows_the_table_schema_accepts_pass():
    fields = [{"name": "id"}, {"name": "actor_id"},
              {"name": "n", "type": "integer", "constraints": {"minimum": 1}}]
    events = schema_table("events", fields, [["e1", "nato", "1"], ["e2", "nato", "12"]],
                          primaryKey="id", foreignKeys=[{"fields": "actor_id", "reference": {
                              "resource": "actors", "fields": "actor_id"}}])
    check_schema({"events": events, "actors": ACTORS}, DESCRIPTOR)


# ---- typed columns and date bounds ------------------------------------------------------------


def test_each_schema_type_becomes_its_column_and_an_empty_cell_stays_empty():
    fields = [{"name": "n", "type": "integer"}, {"name": "x", "type": "number"},
              {"name": "ok", "type": "boolean"},
              {"name": "tags", "type": "list", "delimiter": ";"},
              {"name": "paras", "type": "list", "itemType": "integer"},
              {"name": "label"}]
    table = Table(name="t", label="data/t.csv", resource={"schema": {"fields": fields}},
                  header=[f["name"] for f in fields],
                  rows=[["-3", "2.5", "true", "a; b ;c", "1, 12", "NA"],
                        ["", "", "false", "", "", ""]])
    frame = typed_frame(table)
    assert str(frame["n"].dtype) == "Int64"
    assert frame["n"][0] == -3 and frame["n"][1] is pd.NA
    assert frame["x"][0] == 2.5 and math.isnan(frame["x"][1])
    assert frame["ok"].tolist() == [True, False]
    assert frame["tags"].tolist() == [["a", "b", "c"], []]
    assert frame["paras"].tolist() == [[1, 12], []]
    # "NA" and "" are text, never missing values.
    assert frame["label"].tolist() == ["NA", ""]


def test_an_integer_column_with_no_values_is_still_an_integer_column():
    table = Table(name="t", label="data/t.csv",
                  resource={"schema": {"fields": [{"name": "n", "type": "integer"}]}},
                  header=["n"], rows=[[""], [""]])
    frame = typed_frame(table)
    assert str(frame["n"].dtype) == "Int64" and frame["n"].isna().all()


def test_event_bounds_follow_the_precision_and_an_end_date_closes_the_event():
    events = pd.DataFrame({
        "date": ["2011-06-08", "2011-06", "2011", "2010-11-19", "2012-02"],
        "date_precision": ["day", "month", "year", "day", "month"],
        "end_date": ["", "", "", "2010-11-20", "2012-03"],
    })
    bounded = add_date_bounds(events)
    assert [str(d.date()) for d in bounded["start"]] == [
        "2011-06-08", "2011-06-01", "2011-01-01", "2010-11-19", "2012-02-01"]
    assert [str(d.date()) for d in bounded["end"]] == [
        "2011-06-08", "2011-06-30", "2011-12-31", "2010-11-20", "2012-03-31"]
    assert str(bounded["start"].dtype).startswith("datetime64")
    assert "start" not in events  # the caller's frame is left as it was


# ---- what the book itself needs ---------------------------------------------------------------


def evidence(sizes=None, claimed=range(1, 13)):
    """Tables of the sizes given (the minimum where not given), claims on ``claimed``."""
    sizes = MINIMUM_ROWS | (sizes or {})
    frames = {name: pd.DataFrame({"n": range(count)}) for name, count in sizes.items()}
    paras = list(claimed) * sizes["claims"]
    frames["claims"] = pd.DataFrame({"para": paras[: max(sizes["claims"], len(claimed))]})
    tables = {name: Table(name=name, label=f"data/{name}.csv", resource={})
              for name in sizes}
    return _Loaded(frames=frames, tables=tables)


def test_the_book_passes_with_exactly_the_rows_it_needs():
    check_minimums(evidence())


@pytest.mark.parametrize("sizes,expected", [
    ({"events": 59}, "data/events.csv: the table has 59 rows; the book needs at least 60. "
     "Rows seem lost; restore it from the book's repository (git restore data/events.csv)."),
    # Two tables short: the first in MINIMUM_ROWS's order is named.
    ({"actors": 2, "column": 11}, "data/column.csv: the table has 11 rows; the book needs at "
     "least 12. Rows seem lost; restore it from the book's repository (git restore "
     "data/column.csv)."),
])
def test_too_few_rows_for_the_book_are_named(sizes, expected):
    assert message(check_minimums, evidence(sizes)) == expected


def test_a_paragraph_without_a_claim_is_named():
    unclaimed = evidence(claimed=[p for p in range(1, 13) if p not in (7, 9)])
    assert message(check_minimums, unclaimed) == (
        "data/claims.csv: ¶7 has no claim; every paragraph needs one. Add a claim for it, or "
        "restore it from the book's repository (git restore data/claims.csv).")


def test_a_section_whose_notebook_is_missing_is_named(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "one.ipynb").write_text("{}")
    sections = pd.DataFrame({"notebook": ["book/one.ipynb", "book/two.ipynb"]})
    table = Table(name="sections", label="data/sections.csv", resource={},
                  header=["notebook"], rows=[["book/one.ipynb"], ["book/two.ipynb"]],
                  lines=[[1], [2], [3]])
    assert message(check_notebooks, table, sections, tmp_path) == (
        "data/sections.csv, row 2 (line 3), column 'notebook', value 'book/two.ipynb': "
        f"there is no such notebook (looked for {tmp_path / 'book' / 'two.ipynb'}). Create "
        "the notebook or correct the path; paths are relative to the folder that holds "
        "data/.")


# ---- which bibliography a folder passed by hand is read with ---------------------------------


def test_a_bibliography_passed_by_hand_is_the_one_read(scratch_data):
    mine = scratch_data.parent / "mine.bib"
    (scratch_data.parent / "references.bib").rename(mine)
    assert len(load(scratch_data, mine).events) == len(load().events)
    with pytest.raises(DataError) as beside:
        load(scratch_data)
    assert beside.value.file == "references.bib" and "the file is missing" in str(beside.value)


def test_a_folder_passed_by_hand_ignores_the_bibliography_variable(scratch_data, monkeypatch):
    """COMPANION_BIB_FILE serves the book's own lookup; a student's copy of data/ is read
    with the references.bib beside it."""
    claims = len(load().claims)
    monkeypatch.setenv("COMPANION_BIB_FILE", str(scratch_data.parent / "nowhere.bib"))
    assert len(load(scratch_data).claims) == claims
    # The book's own lookup does follow it.
    with pytest.raises(DataError) as followed:
        load()
    assert followed.value.file.endswith("nowhere.bib")


# ---- the descriptor as a whole -----------------------------------------------------------------


def whole_descriptor():
    """Every table, each with the fields the loader's rules read."""
    return {"resources": [
        {"name": t, "path": f"{t}.csv", "schema": {"fields": [
            {"name": n, "type": k} for n, k in RULE_FIELDS.get(t, {"id": "string"}).items()]}}
        for t in TABLES]}


def test_a_descriptor_with_every_table_and_its_rule_fields_passes(data_dir):
    check_descriptor(whole_descriptor(), "{}", DESCRIPTOR, data_dir)


def test_resources_are_counted_from_one(data_dir):
    descriptor = whole_descriptor()
    descriptor["resources"][0] = "sections"
    assert message(check_descriptor, descriptor, '{\n "resources": [\n  "sections"]}',
                   DESCRIPTOR, data_dir) == f"{DESCRIPTOR}, line 2: resource 1 is not an object."


def test_a_retyped_rule_field_is_refused_in_the_descriptor(data_dir):
    descriptor = whole_descriptor()
    claims = next(r for r in descriptor["resources"] if r["name"] == "claims")
    claims["schema"]["fields"][1]["type"] = "integer"
    text = '{"resources": [\n {"name": "claims"}\n]}'
    assert message(check_descriptor, descriptor, text, DESCRIPTOR, data_dir) == (
        f"{DESCRIPTOR}, line 2: resource 'claims' needs field 'check' of type 'string' (type "
        f"'integer'). {RULE_HINT}")


def test_a_key_repeated_after_a_leading_blank_line_is_placed_on_its_own_line():
    assert message(parse_json, '\n{"a": 1,\n "a": 2}', DESCRIPTOR) == (
        f"{DESCRIPTOR}, line 3: the key 'a' appears twice in one object. Keep one of the two; "
        "JSON would silently use the last.")


@pytest.mark.parametrize("value,word", [
    ([], "array"), ({}, "object"), ("x", "string"), (True, "boolean"), (None, "null"),
    (3, "number"), (2.5, "number"),
])
def test_json_types_are_named_in_jsons_words(value, word):
    assert _json_type(value) == word


def test_an_unknown_table_name_lists_the_tables():
    with pytest.raises(KeyError) as info:
        load_table("chapters")
    assert info.value.args == ("no table 'chapters'; the tables are: sections, column, quotes, "
                               "actors, proposals, positions, events, claims, phases, sites, "
                               "offices, polls, readings, interceptors, endpoints, deployments, "
                               "threat_missiles",)

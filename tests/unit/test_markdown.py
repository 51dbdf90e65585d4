import pandas as pd
import pytest

import companion
from companion.markdown import cite, escape, from_data, quotes, table


def test_escape_keeps_markup_and_maths_literal():
    text = escape("<script>alert(1)</script> costs $5_000 {cite}`x` *bold* [a](b)")
    for raw in ("<", ">", "$", "_", "{", "`", "*", "[", "]", "(", ")"):
        assert f"\\{raw}" in text
    assert escape("a.b") == "a\\.b"
    assert escape("plain words") == "plain words"


def test_escape_folds_line_breaks_and_runs_of_space_into_one_space():
    assert escape("  two\nlines\t and  more ") == "two lines and more"
    assert escape(2011) == "2011"


def test_cite_takes_one_key_or_several():
    assert cite("aca_abm") == "{cite:p}`aca_abm`"
    assert cite(["a", "b"]) == "{cite:p}`a,b`"
    assert cite(("a",)) == "{cite:p}`a`"
    assert cite([]) == ""


def test_table_escapes_cells_and_cites_sources():
    frame = pd.DataFrame({"Event": ["<b>x</b> | y"], "Sources": [["aca_abm", "wh_jdec_2000"]]})
    md = table(frame).data
    header, rule, row = md.splitlines()
    assert header == "| Event | Sources |" and rule == "| --- | --- |"
    assert row == "| \\<b\\>x\\<\\/b\\> \\| y | {cite:p}`aca_abm,wh_jdec_2000` |"
    assert "Source:" not in md


def test_table_escapes_headers_and_keeps_markup_columns_as_built():
    frame = pd.DataFrame({"A*": ["*x*"], "Link": ["[a](b)"], "Refs": [["k"]]})
    md = table(frame, cite_columns=("Refs",), markup_columns=("Link",)).data
    header, rule, row = md.splitlines()
    assert header == "| A\\* | Link | Refs |"
    assert rule == "| --- | --- | --- |"
    assert row == "| \\*x\\* | [a](b) | {cite:p}`k` |"


def test_table_keeps_a_named_index_as_its_first_column_and_rows_in_order():
    frame = pd.DataFrame({"v": [1, 2]}, index=pd.Index(["r1", "r2"], name="Row"))
    lines = table(frame, cite_columns=()).data.splitlines()
    assert lines == ["| Row | v |", "| --- | --- |", "| r1 | 1 |", "| r2 | 2 |"]
    unnamed = pd.DataFrame({"v": [1]}, index=["dropped"])
    assert table(unnamed, cite_columns=()).data.splitlines()[2] == "| 1 |"


def test_a_table_marked_from_data_ends_with_its_source_line():
    @from_data("events")
    def build(n):
        """Docstring kept."""
        return pd.DataFrame({"x": range(n)})

    frame = build(1)
    assert frame.attrs["source"] == "events"
    assert build.__doc__ == "Docstring kept." and build.__name__ == "build"
    md = table(frame, cite_columns=()).data
    assert md.endswith("| 0 |\n\nSource: {companion-data}`events`")


def test_quotes_come_from_the_data_with_their_paragraph():
    ev = companion.load()
    md = quotes(7, ev).data
    expected = ev.quotes[ev.quotes.para == 7]
    blocks = md.split("\n\n")
    assert len(blocks) == len(expected) > 0
    for block, text in zip(blocks, expected.text, strict=True):
        assert block == f"> \u201c{escape(text)}\u201d (¶7)"


def test_quotes_of_a_paragraph_with_none_recorded_is_an_error_naming_it():
    ev = companion.load()
    missing = next(p for p in range(1, 100) if p not in set(ev.quotes.para))
    with pytest.raises(ValueError, match=f"¶{missing} in data/quotes.csv"):
        quotes(missing, ev)


def test_quotes_are_taken_from_the_evidence_given():
    from companion.evidence import Evidence

    empty = pd.DataFrame()
    frames = {name: empty for name in ("sections", "column", "actors", "proposals",
                                       "positions", "events", "claims", "phases", "sites")}
    ev = Evidence(quotes=pd.DataFrame({"para": [3, 3], "text": ["One.", "Two"]}), **frames)
    assert quotes(3, ev).data == "> \u201cOne\\.\u201d (¶3)\n\n> \u201cTwo\u201d (¶3)"


def test_the_table_citations_list_every_table_once_with_its_citation_role():
    from companion.evidence import TABLES
    from companion.markdown import table_citations

    lines = table_citations().data.splitlines()
    assert lines == [f"- `{t}.csv`: {{companion-cite}}`table:{t}`" for t in TABLES]

import pandas as pd

import companion
from companion.markdown import cite, escape, quotes, table


def test_escape_keeps_markup_and_maths_literal():
    text = escape("<script>alert(1)</script> costs $5_000 {cite}`x` *bold* [a](b)")
    for raw in ("<", ">", "$", "_", "{", "`", "*", "[", "]", "(", ")"):
        assert f"\\{raw}" in text
    assert "\n" not in escape("two\nlines")


def test_table_escapes_cells_and_cites_sources():
    frame = pd.DataFrame({"Event": ["<b>x</b> | y"], "Sources": [["aca_abm", "wh_jdec_2000"]]})
    md = table(frame).data
    header, rule, row = md.splitlines()
    assert header == "| Event | Sources |" and rule == "| --- | --- |"
    assert "\\<b\\>x\\<\\/b\\> \\| y" in row
    assert row.endswith("{cite:p}`aca_abm,wh_jdec_2000` |")
    assert cite([]) == ""


def test_quotes_come_from_the_data_with_their_paragraph():
    ev = companion.load()
    md = quotes(7, ev).data
    expected = ev.quotes[ev.quotes.para == 7]
    assert md.count("> \u201c") == len(expected)
    assert md.count("(¶7)") == len(expected)

"""Readings of the week on synthetic data: groups kept apart, agreement counted against
the column's own answers, and the grid filled exactly where a reading agrees."""

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from companion.evidence import Evidence
from companion.figures import MARK_PREFIXES, OKABE_ITO
from companion.readings import COLUMN, QUESTIONS, agreement, group_of, reading_chart, readings_table


def reading(reading_id, role, date, who="nato", over="yes", obstacle="sovereignty",
            nxt="asia", words=""):
    return {"reading_id": reading_id, "author": f"{reading_id.title()}, somebody",
            "role": role, "side": "russian", "date": date, "words": words,
            "who_ended": who, "is_over": over, "obstacle": obstacle, "what_next": nxt,
            "coding_note": f"Note on {reading_id}.", "sources": ["lukyanov2011"]}


READINGS = pd.DataFrame([
    reading(COLUMN, "analyst", "2011-06-09"),
    reading("zed", "journalist", "2011-06-10", who="not_ended", over="not_yet"),
    reading("amy", "official", "2011-06-12", who="not_ended", over="not_yet",
            obstacle="legal_guarantees", words="Trust, but no results"),
    reading("bob", "official", "2011-06-08", nxt="talks_continue"),
    reading("cal", "analyst", "2011-06-09", obstacle="mistrust"),
    reading("dan", "official", "2011-06-20", over="no", nxt="talks_continue"),
])


def evidence():
    empty = pd.DataFrame()
    return Evidence(sections=empty, column=empty, quotes=empty, actors=empty,
                    proposals=empty, positions=empty, events=empty, claims=empty,
                    phases=empty, sites=empty, readings=READINGS)


def test_officials_are_one_group_and_analysts_and_journalists_the_other():
    assert group_of("official") == "official"
    assert group_of("analyst") == group_of("journalist") == "other"


def test_a_group_table_holds_that_group_alone_in_date_order_with_answers_in_words():
    table = readings_table("official", evidence())
    assert list(table.Reader) == ["Bob, somebody", "Amy, somebody", "Dan, somebody"]
    assert list(table["Who ended it?"]) == ["NATO", "nobody: not ended", "NATO"]
    others = readings_table("other", evidence())
    assert list(others.Reader) == ["Cal, somebody", "Zed, somebody"]


def test_the_column_is_never_counted_among_the_readings_it_is_compared_with():
    tables = pd.concat([readings_table(g, evidence()) for g in ("official", "other")])
    assert "Lukyanov_Column, somebody" not in set(tables.Reader)


def test_an_unknown_group_is_refused_with_the_groups_there_are():
    with pytest.raises(ValueError, match=r"\['official', 'other'\].*'press'"):
        readings_table("press", evidence())


def test_agreement_counts_each_group_against_the_columns_answer():
    table = agreement(evidence()).set_index("Question")
    assert table.loc["Who ended it?", "The column"] == "NATO"
    assert table.loc["Who ended it?", "Officials"] == "2 of 3 give it; most often: NATO"
    assert table.loc["The obstacle", "Analysts and journalists"] == (
        "1 of 2 give it; most often: mistrust, collective defence and sovereignty")
    assert table.loc["What next?", "Officials"] == "1 of 3 give it; most often: more talks"
    assert table.loc["Is it over?", "Officials"] == (
        "1 of 3 give it; most often: yes, not yet, no")


def _cells(fig):
    return {p.get_gid(): p for p in fig.axes[0].patches
            if (p.get_gid() or "").startswith("reading--")}


def test_the_grid_has_the_column_first_then_officials_then_the_others_by_date():
    assert reading_chart(evidence()).rows == [COLUMN, "bob", "amy", "dan", "cal", "zed"]


def test_a_cell_is_filled_exactly_where_the_reading_gives_the_columns_answer():
    cells = _cells(reading_chart(evidence()))
    assert len(cells) == len(READINGS) * len(QUESTIONS)
    filled = {gid for gid, p in cells.items()
              if mcolors.same_color(p.get_facecolor(), OKABE_ITO[2])}
    differs = {f"reading--{r.reading_id}--{q}" for r in READINGS.itertuples()
               for q in QUESTIONS if getattr(r, q) != READINGS.iloc[0][q]}
    assert filled == set(cells) - differs
    assert all(mcolors.same_color(cells[g].get_facecolor(), "white") for g in differs)


def test_each_row_of_cells_sits_on_its_own_line_in_the_grids_order():
    fig = reading_chart(evidence())
    cells = _cells(fig)
    ys = [cells[f"reading--{r}--who_ended"].get_y() for r in fig.rows]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert fig.axes[0].yaxis_inverted(), "the column's row must be drawn at the top"
    xs = [cells[f"reading--bob--{q}"].get_x() for q in QUESTIONS]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_every_cell_carries_the_readers_words_and_the_coding_note_as_hover_text():
    fig = reading_chart(evidence())
    assert set(_cells(fig)) <= set(fig.hover_texts)
    assert all(g.startswith(MARK_PREFIXES) for g in fig.hover_texts)
    text = fig.hover_texts["reading--amy--obstacle"]
    assert "In their words: Trust, but no results." in text
    assert "Note on amy." in text and "legal guarantees" in text

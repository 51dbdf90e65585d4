"""Terms of office on synthetic data: a position lapses with the term it was taken in."""

import csv
import dataclasses
import io

import pandas as pd
import pytest

import companion
from companion import DataError
from companion.evidence import Evidence
from companion.offices import lapse_dates, office_on, office_table, term_for
from companion.stakeholders import lapsed_with_term, matrix, positions_at

OFFICES = pd.DataFrame({
    "actor_id": ["ann", "ann", "bob"],
    "office": ["President", "Prime Minister", "Envoy"],
    "start": ["2008-05-07", "2012-05-08", "2008-01-10"],
    "end": ["2012-05-07", "", "2011-12"],
})


def evidence(positions):
    empty = pd.DataFrame()
    actors = pd.DataFrame({"actor_id": ["ann", "bob", "cat"], "name": ["Ann", "Bob", "Cat"]})
    proposals = pd.DataFrame({"proposal_id": ["p"], "title": ["P"]})
    frame = pd.DataFrame(positions, columns=["actor_id", "proposal_id", "as_of", "position",
                                             "evidence", "sources"])
    return Evidence(sections=empty, column=empty, quotes=empty, actors=actors,
                    proposals=proposals, positions=frame, events=empty, claims=empty,
                    phases=empty, sites=empty, offices=OFFICES)


def row(actor, as_of, position=2):
    return (actor, "p", as_of, position, f"{actor} said so.", ["lukyanov2011"])


def test_the_term_of_a_day_is_found_and_a_month_end_counts_from_its_first_day():
    assert term_for("ann", "2011-06-08", OFFICES)["office"] == "President"
    assert term_for("ann", "2013-01-01", OFFICES)["office"] == "Prime Minister"
    assert term_for("ann", "2012-05-07", OFFICES)["office"] == "President"  # the last day
    assert term_for("bob", "2011-12-01", OFFICES)["office"] == "Envoy"
    assert term_for("bob", "2011-12-02", OFFICES) is None  # may have left on the 1st
    assert term_for("cat", "2011-06-08", OFFICES) is None
    assert office_on("ann", "2014-01-01", OFFICES) == "Prime Minister"
    assert office_on("ann", "2000-01-01", OFFICES) == ""


def test_a_position_lapses_the_day_after_its_term_ends():
    ev = evidence([row("ann", "2011-06-08")])
    assert positions_at("2012-05-07", ev).position.tolist() == [2]
    assert positions_at("2012-05-08", ev).empty
    assert lapsed_with_term("2012-06-01", ev) == {
        ("ann", "p"): ("President", pd.Timestamp("2012-05-07"))}
    assert lapsed_with_term("2012-05-07", ev) == {}


def test_a_later_statement_in_the_new_office_is_shown():
    ev = evidence([row("ann", "2011-06-08", 2), row("ann", "2013-01-10", -1)])
    assert positions_at("2012-06-01", ev).empty
    assert positions_at("2013-02-01", ev).position.tolist() == [-1]
    assert lapsed_with_term("2013-02-01", ev) == {}


def test_a_position_taken_out_of_office_lapses_only_by_age():
    ev = evidence([row("cat", "2011-06-08")])
    assert positions_at("2014-06-07", ev).position.tolist() == [2]
    assert positions_at("2014-06-09", ev).empty  # three years on
    assert lapse_dates(pd.Series(["cat", "ann"]), pd.Series(pd.to_datetime(
        ["2011-06-08", "2013-01-01"])), OFFICES).isna().tolist() == [True, True]


def test_an_open_term_never_ends_a_position_before_its_age_does():
    ev = evidence([row("ann", "2013-01-10")])
    assert positions_at("2015-12-31", ev).position.tolist() == [2]
    assert positions_at("2016-01-11", ev).empty


def test_the_matrix_shows_a_lapsed_cell_as_missing_not_as_neutral():
    ev = evidence([row("ann", "2011-06-08"), row("bob", "2011-06-08", -2)])
    grid = matrix("2012-06-01", evidence=ev)
    assert grid.loc["ann", "p"] != grid.loc["ann", "p"]  # NaN
    assert grid.loc["bob", "p"] != grid.loc["bob", "p"]  # the envoy left in December 2011


def test_the_hatched_cell_of_a_lapsed_position_says_why():
    from companion.stakeholders import position_matrices

    # Bob is drawn because he held a position at the first date; at the second it lapsed.
    fig = position_matrices([("June 2011", "2011-06-08"), ("June 2012", "2012-06-01")],
                            evidence=evidence([row("ann", "2011-06-08"), row("bob", "2011-06-08")]))
    text = fig.hover_texts["cell--bob--p--2012-06-01"]
    assert text == ("Bob on P, 1 June 2012: no position in force: the last one was taken as "
                    "Envoy, a term that ended on 1 December 2011, and no later statement is "
                    "recorded.")


def test_medvedev_as_president_is_not_shown_at_chicago_in_the_books_data():
    ev = companion.load()
    held = matrix("2012-05-20", evidence=ev)
    assert held.loc["medvedev"].isna().all()
    assert matrix("2011-06-08", evidence=ev).loc["medvedev"].notna().any()


def edit_offices(data_dir, **values):
    path = data_dir / "offices.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0].update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows[0]


def test_a_term_that_ends_before_it_begins_is_refused(scratch_data):
    first = edit_offices(scratch_data, end="1999-01-01")
    with pytest.raises(DataError) as info:
        companion.load(scratch_data)
    assert str(info.value) == (
        "data/offices.csv, row 1 (line 2), column 'end', value '1999-01-01': the term ends "
        f"before it begins ({first['start']}).")


def test_two_overlapping_terms_in_one_office_are_refused(scratch_data):
    path = scratch_data / "offices.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "putin,President of Russia,2005-01-01,2006-01-01,,lukyanov2011\n",
                    encoding="utf-8")
    rows = text.count("\n")
    with pytest.raises(DataError) as info:
        companion.load(scratch_data)
    assert str(info.value) == (
        f"data/offices.csv, row {rows} (line {rows + 1}), column 'start', value '2005-01-01': "
        "this term overlaps the term in row 1 for the same actor and office. Correct one of "
        "the dates, or merge the two rows.")


def test_the_table_of_terms_is_in_order_of_start_with_dates_at_their_precision():
    offices = OFFICES.assign(sources=[["lukyanov2011"]] * len(OFFICES))
    ev = dataclasses.replace(evidence([]), offices=offices)
    table = office_table(ev)
    assert list(table.Who) == ["Bob", "Ann", "Ann"]
    assert list(table.Office) == ["Envoy", "President", "Prime Minister"]
    assert list(table.From) == ["10 January 2008", "7 May 2008", "8 May 2012"]
    assert list(table.To) == ["December 2011", "7 May 2012", "in office"]


@pytest.mark.parametrize("term", ["1999-01-01,2000-05-07", "2008-05-07,2009-01-01"],
                         ids=["ends the day row 1 begins", "begins the day row 1 ends"])
def test_terms_that_meet_on_one_day_do_not_overlap(scratch_data, term):
    path = scratch_data / "offices.csv"
    before = len(companion.load(scratch_data).offices)
    path.write_text(path.read_text(encoding="utf-8")
                    + f"putin,President of Russia,{term},,lukyanov2011\n", encoding="utf-8")
    assert len(companion.load(scratch_data).offices) == before + 1

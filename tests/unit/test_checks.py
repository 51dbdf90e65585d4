"""The computed checks: each tolerance is tested just inside and just outside its bounds on
dates set by hand, so widening or narrowing a tolerance fails a test."""

import csv
import io

import pandas as pd
import pytest

import companion
from companion.checks import (
    CHECKS,
    DATA_SHARING_EVENTS,
    Tolerance,
    check_table,
    claims_for,
    completed_months,
    days_between,
    run_check,
)
from companion.evidence import add_date_bounds


@pytest.fixture(scope="module")
def ev():
    return companion.load()


def events(*rows):
    frame = pd.DataFrame(rows, columns=["event_id", "date", "date_precision", "lane"])
    return add_date_bounds(frame.assign(end_date=""))


def set_dates(data_dir, **dates):
    """Rewrite the date of events in a scratch copy of events.csv (day precision)."""
    path = data_dir / "events.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["event_id"] in dates:
            row["date"], row["date_precision"], row["end_date"] = dates[row["event_id"]], "day", ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return companion.load(data_dir)


def test_day_arithmetic_and_month_dated_events():
    ev = events(("a", "2010-11-20", "day", "nato"), ("b", "2011-06-08", "day", "nato"),
                ("c", "2011-06", "month", "nato"))
    assert days_between(ev, "a", "b") == 200
    assert days_between(ev, "b", "a") == -200
    # A month-dated event counts from the first day of its month.
    assert days_between(ev, "c", "b") == 7


def test_completed_months_count_like_an_age():
    start = pd.Timestamp("2010-11-20")
    assert completed_months(start, pd.Timestamp("2011-05-19")) == 5
    assert completed_months(start, pd.Timestamp("2011-05-20")) == 6
    assert completed_months(start, pd.Timestamp("2011-06-19")) == 6
    assert completed_months(start, pd.Timestamp("2011-06-20")) == 7
    assert completed_months(pd.Timestamp("2011-01-31"), pd.Timestamp("2011-02-28")) == 0


def test_tolerance_bounds_are_half_open_and_described_from_the_declaration():
    t = Tolerance(6, 7, "months")
    assert [t.holds(v) for v in (5.99, 6, 6.99, 7)] == [False, True, True, False]
    assert t.describe() == "at least 6 and less than 7 months"
    assert Tolerance(None, 2005, "").describe() == "less than 2005"
    assert Tolerance(None, 2005, "").holds(1992) and not Tolerance(None, 2005, "").holds(2005)


@pytest.mark.parametrize("meeting,agrees", [
    ("2011-05-19", False), ("2011-05-20", True), ("2011-06-19", True), ("2011-06-20", False)])
def test_six_months_holds_from_six_full_months_to_just_under_seven(scratch_data, meeting,
                                                                    agrees):
    ev = set_dates(scratch_data, lisbon_nrc_summit="2010-11-20",
                   nrc_defence_ministers_2011=meeting)
    assert run_check("months_lisbon_to_june_nrc", ev).agrees is agrees


@pytest.mark.parametrize("days,agrees", [(821, False), (822, True), (1004, True), (1005, False)])
def test_two_and_a_half_years_holds_to_the_nearest_half_year(scratch_data, days, agrees):
    meeting = (pd.Timestamp("2009-01-20") + pd.Timedelta(days=days)).strftime("%Y-%m-%d")
    ev = set_dates(scratch_data, obama_inauguration_2009="2009-01-20",
                   nrc_defence_ministers_2011=meeting)
    check = run_check("years_reset_to_june_nrc", ev)
    assert check.agrees is agrees and round(check.value, 4) == round(days / 365.25, 4)


@pytest.mark.parametrize("first,agrees", [("2004-12-31", True), ("2005-01-01", False)])
def test_early_2000s_needs_the_idea_on_record_by_2004(scratch_data, first, agrees):
    later = {e: "2010-06-24" for e in DATA_SHARING_EVENTS}
    ev = set_dates(scratch_data, **{**later, DATA_SHARING_EVENTS[0]: first})
    assert run_check("first_data_sharing_year", ev).agrees is agrees


def test_the_printed_rule_comes_from_the_declared_tolerance(ev):
    for name, spec in CHECKS.items():
        check = run_check(name, ev)
        assert spec.tolerance.describe() in check.rule
        quote = ev.quotes.set_index("quote_id").loc[spec.quote_id, "text"]
        assert check.column_says == quote


def test_unknown_event_is_named():
    with pytest.raises(KeyError, match="no event 'nope'"):
        days_between(events(("a", "2010-01-01", "day", "nato")), "a", "nope")


def test_every_check_is_used_by_exactly_one_claim(ev):
    used = [c for c in ev.claims.check if c]
    assert sorted(used) == sorted(CHECKS)


def test_every_claim_appears_once_in_its_section(ev):
    shown = pd.concat([claims_for(s, ev) for s in ev.sections.section])
    assert sorted(shown.Claim) == sorted(ev.claims.claim)
    assert len(check_table(evidence=ev)) == len(CHECKS)


def test_unknown_check_is_refused():
    with pytest.raises(KeyError, match="no check 'nope'"):
        run_check("nope")


def test_the_schema_lists_exactly_the_computed_checks():
    """The loader refuses a claim naming an unknown check through the schema's enum, so
    the data package needs no import of this module; the two must agree."""
    import json

    from companion import DATA_DIR
    from companion.checks import CHECKS

    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    field = next(f for f in claims["schema"]["fields"] if f["name"] == "check")
    assert sorted(field["constraints"]["enum"]) == sorted(CHECKS)


def test_each_check_reports_its_figure_in_words_on_dates_set_by_hand(scratch_data):
    later = {e: "2010-06-24" for e in DATA_SHARING_EVENTS}
    ev = set_dates(scratch_data, lisbon_nrc_summit="2010-11-20",
                   nrc_defence_ministers_2011="2011-06-08",
                   obama_inauguration_2009="2009-01-20", reset_button="2009-03-06",
                   **{**later, DATA_SHARING_EVENTS[1]: "1998-09-02"})
    months = run_check("months_lisbon_to_june_nrc", ev)
    assert (months.claim_id, months.value, months.agrees) == ("six_months_since_lisbon", 6, True)
    assert months.computed == ("6 completed months (200 days, 6.6 average months) from the "
                               "Lisbon NRC summit to the June 2011 NRC meeting")
    years = run_check("years_reset_to_june_nrc", ev)
    assert years.claim_id == "two_and_a_half_years"
    assert years.computed == ("2.38 years from the US change of administration (20 January "
                              "2009) to June 2011 (from the Geneva 'reset' meeting, 2.26)")
    first = run_check("first_data_sharing_year", ev)
    title = ev.events.set_index("event_id").loc[DATA_SHARING_EVENTS[1], "title"]
    assert (first.claim_id, first.value) == ("voiced_since_early_2000s", 1998)
    assert first.computed == (f"first on record in September 1998 ({title}); still only "
                              "promised in June 2010")
    assert first.rule == ("holds if the year of the first recorded data-sharing agreement or "
                          "study is less than 2005: " + CHECKS["first_data_sharing_year"].why)


def test_a_tolerance_open_above_is_described_from_its_floor():
    assert Tolerance(2, None, "years").describe() == "at least 2 years"
    assert Tolerance(2, None, "years").holds(10**6) and not Tolerance(2, None, "").holds(1.9)


def test_a_check_no_claim_uses_is_named(scratch_data):
    path = scratch_data / "claims.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["check"] == "first_data_sharing_year":
            row["check"] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    ev = companion.load(scratch_data)
    with pytest.raises(KeyError, match="no claim in data/claims.csv uses check "
                                       "'first_data_sharing_year'"):
        run_check("first_data_sharing_year", ev)
    with pytest.raises(KeyError, match="the checks are: months_lisbon_to_june_nrc, "
                                       "years_reset_to_june_nrc, first_data_sharing_year"):
        run_check("nope", ev)


def test_other_starting_points_are_listed_after_the_main_figure(ev, monkeypatch):
    import companion.checks

    monkeypatch.setattr(companion.checks, "RESET_ALTERNATIVES",
                        {"reset_button": "Geneva", "new_start_signed": "New START"})
    computed = run_check("years_reset_to_june_nrc", ev).computed
    assert computed.endswith("(from Geneva, 2.26; from New START, 1.17)")

import pandas as pd
import pytest

import companion
from companion.checks import (
    CHECKS,
    asia_share,
    check_table,
    claims_for,
    days_between,
    months_between,
    run_check,
)
from companion.data import add_date_bounds


@pytest.fixture(scope="module")
def ev():
    return companion.load()


def events(*rows):
    frame = pd.DataFrame(rows, columns=["event_id", "date", "date_precision", "lane"])
    return add_date_bounds(frame.assign(end_date=""))


def test_day_and_month_arithmetic():
    ev = events(("a", "2010-11-20", "day", "nato"), ("b", "2011-06-08", "day", "nato"),
                ("c", "2011-06", "month", "nato"))
    assert days_between(ev, "a", "b") == (pd.Timestamp("2011-06-08")
                                          - pd.Timestamp("2010-11-20")).days
    assert days_between(ev, "b", "a") == -days_between(ev, "a", "b")
    # A month-dated event counts from the first day of its month.
    assert days_between(ev, "c", "b") == 7
    assert months_between(ev, "a", "a") == 0


def test_unknown_event_is_named():
    with pytest.raises(KeyError, match="no event 'nope'"):
        days_between(events(("a", "2010-01-01", "day", "nato")), "a", "nope")


def test_every_check_is_used_by_exactly_one_claim(ev):
    used = [c for c in ev.claims.check if c]
    assert sorted(used) == sorted(CHECKS)


def test_check_follows_the_data_not_a_fixed_number(scratch_data):
    path = scratch_data / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("lisbon_nrc_summit,2010-11-20", "lisbon_nrc_summit,2010-06-20"),
                    encoding="utf-8")
    moved = run_check("days_lisbon_to_june_nrc", companion.load(scratch_data))
    assert moved.value > 11 and not moved.agrees
    assert "353 days" in moved.computed


def test_asia_share_counts_lanes_on_each_side_of_the_column():
    ev = events(("a", "2010-01-01", "day", "nato"), ("b", "2012-01-01", "day", "asia_pacific"),
                ("c", "2013-01-01", "day", "nato"), ("d", "2014-01-01", "day", "asia_pacific"))
    share = asia_share(ev)
    assert share.loc["to June 2011", "Events"] == 1
    assert share.loc["after June 2011", "Asia-Pacific share"] == 2 / 3


def test_every_claim_appears_once_in_its_section(ev):
    shown = pd.concat([claims_for(s, ev) for s in ev.sections.section])
    assert sorted(shown.Claim) == sorted(ev.claims.claim)
    assert len(check_table(evidence=ev)) == len(CHECKS)


def test_unknown_check_is_refused():
    with pytest.raises(KeyError, match="no check 'nope'"):
        run_check("nope")

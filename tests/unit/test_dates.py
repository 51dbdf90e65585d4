"""Dates at their own precision: worked by hand, including leap years and the edges."""

import pandas as pd
import pytest

from companion import dates


@pytest.mark.parametrize("value,first,last", [
    ("2011-06-08", "2011-06-08", "2011-06-08"),
    ("2011-06", "2011-06-01", "2011-06-30"),
    ("2012-02", "2012-02-01", "2012-02-29"),
    ("2011-02", "2011-02-01", "2011-02-28"),
    ("2011", "2011-01-01", "2011-12-31"),
])
def test_bounds(value, first, last):
    assert dates.bounds(value) == (pd.Timestamp(first), pd.Timestamp(last))


@pytest.mark.parametrize("value,precision", [
    ("2011-06-08", "day"), ("2011-06", "month"), ("2011", "year"), ("2011-6-8", None),
    ("11-06-08", None), ("\u0662\u0660\u0661\u0661", None), ("", None),
])
def test_precision_of(value, precision):
    assert dates.precision_of(value) == precision


@pytest.mark.parametrize("value,precision,words", [
    ("2011-02-29", "day", "not a real calendar date"),
    ("2011-13", "month", "no such month"),
    ("2011-00-10", "day", "no such month"),
    ("1899-12-31", "day", "outside 1900-2100"),
    ("2101", "year", "outside 1900-2100"),
    ("2011-06", "day", "does not match date_precision 'day'"),
    ("\uff12\uff10\uff11\uff11", "year", "digits 0-9"),
])
def test_problems_are_named(value, precision, words):
    assert words in dates.problem(value, precision)


@pytest.mark.parametrize("value", ["2012-02-29", "1900-01-01", "2100-12-31", "2011-06"])
def test_real_dates_have_no_problem(value):
    assert dates.problem(value) is None


@pytest.mark.parametrize("value,as_of,happened", [
    ("2011-06", "2011-06-29", False), ("2011-06", "2011-06-30", True),
    ("2011", "2011-12-30", False), ("2011", "2011-12-31", True),
    ("2011-06-08", "2011-06-07", False), ("2011-06-08", "2011-06-08", True),
    ("", "2025-01-01", False),
])
def test_has_happened_only_when_the_whole_period_has(value, as_of, happened):
    assert dates.has_happened(value, as_of) is happened


def test_window_end_reaches_the_end_of_the_period():
    assert dates.window_end("2013") == pd.Timestamp("2013-12-31")
    assert dates.window_end("2013-02") == pd.Timestamp("2013-02-28")
    assert dates.window_end(pd.Timestamp("2013-05-04")) == pd.Timestamp("2013-05-04")


def test_a_malformed_date_has_no_period():
    with pytest.raises(ValueError, match="not a date of the form"):
        dates.period("2011-6")

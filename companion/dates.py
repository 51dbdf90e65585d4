"""Dates as the sources give them: a day, a month or a year, and nothing more precise.

Every date in the book goes through this module. A date is an ISO string whose form
states its precision ('2011-06-08', '2011-06', '2011'); as a ``pandas.Period`` it knows
the first and the last day it may mean. A month-precise date therefore "has happened"
only once its whole month has passed, and a position recorded to a month holds from the
month's last day.
"""

from __future__ import annotations

import datetime
import re

import pandas as pd

PRECISIONS = {"day": "D", "month": "M", "year": "Y"}
#: The years this book's dates may fall in; anything outside is a typing slip.
YEARS = range(1900, 2101)
# ASCII digits only: \d would also accept Arabic-Indic and other digits.
FORMS = {
    "day": re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"),
    "month": re.compile(r"^([0-9]{4})-([0-9]{2})$"),
    "year": re.compile(r"^([0-9]{4})$"),
}


def precision_of(value: str) -> str | None:
    """The precision a date's own form states ('day', 'month', 'year'), or None."""
    return next((name for name, form in FORMS.items() if form.match(str(value))), None)


def problem(value: str, precision: str | None = None) -> str | None:
    """What is wrong with a date (at ``precision``, or at the one its form states), or
    None: the form must match and name a real day, month or year from 1900 to 2100."""
    precision = precision or precision_of(value) or "day"
    match = FORMS[precision].match(str(value))
    if not match:
        return (f"the form does not match date_precision '{precision}' "
                "(day: YYYY-MM-DD, month: YYYY-MM, year: YYYY, digits 0-9).")
    parts = [int(p) for p in match.groups()]
    if parts[0] not in YEARS:
        return f"the year is outside {YEARS.start}-{YEARS.stop - 1}; is it a typing slip?"
    try:
        datetime.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return "there is no such month." if not 1 <= parts[1] <= 12 else \
            "this is not a real calendar date."
    return None


def period(value: str, precision: str | None = None) -> pd.Period:
    """The day, month or year a date names."""
    precision = precision or precision_of(value)
    if precision not in PRECISIONS:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
    return pd.Period(value, freq=PRECISIONS[precision])


def bounds(value: str, precision: str | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the period a date names."""
    named = period(value, precision)
    return named.start_time.normalize(), named.end_time.normalize()


def first_day(value: str, precision: str | None = None) -> pd.Timestamp:
    return bounds(value, precision)[0]


def last_day(value: str, precision: str | None = None) -> pd.Timestamp:
    return bounds(value, precision)[1]


def has_happened(value: str, as_of) -> bool:
    """Whether a date, at its own precision, lies wholly on or before ``as_of``; an
    empty date has not happened."""
    return bool(value) and last_day(value) <= pd.Timestamp(as_of)


def window_end(value) -> pd.Timestamp:
    """The last day of a window's end given as a date, a month or a year."""
    text = str(value)
    return last_day(text) if precision_of(text) else pd.Timestamp(value)

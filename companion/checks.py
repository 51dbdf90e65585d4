"""Claims of the column that can be checked against the dated events, computed here.

A claim names its check in ``claims.csv`` (column ``check``). Each check in :data:`CHECKS`
declares, once, what it measures, the column's words it tests (a recorded quote) and its
:class:`Tolerance`; the rule a page prints is generated from that declaration. Nothing in a
chapter's prose is a hand-typed figure: it comes from here, computed when the notebook runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from companion.evidence import Evidence, load
from companion.markdown import from_data
from companion.scorecard import HORIZONS, verdict_label

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12


@dataclass(frozen=True)
class Tolerance:
    """The values, from ``low`` (included) to ``high`` (excluded), for which the computed
    figure agrees with the column; ``None`` leaves a side open."""

    low: float | None
    high: float | None
    unit: str

    def holds(self, value: float) -> bool:
        return ((self.low is None or value >= self.low)
                and (self.high is None or value < self.high))

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            text = f"at least {self.low:g} and less than {self.high:g} {self.unit}"
        elif self.low is not None:
            text = f"at least {self.low:g} {self.unit}"
        else:
            text = f"less than {self.high:g} {self.unit}"
        return text.strip()


@dataclass(frozen=True)
class CheckSpec:
    """One computed check: what it measures, the words it tests and when they hold."""

    name: str
    quote_id: str
    measures: str
    tolerance: Tolerance
    why: str
    compute: Callable[[Evidence], tuple[float, str]]

    @property
    def rule(self) -> str:
        return f"holds if {self.measures} is {self.tolerance.describe()}: {self.why}"


@dataclass(frozen=True)
class Check:
    claim_id: str
    column_says: str
    computed: str
    value: float
    agrees: bool
    rule: str


def event_date(events: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The start of an event's date (the first day it may have happened)."""
    match = events.loc[events.event_id == event_id, "start"]
    if match.empty:
        raise KeyError(f"no event {event_id!r} in data/events.csv")
    return match.iloc[0]


def days_between(events, first: str, second: str) -> int:
    """Whole days from one event to another (negative if the second came first)."""
    return (event_date(events, second) - event_date(events, first)).days


def completed_months(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Whole calendar months from ``start`` to ``end``, counted as one counts an age:
    20 November to 19 May is five, to 20 May six."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


def _months_lisbon_to_june_nrc(ev: Evidence) -> tuple[float, str]:
    start = event_date(ev.events, "lisbon_nrc_summit")
    end = event_date(ev.events, "nrc_defence_ministers_2011")
    months, days = completed_months(start, end), (end - start).days
    return months, (f"{months} completed months ({days} days, {days / DAYS_PER_MONTH:.1f} "
                    "average months) from the Lisbon NRC summit to the June 2011 NRC meeting")


#: The change of US administration that launched the reset: the column's most plausible
#: starting point for its "two and a half years" (other starting points are reported).
RESET_START = "obama_inauguration_2009"
RESET_ALTERNATIVES = {"reset_button": "the Geneva 'reset' meeting"}


def _years_reset_to_june_nrc(ev: Evidence) -> tuple[float, str]:
    end = "nrc_defence_ministers_2011"
    years = days_between(ev.events, RESET_START, end) / DAYS_PER_YEAR
    others = "; ".join(f"from {label}, {days_between(ev.events, e, end) / DAYS_PER_YEAR:.2f}"
                       for e, label in RESET_ALTERNATIVES.items())
    return years, (f"{years:.2f} years from the US change of administration (20 January "
                   f"2009) to June 2011 ({others})")


#: Agreements or joint studies on sharing missile-warning data, in events.csv.
DATA_SHARING_EVENTS = ["gps_joint_statement_1992", "early_warning_1998", "jdec_agreement",
                       "nrc_tmd_study_2003", "early_warning_statement_2010"]


def _first_data_sharing_year(ev: Evidence) -> tuple[float, str]:
    dates = {e: event_date(ev.events, e) for e in DATA_SHARING_EVENTS}
    first = min(dates, key=dates.get)
    title = ev.events.set_index("event_id").loc[first, "title"]
    latest = max(dates.values())
    return dates[first].year, (f"first on record in {dates[first]:%B %Y} ({title}); "
                               f"still only promised in {latest:%B %Y}")


CHECKS: dict[str, CheckSpec] = {spec.name: spec for spec in (
    CheckSpec(
        "months_lisbon_to_june_nrc", "lisbon_six_months",
        "the number of completed calendar months", Tolerance(6, 7, "months"),
        "'for six months' is said of six full months that have not yet reached seven",
        _months_lisbon_to_june_nrc),
    CheckSpec(
        "years_reset_to_june_nrc", "two_and_a_half_years",
        "the interval in years", Tolerance(2.25, 2.75, "years"),
        "a figure given in half years is right if it is the nearest half year",
        _years_reset_to_june_nrc),
    CheckSpec(
        "first_data_sharing_year", "early_2000s",
        "the year of the first recorded data-sharing agreement or study",
        Tolerance(None, 2005, ""),
        "'since the early 2000s' needs the idea on record by 2004; an earlier start means "
        "the column understates its age", _first_data_sharing_year),
)}


def run_check(name: str, evidence: Evidence | None = None) -> Check:
    """Compute one named check."""
    if name not in CHECKS:
        raise KeyError(f"no check {name!r}; the checks are: {', '.join(CHECKS)}")
    ev = evidence or load()
    spec = CHECKS[name]
    rows = ev.claims[ev.claims.check == name]
    if rows.empty:
        raise KeyError(f"no claim in data/claims.csv uses check {name!r}")
    quote = ev.quotes.set_index("quote_id").loc[spec.quote_id, "text"]
    value, computed = spec.compute(ev)
    return Check(rows.iloc[0].claim_id, quote, computed, value, spec.tolerance.holds(value),
                 spec.rule)


@from_data("claims")
def claims_for(section: str | None = None, evidence: Evidence | None = None):
    """The claims of one section (or all), in ¶ order, with kind and the verdicts at both
    horizons. Checkable claims are computed by :func:`check_table`; the reasons and the
    counter-evidence are in :func:`companion.scorecard.verdict_table`."""
    ev = evidence or load()
    claims = ev.claims
    if section is not None:
        claims = claims[claims.para.isin(ev.section_paras(section))]
    table = pd.DataFrame({"¶": claims.para, "Claim": claims.claim, "Kind": claims.kind})
    for column, (label, _) in HORIZONS.items():
        table[label] = claims[column].map(verdict_label)
    table["Computed"] = claims.check.map(lambda n: "below" if n else "")
    return table.reset_index(drop=True)


@from_data("claims")
def check_table(section: str | None = None, evidence: Evidence | None = None):
    """The checkable claims of a section: the column's words, what the data give, the rule
    used and whether they agree."""
    ev = evidence or load()
    claims = ev.claims[ev.claims.check != ""]
    if section is not None:
        claims = claims[claims.para.isin(ev.section_paras(section))]
    results = [run_check(name, ev) for name in claims.check]
    return pd.DataFrame({
        "¶": list(claims.para),
        "The column says": [f"\u201c{r.column_says}\u201d" for r in results],
        "The data give": [r.computed for r in results],
        "Rule": [r.rule for r in results],
        "Agrees": ["yes" if r.agrees else "no" for r in results],
    })

"""Claims of the column that can be checked against the dated events, computed here.

A claim names its check in ``claims.csv`` (column ``check``); :data:`CHECKS` maps each name
to a function of the evidence that returns a :class:`Check`: what the column says, what
the data give, and whether the two agree within a stated tolerance. Nothing in a chapter's
prose is a hand-typed figure: it comes from here, computed when the notebook runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from companion.data import Evidence, load

DAYS_PER_MONTH = 365.25 / 12


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


def months_between(events, first: str, second: str) -> float:
    """Average-length months from one event to another."""
    return days_between(events, first, second) / DAYS_PER_MONTH


def _claim(ev, check_name):
    rows = ev.claims[ev.claims.check == check_name]
    if rows.empty:
        raise KeyError(f"no claim in data/claims.csv uses check {check_name!r}")
    return rows.iloc[0]


def days_lisbon_to_june_nrc(ev: Evidence) -> Check:
    """¶1: 'six months, since the council's Lisbon summit'."""
    days = days_between(ev.events, "lisbon_nrc_summit", "nrc_defence_ministers_2011")
    months = days / DAYS_PER_MONTH
    return Check(_claim(ev, "days_lisbon_to_june_nrc").claim_id, "six months",
                 f"{days} days ({months:.1f} months) from the Lisbon NRC summit to the June "
                 "2011 NRC meeting", months, 5.5 <= months < 7.5,
                 "'six months' holds if the gap rounds to six or, loosely, seven months")


#: Agreements to exchange missile-launch or early-warning data, from events.csv.
DATA_SHARING_EVENTS = ["jdec_agreement", "early_warning_statement_2010"]


def first_data_sharing_year(ev: Evidence) -> Check:
    """¶6: the data-exchange idea 'voiced since the early 2000s'."""
    dates = [event_date(ev.events, e) for e in DATA_SHARING_EVENTS]
    first = min(dates)
    latest = max(dates)
    return Check(_claim(ev, "first_data_sharing_year").claim_id, "since the early 2000s",
                 f"first agreed in {first:%B %Y}; still only promised in {latest:%B %Y}",
                 first.year, 2000 <= first.year <= 2004,
                 "'early 2000s' holds if the first agreement falls in 2000-2004")


def months_june_nrc_to_elections(ev: Evidence) -> Check:
    """¶7: election campaigns under way in both countries make further talks pointless."""
    russia = months_between(ev.events, "nrc_defence_ministers_2011",
                            "russian_presidential_election")
    usa = months_between(ev.events, "nrc_defence_ministers_2011", "us_presidential_election")
    duma = months_between(ev.events, "nrc_defence_ministers_2011", "duma_election")
    return Check(_claim(ev, "months_june_nrc_to_elections").claim_id,
                 "campaigns under way in both countries",
                 f"Duma election {duma:.1f} months, Russian presidential election "
                 f"{russia:.1f} months and US presidential election {usa:.1f} months after "
                 "the June 2011 meeting", usa, max(russia, usa) <= 18,
                 "both countries' presidential elections fall within 18 months of the "
                 "meeting, the time a new agreement would have needed")


def months_reset_to_june_nrc(ev: Evidence) -> Check:
    """¶11: 'a certain improvement in the past two and a half years'."""
    months = months_between(ev.events, "reset_button", "nrc_defence_ministers_2011")
    years = months / 12
    return Check(_claim(ev, "months_reset_to_june_nrc").claim_id, "two and a half years",
                 f"{months:.0f} months ({years:.2f} years) from the reset meeting in Geneva "
                 "to June 2011", years, abs(years - 2.5) <= 0.5,
                 "'two and a half years' holds within half a year either way")


def asia_share_after_column(ev: Evidence) -> Check:
    """¶12: missile defence increasingly associated with Asia."""
    share = asia_share(ev.events)
    before, after = share.loc["to June 2011", "Asia-Pacific share"], share.loc[
        "after June 2011", "Asia-Pacific share"]
    europe_after = share.loc["after June 2011", "Europe share"]
    return Check(_claim(ev, "asia_share_after_column").claim_id,
                 "Asia replaces Europe",
                 f"Asia-Pacific events: {before:.0%} of the record up to June 2011, "
                 f"{after:.0%} after it; NATO and NATO-Russia events after it: "
                 f"{europe_after:.0%}", after, after > europe_after,
                 "'replaces' holds only if Asia-Pacific events outnumber European ones "
                 "after the column; a rise alone means 'increasingly associated'")


def asia_share(events: pd.DataFrame) -> pd.DataFrame:
    """Events before and after the column: count, and the share in the Asia-Pacific lane
    and in the European lanes (NATO, NATO-Russia)."""
    from companion.timeline import COLUMN_DATE

    period = events.start.gt(COLUMN_DATE).map({False: "to June 2011",
                                                True: "after June 2011"})
    grouped = events.groupby(period, sort=False)
    table = pd.DataFrame({
        "Events": grouped.size(),
        "Asia-Pacific share": grouped.lane.agg(lambda s: (s == "asia_pacific").mean()),
        "Europe share": grouped.lane.agg(lambda s: s.isin(["nato", "nato_russia"]).mean()),
    })
    return table.reindex(["to June 2011", "after June 2011"])


CHECKS = {f.__name__: f for f in (days_lisbon_to_june_nrc, first_data_sharing_year,
                                  months_june_nrc_to_elections, months_reset_to_june_nrc,
                                  asia_share_after_column)}


def run_check(name: str, evidence: Evidence | None = None) -> Check:
    """Compute one named check."""
    if name not in CHECKS:
        raise KeyError(f"no check {name!r}; the checks are: {', '.join(CHECKS)}")
    return CHECKS[name](evidence or load())


def claims_for(section: str | None = None, evidence: Evidence | None = None):
    """The claims of one section (or all), in ¶ order, with kind, verdict, the reason for
    the verdict and its sources. Checkable claims are computed by :func:`check_table`."""
    ev = evidence or load()
    claims = ev.claims
    if section is not None:
        claims = claims[claims.para.isin(ev.section_paras(section))]
    return pd.DataFrame({
        "¶": claims.para,
        "Claim": claims.claim,
        "Kind": claims.kind,
        "Verdict": claims.verdict.str.replace("_", " ") + claims.check.map(
            lambda n: " (computed below)" if n else ""),
        "Why": claims.verdict_note,
        "Sources": claims.sources,
    }).reset_index(drop=True)


def check_table(section: str | None = None, evidence: Evidence | None = None):
    """The checkable claims of a section: what the column says, what the data give, the
    rule used and whether they agree."""
    ev = evidence or load()
    claims = ev.claims[ev.claims.check != ""]
    if section is not None:
        claims = claims[claims.para.isin(ev.section_paras(section))]
    results = [run_check(name, ev) for name in claims.check]
    return pd.DataFrame({
        "¶": list(claims.para),
        "The column says": [r.column_says for r in results],
        "The data give": [r.computed for r in results],
        "Rule": [r.rule for r in results],
        "Agrees": ["yes" if r.agrees else "no" for r in results],
    })

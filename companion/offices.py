"""Terms of office: who held which office when, and when a position lapses with its term.

A person who speaks for an office (a president, a prime minister, a Secretary General, an
administration) takes positions as its holder, so a position lasts no longer than the term
it was taken in: Medvedev's stance of 2011 as president says nothing about Russia's line in
2013, when he was prime minister. A term's last day known only to the month or year is
taken as the first day of that month or year, so that no position is ever shown past the
term's end. A position taken outside any of the actor's terms (a former official speaking)
is bounded only by the usual lapse of positions in :mod:`companion.stakeholders`.
"""

from __future__ import annotations

import pandas as pd

from companion.dates import first_day, precision_of
from companion.evidence import load
from companion.markdown import from_data


def term_bounds(offices: pd.DataFrame) -> pd.DataFrame:
    """The terms with their first and last day as timestamps (``last`` is NaT while in
    office; a last day known only to the month counts from the month's first day)."""
    if offices is None or offices.empty:
        return pd.DataFrame(columns=["actor_id", "office", "first", "last"])
    first = offices.start.map(first_day)
    last = offices.end.map(lambda v: first_day(v) if v else pd.NaT)
    return offices.assign(first=pd.to_datetime(first), last=pd.to_datetime(last))


def term_for(actor_id: str, when, offices: pd.DataFrame) -> dict | None:
    """The actor's term that includes ``when`` (the latest to begin, if two do), or None."""
    when = pd.Timestamp(when)
    terms = term_bounds(offices)
    terms = terms[(terms.actor_id == actor_id) & (terms["first"] <= when)
                  & (terms["last"].isna() | (terms["last"] >= when))]
    if terms.empty:
        return None
    return terms.sort_values("first").iloc[-1].to_dict()


def lapse_dates(actor_ids: pd.Series, taken: pd.Series, offices: pd.DataFrame) -> pd.Series:
    """For each position (actor, day it took effect): the last day of the term it was taken
    in, or NaT where it was taken in no term of the actor's, or the term is still open."""
    ends = [term_for(actor, when, offices) for actor, when in zip(actor_ids, taken,
                                                                     strict=True)]
    return pd.Series([t["last"] if t else pd.NaT for t in ends], index=actor_ids.index,
                     dtype="datetime64[ns]")


def office_on(actor_id: str, when, offices: pd.DataFrame) -> str:
    """The office the actor held on ``when`` ('' if none), for labels and hover text."""
    term = term_for(actor_id, when, offices)
    return term["office"] if term else ""


@from_data("offices")
def office_table(evidence=None) -> pd.DataFrame:
    """Every term in the data, in order of its start: who, which office, from, to."""
    ev = evidence or load()
    names = dict(zip(ev.actors.actor_id, ev.actors.name, strict=True))
    terms = term_bounds(ev.offices).sort_values(["first", "actor_id"])

    def day(value: str) -> str:
        if not value:
            return "in office"
        when = first_day(value)
        return {"day": f"{when.day} {when:%B %Y}", "month": f"{when:%B %Y}"}.get(
            precision_of(value), value)

    return pd.DataFrame({
        "Who": terms.actor_id.map(names), "Office": terms.office,
        "From": terms.start.map(day), "To": terms.end.map(day), "Sources": terms.sources,
    }).reset_index(drop=True)

"""Reader-facing tables built from the evidence: the reading map and the codebook."""

from __future__ import annotations

import json

import pandas as pd

from companion.checks import completed_months, event_date
from companion.evidence import Evidence, default_data_dir, load, read_descriptor
from companion.markdown import from_data
from companion.vocabulary import labels


@from_data("column")
def reading_map(evidence: Evidence | None = None, links: bool = False) -> pd.DataFrame:
    """One row per paragraph: ¶, section title, the project's summary, the word count and
    the question that opens the paragraph up for discussion.

    With ``links``, the ¶ cell itself is a MyST reference to the paragraph's label
    (``para-N``) in its chapter, so the link stays in the first column, which stays in view
    on a phone; show it with ``companion.markdown.table(..., markup_columns=["¶"])``."""
    ev = evidence or load()
    titles = ev.sections.set_index("section")["title"]
    table = ev.column.assign(section_title=ev.column.section.map(titles))
    table = table.rename(columns={"para": "¶", "section_title": "Section", "summary": "Summary",
                                  "words": "Words", "question": "Question for discussion"})
    columns = ["¶", "Section", "Summary", "Words", "Question for discussion"]
    if links:
        table["¶"] = table["¶"].map(lambda n: f"{{ref}}`¶{n} <para-{n}>`")
        return table[columns].reset_index(drop=True)
    return table[columns].set_index("¶")


def codebook(resource_name: str, data_dir=None) -> pd.DataFrame:
    """Every field of one data-package resource with its type, rules and meaning."""
    descriptor = read_descriptor(data_dir or default_data_dir())
    resource = next((r for r in descriptor["resources"] if r["name"] == resource_name), None)
    if resource is None:
        raise KeyError(f"no resource {resource_name!r} in datapackage.json")
    keys = resource["schema"].get("primaryKey", [])
    rows = []
    for field in resource["schema"]["fields"]:
        rules = dict(field.get("constraints", {}))
        required = rules.pop("required", False)
        if field.get("type") == "list":
            item = field.get("itemType", "string")
            rules["items"] = f"{item}, separated by '{field['delimiter']}'"
        rows.append({
            "Field": field["name"],
            "Type": field.get("type", "string"),
            "Required": "yes" if required else "no",
            "Key": "primary" if field["name"] in keys else "",
            "Rules": "; ".join(f"{k}: {json.dumps(v) if not isinstance(v, str) else v}"
                               for k, v in rules.items()),
            "Meaning": field.get("description", ""),
        })
    return pd.DataFrame(rows).set_index("Field")


def resources(data_dir=None) -> pd.DataFrame:
    """The resources of the data package: name, file, title, rows."""
    descriptor = read_descriptor(data_dir or default_data_dir())
    ev = load(data_dir)
    return pd.DataFrame(
        [{"Resource": r["name"], "File": f"data/{r['path']}", "Title": r["title"],
          "Rows": len(ev[r["name"]])} for r in descriptor["resources"]]
    ).set_index("Resource")


@from_data("events")
def event_table(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every event with its date as recorded, precision, lane, title and sources (a list
    of BibTeX keys; show it with :func:`companion.markdown.table` to get citations)."""
    ev = load().events if events is None else events
    table = ev.sort_values(["start", "event_id"]).assign(
        Lane=lambda t: t.lane.map(labels("events", "lane")),
        Date=lambda t: t.date + t.end_date.map(lambda e: f" to {e}" if e else ""),
        Sources=lambda t: t.sources,
    )
    table = table.rename(columns={"date_precision": "Precision", "title": "Event"})
    return table[["Date", "Precision", "Lane", "Event", "Sources"]].reset_index(drop=True)


def event_counts(events: pd.DataFrame | None = None, by: str = "lane") -> pd.DataFrame:
    """Events counted per lane and period: ``by="lane"`` gives lanes × three periods
    (before 2007, 2007-2013, after 2013); ``by="year"`` gives one row per year with events."""
    ev = load().events if events is None else events
    if by == "year":
        counts = ev.assign(Year=ev.start.dt.year).groupby("Year").size().rename("Events")
        return counts.to_frame()
    if by != "lane":
        raise ValueError(f"by must be 'lane' or 'year', not {by!r}")
    period = pd.cut(ev.start.dt.year, [0, 2006, 2013, 9999],
                    labels=["before 2007", "2007-2013", "after 2013"])
    counts = pd.crosstab(ev.lane.map(labels("events", "lane")), period, margins=True,
                         margins_name="All")
    counts.index.name, counts.columns.name = "Lane", None
    return counts


#: The two countries' electoral calendar after the column (event ids in events.csv).
ELECTION_EVENTS = ["ur_congress_2011", "duma_election", "russian_presidential_election",
                   "putin_inauguration_2012", "us_presidential_election"]


@from_data("events")
def election_calendar(events: pd.DataFrame | None = None,
                      after: str = "nrc_defence_ministers_2011") -> pd.DataFrame:
    """Each step of the 2011-2012 electoral season in Russia and the United States, with
    the days and completed months since the June 2011 meeting: context for ¶7, not a test
    (the column names no interval)."""
    ev = load().events if events is None else events
    start = event_date(ev, after)
    rows = []
    for event_id in ELECTION_EVENTS:
        when = event_date(ev, event_id)
        rows.append({"Date": f"{when.day} {when:%B %Y}",
                     "Event": ev.set_index("event_id").loc[event_id, "title"],
                     "Days after": (when - start).days,
                     "Completed months after": completed_months(start, when)})
    return pd.DataFrame(rows)

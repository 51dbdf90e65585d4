"""Layer 5, continued: rules a Table Schema cannot state.

BibTeX keys exist, multi-valued ids exist, a date's form matches its precision and names
a real day, ranges and terms are in order, a claim's verdict suits its kind, the sections
cover ¶1-¶12 in order, ``column.section`` agrees with them, and no actor holds two
positions on one proposal from the same day.
"""

from __future__ import annotations

import pandas as pd

from companion.dates import FORMS as DATE_FORMS
from companion.dates import bounds, first_day, last_day, precision_of
from companion.dates import problem as date_problem
from companion.evidence.csvfile import Table
from companion.evidence.errors import restore_hint

#: The column's paragraphs.
PARAGRAPHS = range(1, 13)

DATE_COLUMNS = {"events": ("date", "end_date"), "positions": ("as_of",),
                "offices": ("start", "end"),
                "polls": ("fieldwork_start", "fieldwork_end"), "readings": ("date",),
                "threat_missiles": ("as_of",),
                "sites": ("planned", "operational", "cancelled"),
                "phases": ("announced", "operational", "cancelled")}

#: (low, high) pairs of a row: the high end may not be below the low end.
RANGES = {"interceptors": ("speed_low_kms", "speed_high_kms"),
          "threat_missiles": ("range_low_km", "range_high_km")}


def check_cross_table(frames: dict, tables: dict[str, Table], bib: frozenset[str]) -> None:
    """Bib keys, multi-valued ids, paragraph numbers, dates, check names, the sections'
    cover of the column and positions that clash."""
    actors = set(frames["actors"]["actor_id"])
    for name in tables:
        check_rows(tables[name], frames[name], bib, actors)
    check_claim_verdicts(tables["claims"], frames["claims"])
    check_terms(tables["offices"], frames["offices"])
    check_deployed_sites(tables["deployments"], frames["deployments"], frames["sites"])
    check_sections(tables["sections"], frames["sections"])
    check_column_sections(tables["column"], frames["column"], frames["sections"])
    check_same_day_positions(tables["positions"], frames["positions"])


def check_rows(table: Table, frame: pd.DataFrame, bib: frozenset[str], actors: set) -> None:
    """The row-by-row rules of one table."""
    source_columns = [c for c in frame.columns if "sources" in c]
    for row, record in enumerate(frame.to_dict("records"), start=1):
        for column in source_columns:
            for key in record.get(column, []) or []:
                if key not in bib:
                    raise table.fail("this BibTeX key is not in references.bib.", row=row,
                                     column=column, value=key,
                                     hint="Add the entry to references.bib or fix the key.")
        for actor in record.get("actors", []) if table.name == "events" else []:
            if actor not in actors:
                raise table.fail("this actor id is not in data/actors.csv.", row=row,
                                 column="actors", value=actor)
        for para in record.get("paras", []) or []:
            if para not in PARAGRAPHS:
                raise table.fail("the column has paragraphs 1 to 12 only.", row=row,
                                 column="paras", value=para)
        check_row_dates(table, row, record)
        check_row_range(table, row, record)


def check_row_dates(table: Table, row: int, record: dict) -> None:
    """Every date of a row is well formed; an event's end is not before its start."""
    for column in DATE_COLUMNS.get(table.name, ()):
        value = record.get(column)
        if not value:
            continue
        precision = (record["date_precision"] if table.name == "events" and column == "date"
                     else precision_of(value))
        problem = date_problem(value, precision) if precision in (None, *DATE_FORMS) \
            else "date_precision must be day, month or year."
        if problem:
            raise table.fail(problem, row=row, column=column, value=value)
    if table.name == "polls" and last_day(record["fieldwork_end"]) < first_day(
            record["fieldwork_start"]):
        raise table.fail(f"fieldwork ends before it starts ({record['fieldwork_start']}).",
                         row=row, column="fieldwork_end", value=record["fieldwork_end"])
    if table.name == "events" and record.get("end_date"):
        start = first_day(record["date"], record["date_precision"])
        end = record["end_date"]
        if last_day(end) < start:
            raise table.fail(f"the end date is before the start date ({record['date']}).",
                             row=row, column="end_date", value=end)


def check_row_range(table: Table, row: int, record: dict) -> None:
    """A row's high end (:data:`RANGES`) is not below its low end."""
    if table.name not in RANGES:
        return
    low, high = RANGES[table.name]
    if pd.notna(record.get(low)) and pd.notna(record.get(high)) and record[high] < record[low]:
        raise table.fail(f"the high end is below the low end ({low} is {record[low]:g}).",
                         row=row, column=high, value=record[high])


def check_deployed_sites(table: Table, deployments: pd.DataFrame,
                         sites: pd.DataFrame) -> None:
    """An interceptor is placed only at a site whose coordinates a source gives, since
    the model needs them."""
    mapped = set(sites[sites.latitude.notna() & sites.longitude.notna()].site_id)
    for row, site_id in enumerate(deployments.get("site_id", []), start=1):
        if site_id not in mapped:
            raise table.fail("this site has no coordinates in data/sites.csv, so the model "
                             "cannot place an interceptor there.", row=row, column="site_id",
                             value=site_id)


def check_terms(table: Table, offices: pd.DataFrame) -> None:
    """A term ends on or after its first day, and one actor's terms in one office do not
    overlap (the day one term ends may be the day the next begins)."""
    seen: dict[tuple, list] = {}
    for row, record in enumerate(offices.to_dict("records"), start=1):
        start = first_day(record["start"])
        end = last_day(record["end"]) if record.get("end") else None
        if end is not None and end < start:
            raise table.fail(f"the term ends before it begins ({record['start']}).", row=row,
                             column="end", value=record["end"])
        key = (record["actor_id"], record["office"])
        for other_row, other_start, other_end in seen.get(key, []):
            if (other_end is None or start < other_end) and (end is None or other_start < end):
                raise table.fail(f"this term overlaps the term in row {other_row} for the same "
                                 "actor and office.", row=row, column="start",
                                 value=record["start"],
                                 hint="Correct one of the dates, or merge the two rows.")
        seen.setdefault(key, []).append((row, start, end))


#: Each verdict column of claims.csv and the column holding its narrower reading.
NARROWER = {"verdict_2013": "narrower_2013", "verdict_2025": "narrower_2025"}
#: The verdict that needs a narrower reading written down beside it.
NARROWED = "partly"
#: The kind judged for soundness as well, and the columns that hold that judgement.
SOUNDNESS = ("prescription", ("soundness", "soundness_note"))


def check_claim_verdicts(table: Table, claims: pd.DataFrame) -> None:
    """Each claim is judged by its kind's standard: a verdict the schema's categories allow
    for that kind (a prescription is acted on or not, never true or false), a narrower
    reading written down exactly where the verdict is 'partly', and a soundness judgement
    for a prescription only."""
    fields = {f["name"]: f for f in table.fields}
    for row, record in enumerate(claims.to_dict("records"), start=1):
        kind = record.get("kind")
        for column, narrower in NARROWER.items():
            if column not in fields:
                continue
            verdict = record.get(column)
            allowed = [c["value"] for c in fields[column].get("categories", [])
                       if isinstance(c, dict) and kind in c.get("kinds", [kind])]
            if verdict not in allowed:
                raise table.fail(f"a claim of kind {kind!r} cannot have this verdict.",
                                 row=row, column=column, value=verdict,
                                 hint=f"Use one of: {', '.join(allowed)}.")
            written = bool(str(record.get(narrower) or "").strip())
            if narrower in fields and (verdict == NARROWED) != written:
                problem = ("a verdict of 'partly' needs the narrower reading that holds."
                           if not written else
                           f"only a verdict of 'partly' has a narrower reading; this one is "
                           f"{verdict!r}.")
                raise table.fail(problem, row=row, column=narrower,
                                 value=record.get(narrower) or None,
                                 hint="Write it in the project's words, or clear the cell.")
        judged, columns = SOUNDNESS
        for column in (c for c in columns if c in fields):
            written = bool(str(record.get(column) or "").strip())
            if written != (kind == judged):
                problem = (f"a {judged} is also judged for soundness; this cell is empty."
                           if not written else
                           f"only a {judged} is judged for soundness; this claim is a {kind}.")
                raise table.fail(problem, row=row, column=column,
                                 value=record.get(column) or None,
                                 hint="Fill it in, or clear it.")


def check_sections(table: Table, sections: pd.DataFrame) -> None:
    """Sections taken by ``order`` cover ¶1-¶12 one after another: no gap, no overlap."""
    seen: dict[int, int] = {}
    for row, record in enumerate(sections.to_dict("records"), start=1):
        if record["order"] in seen:
            raise table.fail(f"row {seen[record['order']]} has the same order.", row=row,
                             column="order", value=record["order"],
                             hint="Give every section its own position in the book.")
        seen[record["order"]] = row
        if record["last_para"] < record["first_para"]:
            raise table.fail(f"the section ends before it starts (first_para "
                             f"{record['first_para']}).", row=row, column="last_para",
                             value=record["last_para"])
    _check_cover(table, sections)


def _check_cover(table: Table, sections: pd.DataFrame) -> None:
    """In the order of ``order``, each section starts where the one before it ended."""
    following, previous = PARAGRAPHS.start, None
    ranked = sorted(enumerate(sections.to_dict("records"), start=1),
                    key=lambda item: item[1]["order"])
    for row, record in ranked:
        first = record["first_para"]
        if first > following:
            gap = f"¶{following}" + (f"-¶{first - 1} are" if first - 1 > following else " is")
            raise table.fail(f"{gap} in no section.", row=row, column="first_para",
                             value=first, hint="Every paragraph belongs to exactly one "
                             "section; sections follow each other in the order of 'order'.")
        if first < following:
            raise table.fail(f"¶{first} is already in section '{previous}', which comes "
                             "before this one.", row=row, column="first_para", value=first,
                             hint="Sections may not overlap and must follow 'order'.")
        following, previous = record["last_para"] + 1, record["section"]
    if following <= PARAGRAPHS.stop - 1:
        last = PARAGRAPHS.stop - 1
        missing = f"¶{following}" + (f"-¶{last} are" if last > following else " is")
        raise table.fail(f"{missing} in no section.", row=ranked[-1][0], column="last_para",
                         value=ranked[-1][1]["last_para"],
                         hint="The last section must end at ¶12.")


def check_column_sections(table: Table, column: pd.DataFrame, sections: pd.DataFrame) -> None:
    """Every paragraph has a row, whose section is the one data/sections.csv gives it."""
    owner = {p: s.section for s in sections.itertuples()
             for p in range(s.first_para, s.last_para + 1)}
    for row, record in enumerate(column.to_dict("records"), start=1):
        expected = owner.get(record["para"])
        if record["section"] != expected:
            raise table.fail(f"¶{record['para']} is in section '{expected}' by "
                             "data/sections.csv.", row=row, column="section",
                             value=record["section"],
                             hint="Correct this cell or the section's paragraph range.")
    missing = [p for p in PARAGRAPHS if p not in set(column["para"])]
    if missing:
        raise table.fail(f"¶{missing[0]} has no row; the column has paragraphs 1 to 12.",
                         hint=restore_hint(table.label))


def check_same_day_positions(table: Table, positions: pd.DataFrame) -> None:
    """No actor has two positions on one proposal taking effect on the same day (a month
    counts from its last day, as :mod:`companion.stakeholders` reads it)."""
    seen: dict[tuple, tuple[int, str]] = {}
    for row, record in enumerate(positions.to_dict("records"), start=1):
        day = last_day(record["as_of"])
        key = (record["actor_id"], record["proposal_id"], day)
        if key in seen:
            first, first_as_of = seen[key]
            raise table.fail(
                f"takes effect on {day:%Y-%m-%d}, the same day as row {first} (as_of "
                f"{first_as_of}, line {table.line_of(first)}) for the same actor and "
                f"proposal ({record['actor_id']}, {record['proposal_id']}).",
                row=row, column="as_of", value=record["as_of"],
                hint="Keep one of the two rows, or date them apart.")
        seen[key] = (row, record["as_of"])


def add_date_bounds(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``start`` and ``end`` timestamps that honour each event's precision."""
    events = events.copy()
    starts, ends = [], []
    for record in events.to_dict("records"):
        start, end = bounds(record["date"], record["date_precision"])
        if record.get("end_date"):
            end = last_day(record["end_date"])
        starts.append(start)
        ends.append(end)
    events["start"] = pd.to_datetime(starts)
    events["end"] = pd.to_datetime(ends)
    return events

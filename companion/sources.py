"""The source mix: what kind of source each bibliography entry is, and which rows of the
data rest on weak sources (reposts alone, or state media alone)."""

from __future__ import annotations

import pandas as pd

from companion.bib import SOURCE_KINDS, bib_entry, bib_keys
from companion.evidence import Evidence, load

TABLES_WITH_SOURCES = ("events", "positions", "claims", "actors", "proposals", "phases",
                       "sites", "offices", "polls", "readings", "interceptors", "endpoints",
                       "deployments", "threat_missiles")
#: Columns whose sources vouch only for a map position: a base's reference point taken
#: from a gazetteer or a wiki. What the site is and when it existed rests on ``sources``.
COORDINATE_COLUMNS = ("coordinate_sources",)


def source_cells(evidence: Evidence | None = None):
    """(table, row id, column, [keys]) for every cell of the data that lists sources."""
    ev = evidence or load()
    for table in TABLES_WITH_SOURCES:
        frame = ev[table]
        id_columns = {"positions": ["actor_id", "proposal_id", "as_of"],
                      "offices": ["actor_id", "office", "start"]}.get(
            table, [frame.columns[0]])
        for column in [c for c in frame.columns if "sources" in c]:
            for record in frame.to_dict("records"):
                row_id = "/".join(str(record[c]) for c in id_columns)
                yield table, row_id, column, list(record[column])


def source_mix(bib_file=None) -> pd.DataFrame:
    """Bibliography entries counted by kind of source (rows) and language (columns)."""
    rows = [{"Kind": bib_entry(k, bib_file).get("sourcekind", "unclassified"),
             "Language": bib_entry(k, bib_file).get("language", "unknown")}
            for k in bib_keys(bib_file)]
    table = pd.crosstab(pd.Series([r["Kind"] for r in rows], name="Kind"),
                        pd.Series([r["Language"] for r in rows], name="Language"),
                        margins=True, margins_name="All")
    order = [k for k in SOURCE_KINDS if k in table.index] + [
        k for k in table.index if k not in SOURCE_KINDS and k != "All"] + ["All"]
    languages = ["english"] + sorted(c for c in table.columns if c not in ("english", "All"))
    return table.reindex(index=order, columns=[*languages, "All"], fill_value=0)


def weak_rows(evidence: Evidence | None = None, bib_file=None) -> pd.DataFrame:
    """Cells whose sources are all reposts, or all state media: the facts that still rest
    on weak sources."""
    found = []
    for table, row, column, keys in source_cells(evidence):
        if column in COORDINATE_COLUMNS:
            continue
        entries = [bib_entry(k, bib_file) for k in keys]
        if keys and all(e.get("sourcekind") == "repost" for e in entries):
            found.append((table, row, column, "reposts only", keys))
        elif keys and all(e.get("statemedia") == "yes" for e in entries):
            found.append((table, row, column, "state media only", keys))
    return pd.DataFrame(found, columns=["Table", "Row", "Column", "Weakness", "Sources"])

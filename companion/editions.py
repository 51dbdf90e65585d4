"""Editions of the book and what changed between them, computed from stored data.

Each edition's evidence is kept: the current one is ``data/``, earlier ones are frozen
copies in ``editions/<edition>/`` (its ``claims.csv``, ``events.csv`` and ``sources.csv``,
the bibliography's keys and addresses). ``editions/editions.csv`` lists the editions in
order; ``editions/reasons.csv`` holds, for each edition, one reason per changed verdict or
event, written by hand. What changed is computed by comparing an edition's evidence with
the one before it; only the reasons are written, and a change without one is an error, so
no verdict changes silently. The current edition's number is ``version`` in
``CITATION.cff``, the one place it is set.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from companion.evidence.bibfile import read_bib_file
from companion.paths import DataError, find_bib_file, find_data_dir
from companion.vocabulary import labels

#: The verdict fields a reader may have cited; a change of any is listed.
VERDICT_FIELDS = ("verdict_2013", "verdict_2025")
#: Event fields whose change is a correction of the record.
EVENT_FIELDS = ("date", "date_precision", "end_date")


def root() -> Path:
    """The book's folder (the parent of ``data/``)."""
    return find_data_dir().parent


def current_edition(book: Path | None = None) -> str:
    """The edition number, read from ``version:`` in CITATION.cff."""
    path = (book or root()) / "CITATION.cff"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("version:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    raise DataError(str(path), "there is no top-level 'version:' line giving the edition.",
                    hint="Add one, for example version: 0.2.0.")


def editions(book: Path | None = None) -> pd.DataFrame:
    """The editions, oldest first, with their release dates and where their data is. The
    last must be the current edition, kept in ``data``."""
    book = book or root()
    path = book / "editions" / "editions.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if table.empty or table.iloc[-1].edition != current_edition(book):
        last = "" if table.empty else table.iloc[-1].edition
        raise DataError(str(path), f"the last edition listed is not the current one "
                        f"({current_edition(book)} in CITATION.cff).", row=len(table),
                        column="edition", value=last,
                        hint="List each edition once, oldest first, ending with the current.")
    if table.iloc[-1].snapshot != "data":
        raise DataError(str(path), "the current edition's evidence is data/.",
                        row=len(table), column="snapshot", value=table.iloc[-1].snapshot)
    return table


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def evidence_of(snapshot: str, book: Path | None = None) -> dict[str, pd.DataFrame]:
    """An edition's claims, events and sources (key and address), from its snapshot
    folder, or from ``data/`` and ``references.bib`` for the current edition."""
    book = book or root()
    if snapshot != "data":
        folder = book / snapshot
        return {name: _read(folder / f"{name}.csv") for name in ("claims", "events",
                                                                 "sources")}
    data = book / "data"
    return {"claims": _read(data / "claims.csv"), "events": _read(data / "events.csv"),
            "sources": bib_sources(find_bib_file(data))}


def bib_sources(bib_file: Path) -> pd.DataFrame:
    """Every entry's key and url in a BibTeX file (the reading the loader shares)."""
    entries = read_bib_file(bib_file, str(bib_file)).data.entries
    return pd.DataFrame({"key": list(entries),
                         "url": [entries[k].fields.get("url", "") for k in entries]})


def verdict_changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Claims present in both editions whose verdict at a horizon differs: claim, para,
    horizon, old and new verdict."""
    before, after = old.set_index("claim_id"), new.set_index("claim_id")
    rows = []
    for claim in after.index.intersection(before.index, sort=False):
        for field in VERDICT_FIELDS:
            was, now = before.at[claim, field], after.at[claim, field]
            if was != now:
                rows.append({"claim_id": claim, "para": after.at[claim, "para"],
                             "horizon": field.removeprefix("verdict_"), "old": was,
                             "new": now})
    return pd.DataFrame(rows, columns=["claim_id", "para", "horizon", "old", "new"])


def added_and_removed(old: pd.DataFrame, new: pd.DataFrame, key: str) -> tuple[list, list]:
    """Ids only in the new edition, and ids only in the old, each in file order."""
    before, after = list(old[key]), list(new[key])
    return ([i for i in after if i not in set(before)],
            [i for i in before if i not in set(after)])


def event_corrections(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Events in both editions whose date, precision or end date changed."""
    before, after = old.set_index("event_id"), new.set_index("event_id")
    rows = []
    for event in after.index.intersection(before.index, sort=False):
        changed = [f for f in EVENT_FIELDS if before.at[event, f] != after.at[event, f]]
        if changed:
            rows.append({"event_id": event, "title": after.at[event, "title"],
                         "old": _when(before.loc[event]), "new": _when(after.loc[event])})
    return pd.DataFrame(rows, columns=["event_id", "title", "old", "new"])


def _when(event) -> str:
    end = f" to {event.end_date}" if event.end_date else ""
    return f"{event.date} ({event.date_precision}){end}"


def source_changes(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, list[str]]:
    """Bibliography keys added, removed, and kept with a new address."""
    added, removed = added_and_removed(old, new, "key")
    urls = dict(zip(old.key, old.url, strict=True))
    moved = [k for k, u in zip(new.key, new.url, strict=True) if k in urls and urls[k] != u]
    return {"added": added, "removed": removed, "moved": moved}


def changes(edition: str, book: Path | None = None) -> dict:
    """What changed in ``edition`` against the one before it."""
    book = book or root()
    table = editions(book)
    if edition not in set(table.edition):
        raise ValueError(f"no edition {edition!r} in editions/editions.csv; the editions "
                         f"are {', '.join(table.edition)}")
    index = list(table.edition).index(edition)
    if index == 0:
        raise ValueError(f"{edition} is the first edition: there is nothing to compare it with")
    old = evidence_of(table.iloc[index - 1].snapshot, book)
    new = evidence_of(table.iloc[index].snapshot, book)
    claims_added, claims_removed = added_and_removed(old["claims"], new["claims"], "claim_id")
    events_added, events_removed = added_and_removed(old["events"], new["events"], "event_id")
    return {"edition": edition, "previous": table.iloc[index - 1].edition,
            "verdicts": verdict_changes(old["claims"], new["claims"]),
            "claims_added": claims_added, "claims_removed": claims_removed,
            "events_added": events_added, "events_removed": events_removed,
            "events_corrected": event_corrections(old["events"], new["events"]),
            "sources": source_changes(old["sources"], new["sources"])}


def reasons(edition: str, book: Path | None = None) -> dict[tuple[str, str], str]:
    """(item, id) -> the reason written for a change in ``edition``."""
    path = (book or root()) / "editions" / "reasons.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["item"], r["id"]): r["reason"] for r in csv.DictReader(handle)
                if r["edition"] == edition}


def unexplained(found: dict, given: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """The changed verdicts, removed claims and added, removed or corrected events of
    ``found`` (from :func:`changes`) that have no reason in ``given``."""
    needed = [("claim", c) for c in dict.fromkeys(found["verdicts"].claim_id)]
    needed += [("claim", c) for c in found["claims_removed"]]
    needed += [("event", e) for e in found["events_corrected"].event_id]
    needed += [("event", e) for e in found["events_added"] + found["events_removed"]]
    return [item for item in needed if not given.get(item, "").strip()]


def check_reasons(edition: str, book: Path | None = None) -> None:
    """Stop with one message if a change in ``edition`` has no reason."""
    book = book or root()
    missing = unexplained(changes(edition, book), reasons(edition, book))
    if missing:
        item, ident = missing[0]
        raise DataError(str(book / "editions" / "reasons.csv"),
                        f"the {item} {ident!r} changed in edition {edition} and no reason "
                        f"is given ({len(missing)} change(s) without one).",
                        column="reason", value=ident,
                        hint=f"Add a row: {edition},{item},{ident},<why it changed>.")


# ---- the "What changed" page ------------------------------------------------------------


def _verdict_label(code: str) -> str:
    """A verdict as readers see it; a code no longer in the schema keeps its words."""
    return labels("claims", "verdict_2013").get(code, code.replace("_", " "))


def edition_table(book: Path | None = None) -> pd.DataFrame:
    """The editions, newest first, with their release dates and what each brought."""
    table = editions(book)
    return pd.DataFrame({"Edition": table.edition, "Released": table.released,
                         "What it brought": table.summary}).iloc[::-1].reset_index(drop=True)


def verdict_table(edition: str, book: Path | None = None) -> pd.DataFrame:
    """Each verdict that changed in ``edition``: claim, paragraph, the horizons at which it
    changed (one row where both changed alike), the old and the new verdict, and the
    reason (stops if a reason is missing)."""
    check_reasons(edition, book)
    found, why = changes(edition, book), reasons(edition, book)
    rows = found["verdicts"]
    merged = (rows.groupby(["claim_id", "para", "old", "new"], sort=False)["horizon"]
              .agg(" and ".join).reset_index())
    return pd.DataFrame({
        "Claim": merged.claim_id, "¶": merged.para.map(lambda p: f"¶{p}"),
        "Horizon": merged.horizon, "Was": merged.old.map(_verdict_label),
        "Now": merged.new.map(_verdict_label),
        "Why": merged.claim_id.map(lambda c: why[("claim", c)]),
    }).reset_index(drop=True)


def event_table(edition: str, book: Path | None = None) -> pd.DataFrame:
    """Events added, removed or corrected in ``edition``, with the reason for each."""
    check_reasons(edition, book)
    found, why = changes(edition, book), reasons(edition, book)
    rows = [{"Event": e, "Change": "added", "Why": why[("event", e)]}
            for e in found["events_added"]]
    rows += [{"Event": e, "Change": "removed", "Why": why[("event", e)]}
             for e in found["events_removed"]]
    rows += [{"Event": r.event_id, "Change": f"date {r.old} → {r.new}",
              "Why": why[("event", r.event_id)]}
             for r in found["events_corrected"].itertuples()]
    return pd.DataFrame(rows, columns=["Event", "Change", "Why"])


def claims_added_table(edition: str, book: Path | None = None) -> pd.DataFrame:
    """The claims of the column first recorded in ``edition``, in the column's order."""
    found = changes(edition, book)
    claims = evidence_of("data", book or root())["claims"].set_index("claim_id")
    added = claims.loc[found["claims_added"]].reset_index()
    added = added.assign(_para=added.para.astype(int)).sort_values(["_para", "claim_id"])
    return pd.DataFrame({"Claim": added.claim_id, "¶": added.para.map(lambda p: f"¶{p}"),
                         "What the column says": added.claim}).reset_index(drop=True)


def source_summary(edition: str, book: Path | None = None) -> str:
    """One sentence on the bibliography: entries added, removed and given a new address."""
    found = changes(edition, book)["sources"]
    parts = [f"{len(found['added'])} entries added"]
    parts.append(f"{len(found['removed'])} removed" + (
        f" ({', '.join(found['removed'])})" if found["removed"] else ""))
    parts.append(f"{len(found['moved'])} given a new address" + (
        f" ({', '.join(found['moved'])})" if found["moved"] else ""))
    previous = changes(edition, book)["previous"]
    return f"Against edition {previous}, the bibliography has " + ", ".join(parts) + "."

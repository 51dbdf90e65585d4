"""Editions on a synthetic book: what changed is computed, and a change needs a reason."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from companion import DataError
from companion.editions import (
    changes,
    check_reasons,
    current_edition,
    editions,
    reasons,
    unexplained,
)

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = "claim_id,para,verdict_2013,verdict_2025\n"
EVENTS = "event_id,date,date_precision,end_date,title\n"
BIB = "@misc{{{key}, title = {{T}}, url = {{{url}}}}}\n"


def book(tmp_path: Path, *, claims_new=None, events_new=None, reasons_rows=()) -> Path:
    """Edition 0.1.0 frozen in editions/0.1.0, edition 0.2.0 in data/."""
    old = tmp_path / "editions" / "0.1.0"
    old.mkdir(parents=True)
    (old / "claims.csv").write_text(CLAIMS + "a,1,borne_out,borne_out\nb,2,partly,partly\n",
                                    encoding="utf-8")
    (old / "events.csv").write_text(EVENTS + "x,2011-06,month,,X\ny,2012,year,,Y\n",
                                    encoding="utf-8")
    (old / "sources.csv").write_text("key,url\nk1,https://a\nk2,https://b\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "claims.csv").write_text(CLAIMS + (claims_new or "a,1,borne_out,borne_out\n"
                                               "b,2,partly,partly\n"), encoding="utf-8")
    (data / "events.csv").write_text(EVENTS + (events_new or "x,2011-06,month,,X\n"
                                               "y,2012,year,,Y\n"), encoding="utf-8")
    (data / "datapackage.json").write_text("{}", encoding="utf-8")
    (tmp_path / "references.bib").write_text(
        BIB.format(key="k1", url="https://a") + BIB.format(key="k3", url="https://c"),
        encoding="utf-8")
    (tmp_path / "CITATION.cff").write_text('cff-version: 1.2.0\nversion: "0.2.0"\n',
                                           encoding="utf-8")
    (tmp_path / "editions" / "editions.csv").write_text(
        "edition,released,snapshot,summary\n0.1.0,2026-01-01,editions/0.1.0,First.\n"
        "0.2.0,2026-02-01,data,Second.\n", encoding="utf-8")
    (tmp_path / "editions" / "reasons.csv").write_text(
        "edition,item,id,reason\n" + "".join(f"0.2.0,{i},{n},{r}\n" for i, n, r in reasons_rows),
        encoding="utf-8")
    return tmp_path


def test_the_edition_is_the_version_in_citation_cff(tmp_path):
    assert current_edition(book(tmp_path)) == "0.2.0"


def test_the_books_own_edition_list_ends_with_the_current_edition():
    assert editions(ROOT).iloc[-1].edition == current_edition(ROOT)


def test_an_edition_list_that_does_not_end_with_the_current_edition_is_refused(tmp_path):
    root = book(tmp_path)
    (root / "CITATION.cff").write_text("version: 0.3.0\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"editions.csv.*row 2.*0\.3\.0.*value: '0\.2\.0'|"
                                        r"editions.csv.*0\.3\.0"):
        editions(root)


def test_nothing_changed_means_no_changes(tmp_path):
    found = changes("0.2.0", book(tmp_path))
    assert found["verdicts"].empty and found["events_corrected"].empty
    assert found["claims_added"] == found["events_added"] == []


def test_a_changed_verdict_is_listed_with_both_verdicts_and_its_horizon(tmp_path):
    found = changes("0.2.0", book(tmp_path, claims_new="a,1,borne_out,partly\n"
                                                      "b,2,not_borne_out,partly\n"))
    assert found["verdicts"].to_dict("records") == [
        {"claim_id": "a", "para": "1", "horizon": "2025", "old": "borne_out", "new": "partly"},
        {"claim_id": "b", "para": "2", "horizon": "2013", "old": "partly",
         "new": "not_borne_out"}]


def test_claims_and_events_added_removed_and_corrected_are_found(tmp_path):
    found = changes("0.2.0", book(tmp_path, claims_new="a,1,borne_out,borne_out\n"
                                                       "c,3,partly,partly\n",
                                  events_new="x,2011-06-09,day,,X\nz,2013,year,,Z\n"))
    assert (found["claims_added"], found["claims_removed"]) == (["c"], ["b"])
    assert (found["events_added"], found["events_removed"]) == (["z"], ["y"])
    corrected = found["events_corrected"].to_dict("records")
    assert corrected == [{"event_id": "x", "title": "X", "old": "2011-06 (month)",
                          "new": "2011-06-09 (day)"}]


def test_sources_added_removed_and_moved_are_found(tmp_path):
    root = book(tmp_path)
    (root / "references.bib").write_text(BIB.format(key="k1", url="https://a2")
                                         + BIB.format(key="k3", url="https://c"),
                                         encoding="utf-8")
    assert changes("0.2.0", root)["sources"] == {"added": ["k3"], "removed": ["k2"],
                                                 "moved": ["k1"]}


def test_a_verdict_changed_without_a_reason_stops_with_the_claim_named(tmp_path):
    root = book(tmp_path, claims_new="a,1,borne_out,partly\nb,2,partly,partly\n")
    with pytest.raises(DataError, match=r"reasons.csv.*the claim 'a' changed in edition "
                                        r"0\.2\.0 and no reason is given"):
        check_reasons("0.2.0", root)


def test_a_reason_for_each_change_satisfies_the_check(tmp_path):
    root = book(tmp_path, claims_new="a,1,borne_out,partly\nb,2,partly,partly\n",
                events_new="x,2011-06-09,day,,X\ny,2012,year,,Y\n",
                reasons_rows=[("claim", "a", "New evidence."), ("event", "x", "The day.")])
    check_reasons("0.2.0", root)
    assert reasons("0.2.0", root) == {("claim", "a"): "New evidence.",
                                      ("event", "x"): "The day."}


def test_an_empty_reason_does_not_count(tmp_path):
    root = book(tmp_path, claims_new="a,1,borne_out,partly\nb,2,partly,partly\n",
                reasons_rows=[("claim", "a", " ")])
    assert unexplained(changes("0.2.0", root), reasons("0.2.0", root)) == [("claim", "a")]


def test_the_first_edition_has_nothing_to_compare_with(tmp_path):
    with pytest.raises(ValueError, match="first edition"):
        changes("0.1.0", book(tmp_path))


def test_every_change_of_the_books_current_edition_has_a_reason():
    check_reasons(current_edition(ROOT), ROOT)


def test_changing_a_verdict_of_the_book_without_a_reason_fails(tmp_path):
    for part in ("editions", "data"):
        shutil.copytree(ROOT / part, tmp_path / part)
    for name in ("references.bib", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    claims = pd.read_csv(tmp_path / "data" / "claims.csv", dtype=str, keep_default_na=False)
    first = claims.claim_id[0]
    claims.loc[0, "verdict_2025"] = ("not_borne_out" if claims.verdict_2025[0] != "not_borne_out"
                                     else "borne_out")
    claims.to_csv(tmp_path / "data" / "claims.csv", index=False)
    with pytest.raises(DataError, match=f"the claim '{first}' changed"):
        check_reasons(current_edition(tmp_path), tmp_path)


def test_the_verdict_table_merges_horizons_that_changed_alike_and_gives_the_reason(tmp_path):
    from companion.editions import verdict_table

    root = book(tmp_path, claims_new="a,1,partly,partly\nb,2,partly,not_borne_out\n",
                reasons_rows=[("claim", "a", "Narrower."), ("claim", "b", "Later news.")])
    table = verdict_table("0.2.0", root)
    assert table.to_dict("records") == [
        {"Claim": "a", "¶": "¶1", "Horizon": "2013 and 2025", "Was": "borne out",
         "Now": "partly", "Why": "Narrower."},
        {"Claim": "b", "¶": "¶2", "Horizon": "2025", "Was": "partly",
         "Now": "not borne out", "Why": "Later news."}]


def test_the_event_table_says_what_happened_to_each_event_and_why(tmp_path):
    from companion.editions import event_table

    root = book(tmp_path, events_new="x,2011-06-09,day,,X\nz,2013,year,,Z\n",
                reasons_rows=[("event", "x", "The day."), ("event", "y", "Wrong."),
                              ("event", "z", "New.")])
    table = event_table("0.2.0", root)
    assert list(zip(table.Event, table.Change, table.Why, strict=True)) == [
        ("z", "added", "New."), ("y", "removed", "Wrong."),
        ("x", "date 2011-06 (month) → 2011-06-09 (day)", "The day.")]


def test_the_books_changelog_lists_every_verdict_that_differs_from_the_first_edition():
    from companion.editions import _verdict_label, verdict_table

    old = pd.read_csv(ROOT / "editions" / "0.1.0" / "claims.csv", dtype=str,
                      keep_default_na=False).set_index("claim_id")
    new = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str,
                      keep_default_na=False).set_index("claim_id")
    expected = {(c, h, _verdict_label(old.at[c, f"verdict_{h}"]),
                 _verdict_label(new.at[c, f"verdict_{h}"]))
                for c in old.index.intersection(new.index) for h in ("2013", "2025")
                if old.at[c, f"verdict_{h}"] != new.at[c, f"verdict_{h}"]}
    table = verdict_table("0.2.0", ROOT)
    listed = {(r.Claim, h, r.Was, r.Now) for r in table.itertuples()
              for h in r.Horizon.split(" and ")}
    assert listed == expected and expected

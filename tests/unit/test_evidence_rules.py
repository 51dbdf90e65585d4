"""Rules of the data contract that cut across tables, and the quality of the sources."""

import re
from pathlib import Path

import companion
from companion.bib import bib_entry, bib_keys
from companion.sources import source_cells

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]


def test_sections_cover_each_paragraph_exactly_once():
    sections = companion.load_table("sections")
    covered = [p for s in sections.itertuples() for p in range(s.first_para, s.last_para + 1)]
    assert sorted(covered) == list(range(1, 13))
    column = companion.load_table("column").set_index("para")
    for s in sections.itertuples():
        for p in range(s.first_para, s.last_para + 1):
            assert column.loc[p, "section"] == s.section, f"¶{p}"


def test_summaries_are_short_own_words():
    for row in companion.load_table("column").itertuples():
        assert len(row.summary.split()) <= 60, f"¶{row.para} summary too long"


def cited_in_book():
    keys = set()
    for path in (ROOT / "book").rglob("*"):
        if path.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in path.parts:
            for match in re.finditer(r"\{cite(?::[pt])?\}`([^`]*)`", path.read_text("utf-8")):
                keys |= {k.strip() for k in match.group(1).split(",")}
    return keys


def test_every_bib_entry_has_a_url_and_is_used_by_a_row_or_a_page():
    ev = companion.load()
    used = {k for *_, keys in source_cells(ev) for k in keys} | cited_in_book()
    for key in bib_keys():
        assert bib_entry(key)["url"].startswith(("http://", "https://")), key
    assert bib_keys() - used - {"lukyanov2011"} == set(), "unused bibliography entries"
    assert cited_in_book() - bib_keys() == set()


def test_positions_cover_core_actors_at_the_three_moments():
    positions = companion.load_table("positions")
    for moment in ("2010-11-20", "2011-06-08", "2012-05-20"):
        actors = set(positions[positions.as_of == moment].actor_id)
        assert {"nato", "obama_admin"} <= actors, moment

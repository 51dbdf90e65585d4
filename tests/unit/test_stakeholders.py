import csv
import math
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import companion
from companion.figures import save, svg_text
from companion.stakeholders import (
    SNAPSHOTS,
    SYMBOLS,
    cells_drawn,
    evidence_table,
    label_overlaps,
    matrix,
    position_matrices,
    position_matrix,
    positions_at,
    power_interest,
    section_slice,
)

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ev():
    return companion.load()


def write_positions(data_dir, rows):
    path = data_dir / "positions.csv"
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for actor, proposal, as_of, position in rows:
            writer.writerow([actor, proposal, as_of, position, "Test row.", "", "lukyanov2011"])


def test_latest_position_holds_until_replaced_and_lapses(scratch_data):
    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2010-11-20", 0),
        ("nato", "sectoral_joint_system", "2011-06-08", -2),
        ("putin", "gabala_joint_use", "2007-06-07", 2),
        ("china", "thaad_korea", "2017-07", -2),
    ])
    ev = companion.load(scratch_data)
    at = {d: matrix(d, evidence=ev) for d in ("2011-01-01", "2011-06-08", "2009-01-01",
                                               "2017-07-15", "2017-08-01")}
    assert at["2011-01-01"].loc["nato", "sectoral_joint_system"] == 0
    assert at["2011-06-08"].loc["nato", "sectoral_joint_system"] == -2
    assert at["2009-01-01"].loc["putin", "gabala_joint_use"] == 2
    # Three years on, the 2007 position has lapsed rather than carrying on silently.
    assert math.isnan(at["2011-06-08"].loc["putin", "gabala_joint_use"])
    # A month-dated row counts from the end of its month.
    assert math.isnan(at["2017-07-15"].loc["china", "thaad_korea"])
    assert at["2017-08-01"].loc["china", "thaad_korea"] == -2


@pytest.mark.parametrize("label,date", SNAPSHOTS)
def test_cells_drawn_equal_the_data_and_missing_cells_look_missing(ev, label, date):
    grid = matrix(date, evidence=ev)
    fig = position_matrix(date, evidence=ev)
    drawn = cells_drawn(fig)
    kept = grid.dropna(how="all").dropna(axis=1, how="all")
    expected = {(a, p): "missing" if math.isnan(v) else SYMBOLS[int(v)]
                for a, row in kept.iterrows() for p, v in row.items()}
    assert drawn == expected
    assert "missing" in drawn.values()


def test_a_matrix_shows_only_actors_and_proposals_with_a_position_and_names_the_rest(
        scratch_data):
    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2011-06-08", -2),
        ("medvedev", "legal_guarantees", "2011-06-08", 2),
        ("china", "thaad_korea", "2016-07-08", -2),
    ])
    ev = companion.load(scratch_data)
    fig = position_matrix("2011-06-08", evidence=ev)
    assert fig.shown == {"actors": ["medvedev", "nato"],
                         "proposals": ["sectoral_joint_system", "legal_guarantees"]}
    assert fig.left_out == {"actors": ["China"], "proposals": ["THAAD in South Korea"]}
    assert set(cells_drawn(fig).values()) == {"−−", "++", "missing"}


def test_small_multiples_share_one_actor_order_across_dates(scratch_data):
    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2011-06-08", -2),
        ("medvedev", "sectoral_joint_system", "2010-11-20", 2),
    ])
    ev = companion.load(scratch_data)
    fig = position_matrices(SNAPSHOTS[:2], evidence=ev)
    assert fig.shown["actors"] == ["medvedev", "nato"]
    assert cells_drawn(fig, "2010-11-20") == {("medvedev", "sectoral_joint_system"): "++",
                                              ("nato", "sectoral_joint_system"): "missing"}
    assert cells_drawn(fig, "2011-06-08") == {("medvedev", "sectoral_joint_system"): "++",
                                              ("nato", "sectoral_joint_system"): "\u2212\u2212"}


def test_every_cell_has_hover_text_with_position_evidence_and_sources(ev):
    fig = position_matrix("2011-06-08", evidence=ev)
    svg = ET.fromstring(svg_text(fig))
    cells = {g.get("id"): g for g in svg.iter(f"{NS}g") if g.get("id", "").startswith("cell--")}
    assert len(cells) == len(cells_drawn(fig))
    titles = {gid: g.find(f"{NS}title").text for gid, g in cells.items()}
    nato = titles["cell--nato--sectoral_joint_system--2011-06-08"]
    assert nato.startswith("NATO as an alliance on Sectoral joint system, 8 June 2011: "
                           "strongly against (-2)")
    assert "Insisted on two independent systems" in nato and "Sources: " in nato
    empty = titles["cell--european_allies--legal_guarantees--2011-06-08"]
    assert empty.endswith("no position recorded.")


def test_headers_fit_their_column_and_row_labels_are_whole(ev):
    fig = position_matrices(evidence=ev)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    group = ax.transData.transform((3, 0))[0] - ax.transData.transform((0, 0))[0]
    headers = [t for t in ax.texts if (t.get_gid() or "").startswith("header-")]
    assert headers and all(t.get_window_extent(renderer).width <= group for t in headers)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    names = ev.actors.set_index("actor_id")["name"]
    assert labels == [names[a] for a in fig.shown["actors"]]
    assert all(t.get_window_extent(renderer).x0 >= 0 for t in ax.get_yticklabels())


def test_matrix_agrees_with_the_rows_in_force(ev):
    held = positions_at("2011-06-08", ev)
    grid = matrix("2011-06-08", evidence=ev)
    assert grid.notna().sum().sum() == len(held)
    for row in held.itertuples():
        assert grid.loc[row.actor_id, row.proposal_id] == row.position


def test_unknown_ids_are_refused(ev):
    with pytest.raises(ValueError, match="unknown actor id.*nobody"):
        matrix("2011-06-08", actors=["nobody"], evidence=ev)


def test_power_interest_places_every_actor_without_overlap(ev):
    fig = power_interest(evidence=ev)
    labelled = {t.get_gid()[6:] for t in fig.axes[0].texts
                if (t.get_gid() or "").startswith("label-")}
    assert fig.unplaced_labels == []
    assert labelled == set(ev.actors.actor_id)
    assert label_overlaps(fig) == []


def test_evidence_table_carries_sources_and_paragraphs(ev):
    table = evidence_table("2011-06-08", actors=["rasmussen"], evidence=ev)
    assert set(table.Actor) == {"Anders Fogh Rasmussen"}
    assert all(len(s) >= 1 for s in table.Sources)
    assert len(table) == len(positions_at("2011-06-08", ev).query("actor_id == 'rasmussen'"))


def test_section_slice_stays_inside_the_section(ev):
    actors, proposals = section_slice("separate_but_linked", ev)
    paras = {5, 6}
    for actor in actors:
        own = ev.actors.set_index("actor_id").loc[actor, "paras"]
        via = ev.positions[ev.positions.actor_id == actor].paras
        assert paras & set(own) or any(paras & set(p) for p in via)
    assert "separate_linked_systems" in proposals


def test_saved_matrix_is_byte_identical(ev, tmp_path):
    fig = position_matrix("2011-06-08", evidence=ev)
    first = [p.read_bytes() for p in save(fig, tmp_path / "a" / "m")]
    second = [p.read_bytes() for p in save(fig, tmp_path / "b" / "m")]
    assert first == second


def test_empty_as_of_gives_an_all_missing_matrix(ev):
    grid = matrix(pd.Timestamp("1990-01-01"), evidence=ev)
    assert grid.isna().all().all()


def test_actor_and_proposal_tables_keep_every_row(ev):
    from companion.stakeholders import actor_table, proposal_table

    assert len(actor_table(ev)) == len(ev.actors)
    assert list(proposal_table(ev).Proposal) == list(ev.proposals.title)


def test_the_caption_note_names_what_is_left_out():
    from companion.stakeholders import left_out_note

    assert left_out_note({"actors": ["A", "B"], "proposals": []}) == (
        "Left out, with no position in force at this date: the actors A, B.")
    assert left_out_note({"actors": [], "proposals": ["P"]}, 3) == (
        "Left out, with no position in force at any of these dates: the proposals P.")
    assert left_out_note({"actors": [], "proposals": []}) == (
        "Every actor and proposal of this selection has a position at this date.")

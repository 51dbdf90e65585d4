import csv
import math

import pandas as pd
import pytest

import companion
from companion.figures import save
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
    drawn = cells_drawn(position_matrix(date, evidence=ev))
    expected = {(a, p): "missing" if math.isnan(v) else SYMBOLS[int(v)]
                for a, row in grid.iterrows() for p, v in row.items()}
    assert drawn == expected
    assert "missing" in drawn.values() and any(s == "0" for s in drawn.values())


def test_matrix_agrees_with_the_rows_in_force(ev):
    held = positions_at("2011-06-08", ev)
    grid = matrix("2011-06-08", evidence=ev)
    assert grid.notna().sum().sum() == len(held)
    for row in held.itertuples():
        assert grid.loc[row.actor_id, row.proposal_id] == row.position


def test_small_multiples_draw_one_panel_per_date(ev):
    fig = position_matrices(evidence=ev)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == [label for label, _ in SNAPSHOTS]


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

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
        # An actor with no term of office: only the three-year lapse applies.
        ("russian_military", "gabala_joint_use", "2007-06-07", 2),
        ("china", "thaad_korea", "2017-07", -2),
    ])
    ev = companion.load(scratch_data)
    at = {d: matrix(d, evidence=ev) for d in ("2011-01-01", "2011-06-08", "2009-01-01",
                                               "2017-07-15", "2017-08-01")}
    assert at["2011-01-01"].loc["nato", "sectoral_joint_system"] == 0
    assert at["2011-06-08"].loc["nato", "sectoral_joint_system"] == -2
    assert at["2009-01-01"].loc["russian_military", "gabala_joint_use"] == 2
    # Three years on, the 2007 position has lapsed rather than carrying on silently.
    assert math.isnan(at["2011-06-08"].loc["russian_military", "gabala_joint_use"])
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


def test_cells_are_parted_by_white_gutters_and_missing_ones_are_hatched(scratch_data):
    """Two neighbouring cells of one colour must still read as two (a white gutter of
    1.5 pt), a missing cell must look unlike any position (white, hatched, a thin grey
    outline) and the symbol must stand out on its colour (bold, 9.5 pt)."""
    from matplotlib.colors import to_rgba

    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2011-06-08", -2),
        ("medvedev", "sectoral_joint_system", "2010-11-20", 2),
    ])
    fig = position_matrices(SNAPSHOTS[:2], evidence=companion.load(scratch_data))
    patches = {p.get_gid(): p for p in fig.axes[0].patches if p.get_gid()}
    filled = patches["cell--medvedev--sectoral_joint_system--2010-11-20"]
    assert (filled.get_edgecolor(), filled.get_linewidth()) == (to_rgba("white"), 1.5)
    missing = patches["cell--nato--sectoral_joint_system--2010-11-20"]
    assert missing.get_facecolor() == to_rgba("white") and missing.get_hatch() == "////"
    assert (missing.get_edgecolor(), missing.get_linewidth()) == (to_rgba("#bbbbbb"), 0.5)
    symbols = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("symbol--")]
    assert len(symbols) == 3
    assert {(t.get_fontweight(), t.get_fontsize()) for t in symbols} == {("bold", 9.5)}


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


# ---- boundaries and layouts worked by hand ---------------------------------------------

@pytest.mark.parametrize("when,held", [("2008-06-07", False), ("2008-06-08", True),
                                       ("2011-06-07", True), ("2011-06-08", False)])
def test_a_position_holds_from_its_day_and_lapses_three_years_on(scratch_data, when, held):
    write_positions(scratch_data, [("nato", "sectoral_joint_system", "2008-06-08", 1)])
    ev = companion.load(scratch_data)
    rows = positions_at(when, ev)
    assert len(rows) == (1 if held else 0)


def test_a_replacing_row_counts_from_its_own_day_and_positions_are_one_per_pair(
        scratch_data):
    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2011-06-08", -2),
        ("nato", "sectoral_joint_system", "2010-11-20", 0),
        ("medvedev", "sectoral_joint_system", "2010-11", 2),
        ("medvedev", "legal_guarantees", "2010-11-20", 1),
    ])
    ev = companion.load(scratch_data)
    before = positions_at("2011-06-07", ev)
    assert before[["actor_id", "proposal_id", "position"]].values.tolist() == [
        ["medvedev", "legal_guarantees", 1], ["medvedev", "sectoral_joint_system", 2],
        ["nato", "sectoral_joint_system", 0]]
    assert positions_at("2011-06-08", ev).position.tolist() == [1, 2, -2]
    # The month-dated row holds from 30 November, not 1 November.
    assert positions_at("2010-11-29", ev).actor_id.tolist() == ["medvedev", "nato"]
    assert positions_at("2010-11-30", ev).actor_id.tolist() == ["medvedev"] * 2 + ["nato"]


def test_matrix_rows_and_columns_follow_the_data_files_order(scratch_data):
    write_positions(scratch_data, [
        ("nato", "legal_guarantees", "2011-06-08", -1),
        ("medvedev", "sectoral_joint_system", "2011-06-08", 2),
    ])
    ev = companion.load(scratch_data)
    grid = matrix("2011-06-08", evidence=ev)
    actor_order = [a for a in ev.actors.actor_id if a in {"nato", "medvedev"}]
    proposal_order = [p for p in ev.proposals.proposal_id
                      if p in {"legal_guarantees", "sectoral_joint_system"}]
    assert list(grid.index) == actor_order and list(grid.columns) == proposal_order
    assert grid.loc["nato", "legal_guarantees"] == -1
    assert math.isnan(grid.loc["nato", "sectoral_joint_system"])
    chosen = matrix("2011-06-08", actors=["nato"], proposals=["legal_guarantees"], evidence=ev)
    assert chosen.shape == (1, 1) and chosen.iloc[0, 0] == -1
    with pytest.raises(ValueError, match=r"unknown proposal id\(s\) \['nothing'\]; see "
                                         r"data/proposals.csv"):
        matrix("2011-06-08", proposals=["nothing"], evidence=ev)


def test_cells_sit_in_proposal_groups_with_one_column_per_date_and_a_gap(scratch_data):
    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2010-11-20", -1),
        ("nato", "legal_guarantees", "2010-11-20", 2),
        ("medvedev", "legal_guarantees", "2011-06-08", -2),
    ])
    ev = companion.load(scratch_data)
    fig = position_matrices(SNAPSHOTS[:2], evidence=ev)
    ax = fig.axes[0]
    cells = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("cell--")}
    rows, cols = fig.shown["actors"], fig.shown["proposals"]
    assert len(cells) == len(rows) * len(cols) * 2
    for r, actor in enumerate(rows):
        for c, proposal in enumerate(cols):
            for k, (_, when) in enumerate(SNAPSHOTS[:2]):
                patch = cells[f"cell--{actor}--{proposal}--{when}"]
                assert (patch.get_x(), patch.get_y()) == (c * 2.2 + k, r)
    filled = cells[f"cell--nato--legal_guarantees--{SNAPSHOTS[0][1]}"]
    assert filled.get_facecolor()[:3] == pytest.approx((0x5e / 255, 0x3c / 255, 0x99 / 255))
    empty = cells[f"cell--medvedev--legal_guarantees--{SNAPSHOTS[0][1]}"]
    assert empty.get_hatch() == "////" and empty.get_facecolor()[:3] == (1, 1, 1)
    symbols = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("symbol")}
    strong = [t for t in symbols.values() if t.get_text() in ("++", "\u2212\u2212")]
    assert strong and all(t.get_color() == "white" for t in strong)
    dates = sorted(t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("date-"))
    assert dates == sorted(["Nov 2010", "Jun 2011"] * len(cols))
    assert ax.get_xlim() == pytest.approx((-0.05, (len(cols) - 1) * 2.2 + 2 + 0.05))


def test_a_cell_hover_spells_out_position_date_evidence_and_short_citation(scratch_data):
    write_positions(scratch_data, [("nato", "sectoral_joint_system", "2010-11", -1)])
    ev = companion.load(scratch_data)
    fig = position_matrix("2011-06-08", evidence=ev)
    svg = ET.fromstring(svg_text(fig))
    title = next(g.find(f"{NS}title").text for g in svg.iter(f"{NS}g")
                 if g.get("id") == "cell--nato--sectoral_joint_system--2011-06-08")
    from companion.bib import short_cite

    assert title == ("NATO as an alliance on Sectoral joint system, 8 June 2011: against "
                     f"(-1), coded from a position of 2010-11. Test row. Sources: "
                     f"{short_cite('lukyanov2011')}.")


def test_legend_lists_the_five_codes_then_the_missing_cell():
    from companion.stakeholders import MEANINGS

    fig = position_matrix("2011-06-08")
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == [f"{SYMBOLS[v]}  {MEANINGS[v]}" for v in (-2, -1, 0, 1, 2)] + [
        "no recorded position"]


def test_actors_sharing_a_score_are_spread_on_a_ring_and_a_lone_one_is_not():
    from companion.stakeholders import _spread

    table = pd.DataFrame({
        "actor_id": ["a", "b", "c"], "name": ["A", "B", "C"], "in_column": ["named"] * 3,
        "rationale": ["r"] * 3, "interest": [5, 5, 2], "influence": [4, 4, 1]})
    points = _spread(table).set_index("actor_id")
    assert (points.loc["c", "x"], points.loc["c", "y"]) == (2, 1)
    a, b = points.loc["a"], points.loc["b"]
    assert math.hypot(a.x - 5, a.y - 4) == pytest.approx(0.22)
    assert math.hypot(b.x - 5, b.y - 4) == pytest.approx(0.22)
    assert (a.x + b.x) / 2 == pytest.approx(5) and (a.y + b.y) / 2 == pytest.approx(4)
    assert a.x > 5 and a.y > 4


def test_power_interest_draws_each_actor_at_its_scores_with_its_kind_of_marker(ev):
    fig = power_interest(actors=["nato", "medvedev"], evidence=ev, title="Two")
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.lines
             if (line.get_gid() or "").startswith("actor-")}
    assert set(lines) == {"actor-nato", "actor-medvedev"}
    actors = ev.actors.set_index("actor_id")
    for actor in ("nato", "medvedev"):
        x, y = lines[f"actor-{actor}"].get_xdata()[0], lines[f"actor-{actor}"].get_ydata()[0]
        assert abs(x - actors.loc[actor, "interest"]) <= 0.22
        assert abs(y - actors.loc[actor, "influence"]) <= 0.22
        expected = {"named": "o", "implied": "s", "added": "^"}[actors.loc[actor, "in_column"]]
        assert lines[f"actor-{actor}"].get_marker() == expected
    quadrants = sorted(t.get_text() for t in ax.texts if t.get_gid() == "quadrant")
    assert quadrants == ["Keep informed", "Keep satisfied", "Key players", "Minimal effort"]
    assert ax.get_title(loc="left") == "Two"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "named in the column", "implied by it", "added by the book"]


def test_evidence_table_formats_codes_paragraphs_and_sorts(scratch_data):
    path = scratch_data / "positions.csv"
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    rows = [["nato", "sectoral_joint_system", "2011-06-08", "-1", "Later.", "6;7", "lukyanov2011"],
            ["nato", "sectoral_joint_system", "2010-11-20", "0", "Earlier.", "", "lukyanov2011"],
            ["medvedev", "sectoral_joint_system", "2010-11-20", "2", "For.", "5", "lukyanov2011"]]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([dict(zip(["actor_id", "proposal_id", "as_of", "position", "evidence",
                                    "paras", "sources"], r, strict=True))[h] for h in header]
                         for r in rows)
    ev = companion.load(scratch_data)
    table = evidence_table(evidence=ev)
    names = ev.actors.set_index("actor_id")["name"]
    assert list(table.Actor) == sorted([names["medvedev"], names["nato"], names["nato"]])
    nato = table[table.Actor == names["nato"]]
    assert list(nato["As of"]) == ["2010-11-20", "2011-06-08"]
    assert list(nato.Position) == ["0", "\u2212 (-1)"]
    assert list(nato["¶"]) == ["-", "6, 7"]
    assert table[table.Actor == names["medvedev"]].Position.item() == "++ (+2)"
    assert len(evidence_table("2011-06-08", evidence=ev)) == 2
    assert len(evidence_table(proposals=["legal_guarantees"], evidence=ev)) == 0
    assert table.attrs["source"] == "positions"


def test_section_slice_takes_actors_by_their_own_or_their_positions_paragraphs(scratch_data):
    path = scratch_data / "positions.csv"
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    rows = [{"actor_id": "china", "proposal_id": "thaad_korea", "as_of": "2017-07",
             "position": "-2", "evidence": "x", "paras": "12", "sources": "lukyanov2011"},
            {"actor_id": "nato", "proposal_id": "legal_guarantees", "as_of": "2011-06",
             "position": "-1", "evidence": "x", "paras": "", "sources": "lukyanov2011"}]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    ev = companion.load(scratch_data)
    section = ev.sections.set_index("section")
    last = section.index[section.last_para == 12][0]
    actors, proposals = section_slice(last, ev)
    assert "china" in actors and "thaad_korea" in proposals
    # An actor with no recorded position at all is never in a slice.
    assert set(actors) <= {"china", "nato"}


def actors_only(*rows):
    """An Evidence holding only actors: (actor_id, name, in_column, interest, influence)."""
    from companion.evidence import Evidence

    actors = pd.DataFrame([{"actor_id": a, "name": n, "in_column": k, "interest": i,
                            "influence": f, "rationale": f"Because {a}."}
                           for a, n, k, i, f in rows])
    empty = pd.DataFrame()
    return Evidence(sections=empty, column=empty, quotes=empty, actors=actors, proposals=empty,
                    positions=empty, events=empty, claims=empty, phases=empty, sites=empty)


GRID = [("a", "Alpha", "named", 5, 5), ("b", "Beta", "implied", 1, 1),
        ("c", "Gamma", "added", 2, 5), ("d", "Delta", "named", 5, 1)]


def test_power_interest_divides_the_grid_at_high_and_names_each_quadrant_inside_it():
    from companion.stakeholders import HIGH

    fig = power_interest(evidence=actors_only(*GRID))
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    dividers = [line for line in ax.lines if not line.get_gid()]
    assert sorted((tuple(line.get_xdata()), tuple(line.get_ydata())) for line in dividers) == [
        ((0, 1), (HIGH, HIGH)), ((HIGH, HIGH), (0, 1))]
    assert all(line.get_color() == "#888888" for line in dividers)
    plot = ax.get_window_extent(renderer)
    middle = ax.transData.transform((HIGH, HIGH))
    where = {}
    for text in (t for t in ax.texts if t.get_gid() == "quadrant"):
        box = text.get_window_extent(renderer)
        assert plot.x0 <= box.x0 and box.x1 <= plot.x1 and plot.y0 <= box.y0 <= plot.y1
        assert box.x1 < middle[0] or box.x0 > middle[0], text.get_text()
        where[text.get_text()] = ("right" if box.x0 > middle[0] else "left",
                                  "top" if box.y0 > middle[1] else "bottom")
    assert where == {"Key players": ("right", "top"), "Keep satisfied": ("left", "top"),
                     "Keep informed": ("right", "bottom"), "Minimal effort": ("left", "bottom")}


def test_power_interest_scales_marks_and_explains_every_actor():
    fig = power_interest(evidence=actors_only(*GRID))
    ax = fig.axes[0]
    assert list(ax.get_xticks()) == [1, 2, 3, 4, 5] and list(ax.get_yticks()) == [1, 2, 3, 4, 5]
    low, high = ax.get_xlim()
    assert low < 1 - 0.22 and 5 + 0.22 < high < 6
    low, high = ax.get_ylim()
    assert low < 1 - 0.22 and 5 + 0.22 < high < 6
    assert ax.get_xlabel() == "Interest: what the actor had at stake (1-5)"
    assert ax.get_ylabel() == "Influence: power over the outcome (1-5)"
    marks = {line.get_gid(): line for line in ax.lines if line.get_gid()}
    assert (marks["actor-a"].get_xdata()[0], marks["actor-a"].get_ydata()[0]) == (5, 5)
    assert marks["actor-a"].get_linestyle() == "None"
    colours = {line.get_markerfacecolor() for line in marks.values()}
    assert len(colours) == 3
    legend = ax.get_legend()
    for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
        kind = {"named in the column": "a", "implied by it": "b",
                "added by the book": "c"}[text.get_text()]
        assert handle.get_facecolor()[0][:3] == pytest.approx(
            __import__("matplotlib.colors").colors.to_rgb(marks[f"actor-{kind}"]
                                                          .get_markerfacecolor()))
    assert fig.hover_texts["actor-c"] == "Gamma: influence 5, interest 2 (1-5). Because c."
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert [t.get_text() for t in fig.texts if t.get_gid() == "source-line"] == [
        "Source: data/actors.csv (rationale and sources per actor)"]


def test_power_interest_fits_the_page_with_its_legend_under_the_grid():
    from companion.figures import PAGE_WIDTH, too_small_text

    fig = power_interest(evidence=actors_only(*GRID))
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert fig.get_figwidth() == PAGE_WIDTH and too_small_text(fig) == []
    page, plot = fig.bbox, ax.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < plot.y0 and legend.y0 >= page.y0 and legend.x1 <= page.x1
    assert not ax.get_legend().get_frame_on()
    everything = [t.get_window_extent(renderer) for t in [*ax.texts, ax.xaxis.label,
                                                        ax.yaxis.label, *fig.texts]]
    assert all(page.x0 <= b.x0 and b.x1 <= page.x1 and page.y0 <= b.y0 and b.y1 <= page.y1
               for b in everything)
    assert plot.y1 <= page.y1 and plot.x1 <= page.x1


def test_a_slice_takes_an_actor_or_proposal_by_its_own_paragraphs_alone(scratch_data):
    base = companion.load(scratch_data)
    def own(table, key, inside):
        return [row[key] for row in table.to_dict("records") if inside & set(row["paras"])]

    section, inside = next(
        (s, set(base.section_paras(s.section))) for s in base.sections.itertuples()
        if own(base.actors, "actor_id", set(base.section_paras(s.section)))
        and own(base.proposals, "proposal_id", set(base.section_paras(s.section))))
    actor = own(base.actors, "actor_id", inside)[0]
    proposal = own(base.proposals, "proposal_id", inside)[0]
    outside = next(p for p in range(1, 13) if p not in inside)
    path = scratch_data / "positions.csv"
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    other_proposal = next(p for p in base.proposals.proposal_id if p != proposal)
    rows = [{"actor_id": actor, "proposal_id": other_proposal, "as_of": "2011-06",
             "position": "1", "evidence": "x", "paras": str(outside),
             "sources": "lukyanov2011"}]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    ev = companion.load(scratch_data)
    actors, proposals = section_slice(section.section, ev)
    assert actors == [actor]
    assert proposal in proposals and other_proposal not in proposals


def test_power_interest_legend_shows_each_kind_with_its_own_marker_shape():
    from matplotlib.markers import MarkerStyle

    fig = power_interest(evidence=actors_only(*GRID))
    handles = fig.axes[0].get_legend().legend_handles
    drawn = [len(h.get_paths()[0].vertices) for h in handles]
    expected = [len(MarkerStyle(m).get_path().vertices) for m in ("o", "s", "^")]
    assert drawn == expected and len(set(drawn)) == 3


def test_power_interest_names_never_cover_an_actor_point():
    crowded = [(f"a{i}", f"Actor number {i}", "named", 1 + i % 5, 1 + (i // 5) % 5)
               for i in range(18)]
    fig = power_interest(evidence=actors_only(*crowded))
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    points = [ax.transData.transform((line.get_xdata()[0], line.get_ydata()[0]))
              for line in ax.lines if (line.get_gid() or "").startswith("actor-")]
    labels = [t.get_window_extent(renderer) for t in ax.texts
              if (t.get_gid() or "").startswith("label-")]
    assert len(labels) + len(fig.unplaced_labels) == 18 and len(points) == 18
    radius = 8 * fig.dpi / 72 / 2
    for box in labels:
        for x, y in points:
            assert not (box.x0 < x + radius and x - radius < box.x1
                        and box.y0 < y + radius and y - radius < box.y1)
    assert label_overlaps(fig) == []


def test_cells_are_unit_squares_and_only_strong_codes_are_written_in_white(scratch_data):
    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2011-06-08", -2),
        ("nato", "legal_guarantees", "2011-06-08", -1),
        ("medvedev", "sectoral_joint_system", "2011-06-08", 1),
    ])
    ev = companion.load(scratch_data)
    fig = position_matrix("2011-06-08", evidence=ev)
    ax = fig.axes[0]
    cells = [p for p in ax.patches if (p.get_gid() or "").startswith("cell--")]
    assert cells and all((p.get_width(), p.get_height()) == (1, 1) for p in cells)
    corners = {(p.get_x(), p.get_y()) for p in cells}
    assert len(corners) == len(cells)
    colours = {t.get_text(): t.get_color() for t in ax.texts
               if (t.get_gid() or "").startswith("symbol--")}
    assert colours == {"\u2212\u2212": "white", "\u2212": "#222222", "+": "#222222"}
    assert all(t.get_ha() == "center" and t.get_va() == "center" for t in ax.texts
               if (t.get_gid() or "").startswith("symbol--"))


def test_headers_sit_centred_over_their_group_above_the_dates_and_the_grid(scratch_data):
    write_positions(scratch_data, [
        ("nato", "sectoral_joint_system", "2010-11-20", -1),
        ("nato", "legal_guarantees", "2011-06-08", 2),
    ])
    ev = companion.load(scratch_data)
    for dates in (SNAPSHOTS[:2], SNAPSHOTS[1:2]):
        fig = position_matrices(dates, evidence=ev)
        ax = fig.axes[0]
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        grid_top = ax.get_window_extent(renderer).y1
        for c, proposal in enumerate(fig.shown["proposals"]):
            header = next(t for t in ax.texts if t.get_gid() == f"header-{proposal}")
            box = header.get_window_extent(renderer)
            group = [ax.transData.transform((c * (len(dates) + 0.2) + k, 0))[0]
                     for k in (0, len(dates))]
            assert box.x0 + box.width / 2 == pytest.approx(sum(group) / 2, abs=1)
            assert box.x0 >= group[0] - 1 and box.x1 <= group[1] + 1
            assert box.y0 >= grid_top and header.get_text()
            labels = [t for t in ax.texts if (t.get_gid() or "").startswith(f"date-{proposal}-")]
            assert len(labels) == (len(dates) if len(dates) > 1 else 0)
            for k, label in enumerate(labels):
                date_box = label.get_window_extent(renderer)
                centre = ax.transData.transform((c * (len(dates) + 0.2) + k + 0.5, 0))[0]
                assert date_box.x0 + date_box.width / 2 == pytest.approx(centre, abs=1)
                assert label.get_rotation() == 90 and date_box.height > date_box.width
                assert grid_top <= date_box.y0 and date_box.y1 <= box.y0


def test_a_single_matrix_takes_the_actors_and_proposals_asked_for_in_that_order(ev):
    fig = position_matrix("2011-06-08", actors=["nato", "medvedev"],
                          proposals=["sectoral_joint_system"], evidence=ev)
    assert fig.shown == {"actors": ["nato", "medvedev"], "proposals": ["sectoral_joint_system"]}
    only = position_matrix("2011-06-08", proposals=["sectoral_joint_system"], evidence=ev)
    assert only.shown["proposals"] == ["sectoral_joint_system"]


def test_small_pieces_note_wrap_and_positions_frame():
    from companion.stakeholders import _wrap, left_out_note

    assert left_out_note({"actors": ["A"], "proposals": ["P", "Q"]}) == (
        "Left out, with no position in force at this date: the actors A; the proposals P, Q.")
    # A name longer than the width stays whole rather than being cut mid-word.
    assert _wrap("Interoperability of systems", 10) == "Interoperability\nof systems"
    held = positions_at("2011-06-08")
    assert list(held.index) == list(range(len(held))) and "index" not in held.columns

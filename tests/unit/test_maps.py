"""Site maps: status on a date, markers that carry it, labels, hover text, size, offline."""

import copy
import re
from types import SimpleNamespace

import pytest
from shapely.geometry import Polygon

import companion
from companion.figures import svg_text, too_small_text
from companion.maps import (
    STATUS,
    _unwrap,
    boundaries_file,
    phase_table,
    site_map,
    site_status,
    site_table,
    sites_at,
    sites_for,
)


def site(planned="", operational="", cancelled=""):
    return SimpleNamespace(planned=planned, operational=operational, cancelled=cancelled)


@pytest.mark.parametrize("record,as_of,expected", [
    (site("2010-02-04", "2016-05-12"), "2010-02-03", None),
    (site("2010-02-04", "2016-05-12"), "2010-02-04", "planned"),
    (site("2010-02-04", "2016-05-12"), "2016-05-11", "planned"),
    (site("2010-02-04", "2016-05-12"), "2016-05-12", "operational"),
    # A date known to the month or year counts only once the whole period has passed.
    (site("2011-09-14", "2011"), "2011-12-30", "planned"),
    (site("2011-09-14", "2011"), "2011-12-31", "operational"),
    (site("2024-07", ""), "2024-07-30", None),
    (site("2007-01-19", "", "2009-09-17"), "2009-09-17", "cancelled"),
    (site("", "1985", "2012-12-10"), "2012-12-10", "cancelled"),
])
def test_status_on_a_date(record, as_of, expected):
    assert site_status(record, as_of) == expected


def test_sites_at_drops_sites_not_yet_on_record_and_flags_unmapped():
    ev = companion.load()
    early = sites_at("2006-01-01", evidence=ev)
    assert set(early.site_id) == {s.site_id for s in ev.sites.itertuples()
                                  if site_status(s, "2006-01-01")}
    later = sites_at("2025-01-01", "asia", ev)
    unmapped = set(later[~later.mapped].site_id)
    assert unmapped == set(ev.sites[(ev.sites.region == "asia")
                                    & ev.sites.latitude.isna()].site_id) & set(later.site_id)


@pytest.fixture(scope="module")
def europe_2025():
    return site_map("europe", "2025-01-01")


def test_each_marker_shows_its_status_by_shape_and_colour(europe_2025):
    ev = companion.load()
    marks = {line.get_gid(): line for ax in europe_2025.axes for line in ax.lines
             if (line.get_gid() or "").startswith("site-")}
    shown = sites_at("2025-01-01", "europe", ev)
    assert set(marks) == {f"site-{i}" for i in shown[shown.mapped].site_id}
    for row in shown[shown.mapped].itertuples():
        _, marker, face, edge = STATUS[row.status]
        line = marks[f"site-{row.site_id}"]
        assert (line.get_marker(), line.get_markerfacecolor(), line.get_markeredgecolor()) \
            == (marker, face, edge), row.site_id
    assert len({m for _, m, _, _ in STATUS.values()}) == len(STATUS), "shapes must differ"


def test_every_marker_has_hover_text_with_dates_status_and_sources(europe_2025):
    svg = svg_text(europe_2025)
    ev = companion.load().sites.set_index("site_id")
    for gid in europe_2025.sites_shown:
        title = re.search(r'<g id="site-' + gid + r'"[^>]*>\s*<title>([^<]+)</title>', svg)
        assert title, gid
        assert ev.loc[gid, "name"].split(" (")[0] in title.group(1)
        assert "On 1 January 2025:" in title.group(1) and "Sources:" in title.group(1)


def test_labels_fit_and_text_is_legible(europe_2025):
    assert europe_2025.unplaced_labels == []
    assert too_small_text(europe_2025) == []
    labels = [t for ax in europe_2025.axes for t in ax.texts
              if (t.get_gid() or "").startswith("label-")]
    assert {t.get_gid()[6:] for t in labels} == set(europe_2025.sites_shown)


def test_highlight_labels_only_the_chosen_sites_and_fades_the_rest():
    fig = site_map("europe", "2011-12-31", highlight=["pionersky"])
    labels = {t.get_gid() for ax in fig.axes for t in ax.texts
              if (t.get_gid() or "").startswith("label-")}
    assert labels == {"label-pionersky"}
    faded = [line for ax in fig.axes for line in ax.lines
             if (line.get_gid() or "").startswith("site-") and line.get_alpha() == 0.4]
    assert len(faded) == len(fig.sites_shown) - 1
    assert "Faded" in fig.caption_note


def test_unmapped_sites_are_named_in_the_caption():
    fig = site_map("asia", "2025-01-01")
    assert fig.sites_not_mapped and all(n in fig.caption_note for n in fig.sites_not_mapped)


def test_unknown_ids_and_regions_are_refused():
    with pytest.raises(ValueError, match="no_such_site"):
        site_map("europe", "2025-01-01", sites=["no_such_site"])
    with pytest.raises(ValueError, match="no_such_site"):
        site_map("europe", "2025-01-01", highlight=["no_such_site"])
    with pytest.raises(ValueError, match="region must be one of"):
        site_map("atlantis", "2025-01-01")


def test_maps_are_small_and_identical_from_run_to_run():
    for region in ("europe", "asia"):
        first = svg_text(site_map(region, "2025-01-01"))
        assert len(first.encode()) <= 150_000, region
        assert first == svg_text(site_map(region, "2025-01-01")), region


def test_boundaries_are_shipped_with_their_licence():
    path = boundaries_file()
    assert path.exists()
    assert "Natural Earth" in (path.parent / "README.md").read_text(encoding="utf-8")


def test_polygon_across_the_antimeridian_is_shifted_not_stretched():
    # Natural Earth closes Chukotka along -180 and 180 degrees.
    across = Polygon([(170, 60), (180, 60), (180, 70), (-170, 70), (-170, 60), (170, 60)])
    west, _, east, _ = _unwrap(across).bounds
    assert east - west <= 180 and west >= 0
    inside = Polygon([(20, 50), (30, 50), (30, 60)])
    assert _unwrap(inside).equals(inside)


def test_sites_for_follows_the_paragraphs():
    ev = copy.deepcopy(companion.load())
    assert sites_for("separate_but_linked", ev) == [
        s.site_id for s in ev.sites.itertuples() if any(p in (5, 6) for p in s.paras)]
    ev.sites.at[ev.sites.index[0], "paras"] = [5]
    assert ev.sites.site_id.iloc[0] in sites_for("separate_but_linked", ev)


def test_tables_list_every_site_and_phase():
    ev = companion.load()
    assert len(site_table(ev)) == len(ev.sites)
    assert len(phase_table(ev)) == len(ev.phases)
    phases = phase_table(ev)
    for row, phase in zip(phases.Dates, ev.phases.itertuples(), strict=True):
        assert row.startswith(f"target {phase.target_year}; ")
        assert (f"cancelled {phase.cancelled}" in row) == bool(phase.cancelled)
        assert (f"declared operational {phase.operational}" in row) == (
            bool(phase.operational) and not phase.cancelled)
    sites = site_table(ev)
    for row, site in zip(sites.Dates, ev.sites.itertuples(), strict=True):
        assert (f"operational {site.operational}" in row) == bool(site.operational)
        assert (f"planned {site.planned}" in row) == bool(site.planned)


def test_the_land_is_drawn_clipped_inside_a_frame_without_ticks():
    import geopandas as gpd
    import matplotlib.pyplot as plt
    from shapely.geometry import box

    from companion.maps import draw_land

    land = gpd.GeoDataFrame(geometry=[box(-5, -5, 5, 5), box(20, 20, 30, 30)])
    fig, ax = plt.subplots()
    kept = draw_land(ax, land, (0, 0, 10, 10), simplify_m=0.1, linewidth=0.4)
    assert ax.get_xlim() == (0, 10) and ax.get_ylim() == (0, 10)
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
    assert kept.total_bounds.tolist() == [0, 0, 5, 5]
    assert ax.collections and ax.collections[0].get_linewidth()[0] == 0.4

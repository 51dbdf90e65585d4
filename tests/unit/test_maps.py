"""Site maps: status on a date, markers that carry it, labels, hover text, size, offline."""

import copy
import dataclasses
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from shapely.geometry import Polygon

import companion
from companion.figures import MIN_FONT_PT, svg_text, too_small_text
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


@pytest.fixture
def europe_2025():
    """Drawn afresh for each test, so mutation testing ties each test to the code it runs."""
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


# Geometry and text read back from the drawn artists.

def test_a_polygon_across_the_antimeridian_moves_its_western_part_by_a_full_turn():
    across = Polygon([(170, 60), (180, 60), (180, 70), (-170, 70), (-170, 60), (170, 60)])
    assert _unwrap(across).bounds == (170, 60, -170 + 360, 70)


def test_only_the_part_of_a_country_that_crosses_the_antimeridian_is_moved():
    from shapely.geometry import MultiPolygon

    across = Polygon([(170, 60), (180, 60), (180, 70), (-170, 70), (-170, 60)])
    west = Polygon([(-100, 40), (-90, 40), (-90, 50), (-100, 50)])  # Alaska's mainland, say
    parts = _unwrap(MultiPolygon([across, west]))
    assert parts.geom_type == "MultiPolygon"
    assert [p.bounds for p in parts.geoms] == [(170, 60, 190, 70), west.bounds]


def test_the_boundaries_file_lives_in_the_data_folder_given():
    elsewhere = Path("/data/elsewhere")
    assert boundaries_file(elsewhere) == elsewhere / "geo" / "countries-50m.json"


def test_sites_at_reads_the_evidence_it_is_given_and_keeps_to_the_region():
    ev = copy.deepcopy(companion.load())
    first = ev.sites.index[0]
    ev.sites.at[first, "longitude"] = float("nan")  # a latitude alone does not map a site
    for region in ("europe", "asia"):
        shown = sites_at("2025-01-01", region, ev)
        assert set(shown.region) == {region}
    ev = dataclasses.replace(ev, sites=ev.sites[ev.sites.region == "europe"])
    shown = sites_at("2025-01-01", evidence=ev).set_index("site_id")
    assert set(shown.region) == {"europe"}, "the evidence given, not the shipped one"
    assert not shown.loc[ev.sites.at[first, "site_id"], "mapped"]


def test_hover_text_gives_name_kind_dates_status_and_sources():
    from companion.bib import sources_sentence
    from companion.maps import KIND_NAMES, _hover

    ev = companion.load().sites.set_index("site_id")
    keys = list(ev.loc["deveselu", "sources"])
    record = SimpleNamespace(name="Deveselu", country="Romania", kind="interceptor_site",
                             operator="US Navy", planned="2010-02-04", operational="2016-05-12",
                             cancelled="", status="operational", sources=keys)
    assert _hover(record, "2025-01-01") == (
        f"Deveselu, Romania: {KIND_NAMES['interceptor_site']}, US Navy. "
        f"Planned 2010-02-04; operational 2016-05-12. On 1 January 2025: "
        f"{STATUS['operational'][0]}. {sources_sentence(keys)}")
    stopped = SimpleNamespace(**{**vars(record), "operational": "", "cancelled": "2012-12-10",
                                 "status": "cancelled"})
    assert "Planned 2010-02-04; cancelled 2012-12-10. On 31 December 2012: " \
        + STATUS["cancelled"][0] in _hover(stopped, "2012-12-31")


def test_hover_text_is_attached_to_every_marker(europe_2025):
    ev = companion.load()
    shown = sites_at("2025-01-01", "europe", ev)
    for site_id in europe_2025.sites_shown:
        text = europe_2025.hover_texts[f"site-{site_id}"]
        assert text.startswith(shown.set_index("site_id").loc[site_id, "name"] + ",")


def plain_axes():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 40)
    ax.set_ylim(0, 30)
    return fig, ax


def country_frame():
    import geopandas as gpd
    from shapely.geometry import MultiPolygon, box

    # The larger island is a tall thin strip, the smaller one wide: a point found inside
    # the whole country would fall on the wide one.
    islands = MultiPolygon([box(17, 5, 34, 6.4), box(36, 2, 37, 28)])
    return gpd.GeoDataFrame({"name": ["Bigland", "Islands"],
                             "geometry": [box(2, 2, 15, 25), islands]})


def test_countries_are_named_on_their_largest_part_in_quiet_italic_under_the_marks():
    fig, ax = plain_axes()
    from companion.maps import _name_countries

    land = country_frame()
    _name_countries(ax, land, ["Atlantis", "Bigland", "Islands"])  # Atlantis is not on the map
    names = {t.get_gid(): t for t in ax.texts}
    assert sorted(names) == ["country-Bigland", "country-Islands"]
    largest = {"Bigland": land.geometry[0], "Islands": max(land.geometry[1].geoms,
                                                             key=lambda g: g.area)}
    from shapely.geometry import Point

    renderer = fig.canvas.get_renderer()
    for name, part in largest.items():
        text = names[f"country-{name}"]
        assert text.get_text() == name and text.get_style() == "italic"
        assert part.contains(Point(text.get_position())), name
        box = text.get_window_extent(renderer)
        centre = ax.transData.transform(text.get_position())
        assert ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2) == pytest.approx(tuple(centre),
                                                                              abs=1)
        assert text.get_clip_on(), "cut at the map's frame"
        rgb = text.get_color()
        from matplotlib.colors import to_rgb

        assert min(to_rgb(rgb)) > 0.3, "quieter than the black site labels"
        assert text.get_fontsize() >= 8.5
    from companion.maps import draw_land

    fig, ax = plain_axes()
    draw_land(ax, land, (0, 0, 40, 30), simplify_m=0.01, linewidth=0.4)
    _name_countries(ax, land, ["Bigland"])
    sites = pd.DataFrame({"site_id": ["a", "b"], "name": ["A", "B"], "latitude": [10, 20],
                          "longitude": [5, 25], "status": ["operational", "planned"]})
    draw_sites(fig, ax, sites, highlight=["a"])
    (name,) = ax.texts
    marks = [line.get_zorder() for line in ax.lines]
    assert ax.collections[0].get_zorder() < name.get_zorder() < min(marks)


def draw_sites(fig, ax, sites, highlight=None):
    """Markers for ``sites`` (longitude and latitude as the map's own coordinates)."""
    from companion.maps import _draw_sites

    ev = companion.load().sites.set_index("site_id")
    template = ev.loc["deveselu"]
    full = sites.assign(**{c: [template[c]] * len(sites) for c in
                           ("country", "kind", "operator", "planned", "operational",
                            "cancelled", "sources") if c not in sites})
    return _draw_sites(fig, ax, full, "EPSG:4326", "2025-01-01", highlight)


def marker(ax, site_id):
    (line,) = [line for line in ax.lines if line.get_gid() == f"site-{site_id}"]
    return line


def test_markers_stand_where_their_sites_are_and_a_second_at_one_place_moves_aside():
    fig, ax = plain_axes()
    sites = pd.DataFrame({"site_id": ["a", "b", "c", "d"], "name": list("ABCD"),
                          "latitude": [10, 10, 10, 25], "longitude": [5, 5, 30, 5],
                          "status": ["operational"] * 4})
    points = draw_sites(fig, ax, sites)
    assert [p[:2] for p in points] == list(zip(sites.site_id, sites.name, strict=True))
    for site_id, lon, lat in zip(sites.site_id, sites.longitude, sites.latitude, strict=True):
        if site_id != "b":  # apart from the others, each stays put
            assert (marker(ax, site_id).get_xdata()[0], marker(ax, site_id).get_ydata()[0]) \
                == pytest.approx((lon, lat)), site_id
    a, b = (ax.transData.transform((marker(ax, i).get_xdata()[0], marker(ax, i).get_ydata()[0]))
            for i in "ab")
    assert b[1] == pytest.approx(a[1]) and b[0] - a[0] >= 9, "to the right, clear of the first"
    assert b[0] - a[0] < 3 * 9, "but still beside it"
    assert fig.hover_texts["site-b"].startswith("B, ")
    assert draw_sites(fig, ax, sites.iloc[:0]) == []


def test_faded_markers_are_smaller_fainter_and_beneath_the_chosen_ones():
    fig, ax = plain_axes()
    sites = pd.DataFrame({"site_id": ["a", "b"], "name": ["A", "B"], "latitude": [10, 20],
                          "longitude": [5, 25], "status": ["operational", "operational"]})
    draw_sites(fig, ax, sites, highlight=["a"])
    chosen, faded = marker(ax, "a"), marker(ax, "b")
    assert faded.get_markersize() < chosen.get_markersize()
    assert faded.get_zorder() < chosen.get_zorder()
    assert faded.get_alpha() < 1 and chosen.get_alpha() == 1
    fig, ax = plain_axes()
    draw_sites(fig, ax, sites)
    assert marker(ax, "a").get_markersize() == marker(ax, "b").get_markersize()


def test_site_labels_keep_clear_of_other_marks_and_of_country_names():
    from companion.labels import mark_box
    from companion.maps import _label_sites

    fig, ax = plain_axes()
    px = ax.transData.inverted().transform(ax.transData.transform((10, 15)) + (20, 0))
    # Bravo's mark is where Alpha's first slot (to the right) would put its label, and a
    # country's name where the second (to the left) would.
    ax.text(8, 15, "Bigland", ha="right", va="center", gid="country-Bigland")
    points = [("a", "Alpha", 10, 15), ("b", "Bravo", px[0], px[1])]
    assert _label_sites(fig, ax, points) == []
    renderer = fig.canvas.get_renderer()
    labels = {t.get_gid(): t.get_window_extent(renderer) for t in ax.texts
              if (t.get_gid() or "").startswith("label-")}
    country = next(t for t in ax.texts if t.get_gid() == "country-Bigland")
    for box in labels.values():
        assert not any(box.overlaps(mark_box(ax, x, y)) for *_, x, y in points)
        assert not box.overlaps(country.get_window_extent(renderer))
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert (texts["label-a"], texts["label-b"]) == ("Alpha", "Bravo")
    fig, ax = plain_axes()
    _label_sites(fig, ax, points, numbers={"a": "1", "b": "2"})
    assert {t.get_gid(): t.get_text() for t in ax.texts} == {"label-a": "1", "label-b": "2"}


def test_long_site_names_are_wrapped_without_breaking_words():
    from companion.maps import _wrap

    name = "Early warning radar station Voronezh DM at Armavir in Krasnodar"
    lines = _wrap(name).split("\n")
    assert len(lines) > 1 and " ".join(lines) == name
    word = "Supercalifragilisticexpialidocious"
    assert _wrap(word) == word


def test_the_legend_shows_each_status_as_marked_between_the_map_and_its_source(europe_2025):
    fig = europe_2025
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [s[0] for s in STATUS.values()]
    assert {t.get_fontsize() for t in legend.get_texts()} == {MIN_FONT_PT}
    marks = [line for line in fig.axes[0].lines if (line.get_gid() or "").startswith("site-")]
    for handle, (_, shape, face, edge) in zip(legend.legend_handles, STATUS.values(),
                                              strict=True):
        assert (handle.get_marker(), handle.get_markerfacecolor(),
                handle.get_markeredgecolor()) == (shape, face, edge)
        assert handle.get_linestyle() == "None", "a symbol, not a line"
        assert handle.get_markeredgewidth() == marks[0].get_markeredgewidth()
    assert legend._ncols == len(STATUS) and not legend.get_frame_on()
    fig.draw_without_rendering()
    box = legend.get_window_extent()
    source = next(t for t in fig.texts if t.get_gid() == "source-line").get_window_extent()
    frame = fig.axes[0].get_window_extent()
    assert source.y1 <= box.y0 and box.y1 <= frame.y0
    assert box.x0 < fig.bbox.width / 10 and box.x1 <= fig.bbox.width


def test_a_phone_map_numbers_its_labels_and_stacks_its_legend():
    from companion.figures import NARROW_WIDTH

    fig = site_map("europe", "2025-01-01", width=NARROW_WIDTH)
    labels = [t.get_text() for ax in fig.axes for t in ax.texts
              if (t.get_gid() or "").startswith("label-")]
    assert sorted(labels, key=int) == [str(n) for n in range(1, len(fig.sites_shown) + 1)]
    (legend,) = fig.legends
    assert legend._ncols == 1


def test_the_land_sits_on_a_tinted_sea_with_visible_borders_and_no_axis_labels():
    import geopandas as gpd
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba
    from shapely.geometry import box

    from companion.maps import draw_land

    fig, ax = plt.subplots()
    draw_land(ax, gpd.GeoDataFrame(geometry=[box(1, 1, 5, 5)]), (0, 0, 10, 10),
              simplify_m=0.1, linewidth=0.4)
    sea, (land,) = ax.get_facecolor(), ax.collections
    ground = tuple(land.get_facecolor()[0])
    assert sea != to_rgba("white") and ground != sea
    assert min(sea[:3]) > 0.8 and sea[2] > sea[0], "a pale blue sea"
    assert min(ground[:3]) > 0.8 and ground[0] >= ground[2], "pale, warm land"
    assert tuple(land.get_edgecolor()[0]) != ground
    assert ax.get_xlabel() == "" and ax.get_ylabel() == ""

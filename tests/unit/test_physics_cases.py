"""The book's cases on synthetic data: speeds from the estimates, the speed a flight needs
found by bisection, tables that say where no figure is published, and figures whose lines,
spans and colours are read back from what was drawn."""

from dataclasses import replace

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from companion.evidence import Evidence
from companion.figures import MARK_PREFIXES
from companion.physics.cases import (
    BOOK_CASE,
    Assumptions,
    deployment_table,
    deployments,
    engage,
    flights,
    reached_at,
    sensitivity,
    speed_needed,
    speed_range,
    speeds_needed,
    threshold_table,
)
from companion.physics.charts import (
    SPEED_BANDS,
    needed_speed_map,
    reach_chart,
    reach_curve,
    speed_band,
)

POLAND, ROMANIA = (54.47889, 17.1075), (44.077222, 24.416389)
KOZELSK, UZHUR, WASHINGTON = (54.03528, 35.77667), (55.3167, 89.8167), (38.89484, -77.03639)


def evidence():
    empty = pd.DataFrame()
    endpoints = pd.DataFrame({
        "endpoint_id": ["west", "east", "capital", "europe"],
        "name": ["West", "East", "Capital", "Europe"],
        "role": ["icbm_base", "icbm_base", "us_destination", "europe_destination"],
        "latitude": [KOZELSK[0], UZHUR[0], WASHINGTON[0], 52.5],
        "longitude": [KOZELSK[1], UZHUR[1], WASHINGTON[1], 13.4],
        "precision_km": [30, 30, 300, 300],
        "note": ["A base.", "A base.", "A region.", "Not a US destination."],
        "sources": [["lukyanov2011"]] * 4, "coordinate_sources": [["lukyanov2011"]] * 4})
    sites = pd.DataFrame({"site_id": ["pl", "ro"], "name": ["Poland site", "Romania site"],
                          "country": ["Poland", "Romania"],
                          "latitude": [POLAND[0], ROMANIA[0]],
                          "longitude": [POLAND[1], ROMANIA[1]],
                          "coordinate_sources": [["lukyanov2011"]] * 2})
    interceptors = pd.DataFrame({
        "estimate_id": ["a", "b", "c"], "interceptor": ["gbi", "gbi", "gbi"],
        "speed_low_kms": [5.0, 7.5, 6.0], "speed_high_kms": [5.0, 8.5, 6.5],
        "figure_kind": ["official", "independent", "official"], "who": ["X", "Y", "Z"],
        "words": ["w", "w", "w"], "note": ["", "", ""], "sources": [["lukyanov2011"]] * 3})
    deploy = pd.DataFrame({
        "deployment_id": ["gbi_pl", "iia_pl"], "plan": ["plan_2007", "plan_2011"],
        "site_id": ["pl", "pl"], "interceptor": ["gbi", "sm3_iia"], "year": [np.nan, 2018],
        "note": ["n", "n"], "sources": [["lukyanov2011"]] * 2})
    return Evidence(sections=empty, column=empty, quotes=empty, actors=empty,
                    proposals=empty, positions=empty, events=empty, claims=empty,
                    phases=empty, sites=sites, interceptors=interceptors,
                    endpoints=endpoints, deployments=deploy)


def test_the_speed_range_spans_every_estimate_or_those_of_one_kind():
    ev = evidence()
    assert speed_range("gbi", ev) == (5.0, 8.5)
    assert speed_range("gbi", ev, "official") == (5.0, 6.5)
    with pytest.raises(ValueError, match=r"no speed estimate for 'sm3_iia' in "
                                         r"data/interceptors.csv"):
        speed_range("sm3_iia", ev)


def test_every_base_flies_to_every_destination_and_nothing_else():
    assert flights(evidence()) == [("west", "capital"), ("east", "capital")]


def test_a_plan_puts_its_interceptors_at_the_sites_coordinates():
    rows = deployments("plan_2011", evidence())
    assert list(rows.interceptor) == ["sm3_iia"]
    assert (rows.latitude[0], rows.longitude[0]) == POLAND
    with pytest.raises(ValueError, match="plan must be one of"):
        deployments("plan_2030", evidence())


def test_the_speed_a_flight_needs_is_the_edge_between_missing_it_and_reaching_it():
    needed = speed_needed(KOZELSK, WASHINGTON, POLAND)
    assert 3.0 < needed < 9.0
    assert engage(KOZELSK, WASHINGTON, POLAND, needed).first_time_s is not None
    assert engage(KOZELSK, WASHINGTON, POLAND, needed - 0.02).first_time_s is None


def test_a_flight_out_of_reach_even_at_the_top_speed_needs_none():
    assert speed_needed(KOZELSK, WASHINGTON, POLAND, high=3.0) is None


def test_a_later_or_slower_interceptor_needs_more_speed():
    base = speed_needed(KOZELSK, WASHINGTON, POLAND)
    later = speed_needed(KOZELSK, WASHINGTON, POLAND, replace(BOOK_CASE, delay_s=600.0))
    slower = speed_needed(KOZELSK, WASHINGTON, POLAND, replace(BOOK_CASE,
                                                               interceptor_boost_s=60.0))
    assert later > base and slower > base


def test_the_threshold_table_reads_the_speeds_needed_in_order():
    ev = evidence()
    needed = speeds_needed(POLAND, evidence=ev).sort_values()
    row = threshold_table(("pl",), evidence=ev).iloc[0]
    assert row["First flight (km/s)"] == f"{needed.iloc[0]:.1f}"
    assert row["Every flight (km/s)"] == f"{needed.iloc[-1]:.1f}"


def test_a_deployment_without_a_published_speed_says_so_and_one_with_counts_flights():
    ev = evidence()
    old = deployment_table("plan_2007", evidence=ev).iloc[0]
    assert old["Year"] == ""
    expected = "; ".join(
        f"{label} km/s ({kind}): " + "-".join(map(str, sorted({reached_at(POLAND, v,
                                                                          evidence=ev)
                                                               for v in speeds})))
        + " of 2"
        for label, kind, speeds in (("5", "official", (5.0,)), ("6-6.5", "official",
                                                                 (6.0, 6.5)),
                                    ("7.5-8.5", "independent", (7.5, 8.5))))
    assert old["Flights reached at each sourced speed"] == expected
    new = deployment_table("plan_2011", evidence=ev).iloc[0]
    assert new["Flights reached at each sourced speed"] == "none published"
    assert new["Year"] == "2018"


def test_sensitivity_rises_with_the_delay_and_with_a_boost_before_the_coast():
    table = sensitivity(POLAND, delays=(120.0, 600.0), evidence=evidence())
    values = table.drop(columns="Interceptor").astype(float)
    coast, boosted = values["coast, burnout at the site"], values["coast after a 60 s boost"]
    assert coast[1] > coast[0] and (boosted >= coast).all() and boosted[0] > coast[0]


def test_the_coast_needs_more_speed_than_the_straight_line_that_ignores_gravity():
    coast = speed_needed(KOZELSK, WASHINGTON, POLAND)
    straight = speed_needed(KOZELSK, WASHINGTON, POLAND,
                            replace(BOOK_CASE, flyout="straight", speed_fraction=1.0))
    assert coast > straight


def test_the_assumptions_are_described_with_their_values():
    text = Assumptions(delay_s=120.0, flyout="straight", speed_fraction=0.6).describe()
    assert "leaves 120 s" in text and "60% of its burnout speed" in text
    coast = Assumptions(interceptor_boost_s=60.0).describe()
    assert "fastest Kepler ellipse after a 60 s boost" in coast


def test_the_reach_chart_draws_each_sites_curve_and_each_kind_of_estimate_as_a_span():
    ev = evidence()
    fig = reach_chart(("pl", "ro"), evidence=ev)
    ax = fig.axes[0]
    line = next(g for g in ax.lines if g.get_gid() == "reach-line-pl")
    assert np.allclose(line.get_ydata(), reach_curve(POLAND, evidence=ev))
    spans = {p.get_gid(): p.get_x() for p in ax.patches if (p.get_gid() or "").startswith(
        "reach-band-")}
    assert spans.keys() == {"reach-band-gbi-official", "reach-band-gbi-independent"}
    assert spans["reach-band-gbi-official"] == pytest.approx(5.0)
    assert spans["reach-band-gbi-independent"] == pytest.approx(7.5)
    assert set(fig.hover_texts) >= {"reach-line-pl", "reach-line-ro", *spans}


@pytest.mark.parametrize(("speed", "band"), [(4.0, 0), (5.0, 0), (5.01, 1), (7.9, 3),
                                             (11.0, 4), (None, 4), (float("nan"), 4)])
def test_a_needed_speed_falls_in_its_band(speed, band):
    assert speed_band(speed) == band


def test_the_map_colours_each_flight_by_the_band_of_the_speed_it_needs():
    ev = evidence()
    fig = needed_speed_map("pl", evidence=ev)
    tracks = {g.get_gid(): g for g in fig.axes[0].lines
              if (g.get_gid() or "").startswith("flight-")}
    assert set(tracks) == {"flight-pl-west-capital", "flight-pl-east-capital"}
    for (base, dest), speed in fig.needed.items():
        colour = tracks[f"flight-pl-{base}-{dest}"].get_color()
        assert mcolors.same_color(colour, SPEED_BANDS[speed_band(speed)][1])
    assert all(g.startswith(MARK_PREFIXES) for g in fig.hover_texts)
    assert "needs at least" in fig.hover_texts["flight-pl-west-capital"]
    with pytest.raises(ValueError, match="unknown site id 'xx'"):
        needed_speed_map("xx", evidence=ev)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_estimate_whose_high_end_is_below_its_low_end_is_refused(scratch_data):
    import companion
    from companion import DataError

    _edit(scratch_data / "interceptors.csv", "gbi,7.7,8.3,", "gbi,7.7,7.3,")
    with pytest.raises(DataError) as info:
        companion.load(scratch_data)
    assert str(info.value) == (
        "data/interceptors.csv, row 2 (line 3), column 'speed_high_kms', value 7.3: the "
        "high end is below the low end (speed_low_kms is 7.7).")


def test_an_interceptor_placed_at_a_site_without_coordinates_is_refused(scratch_data):
    import companion
    from companion import DataError

    _edit(scratch_data / "deployments.csv", "plan_2011,deveselu,", "plan_2011,araya,")
    with pytest.raises(DataError) as info:
        companion.load(scratch_data)
    assert str(info.value).startswith(
        "data/deployments.csv, row 2 (line 3), column 'site_id', value 'araya': this site "
        "has no coordinates in data/sites.csv, so the model cannot place an interceptor "
        "there.")


def test_the_nearest_reachable_point_comes_closer_as_the_interceptor_gets_faster():
    from companion.physics.cases import nearest_reach_km

    ev = evidence()
    assert nearest_reach_km(POLAND, 3.0, evidence=ev) is None
    at_threshold = nearest_reach_km(POLAND, speeds_needed(POLAND, evidence=ev).min() + 0.01,
                                    evidence=ev)
    fast = nearest_reach_km(POLAND, 9.0, evidence=ev)
    assert fast < at_threshold

"""The physics chapter's figures: how much of the flights a site could reach as its
interceptor gets faster, and a polar map of the flights with the parts each deployment of a
plan could reach.

Both are drawn from :mod:`companion.physics.cases`; every line, band, track and marker
carries hover text saying what it is and under which assumptions.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from companion.bib import sources_sentence
from companion.evidence import Evidence, load
from companion.figures import (
    MIN_FONT_PT,
    OKABE_ITO,
    PAGE_WIDTH,
    drawing,
    hover,
    phone_layout,
    source_height,
    source_line,
    style,
)
from companion.maps import _countries, boundaries_file, draw_land
from companion.physics.cases import (
    BOOK_CASE,
    Assumptions,
    _speeds,
    _track,
    _where,
    flights,
    share_reachable,
    speed_range,
    speeds_needed,
)
from companion.vocabulary import labels

#: Burnout speeds (km/s) on the reach figure's axis.
SPEEDS = np.round(np.arange(2.0, 10.01, 0.25), 2)
#: The delays drawn as the band around each site's line: generous and strict.
DELAY_BAND = (120.0, 600.0)
#: Colour of each site on both figures.
SITE_COLOURS = {"deveselu": OKABE_ITO[4], "redzikowo": OKABE_ITO[5],
                "third_site_interceptors": OKABE_ITO[6]}
SOURCE = ("data/interceptors.csv, endpoints.csv, deployments.csv and sites.csv; "
          "model: companion/physics")
MAP_SOURCE = ("data/endpoints.csv and sites.csv; model: companion/physics; boundaries: "
              "Natural Earth 1:50m")
#: The polar map's projection: equidistant from the North Pole, the Atlantic at the bottom,
#: so Russia and the United States face each other across the Arctic.
POLAR = "+proj=aeqd +lat_0=90 +lon_0=-30 +datum=WGS84 +units=m"


def reach_curve(site_latlon, speeds=SPEEDS, assume: Assumptions = BOOK_CASE,
                evidence: Evidence | None = None) -> np.ndarray:
    """The share of flights of which some part is reachable, at each burnout speed."""
    ev = evidence or load()
    return np.array([share_reachable(site_latlon, float(v), assume, ev) for v in speeds])


@drawing
def reach_chart(site_ids=("deveselu", "redzikowo"), assume: Assumptions = BOOK_CASE,
                evidence: Evidence | None = None, width: float = PAGE_WIDTH):
    """Share of flights reachable against burnout speed, a line per site under the
    book's case and a band from a strict to a generous delay, with each interceptor's
    estimated speeds as a shaded span. On a narrow figure the spans' names take three rows
    above the chart and the legend one column under it."""
    ev = evidence or load()
    sites = ev.sites.set_index("site_id")
    names = labels("interceptors", "interceptor")
    narrow = phone_layout(width)
    rows, legend_h = (3, 1.05 + 0.1 * len(site_ids)) if narrow else (2, 0.0)
    with style():
        height = 4.6 + (legend_h + 0.35 if narrow else 0)
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.7 / width, right=1 - 0.14 / width,
                            top=1 - (0.74 + 0.17 * (rows - 2)) / height,
                            bottom=(1.24 + legend_h) / height)
        kinds = labels("interceptors", "figure_kind")
        spans = [(code, kind) for code in names for kind in kinds
                 if ((ev.interceptors.interceptor == code)
                     & (ev.interceptors.figure_kind == kind)).any()]
        for i, (code, kind) in enumerate(spans):
            low, high = speed_range(code, ev, kind)
            gid = f"reach-band-{code}-{kind}"
            ax.axvspan(low, max(high, low + 0.05), color="#777777", alpha=0.18, lw=0,
                       zorder=1, gid=gid)
            hover(fig, gid, f"{names[code]}, {kinds[kind]} figures: {_speeds(low, high)} "
                  f"km/s. {sources_sentence(_sources_of(code, ev, kind))}")
            short = names[code].split(" (")[0].replace("Ground-Based Interceptor", "GBI")
            ax.text((low + high) / 2, 1.02 + 0.075 * (i % rows), f"{short}, {kind}",
                    transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                    fontsize=MIN_FONT_PT, gid=f"band-label-{code}-{kind}")
        for site_id in site_ids:
            site = sites.loc[site_id]
            where = (site.latitude, site.longitude)
            colour = SITE_COLOURS.get(site_id, "#444444")
            strict, generous = (reach_curve(where, SPEEDS, _with_delay(assume, d), ev)
                                for d in reversed(DELAY_BAND))
            ax.fill_between(SPEEDS, strict, generous, color=colour, alpha=0.15, lw=0,
                            zorder=2)
            main = reach_curve(where, SPEEDS, assume, ev)
            gid = f"reach-line-{site_id}"
            ax.plot(SPEEDS, main, color=colour, lw=2, zorder=3, gid=gid, label=site["name"])
            first = speeds_needed(where, assume, ev).min()
            hover(fig, gid, f"{site['name']}: share of the {len(flights(ev))} flights from "
                  f"Russian bases to US destinations of which some part is reachable. "
                  + (f"The first comes within reach at {first:.1f} km/s. " if pd.notna(first)
                     else "None comes within reach below escape speed. ")
                  + f"Assumptions: {assume.describe()}.")
        ax.set_xlim(SPEEDS[0], SPEEDS[-1])
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.set_xlabel("Interceptor burnout speed (km/s)")
        ax.set_ylabel("Flights partly reachable")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(color="#eeeeee", lw=0.6)
        handles = [Line2D([0], [0], color=SITE_COLOURS.get(s, "#444444"), lw=2,
                          label=sites.loc[s, "name"]) for s in site_ids]
        handles.append(plt.Rectangle((0, 0), 1, 1, color="#999999", alpha=0.3,
                                     label="around each line: leaves 120 s to 600 s after launch"))
        handles.append(plt.Rectangle((0, 0), 1, 1, color="#777777", alpha=0.18,
                                     label="grey columns: burnout speeds the sources give"))
        if narrow:
            handles[-2].set_label("around each line: leaves\n120 s to 600 s after launch")
            handles[-1].set_label("grey columns: burnout speeds\nthe sources give")
        fig.legend(handles=handles, loc="lower left", ncol=1 if narrow else 2, frameon=False,
                   fontsize=MIN_FONT_PT,
                   bbox_to_anchor=(0.0, source_height(SOURCE, width) / height))
        source_line(fig, SOURCE)
    return fig


def _with_delay(assume: Assumptions, delay: float) -> Assumptions:
    from dataclasses import replace

    return replace(assume, delay_s=delay)


def _sources_of(interceptor: str, ev: Evidence, kind: str) -> list[str]:
    rows = ev.interceptors[(ev.interceptors.interceptor == interceptor)
                           & (ev.interceptors.figure_kind == kind)]
    return sorted({k for keys in rows.sources for k in keys})


#: Bands of needed burnout speed (km/s) on the map, with their colours (viridis: light
#: green for the slowest, dark purple for the fastest, told apart in grey as well).
SPEED_BANDS = ((5.0, "#86d549"), (6.0, "#2ab07f"), (7.0, "#25858e"), (8.0, "#3e4989"),
               (11.0, "#440154"))


def speed_band(speed) -> int:
    """Which of :data:`SPEED_BANDS` a needed speed falls in (the last for 'beyond')."""
    if speed is None or pd.isna(speed):
        return len(SPEED_BANDS) - 1
    return next(i for i, (top, _) in enumerate(SPEED_BANDS) if speed <= top)


@drawing
def needed_speed_map(site_id: str, assume: Assumptions = BOOK_CASE,
                     evidence: Evidence | None = None, title: str | None = None,
                     width: float = PAGE_WIDTH):
    """A polar map of every flight's ground track, coloured by the burnout speed an
    interceptor at ``site_id`` would need to reach some part of it; bases, destinations
    and the site marked."""
    import geopandas as gpd
    from shapely.geometry import Point

    ev = evidence or load()
    sites = ev.sites.set_index("site_id")
    if site_id not in sites.index:
        raise ValueError(f"unknown site id {site_id!r}; see data/sites.csv")
    site = sites.loc[site_id]
    where = _where(ev)
    needed = speeds_needed((site.latitude, site.longitude), assume, ev)
    land = _countries(boundaries_file()).clip((-180, 15, 180, 90)).to_crs(POLAR)

    def project(lats, lons):
        points = gpd.GeoSeries([Point(x, y) for y, x in zip(lats, lons, strict=True)],
                               crs="EPSG:4326").to_crs(POLAR)
        return points.x.to_numpy(), points.y.to_numpy()

    tracks = {}
    for base, destination in flights(ev):
        track = _track(tuple(map(float, where[base])), tuple(map(float, where[destination])),
                       float(assume.boost_time_s), float(assume.burnout_altitude_km))
        tracks[(base, destination)] = (track, *project(track.lat_deg, track.lon_deg))
    every_x = np.concatenate([t[1] for t in tracks.values()] + [project([site.latitude],
                                                                        [site.longitude])[0]])
    every_y = np.concatenate([t[2] for t in tracks.values()] + [project([site.latitude],
                                                                        [site.longitude])[1]])
    pad = 0.06 * max(np.ptp(every_x), np.ptp(every_y))
    x0, x1 = every_x.min() - pad, every_x.max() + pad
    y0, y1 = every_y.min() - pad, every_y.max() + pad
    map_h = (width - 0.1) * (y1 - y0) / (x1 - x0)
    # The legend: two lines of four on the page, five lines of two on a phone.
    columns = 2 if phone_layout(width) else 4
    legend_h = 0.2 * math.ceil((len(SPEED_BANDS) + 3) / columns)
    below = source_height(MAP_SOURCE, width) + 0.35 + legend_h
    title = title or f"Burnout speed needed from {site['name']}"
    if columns == 2:
        title = textwrap.fill(title, 40)
    height = map_h + below + 0.15 + 0.2 * (title.count("\n") + 1)
    with style():
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes([0.05 / width, below / height, (width - 0.1) / width,
                           map_h / height])
        # About a pixel at this scale: coarser on a phone's narrower map.
        draw_land(ax, land, (x0, y0, x1, y1), simplify_m=15000 * PAGE_WIDTH / width,
                  linewidth=0.3)
        for (base, destination), (track, x, y) in tracks.items():
            speed = needed[(base, destination)]
            band = speed_band(speed)
            gid = f"flight-{site_id}-{base}-{destination}"
            ax.plot(x, y, color=SPEED_BANDS[band][1], lw=2.2, zorder=2 + band * 0.01, gid=gid)
            reach = (f"needs at least {speed:.1f} km/s from {site['name']}" if pd.notna(speed)
                     else f"out of reach from {site['name']} even at 11 km/s (below escape speed)")
            hover(fig, gid, f"{_name(ev, base)} to {_name(ev, destination)}: "
                  f"{track.time_s[-1] / 60:.0f} min from launch to re-entry, apogee "
                  f"{track.trajectory.apogee_altitude_km:.0f} km; {reach} "
                  f"({assume.describe()}).")
        points = ev.endpoints
        for role, marker in (("icbm_base", "^"), ("us_destination", "s")):
            rows = points[points.role == role]
            x, y = project(rows.latitude, rows.longitude)
            for r, px, py in zip(rows.itertuples(), x, y, strict=True):
                gid = f"site-endpoint-{site_id}-{r.endpoint_id}"
                ax.plot([px], [py], marker=marker, ms=6, color="#222222", mfc="white",
                        mew=1.2, zorder=4, gid=gid, ls="none")
                hover(fig, gid, f"{r.name}: {r.note} Within about {r.precision_km:g} km. "
                      f"{sources_sentence(list(r.sources) + list(r.coordinate_sources))}")
        px, py = project([site.latitude], [site.longitude])
        gid = f"site-interceptor-{site_id}"
        ax.plot(px, py, marker="o", ms=9, color="#0072B2", mec="white", mew=1.2, zorder=5,
                gid=gid, ls="none")
        hover(fig, gid, f"{site['name']}, {site['country']}. "
              f"{sources_sentence(list(site['coordinate_sources']))}")
        ax.set_title(title, loc="left",
                     fontsize=None if columns == 4 else MIN_FONT_PT + 1)
        edges = [f"up to {SPEED_BANDS[0][0]:g} km/s"] + [
            f"{SPEED_BANDS[i - 1][0]:g} to {SPEED_BANDS[i][0]:g} km/s"
            for i in range(1, len(SPEED_BANDS) - 1)] + [
            f"over {SPEED_BANDS[-2][0]:g} km/s"]
        handles = [Line2D([0], [0], color=c, lw=2.2, label=e)
                   for (_, c), e in zip(SPEED_BANDS, edges, strict=True)]
        handles += [Line2D([0], [0], marker="o", color="#0072B2", ls="none",
                           label="interceptor site"),
                    Line2D([0], [0], marker="^", color="#222222", mfc="white", ls="none",
                           label="Russian missile base"),
                    Line2D([0], [0], marker="s", color="#222222", mfc="white", ls="none",
                           label="US destination")]
        fig.legend(handles=handles, loc="lower left", ncol=columns, frameon=False,
                   fontsize=MIN_FONT_PT,
                   bbox_to_anchor=(0.0, source_height(MAP_SOURCE, width) / height))
        source_line(fig, MAP_SOURCE)
    fig.needed = needed
    return fig


def _name(ev: Evidence, endpoint_id: str) -> str:
    return ev.endpoints.set_index("endpoint_id").loc[endpoint_id, "name"]

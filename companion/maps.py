"""Maps of the sites: Europe and western Russia, and north-east Asia, as of a date.

Boundaries are Natural Earth's, shipped in ``data/geo`` (public domain), read with
geopandas and drawn with matplotlib, so a map is drawn offline and byte for byte the same
on every run. A site's status on the map's date (planned, operational, cancelled) is shown
by marker shape as well as colour; every marker carries hover text with its dates and
sources. Sites with no sourced coordinates are listed, not guessed.
"""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from companion.bib import sources_sentence
from companion.dates import has_happened
from companion.evidence import Evidence, load
from companion.figures import (
    LINE_INCHES,
    MIN_FONT_PT,
    PAGE_WIDTH,
    draw_key,
    drawing,
    hover,
    key_lines,
    phone_layout,
    source_height,
    source_line,
    style,
)
from companion.labels import mark_box, place_labels, ring
from companion.markdown import from_data
from companion.paths import find_data_dir

#: Each map's extent (west, south, east, north in degrees), projection and the countries
#: named on it for orientation.
REGIONS = {
    "europe": {
        "title": "Europe and western Russia",
        "extent": (-11.0, 34.0, 50.0, 61.0),
        "crs": "EPSG:3035",
        "countries": ["Russia", "Poland", "Romania", "Turkey", "Spain", "Germany", "Ukraine"],
    },
    "asia": {
        "title": "North-east Asia",
        "extent": (117.0, 28.0, 146.0, 46.0),
        "crs": "+proj=lcc +lat_1=30 +lat_2=44 +lat_0=37 +lon_0=131 +datum=WGS84 +units=m",
        "countries": ["China", "North Korea", "South Korea", "Japan", "Russia"],
    },
}
#: Status: (label, marker, face colour, edge colour). Shape and colour both carry it.
STATUS = {
    "operational": ("operational", "o", "#0072B2", "#0072B2"),
    "planned": ("planned, not yet operational", "s", "white", "#D55E00"),
    "cancelled": ("cancelled or stopped", "X", "#777777", "#777777"),
}
KIND_NAMES = {"interceptor_site": "interceptor site", "radar": "radar",
              "early_warning_radar": "early-warning radar", "ship_base": "ship base",
              "command_centre": "command centre", "missile_deployment": "missile deployment"}
SOURCE = ("data/sites.csv (sources per site); boundaries: Natural Earth 1:50m, "
          "public domain")


def boundaries_file(evidence_dir: Path | None = None) -> Path:
    """The shipped Natural Earth boundaries (``data/geo/countries-50m.json``)."""
    return Path(evidence_dir or find_data_dir()) / "geo" / "countries-50m.json"


@functools.lru_cache(maxsize=4)
def _countries(path: Path):
    import geopandas as gpd

    frame = gpd.read_file(path, layer="countries").set_crs("EPSG:4326")
    return frame.assign(geometry=frame.geometry.map(_unwrap))


def _unwrap(geometry):
    """Natural Earth closes a polygon that crosses the antimeridian (eastern Russia) along
    -180 and 180 degrees; shifted by 360 degrees its western part no longer spans the
    globe, so clipping to a map's extent keeps only land."""
    import numpy as np
    import shapely
    from shapely.geometry import MultiPolygon

    def shift(coords):
        return np.column_stack([np.where(coords[:, 0] < 0, coords[:, 0] + 360, coords[:, 0]),
                                coords[:, 1]])

    def fix(polygon):
        west, _, east, _ = polygon.bounds
        if east - west <= 180:
            return polygon
        return shapely.transform(polygon, shift)

    if geometry.geom_type == "MultiPolygon":
        return MultiPolygon([fix(p) for p in geometry.geoms])
    return fix(geometry)


def draw_land(ax, land, bounds, simplify_m: float, linewidth: float):
    """Sea, land (clipped to ``bounds`` in the map's projection and simplified to
    ``simplify_m`` metres) and a frame without ticks or axis labels; the clipped land,
    for naming countries on it."""
    x0, y0, x1, y1 = bounds
    ax.set_facecolor("#eef4f8")
    land = land.clip((x0, y0, x1, y1))
    land.geometry.simplify(simplify_m).plot(ax=ax, color="#e6e2d8", edgecolor="#9a968c",
                                            linewidth=linewidth, zorder=1)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    return land


def site_status(site, as_of) -> str | None:
    """'operational', 'planned', 'cancelled' or None (not yet on record) on ``as_of``."""
    if has_happened(site.cancelled, as_of):
        return "cancelled"
    if has_happened(site.operational, as_of):
        return "operational"
    if has_happened(site.planned, as_of):
        return "planned"
    return None


def sites_at(as_of, region: str | None = None, evidence: Evidence | None = None):
    """The sites on record at ``as_of`` (in ``region``), with their status and whether
    they can be mapped (a source gives coordinates)."""
    ev = evidence or load()
    sites = ev.sites if region is None else ev.sites[ev.sites.region == region]
    status = [site_status(s, as_of) for s in sites.itertuples()]
    sites = sites.assign(status=status)
    sites = sites[sites.status.notna()]
    return sites.assign(mapped=sites.latitude.notna() & sites.longitude.notna())


def _hover(site, as_of) -> str:
    dates = "; ".join(f"{name} {value}" for name, value in
                      (("planned", site.planned), ("operational", site.operational),
                       ("cancelled", site.cancelled)) if value)
    when = pd.Timestamp(as_of)
    return (f"{site.name}, {site.country}: {KIND_NAMES[site.kind]}, {site.operator}. "
            f"{dates[:1].upper()}{dates[1:]}. On {when.day} {when:%B %Y}: "
            f"{STATUS[site.status][0]}. {sources_sentence(site.sources)}")


def sites_for(section: str, evidence: Evidence | None = None) -> list[str]:
    """The ids of the sites whose ``paras`` fall in a section's paragraphs."""
    ev = evidence or load()
    row = ev.sections.set_index("section").loc[section]
    return [s.site_id for s in ev.sites.itertuples()
            if any(row.first_para <= p <= row.last_para for p in s.paras)]


@drawing
def site_map(region: str, as_of, sites=None, evidence: Evidence | None = None,
             title: str | None = None, highlight=None, width: float = PAGE_WIDTH):
    """The map of ``region`` as of a date: land, the sites on record then, each with a
    status marker, a label and hover text. ``sites`` limits it to those ids; with
    ``highlight``, only those sites are labelled and the others are drawn faded. Narrower
    in a phone's layout (:func:`companion.figures.phone_layout`), the labels are numbers,
    named in a key under the map."""
    import geopandas as gpd

    if region not in REGIONS:
        raise ValueError(f"region must be one of {list(REGIONS)}, not {region!r}")
    spec = REGIONS[region]
    ev = evidence or load()
    shown = sites_at(as_of, region, ev)
    for ids in (sites, highlight):
        unknown = sorted(set(ids or []) - set(ev.sites.site_id))
        if unknown:
            raise ValueError(f"unknown site id(s) {unknown}; see data/sites.csv")
    if sites is not None:
        shown = shown[shown.site_id.isin(list(sites))]
    west, south, east, north = spec["extent"]
    land = _countries(boundaries_file()).clip((west - 15, south - 10, east + 15, north + 10))
    land = land.to_crs(spec["crs"])
    # The map frame holds the whole extent: the bounds of its edges once projected.
    from shapely.geometry import box

    edges = gpd.GeoSeries([box(west, south, east, north).segmentize(0.5)], crs="EPSG:4326")
    x0, y0, x1, y1 = edges.to_crs(spec["crs"]).total_bounds
    width_m, height_m = x1 - x0, y1 - y0
    # Keep the whole figure at the page width; the height follows the map's shape.
    numbered = phone_layout(width)
    mapped = shown[shown.mapped]
    labelled = mapped if highlight is None else mapped[mapped.site_id.isin(list(highlight))]
    key = key_lines(list(enumerate(labelled.name, start=1)), width) if numbered else []
    # Under the map: the legend (three status rows on a phone, one line on the page),
    # then the key and the source line.
    below = 0.7 + LINE_INCHES * (len(key) + 2) if numbered else 1.0
    axes_w = width - 0.2
    height = axes_w * height_m / width_m + 0.3 + below
    with style():
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes([0.1 / width, below / height, axes_w / width,
                           (height - 0.3 - below) / height])
        # Simplified to about a pixel at this scale (6 km on the page, twice that on a
        # phone's narrower map): it keeps the SVG small.
        land = draw_land(ax, land, (x0, y0, x1, y1), simplify_m=6000 * PAGE_WIDTH / width,
                         linewidth=0.4)
        _name_countries(ax, land, spec["countries"])
        points = _draw_sites(fig, ax, mapped, spec["crs"], as_of, highlight)
        if highlight is not None:
            points = [p for p in points if p[0] in set(highlight)]
        numbers = ({site_id: str(n) for n, site_id in enumerate(labelled.site_id, start=1)}
                   if numbered else None)
        fig.unplaced_labels = _label_sites(fig, ax, points, numbers)
        when = pd.Timestamp(as_of)
        ax.set_title(title or f"{spec['title']}, {when.day} {when:%B %Y}", loc="left",
                     fontsize=None if not numbered else MIN_FONT_PT + 1)
        foot = source_height(SOURCE, width)
        draw_key(fig, key, foot)
        if numbered:
            _legend(fig, 1, foot + LINE_INCHES * len(key))
        else:
            _legend(fig)
        source_line(fig, SOURCE)
    fig.sites_shown = list(shown[shown.mapped].site_id)
    fig.sites_not_mapped = list(shown[~shown.mapped].name)
    if fig.sites_not_mapped:
        fig.caption_note = ("Not mapped, because no source gives coordinates: "
                            + ", ".join(fig.sites_not_mapped) + ".")
    else:
        fig.caption_note = "Every site on record at this date is mapped."
    if highlight is not None:
        fig.caption_note += (" Faded and unlabelled: the other sites on record then; point "
                             "at a marker for its name.")
    return fig


def _name_countries(ax, land, names):
    for name in names:
        match = land[land.name == name]
        if match.empty:
            continue
        point = max(match.geometry.iloc[0].geoms, key=lambda g: g.area).representative_point() \
            if match.geometry.iloc[0].geom_type == "MultiPolygon" \
            else match.geometry.iloc[0].representative_point()
        ax.text(point.x, point.y, name, fontsize=MIN_FONT_PT + 0.5, color="#8a857a",
                style="italic", ha="center", va="center", zorder=2, gid=f"country-{name}",
                clip_on=True)


def _draw_sites(fig, ax, sites, crs, as_of, highlight=None):
    import geopandas as gpd

    if sites.empty:
        return []
    projected = gpd.GeoSeries(gpd.points_from_xy(sites.longitude, sites.latitude),
                              crs="EPSG:4326").to_crs(crs)
    points = []
    taken: list[tuple[float, float]] = []
    for site, point in zip(sites.itertuples(), projected, strict=True):
        _, marker, face, edge = STATUS[site.status]
        x, y = point.x, point.y
        # Two sites at one base (Redzikowo) would hide each other: nudge the later one.
        px, py = ax.transData.transform((x, y))
        while any(abs(px - qx) < 9 and abs(py - qy) < 9 for qx, qy in taken):
            px += 10
        taken.append((px, py))
        x, y = ax.transData.inverted().transform((px, py))
        gid = f"site-{site.site_id}"
        faded = highlight is not None and site.site_id not in set(highlight)
        ax.plot([x], [y], marker=marker, ms=7 if faded else 9, mfc=face, mec=edge, mew=1.6,
                ls="none", zorder=3 if faded else 4, gid=gid, alpha=0.4 if faded else 1)
        hover(fig, gid, _hover(site, as_of))
        points.append((site.site_id, site.name, x, y))
    return points


def _label_sites(fig, ax, points, numbers=None):
    """Each site's name (or, with ``numbers``, its number) around its marker, by the
    book's one placer; return the ids of sites left unlabelled."""
    renderer = fig.canvas.get_renderer()
    obstacles = [mark_box(ax, x, y) for _, _, x, y in points]
    obstacles += [t.get_window_extent(renderer) for t in ax.texts]
    items = [(site_id, x, y, _wrap(name) if numbers is None else numbers[site_id])
             for site_id, name, x, y in points]
    return place_labels(fig, ax, items, ring(scale=fig.dpi / 72), obstacles,
                        text_style={"bbox": {"boxstyle": "square,pad=0.1", "fc": "white",
                                             "ec": "none", "alpha": 0.8}})


def _wrap(text: str) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, 22, break_long_words=False))


def _legend(fig, ncol: int = 3, bottom: float = 0.3):
    """The status legend, its foot ``bottom`` inches above the figure's."""
    handles = [Line2D([], [], marker=marker, ls="none", ms=8, mfc=face, mec=edge, mew=1.6)
               for _, marker, face, edge in STATUS.values()]
    fig.legend(handles, [label for label, *_ in STATUS.values()], loc="lower left", ncol=ncol,
               frameon=False, fontsize=MIN_FONT_PT,
               bbox_to_anchor=(0.0, bottom / fig.get_figheight()))


@from_data("sites")
def site_table(evidence: Evidence | None = None) -> pd.DataFrame:
    """Every site with its kind, its dates in one column (planned, operational,
    cancelled, as far as they are on record), whether it is mapped, and its sources."""
    ev = evidence or load()
    s = ev.sites

    def dates(site) -> str:
        return "; ".join(f"{name} {value}" for name, value in (
            ("planned", site.planned), ("operational", site.operational),
            ("cancelled", site.cancelled)) if value)

    return pd.DataFrame({
        "Site": s.name, "Country": s.country, "Kind": s.kind.map(KIND_NAMES),
        "Dates": [dates(site) for site in s.itertuples()],
        "Mapped": s.latitude.notna().map({True: "yes", False: "no"}),
        "Sources": s.sources,
    })


@from_data("phases")
def phase_table(evidence: Evidence | None = None) -> pd.DataFrame:
    """The four phases of the European Phased Adaptive Approach: plan and outcome."""
    ev = evidence or load()
    p = ev.phases
    def dates(phase) -> str:
        ended = (f"cancelled {phase.cancelled}" if phase.cancelled else
                 f"declared operational {phase.operational}" if phase.operational else
                 "never declared operational")
        return f"target {phase.target_year}; {ended}"

    return pd.DataFrame({
        "Phase": p.phase, "Deploys": p.deploys, "Where": p["where"],
        "Dates": [dates(phase) for phase in p.itertuples()],
        "What happened": p.outcome, "Sources": p.sources,
    })

"""The two schemes of 2010-2011 side by side, drawn from a small declarative description.

Each scheme is a list of boxes (who runs what) and links (what passes between them); the
drawing code knows nothing about missile defence. Every scheme names the sources its
description rests on, and those sources appear in the figure's source line.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from companion.bib import short_cite
from companion.figures import (
    MIN_FONT_PT,
    PAGE_WIDTH,
    drawing,
    hover,
    source_height,
    source_line,
    style,
)

#: The two schemes. A box is (id, heading, text, column, row); columns and rows are
#: positions on a 2 x 3 grid inside the panel. A link is (from, to, label, dashed).
#: ``frame`` draws one enclosing box around all the boxes: one system, not two.
SCHEMES = [
    {
        "id": "sectoral",
        "title": "Russia's offer: one sectoral system",
        "when": "Medvedev at Lisbon, 20 November 2010",
        "frame": "One European system",
        "boxes": [
            ("nato", "NATO sector", "Allies intercept missiles over their own territory", 0, 0),
            ("russia", "Russian sector", "Russia intercepts missiles crossing it towards "
             "Europe", 0, 2),
        ],
        "links": [("nato", "russia", "one architecture, fully interoperable", False)],
        "sources": ["mk_sectoral_2010", "russianforces_sectoral_2012", "rbc_serdyukov_2011"],
    },
    {
        "id": "two_systems",
        "title": "NATO's answer: two separate systems",
        "when": "NRC defence ministers, 8 June 2011",
        "frame": None,
        "boxes": [
            ("nato", "NATO system", "Defends allied territory; NATO alone decides", 0, 0),
            ("russia", "Russian system", "Defends Russia; Russia alone decides", 0, 2),
            ("centres", "Joint centres", "Offered December 2011: shared data and "
             "planning, no joint command", 1, 1),
        ],
        "links": [("nato", "russia", "exchange information", False),
                  ("nato", "centres", "", True), ("russia", "centres", "", True)],
        "sources": ["nato_nrc_dm_presser_2011", "interfax_rasmussen_2011",
                    "tass_rasmussen_kommersant_2011"],
    },
]

COLOURS = {"nato": "#0072B2", "russia": "#D55E00", "centres": "#555555"}
BOX_W, BOX_H = 0.46, 0.27


def _centre(column: int, row: int) -> tuple[float, float]:
    """Grid position to panel coordinates (0-1), row 0 at the top."""
    return 0.26 + column * 0.49, 0.8 - row * 0.3


@drawing
def schemes_diagram(schemes: list[dict] | None = None, width: float = PAGE_WIDTH):
    """The schemes side by side, one panel each, with hover text on every box; on a figure
    too narrow for them side by side (a phone's), one above the other, each panel as wide
    as it is on the page."""
    schemes = schemes or SCHEMES
    for scheme in schemes:
        boxes = {box[0] for box in scheme["boxes"]}
        for start, end, *_ in scheme["links"]:
            missing = sorted({start, end} - boxes)
            if missing:
                raise ValueError(f"scheme {scheme['id']!r}: a link names box(es) {missing} "
                                 f"that the scheme does not define; boxes are {sorted(boxes)}")
    cites = "; ".join(dict.fromkeys(short_cite(k) for s in schemes for k in s["sources"]))
    side_by_side = width / len(schemes) >= PAGE_WIDTH / 2 - 1e-9
    with style():
        if side_by_side:
            height = 4.3
            fig, axes = plt.subplots(1, len(schemes), figsize=(width, height),
                                     gridspec_kw={"wspace": 0.06})
            fig.subplots_adjust(left=0.01, right=0.99, top=0.87, bottom=0.12)
        else:
            foot = source_height(cites, width) + 0.1
            height = 3.6 * len(schemes) + foot
            fig, axes = plt.subplots(len(schemes), 1, figsize=(width, height),
                                     gridspec_kw={"hspace": 0.2})
            fig.subplots_adjust(left=0.01, right=0.99, top=1 - 0.56 / height,
                                bottom=foot / height)
        for ax, scheme in zip(axes, schemes, strict=True):
            _panel(fig, ax, scheme)
        source_line(fig, cites)
    return fig


def _panel(fig, ax, scheme: dict) -> None:
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    ax.text(0.0, 1.09, scheme["title"], fontsize=MIN_FONT_PT + 1.5, weight="bold",
            transform=ax.transAxes, va="bottom")
    ax.text(0.0, 1.02, scheme["when"], fontsize=MIN_FONT_PT, color="#444444",
            transform=ax.transAxes, va="bottom")
    places = {box[0]: _centre(box[3], box[4]) for box in scheme["boxes"]}
    if scheme["frame"]:
        ax.add_patch(FancyBboxPatch((0.02, 0.02), 0.96, 0.94,
                                    boxstyle="round,pad=0.0,rounding_size=0.03",
                                    fc="#f4f1ea", ec="#777777", lw=1.0, ls="--", zorder=0))
        ax.text(0.97, 0.04, scheme["frame"], ha="right", va="bottom", fontsize=MIN_FONT_PT,
                style="italic", color="#444444")
    for box_id, heading, text, _, _ in scheme["boxes"]:
        x, y = places[box_id]
        gid = f"scheme-{scheme['id']}-{box_id}"
        colour = COLOURS.get(box_id, "#555555")
        ax.add_patch(FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
                                    boxstyle="round,pad=0.0,rounding_size=0.02", fc="white",
                                    ec=colour, lw=1.8, zorder=2, gid=gid))
        ax.text(x, y + BOX_H / 2 - 0.025, heading, ha="center", va="top",
                fontsize=MIN_FONT_PT + 0.5, weight="bold", color=colour, zorder=3)
        ax.text(x, y - 0.035, _wrap(text, 21), ha="center", va="center", fontsize=MIN_FONT_PT,
                zorder=3, linespacing=1.1)
        hover(fig, gid, f"{scheme['title']} ({scheme['when']}): {heading}. {text}.")
    for start, end, label, dashed in scheme["links"]:
        (x0, y0), (x1, y1) = places[start], places[end]
        if abs(x1 - x0) < 1e-9:  # one box above the other: a straight arrow
            a, b, path = (x0, y0 - BOX_H / 2), (x1, y1 + BOX_H / 2), "arc3"
        else:  # out of the side, then up or down into the other box: an elbow
            a = (x0 + BOX_W / 2, y0)
            b = (x1, y1 + BOX_H / 2) if y1 < y0 else (x1, y1 - BOX_H / 2)
            path = "angle,angleA=0,angleB=90,rad=0"
        ax.add_patch(FancyArrowPatch(a, b, arrowstyle="<|-|>", mutation_scale=11,
                                     connectionstyle=path, color="#444444", lw=1.3,
                                     ls="--" if dashed else "-", zorder=1))
        if label:
            ax.text(x0 + 0.03, (a[1] + b[1]) / 2, _wrap(label, 15), ha="left", va="center",
                    fontsize=MIN_FONT_PT, color="#222222")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False))


def scheme_alt_text(schemes: list[dict] | None = None) -> str:
    """A plain-language description of the diagram, built from the same description."""
    parts = []
    for s in schemes or SCHEMES:
        boxes = "; ".join(f"{heading}: {text}" for _, heading, text, _, _ in s["boxes"])
        links = "; ".join(f"{a} and {b} {label}".strip() for a, b, label, _ in s["links"] if label)
        frame = f" All inside one frame labelled '{s['frame']}'." if s["frame"] else ""
        parts.append(f"{s['title']} ({s['when']}). {boxes}. Link: {links}.{frame}")
    return " ".join(parts)

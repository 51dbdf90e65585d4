"""Shared figure style and reproducible saving.

Every figure in the book is drawn inside :func:`style`, so text from data is never parsed
as mathtext, the face is white (readable in a dark theme) and text is large enough to read
on a phone. :func:`save` writes byte-identical PNG and SVG files for the same figure.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import matplotlib.pyplot as plt

#: Okabe-Ito colour-blind-safe palette.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"]

RC = {
    "text.parse_math": False,
    "text.usetex": False,
    "svg.hashsalt": "lukyanov-2011-companion",
    "svg.fonttype": "none",
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "font.family": "DejaVu Sans",
}


@contextlib.contextmanager
def style():
    """The book's matplotlib settings, applied for the duration of a drawing function."""
    with plt.rc_context(RC):
        yield


def source_line(fig, text: str) -> None:
    """A 'Source:' line under the plot area, plain text."""
    fig.text(0.01, 0.005, f"Source: {text}", fontsize=8.5, color="#444444", ha="left",
             va="bottom", parse_math=False)


def save(fig, stem: str | Path) -> list[Path]:
    """Write <stem>.png and <stem>.svg with fixed metadata, so reruns are byte-identical."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    with style():
        png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
        fig.savefig(png, dpi=150, metadata={"Software": None})
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]


def svg_text(fig) -> str:
    """The figure as SVG text with fixed metadata and ids (identical on every run)."""
    buffer = io.StringIO()
    with style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


class SVGFigure:
    """A figure that a notebook displays as SVG.

    SVG keeps text sharp and searchable, and because :func:`svg_text` is deterministic,
    nbval compares it like any other output, so a stale figure fails the tests.
    """

    def __init__(self, fig):
        self.fig = fig

    def _repr_svg_(self) -> str:
        return svg_text(self.fig)

    def __repr__(self) -> str:
        # The plain-text fallback stays the same from run to run (no memory address).
        return "<figure (SVG)>"


def as_svg(fig) -> SVGFigure:
    """Wrap a figure for display (or myst-nb ``glue``) and close it, so the notebook's
    inline backend does not show it a second time as PNG."""
    plt.close(fig)
    return SVGFigure(fig)


#: When set (by ``make figures``), every book figure is also saved there as PNG and SVG.
FIGURE_DIR_VARIABLE = "COMPANION_FIGURE_DIR"


def glue_figure(name: str, fig) -> None:
    """Hand a figure to the page as ``{glue:figure} name`` (captioned in the prose).

    This is the one road every figure of the book takes, so ``make figures`` can collect
    them all for slides by re-running the notebooks with COMPANION_FIGURE_DIR set.
    """
    from myst_nb import glue

    missing = sorted(set(getattr(fig, "requested_labels", []))
                     & set(getattr(fig, "unplaced_labels", [])))
    if missing:
        raise ValueError(
            f"figure {name!r}: no room for the label(s) {missing} without overlap; "
            "label fewer events, narrow the time window or widen the figure."
        )
    folder = os.environ.get(FIGURE_DIR_VARIABLE)
    if folder:
        save(fig, Path(folder) / name)
    glue(name, as_svg(fig), display=False)

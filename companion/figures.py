"""Shared figure style, hover text and reproducible saving.

Every figure in the book is drawn inside :func:`style`, so text from data is never parsed
as mathtext and the face is white. Figures are drawn at :data:`PAGE_WIDTH`, the width the
book's page gives a figure at a 1280 px window, so the browser shows them at 1:1 and no
text (at least :data:`MIN_FONT_PT`) renders below 11 px; a drawing function decorated with
:func:`drawing` draws the same figure again at :data:`NARROW_WIDTH`, which a phone shows
instead, because the wide figure scaled to a phone's column would shrink its text by half.
:func:`save` writes byte-identical PNG and SVG files for the same figure.

Hover text: a drawing function registers a sentence for a mark with :func:`hover`; the SVG
then carries it as a ``<title>`` on that mark, which a browser shows when the reader points
at it (no JavaScript).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import os
import re
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib.pyplot as plt

from companion.markdown import escape as md_escape

#: The kinds of mark a reader points at, by the start of their gid: every drawn mark whose gid
#: starts with one of these must carry hover text (the browser checks read this list).
MARK_PREFIXES = ("event-", "cell--", "site-", "actor-", "claims-", "scheme-", "poll-",
                 "reading--", "reach-", "flight-")

#: Okabe-Ito colour-blind-safe palette.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"]

#: Width, in inches, of the text column a figure gets at a 1280 px window (672 CSS px,
#: measured in Chromium): drawn at this width, a figure is shown unscaled.
PAGE_WIDTH = 7.0
#: CSS pixels per inch, and so per 72 points of a figure shown at 1:1.
PX_PER_INCH = 96
#: The smallest text any figure may draw: 8.5 pt renders at 11.3 px when shown at 1:1.
MIN_FONT_PT = 8.5
#: The smallest rendered text the book accepts, in CSS pixels.
MIN_TEXT_PX = 11
#: Width, in inches, of the text column at a 390 px window (342 CSS px, measured in
#: Chromium): a figure's narrow layout is drawn at this width for phones.
NARROW_WIDTH = 342 / PX_PER_INCH
#: Narrower than this (inches) a drawing function lays its figure out for a phone:
#: numbered labels with a key, stacked panels, legends in fewer columns.
PHONE_LAYOUT_BELOW = 5.0
#: The smallest text a phone may show: a narrow layout drawn at 8.5 pt is still 9.5 px in
#: the 288 px column of a 320 px screen, the narrowest in use.
MIN_PHONE_TEXT_PX = 9

RC = {
    "text.parse_math": False,
    "text.usetex": False,
    "svg.hashsalt": "lukyanov-2011-companion",
    "svg.fonttype": "none",
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.labelsize": 9.5,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "font.family": "DejaVu Sans",
}


@contextlib.contextmanager
def style():
    """The book's matplotlib settings, applied for the duration of a drawing function."""
    with plt.rc_context(RC):
        yield


def phone_layout(width: float) -> bool:
    """Whether a figure ``width`` inches wide gets the phone's layout."""
    return width < PHONE_LAYOUT_BELOW


def drawing(function):
    """Mark a function that draws a book figure and takes ``width`` (inches).

    The figure it returns remembers how it was drawn, so :func:`glue_figure` can draw the
    same figure again at :data:`NARROW_WIDTH` for phones, with the same arguments."""

    @functools.wraps(function)
    def draw(*args, **kwargs):
        fig = function(*args, **kwargs)
        fig.redraw = lambda width: function(*args, **{**kwargs, "width": width})
        return fig

    return draw


#: Characters of :data:`MIN_FONT_PT` text one inch holds (DejaVu Sans, with a margin), and
#: the height of one such line in inches.
CHARS_PER_INCH = 13.5
LINE_INCHES = 0.16


def source_text(text: str, width: float) -> str:
    """'Source: ...' wrapped to a figure ``width`` inches wide."""
    return textwrap.fill(" ".join(f"Source: {text}".split()),
                         int((width - 0.15) * CHARS_PER_INCH))


def source_height(text: str, width: float) -> float:
    """The inches the source line of a figure ``width`` inches wide takes at its foot."""
    return LINE_INCHES * (source_text(text, width).count("\n") + 1) + 0.05


def source_line(fig, text: str) -> None:
    """A 'Source:' line under the plot area, plain text, wrapped to the figure's width."""
    fig.text(0.01, 0.005, source_text(text, fig.get_figwidth()), fontsize=MIN_FONT_PT,
             color="#444444", ha="left", va="bottom", parse_math=False, gid="source-line",
             linespacing=1.25)


def key_lines(entries, width: float) -> list[str]:
    """A numbered key's lines for a figure ``width`` inches wide: each (number, words)
    of ``entries`` wrapped, its later lines indented under the words."""
    lines = []
    for number, words in entries:
        lines += textwrap.wrap(f"{number}  {' '.join(str(words).split())}",
                               int((width - 0.2) * CHARS_PER_INCH),
                               subsequent_indent="     ")
    return lines


def draw_key(fig, lines, bottom: float) -> None:
    """A key's lines, one text each, from the left edge, the last ending ``bottom`` inches
    above the figure's foot (a phone's figure names its marks by number here)."""
    height = fig.get_figheight()
    for i, line in enumerate(lines):
        fig.text(0.1 / fig.get_figwidth(), (bottom + LINE_INCHES * (len(lines) - i)) / height,
                 line, fontsize=MIN_FONT_PT, ha="left", va="top", gid="key", parse_math=False)


def outside_text(fig) -> list[str]:
    """Every drawn text of the figure that runs past its edges (the page would cut it)."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    page, undrawn = fig.bbox.padded(1), _undrawn_tick_labels(fig)
    texts = fig.findobj(lambda a: hasattr(a, "get_window_extent") and hasattr(a, "get_text"))
    out = []
    for text in texts:
        if id(text) in undrawn or not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if not (page.contains(box.x0, box.y0) and page.contains(box.x1, box.y1)):
            out.append(text.get_text())
    return out


def _undrawn_tick_labels(fig) -> set[int]:
    """Ids of tick labels matplotlib keeps but does not draw (their tick is off the axis)."""
    undrawn = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                if loc is None or not lo - 1e-9 <= loc <= hi + 1e-9:
                    undrawn |= {id(tick.label1), id(tick.label2)}
    return undrawn


def hover(fig, gid: str, text: str) -> None:
    """Attach hover text to the mark drawn with ``gid`` (shown as an SVG ``<title>``)."""
    if not hasattr(fig, "hover_texts"):
        fig.hover_texts = {}
    fig.hover_texts[gid] = " ".join(str(text).split())


def too_small_text(fig) -> list[tuple[str, float]]:
    """Every visible text of the figure set below :data:`MIN_FONT_PT`, as (text, size).

    The figure is laid out first (tick labels exist only then), without rasterising it."""
    fig.draw_without_rendering()
    texts = fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
    return [(t.get_text(), t.get_fontsize()) for t in texts
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_PT]


def save(fig, stem: str | Path) -> list[Path]:
    """Write <stem>.png and <stem>.svg with fixed metadata, so reruns are byte-identical."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    with style():
        png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
        fig.savefig(png, dpi=150, metadata={"Software": None})
    svg.write_text(svg_text(fig), encoding="utf-8")
    return [png, svg]


def svg_text(fig, titles: bool = True) -> str:
    """The figure as SVG text with fixed metadata and ids (identical on every run), each
    registered hover text set as a ``<title>`` on its mark (unless ``titles`` is False)."""
    buffer = io.StringIO()
    with style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = compact_paths(buffer.getvalue())
    return add_titles(svg, getattr(fig, "hover_texts", {})) if titles else svg


def _short(match) -> str:
    return f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")


def compact_paths(svg: str) -> str:
    """Path coordinates to a hundredth of a point (a seventy-fifth of a pixel) on one
    line: matplotlib writes six decimals and a line per vertex, which made a map's land
    three quarters of its file."""
    return re.sub(r'(?<=\sd=")[^"]*', lambda m: re.sub(
        r"-?\d+\.\d+", _short, " ".join(m.group(0).split())), svg)


def add_titles(svg: str, titles: dict[str, str]) -> str:
    """Insert ``<title>text</title>`` as the first child of each ``<g id="gid">``; the text
    is XML-escaped. A gid that is not in the SVG is an error, so no hover text is lost."""
    for gid, text in titles.items():
        pattern = re.compile(r'(<g id="' + re.escape(gid) + r'"[^>]*>)')
        title = f"\n   <title>{escape(text)}</title>"
        svg, found = pattern.subn(lambda m, t=title: m.group(1) + t, svg, count=1)
        if not found:
            raise ValueError(f"hover text for {gid!r}, but no mark with that id was drawn")
    return svg


class SVGFigure:
    """A figure that a notebook displays as SVG.

    SVG keeps text sharp and searchable, and because :func:`svg_text` is deterministic,
    nbval compares it like any other output, so a stale figure fails the tests.
    """

    def __init__(self, fig, titles: bool = True):
        self.fig, self.titles = fig, titles

    def _repr_svg_(self) -> str:
        return svg_text(self.fig, self.titles)

    def __repr__(self) -> str:
        # The plain-text fallback stays the same from run to run (no memory address).
        return "<figure (SVG)>"


def as_svg(fig, titles: bool = True) -> SVGFigure:
    """Wrap a figure for display (or myst-nb ``glue``) and close it, so the notebook's
    inline backend does not show it a second time as PNG."""
    plt.close(fig)
    return SVGFigure(fig, titles)


#: When set (by ``make figures``), every book figure is also saved there as PNG and SVG.
FIGURE_DIR_VARIABLE = "COMPANION_FIGURE_DIR"


def glue_figure(name: str, fig) -> None:
    """Hand a figure to the page as ``{glue:figure} name`` (captioned in the prose), with
    its narrow layout as ``name-narrow``, which the page shows on a phone instead.

    This is the one road every figure of the book takes, so ``make figures`` can collect
    them all for slides by re-running the notebooks with COMPANION_FIGURE_DIR set.
    """
    check_figure(name, fig, PAGE_WIDTH)
    narrow = narrow_layout(name, fig)
    folder = os.environ.get(FIGURE_DIR_VARIABLE)
    if folder:
        save(fig, Path(folder) / name)
    from IPython.display import Markdown, display

    note = getattr(fig, "caption_note", None)
    if importlib.util.find_spec("myst_nb") is None:
        # Outside the book's build (Colab, a runtime-only environment) there is no page to
        # hand the figure to: show it here, with its note, instead.
        display(as_svg(fig))
        if note:
            display(Markdown(md_escape(note)))
        return
    glue(name, as_svg(fig))
    if narrow is not None:
        # A phone shows the narrow layout as an image: no hover, so no hover text to carry.
        glue(f"{name}-narrow", as_svg(narrow, titles=False))
    if note:
        # A sentence the caption takes from the figure itself: {glue:md}`<name>-note`.
        glue(f"{name}-note", Markdown(md_escape(note)))


def check_figure(name: str, fig, width: float) -> None:
    """Refuse a figure with a label it had no room for, text below :data:`MIN_FONT_PT` or
    a width above ``width`` inches, each of which the reader would pay for."""
    missing = sorted(set(getattr(fig, "requested_labels", []))
                     & set(getattr(fig, "unplaced_labels", [])))
    if missing:
        raise ValueError(
            f"figure {name!r}: no room for the label(s) {missing} without overlap; "
            "label fewer events, narrow the time window or widen the figure."
        )
    small = too_small_text(fig)
    if small:
        raise ValueError(f"figure {name!r}: text below {MIN_FONT_PT} pt would be illegible "
                         f"on the page: {small[:3]}")
    if fig.get_figwidth() > width + 1e-9:
        raise ValueError(f"figure {name!r} is {fig.get_figwidth():.2f} in wide; the page "
                         f"shows {width:.2f} in at full size, so its text would shrink.")


def narrow_layout(name: str, fig):
    """The figure drawn again at :data:`NARROW_WIDTH`, checked like the wide one; None when
    the figure already fits a phone's column."""
    if fig.get_figwidth() <= NARROW_WIDTH + 1e-9:
        return None
    redraw = getattr(fig, "redraw", None)
    if redraw is None:
        raise ValueError(f"figure {name!r} is {fig.get_figwidth():.2f} in wide and has no "
                         f"narrow layout for phones: draw it with a function decorated "
                         f"with companion.figures.drawing that takes width=.")
    narrow = redraw(NARROW_WIDTH)
    check_figure(f"{name}-narrow", narrow, NARROW_WIDTH)
    plt.close(narrow)
    folder = os.environ.get(FIGURE_DIR_VARIABLE)
    if folder:
        save(narrow, Path(folder) / f"{name}-narrow")
    return narrow


#: The prefix myst-nb's glue gives the MIME types of a value it keeps for the page.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value) -> None:
    """What ``myst_nb.glue(name, value, display=False)`` writes into the cell's outputs.

    myst-nb's own function lives in a module that imports nbformat and, through it,
    jsonschema's format checkers, which compile dozens of grammars on import: about 1.4 s
    in every notebook kernel, for four lines. tests/unit/test_figures.py checks that both
    write the same output."""
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)

"""Hover text, legibility checks and the inline SVG the book pages carry."""

import importlib.util
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest
from matplotlib.ticker import FixedLocator

from bookbuild.sphinx_ext import inline_svg
from companion.figures import (
    GLUE_PREFIX,
    MIN_FONT_PT,
    PAGE_WIDTH,
    SVGFigure,
    add_titles,
    as_svg,
    glue,
    glue_figure,
    hover,
    svg_text,
    too_small_text,
)

NS = "{http://www.w3.org/2000/svg}"


def test_hover_text_becomes_an_escaped_title_on_its_mark():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0], [0], marker="o", gid="mark-a")
    hover(fig, "mark-a", "Cost <$5_000> & 'more'")
    root = ET.fromstring(svg_text(fig))
    group = next(g for g in root.iter(f"{NS}g") if g.get("id") == "mark-a")
    assert group[0].tag == f"{NS}title" and group[0].text == "Cost <$5_000> & 'more'"
    plt.close(fig)


def test_hover_text_for_a_mark_that_was_not_drawn_is_an_error():
    with pytest.raises(ValueError, match="no mark with that id"):
        add_titles('<svg><g id="a"></g></svg>', {"b": "text"})


def test_small_text_and_wide_figures_are_refused_before_they_reach_the_page():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0, 0, "tiny", fontsize=MIN_FONT_PT - 0.5)
    assert too_small_text(fig) == [("tiny", MIN_FONT_PT - 0.5)]
    with pytest.raises(ValueError, match="below 8.5 pt"):
        glue_figure("tiny", fig)
    wide, _ = plt.subplots(figsize=(PAGE_WIDTH + 1, 2))
    with pytest.raises(ValueError, match="in wide"):
        glue_figure("wide", wide)
    plt.close("all")


def test_text_made_only_when_the_figure_is_drawn_is_measured_too():
    """Tick labels get their text from the axis formatter only when matplotlib lays the
    figure out."""
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_locator(FixedLocator([0, 1]))
    ax.set_yticks([])
    ax.tick_params(labelsize=MIN_FONT_PT - 1)
    assert sorted(too_small_text(fig)) == [("0", MIN_FONT_PT - 1), ("1", MIN_FONT_PT - 1)]
    plt.close(fig)


@pytest.fixture
def displayed(monkeypatch):
    """What reaches IPython's display (from this package and from myst-nb's glue)."""
    import IPython.display
    import myst_nb.ext.glue

    calls = []

    def record(*args, **kwargs):
        calls.append((args, kwargs))

    monkeypatch.setattr(IPython.display, "display", record)
    monkeypatch.setattr(myst_nb.ext.glue, "ipy_display", record)
    return calls


def test_glue_writes_exactly_what_myst_nbs_glue_writes(displayed):
    from IPython.display import Markdown
    from myst_nb import glue as myst_glue

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    for value in (as_svg(fig), Markdown("A *note*")):
        glue("name", value)
        myst_glue("name", value, display=False)
    assert displayed[0] == displayed[1] and displayed[2] == displayed[3]
    (bundle,), options = displayed[0]
    assert set(bundle) == {GLUE_PREFIX + "image/svg+xml", GLUE_PREFIX + "text/plain"}
    assert options["raw"] is True
    assert options["metadata"]["scrapbook"] == {"name": "name", "mime_prefix": GLUE_PREFIX}


def test_a_figure_is_glued_for_the_page_or_shown_where_there_is_no_book(displayed,
                                                                         monkeypatch):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    fig.caption_note = "Two *marks*."
    glue_figure("line", fig)
    glued = [args[0] for args, _ in displayed]
    assert [sorted(b) for b in glued] == [
        [GLUE_PREFIX + "image/svg+xml", GLUE_PREFIX + "text/plain"],
        [GLUE_PREFIX + "text/markdown", GLUE_PREFIX + "text/plain"]]
    assert glued[1][GLUE_PREFIX + "text/markdown"] == "Two \\*marks\\*\\."
    displayed.clear()
    # Colab or a runtime-only environment: no myst-nb, so the figure and its note show here.
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "myst_nb" else real(name, *a))
    glue_figure("line", fig)
    shown = [args[0] for args, _ in displayed]
    assert isinstance(shown[0], SVGFigure) and shown[1].data == "Two \\*marks\\*\\."


def test_inline_svg_prefixes_ids_and_references_and_sizes_in_pixels():
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="504pt" height="72pt" '
           'viewBox="0 0 504 72" xmlns="http://www.w3.org/2000/svg" '
           'xmlns:xlink="http://www.w3.org/1999/xlink"><defs><clipPath id="p1"></clipPath>'
           '<path id="m2"/></defs><g id="event-x" clip-path="url(#p1)"><use xlink:href="#m2"/>'
           '</g></svg>')
    out = inline_svg(svg, "fig-a--", 'A "figure" & more')
    assert out.startswith('<div class="companion-figure-scroll"') and "<?xml" not in out
    root = ET.fromstring(out[out.index("<svg"):-len("</div>")])
    assert root.get("width") == "672" and root.get("height") == "96"
    assert root.get("aria-label") == 'A "figure" & more' and root.get("role") == "img"
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert ids == {"fig-a--p1", "fig-a--m2", "fig-a--event-x"}
    assert 'clip-path="url(#fig-a--p1)"' in out and 'xlink:href="#fig-a--m2"' in out


def test_bibliography_labels_are_author_year_with_letters_for_the_same_author_and_year():
    from pybtex.database import parse_string

    from companion.bib import AuthorYearLabelStyle, BibliographyStyle

    db = parse_string("""
@misc{b, author = {{NATO}}, title = {Zeta}, year = {2011}}
@misc{a, author = {{NATO}}, title = {Alpha}, year = {2011}}
@misc{c, author = {Pifer, Steven}, title = {Paper}, year = {2012}}
@misc{d, author = {Hildreth, Steven A. and Ek, Carl}, title = {Report}, year = {2010}}
@misc{e, author = {A, X. and B, Y. and C, Z.}, title = {Three}}
""", "bibtex")
    entries = BibliographyStyle().sort(db.entries.values())
    labels = dict(zip([e.key for e in entries],
                      AuthorYearLabelStyle().format_labels(entries), strict=True))
    assert [e.key for e in entries] == ["e", "d", "a", "b", "c"]
    assert labels == {"a": "NATO 2011a", "b": "NATO 2011b", "c": "Pifer 2012",
                      "d": "Hildreth and Ek 2010", "e": "A et al. n.d."}

"""Hover text, legibility checks and the inline SVG the book pages carry."""

import importlib.util
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest
from matplotlib.ticker import FixedLocator

from bookbuild.figures import inline_svg
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
    assert out.startswith('<div class="companion-figure-box"') and "<?xml" not in out
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


def test_a_drawing_remembers_its_arguments_and_draws_again_at_another_width():
    from companion.figures import drawing

    @drawing
    def bars(values, colour="red", width=PAGE_WIDTH):
        fig, ax = plt.subplots(figsize=(width, 2))
        ax.bar(range(len(values)), values, color=colour)
        return fig

    wide = bars([1, 2, 3], colour="blue")
    narrow = wide.redraw(3.0)
    assert wide.get_figwidth() == PAGE_WIDTH and narrow.get_figwidth() == 3.0
    assert [round(p.get_height()) for p in narrow.axes[0].patches] == [1, 2, 3]
    assert narrow.axes[0].patches[0].get_facecolor() == wide.axes[0].patches[0].get_facecolor()
    plt.close("all")


def test_a_wide_figure_is_glued_with_its_narrow_layout(displayed):
    from companion.figures import NARROW_WIDTH, drawing

    @drawing
    def line(width=PAGE_WIDTH):
        fig, ax = plt.subplots(figsize=(width, 2))
        ax.plot([0, 1], [0, 1], gid="mark")
        hover(fig, "mark", "A line.")
        return fig

    glue_figure("line", line())
    glued = [(options["metadata"]["scrapbook"]["name"], bundle)
             for (bundle,), options in displayed]
    assert [name for name, _ in glued] == ["line", "line-narrow"]
    narrow = ET.fromstring(glued[1][1][GLUE_PREFIX + "image/svg+xml"])
    assert float(narrow.get("width").removesuffix("pt")) == pytest.approx(NARROW_WIDTH * 72)
    # Shown as an image on a phone, which has no hover: the hover text stays on the page's.
    assert narrow.find(f".//{NS}title") is None
    assert ET.fromstring(glued[0][1][GLUE_PREFIX + "image/svg+xml"]).find(f".//{NS}title") \
        is not None
    plt.close("all")


def test_a_wide_figure_without_a_narrow_layout_is_refused():
    fig, _ = plt.subplots(figsize=(PAGE_WIDTH, 2))
    with pytest.raises(ValueError, match="no narrow layout for phones"):
        glue_figure("plain", fig)
    small, _ = plt.subplots(figsize=(3, 2))
    glue_figure("small", small)  # already fits a phone: nothing to redraw
    plt.close("all")


def test_a_narrow_layout_is_checked_like_the_wide_one():
    from companion.figures import drawing

    @drawing
    def cramped(width=PAGE_WIDTH):
        fig, ax = plt.subplots(figsize=(width, 2))
        ax.text(0, 0, "x", fontsize=MIN_FONT_PT if width == PAGE_WIDTH else MIN_FONT_PT - 1)
        return fig

    with pytest.raises(ValueError, match="'cramped-narrow': text below"):
        glue_figure("cramped", cramped())
    plt.close("all")


def test_text_that_runs_past_the_figure_edge_is_found_but_ticks_off_the_axis_are_not():
    from companion.figures import outside_text

    fig, ax = plt.subplots(figsize=(3, 2))
    fig.subplots_adjust(bottom=0.2)
    ax.set_yticks([])
    ax.set_xticks([-1, 0, 1, 2])
    ax.set_xlim(0, 1)  # the ticks at -1 and 2 are kept by matplotlib, but not drawn
    ax.text(0.9, 0.5, "runs past the right edge of the figure")
    ax.text(0.1, 0.5, "inside")
    assert outside_text(fig) == ["runs past the right edge of the figure"]
    plt.close(fig)


def test_the_source_line_wraps_to_the_figure_and_its_height_follows():
    from companion.figures import CHARS_PER_INCH, source_height, source_text

    text = "data/events.csv (see each event's sources in references.bib)"
    assert "\n" not in source_text(text, PAGE_WIDTH)
    lines = source_text(text, 3.5).split("\n")
    assert len(lines) == 2 and all(len(line) <= 3.35 * CHARS_PER_INCH for line in lines)
    assert source_height(text, 3.5) > source_height(text, PAGE_WIDTH)


def test_a_key_wraps_each_entry_under_its_words():
    from companion.figures import key_lines

    lines = key_lines([(1, "Short"), (12, "A much longer entry that has to wrap onto a "
                                          "second line at this width")], 3.0)
    assert lines[0] == "1  Short" and lines[1].startswith("12  A much")
    assert len(lines) > 2 and all(line.startswith("     ") and line.strip() for line in lines[2:])


def test_a_narrow_layout_is_a_picture_only_a_phone_loads():
    from bookbuild.figures import BLANK_GIF, PHONE_MEDIA, narrow_picture

    svg = '<?xml version="1.0"?>\n<svg width="256.5pt" height="72pt" viewBox="0 0 256.5 72">'
    out = narrow_picture("../_images/narrow/a.svg", svg + "</svg>", 'A "map"')
    from bs4 import BeautifulSoup

    root = BeautifulSoup(out, "html.parser").find("picture")
    source, img = root.find("source"), root.find("img")
    assert root.get("class") == ["companion-figure-narrow"]
    assert source.get("media") == PHONE_MEDIA and source.get("srcset") == "../_images/narrow/a.svg"
    # Anywhere else the picture is a 1x1 image written into the page: no request at all.
    assert img.get("src") == BLANK_GIF and img.get("alt") == 'A "map"'
    assert (img.get("width"), img.get("height")) == ("342", "96")


def test_the_page_stylesheet_swaps_the_layouts_at_the_phone_media_query():
    from bookbuild.figures import PHONE_MEDIA
    from companion import ROOT

    css = (ROOT / "book" / "_static" / "companion.css").read_text(encoding="utf-8")
    block = css[css.index(f"@media {PHONE_MEDIA}"):]
    block = block[:block.index("\n}\n")]
    assert ".companion-figure-box.wide {\n    display: none;" in block
    assert ".companion-figure-narrow {\n    display: block;" in block


def test_the_narrow_layouts_a_notebook_glued_are_read_by_name(tmp_path):
    import nbformat

    from bookbuild.figures import glued_svgs

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={GLUE_PREFIX + "image/svg+xml": "<svg/>"},
        metadata={"scrapbook": {"name": "map-narrow", "mime_prefix": GLUE_PREFIX}}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg>not glued</svg>"})]
    nb.cells = [cell]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    assert glued_svgs(path) == {"map-narrow": "<svg/>"}
    assert glued_svgs(tmp_path / "page.md") == {}


def test_path_coordinates_are_written_to_a_hundredth_of_a_point_on_one_line():
    from companion.figures import compact_paths

    svg = '<path d="M 452.244141 331.875193 \nL -3.5 0.004 \nz" x="1.123456"/>'
    assert compact_paths(svg) == '<path d="M 452.24 331.88 L -3.5 0 z" x="1.123456"/>'

"""The schemes diagram is drawn from its description: boxes, links, hover and alt text."""

import copy
import re

import pytest
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.transforms import Bbox

from companion.diagrams import COLOURS, SCHEMES, scheme_alt_text, schemes_diagram
from companion.figures import MIN_FONT_PT, PAGE_WIDTH, svg_text, too_small_text


def test_every_box_is_drawn_with_hover_text():
    fig = schemes_diagram()
    svg = svg_text(fig)
    for scheme in SCHEMES:
        for box_id, heading, *_ in scheme["boxes"]:
            gid = f"scheme-{scheme['id']}-{box_id}"
            title = re.search(r'<g id="' + gid + r'"[^>]*>\s*<title>([^<]+)</title>', svg)
            assert title and heading in title.group(1), gid
    assert fig.get_figwidth() <= PAGE_WIDTH and too_small_text(fig) == []


def test_a_new_box_appears_in_the_drawing_and_the_alt_text():
    schemes = copy.deepcopy(SCHEMES)
    schemes[1]["boxes"].append(("observers", "Observers", "Watch the exercises", 1, 0))
    assert 'id="scheme-two_systems-observers"' in svg_text(schemes_diagram(schemes))
    assert "Observers: Watch the exercises" in scheme_alt_text(schemes)


def test_a_link_to_an_undefined_box_is_refused():
    schemes = copy.deepcopy(SCHEMES)
    schemes[0]["links"].append(("nato", "china", "talks", False))
    with pytest.raises(ValueError, match=r"'china'"):
        schemes_diagram(schemes)


def test_sources_are_in_the_source_line():
    from companion.bib import short_cite

    fig = schemes_diagram()
    line = next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")
    flat = " ".join(line.split())
    for scheme in SCHEMES:
        for key in scheme["sources"]:
            assert short_cite(key) in flat, key


# Geometry read back from the drawn figure: each panel's boxes, frame, arrows and texts.
# The figure is drawn afresh for each test, so mutation testing ties every test to the
# drawing code it exercises.

@pytest.fixture
def page():
    fig = schemes_diagram()
    fig.canvas.draw()
    return fig


def panels(fig):
    return list(zip(fig.axes, SCHEMES, strict=True))


def boxes(ax, scheme):
    """Each box's patch by its id, in the scheme's order."""
    by_gid = {p.get_gid(): p for p in ax.patches if isinstance(p, FancyBboxPatch)}
    return {box[0]: by_gid[f"scheme-{scheme['id']}-{box[0]}"] for box in scheme["boxes"]}


def frame_of(ax):
    frames = [p for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_gid() is None]
    assert len(frames) <= 1
    return frames[0] if frames else None


def arrows(ax):
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def pixels(ax, patch):
    """A box patch's drawn outline (padding included) in pixels."""
    return patch.get_window_extent()


def text_box(fig, text):
    return text.get_window_extent()


def flat(text):
    return " ".join(text.get_text().split())


def text_saying(ax, words):
    (text,) = [t for t in ax.texts if flat(t) == words]
    return text


def inside(inner, outer, slack=0.5):
    return (outer.x0 - slack <= inner.x0 and inner.x1 <= outer.x1 + slack
            and outer.y0 - slack <= inner.y0 and inner.y1 <= outer.y1 + slack)


def test_each_panel_shows_its_title_date_boxes_and_labelled_links_only(page):
    for ax, scheme in panels(page):
        wanted = [scheme["title"], scheme["when"]] + [scheme["frame"]] * bool(scheme["frame"])
        wanted += [words for _, heading, text, *_ in scheme["boxes"] for words in (heading, text)]
        wanted += [label for *_, label, _ in scheme["links"] if label]
        assert sorted(flat(t) for t in ax.texts) == sorted(wanted), scheme["id"]
        assert not ax.axison, "a panel is a drawing, not a chart: no axis lines or ticks"


def test_boxes_sit_on_the_grid_inside_their_panel_and_fill_it(page):
    for ax, scheme in panels(page):
        panel = ax.get_window_extent()
        placed = {box_id: pixels(ax, patch) for box_id, patch in boxes(ax, scheme).items()}
        grid = {box[0]: (box[3], box[4]) for box in scheme["boxes"]}
        for a, box in placed.items():
            assert inside(box, panel), a
            for b, other in placed.items():
                if a < b:
                    assert not box.overlaps(other), (a, b)
                (ca, ra), (cb, rb) = grid[a], grid[b]
                if ca < cb:
                    assert box.x1 < other.x0, (a, b)
                if ra < rb:  # row 0 at the top
                    assert box.y0 > other.y1, (a, b)
        drawn = Bbox.union(list(placed.values()) + (
            [pixels(ax, frame_of(ax))] if scheme["frame"] else []))
        assert drawn.x0 - panel.x0 < panel.width / 10 and panel.y1 - drawn.y1 < panel.height / 10
        assert drawn.y0 - panel.y0 < panel.height / 10
    ax, scheme = panels(page)[1]
    placed = {box_id: pixels(ax, patch) for box_id, patch in boxes(ax, scheme).items()}
    # the joint centres (row 1) sit halfway between NATO (row 0) and Russia (row 2)
    mid = [(b.y0 + b.y1) / 2 for b in (placed["nato"], placed["centres"], placed["russia"])]
    assert mid[1] == pytest.approx((mid[0] + mid[2]) / 2)
    assert ax.get_window_extent().x1 - placed["centres"].x1 < ax.get_window_extent().width / 10


def test_each_box_has_its_heading_on_top_and_its_text_below_inside_it(page):
    for ax, scheme in panels(page):
        for box_id, heading, text, *_ in scheme["boxes"]:
            box = pixels(ax, boxes(ax, scheme)[box_id])
            top, body = (text_box(page, text_saying(ax, w)) for w in (heading, text))
            for part in (top, body):
                assert inside(part, box), (box_id, part)
                assert (part.x0 + part.x1) / 2 == pytest.approx((box.x0 + box.x1) / 2, abs=1)
            assert top.y0 > body.y1, box_id


def test_box_outline_and_heading_take_the_box_colour_on_white():
    from matplotlib.colors import to_rgba

    schemes = copy.deepcopy(SCHEMES)
    schemes[1]["boxes"].append(("observers", "Observers", "Watch the exercises", 1, 0))
    fig = schemes_diagram(schemes)
    for ax, scheme in zip(fig.axes, schemes, strict=True):
        for box_id, heading, *_ in scheme["boxes"]:
            patch = boxes(ax, scheme)[box_id]
            colour = to_rgba(COLOURS[box_id]) if box_id in COLOURS else patch.get_edgecolor()
            assert patch.get_edgecolor() == colour and patch.get_facecolor() == to_rgba("white")
            assert to_rgba(text_saying(ax, heading).get_color()) == colour, box_id
    unknown = boxes(fig.axes[1], schemes[1])["observers"].get_edgecolor()
    assert unknown[0] == unknown[1] == unknown[2] and 0 < unknown[0] < 1, "neutral grey"


def test_frame_links_boxes_and_text_are_layered_and_weighted(page):
    from matplotlib.colors import to_rgba

    ax, scheme = panels(page)[0]
    frame = frame_of(ax)
    patches = boxes(ax, scheme).values()
    texts = [text_saying(ax, w) for _, head, text, *_ in scheme["boxes"] for w in (head, text)]
    (arrow,) = arrows(ax)
    assert frame.get_zorder() < arrow.get_zorder() < min(p.get_zorder() for p in patches)
    assert max(p.get_zorder() for p in patches) < min(t.get_zorder() for t in texts)
    assert frame.get_linestyle() == "--" and {p.get_linestyle() for p in patches} == {"solid"}
    assert frame.get_linewidth() < min(p.get_linewidth() for p in patches)
    corners = {type(p.get_boxstyle()).__name__ for p in [frame, *patches]}
    assert corners == {"Round"}, "the frame and the boxes have rounded corners"
    tint = frame.get_facecolor()
    assert min(tint[:3]) > 0.85 and tint != to_rgba("white"), "a pale tint"
    ink = arrow.get_edgecolor()
    assert frame.get_edgecolor()[0] > ink[0], "the frame is drawn quieter than the links"
    assert arrow.get_facecolor() == ink and ink[0] == ink[1] == ink[2], "grey heads, filled"


def test_titles_and_headings_stand_out_and_small_print_is_the_minimum_size(page):
    from matplotlib.colors import to_rgba

    for ax, scheme in panels(page):
        title, when = text_saying(ax, scheme["title"]), text_saying(ax, scheme["when"])
        headings = [text_saying(ax, box[1]) for box in scheme["boxes"]]
        small = [when] + [text_saying(ax, box[2]) for box in scheme["boxes"]]
        small += [text_saying(ax, label) for *_, label, _ in scheme["links"] if label]
        if scheme["frame"]:
            small.append(text_saying(ax, scheme["frame"]))
            assert text_saying(ax, scheme["frame"]).get_style() == "italic"
        assert all(t.get_fontsize() == MIN_FONT_PT for t in small), scheme["id"]
        assert title.get_fontsize() > max(h.get_fontsize() for h in headings) > MIN_FONT_PT
        assert {t.get_weight() for t in [title, *headings]} == {"bold"}
        grey = [to_rgba(t.get_color()) for t in small[:1] + small[-1:]]
        assert all(g[0] == g[1] == g[2] > to_rgba(title.get_color())[0] for g in grey)


def test_title_and_date_sit_above_their_panel_at_its_left_edge(page):
    figure = page.bbox
    for ax, scheme in panels(page):
        panel = ax.get_window_extent()
        title, when = (text_box(page, text_saying(ax, scheme[k])) for k in ("title", "when"))
        assert title.x0 == pytest.approx(panel.x0, abs=1)
        assert when.x0 == pytest.approx(panel.x0, abs=1)
        assert panel.y1 < when.y0 and when.y1 < title.y0
        assert inside(title, figure) and inside(when, figure)


def test_a_frame_encloses_the_boxes_of_one_system_and_names_it(page):
    for ax, scheme in panels(page):
        frame = frame_of(ax)
        if not scheme["frame"]:
            assert frame is None
            continue
        outline, panel = pixels(ax, frame), ax.get_window_extent()
        assert inside(outline, panel)
        placed = [pixels(ax, p) for p in boxes(ax, scheme).values()]
        assert all(inside(box, outline) for box in placed)
        name = text_box(page, text_saying(ax, scheme["frame"]))
        assert inside(name, outline) and not any(name.overlaps(box) for box in placed)
        assert outline.x1 - name.x1 < name.width / 4, "at the frame's right"
        assert name.y1 < min(box.y1 for box in placed), "at its foot"


def arrow_ends(ax, arrow):
    return ax.transData.transform(arrow._posA_posB)


def test_a_box_above_another_is_joined_by_a_straight_two_headed_arrow(page):
    for ax, scheme in panels(page):
        placed = {i: pixels(ax, p) for i, p in boxes(ax, scheme).items()}
        for (start, end, *_), arrow in zip(scheme["links"], arrows(ax), strict=True):
            a, b = placed[start], placed[end]
            if a.x0 != b.x0:
                continue
            (ax0, ay0), (bx0, by0) = arrow_ends(ax, arrow)
            assert (ax0, ay0) == pytest.approx(((a.x0 + a.x1) / 2, a.y0))  # foot of the upper
            assert (bx0, by0) == pytest.approx(((b.x0 + b.x1) / 2, b.y1))  # top of the lower
            path = ax.transData.transform(arrow.get_path().vertices[arrow.get_path().codes != 79])
            heads = path[(path[:, 1] > ay0 - 12) | (path[:, 1] < by0 + 12)]
            line = arrow.get_linewidth() * page.dpi / 72
            assert heads[:, 0].max() - heads[:, 0].min() > 2 * line, "visible arrow heads"
            assert len(path[path[:, 1] > ay0 - 12]) > 1 and len(path[path[:, 1] < by0 + 12]) > 1


def test_a_box_beside_another_is_joined_by_an_elbow_from_its_side(page):
    ax, scheme = panels(page)[1]
    placed = {i: pixels(ax, p) for i, p in boxes(ax, scheme).items()}
    elbows = [(s, e, arrow) for (s, e, *_), arrow in zip(scheme["links"], arrows(ax), strict=True)
              if placed[s].x0 != placed[e].x0]
    assert len(elbows) == 2
    for start, end, arrow in elbows:
        a, b = placed[start], placed[end]
        (ax0, ay0), (bx0, by0) = arrow_ends(ax, arrow)
        assert (ax0, ay0) == pytest.approx((a.x1, (a.y0 + a.y1) / 2))  # out of the side
        into = b.y1 if b.y1 < a.y1 else b.y0  # into the top of a lower box, the foot of a higher
        assert (bx0, by0) == pytest.approx(((b.x0 + b.x1) / 2, into))
        path = ax.transData.transform(arrow.get_path().vertices)
        assert min(abs(path[:, 0] - bx0) + abs(path[:, 1] - ay0)) < 1, "a right-angled turn"


def test_dashed_links_are_drawn_dashed(page):
    for ax, scheme in panels(page):
        for (*_, dashed), arrow in zip(scheme["links"], arrows(ax), strict=True):
            assert arrow.get_linestyle() in (("--",) if dashed else ("-", "solid"))


def test_a_link_label_sits_beside_its_arrow_halfway_along(page):
    for ax, scheme in panels(page):
        placed = [pixels(ax, p) for p in boxes(ax, scheme).values()]
        for (*_, label, _), arrow in zip(scheme["links"], arrows(ax), strict=True):
            if not label:
                continue
            (ax0, ay0), (_, by0) = arrow_ends(ax, arrow)
            words = text_box(page, text_saying(ax, label))
            assert (words.y0 + words.y1) / 2 == pytest.approx((ay0 + by0) / 2, abs=1)
            assert ax0 < words.x0 < ax0 + words.width / 2, "just right of the arrow"
            assert not any(words.overlaps(box) for box in placed)


def test_a_word_too_long_for_a_line_is_kept_whole():
    schemes = copy.deepcopy(SCHEMES)
    long = "Counterproliferationcoordination arrangements"
    schemes[0]["boxes"][0] = ("nato", "NATO sector", long, 0, 0)
    ax = schemes_diagram(schemes).axes[0]
    assert "Counterproliferationcoordination" in text_saying(ax, long).get_text().split("\n")


def test_alt_text_describes_each_scheme_in_turn():
    one, two = (scheme_alt_text([s]) for s in SCHEMES)
    assert scheme_alt_text() == scheme_alt_text(SCHEMES) == f"{one} {two}"
    for scheme, alt in zip(SCHEMES, (one, two), strict=True):
        assert "; ".join(f"{h}: {t}" for _, h, t, *_ in scheme["boxes"]) in alt
        labelled = [f"{a} and {b} {label}" for a, b, label, _ in scheme["links"] if label]
        assert f"Link: {'; '.join(labelled)}." in alt
        assert ("All inside one frame" in alt) == bool(scheme["frame"])
        assert alt.endswith(".")
    assert "nato and centres" not in two
    schemes = copy.deepcopy(SCHEMES)
    schemes[1]["links"][1] = ("nato", "centres", "share data", True)
    assert "Link: nato and russia exchange information; nato and centres share data." \
        in scheme_alt_text(schemes)

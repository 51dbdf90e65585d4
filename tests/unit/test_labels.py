"""The one label placer: slots round a mark, labels clear of marks, of one another and of
the axes' edges, leader lines to far labels, and the ids it could not label."""

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from companion.figures import MIN_FONT_PT
from companion.labels import (
    LEADER,
    BoxIndex,
    Slot,
    label_overlaps,
    labelled,
    mark_box,
    place_labels,
    ring,
)

RIGHT, LEFT = Slot(30, 0, "left", "center"), Slot(-30, 0, "right", "center")
ABOVE, BELOW = Slot(0, 30, "center", "bottom"), Slot(0, -30, "center", "top")


def canvas():
    """A 400 x 300 pixel figure whose one axes fills it, 0-100 in x and in y."""
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    return fig, ax


def drawn(fig, ax, item_id):
    """The pixel box of the label drawn for ``item_id``."""
    text = next(t for t in ax.texts if t.get_gid() == f"label-{item_id}")
    return text.get_window_extent(fig.canvas.get_renderer())


def leaders(ax):
    return [t for t in ax.texts if isinstance(t, Annotation)]


def sign(value):
    return (value > 0) - (value < 0)


def test_ring_goes_round_the_mark_in_eight_directions_nearest_first():
    radii = (5, 20)
    slots = ring(radii, scale=2.0)
    assert len(slots) == 8 * len(radii)
    for slot, radius in zip(slots, [r for r in radii for _ in range(8)], strict=True):
        assert max(abs(slot.dx), abs(slot.dy)) == radius * 2.0
    assert len({(sign(s.dx), sign(s.dy)) for s in slots}) == 8
    assert ring() == ring(scale=1.0)


def test_ring_aligns_each_label_on_the_side_away_from_its_mark():
    for slot in ring():
        assert slot.ha == {1: "left", 0: "center", -1: "right"}[sign(slot.dx)], slot
        assert slot.va == {1: "bottom", 0: "center", -1: "top"}[sign(slot.dy)], slot


def test_box_index_finds_overlaps_in_any_cell_a_box_covers():
    cell = BoxIndex.CELL
    wide = Bbox.from_extents(cell - 5, 3 * cell, 3 * cell + 5, 3 * cell + 5)
    index = BoxIndex([Bbox.from_extents(10, 10, 20, 20), wide])
    assert index.overlaps(Bbox.from_extents(15, 15, 25, 25))
    assert index.overlaps(Bbox.from_extents(2 * cell, 3 * cell + 1, 2 * cell + 4, 3 * cell + 4))
    assert not index.overlaps(Bbox.from_extents(30, 30, 40, 40))
    assert not index.overlaps(Bbox.from_extents(9 * cell, 9 * cell, 9 * cell + 2, 9 * cell + 2))
    index.add(Bbox.from_extents(-30, -30, -20, -20))  # below and left of the axes
    assert index.overlaps(Bbox.from_extents(-25, -25, -10, -10))


def test_mark_box_is_centred_on_the_mark_in_pixels():
    fig, ax = canvas()
    cx, cy = ax.transData.transform((30, 60))
    box = mark_box(ax, 30, 60, half=5)
    assert box.extents.tolist() == pytest.approx([cx - 5, cy - 5, cx + 5, cy + 5])
    default = mark_box(ax, 30, 60)
    assert default.width == default.height > 0
    assert ((default.x0 + default.x1) / 2, (default.y0 + default.y1) / 2) == pytest.approx((cx, cy))


@pytest.mark.parametrize("slot", ring((30,)), ids=lambda s: f"{s.ha}-{s.va}")
def test_a_label_is_drawn_at_its_slot_aligned_as_the_slot_says(slot):
    fig, ax = canvas()
    assert place_labels(fig, ax, [("a", 50, 50, "Alpha")], [slot]) == []
    box = drawn(fig, ax, "a")
    px, py = ax.transData.transform((50, 50))
    x = {"left": box.x0, "center": (box.x0 + box.x1) / 2, "right": box.x1}[slot.ha]
    y = {"bottom": box.y0, "center": (box.y0 + box.y1) / 2, "top": box.y1}[slot.va]
    assert (x, y) == pytest.approx((px + slot.dx, py + slot.dy), abs=0.5)


@pytest.mark.parametrize("slot", ring((30,)), ids=lambda s: f"{s.ha}-{s.va}")
def test_a_slot_is_refused_exactly_when_its_label_would_touch_an_obstacle(slot):
    """An obstacle just inside any corner of where the label would be drawn turns the
    slot down; one just clear of the label's thin margin (3% of its width, 6% of its
    height) does not."""
    fig, ax = canvas()
    place_labels(fig, ax, [("a", 50, 50, "Alpha")], [slot])
    box = drawn(fig, ax, "a")
    for x, y in ((box.x0 + 1, box.y0 + 1), (box.x1 - 1, box.y0 + 1),
                 (box.x0 + 1, box.y1 - 1), (box.x1 - 1, box.y1 - 1)):
        fig, ax = canvas()
        obstacle = Bbox.from_extents(x - 0.5, y - 0.5, x + 0.5, y + 0.5)
        assert place_labels(fig, ax, [("a", 50, 50, "Alpha")], [slot], [obstacle]) == ["a"]
    margin = box.expanded(1.03, 1.06)
    (x0, y0), (x1, y1) = margin.min - 0.5, margin.max + 0.5
    clear = [Bbox.from_extents(x0 - 5, y0, x0, y1), Bbox.from_extents(x1, y0, x1 + 5, y1),
             Bbox.from_extents(x0, y0 - 5, x1, y0), Bbox.from_extents(x0, y1, x1, y1 + 5)]
    fig, ax = canvas()
    assert place_labels(fig, ax, [("a", 50, 50, "Alpha")], [slot], clear) == []
    assert drawn(fig, ax, "a").extents.tolist() == pytest.approx(box.extents.tolist())


@pytest.mark.parametrize("x,y,out,inward", [
    (90, 50, RIGHT, LEFT), (10, 50, LEFT, RIGHT), (50, 88, ABOVE, BELOW), (50, 12, BELOW, ABOVE),
], ids=["right-edge", "left-edge", "top-edge", "bottom-edge"])
def test_a_label_that_would_cross_an_edge_of_the_axes_takes_the_next_slot(x, y, out, inward):
    """The first slot would start the label inside the axes and end it outside."""
    fig, ax = canvas()
    assert place_labels(fig, ax, [("a", x, y, "Alpha")], [out, inward]) == []
    text = next(t for t in ax.texts if t.get_gid() == "label-a")
    assert (text.get_horizontalalignment(), text.get_verticalalignment()) \
        == (inward.ha, inward.va)
    inside = ax.get_window_extent(fig.canvas.get_renderer())
    box = drawn(fig, ax, "a")
    assert inside.x0 <= box.x0 and box.x1 <= inside.x1
    assert inside.y0 <= box.y0 and box.y1 <= inside.y1


def test_labels_avoid_the_marks_and_each_other():
    fig, ax = canvas()
    marks = [mark_box(ax, 50, 50), mark_box(ax, 52, 50)]
    items = [("a", 50, 50, "Alpha"), ("b", 52, 50, "Bravo"), ("c", 50, 50, "Charlie")]
    assert place_labels(fig, ax, items, ring(), marks) == []
    assert labelled(fig) == ["a", "b", "c"]
    assert label_overlaps(fig) == []
    for item_id, *_ in items:
        assert not any(drawn(fig, ax, item_id).overlaps(mark) for mark in marks), item_id


def test_slots_may_be_chosen_per_item():
    fig, ax = canvas()
    calls = []

    def slots(item_id, x, y):
        calls.append((item_id, x, y))
        return [RIGHT] if x < 50 else [LEFT]

    items = [("west", 10, 40, "West"), ("east", 90, 60, "East")]
    assert place_labels(fig, ax, items, slots) == []
    assert calls == [(i, x, y) for i, x, y, _ in items]
    assert drawn(fig, ax, "west").x0 == pytest.approx(ax.transData.transform((10, 40))[0] + 30)
    assert drawn(fig, ax, "east").x1 == pytest.approx(ax.transData.transform((90, 60))[0] - 30)


def test_labels_that_find_no_slot_are_reported_and_not_drawn():
    fig, ax = canvas()
    items = [("edge", 99, 50, "Off the edge"), ("ok", 50, 50, "Fine"),
             ("blocked", 20, 50, "Blocked")]
    blocked = Bbox.from_extents(0, 0, 150, 300)  # round the mark at x = 20
    unplaced = place_labels(fig, ax, items, [RIGHT], [blocked])
    assert unplaced == ["edge", "blocked"]
    assert labelled(fig) == ["ok"]
    assert [t.get_text() for t in ax.texts if t.get_text()] == ["Fine"]


def test_a_label_set_further_out_gets_a_leader_from_it_to_its_mark():
    fig, ax = canvas()
    far = Slot(60, 40, "left", "bottom")
    place_labels(fig, ax, [("far", 30, 30, "Far")], [far], leader_beyond=12.0)
    place_labels(fig, ax, [("near", 70, 70, "Near")], [Slot(8, 0, "left", "center")],
                 leader_beyond=12.0)
    assert labelled(fig) == ["far", "near"]
    (leader,) = leaders(ax)
    fig.canvas.draw()
    mark = ax.transData.transform((30, 30))
    anchor = mark + (far.dx, far.dy)
    start, end = leader.arrow_patch._posA_posB
    assert tuple(start) == pytest.approx(tuple(anchor), abs=0.01)
    assert tuple(end) == pytest.approx(tuple(mark), abs=0.01)
    path = leader.arrow_patch.get_path().vertices
    assert tuple(path[0]) == pytest.approx(tuple(anchor), abs=0.01)  # it reaches its label
    towards = (path[-1] - path[0]) / (mark - anchor)
    assert towards[0] == pytest.approx(towards[1]) and 0.5 < towards[0] < 1  # stops short
    assert leader.get_text() == "" and leader.get_zorder() < drawn_text(ax, "far").get_zorder()
    assert leader.arrow_patch.get_linewidth() == LEADER["lw"]


def drawn_text(ax, item_id):
    return next(t for t in ax.texts if t.get_gid() == f"label-{item_id}")


def test_a_leader_is_drawn_only_beyond_the_given_distance():
    """``leader_beyond`` counts the slot's offset across plus up (in pixels)."""
    for slot, wanted in ((Slot(12, -8, "left", "top"), 0), (Slot(0, 21, "center", "bottom"), 1),
                         (Slot(-15, 6, "right", "bottom"), 1)):
        fig, ax = canvas()
        place_labels(fig, ax, [("a", 50, 50, "Alpha")], [slot], leader_beyond=20)
        assert len(leaders(ax)) == wanted, slot


def test_labels_are_legible_literal_and_take_a_caller_style():
    fig, ax = canvas()
    place_labels(fig, ax, [("a", 20, 50, "$5 billion"), ("b", 60, 50, "Bravo")], [RIGHT])
    text = drawn_text(ax, "a")
    assert text.get_fontsize() == MIN_FONT_PT and not text.get_parse_math()
    assert text.get_bbox_patch() is not None
    assert text.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)
    fig, ax = canvas()
    place_labels(fig, ax, [("a", 20, 50, "Alpha")], [RIGHT],
                 text_style={"color": "red", "fontsize": MIN_FONT_PT + 2})
    text = drawn_text(ax, "a")
    assert text.get_color() == "red" and text.get_fontsize() == MIN_FONT_PT + 2
    assert text.get_bbox_patch() is not None and not text.get_parse_math()


def test_label_overlaps_names_each_overlapping_pair_of_labels_once():
    fig, ax = canvas()
    for gid in ("label-a", "label-b", "label-c"):
        ax.text(50, 50, "Overlapping", gid=gid)
    ax.text(10, 10, "Apart", gid="label-d")
    ax.text(50, 50, "Not a label")
    ax.text(50, 50, "Nor this", gid="country-Poland")
    assert sorted(label_overlaps(fig)) == [("label-a", "label-b"), ("label-a", "label-c"),
                                           ("label-b", "label-c")]


def test_labelled_lists_the_ids_of_the_labels_only():
    fig, ax = canvas()
    ax.text(10, 10, "A", gid="label-alpha")
    ax.text(20, 10, "Untagged")
    ax.text(30, 10, "Poland", gid="country-Poland")
    ax.text(40, 10, "B", gid="label-b")
    assert labelled(fig) == ["alpha", "b"]


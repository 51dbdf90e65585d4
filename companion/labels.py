"""One label placer for every figure: timelines, the power-interest grid and the maps.

Each label is tried in a list of slots around its mark (offsets in pixels, with the
text's alignment) until its box overlaps no mark, no other label and no fixed text, and
stays inside the axes. A label set further out than ``leader_beyond`` pixels gets a thin
leader line back to its own mark. Labels that find no slot are not drawn and are reported,
so a figure can refuse to leave out a label it was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.text import Text
from matplotlib.transforms import Bbox, ScaledTranslation

from companion.figures import MIN_FONT_PT

#: Grey of leader lines: visible, but quieter than any mark.
LEADER = {"color": "#8a8a8a", "lw": 0.6}


@dataclass(frozen=True)
class Slot:
    """A place for a label: offset from its mark in pixels and the text's alignment."""

    dx: float
    dy: float
    ha: str
    va: str


def ring(radii=(8, 22, 38, 56, 76, 100, 126), scale: float = 1.0) -> list[Slot]:
    """Eight directions around a point at growing distances (in points x ``scale``)."""
    directions = [(1, 0, "left", "center"), (-1, 0, "right", "center"),
                  (0, 1, "center", "bottom"), (0, -1, "center", "top"),
                  (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"),
                  (1, -1, "left", "top"), (-1, -1, "right", "top")]
    return [Slot(r * dx * scale, r * dy * scale, ha, va) for r in radii
            for dx, dy, ha, va in directions]


class BoxIndex:
    """Boxes in a coarse pixel grid, so an overlap test only looks at nearby boxes
    (a thousand labels take seconds, not minutes)."""

    CELL = 64.0

    def __init__(self, boxes=()):
        self.cells: dict[tuple[int, int], list[Bbox]] = {}
        for box in boxes:
            self.add(box)

    def _keys(self, box):
        c = self.CELL
        return [(i, j) for i in range(int(box.x0 // c), int(box.x1 // c) + 1)
                for j in range(int(box.y0 // c), int(box.y1 // c) + 1)]

    def add(self, box: Bbox) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def overlaps(self, box: Bbox) -> bool:
        return any(box.overlaps(other) for key in self._keys(box)
                   for other in self.cells.get(key, ()))


def mark_box(ax, x, y, half: float = 7.0) -> Bbox:
    """The pixel box a marker drawn at data point (x, y) covers."""
    cx, cy = ax.transData.transform((x, y))
    return Bbox.from_extents(cx - half, cy - half, cx + half, cy + half)


def place_labels(fig, ax, items, slots, obstacles=(), leader_beyond: float = 12.0,
                 text_style=None) -> list[str]:
    """Label each of ``items`` — (id, x, y, text) in data coordinates — in the first of
    ``slots`` (a list of :class:`Slot`, or a function of the item giving one) where it
    overlaps nothing; return the ids left unlabelled.

    ``obstacles`` are pixel boxes labels must avoid (marks, fixed text). Each drawn label
    has the gid ``label-<id>``.
    """
    renderer = fig.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    taken = BoxIndex(obstacles)
    style = {"fontsize": MIN_FONT_PT, "zorder": 5, "parse_math": False,
             "bbox": {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none",
                      "alpha": 0.85}} | (text_style or {})
    unplaced = []
    for item_id, x, y, text in items:
        label = ax.text(x, y, text, gid=f"label-{item_id}", **style)
        size = Text.get_window_extent(label, renderer)
        w, h = size.width, size.height
        px, py = ax.transData.transform((x, y))
        for slot in (slots(item_id, x, y) if callable(slots) else slots):
            x0 = px + slot.dx - {"left": 0, "center": w / 2, "right": w}[slot.ha]
            y0 = py + slot.dy - {"bottom": 0, "center": h / 2, "top": h}[slot.va]
            box = Bbox.from_bounds(x0, y0, w, h).expanded(1.03, 1.06)
            fits = (inside.x0 <= box.x0 and box.x1 <= inside.x1
                    and inside.y0 <= box.y0 and box.y1 <= inside.y1)
            if fits and not taken.overlaps(box):
                label.set_transform(ax.transData + ScaledTranslation(
                    slot.dx / fig.dpi, slot.dy / fig.dpi, fig.dpi_scale_trans))
                label.set_horizontalalignment(slot.ha)
                label.set_verticalalignment(slot.va)
                taken.add(box)
                if abs(slot.dx) + abs(slot.dy) > leader_beyond:
                    # A leader line ties a label set further out to its own mark.
                    ax.annotate("", (x, y), xytext=(slot.dx * 72 / fig.dpi,
                                                    slot.dy * 72 / fig.dpi),
                                textcoords="offset points", zorder=2,
                                arrowprops={"arrowstyle": "-", "shrinkA": 0, "shrinkB": 5,
                                            **LEADER})
                break
        else:
            label.remove()
            unplaced.append(item_id)
    return unplaced


def label_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of labels (gid ``label-…``) whose drawn boxes overlap, in any axes."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_gid(), t.get_window_extent(renderer)) for ax in fig.axes for t in ax.texts
             if (t.get_gid() or "").startswith("label-")]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:]
            if ba.overlaps(bb)]


def labelled(fig) -> list[str]:
    """The ids that received a label."""
    return [t.get_gid()[6:] for ax in fig.axes for t in ax.texts
            if (t.get_gid() or "").startswith("label-")]

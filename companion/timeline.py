"""The timeline: events in lanes, honest about how precisely each date is known.

A day-precise event is a filled marker; an event known only to the month or year is an
open marker on a thin bar spanning that period; an event with an ``end_date`` is a thick
bar. Labels are placed greedily above and below their lane and never overlap each other
or the markers (see :func:`label_overlaps`).
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.transforms import Bbox

from companion.figures import OKABE_ITO, source_line, style

LANES = {
    "nato": ("NATO", OKABE_ITO[4], "o"),
    "nato_russia": ("NATO-Russia", OKABE_ITO[6], "D"),
    "russia": ("Russia", OKABE_ITO[5], "s"),
    "united_states": ("United States", OKABE_ITO[1], "^"),
    "arms_control": ("Arms control", OKABE_ITO[2], "v"),
    "asia_pacific": ("Asia-Pacific", OKABE_ITO[0], "P"),
}

#: Eras shaded behind the events: (label, start, end).
ERAS = [
    ("Third site", "2007-01-01", "2009-09-17"),
    ("Phased Adaptive Approach", "2009-09-17", "2013-03-15"),
    ("Lisbon to June 2011", "2010-11-20", "2011-06-08"),
]
#: The column appeared in the week of the NRC defence ministers' meeting of 8 June 2011.
COLUMN_DATE = pd.Timestamp("2011-06-08")
SOURCE = "data/events.csv (see each event's sources in references.bib)"
MAX_AUTO_LABELS = 40
#: Label slots tried in order: vertical offset from the lane (data units) and alignment.
LABEL_SLOTS = [(dy, ha) for dy in (0.28, -0.28, 0.52, -0.52, 0.76, -0.76)
               for ha in ("center", "left", "right")]


def window(events: pd.DataFrame, start=None, end=None):
    """(events overlapping [start, end], start, end); bounds may be 'YYYY', 'YYYY-MM' or dates."""
    lo = pd.Timestamp(start) if start is not None else events.start.min()
    hi = pd.Timestamp(end) if end is not None else events.end.max()
    if end is not None and len(str(end)) in (4, 7):
        hi = hi + (pd.offsets.YearEnd(0) if len(str(end)) == 4 else pd.offsets.MonthEnd(0))
    if hi < lo:
        raise ValueError(f"timeline window ends ({hi.date()}) before it starts ({lo.date()}).")
    return events[(events.end >= lo) & (events.start <= hi)], lo, hi


def timeline(events: pd.DataFrame, start=None, end=None, lanes=None, highlight=(),
             labels=None, eras=ERAS, title=None, width=11.0):
    """Draw events as a lane timeline and return the matplotlib Figure.

    ``labels``: None labels every event when there are at most 40 in the window, otherwise
    only highlighted ones; a list of event ids labels exactly those; "none" labels none.
    """
    shown, lo, hi = window(events, start, end)
    lanes = list(lanes or [lane for lane in LANES if lane in set(shown.lane)])
    unknown = [lane for lane in lanes if lane not in LANES]
    if unknown:
        raise ValueError(f"unknown lane(s) {unknown}; lanes are: {', '.join(LANES)}")
    shown = shown[shown.lane.isin(lanes)]
    if shown.empty:
        raise ValueError(
            f"no events between {lo.date()} and {hi.date()} in lanes {lanes}: widen the "
            "window or choose other lanes."
        )
    if labels is None:
        wanted = set(shown.event_id) if len(shown) <= MAX_AUTO_LABELS else set(highlight)
    elif labels == "none":
        wanted = set()
    else:
        wanted = set(labels)

    with style():
        height = 1.2 + 1.15 * len(lanes)
        # A fixed layout: labels are placed in pixel space, so the axes must not move later.
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.12, right=0.985, bottom=0.9 / height,
                            top=1 - (0.45 if title else 0.15) / height)
        y_of = {lane: i for i, lane in enumerate(reversed(lanes))}
        pad = max((hi - lo) * 0.02, pd.Timedelta(days=45))
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(-0.7, len(lanes) - 0.3)
        _draw_eras(ax, eras, lo, hi)
        if lo <= COLUMN_DATE <= hi:
            ax.axvline(COLUMN_DATE, color="#222222", lw=1.2, ls="--", zorder=1)
            ax.text(COLUMN_DATE, len(lanes) - 0.32, " Column (June 2011)", fontsize=9,
                    va="top", ha="left", color="#222222")
        markers = _draw_events(ax, shown, y_of, set(highlight))
        ax.set_yticks(list(y_of.values()), [LANES[lane][0] for lane in y_of])
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title, loc="left")
        _place_labels(fig, ax, shown[shown.event_id.isin(wanted)], y_of, markers)
        source_line(fig, SOURCE)
    return fig


def _draw_eras(ax, eras, lo, hi):
    for i, (label, s, e) in enumerate(eras or []):
        s, e = max(pd.Timestamp(s), lo), min(pd.Timestamp(e), hi)
        if s >= e:
            continue
        ax.axvspan(s, e, color="#000000", alpha=0.05 + 0.03 * (i % 2), lw=0, zorder=0)
        ax.text(s, -0.62 + 0.16 * (i % 2), f" {label}", fontsize=8, color="#555555",
                va="bottom", ha="left", gid="era")


def _draw_events(ax, shown, y_of, highlight):
    """Draw every event; return their marker positions in data coordinates."""
    points = []
    for ev in shown.itertuples():
        _, colour, marker = LANES[ev.lane]
        y = y_of[ev.lane]
        size = 9 if ev.event_id in highlight else 7
        spans = ev.end > ev.start
        lasted = spans and bool(getattr(ev, "end_date", ""))
        if spans:
            # A thick bar for an event that lasted; a thin one for an imprecise date.
            ax.plot([ev.start, ev.end], [y, y], color=colour, lw=6 if lasted else 1.5,
                    solid_capstyle="butt", zorder=2)
        mid = ev.start + (ev.end - ev.start) / 2 if spans and not lasted else ev.start
        filled = ev.date_precision == "day"
        ax.plot([mid], [y], marker=marker, ms=size, color=colour, zorder=3,
                mfc=colour if filled else "white", mec="#000000" if ev.event_id in highlight
                else colour, mew=1.4)
        points.append((mid, y))
    return points


def _place_labels(fig, ax, labelled, y_of, markers):
    """Greedy placement: try slots above and below the lane until nothing overlaps."""
    renderer = fig.canvas.get_renderer()
    taken = [_marker_box(ax, x, y) for x, y in markers]
    # Era and reference-line captions are fixed text that labels must not cover either.
    taken += [t.get_window_extent(renderer) for t in ax.texts]
    inside = ax.get_window_extent(renderer)
    fig.unplaced_labels = []
    for ev in labelled.sort_values("start").itertuples():
        text = label_text(ev.title)
        for dy, ha in LABEL_SLOTS:
            t = ax.text(ev.start, y_of[ev.lane] + dy, text, fontsize=8, ha=ha,
                        va="bottom" if dy > 0 else "top", parse_math=False, zorder=4,
                        gid=f"label-{ev.event_id}")
            box = t.get_window_extent(renderer).expanded(1.02, 1.05)
            fits = (inside.x0 <= box.x0 and box.x1 <= inside.x1
                    and inside.y0 <= box.y0 and box.y1 <= inside.y1)
            if fits and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
            t.remove()
        else:
            fig.unplaced_labels.append(ev.event_id)


def label_text(title) -> str:
    """A title wrapped to 24 characters a line; past about four lines it is shortened
    (the full title stays in the event table)."""
    return textwrap.fill(textwrap.shorten(str(title), 90, placeholder=" ..."), width=24)


def _marker_box(ax, x, y) -> Bbox:
    cx, cy = ax.transData.transform((mdates.date2num(x), y))
    return Bbox.from_extents(cx - 6, cy - 6, cx + 6, cy + 6)


def label_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of event labels whose drawn boxes overlap (empty when the layout is clean)."""
    renderer = fig.canvas.get_renderer()
    labels = [t for ax in fig.axes for t in ax.texts if (t.get_gid() or "").startswith("label-")]
    boxes = [(t.get_gid(), t.get_window_extent(renderer)) for t in labels]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:]
            if ba.overlaps(bb)]


def labelled_events(fig) -> list[str]:
    """Event ids that received a label."""
    return [t.get_gid()[6:] for ax in fig.axes for t in ax.texts
            if (t.get_gid() or "").startswith("label-")]

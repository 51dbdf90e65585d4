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

from companion.bib import sources_sentence
from companion.dates import window_end
from companion.figures import (
    LINE_INCHES,
    MIN_FONT_PT,
    OKABE_ITO,
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
from companion.labels import Slot, mark_box, place_labels
from companion.labels import label_overlaps as label_overlaps  # re-exported for callers
from companion.labels import labelled as labelled_events  # noqa: F401
from companion.vocabulary import by_position, labels

#: Colour and marker of each lane, by the lane's place in the schema's list of lanes
#: (codes and labels are the schema's: :mod:`companion.vocabulary`).
LANE_PALETTE = [(OKABE_ITO[4], "o"), (OKABE_ITO[6], "D"), (OKABE_ITO[5], "s"),
                (OKABE_ITO[1], "^"), (OKABE_ITO[2], "v"), (OKABE_ITO[0], "P"),
                (OKABE_ITO[3], "X"), (OKABE_ITO[7], "h")]


def lane_styles() -> dict[str, tuple[str, str, str]]:
    """Lane code -> (label, colour, marker), top lane first, from the schema's lanes."""
    names = labels("events", "lane")
    return {lane: (names[lane], colour, marker) for lane, (colour, marker)
            in by_position("events", "lane", LANE_PALETTE, "lane styles").items()}


#: Eras shaded behind the events: (label, start, end).
ERAS = [
    ("Third site", "2007-01-01", "2009-09-17"),
    ("Phased Adaptive Approach", "2009-09-17", "2013-03-15"),
    ("Lisbon to June 2011", "2010-11-20", "2011-06-08"),
]
#: The years the overview spans at the least (it widens to take in every event).
OVERVIEW_SPAN = ("1972", "2025")
#: The column appeared in the week of the NRC defence ministers' meeting of 8 June 2011.
COLUMN_DATE = pd.Timestamp("2011-06-08")
SOURCE = "data/events.csv (see each event's sources in references.bib)"
MAX_AUTO_LABELS = 20
#: Events labelled on the 1972-2025 overview: the turning points the chapters refer to.
KEY_EVENTS = [
    "abm_treaty_signed", "yeltsin_global_defence_1992", "jdec_agreement", "nrc_founded",
    "abm_withdrawal_effective",
    "putin_munich", "paa_announced", "lisbon_nrc_summit", "nrc_defence_ministers_2011",
    "nato_suspends_cooperation", "deveselu_certified", "thaad_decision",
    "inf_end", "japan_aegis_ashore_cancelled", "russia_invades_2022", "new_start_suspended",
]
#: Events labelled on the 2007-2013 detail, where there are too many to label them all.
DETAIL_EVENTS = [
    "putin_munich", "gabala_offer", "poland_interceptor_agreement", "nrc_frozen_2008",
    "reset_button", "paa_announced", "new_start_signed", "lisbon_nrc_summit",
    "medvedev_sectoral", "rogozin_envoy_2011", "deauville", "nrc_defence_ministers_2011",
    "medvedev_countermeasures", "moscow_md_conference", "chicago_summit", "hagel_phase4",
]
#: Label slots tried in order: vertical offset from the lane (data units) and alignment.
LABEL_SLOTS = [(dy, ha) for dy in (0.24, -0.24, 0.46, -0.46, 0.68, -0.68)
               for ha in ("center", "left", "right")]
#: Vertical offsets tried, in order, for a marker that would cover another in its lane.
STACK_OFFSETS = (0.0, 0.13, -0.13, 0.26, -0.26, 0.39, -0.39, 0.52, -0.52)
#: Height of one lane, in inches.
LANE_HEIGHT = 1.2


def window(events: pd.DataFrame, start=None, end=None):
    """(events overlapping [start, end], start, end); bounds may be 'YYYY', 'YYYY-MM' or dates."""
    lo = pd.Timestamp(start) if start is not None else events.start.min()
    hi = window_end(end) if end is not None else events.end.max()
    if hi < lo:
        raise ValueError(f"timeline window ends ({hi.date()}) before it starts ({lo.date()}).")
    return events[(events.end >= lo) & (events.start <= hi)], lo, hi


@drawing
def timeline(events: pd.DataFrame, start=None, end=None, lanes=None, highlight=(),
             labels=None, eras=ERAS, title=None, width=PAGE_WIDTH):
    """Draw events as a lane timeline and return the matplotlib Figure.

    ``labels``: None labels every event when there are at most 20 in the window, otherwise
    only highlighted ones; a list of event ids labels exactly those; "none" labels none.
    Labels that find no free slot are listed in ``fig.unplaced_labels``; those asked for by
    name are also in ``fig.requested_labels``, and :func:`companion.figures.glue_figure`
    refuses to show a figure that is missing one. In a phone's layout (narrower than
    :data:`companion.figures.PHONE_LAYOUT_BELOW`),
    the labels are numbers and the key under the chart gives each its words and date.
    """
    shown, lo, hi = window(events, start, end)
    lanes, shown = _lanes_and_events(shown, lanes, lo, hi)
    wanted = _wanted_labels(shown, labels, highlight)
    numbers = _numbers(shown, wanted) if phone_layout(width) else None
    key = _key(shown, numbers, width)
    with style():
        height = 1.0 + LANE_HEIGHT * len(lanes) + LINE_INCHES * len(key)
        # A fixed layout: labels are placed in pixel space, so the axes must not move later.
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=1.05 / width, right=1 - (0.1 if numbers is None else 0.25) / width,
                            bottom=(0.75 + LINE_INCHES * len(key)) / height,
                            top=1 - (0.4 if title else 0.12) / height)
        _panel(fig, ax, shown, lanes, lo, hi, highlight, wanted, eras, numbers)
        if title:
            ax.set_title(title, loc="left")
        _draw_key(fig, key)
        source_line(fig, SOURCE)
    fig.requested_labels = sorted(wanted) if labels not in (None, "none") else []
    return fig


@drawing
def overview(events: pd.DataFrame, split="2007", start=None, end=None, highlight=(),
             labels=None, title=None, width=PAGE_WIDTH):
    """The whole history in two panels: the quiet decades before ``split`` compressed on
    the left, the busy years after it on the right, with the same lanes in both.

    By default it spans at least :data:`OVERVIEW_SPAN` and always every event, so an event
    added before or after those years is drawn, not dropped. ``labels`` as in
    :func:`timeline`; by default only ``highlight`` events are labelled.
    """
    split_at = pd.Timestamp(split)
    if start is None:
        start = str(min(int(OVERVIEW_SPAN[0]), events.start.min().year))
    if end is None:
        end = str(max(int(OVERVIEW_SPAN[1]), events.end.max().year))
    _, lo, hi = window(events, start, end)
    if not lo < split_at < hi:
        raise ValueError(f"split {split!r} must fall between {lo.date()} and {hi.date()}.")
    early, _, _ = window(events, lo, split_at - pd.Timedelta(days=1))
    late, _, _ = window(events, split_at, hi)
    lanes, _ = _lanes_and_events(pd.concat([early, late]), None, lo, hi)
    wanted = set(highlight) if labels is None else _wanted_labels(early, labels, highlight)
    both = pd.concat([early, late]).drop_duplicates("event_id")
    numbers = _numbers(both, wanted) if phone_layout(width) else None
    key = _key(both, numbers, width)
    with style():
        height = 1.0 + LANE_HEIGHT * len(lanes) + LINE_INCHES * len(key)
        fig, (left, right) = plt.subplots(1, 2, figsize=(width, height), sharey=True,
                                          gridspec_kw={"width_ratios": [1, 2.6], "wspace": 0.04})
        fig.subplots_adjust(left=1.05 / width, right=1 - (0.1 if numbers is None else 0.25) / width,
                            bottom=(0.75 + LINE_INCHES * len(key)) / height,
                            top=1 - (0.4 if title else 0.12) / height)
        _panel(fig, left, early, lanes, lo, split_at - pd.Timedelta(days=1), highlight,
               wanted, ERAS, numbers)
        _panel(fig, right, late, lanes, split_at, hi, highlight, wanted, ERAS, numbers)
        # A decade a tick on the page; on a phone's narrow left panel, a quarter century.
        left.xaxis.set_major_locator(mdates.YearLocator(10 if numbers is None else 25))
        left.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        right.tick_params(axis="y", left=False)
        # A dashed spine marks the break between panels: the time scales differ.
        right.spines["left"].set_linestyle((0, (2, 3)))
        if title:
            left.set_title(title, loc="left")
        _draw_key(fig, key)
        source_line(fig, SOURCE)
    fig.requested_labels = sorted(wanted)
    return fig


def _lanes_and_events(shown, lanes, lo, hi):
    known = lane_styles()
    lanes = list(lanes or [lane for lane in known if lane in set(shown.lane)])
    unknown = [lane for lane in lanes if lane not in known]
    if unknown:
        raise ValueError(f"unknown lane(s) {unknown}; lanes are: {', '.join(known)}")
    shown = shown[shown.lane.isin(lanes)]
    if shown.empty:
        raise ValueError(
            f"no events between {lo.date()} and {hi.date()} in lanes {lanes}: widen the "
            "window or choose other lanes."
        )
    return lanes, shown


def _wanted_labels(shown, labels, highlight) -> set:
    if labels is None:
        return set(shown.event_id) if len(shown) <= MAX_AUTO_LABELS else set(highlight)
    if labels == "none":
        return set()
    return set(labels)


def _numbers(shown, wanted) -> dict[str, int]:
    """The labelled events numbered 1, 2, ... in date order, for a numbered key."""
    picked = shown[shown.event_id.isin(wanted)].sort_values(["start", "event_id"])
    return {event_id: i for i, event_id in enumerate(picked.event_id, start=1)}


def _key(shown, numbers, width: float) -> list[str]:
    """The numbered key's lines: each number with its event's label and date (none when
    the labels are words)."""
    if not numbers:
        return []
    events = shown.drop_duplicates("event_id").set_index("event_id")
    entries = []
    for event_id, n in numbers.items():
        ev = events.loc[event_id]
        entries.append((n, f"{ev.get('label') or ev.title} ({short_date(ev)})"))
    return key_lines(entries, width)


def short_date(ev) -> str:
    """An event's start as the key gives it: '20 Nov 2010', 'Nov 2010' or '2010'."""
    when = pd.Timestamp(ev.date)
    return {"day": f"{when.day} {when:%b %Y}", "month": f"{when:%b %Y}"}.get(
        ev.date_precision, str(when.year))


def _draw_key(fig, lines) -> None:
    """The numbered key under the chart, above the source line."""
    draw_key(fig, lines, source_height(SOURCE, fig.get_figwidth()))


def _panel(fig, ax, shown, lanes, lo, hi, highlight, wanted, eras, numbers=None):
    """Draw one time window of lanes into ``ax``; unplaced labels go to ax.unplaced_labels.
    With ``numbers`` (event id -> number), each label is its event's number."""
    y_of = {lane: i for i, lane in enumerate(reversed(lanes))}
    pad = max((hi - lo) * 0.02, pd.Timedelta(days=45))
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(-0.75, len(lanes) - 0.3)
    renderer = fig.canvas.get_renderer()
    fixed: list = []
    if lo <= COLUMN_DATE <= hi:
        ax.axvline(COLUMN_DATE, color="#222222", lw=1.2, ls="--", zorder=1)
        caption = ax.text(COLUMN_DATE, len(lanes) - 0.32, " The column", fontsize=MIN_FONT_PT,
                          va="top", ha="left", color="#222222", gid="column-line")
        _keep_inside(ax, caption, renderer, " The column", "The column ")
        fixed.append(caption.get_window_extent(renderer))
    _draw_eras(ax, eras, lo, hi, renderer, fixed)
    markers = _draw_events(fig, ax, shown, y_of, set(highlight))
    styles = lane_styles()
    ax.set_yticks(list(y_of.values()), [styles[lane][0] for lane in y_of])
    # A phone's narrow axis holds five ticks at most; allowing two keeps the locator
    # from failing to find an interval (and warning) on a window of a year or two.
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3 if numbers is None else 2,
                                                      maxticks=7 if numbers is None else 5))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.unplaced_labels = _place_labels(fig, ax, shown[shown.event_id.isin(wanted)], markers,
                                       fixed, numbers)
    fig.unplaced_labels = getattr(fig, "unplaced_labels", []) + ax.unplaced_labels


#: Rows for era captions under the lowest lane (data units); a caption takes the first row
#: where it does not run into an earlier one.
ERA_ROWS = (-0.7, -0.52, -0.34)


def _draw_eras(ax, eras, lo, hi, renderer, fixed):
    placed = []
    for i, (label, s, e) in enumerate(eras or []):
        s, e = max(pd.Timestamp(s), lo), min(pd.Timestamp(e), hi)
        if s >= e:
            continue
        ax.axvspan(s, e, color="#000000", alpha=0.05 + 0.03 * (i % 2), lw=0, zorder=0)
        t = ax.text(s, ERA_ROWS[0], f" {label}", fontsize=MIN_FONT_PT, color="#444444",
                    va="bottom", ha="left", gid="era", clip_on=False)
        for row in ERA_ROWS:
            t.set_y(row)
            box = _keep_inside(ax, t, renderer, f" {label}", f"{label} ", at=e)
            if not any(box.overlaps(other) for other in placed):
                break
        placed.append(box)
        fixed.append(box)


def _keep_inside(ax, text, renderer, left_text, right_text, at=None):
    """A caption set right of its date, or, when that runs past the axes, ending at
    ``at`` (default: the same date): return its drawn box."""
    box = text.get_window_extent(renderer)
    if box.x1 > ax.get_window_extent(renderer).x1:
        text.set_text(right_text)
        text.set_horizontalalignment("right")
        if at is not None:
            text.set_x(at)
        box = text.get_window_extent(renderer)
    return box


def _draw_events(fig, ax, shown, y_of, highlight):
    """Draw every event, each marker with hover text; return {event_id: (x, y)} of the
    markers in data coordinates. A marker that would cover another one in its lane (an
    open month marker behind a filled day marker, say) is moved up or down a little."""
    points, taken, styles = {}, {lane: [] for lane in y_of}, lane_styles()
    for ev in shown.sort_values(["start", "event_id"]).itertuples():
        _, colour, marker = styles[ev.lane]
        size = 9 if ev.event_id in highlight else 7
        spans = ev.end > ev.start
        lasted = spans and bool(getattr(ev, "end_date", ""))
        mid = ev.start + (ev.end - ev.start) / 2 if spans and not lasted else ev.start
        y = _free_height(ax, mid, y_of[ev.lane], size, taken[ev.lane])
        if spans:
            # A thick bar for an event that lasted; a thin one for an imprecise date.
            ax.plot([ev.start, ev.end], [y, y], color=colour, lw=6 if lasted else 1.5,
                    solid_capstyle="butt", zorder=2)
        filled = ev.date_precision == "day"
        gid = f"event-{ev.event_id}"
        ax.plot([mid], [y], marker=marker, ms=size, color=colour, zorder=3, gid=gid,
                mfc=colour if filled else "white", mec="#000000" if ev.event_id in highlight
                else colour, mew=1.4)
        hover(fig, gid, event_hover_text(ev))
        points[ev.event_id] = (mid, y)
    return points


def _free_height(ax, x, lane_y, size, taken):
    """The first lane height in STACK_OFFSETS at which a marker of ``size`` points at ``x``
    covers no marker already drawn in the lane; ``taken`` collects (px, py, radius)."""
    radius = size * ax.figure.dpi / 72 / 2 + 1
    px = ax.transData.transform((mdates.date2num(x), lane_y))[0]
    for dy in STACK_OFFSETS:
        py = ax.transData.transform((mdates.date2num(x), lane_y + dy))[1]
        if all((px - ox) ** 2 + (py - oy) ** 2 >= (radius + r) ** 2 for ox, oy, r in taken):
            taken.append((px, py, radius))
            return lane_y + dy
    taken.append((px, py, radius))
    return lane_y + dy


def event_hover_text(ev) -> str:
    """What a reader sees when pointing at an event: title, date at its precision, sources."""
    sources = sources_sentence(getattr(ev, "sources", None))
    return f"{ev.title}. {date_text(ev)}." + (f" {sources}" if sources else "")


def date_text(ev) -> str:
    """An event's date as a reader says it, honest about its precision."""
    def one(value, precision):
        when = pd.Timestamp(value)  # 'YYYY' and 'YYYY-MM' parse to their first day
        if precision == "day":
            return f"{when.day} {when:%B %Y}"
        if precision == "month":
            return f"{when:%B %Y} (day not recorded)"
        return f"{value} (month not recorded)"

    text = one(ev.date, ev.date_precision)
    end = getattr(ev, "end_date", "")
    if end:
        end_precision = {7: "month", 4: "year"}.get(len(end), "day")
        text += f" to {one(end, end_precision)}"
    return text


def _place_labels(fig, ax, labelled, markers, fixed, numbers=None):
    """Labels above or below their markers, by the book's one placer
    (:func:`companion.labels.place_labels`); return the ids left unlabelled."""
    def text(ev):
        if numbers is not None:
            return str(numbers[ev.event_id])
        return label_text(getattr(ev, "label", "") or ev.title)

    lane = abs(ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1])
    slots = [Slot(0, dy * lane, ha, "bottom" if dy > 0 else "top") for dy, ha in LABEL_SLOTS]
    items = [(ev.event_id, mdates.date2num(markers[ev.event_id][0]), markers[ev.event_id][1],
              text(ev))
             for ev in labelled.sort_values(["start", "event_id"]).itertuples()]
    marks = [mark_box(ax, mdates.date2num(x), y) for x, y in markers.values()]
    return place_labels(fig, ax, items, slots, marks + list(fixed),
                        leader_beyond=0.3 * lane)


def label_text(title) -> str:
    """A label wrapped to 16 characters a line; past three lines it is shortened
    (the full title stays in the hover text and the event table)."""
    return textwrap.fill(textwrap.shorten(str(title), 48, placeholder=" ..."), width=16)


def marker_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of event markers, drawn in the same panel, that cover each other."""
    pairs = []
    for ax in fig.axes:
        marks = []
        for line in ax.get_lines():
            gid = line.get_gid() or ""
            if gid.startswith("event-"):
                x, y = ax.transData.transform((line.get_xdata(orig=False)[0],
                                               line.get_ydata(orig=False)[0]))
                marks.append((gid[6:], x, y, line.get_markersize() * fig.dpi / 72 / 2))
        pairs += [(a, b) for i, (a, ax_, ay, ar) in enumerate(marks)
                  for b, bx, by, br in marks[i + 1:]
                  if (ax_ - bx) ** 2 + (ay - by) ** 2 < (ar + br) ** 2]
    return pairs

"""Who wanted what: the position matrix, its small multiples and the power-interest grid.

A position is coded from -2 (strongly against) to +2 (strongly for) and holds from its
``as_of`` date until a later row for the same actor and proposal replaces it. A row dated
only to the month counts from the end of that month, the first day its source guarantees.
A position not restated for three years lapses (:data:`LAPSES_AFTER_YEARS`): a stance the
Bush administration took in 2007 says nothing about 2012. A position an office-holder took
lapses sooner, when the term it was taken in ends (:mod:`companion.offices`): Medvedev's
stance as president is not shown after May 2012. A cell with no position in force is
hatched and empty, never drawn as a neutral 0, and its hover text says why.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from companion.bib import sources_sentence
from companion.dates import last_day
from companion.evidence import Evidence, load
from companion.figures import (
    LINE_INCHES,
    MIN_FONT_PT,
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
from companion.labels import label_overlaps as label_overlaps  # re-exported for callers
from companion.labels import mark_box, place_labels, ring
from companion.markdown import from_data
from companion.offices import lapse_dates, office_on

#: The three moments the small multiples compare (label, date).
SNAPSHOTS = [
    ("Lisbon NRC summit, 20 Nov 2010", "2010-11-20"),
    ("NRC defence ministers, 8 Jun 2011", "2011-06-08"),
    ("Chicago summit, 20 May 2012", "2012-05-20"),
]
#: ColorBrewer PuOr, five classes (colour-blind safe): orange against, purple for.
COLOURS = {-2: "#e66101", -1: "#fdb863", 0: "#f7f7f7", 1: "#b2abd2", 2: "#5e3c99"}
SYMBOLS = {-2: "\u2212\u2212", -1: "\u2212", 0: "0", 1: "+", 2: "++"}
MEANINGS = {-2: "strongly against", -1: "against", 0: "neutral or undecided", 1: "for",
            2: "strongly for"}
#: A coded position stops counting this many years after its as_of date.
LAPSES_AFTER_YEARS = 3
#: Mendelow's grid: scores of 4 and 5 count as high power or high interest.
HIGH = 3.5
QUADRANTS = [("Keep satisfied", 1.0, 5.5), ("Key players", 5.0, 5.5),
             ("Minimal effort", 1.0, 0.35), ("Keep informed", 5.0, 0.35)]
SOURCE = "data/positions.csv, data/actors.csv (sources in references.bib)"
ACTOR_SOURCE = "data/actors.csv (rationale and sources per actor)"


def _holds_from(as_of: pd.Series) -> pd.Series:
    """The day each position takes effect: its day, or the last day of its month."""
    return pd.to_datetime(as_of.map(last_day))


def positions_at(as_of, evidence: Evidence | None = None) -> pd.DataFrame:
    """The position each actor held on each proposal at ``as_of``: the latest row dated
    on or before it, unless that row has lapsed, by age or with the term of office it was
    taken in; one row per (actor, proposal)."""
    latest, when = _latest_rows(as_of, evidence)
    latest = latest[latest.holds_from > when - pd.DateOffset(years=LAPSES_AFTER_YEARS)]
    latest = latest[latest.term_ends.isna() | (latest.term_ends >= when)]
    return latest.drop(columns="term_ends").sort_values(
        ["actor_id", "proposal_id"]).reset_index(drop=True)


def lapsed_with_term(as_of, evidence: Evidence | None = None) -> dict:
    """(actor, proposal) -> (office, last day of the term) for the positions that would
    still be in force at ``as_of`` but for the end of the term they were taken in."""
    ev = evidence or load()
    latest, when = _latest_rows(as_of, ev)
    latest = latest[(latest.holds_from > when - pd.DateOffset(years=LAPSES_AFTER_YEARS))
                    & latest.term_ends.notna() & (latest.term_ends < when)]
    return {(r.actor_id, r.proposal_id): (office_on(r.actor_id, r.holds_from, ev.offices),
                                          r.term_ends)
            for r in latest.itertuples()}


def _latest_rows(as_of, evidence):
    """The latest row on or before ``as_of`` per (actor, proposal), with the day it took
    effect and the last day of the term it was taken in (NaT if none)."""
    ev = evidence or load()
    when = pd.Timestamp(as_of)
    rows = ev.positions.assign(holds_from=_holds_from(ev.positions.as_of))
    rows = rows[rows.holds_from <= when]
    latest = rows.sort_values("holds_from").groupby(["actor_id", "proposal_id"]).tail(1)
    latest = latest.assign(term_ends=lapse_dates(latest.actor_id, latest.holds_from,
                                                 ev.offices))
    return latest, when


def matrix(as_of, actors=None, proposals=None, evidence: Evidence | None = None):
    """Actors × proposals of positions at ``as_of``; NaN where nothing is recorded.

    Rows and columns default to every actor and proposal with any recorded position,
    in the order of actors.csv and proposals.csv.
    """
    ev = evidence or load()
    actors = list(actors) if actors is not None else _used(ev, "actor_id", ev.actors)
    proposals = (list(proposals) if proposals is not None
                 else _used(ev, "proposal_id", ev.proposals))
    _check_ids(actors, ev.actors.actor_id, "actor")
    _check_ids(proposals, ev.proposals.proposal_id, "proposal")
    held = positions_at(as_of, ev).pivot(index="actor_id", columns="proposal_id",
                                         values="position")
    return held.reindex(index=actors, columns=proposals).astype("float")


def _used(ev, key, table):
    used = set(ev.positions[key])
    return [i for i in table[key] if i in used]


def _check_ids(ids, known, what):
    unknown = [i for i in ids if i not in set(known)]
    if unknown:
        raise ValueError(f"unknown {what} id(s) {unknown}; see data/{what}s.csv")


@drawing
def position_matrix(as_of, actors=None, proposals=None, evidence: Evidence | None = None,
                    width: float = PAGE_WIDTH):
    """The position matrix at one date as a Figure: only the actors and proposals with a
    position in force then; those left out are named in ``fig.left_out``."""
    return position_matrices([(_date_label(as_of), as_of)], actors, proposals, evidence,
                             width=width)




@drawing
def position_matrices(dates=SNAPSHOTS, actors=None, proposals=None,
                      evidence: Evidence | None = None, width: float = PAGE_WIDTH):
    """Positions at each (label, date) of ``dates`` in one grid: a row per actor, a group
    of columns per proposal and, inside it, a column per date, so a change reads left to
    right. Only actors and proposals with a position in force at one of the dates are
    drawn, in one order; ``fig.left_out`` names the others (for the caption). Narrower
    in a phone's layout (:func:`companion.figures.phone_layout`), each date gets its own
    grid, one above the next, under numbered proposals keyed below."""
    ev = evidence or load()
    wanted_actors = list(actors) if actors is not None else _used(ev, "actor_id", ev.actors)
    wanted_props = (list(proposals) if proposals is not None
                    else _used(ev, "proposal_id", ev.proposals))
    grids = [(label, pd.Timestamp(d), matrix(d, wanted_actors, wanted_props, ev))
             for label, d in dates]
    held = pd.concat([g.notna() for _, _, g in grids]).groupby(level=0, sort=False).any()
    rows = [a for a in wanted_actors if held.loc[a].any()]
    cols = [p for p in wanted_props if held[p].any()]
    if not rows:
        raise ValueError("no position is recorded for these actors and proposals at "
                         f"{', '.join(str(d.date()) for _, d, _ in grids)}")
    names = ev.actors.set_index("actor_id")["name"]
    titles = ev.proposals.set_index("proposal_id")["title"]
    if phone_layout(width):
        fig = _stacked_matrices(grids, rows, cols, names, titles, ev, width)
    else:
        fig = _matrix_figure(grids, rows, cols, names, titles, ev)
    fig.left_out = {"actors": [names[a] for a in wanted_actors if a not in rows],
                    "proposals": [titles[p] for p in wanted_props if p not in cols]}
    fig.shown = {"actors": rows, "proposals": cols}
    fig.caption_note = left_out_note(fig.left_out, len(grids))
    return fig


def _matrix_figure(grids, rows, cols, names, titles, ev):
    """All dates in one grid, a group of columns per proposal, titled above."""
    n_dates = len(grids)
    with style():
        label_w, cell_h = 1.95, 0.34
        units = len(cols) * n_dates + GROUP_GAP * (len(cols) - 1)
        cell_w = min(0.95 if n_dates == 1 else 0.62, (PAGE_WIDTH - label_w - 0.15) / units)
        header_h = 0.95 + (0.55 if n_dates > 1 else 0)
        height = header_h + cell_h * len(rows) + 1.2
        fig = plt.figure(figsize=(PAGE_WIDTH, height))
        grid_w = cell_w * units
        ax = fig.add_axes([label_w / PAGE_WIDTH, 1.2 / height, grid_w / PAGE_WIDTH,
                           cell_h * len(rows) / height])
        _draw_grid(fig, ax, grids, rows, cols, ev)
        ax.set_ylim(len(rows), 0)
        ax.set_yticks(np.arange(len(rows)) + 0.5, [_wrap(names[a], 28) for a in rows])
        ax.tick_params(length=0, labelbottom=False)
        ax.set_xticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        _headers(fig, ax, grids, cols, titles)
        _legend(fig)
        source_line(fig, SOURCE)
    return fig


def _stacked_matrices(grids, rows, cols, names, titles, ev, width):
    """One grid per date, stacked, the proposals numbered above each grid and keyed below
    it, then the legend in two columns: the layout of a phone's column."""
    label_w, title_h, gap = 1.6, 0.5, 0.2
    # A row holds two lines of a name; a name of three lines gets taller rows.
    cell_h = 0.46 if any(_wrap(names[a], 22).count("\n") > 1 for a in rows) else 0.34
    units = len(cols) + GROUP_GAP * (len(cols) - 1)
    cell_w = min(0.6, (width - label_w - 0.1) / units)
    key = key_lines([(c + 1, titles[p]) for c, p in enumerate(cols)], width)
    foot = source_height(SOURCE, width)
    legend_h = 0.62
    below = foot + legend_h + LINE_INCHES * len(key) + 0.1
    panel_h = title_h + cell_h * len(rows) + gap
    with style():
        fig = plt.figure(figsize=(width, below + panel_h * len(grids)))
        height = fig.get_figheight()
        for k, grid in enumerate(grids):
            bottom = below + panel_h * (len(grids) - 1 - k) + gap
            ax = fig.add_axes([label_w / width, bottom / height, cell_w * units / width,
                               cell_h * len(rows) / height])
            _draw_grid(fig, ax, [grid], rows, cols, ev)
            ax.set_ylim(len(rows), 0)
            ax.set_yticks(np.arange(len(rows)) + 0.5, [_wrap(names[a], 22) for a in rows])
            ax.set_xticks([_x(c, 0, 1) + 0.5 for c in range(len(cols))],
                          [str(c + 1) for c in range(len(cols))])
            ax.xaxis.tick_top()
            ax.tick_params(length=0, labelsize=MIN_FONT_PT)
            for spine in ax.spines.values():
                spine.set_visible(False)
            fig.text(0.1 / width, (bottom + cell_h * len(rows) + title_h - 0.06) / height, grid[0],
                     fontsize=MIN_FONT_PT + 1, fontweight="bold", ha="left", va="top")
        draw_key(fig, key, foot + legend_h)
        _legend(fig, ncol=2, bottom=foot)
        source_line(fig, SOURCE)
    return fig


def left_out_note(left_out: dict, n_dates: int = 1) -> str:
    """The caption's sentence on what a matrix leaves out, and why."""
    when = "this date" if n_dates == 1 else "any of these dates"
    parts = [f"the {what} {', '.join(names)}" for what, names in
             (("actors", left_out["actors"]), ("proposals", left_out["proposals"])) if names]
    if not parts:
        return f"Every actor and proposal of this selection has a position at {when}."
    return f"Left out, with no position in force at {when}: " + "; ".join(parts) + "."


GROUP_GAP = 0.2


def _x(col_index, date_index, n_dates):
    """Left edge, in cell units, of a proposal's column for one date."""
    return col_index * (n_dates + GROUP_GAP) + date_index


def _draw_grid(fig, ax, grids, rows, cols, ev):
    n_dates = len(grids)
    for k, (_, when, grid) in enumerate(grids):
        # The rows behind the hover texts, found once per date rather than once per cell.
        held = positions_at(when, ev).set_index(["actor_id", "proposal_id"])
        lapsed = lapsed_with_term(when, ev)
        names = dict(zip(ev.actors.actor_id, ev.actors.name, strict=True))
        titles = dict(zip(ev.proposals.proposal_id, ev.proposals.title, strict=True))
        for r, actor in enumerate(rows):
            for c, proposal in enumerate(cols):
                value = grid.loc[actor, proposal]
                x, gid = _x(c, k, n_dates), f"cell--{actor}--{proposal}--{when.date()}"
                if np.isnan(value):
                    ax.add_patch(Rectangle((x, r), 1, 1, facecolor="white", lw=0.5,
                                           edgecolor="#bbbbbb", hatch="////", gid=gid))
                    why = "no position recorded."
                    if (actor, proposal) in lapsed:
                        office, last = lapsed[(actor, proposal)]
                        why = (f"no position in force: the last one was taken as {office}, "
                               f"a term that ended on {_date_label(last)}, and no later "
                               "statement is recorded.")
                    hover(fig, gid, f"{names[actor]} on {titles[proposal]}, "
                                    f"{_date_label(when)}: {why}")
                    continue
                value = int(value)
                ax.add_patch(Rectangle((x, r), 1, 1, facecolor=COLOURS[value],
                                       edgecolor="white", lw=1.5, gid=gid))
                ax.text(x + 0.5, r + 0.5, SYMBOLS[value], ha="center", va="center",
                        fontsize=9.5, fontweight="bold", gid=f"symbol--{actor}--{proposal}",
                        color="white" if abs(value) == 2 else "#222222")
                hover(fig, gid, _cell_hover(held.loc[(actor, proposal)], when, names, titles))
    ax.set_xlim(-0.05, _x(len(cols) - 1, n_dates, n_dates) + 0.05)


def _headers(fig, ax, grids, cols, titles):
    """Proposal titles wrapped to their column group; under them, with several dates, the
    date of each column, set vertically."""
    renderer = fig.canvas.get_renderer()
    n_dates = len(grids)
    group_px = (ax.transData.transform((n_dates, 0))[0] - ax.transData.transform((0, 0))[0])
    for c, proposal in enumerate(cols):
        centre = _x(c, 0, n_dates) + n_dates / 2
        text = ax.text(centre, -0.25 if n_dates == 1 else -2.1, "", ha="center", va="bottom",
                       fontsize=MIN_FONT_PT, gid=f"header-{proposal}", clip_on=False)
        for width in range(24, 5, -1):
            text.set_text(_wrap(titles[proposal], width))
            if text.get_window_extent(renderer).width <= group_px - 4:
                break
        if n_dates > 1:
            for k, (_, when, _) in enumerate(grids):
                ax.text(_x(c, k, n_dates) + 0.5, -0.15, f"{when:%b %Y}", rotation=90,
                        ha="center", va="bottom", fontsize=MIN_FONT_PT, color="#333333",
                        clip_on=False, gid=f"date-{proposal}-{k}")


def _date_label(when) -> str:
    when = pd.Timestamp(when)
    return f"{when.day} {when:%B %Y}"


def _cell_hover(row, when, names: dict, titles: dict) -> str:
    """The hover text of a cell drawn from ``row``, a position held at ``when``."""
    actor, proposal = row.name
    return (f"{names[actor]} on {titles[proposal]}, {_date_label(when)}: "
            f"{MEANINGS[int(row.position)]} ({int(row.position):+d}), coded from a position "
            f"of {row.as_of}. {row.evidence} {sources_sentence(row.sources)}")


def _legend(fig, ncol: int = 3, bottom: float = 0.35):
    handles = [Rectangle((0, 0), 1, 1, facecolor=COLOURS[v], edgecolor="#888888", lw=0.5)
               for v in sorted(COLOURS)]
    labels = [f"{SYMBOLS[v]}  {MEANINGS[v]}" for v in sorted(COLOURS)]
    handles.append(Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#bbbbbb",
                             hatch="////", lw=0.5))
    labels.append("no recorded position")
    # Two columns fit a phone's figure only with shorter handles and spacing.
    fig.legend(handles, labels, loc="lower left", ncol=ncol, fontsize=MIN_FONT_PT,
               frameon=False, bbox_to_anchor=(0.0, bottom / fig.get_figheight()),
               **({} if ncol == 3 else {"handlelength": 1.4, "columnspacing": 0.8}))


def _wrap(text, width):
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False))


def cells_drawn(fig, as_of=None) -> dict[tuple[str, str], str]:
    """{(actor, proposal): symbol or 'missing'} for every cell drawn for one date (the
    first date by default), read back from the drawn artists."""
    ax = fig.axes[0]
    rects = {}
    for patch in ax.patches:
        kind, _, rest = (patch.get_gid() or "").partition("--")
        if kind == "cell":
            actor, proposal, when = rest.split("--")
            rects.setdefault(when, {})[actor, proposal] = patch
    when = str(pd.Timestamp(as_of).date()) if as_of is not None else sorted(rects)[0]
    symbols = {}
    for t in ax.texts:
        kind, _, rest = (t.get_gid() or "").partition("--")
        if kind == "symbol":
            symbols[tuple(rest.split("--")), t.get_position()] = t.get_text()
    cells = {}
    for key, patch in rects[when].items():
        centre = (patch.get_x() + 0.5, patch.get_y() + 0.5)
        cells[key] = symbols.get((key, centre), "missing")
    return cells


@drawing
def power_interest(actors=None, evidence: Evidence | None = None, title=None,
                   width: float = PAGE_WIDTH):
    """Mendelow's power-interest grid with every actor (or those given) placed and named.

    Scores are whole numbers, so actors that share a score are spread in a small ring
    around it; labels are placed greedily so that none overlaps another or a point.
    In a phone's layout each point is numbered and the key names it.
    """
    ev = evidence or load()
    table = ev.actors if actors is None else ev.actors.set_index("actor_id").loc[
        list(actors)].reset_index()
    points = _spread(table)
    numbers = ({a: n for n, a in enumerate(
        points.sort_values(["y", "x"], ascending=[False, True]).actor_id, start=1)}
        if phone_layout(width) else None)
    names = dict(zip(points.actor_id, points.name, strict=True))
    key = key_lines([(n, names[a]) for a, n in numbers.items()], width) if numbers else []
    with style():
        below = LINE_INCHES * len(key) + (0.45 if key else 0)
        height = (6.2 if numbers is None else width + 0.9) + below
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.7 / width, right=1 - 0.14 / width, top=1 - 0.3 / height,
                            bottom=(0.87 + below) / height)
        ax.set_xlim(0.4, 5.6)
        ax.set_ylim(0.15, 5.8)
        ax.axvline(HIGH, color="#888888", lw=1)
        ax.axhline(HIGH, color="#888888", lw=1)
        for label, x, y in QUADRANTS:
            ax.text(x, y, label, fontsize=10 if numbers is None else MIN_FONT_PT,
                    fontweight="bold", color="#666666",
                    ha="left" if x < HIGH else "right", va="center", gid="quadrant")
        markers = {"named": ("o", "#0072B2"), "implied": ("s", "#E69F00"),
                   "added": ("^", "#009E73")}
        for kind, (marker, colour) in markers.items():
            # An empty series first, so the legend has one entry per kind.
            ax.scatter([], [], marker=marker, s=60, color=colour, edgecolor="black", lw=0.6,
                       label={"named": "named in the column", "implied": "implied by it",
                              "added": "added by the book"}[kind])
        for p in points.itertuples():
            marker, colour = markers[p.in_column]
            gid = f"actor-{p.actor_id}"
            ax.plot([p.x], [p.y], marker=marker, ms=8, color=colour, mec="black", mew=0.6,
                    zorder=3, gid=gid, ls="none")
            hover(fig, gid, f"{p.name}: influence {p.influence}, interest {p.interest} "
                            f"(1-5). {p.rationale}")
        ax.set_xlabel("Interest: what the actor had at stake (1-5)")
        ax.set_ylabel("Influence: power over the outcome (1-5)")
        ax.set_xticks(range(1, 6))
        ax.set_yticks(range(1, 6))
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper left", frameon=False, fontsize=MIN_FONT_PT,
                  ncol=3 if numbers is None else 2,
                  bbox_to_anchor=((0.39 if numbers is None else 0.05) / width,
                                  (0.55 + below) / height),
                  bbox_transform=fig.transFigure,
                  **({} if numbers is None else {"handlelength": 1.2, "columnspacing": 0.8}))
        if title:
            ax.set_title(title, loc="left")
        fig.unplaced_labels = _label_points(fig, ax, points, numbers)
        if key:
            ax.set_xlabel("Interest: what the actor had\nat stake (1-5)")
            draw_key(fig, key, source_height(ACTOR_SOURCE, width))
        source_line(fig, ACTOR_SOURCE)
    return fig


def _spread(table):
    rows = []
    for (interest, influence), group in table.groupby(["interest", "influence"], sort=True):
        n = len(group)
        for k, actor in enumerate(group.itertuples()):
            angle = 2 * np.pi * k / n + np.pi / 4
            radius = 0 if n == 1 else 0.22
            rows.append({"actor_id": actor.actor_id, "name": actor.name,
                         "in_column": actor.in_column, "rationale": actor.rationale,
                         "influence": influence, "interest": interest,
                         "x": interest + radius * np.cos(angle),
                         "y": influence + radius * np.sin(angle)})
    return pd.DataFrame(rows)


def _label_points(fig, ax, points, numbers=None):
    """Each actor's name (or, with ``numbers``, its number) around its point, by the book's
    one placer."""
    items = [(p.actor_id, p.x, p.y, _wrap(p.name, 20) if numbers is None
              else str(numbers[p.actor_id]))
             for p in points.sort_values(["y", "x"], ascending=False).itertuples()]
    renderer = fig.canvas.get_renderer()
    obstacles = [mark_box(ax, p.x, p.y, half=6) for p in points.itertuples()]
    obstacles += [t.get_window_extent(renderer) for t in ax.texts]
    return place_labels(fig, ax, items, ring(radii=(8, 22, 38, 56, 76), scale=fig.dpi / 72),
                        obstacles, text_style={"bbox": None})



@from_data("positions")
def evidence_table(as_of=None, actors=None, proposals=None,
                   evidence: Evidence | None = None) -> pd.DataFrame:
    """Each position behind a slice: who, on what, from when, the code, the evidence in
    the project's words, the ¶ it bears on and its sources. With ``as_of``, only the
    rows in force at that date; without, every recorded row."""
    ev = evidence or load()
    rows = positions_at(as_of, ev) if as_of is not None else ev.positions
    if actors is not None:
        rows = rows[rows.actor_id.isin(list(actors))]
    if proposals is not None:
        rows = rows[rows.proposal_id.isin(list(proposals))]
    names = ev.actors.set_index("actor_id")["name"]
    titles = ev.proposals.set_index("proposal_id")["title"]
    table = pd.DataFrame({
        "Actor": rows.actor_id.map(names),
        "Proposal": rows.proposal_id.map(titles),
        "As of": rows.as_of,
        "Position": rows.position.map(lambda v: f"{SYMBOLS[v]} ({v:+d})" if v else "0"),
        "Evidence": rows.evidence,
        "¶": rows.paras.map(lambda ps: ", ".join(map(str, ps)) if len(ps) else "-"),
        "Sources": rows.sources,
    })
    return table.sort_values(["Proposal", "Actor", "As of"]).reset_index(drop=True)


def section_slice(section: str, evidence: Evidence | None = None):
    """(actor ids, proposal ids) that bear on a section's paragraphs, in data order.

    An actor or proposal belongs to the slice when its own ``paras`` or any of its
    positions' ``paras`` fall inside the section."""
    ev = evidence or load()
    paras = set(ev.section_paras(section))

    def touches(ps):
        return bool(paras & set(ps))

    pos = ev.positions[ev.positions.paras.map(touches)]
    actors = set(ev.actors.actor_id[ev.actors.paras.map(touches)]) | set(pos.actor_id)
    proposals = (set(ev.proposals.proposal_id[ev.proposals.paras.map(touches)])
                 | set(pos.proposal_id))
    recorded = set(ev.positions.actor_id)
    return ([a for a in ev.actors.actor_id if a in actors and a in recorded],
            [p for p in ev.proposals.proposal_id if p in proposals])


@from_data("actors")
def actor_table(evidence: Evidence | None = None) -> pd.DataFrame:
    """Every actor with how the column treats it, its scores, the reason and sources."""
    ev = evidence or load()
    a = ev.actors
    return pd.DataFrame({
        "Actor": a.name, "In the column": a.in_column,
        "¶": a.paras.map(lambda ps: ", ".join(map(str, ps)) if len(ps) else "-"),
        "Influence": a.influence, "Interest": a.interest, "Why": a.rationale,
        "Sources": a.sources,
    })


@from_data("proposals")
def proposal_table(evidence: Evidence | None = None) -> pd.DataFrame:
    """Every proposal with what it meant, in the project's words, and its sources."""
    ev = evidence or load()
    return pd.DataFrame({"Proposal": ev.proposals.title,
                         "What it meant": ev.proposals.description,
                         "Sources": ev.proposals.sources})

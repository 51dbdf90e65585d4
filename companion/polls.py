"""What Russians told the pollsters about NATO, the United States and missile defence.

Each result belongs to one question series (``series`` in polls.csv), and only results of
one series are comparable: "is NATO hostile?", "is NATO a threat?", "is NATO's enlargement a
threat?" and "has Russia grounds to fear NATO's countries?" are different questions, and
their answers differ accordingly. The figure joins the points of a series and never those
of two; a result known only to the year is placed at mid-year and drawn open.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from companion.bib import sources_sentence
from companion.dates import first_day, last_day, precision_of
from companion.evidence import Evidence, load
from companion.figures import (
    MIN_FONT_PT,
    OKABE_ITO,
    PAGE_WIDTH,
    drawing,
    hover,
    phone_layout,
    source_height,
    source_line,
    style,
)
from companion.markdown import from_data
from companion.timeline import COLUMN_DATE
from companion.vocabulary import by_position, labels

#: The series on the figure's upper panel (NATO); the others go below.
NATO_SERIES = ("nato_hostile", "nato_threat", "nato_enlargement", "nato_fear",
               "threat_countries")
#: Colour and marker of each series, by its place in the schema's list of series.
#: (Okabe-Ito's yellow is left out: a yellow point is hard to see on white.)
SERIES_PALETTE = [(OKABE_ITO[5], "o"), (OKABE_ITO[4], "s"), (OKABE_ITO[0], "^"),
                  (OKABE_ITO[6], "D"), (OKABE_ITO[2], "v"), (OKABE_ITO[1], "P"),
                  (OKABE_ITO[7], "X"), ("#777777", "h")]
SOURCE = "data/polls.csv (question wording, sample and sources per result)"


def fieldwork_midpoint(start: str, end: str) -> pd.Timestamp:
    """The middle of the fieldwork period, at the precision of the dates given."""
    lo, hi = first_day(start), last_day(end)
    return (lo + (hi - lo) / 2).normalize()


def fieldwork_text(start: str, end: str) -> str:
    """The fieldwork dates as a reader says them: '22-23 October 2011', 'July 2011'."""
    if start == end:
        precision = precision_of(start)
        when = pd.Timestamp(first_day(start))
        return {"day": f"{when.day} {when:%B %Y}", "month": f"{when:%B %Y}"}.get(
            precision, f"{start} (month not given)")
    lo, hi = pd.Timestamp(first_day(start)), pd.Timestamp(first_day(end))
    if precision_of(start) == precision_of(end) == "day" and (lo.year, lo.month) == (
            hi.year, hi.month):
        return f"{lo.day}-{hi.day} {hi:%B %Y}"
    return f"{fieldwork_text(start, start)} to {fieldwork_text(end, end)}"


def nearest(series: str, when=COLUMN_DATE, evidence: Evidence | None = None) -> pd.Series:
    """The result of a series whose fieldwork midpoint lies nearest ``when``."""
    polls = (evidence or load()).polls
    rows = polls[polls.series == series]
    if rows.empty:
        raise ValueError(f"no poll results in series {series!r}; see data/polls.csv")
    gap = (rows.apply(lambda r: fieldwork_midpoint(r.fieldwork_start, r.fieldwork_end),
                      axis=1) - pd.Timestamp(when)).abs()
    return rows.loc[gap.idxmin()]


@from_data("polls")
def poll_table(series=None, evidence: Evidence | None = None) -> pd.DataFrame:
    """The results (of some series, or all) in date order, with question and sample."""
    polls = (evidence or load()).polls
    if series is not None:
        polls = polls[polls.series.isin(list(series))]
    mid = polls.apply(lambda r: fieldwork_midpoint(r.fieldwork_start, r.fieldwork_end), axis=1)
    polls = polls.assign(_mid=mid).sort_values(["_mid", "poll_id"])
    return pd.DataFrame({
        "Fieldwork": [fieldwork_text(s, e) for s, e in
                      zip(polls.fieldwork_start, polls.fieldwork_end, strict=True)],
        "Pollster": polls.pollster, "Question": polls.question_en, "Answer": polls.answer,
        "Share (%)": polls.share.map(lambda v: f"{v:g}"),
        "Sample": polls["sample"].map(lambda v: "" if pd.isna(v) else f"{int(v):,}"),
        "Sources": polls.sources,
    }).reset_index(drop=True)


@drawing
def poll_chart(evidence: Evidence | None = None, width: float = PAGE_WIDTH):
    """Two panels sharing a time axis: the NATO series above, the US and missile-defence
    series below, each point with its question and sample as hover text; a dashed line at
    the column's week, and a dotted line at 50%, the line "most Russians" (¶4) must cross.
    A narrow figure gives the legend one column and ticks every eight years."""
    polls = (evidence or load()).polls
    names = labels("polls", "series")
    styles = by_position("polls", "series", SERIES_PALETTE, "series styles")
    shown = [s for s in styles if s in set(polls.series)]
    narrow = phone_layout(width)
    # On the page the legend's two columns fit the 1.6 in under the axes; on a phone its
    # one column, the tick labels and the source line are stacked there.
    foot = 0.5 + 0.2 * len(shown) + source_height(SOURCE, width) if narrow else 1.6
    with style():
        height = 4.8 + foot
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(width, height), sharex=True,
                                          gridspec_kw={"height_ratios": [1.5, 1]})
        fig.subplots_adjust(left=0.63 / width, right=1 - 0.14 / width,
                            top=1 - 0.32 / height, bottom=foot / height,
                            hspace=0.16)
        for ax, panel in ((top, "NATO"), (bottom, "The United States and missile defence")):
            ax.axhline(50, color="#666666", lw=0.8, ls=":", zorder=1)
            ax.axvline(COLUMN_DATE, color="#222222", lw=1.2, ls="--", zorder=1)
            ax.set_ylim(0, 100)
            ax.set_ylabel("Share of respondents (%)")
            ax.set_title(panel, loc="left", fontsize=10)
            ax.spines[["top", "right"]].set_visible(False)
            ax.grid(axis="y", color="#eeeeee", lw=0.6)
        top.text(COLUMN_DATE, 97, " The column", fontsize=MIN_FONT_PT, va="top",
                 color="#222222", gid="column-line")
        top.text(pd.Timestamp("1996-06-01"), 51.5, "half", fontsize=MIN_FONT_PT,
                 color="#555555", va="bottom", gid="half-line")
        for series, rows in polls.groupby("series", sort=False):
            ax = top if series in NATO_SERIES else bottom
            colour, marker = styles[series]
            mids = rows.apply(lambda r: fieldwork_midpoint(r.fieldwork_start,
                                                           r.fieldwork_end), axis=1)
            rows = rows.assign(mid=mids).sort_values("mid")
            ax.plot(rows.mid, rows.share, color=colour, lw=1.2, zorder=2,
                    label=names[series])
            for r in rows.itertuples():
                exact = precision_of(r.fieldwork_start) != "year"
                gid = f"poll-{r.poll_id}"
                ax.plot([r.mid], [r.share], marker=marker, ms=7, color=colour, zorder=3,
                        mfc=colour if exact else "white", mec=colour, mew=1.4, gid=gid)
                sample = "" if pd.isna(r.sample) else f", {int(r.sample):,} respondents"
                when = fieldwork_text(r.fieldwork_start, r.fieldwork_end)
                hover(fig, gid, f"{r.pollster}, {when}{sample}. {r.question_en} "
                      f"'{r.answer}': {r.share:g}%. "
                      f"{sources_sentence(r.sources)}")
        bottom.set_xlim(pd.Timestamp("1996-01-01"), pd.Timestamp("2023-12-31"))
        bottom.xaxis.set_major_locator(mdates.YearLocator(8 if narrow else 4))
        bottom.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        handles = [Line2D([0], [0], color=styles[s][0], marker=styles[s][1], ms=6, lw=1.2,
                          label=names[s]) for s in shown]
        fig.legend(handles, [h.get_label() for h in handles], loc="lower left",
                   ncol=1 if narrow else 2, frameon=False, fontsize=MIN_FONT_PT,
                   bbox_to_anchor=(0.0, source_height(SOURCE, width) / height))
        source_line(fig, SOURCE)
    return fig

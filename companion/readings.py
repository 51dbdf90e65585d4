"""How others read the week of the column: each reading coded on the column's own four
questions, and where the column's answers are typical and where they are its own.

The column is the first row of readings.csv (``COLUMN``). Officials' readings are kept
apart from those of analysts and journalists: an official reading is a position taken,
an analyst's a judgement made, and counting them together would mix the two.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Rectangle

from companion.bib import sources_sentence
from companion.evidence import Evidence, load
from companion.figures import (
    MIN_FONT_PT,
    OKABE_ITO,
    PAGE_WIDTH,
    drawing,
    hover,
    phone_layout,
    source_line,
    style,
)
from companion.markdown import from_data
from companion.vocabulary import labels

#: The column's own reading, the row every other reading is compared with.
COLUMN = "lukyanov_column"
#: The four questions the column answers, in its order, with the heading readers see.
QUESTIONS = {"who_ended": "Who ended it?", "is_over": "Is it over?",
             "obstacle": "The obstacle", "what_next": "What next?"}
#: The groups kept apart, with their headings.
GROUPS = {"official": "Officials", "other": "Analysts and journalists"}
SOURCE = "data/readings.csv (each reading's words, coding and sources)"


def group_of(role: str) -> str:
    """'official', or 'other' for an analyst or a journalist."""
    return "official" if role == "official" else "other"


def _answer_labels() -> dict[str, dict[str, str]]:
    return {q: labels("readings", q) for q in QUESTIONS}


def _ordered(evidence: Evidence | None) -> pd.DataFrame:
    readings = (evidence or load()).readings
    others = readings[readings.reading_id != COLUMN]
    others = others.assign(group=others.role.map(group_of))
    order = {g: i for i, g in enumerate(GROUPS)}
    return others.sort_values(["group", "date", "reading_id"],
                              key=lambda col: col.map(order) if col.name == "group" else col)


@from_data("readings")
def readings_table(group: str, evidence: Evidence | None = None) -> pd.DataFrame:
    """The readings of one group ('official' or 'other'), in date order, with their four
    answers as readers see them."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {list(GROUPS)}, not {group!r}")
    rows = _ordered(evidence)
    rows = rows[rows.group == group]
    answers = _answer_labels()
    table = pd.DataFrame({"Reader": rows.author, "When": rows.date, "Side": rows.side.map(
        labels("readings", "side"))})
    for question, heading in QUESTIONS.items():
        table[heading] = rows[question].map(answers[question])
    table["Sources"] = rows.sources
    return table.reset_index(drop=True)


@from_data("readings")
def agreement(evidence: Evidence | None = None) -> pd.DataFrame:
    """For each question: the column's answer, how many readings of each group gave the
    same one, and each group's most common answer."""
    ev = evidence or load()
    column = ev.readings.set_index("reading_id").loc[COLUMN]
    rows = _ordered(ev)
    answers = _answer_labels()
    out = []
    for question, heading in QUESTIONS.items():
        row = {"Question": heading, "The column": answers[question][column[question]]}
        for group, name in GROUPS.items():
            given = rows[rows.group == group][question]
            same = int((given == column[question]).sum())
            common = given.value_counts()
            top = ", ".join(answers[question][a] for a in common[common == common.max()].index)
            row[name] = f"{same} of {len(given)} give it; most often: {top}"
        out.append(row)
    return pd.DataFrame(out)


@drawing
def reading_chart(evidence: Evidence | None = None, width: float = PAGE_WIDTH):
    """A grid of readings (rows: the column, then officials, then analysts and journalists,
    each in date order) by the four questions (columns). A cell is filled where the reading
    gives the column's answer and left open where it does not; its text is the answer and
    its hover text the reader's own words and the coding note. On a narrow figure each
    reader's name heads their row, and the cells take the whole width."""
    ev = evidence or load()
    column = ev.readings[ev.readings.reading_id == COLUMN].assign(group="column")
    rows = pd.concat([column, _ordered(ev)], ignore_index=True)
    answers = _answer_labels()
    truth = column.iloc[0]
    narrow = phone_layout(width)
    # On a phone the name takes a line above its row: each row is taller by that line.
    gap, step, chars, cell = (1.2, 1.8, 11, 1.25) if narrow else (0.8, 1, 14, 0.9)
    ys, y, headings = [], 0.0, []
    for i, r in enumerate(rows.itertuples()):
        if i and r.group != rows.group.iloc[i - 1]:
            y += gap
            headings.append((y - 0.12 - (0.55 if narrow else 0), GROUPS[r.group]))
        ys.append(y)
        y += step
    with style():
        top = 0.75 if narrow else 0.55
        height = top + 0.55 + 0.42 * (y + 1)
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=(0.1 if narrow else 2.45) / width, right=1 - 0.07 / width,
                            top=1 - top / height, bottom=0.5 / height)
        for c, question in enumerate(QUESTIONS):
            for r, y0 in zip(rows.itertuples(), ys, strict=True):
                answer = getattr(r, question)
                same = answer == truth[question]
                gid = f"reading--{r.reading_id}--{question}"
                ax.add_patch(Rectangle((c, y0), 0.96, cell, gid=gid, lw=0.8,
                                       facecolor=OKABE_ITO[2] if same else "white",
                                       edgecolor=OKABE_ITO[2] if same else "#999999"))
                ax.text(c + 0.48, y0 + cell / 2, _fill(answers[question][answer], chars, narrow),
                        ha="center", va="center", fontsize=MIN_FONT_PT,
                        color="white" if same else "#222222", gid=f"answer--{r.reading_id}")
                words = f" In their words: {r.words}." if r.words else ""
                hover(fig, gid, f"{r.author}, {r.date}. {QUESTIONS[question]} "
                      f"{answers[question][answer]}.{words} {r.coding_note} "
                      f"{sources_sentence(r.sources)}")
        for y0, heading in headings:
            ax.text(-0.02 if narrow else -0.05, y0, heading, ha="left" if narrow else "right",
                    va="bottom", fontsize=MIN_FONT_PT + 0.5, fontweight="bold",
                    gid="group-heading", clip_on=False)
        ax.set_xlim(-0.02, len(QUESTIONS))
        ax.set_ylim(y + 0.1 - (step - cell - 0.1), -0.1 - (0.55 if narrow else 0))
        ax.set_xticks([c + 0.48 for c in range(len(QUESTIONS))],
                      [textwrap.fill(q, chars) for q in QUESTIONS.values()])
        ax.xaxis.tick_top()
        if narrow:
            ax.set_yticks([])
            for r, y0 in zip(rows.itertuples(), ys, strict=True):
                ax.text(-0.02, y0 - 0.06, _short(r.author), ha="left", va="bottom",
                        fontsize=MIN_FONT_PT, gid="reader-name")
        else:
            ax.set_yticks([y0 + 0.45 for y0 in ys], [_short(a) for a in rows.author])
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        source_line(fig, SOURCE)
    fig.rows = list(rows.reading_id)
    return fig


def _fill(text: str, chars: int, hyphenate: bool) -> str:
    """``text`` wrapped to ``chars`` a line; with ``hyphenate`` (a phone's narrow cells),
    a longer word is broken with a hyphen."""
    if not hyphenate:
        return textwrap.fill(text, chars, break_long_words=False)
    words = []
    for word in text.split():
        while len(word) > chars:
            words.append(word[:chars - 1] + "-")
            word = word[chars - 1:]
        words.append(word)
    return textwrap.fill(" ".join(words), chars, break_long_words=False,
                         break_on_hyphens=True)


def _short(author: str) -> str:
    """The reader's name without the office ('Robert Gates'), for the row label."""
    return author.split(",")[0]

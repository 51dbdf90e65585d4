"""The retrospective: every claim of the column judged at two horizons, counted and drawn.

A verdict depends on when it is judged. :data:`HORIZONS` declares the two the book uses:
the column's own (its election campaigns and "a couple of years", so the end of 2013) and
the present (2025). Each claim carries a verdict, its reasons, its sources and the
strongest case against it at each horizon; where the two verdicts differ is how the column
aged.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown
from matplotlib.transforms import blended_transform_factory

from companion.evidence import NARROWED, Evidence, load
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
from companion.markdown import cite, escape, from_data
from companion.vocabulary import by_position, categories, codes, descriptions, labels

#: Colour and hatch (so the bars read in greyscale) of each verdict, by the verdict's place
#: in the schema's list; codes, labels and definitions are the schema's
#: (:mod:`companion.vocabulary`).
VERDICT_PALETTE = [(OKABE_ITO[2], ""), (OKABE_ITO[0], "//"), (OKABE_ITO[5], "xx"),
                   ("#BBBBBB", ".."), (OKABE_ITO[4], ""), (OKABE_ITO[1], "\\\\"),
                   (OKABE_ITO[6], "++")]


def verdict_styles() -> dict[str, tuple[str, str, str, str]]:
    """Verdict code -> (label, colour, hatch, definition), in reading order."""
    names = labels("claims", "verdict_2013")
    meanings = descriptions("claims", "verdict_2013")
    return {code: (names[code], colour, hatch, meanings[code]) for code, (colour, hatch)
            in by_position("claims", "verdict_2013", VERDICT_PALETTE, "verdict styles").items()}


def verdict_label(code: str) -> str:
    """The label readers see for a verdict code."""
    return labels("claims", "verdict_2013")[code]


def kinds() -> list[str]:
    """The kinds of claim, in the schema's order."""
    return codes("claims", "kind")


def kind_label(code: str) -> str:
    """The label readers see for a kind of claim ('claim of necessity')."""
    return labels("claims", "kind")[code]


def verdicts_for(kind: str) -> list[str]:
    """The verdicts a claim of this kind can receive, by the schema's categories: a
    prescription is acted on or not, the other kinds are borne out or not."""
    return [c["value"] for c in categories("claims", "verdict_2013")
            if kind in c.get("kinds", [kind])]


#: Column of claims.csv -> (short label, what the horizon is and why).
HORIZONS = {
    "verdict_2013": ("To 2013",
                     "the record up to 31 December 2013: the column's own horizon. It "
                     "speaks of the election campaigns (Russia's in March 2012, the United "
                     "States' in November 2012) and of 'a couple of years' from June 2011; "
                     "the end of 2013 covers both and stops before the crisis over Crimea, "
                     "which the column could not have weighed."),
    "verdict_2025": ("To 2025",
                     "the record up to 2025, the present: how the column reads today."),
}
#: Per horizon: the columns of why, its sources, the case against, its sources, and the
#: narrower reading a verdict of 'partly' holds on.
NOTES = {"verdict_2013": ("verdict_note", "sources", "counter_2013", "counter_sources",
                          "narrower_2013"),
         "verdict_2025": ("note_2025", "sources_2025", "counter_2025", "counter_sources_2025",
                          "narrower_2025")}


def verdict_counts(by: str = "kind", horizon: str = "verdict_2013",
                   evidence: Evidence | None = None) -> pd.DataFrame:
    """Claims counted by verdict at one horizon, per kind of claim or per section."""
    ev = evidence or load()
    if horizon not in HORIZONS:
        raise ValueError(f"horizon must be one of {list(HORIZONS)}, not {horizon!r}")
    claims = ev.claims
    if by == "kind":
        groups = pd.Categorical(claims.kind, categories=[k for k in kinds()
                                                          if k in set(claims.kind)])
    elif by == "section":
        sections = ev.sections.sort_values("order")
        para_to_title = {p: s.title for s in sections.itertuples()
                         for p in range(s.first_para, s.last_para + 1)}
        groups = pd.Categorical(claims.para.map(para_to_title), categories=list(sections.title))
    else:
        raise ValueError(f"by must be 'kind' or 'section', not {by!r}")
    counts = pd.crosstab(groups, claims[horizon]).reindex(columns=list(verdict_styles()),
                                                          fill_value=0)
    counts = counts.reindex(groups.categories, fill_value=0)
    counts.index.name = "Kind" if by == "kind" else "Section"
    counts.columns = [verdict_label(v) for v in counts.columns]
    return counts


@from_data("claims")
def changed_verdicts(evidence: Evidence | None = None) -> pd.DataFrame:
    """The claims whose verdict differs between the two horizons: how the column aged."""
    ev = evidence or load()
    claims = ev.claims[ev.claims.verdict_2013 != ev.claims.verdict_2025]
    return pd.DataFrame({
        "¶": claims.para, "Claim": claims.claim,
        "To 2013": claims.verdict_2013.map(verdict_label),
        "To 2025": claims.verdict_2025.map(verdict_label),
        "What changed": claims.note_2025,
    }).reset_index(drop=True)


@drawing
def verdict_chart(evidence: Evidence | None = None, width: float = PAGE_WIDTH):
    """Verdicts by kind of claim at both horizons: for each kind a bar for 2013 above a bar
    for 2025, stacked by verdict. Pointing at a segment lists its claims. The kinds' names
    take a fixed 2.1 in on the left; the legend takes two columns on a narrow figure."""
    ev = evidence or load()
    shown = [k for k in kinds() if k in set(ev.claims.kind)]
    with style():
        columns = 2 if phone_layout(width) else 4
        # The page's legend has two rows of four; a phone's has more, each 0.2 in.
        legend_h = 0.2 * max(0, -(-len(verdict_styles()) // columns) - 2)
        fig, ax = plt.subplots(figsize=(width, 1.9 + legend_h + 0.62 * len(shown)))
        fig.subplots_adjust(left=(2.1 if columns == 4 else 0.75) / width,
                            right=1 - 0.2 / width, top=0.96,
                            bottom=(1.45 + legend_h) / fig.get_figheight())
        rows = [(kind, horizon) for kind in shown for horizon in HORIZONS]
        ys = [i * 2.6 + j for i, _ in enumerate(shown) for j in range(2)]
        left = pd.Series(0, index=range(len(rows)))
        for verdict, (label, colour, hatch, _) in verdict_styles().items():
            values = []
            for kind, horizon in rows:
                claims = ev.claims[(ev.claims.kind == kind) & (ev.claims[horizon] == verdict)]
                values.append(len(claims))
            if not any(values):
                continue  # a verdict no claim has gets no bar and no legend entry
            bars = ax.barh(ys, values, left=left, height=0.85, color=colour, hatch=hatch,
                           edgecolor="#333333", lw=0.6, label=label)
            for (kind, horizon), bar, value in zip(rows, bars, values, strict=True):
                if not value:
                    continue
                gid = f"claims-{kind}-{horizon}-{verdict}"
                bar.set_gid(gid)
                claims = ev.claims[(ev.claims.kind == kind) & (ev.claims[horizon] == verdict)]
                hover(fig, gid, f"{kind_label(kind)}, {HORIZONS[horizon][0].lower()}, {label}: "
                      + " · ".join(f"¶{c.para} {c.claim}" for c in claims.itertuples()))
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        str(value), ha="center", va="center", fontsize=MIN_FONT_PT + 0.5,
                        fontweight="bold", bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                                 "ec": "none", "alpha": 0.85})
            left = left + pd.Series(values)
        if columns == 4:
            ax.set_yticks(ys, [f"{kind_label(kind)}, {HORIZONS[h][0].lower()}"
                               for kind, h in rows])
        else:
            # Too narrow for "kind, horizon" beside each bar: the kind heads its two bars.
            ax.set_yticks(ys, [HORIZONS[h][0].lower() for _, h in rows])
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="y", length=0)
            heading = blended_transform_factory(fig.transFigure, ax.transData)
            for i, kind in enumerate(shown):
                ax.text(0.1 / width, i * 2.6 - 0.62, kind_label(kind).capitalize(), ha="left",
                        va="bottom", fontsize=MIN_FONT_PT + 0.5, fontweight="bold",
                        transform=heading)
        ax.set_xlim(0, max(left) * 1.04)
        ax.set_ylim(ys[-1] + 0.6, -0.6 if columns == 4 else -1.25)
        ax.set_xlabel("Claims")
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.get_major_locator().set_params(integer=True)
        # The legend under the axes, from the figure's left edge.
        axes_box = ax.get_position()
        ax.legend(loc="upper left", frameon=False, ncol=columns,
                  bbox_to_anchor=(0.22 / width, axes_box.y0 - 0.65 / fig.get_figheight()),
                  bbox_transform=fig.transFigure)
        source_line(fig, "data/claims.csv (verdicts, reasons and sources per claim)")
    return fig


@from_data("claims")
def scorecard(evidence: Evidence | None = None) -> pd.DataFrame:
    """Every claim once, in ¶ order, with its verdicts at both horizons (the reasons and
    the case against each are in :func:`claim_cards`)."""
    ev = evidence or load()
    claims = ev.claims.sort_values(["para", "claim_id"], kind="stable")
    return pd.DataFrame({
        "¶": claims.para, "Claim": claims.claim, "Kind": claims.kind,
        "To 2013": claims.verdict_2013.map(verdict_label),
        "To 2025": claims.verdict_2025.map(verdict_label),
        "Sources": [list(dict.fromkeys([*a, *b])) for a, b in
                    zip(claims.sources, claims.sources_2025, strict=True)],
    }).reset_index(drop=True)


def claim_cards(section: str | None = None, evidence: Evidence | None = None) -> Markdown:
    """Each claim of a section (or all) as a card with a stable anchor ``claim-<id>``: the
    claim, its kind, the reading judged, and at each horizon the verdict, the narrower
    reading it holds on (for 'partly'), why, the strongest case against it and the sources
    of both; a prescription also gets its soundness. Text from the data is escaped;
    citations resolve to the bibliography."""
    ev = evidence or load()
    claims = ev.claims
    if section is not None:
        claims = claims[claims.para.isin(ev.section_paras(section))]
    return Markdown("\n\n".join(_card(c._asdict()) for c in claims.itertuples()))


def _card(record: dict) -> str:
    rows = ["| | " + " | ".join(label for label, _ in HORIZONS.values()) + " |",
            "| --- | --- | --- |",
            "| Verdict | " + " | ".join(f"**{escape(verdict_label(record[h]))}**"
                                      for h in HORIZONS) + " |"]
    if any(record[h] == NARROWED for h in HORIZONS):
        first, later = (record.get(NOTES[h][4]) or "" for h in HORIZONS)
        later = "As at the first horizon." if later and later == first else later
        rows.append("| Holds on the narrower reading | " + " | ".join(
            escape(text) or "\u2014" for text in (first, later)) + " |")
    for title, text, keys in (("Why", 0, 1), ("Strongest case against", 2, 3)):
        rows.append(f"| {title} | " + " | ".join(
            escape(record[NOTES[h][text]]) + " " + cite(record[NOTES[h][keys]])
            for h in HORIZONS) + " |")
    sound = ""
    if record.get("soundness"):
        sound = (f"\n\n*Was the advice sound?* "
                 f"**{escape(labels('claims', 'soundness')[record['soundness']])}**. "
                 f"{escape(record['soundness_note'])}")
    return (f"(claim-{record['claim_id'].replace('_', '-')})=\n"
            f"**¶{record['para']} · {escape(record['claim'])}** "
            f"*({escape(kind_label(record['kind']))})*\n\n"
            f"*Reading judged:* {escape(record['reading'])}\n\n" + "\n".join(rows) + sound
            + f"\n\n*Cite this claim:* {{companion-cite}}`claim:{record['claim_id']}`")


def rubric(evidence: Evidence | None = None) -> pd.DataFrame:
    """Each verdict with its meaning and a real example at each horizon (the first claim,
    in ¶ order, that has the verdict there)."""
    ev = evidence or load()
    claims = ev.claims.sort_values(["para", "claim_id"], kind="stable")
    rows = []
    kinds_of = {c["value"]: c.get("kinds", []) for c in categories("claims", "verdict_2013")}
    for verdict, (label, _, _, meaning) in verdict_styles().items():
        row = {"Verdict": label, "Meaning": meaning,
               "For": ", ".join(kind_label(k) for k in kinds_of.get(verdict) or kinds())}
        for horizon, (short, _) in HORIZONS.items():
            match = claims[claims[horizon] == verdict]
            row[f"Example, {short.lower()}"] = (
                f"¶{match.iloc[0].para} {match.iloc[0].claim}" if len(match) else "none")
        rows.append(row)
    return pd.DataFrame(rows)


def horizon_table() -> pd.DataFrame:
    """The two horizons: the column of claims.csv, its label and why it was chosen."""
    return pd.DataFrame([{"Horizon": short, "Column in claims.csv": column, "What it is": why}
                         for column, (short, why) in HORIZONS.items()])


def kind_table() -> pd.DataFrame:
    """The kinds of claim, the standard each is judged by, and the verdicts it can get
    (all from the schema's categories)."""
    standards = descriptions("claims", "kind")
    return pd.DataFrame([{"Kind": kind_label(k), "How it is judged": standards[k],
                          "Verdicts": ", ".join(verdict_label(v) for v in verdicts_for(k))}
                         for k in kinds()])


def soundness_table() -> pd.DataFrame:
    """The judgements of soundness a prescription can receive, with their meanings."""
    meanings = descriptions("claims", "soundness")
    return pd.DataFrame([{"Soundness": label, "Meaning": meanings[code]}
                         for code, label in labels("claims", "soundness").items()])

"""The retrospective: every claim of the column with its verdict, counted and drawn."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from companion.data import Evidence, load
from companion.figures import MIN_FONT_PT, OKABE_ITO, PAGE_WIDTH, hover, source_line, style

#: Verdicts in reading order, with a colour and a hatch so the bars read in greyscale.
VERDICTS = {
    "borne_out": ("borne out", OKABE_ITO[2], ""),
    "partly": ("partly", OKABE_ITO[0], "//"),
    "not_borne_out": ("not borne out", OKABE_ITO[5], "xx"),
    "not_testable": ("not testable", "#BBBBBB", ".."),
}
KINDS = ["fact", "interpretation", "prediction", "prescription"]


def verdict_counts(by: str = "kind", evidence: Evidence | None = None) -> pd.DataFrame:
    """Claims counted by verdict, per kind of claim (``by="kind"``) or per section."""
    ev = evidence or load()
    claims = ev.claims
    if by == "kind":
        groups = pd.Categorical(claims.kind, categories=[k for k in KINDS
                                                          if k in set(claims.kind)])
    elif by == "section":
        sections = ev.sections.sort_values("order")
        para_to_title = {p: s.title for s in sections.itertuples()
                         for p in range(s.first_para, s.last_para + 1)}
        groups = pd.Categorical(claims.para.map(para_to_title), categories=list(sections.title))
    else:
        raise ValueError(f"by must be 'kind' or 'section', not {by!r}")
    counts = pd.crosstab(groups, claims.verdict).reindex(columns=list(VERDICTS), fill_value=0)
    counts.index.name = "Kind" if by == "kind" else "Section"
    counts.columns = [VERDICTS[v][0] for v in counts.columns]
    return counts


def verdict_chart(evidence: Evidence | None = None):
    """Two panels of stacked bars: verdicts by kind of claim and by section."""
    ev = evidence or load()
    with style():
        fig, axes = plt.subplots(2, 1, figsize=(PAGE_WIDTH, 6.4),
                                 gridspec_kw={"height_ratios": [4, 7], "hspace": 0.45})
        fig.subplots_adjust(left=0.3, right=0.97, top=0.95, bottom=0.17)
        for ax, by, title in zip(axes, ("kind", "section"),
                                 ("By kind of claim", "By section of the column"), strict=True):
            counts = verdict_counts(by, ev)
            left = pd.Series(0, index=counts.index)
            for verdict, (label, colour, hatch) in VERDICTS.items():
                values = counts[label]
                bars = ax.barh(range(len(counts)), values, left=left, color=colour,
                               hatch=hatch, edgecolor="#333333", lw=0.6, label=label)
                for group, bar, value in zip(counts.index, bars, values, strict=True):
                    if value:
                        gid = f"claims-{by}-{_slug(group)}-{verdict}"
                        bar.set_gid(gid)
                        hover(fig, gid, f"{group}, {label}: "
                              + " · ".join(_claims_in(ev, by, group, verdict)))
                        ax.text(bar.get_x() + bar.get_width() / 2,
                                bar.get_y() + bar.get_height() / 2, str(value), ha="center",
                                va="center", fontsize=MIN_FONT_PT + 0.5, fontweight="bold",
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                      "ec": "none", "alpha": 0.85})
                left = left + values
            ax.set_yticks(range(len(counts)), counts.index)
            ax.invert_yaxis()
            ax.set_xlabel("Claims")
            ax.set_title(title, loc="left")
            ax.spines[["top", "right"]].set_visible(False)
            ax.xaxis.get_major_locator().set_params(integer=True)
        axes[1].legend(loc="upper left", bbox_to_anchor=(-0.4, -0.15), ncol=4, frameon=False)
        source_line(fig, "data/claims.csv (verdict notes and sources per claim)")
    return fig


def _slug(text) -> str:
    return "".join(c if c.isalnum() else "_" for c in str(text).lower())


def _claims_in(ev, by, group, verdict) -> list[str]:
    """'¶N claim' for each claim counted in one bar segment of the verdict chart."""
    claims = ev.claims[ev.claims.verdict == verdict]
    if by == "kind":
        claims = claims[claims.kind == group]
    else:
        section = ev.sections[ev.sections.title == group].iloc[0]
        claims = claims[claims.para.between(section.first_para, section.last_para)]
    return [f"¶{c.para} {c.claim}" for c in claims.itertuples()]


def scorecard(evidence: Evidence | None = None) -> pd.DataFrame:
    """Every claim once, in ¶ order: claim, kind, verdict, the evidence that decides it and
    its sources."""
    ev = evidence or load()
    claims = ev.claims.sort_values(["para", "claim_id"], kind="stable")
    return pd.DataFrame({
        "¶": claims.para,
        "Claim": claims.claim,
        "Kind": claims.kind,
        "Verdict": claims.verdict.map(lambda v: VERDICTS[v][0]),
        "What decides it": claims.verdict_note,
        "Sources": claims.sources,
    }).reset_index(drop=True)

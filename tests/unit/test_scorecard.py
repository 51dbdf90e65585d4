import csv
import io

import pytest

import companion
import companion.scorecard
from companion.scorecard import (
    HORIZONS,
    changed_verdicts,
    claim_cards,
    scorecard,
    verdict_chart,
    verdict_counts,
    verdict_styles,
)


@pytest.fixture(scope="module")
def ev():
    return companion.load()


def set_claim(data_dir, claim_id, **values):
    path = data_dir / "claims.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["claim_id"] == claim_id:
            row.update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return companion.load(data_dir)


@pytest.mark.parametrize("horizon", list(HORIZONS))
@pytest.mark.parametrize("by", ["kind", "section"])
def test_counts_cover_every_claim_once(ev, by, horizon):
    counts = verdict_counts(by, horizon, ev)
    assert counts.to_numpy().sum() == len(ev.claims)
    assert list(counts.columns) == [v[0] for v in verdict_styles().values()]


def test_counts_follow_the_data_at_each_horizon(scratch_data):
    before = set_claim(scratch_data, "six_months_since_lisbon")
    after = set_claim(scratch_data, "six_months_since_lisbon", verdict_2025="partly",
                      narrower_2025="A narrower reading for the test.")
    assert (verdict_counts("kind", "verdict_2025", after).loc["fact", "partly"]
            == verdict_counts("kind", "verdict_2025", before).loc["fact", "partly"] + 1)
    assert (verdict_counts("kind", "verdict_2013", after).equals(
        verdict_counts("kind", "verdict_2013", before)))


def test_changed_verdicts_list_exactly_the_claims_that_differ(scratch_data):
    ev = set_claim(scratch_data, "six_months_since_lisbon", verdict_2013="borne_out",
                   verdict_2025="not_testable", note_2025="A note for the test.")
    changed = changed_verdicts(ev)
    differ = ev.claims[ev.claims.verdict_2013 != ev.claims.verdict_2025]
    assert sorted(changed.Claim) == sorted(differ.claim)
    row = changed[changed.Claim == ev.claims.set_index("claim_id").loc[
        "six_months_since_lisbon", "claim"]].iloc[0]
    assert (row["To 2013"], row["To 2025"], row["What changed"]) == (
        "borne out", "not testable", "A note for the test.")


def test_chart_bars_equal_the_counts_at_both_horizons(ev):
    fig = verdict_chart(ev)
    ax = fig.axes[0]
    kinds = [k for k in companion.scorecard.kinds() if k in set(ev.claims.kind)]
    for verdict, (label, _, _, _) in verdict_styles().items():
        if not (ev.claims[list(HORIZONS)] == verdict).any().any():
            assert label not in [c.get_label() for c in ax.containers]
            continue
        container = next(c for c in ax.containers if c.get_label() == label)
        widths = [bar.get_width() for bar in container]
        expected = [verdict_counts("kind", h, ev).loc[k, label] for k in kinds for h in HORIZONS]
        assert widths == expected, verdict


def test_scorecard_lists_each_claim_once_with_both_verdicts_and_sources(ev):
    table = scorecard(ev)
    assert sorted(table.Claim) == sorted(ev.claims.claim)
    assert all(len(s) >= 1 for s in table.Sources)
    assert list(table["¶"]) == sorted(table["¶"])
    labels = {v[0] for v in verdict_styles().values()}
    assert set(table["To 2013"]) | set(table["To 2025"]) <= labels
    with pytest.raises(ValueError, match="by must be"):
        verdict_counts("year", "verdict_2013", ev)
    with pytest.raises(ValueError, match="horizon must be"):
        verdict_counts("kind", "verdict_2099", ev)


def test_cards_carry_an_anchor_both_verdicts_the_case_against_and_escaped_text(scratch_data):
    ev = set_claim(scratch_data, "six_months_since_lisbon", counter_2013="Costs $5_000 <b>.")
    text = claim_cards("the_verdict", ev).data
    assert "(claim-six-months-since-lisbon)=" in text
    assert text.count("(claim-") == len(ev.claims[ev.claims.para.isin([1, 2])])
    assert r"Costs \$5\_000 \<b\>\." in text
    assert "{cite:p}`nato_nrc_lisbon_2010" in text
    assert "| Strongest case against |" in text and "**borne out**" in text


# ---- on a small evidence worked by hand ------------------------------------------------

def tiny_evidence(*claims):
    """An Evidence with two sections and the given claims:
    (claim_id, para, kind, verdict_2013, verdict_2025)."""
    import pandas as pd

    from companion.evidence import Evidence

    sections = pd.DataFrame({"section": ["second", "first", "empty"],
                             "title": ["Second", "First", "Empty"], "order": [2, 1, 3],
                             "first_para": [3, 1, 5], "last_para": [4, 2, 5]})
    rows = [{"claim_id": cid, "para": para, "claim": f"Claim {cid}", "kind": kind,
             "verdict_2013": v13, "verdict_2025": v25, "verdict_note": f"Why {cid}.",
             "sources": ["s1", f"s_{cid}"], "counter_2013": f"Against {cid}.",
             "note_2025": f"Now {cid}.", "sources_2025": [f"s_{cid}", "s9"],
             "counter_2025": f"Later against {cid}.", "counter_sources": ["c1"],
             "counter_sources_2025": ["c2"], "reading": f"Reading {cid}.",
             "narrower_2013": f"Narrower {cid}." if v13 == "partly" else "",
             "narrower_2025": f"Narrower {cid}." if v25 == "partly" else "",
             "soundness": "sound" if kind == "prescription" else "",
             "soundness_note": f"Sound {cid}." if kind == "prescription" else "", "check": ""}
            for cid, para, kind, v13, v25 in claims]
    empty = pd.DataFrame()
    return Evidence(sections=sections, column=empty, quotes=empty, actors=empty,
                    proposals=empty, positions=empty, events=empty,
                    claims=pd.DataFrame(rows), phases=empty, sites=empty)


TINY = [("b", 3, "prediction", "borne_out", "not_borne_out"),
        ("a", 3, "fact", "borne_out", "borne_out"),
        ("c", 1, "fact", "partly", "partly"),
        ("d", 2, "prediction", "not_testable", "not_borne_out")]


def test_counts_by_kind_keep_the_kinds_order_and_every_verdict_column():
    counts = verdict_counts("kind", "verdict_2013", tiny_evidence(*TINY))
    assert counts.index.name == "Kind"
    assert list(counts.index) == ["fact", "prediction"]
    assert list(counts.columns) == ["borne out", "partly", "not borne out", "not testable",
                                    "acted on", "partly acted on", "not acted on"]
    assert counts.loc["fact"].tolist() == [1, 1, 0, 0, 0, 0, 0]
    assert counts.loc["prediction"].tolist() == [1, 0, 0, 1, 0, 0, 0]
    later = verdict_counts("kind", "verdict_2025", tiny_evidence(*TINY))
    assert later.loc["prediction"].tolist() == [0, 0, 2, 0, 0, 0, 0]


def test_counts_by_section_follow_the_reading_order_and_keep_empty_sections():
    counts = verdict_counts("section", "verdict_2013", tiny_evidence(*TINY))
    assert counts.index.name == "Section"
    assert list(counts.index) == ["First", "Second", "Empty"]
    assert counts.loc["First"].tolist() == [0, 1, 0, 1, 0, 0, 0]
    assert counts.loc["Second"].tolist() == [2, 0, 0, 0, 0, 0, 0]
    assert counts.loc["Empty"].tolist() == [0] * 7


def test_changed_verdicts_on_hand_worked_claims():
    changed = changed_verdicts(tiny_evidence(*TINY))
    assert list(changed.columns) == ["¶", "Claim", "To 2013", "To 2025", "What changed"]
    assert changed.values.tolist() == [
        [3, "Claim b", "borne out", "not borne out", "Now b."],
        [2, "Claim d", "not testable", "not borne out", "Now d."]]
    assert changed.attrs["source"] == "claims"


def test_scorecard_orders_by_paragraph_then_id_and_merges_sources_once():
    table = scorecard(tiny_evidence(*TINY))
    assert list(table.Claim) == ["Claim c", "Claim d", "Claim a", "Claim b"]
    assert list(table["¶"]) == [1, 2, 3, 3]
    assert list(table.Kind) == ["fact", "prediction", "fact", "prediction"]
    assert list(table["To 2013"]) == ["partly", "not testable", "borne out", "borne out"]
    assert list(table["To 2025"]) == ["partly", "not borne out", "borne out", "not borne out"]
    assert table.Sources[0] == ["s1", "s_c", "s9"]


def test_rubric_gives_the_first_claim_in_reading_order_or_none():
    from companion.scorecard import rubric

    table = rubric(tiny_evidence(*TINY)).set_index("Verdict")
    assert list(table.index) == ["borne out", "partly", "not borne out", "not testable",
                                 "acted on", "partly acted on", "not acted on"]
    assert table.loc["acted on", "For"] == "prescription"
    assert table.loc["partly", "For"] == "fact, interpretation, prediction, claim of necessity"
    assert table.loc["acted on", "Example, to 2013"] == "none"
    assert table.loc["borne out", "Example, to 2013"] == "¶3 Claim a"
    assert table.loc["partly", "Example, to 2025"] == "¶1 Claim c"
    assert table.loc["not borne out", "Example, to 2013"] == "none"
    assert table.loc["not borne out", "Example, to 2025"] == "¶2 Claim d"
    assert table.loc["not testable", "Meaning"] == verdict_styles()["not_testable"][3]


def test_a_card_is_laid_out_exactly():
    text = claim_cards("first", tiny_evidence(*TINY)).data
    first, second = text.split("\n\n(claim-")
    assert second.startswith("d)=\n**¶2 · Claim d** *(prediction)*")
    assert first == (
        "(claim-c)=\n**¶1 · Claim c** *(fact)*\n\n"
        "*Reading judged:* Reading c\\.\n\n"
        "| | To 2013 | To 2025 |\n| --- | --- | --- |\n"
        "| Verdict | **partly** | **partly** |\n"
        "| Holds on the narrower reading | Narrower c\\. | As at the first horizon\\. |\n"
        "| Why | Why c\\. {cite:p}`s1,s_c` | Now c\\. {cite:p}`s_c,s9` |\n"
        "| Strongest case against | Against c\\. {cite:p}`c1` | Later against c\\. "
        "{cite:p}`c2` |\n\n"
        "*Cite this claim:* {companion-cite}`claim:c`")
    # A verdict other than 'partly' at both horizons: no narrower-reading row.
    assert "Holds on the narrower" not in second
    everything = claim_cards(evidence=tiny_evidence(*TINY)).data
    assert everything.count("(claim-") == 4 and everything.count("\n\n(claim-") == 3


def test_chart_draws_one_labelled_bar_pair_per_kind_with_hover_only_on_drawn_segments():
    import matplotlib.pyplot as plt

    fig = verdict_chart(tiny_evidence(*TINY))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["fact, to 2013", "fact, to 2025", "prediction, to 2013",
                      "prediction, to 2025"]
    assert list(ax.get_yticks()) == [0, 1, 2.6, 3.6]
    assert ax.yaxis_inverted()
    stacked = {c.get_label(): [b.get_width() for b in c] for c in ax.containers}
    assert stacked == {"borne out": [1, 1, 1, 0], "partly": [1, 1, 0, 0],
                       "not borne out": [0, 0, 0, 2], "not testable": [0, 0, 1, 0]}
    starts = {c.get_label(): [b.get_x() for b in c] for c in ax.containers}
    assert starts["partly"] == [1, 1, 1, 0] and starts["not borne out"] == [2, 2, 1, 0]
    gids = [b.get_gid() for c in ax.containers for b in c]
    assert gids.count(None) == 16 - 7
    assert "claims-prediction-verdict_2025-not_borne_out" in gids
    numbers = sorted(t.get_text() for t in ax.texts)
    assert numbers == ["1"] * 6 + ["2"]
    hatches = {c.get_label(): c[0].get_hatch() for c in ax.containers}
    assert hatches == {"borne out": "", "partly": "//", "not borne out": "xx",
                       "not testable": ".."}
    assert ax.get_xlabel() == "Claims"
    plt.close(fig)


def test_horizon_and_kind_tables_list_what_the_module_declares():
    from companion.scorecard import horizon_table, kind_table
    from companion.vocabulary import descriptions

    horizons = horizon_table()
    assert list(horizons.columns) == ["Horizon", "Column in claims.csv", "What it is"]
    assert list(horizons["Column in claims.csv"]) == ["verdict_2013", "verdict_2025"]
    assert list(horizons.Horizon) == ["To 2013", "To 2025"]
    kinds = kind_table()
    assert list(kinds.Kind) == ["fact", "interpretation", "prediction", "prescription",
                                "claim of necessity"]
    table = kinds.set_index("Kind")
    assert table.loc["fact", "How it is judged"] == descriptions("claims", "kind")["fact"]
    assert table.loc["prescription", "Verdicts"] == "acted on, partly acted on, not acted on"
    assert table.loc["claim of necessity", "Verdicts"] == (
        "borne out, partly, not borne out, not testable")


def test_chart_segments_are_coloured_by_verdict_numbered_at_their_centre_and_explained():
    import matplotlib.colors as mcolors

    from companion.figures import PAGE_WIDTH, too_small_text

    fig = verdict_chart(tiny_evidence(*TINY))
    ax = fig.axes[0]
    for container in ax.containers:
        colour = next(v[1] for v in verdict_styles().values() if v[0] == container.get_label())
        assert all(mcolors.same_color(bar.get_facecolor(), colour) for bar in container)
        assert all(mcolors.same_color(bar.get_edgecolor(), "#333333") for bar in container)
    centres = sorted((round(b.get_x() + b.get_width() / 2, 6), round(b.get_y() + b.get_height()
                                                                    / 2, 6))
                     for c in ax.containers for b in c if b.get_width())
    numbers = sorted((round(t.get_position()[0], 6), round(t.get_position()[1], 6))
                     for t in ax.texts)
    assert numbers == centres
    assert all(t.get_ha() == "center" and t.get_va() == "center" for t in ax.texts)
    assert fig.hover_texts["claims-prediction-verdict_2025-not_borne_out"] == (
        "prediction, to 2025, not borne out: ¶3 Claim b · ¶2 Claim d")
    assert fig.hover_texts["claims-fact-verdict_2013-partly"] == (
        "fact, to 2013, partly: ¶1 Claim c")
    assert len(fig.hover_texts) == 7
    assert too_small_text(fig) == []
    assert fig.get_figwidth() == PAGE_WIDTH
    assert fig.get_figheight() == pytest.approx(1.9 + 0.62 * 2)
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert all(float(t).is_integer() for t in ticks)
    assert [t.get_text() for t in fig.texts if t.get_gid() == "source-line"] == [
        "Source: data/claims.csv (verdicts, reasons and sources per claim)"]


def test_chart_legend_sits_under_the_bars_inside_the_figure_on_one_row():
    fig = verdict_chart(tiny_evidence(*TINY))
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent(renderer)
    plot = ax.get_window_extent(renderer)
    page = fig.bbox
    assert legend.y1 < plot.y0 - ax.xaxis.label.get_window_extent(renderer).height
    assert legend.x0 >= page.x0 and legend.x1 <= page.x1 and legend.y0 >= page.y0
    assert legend.height < 2 * ax.get_legend().get_texts()[0].get_window_extent(renderer).height
    assert not ax.get_legend().get_frame_on()
    labels = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    assert min(b.x0 for b in labels) >= page.x0 and plot.x1 <= page.x1
    assert plot.y1 <= page.y1


def test_counts_default_to_kinds_at_the_column_s_own_horizon():
    ev = tiny_evidence(*TINY)
    assert verdict_counts(evidence=ev).equals(verdict_counts("kind", "verdict_2013", ev))
    assert verdict_counts(evidence=ev).index.name == "Kind"

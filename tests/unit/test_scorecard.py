import csv
import io

import pytest

import companion
from companion.scorecard import (
    HORIZONS,
    VERDICTS,
    changed_verdicts,
    claim_cards,
    scorecard,
    verdict_chart,
    verdict_counts,
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
    assert list(counts.columns) == [v[0] for v in VERDICTS.values()]


def test_counts_follow_the_data_at_each_horizon(scratch_data):
    before = set_claim(scratch_data, "six_months_since_lisbon")
    after = set_claim(scratch_data, "six_months_since_lisbon", verdict_2025="partly")
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
    kinds = [k for k in ("fact", "interpretation", "prediction", "prescription")
             if k in set(ev.claims.kind)]
    for verdict, (label, _, _, _) in VERDICTS.items():
        container = next(c for c in ax.containers if c.get_label() == label)
        widths = [bar.get_width() for bar in container]
        expected = [verdict_counts("kind", h, ev).loc[k, label] for k in kinds for h in HORIZONS]
        assert widths == expected, verdict


def test_scorecard_lists_each_claim_once_with_both_verdicts_and_sources(ev):
    table = scorecard(ev)
    assert sorted(table.Claim) == sorted(ev.claims.claim)
    assert all(len(s) >= 1 for s in table.Sources)
    assert list(table["¶"]) == sorted(table["¶"])
    assert set(table["To 2013"]) | set(table["To 2025"]) <= {v[0] for v in VERDICTS.values()}
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

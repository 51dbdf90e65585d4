import pytest

import companion
from companion.scorecard import VERDICTS, scorecard, verdict_chart, verdict_counts


@pytest.fixture(scope="module")
def ev():
    return companion.load()


@pytest.mark.parametrize("by", ["kind", "section"])
def test_counts_cover_every_claim_once(ev, by):
    counts = verdict_counts(by, ev)
    assert counts.to_numpy().sum() == len(ev.claims)
    assert list(counts.columns) == [label for label, _, _ in VERDICTS.values()]


def test_counts_follow_the_data(scratch_data):
    path = scratch_data / "claims.csv"
    text = path.read_text(encoding="utf-8")
    # Flip one fact's verdict: the count moves with it.
    before = verdict_counts("kind", companion.load()).loc["fact", "partly"]
    path.write_text(text.replace(
        "six_months_since_lisbon,1,The discussion that the NRC meeting closes had run for "
        "about six months since the Lisbon summit.,fact,borne_out",
        "six_months_since_lisbon,1,The discussion that the NRC meeting closes had run for "
        "about six months since the Lisbon summit.,fact,partly"), encoding="utf-8")
    after = verdict_counts("kind", companion.load(scratch_data)).loc["fact", "partly"]
    assert after == before + 1


def test_chart_bars_equal_the_counts(ev):
    fig = verdict_chart(ev)
    for ax, by in zip(fig.axes, ("kind", "section"), strict=True):
        counts = verdict_counts(by, ev)
        for verdict, (label, _, _) in VERDICTS.items():
            containers = [c for c in ax.containers if c.get_label() == label]
            assert len(containers) == 1
            widths = [bar.get_width() for bar in containers[0]]
            assert widths == list(counts[label]), (by, verdict)


def test_scorecard_lists_each_claim_once_with_sources(ev):
    table = scorecard(ev)
    assert sorted(table.Claim) == sorted(ev.claims.claim)
    assert all(len(s) >= 1 for s in table.Sources)
    assert list(table["¶"]) == sorted(table["¶"])
    with pytest.raises(ValueError, match="by must be"):
        verdict_counts("year", ev)

"""Each claim is judged by its kind's standard: the loader refuses a verdict of the wrong
kind, a 'partly' without its narrower reading, and soundness on anything but advice."""

import csv
import io

import pytest

import companion
from companion import DataError
from companion.scorecard import verdicts_for


def edit_claim(data_dir, claim_id, **values):
    path = data_dir / "claims.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["claim_id"] == claim_id)
    row.update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows.index(row) + 1


def refused(data_dir) -> str:
    with pytest.raises(DataError) as info:
        companion.load(data_dir)
    return str(info.value)


def test_a_prescription_judged_true_or_false_is_refused(scratch_data):
    row = edit_claim(scratch_data, "limit_damage", verdict_2013="borne_out")
    assert refused(scratch_data) == (
        f"data/claims.csv, row {row} (line {row + 1}), column 'verdict_2013', value "
        "'borne_out': a claim of kind 'prescription' cannot have this verdict. Use one of: "
        "acted_on, partly_acted_on, not_acted_on.")


def test_a_fact_cannot_be_acted_on(scratch_data):
    row = edit_claim(scratch_data, "six_months_since_lisbon", verdict_2025="acted_on")
    assert refused(scratch_data) == (
        f"data/claims.csv, row {row} (line {row + 1}), column 'verdict_2025', value "
        "'acted_on': a claim of kind 'fact' cannot have this verdict. Use one of: borne_out, "
        "partly, not_borne_out, not_testable.")


def test_partly_without_its_narrower_reading_is_refused(scratch_data):
    row = edit_claim(scratch_data, "rasmussen_unviable", narrower_2013="")
    assert refused(scratch_data) == (
        f"data/claims.csv, row {row} (line {row + 1}), column 'narrower_2013': a verdict of "
        "'partly' needs the narrower reading that holds. Write it in the project's words, or "
        "clear the cell.")


def test_a_narrower_reading_beside_another_verdict_is_refused(scratch_data):
    row = edit_claim(scratch_data, "six_months_since_lisbon", narrower_2025="Left over.")
    assert refused(scratch_data) == (
        f"data/claims.csv, row {row} (line {row + 1}), column 'narrower_2025', value "
        "'Left over.': only a verdict of 'partly' has a narrower reading; this one is "
        "'borne_out'. Write it in the project's words, or clear the cell.")


@pytest.mark.parametrize("claim_id, column, value, problem", [
    ("limit_damage", "soundness", "", "a prescription is also judged for soundness; this "
     "cell is empty."),
    ("limit_damage", "soundness_note", "", "a prescription is also judged for soundness; "
     "this cell is empty."),
    ("six_months_since_lisbon", "soundness", "sound", "only a prescription is judged for "
     "soundness; this claim is a fact."),
])
def test_soundness_belongs_to_prescriptions_alone(scratch_data, claim_id, column, value,
                                                  problem):
    row = edit_claim(scratch_data, claim_id, **{column: value})
    shown = f", value '{value}'" if value else ""
    assert refused(scratch_data) == (
        f"data/claims.csv, row {row} (line {row + 1}), column '{column}'{shown}: {problem} "
        "Fill it in, or clear it.")


def test_the_books_claims_keep_the_rules():
    claims = companion.load().claims
    for claim in claims.itertuples():
        assert claim.reading.strip(), claim.claim_id
        for horizon, narrower in (("verdict_2013", "narrower_2013"),
                                  ("verdict_2025", "narrower_2025")):
            verdict = getattr(claim, horizon)
            assert verdict in verdicts_for(claim.kind), (claim.claim_id, horizon)
            assert bool(getattr(claim, narrower)) == (verdict == "partly"), claim.claim_id


def test_each_kind_has_its_own_verdicts():
    assert verdicts_for("prescription") == ["acted_on", "partly_acted_on", "not_acted_on"]
    for kind in ("fact", "interpretation", "prediction", "necessity"):
        assert verdicts_for(kind) == ["borne_out", "partly", "not_borne_out", "not_testable"]

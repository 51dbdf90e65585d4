"""Summarise a mutmut run per module: mutants, killed, survived, not covered, not run.

Usage: python scripts/mutation_report.py   (after `mutmut run`; writes
_build/reports/mutation.json and prints a table)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: mutmut's exit codes: a test failed (the mutant was killed), all passed (it survived),
#: no test covers it, or it timed out or crashed the test process (counted as killed: the
#: tests noticed).
OUTCOMES = {1: "killed", 3: "killed", 0: "survived", 5: "not covered", 33: "not covered",
            36: "killed", 24: "killed", 152: "killed", -24: "killed", 255: "killed",
            -9: "killed", -11: "killed"}


def summary(mutants: Path) -> dict[str, Counter]:
    per_module: dict[str, Counter] = {}
    for meta in sorted((mutants / "companion").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        counts = Counter(OUTCOMES.get(code, "not run") if code is not None else "not run"
                         for code in codes.values())
        # evidence/cache, physics/reach: a subpackage's modules keep their folder
        per_module[str(meta.relative_to(mutants / "companion")).removesuffix(".py.meta")] = counts
    return per_module


def main() -> int:
    per_module = summary(ROOT / "mutants")
    if not per_module:
        sys.exit("no mutmut results in mutants/: run `make mutation` (or `mutmut run`) first")
    rows = []
    print(f"{'module':<22}{'mutants':>9}{'killed':>8}{'survived':>10}{'no test':>9}"
          f"{'not run':>9}{'killed %':>10}")
    for module, counts in per_module.items():
        run = counts["killed"] + counts["survived"]
        share = 100 * counts["killed"] / run if run else 0.0
        total = sum(counts.values())
        print(f"{module:<22}{total:>9}{counts['killed']:>8}{counts['survived']:>10}"
              f"{counts['not covered']:>9}{counts['not run']:>9}{share:>9.0f}%")
        rows.append({"module": module, "mutants": total, **counts, "killed_percent": share})
    if any(counts["not run"] for counts in per_module.values()):
        print("killed % counts the mutants run (a sample, or those MUTANTS named).")
    report = ROOT / "_build" / "reports" / "mutation.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

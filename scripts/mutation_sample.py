"""Print a seeded random sample of mutmut's mutant names, for `make mutation SAMPLE=N`.

Usage: python scripts/mutation_sample.py N [SEED] [PATTERN]

A whole run over companion/ takes hours on two cores (the loader in companion/evidence/
alone has close to 3,000 mutants, and a survivor re-runs every test that reaches it), so a
module's score can be estimated from a random sample instead: N mutants drawn with SEED
(default 20110527) from those whose names match PATTERN (an fnmatch pattern, default every
mutant). The mutants are generated into mutants/ first, exactly as `mutmut run` does.
"""

from __future__ import annotations

import fnmatch
import json
import os
import random
import sys
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate() -> None:
    """mutants/ as the first step of `mutmut run` leaves it (names in *.meta files)."""
    # mutmut has no command that only generates; these are the steps its run begins with.
    from mutmut import __main__ as mutmut

    mutmut.set_mutant_under_test("mutant_generation")
    os.makedirs("mutants", exist_ok=True)
    with redirect_stdout(sys.stderr):
        mutmut.copy_src_dir()
        mutmut.copy_also_copy_files()
        mutmut.setup_source_paths()
        mutmut.store_lines_covered_by_tests()
        mutmut.create_mutants(2)


def names(mutants: Path) -> list[str]:
    found = []
    for meta in sorted(mutants.rglob("*.py.meta")):
        found += json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return sorted(found)


def main(argv: list[str]) -> int:
    if not argv or not argv[0].isdigit():
        sys.exit(__doc__)
    size, seed = int(argv[0]), int(argv[1]) if len(argv) > 1 else 20110527
    pattern = argv[2] if len(argv) > 2 else "*"
    os.chdir(ROOT)
    generate()
    pool = [n for n in names(ROOT / "mutants") if fnmatch.fnmatchcase(n, pattern)]
    if not pool:
        sys.exit(f"no mutant matches {pattern!r}")
    chosen = random.Random(seed).sample(pool, min(size, len(pool)))
    print(f"==> {len(chosen)} of {len(pool)} mutants matching {pattern!r} (seed {seed})",
          file=sys.stderr)
    print("\n".join(sorted(chosen)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

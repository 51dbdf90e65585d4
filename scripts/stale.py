"""Say which notebooks' stored outputs predate the data or library they were run on.

Usage: python scripts/stale.py        (prints a warning per stale notebook; exit code 0)

`make execute` records in each notebook a digest of everything its outputs depend on
(data/, references.bib, companion/). The book is built from those stored outputs, so a
student who edits data/events.csv and runs `make book` would otherwise see the old
figures without a word.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
KEY = "companion"


def inputs() -> list[Path]:
    """The files a notebook's outputs are computed from."""
    data = [p for p in (ROOT / "data").rglob("*") if p.is_file()]
    code = list((ROOT / "companion").glob("*.py"))
    return sorted(data + code + [ROOT / "references.bib"])


def inputs_digest() -> str:
    digest = hashlib.sha256()
    for path in inputs():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def stale_notebooks(paths: list[Path], digest: str | None = None) -> list[Path]:
    """The notebooks whose recorded digest differs from the current one (or is missing)."""
    digest = digest or inputs_digest()
    out = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if nb.metadata.get(KEY, {}).get("inputs") != digest:
            out.append(path)
    return out


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from execute_notebooks import notebooks

    stale = stale_notebooks(list(notebooks(["book"])))
    if stale:
        print("==> WARNING: data/, references.bib or companion/ changed after these notebooks "
              "were last run, so the book will show their old outputs:", file=sys.stderr)
        for path in stale:
            print(f"      {path}", file=sys.stderr)
        print("    Run 'make execute' to refresh them, then 'make book' again.",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Before `make book`: refuse to build a book that would be wrong without a word.

Usage: python scripts/preflight.py      (exit 0: go ahead; exit 1: one message saying why not)

Two things would publish a wrong book with exit code 0: a page the table of contents lists
but that no longer exists (the build only warns and leaves a hole with broken links), and
notebooks whose stored outputs were computed before the latest change to data/,
references.bib or companion/ (the book is built from stored outputs, so it would show the
old figures and counts beside the new downloads). ALLOW_STALE=1 builds with the old
outputs anyway, for a reader who wants them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bookbuild.notebooks import ROOT, notebooks, stale_notebooks  # noqa: E402
from bookbuild.toc import toc_files  # noqa: E402

SUFFIXES = (".md", ".ipynb")


def missing_pages(root: Path = ROOT) -> list[str]:
    """Files _toc.yml lists that exist neither as .md nor as .ipynb."""
    return [name for name in toc_files(root / "_toc.yml")
            if not any((root / name).with_suffix(s).is_file() for s in SUFFIXES)]


def main() -> int:
    missing = missing_pages()
    if missing:
        print("==> make book stopped: _toc.yml lists pages that do not exist, so the book "
              "would have holes and broken links:", file=sys.stderr)
        for name in missing:
            print(f"      {name} (.md or .ipynb)", file=sys.stderr)
        print("    Restore them (git restore book/) or remove them from _toc.yml.",
              file=sys.stderr)
        return 1
    stale = stale_notebooks(notebooks([ROOT / "book"]))
    if stale and os.environ.get("ALLOW_STALE") != "1":
        print("==> make book stopped: data/, references.bib or companion/ changed after "
              "these notebooks were last run, so the book would show their old outputs:",
              file=sys.stderr)
        for path in stale:
            print(f"      {path.relative_to(ROOT)}", file=sys.stderr)
        print("    Run 'make execute' to refresh them (about a minute), then 'make book'. "
              "To build with the old outputs anyway: make book ALLOW_STALE=1",
              file=sys.stderr)
        return 1
    if stale:
        print(f"==> building with the old outputs of {len(stale)} stale notebooks "
              "(ALLOW_STALE=1)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The companion library: load and validate the evidence, compute checks, draw figures.

Notebooks in ``book/`` import from here, so every chapter is a few one-line calls
and everything worth testing has a unit test in ``tests/unit``.
"""

from pathlib import Path

#: The repository root, found from this file so notebooks work from any directory.
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
BIB_FILE = ROOT / "references.bib"

from companion.data import DataError, load, load_table  # noqa: E402

__all__ = ["ROOT", "DATA_DIR", "BIB_FILE", "DataError", "load", "load_table"]

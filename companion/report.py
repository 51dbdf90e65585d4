"""The execution report: how the stored notebook outputs were produced."""

from __future__ import annotations

import platform
from importlib.metadata import version
from pathlib import Path

import nbformat
import pandas as pd

from companion import ROOT

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "sphinxcontrib-bibtex",
            "matplotlib", "pandas", "numpy", "frictionless", "nbval", "pytest", "ipykernel"]


def notebook_runs(book_dir=None) -> pd.DataFrame:
    """Per notebook under ``book_dir`` (default: the book's ``book/``): code cells, cells
    with output, and whether execution counts run 1..n in order (a single top-to-bottom
    run). The report page passes its own folder, so a run from copies reports the copies."""
    book_dir = Path(book_dir) if book_dir is not None else ROOT / "book"
    rows = []
    for path in sorted(book_dir.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        counts = [c.execution_count for c in code]
        rows.append({
            "Notebook": path.relative_to(book_dir).as_posix(),
            "Code cells": len(code),
            "With output": sum(bool(c.outputs) for c in code),
            "Single in-order run": "yes" if counts == list(range(1, len(code) + 1)) else "no",
        })
    return pd.DataFrame(rows).set_index("Notebook")


def package_versions() -> pd.DataFrame:
    """Python (major.minor) and the versions of the packages that build and test the book."""
    rows = [{"Package": "python", "Version": ".".join(platform.python_version_tuple()[:2])}]
    rows += [{"Package": name, "Version": version(name)} for name in PACKAGES]
    return pd.DataFrame(rows).set_index("Package")

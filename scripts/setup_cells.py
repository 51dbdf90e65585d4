"""Write the setup cell that opens every notebook, from one template.

Usage: python scripts/setup_cells.py [--check]

A notebook opened outside the repository (Colab, or a download from the book's pages)
has neither the ``companion`` package nor ``data/``. Its first cell, hidden in the HTML
book, handles that: in Colab it fetches the repository named by ``repository.url`` in
``_config.yml`` and installs what the notebooks import, leaving Colab's own packages
alone; anywhere else without the package it stops with one message that says what is
missing and how to get it; inside the repository it does nothing. ``--check`` exits 1
when a notebook's cell differs from the template (the unit tests run it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
TAGS = ["remove-cell", "companion-setup"]
TEMPLATE = '''\
# Setup: lets this notebook run outside the book's repository (Colab, a download).
import os
import subprocess
import sys

REPOSITORY = {repository!r}  # repository.url in _config.yml
CLONE = "/content/lukyanov-2011-companion"
if "google.colab" in sys.modules and not os.path.isdir(CLONE):
    if not REPOSITORY:
        raise RuntimeError("This copy of the book names no public repository (repository.url "
                           "in _config.yml), so Colab cannot fetch its data. Run the notebook "
                           "from a clone of the repository instead (make lab).")
    subprocess.run(["git", "clone", "--depth", "1", REPOSITORY, CLONE], check=True)
    # --no-deps and lower bounds only: Colab's own pandas, numpy and matplotlib stay.
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", CLONE], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r",
                    CLONE + "/requirements-colab.txt"], check=True)
if "google.colab" in sys.modules:
    os.environ.setdefault("COMPANION_DATA_DIR", CLONE + "/data")
try:
    import companion  # noqa: F401
except ModuleNotFoundError:
    raise ModuleNotFoundError(
        "This notebook belongs to 'Epilogue on joint missile defense: an analytical "
        "companion' and needs its companion package and data/ folder. Clone the book's "
        "repository and run 'make lab' there, or open the notebook with the Binder or "
        "Colab button on the book's page. Repository: "
        + (REPOSITORY or "see the book's how-to-cite page")) from None'''


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return (config.get("repository") or {}).get("url") or ""


def cell_source(repository: str | None = None) -> str:
    url = repository_url() if repository is None else repository
    return TEMPLATE.format(repository=url)


def notebooks() -> list[Path]:
    return sorted(p for p in (ROOT / "book").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def is_setup(cell) -> bool:
    return "companion-setup" in cell.get("metadata", {}).get("tags", [])


def stale(source: str) -> list[Path]:
    """Notebooks whose first cell is not the setup cell as the template gives it."""
    out = []
    for path in notebooks():
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0] if nb.cells else None
        if first is None or not is_setup(first) or first.source != source:
            out.append(path)
    return out


def write(source: str) -> list[Path]:
    """Put the setup cell first in every notebook (replacing an older one)."""
    changed = []
    for path in stale(source):
        nb = nbformat.read(path, as_version=4)
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(TAGS)})
        if nb.cells and is_setup(nb.cells[0]):
            cell.id = nb.cells[0].id
            nb.cells[0] = cell
        else:
            nb.cells.insert(0, cell)
        nbformat.write(nb, path)
        changed.append(path)
    return changed


def main(argv: list[str]) -> int:
    source = cell_source()
    if "--check" in argv:
        bad = stale(source)
        for path in bad:
            print(f"{path.relative_to(ROOT)}: setup cell missing or out of date; "
                  "run 'python scripts/setup_cells.py'")
        return 1 if bad else 0
    for path in write(source):
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The book's notebooks: which they are, what their stored outputs were computed from, and
running them.

`make execute` runs the notebooks and records in each one the fingerprint of everything its
outputs are computed from (data/, editions/, references.bib, CITATION.cff and the code of
companion/); `make book` compares the fingerprints with today's files before it builds from
the stored outputs. The
fingerprint reads the library's code as Python reads it (its syntax tree), so a comment or a
re-wrapped line does not call for a re-run, and it leaves out the data folder's README files,
which no notebook reads.
"""

from __future__ import annotations

import ast
import hashlib
import re
import subprocess
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
#: The notebook metadata key under which the fingerprint is stored.
KEY = "companion"
#: Notebooks that report on the others run last, after the others' outputs are fresh.
RUN_LAST = {"execution-report.ipynb"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def notebooks(targets) -> list[Path]:
    """The notebooks under each folder (or each notebook named), sorted, reports last."""
    found: list[Path] = []
    for target in map(Path, targets):
        if target.suffix == ".ipynb":
            found.append(target)
        else:
            found += sorted(p for p in target.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts)
    return sorted(found, key=lambda p: p.name in RUN_LAST)


def inputs(root: Path = ROOT) -> list[Path]:
    """The files a notebook's outputs are computed from."""
    data = [p for folder in ("data", "editions") for p in (root / folder).rglob("*")
            if p.is_file() and p.suffix != ".md"]
    code = list((root / "companion").rglob("*.py"))
    return sorted(data + code + [root / "references.bib", root / "CITATION.cff"])


def _content(path: Path) -> bytes:
    """What of a file can change an output: a Python file's syntax tree, any other's bytes."""
    raw = path.read_bytes()
    if path.suffix != ".py":
        return raw
    try:
        return ast.dump(ast.parse(raw, filename=str(path))).encode()
    except SyntaxError:
        return raw  # a broken module is a change like any other; running it will say why


def fingerprint(root: Path = ROOT) -> str:
    """One digest of the contents of :func:`inputs`, independent of comments and layout."""
    digest = hashlib.sha256()
    for path in inputs(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(_content(path) + b"\0")
    return digest.hexdigest()


def recorded(path: Path) -> str | None:
    """The fingerprint stored in a notebook by its last run, if any."""
    return nbformat.read(path, as_version=4).metadata.get(KEY, {}).get("inputs")


def stale_notebooks(paths: list[Path], current: str | None = None) -> list[Path]:
    """The notebooks whose stored fingerprint differs from the current one (or is missing)."""
    current = current or fingerprint()
    return [path for path in paths if recorded(path) != current]


class CellFailed(Exception):
    """A cell raised while a notebook ran: where, and the error as the kernel reported it."""

    def __init__(self, notebook: Path, cell: int, source: str, ename: str, evalue: str,
                 traceback: str):
        self.notebook, self.cell, self.source = notebook, cell, source
        self.ename, self.evalue, self.traceback = ename, evalue, _ANSI.sub("", traceback)
        super().__init__(f"{notebook}, code cell {cell}: {ename}: {evalue}")


def run(path: Path, *, cwd: Path | None = None, stamp: str | None = None):
    """Run one notebook top to bottom and return it with its new outputs (the file on disk
    is left alone). ``cwd`` is the kernel's working directory (the notebook's folder by
    default); ``stamp``, when given, is stored as the fingerprint the outputs came from."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    try:
        # The kernel's own stderr carries only a start-up notice about its local TCP
        # transport; errors in cells arrive as messages.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        code = [c for c in nb.cells if c.cell_type == "code"]
        failed = next((i for i, c in enumerate(code, 1)
                       if any(o.get("output_type") == "error" for o in c.outputs)), 0)
        source = code[failed - 1].source if failed else ""
        raise CellFailed(path, failed, source, err.ename, err.evalue,
                         err.traceback) from None
    if stamp is not None:
        nb.metadata[KEY] = {"inputs": stamp}
    return nb

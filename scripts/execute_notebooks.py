"""Re-run the book's notebooks so their stored outputs match the code and data.

Usage: python scripts/execute_notebooks.py [--traceback] book [more folders or .ipynb files]

Run it (or `make execute`) after changing data/ or companion/. Every notebook runs from a
copy under _build/execute; the notebooks in book/ are replaced only once all of them have
run, so a failure leaves the book exactly as it was, never half refreshed. The run stops at
the first cell that raises and prints which notebook and cell, and the error's own message
(the loader's names the file, row, column and value); --traceback adds the traceback.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bookbuild.notebooks import ROOT, CellFailed, fingerprint, notebooks, run  # noqa: E402

WORK = ROOT / "_build" / "execute"
#: Errors whose message is the whole story: the loader's names file, row, column and value.
OWN_MESSAGE = {"DataError", "DataNotFoundError"}


def stage(targets: list[Path]) -> dict[Path, Path]:
    """Copy every notebook of the book into WORK (the reports read their neighbours) and
    return, for each target, its copy."""
    shutil.rmtree(WORK, ignore_errors=True)
    every = {p.resolve() for p in notebooks([ROOT / "book"])} | {p.resolve() for p in targets}
    for path in every:
        copy = WORK / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    return {path: WORK / path.resolve().relative_to(ROOT) for path in targets}


def failure_report(err: CellFailed, shown: Path, traceback: bool) -> str:
    first_line = next((line for line in err.source.splitlines() if line.strip()), "")
    where = f"{shown}, code cell {err.cell}" + (f" (`{first_line.strip()}`)" if first_line
                                                 else "")
    message = err.evalue if err.ename in OWN_MESSAGE else f"{err.ename}: {err.evalue}"
    lines = [f"==> make execute stopped: {where} raised", textwrap.indent(message, "    ")]
    if traceback:
        lines.append(textwrap.indent(err.traceback, "    "))
    lines.append("    No notebook in book/ was changed. Fix what the message names, then run "
                 "'make execute' again" + ("" if traceback else
                                           " (TRACEBACK=1 shows the traceback)") + ".")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    traceback = "--traceback" in argv or os.environ.get("TRACEBACK") == "1"
    targets = notebooks([a for a in argv if a != "--traceback"] or [ROOT / "book"])
    copies = stage(targets)
    stamp = fingerprint()
    began = time.perf_counter()
    print(f"==> running {len(targets)} notebooks from copies in "
          f"{WORK.relative_to(ROOT)}; book/ changes only if all succeed", flush=True)
    for i, path in enumerate(targets, 1):
        shown = path.resolve().relative_to(ROOT)
        start = time.perf_counter()
        print(f"[{i}/{len(targets)}] {shown} ...", end=" ", flush=True)
        try:
            nb = run(copies[path], stamp=stamp)
        except CellFailed as err:
            print("failed", flush=True)
            print(failure_report(err, shown, traceback), file=sys.stderr)
            return 1
        nbformat.write(nb, copies[path])
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
    for path, copy in copies.items():
        os.replace(copy, path)
    print(f"==> {len(targets)} notebooks refreshed in {time.perf_counter() - began:.0f} s",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

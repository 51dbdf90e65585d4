"""Re-run every notebook under a folder in place, so stored outputs match the code and data.

Usage: python scripts/execute_notebooks.py book [more folders or .ipynb files]

Run it (or `make execute`) after changing data/ or companion/; `make test` then checks the
stored outputs against a fresh run with nbval.
"""

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stale import KEY, inputs_digest  # noqa: E402


def notebooks(targets):
    for target in map(Path, targets):
        if target.suffix == ".ipynb":
            yield target
        else:
            found = target.rglob("*.ipynb")
            yield from sorted(p for p in found if ".ipynb_checkpoints" not in p.parts)


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    # The kernel's own stderr carries only a start-up notice about its local TCP transport;
    # errors in cells arrive as messages and still stop the run.
    client.execute(stderr=subprocess.DEVNULL)
    # What the outputs were computed from, so `make book` can say when they are stale.
    nb.metadata[KEY] = {"inputs": inputs_digest()}
    nbformat.write(nb, path)


#: Notebooks that report on the others run last, after the others' outputs are fresh.
RUN_LAST = {"execution-report.ipynb"}


def main(argv):
    paths = sorted(notebooks(argv or ["book"]), key=lambda p: p.name in RUN_LAST)
    for i, path in enumerate(paths, 1):
        start = time.perf_counter()
        print(f"[{i}/{len(paths)}] {path} ...", end=" ", flush=True)
        execute(path)
        print(f"{time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

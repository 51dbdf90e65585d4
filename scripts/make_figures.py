"""Write every figure of the book as PNG and SVG into one folder, for slides.

Usage: python scripts/make_figures.py [folder]   (default: _build/figures)

The notebooks are run in memory (they are not modified) with COMPANION_FIGURE_DIR set, so
each figure handed to the page by ``companion.figures.glue_figure`` is saved under its
glue name. Saved files are byte-identical from run to run.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bookbuild.notebooks import notebooks, run  # noqa: E402
from companion.figures import FIGURE_DIR_VARIABLE  # noqa: E402


def main(argv):
    folder = Path(argv[0] if argv else "_build/figures").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[FIGURE_DIR_VARIABLE] = str(folder)
    paths = list(notebooks(["book"]))
    for i, path in enumerate(paths, 1):
        start = time.perf_counter()
        print(f"[{i}/{len(paths)}] {path} ...", end=" ", flush=True)
        run(path)
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
    saved = sorted(folder.glob("*.*"))
    print(f"==> {len(saved)} files in {folder}")


if __name__ == "__main__":
    main(sys.argv[1:])

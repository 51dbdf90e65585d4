"""Measure what the book costs to build, test and download, beside a baseline book.

Usage: python scripts/bench.py          (or `make bench`)
       python scripts/bench.py --builds (only the build rows: about two minutes)

The baseline is the sample book of `jupyter-book create`, built in a temporary folder in
the same run on the same machine, so the ratios compare like with like. Nothing here is
asserted: the script prints measurements and the targets they are read against.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bookbuild.sitecheck import html_pages  # noqa: E402

KB = 1024


def timed(command, cwd=None, env=None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stdout[-3000:]}"
                 f"{result.stderr[-3000:]}")
    return time.perf_counter() - start


def tracked_copy(folder: Path) -> Path:
    """The book's tracked files as they are in the working tree, copied to ``folder``: the
    bench edits a page there, never in the repository, and builds nothing untracked."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    return folder


def own_code(source: Path) -> dict:
    """The environment a build of ``source`` runs in: its own companion/ and bookbuild/."""
    return {**os.environ, "PYTHONPATH": str(source)}


def build_command(source: Path) -> list[str]:
    return [str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(source)]


def build_twice(source: Path) -> tuple[float, float, int]:
    """(seconds from empty, seconds for a no-change rebuild, pages), built in ``source``."""
    first = timed(build_command(source), env=own_code(source))
    again = timed(build_command(source), env=own_code(source))
    return first, again, len(html_pages(source / "_build" / "html"))


def page_digests(html_dir: Path) -> dict[str, str]:
    """Each built page's content digest, by path: which pages a rebuild wrote anew."""
    return {p.relative_to(html_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in html_pages(html_dir)}


def edit_one_paragraph(page: Path) -> None:
    """What a reader's edit looks like: one word added to the page's first paragraph."""
    blocks = page.read_text(encoding="utf-8").split("\n\n")
    first = next(i for i, block in enumerate(blocks) if block[:1].isalpha())
    blocks[first] = blocks[first].rstrip() + " Edited."
    page.write_text("\n\n".join(blocks), encoding="utf-8")


def edit_rebuild(source: Path, page: str) -> tuple[float, int]:
    """(seconds, pages whose HTML changed) for a rebuild after one paragraph of ``page``
    changed, in a book already built once."""
    html = source / "_build" / "html"
    before = page_digests(html)
    edit_one_paragraph(source / page)
    seconds = timed(build_command(source), env=own_code(source))
    after = page_digests(html)
    return seconds, sum(after[k] != before.get(k) for k in after)


def page_transfer(html_dir: Path, page: Path) -> tuple[int, list[str]]:
    """Bytes a first visit to ``page`` downloads (the page and every local asset it loads)
    and the third-party URLs it would request."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    total, remote, seen = page.stat().st_size, [], set()
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for node in soup.find_all(tag):
            url = node.get(attr)
            if not url or (tag == "link" and "stylesheet" not in (node.get("rel") or [])
                           and "icon" not in (node.get("rel") or [])):
                continue
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") or url.startswith("//"):
                remote.append(url)
                continue
            path = (page.parent / parts.path).resolve()
            if path.is_file() and path not in seen:
                seen.add(path)
                total += path.stat().st_size
    return total, remote


def figures_by_page(html_dir: Path, pages: list[Path]) -> list[tuple[str, Path]]:
    """Every image file the chapters show, named by page and position (file names are
    hashes); a figure's phone layout is listed as such. Images written into the page
    (data: URLs) are part of the page's own weight."""
    found = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        files = [(img["src"], "") for img in soup.select("article img")
                 if not img["src"].startswith("data:")]
        files += [(source["srcset"], "phone ") for source in
                  soup.select("article picture.companion-figure-narrow source")]
        for i, (src, kind) in enumerate(files, 1):
            path = (page.parent / urlsplit(src).path).resolve()
            found.append((f"{page.stem} #{i} ({kind}{path.suffix[1:]})", path))
    return found


def phone_extra(page: Path) -> int:
    """Bytes a phone downloads beyond a wide screen's first visit: the narrow layouts of
    the page's figures, which only a phone's screen loads."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return sum((page.parent / urlsplit(s["srcset"]).path).resolve().stat().st_size
               for s in soup.select("picture.companion-figure-narrow source"))


def timeline_timings() -> tuple[float, float]:
    import numpy as np
    import pandas as pd

    from companion import load
    from companion.evidence import add_date_bounds
    from companion.timeline import lane_styles, timeline

    events = load().events
    start = time.perf_counter()
    timeline(events, labels=list(events.event_id))
    full = time.perf_counter() - start
    rng = np.random.default_rng(2011)
    n = 1000
    days = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 12000, n), unit="D")
    synthetic = add_date_bounds(pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)], "date": days.strftime("%Y-%m-%d"),
        "date_precision": "day", "end_date": "", "title": [f"Synthetic event {i}"
                                                          for i in range(n)],
        "lane": rng.choice(list(lane_styles()), n),
    }))
    start = time.perf_counter()
    timeline(synthetic, labels=list(synthetic.event_id))
    return full, time.perf_counter() - start


def bare_notebook(folder: Path) -> Path:
    """A notebook that only imports pandas and matplotlib and draws one line: the floor
    any notebook of this book pays under nbval."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas as pd\nimport matplotlib.pyplot as plt"),
                nbformat.v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 2], [1, 2])\n"
                                          "plt.close(fig)\npd.DataFrame({'a': [1]}).shape")]
    path = folder / "bare.ipynb"
    client_nb = nbformat.from_dict(nb)
    from nbclient import NotebookClient

    NotebookClient(client_nb, kernel_name="python3").execute()
    nbformat.write(client_nb, path)
    return path


def nbval_one(notebook: Path) -> float:
    return timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                  "--nbval-current-env", "--nbval-sanitize-with",
                  str(ROOT / "tests" / "nbval_sanitize.cfg"), str(notebook)], cwd=ROOT)


def row(name, value, target=""):
    print(f"  {name:<52} {value:>10}   {target}")


#: The page the bench edits, in this book and (its own markdown page) in the baseline.
EDITED_PAGE = "book/about-the-column.md"
BASELINE_EDITED_PAGE = "markdown.md"


def build_rows(tmp: Path) -> Path:
    """Build the baseline and this book from empty, again unchanged, and again after one
    paragraph is edited; print the rows; return where this book was built."""
    print("==> baseline: jupyter-book create, then two builds and an edited rebuild",
          flush=True)
    timed([str(BIN / "jupyter-book"), "create", str(tmp / "baseline")])
    base_first, base_again, base_pages = build_twice(tmp / "baseline")
    base_edit, base_written = edit_rebuild(tmp / "baseline", BASELINE_EDITED_PAGE)
    print("==> this book (its tracked files): the same three builds", flush=True)
    ours = tracked_copy(tmp / "ours")
    our_first, our_again, our_pages = build_twice(ours)
    our_edit, our_written = edit_rebuild(ours, EDITED_PAGE)

    print("\nBuild (seconds; ratio = this book / baseline)")
    row("baseline pages", base_pages)
    row("baseline build from empty", f"{base_first:.1f} s")
    row("baseline no-change rebuild", f"{base_again:.1f} s")
    row("baseline rebuild after one paragraph edited", f"{base_edit:.1f} s",
        f"{base_written} of {base_pages} pages rewritten")
    row("pages", our_pages)
    row("build from empty", f"{our_first:.1f} s")
    row("build per page / baseline per page",
        f"{(our_first / our_pages) / (base_first / base_pages):.2f}", "target <= 1.5")
    row("no-change rebuild", f"{our_again:.1f} s")
    row("no-change rebuild / baseline", f"{our_again / base_again:.2f}", "target <= 1.5")
    row("rebuild after one paragraph edited", f"{our_edit:.1f} s",
        f"{our_written} of {our_pages} pages rewritten")
    row("one-paragraph rebuild / baseline", f"{our_edit / base_edit:.2f}", "target <= 1.5")
    return ours


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ours = build_rows(tmp)
        if "--builds" in sys.argv[1:]:
            return
        print("==> this book: strict nbval over every notebook", flush=True)
        nbval = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                       "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                       "tests/nbval_sanitize.cfg", "book"], cwd=ROOT)
        print("==> nbval per notebook, beside a bare pandas + matplotlib notebook", flush=True)
        bare = nbval_one(bare_notebook(tmp))
        per_notebook = {nb: nbval_one(nb) for nb in sorted((ROOT / "book").rglob("*.ipynb"))
                        if ".ipynb_checkpoints" not in nb.parts}
        print("==> timeline drawing", flush=True)
        full, synthetic = timeline_timings()
        html = ours / "_build" / "html"
        chapters = [p for p in html_pages(html) if "/book/" in p.as_posix()]
        figures = figures_by_page(html, chapters)
        transfers = {p: page_transfer(html, p) for p in chapters}

        print("\nTest (seconds; ratio = this notebook / a bare one)")
        row("strict nbval, all notebooks", f"{nbval:.1f} s")
        row("nbval, bare pandas + matplotlib notebook", f"{bare:.1f} s")
        for notebook, seconds in per_notebook.items():
            row(f"nbval {notebook.relative_to(ROOT).as_posix()} / bare",
                f"{seconds / bare:.2f}", "target <= 2")
        row("timeline, every event labelled", f"{full:.2f} s")
        row("timeline, 1,000 synthetic events labelled", f"{synthetic:.2f} s",
            "seconds, not minutes")

        print("\nPage weight (KB)")
        for page in chapters:
            size = page.stat().st_size / KB
            row(f"HTML {page.relative_to(html).as_posix()}", f"{size:.0f}", "target <= 100")
        for label, figure in figures:
            row(f"figure {label}", f"{figure.stat().st_size / KB:.0f}", "target <= 150")
        heaviest = max(transfers, key=lambda p: transfers[p][0])
        row(f"first visit {heaviest.relative_to(html).as_posix()}",
            f"{transfers[heaviest][0] / KB:.0f}", "page + every asset it loads, <= 1536")
        phone = {p: transfers[p][0] + phone_extra(p) for p in chapters}
        heaviest = max(phone, key=phone.get)
        row(f"first visit on a phone {heaviest.relative_to(html).as_posix()}",
            f"{phone[heaviest] / KB:.0f}", "with its figures' phone layouts, <= 1536")
        remote = sorted({u for _, urls in transfers.values() for u in urls})
        row("third-party requests (all pages)", len(remote), "target 0")
        for url in remote:
            print(f"    {url}")


if __name__ == "__main__":
    main()

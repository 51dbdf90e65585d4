"""Print the built HTML book as one PDF, offline, with the Chromium the tests already use.

Usage: python scripts/make_pdf.py [html folder]   (default: _build/html)

Each page of the table of contents is printed with the book's print stylesheet (the
article alone, vector figures, no theme chrome). A title page and a table of contents are
added, every page gets the chapter's title as a running head and a page number as a
footer (stamped with pypdf, so numbers run on across chapters), and each chapter is a
bookmark. The result is written into the site, at the address the pages link to.

A TeX route is not used: it needs several hundred MB of TeX and drops the SVG figures.
"""

from __future__ import annotations

import html
import io
import os
import shutil
import sys
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bookbuild.citation import csl_item, read_cff, render  # noqa: E402
from bookbuild.sitecheck import served  # noqa: E402
from bookbuild.sphinx_ext import PDF  # noqa: E402
from bookbuild.toc import toc_files  # noqa: E402

A4 = {"format": "A4", "margin": {"top": "22mm", "bottom": "20mm", "left": "18mm",
                                 "right": "18mm"}}
PAGE_STYLE = ("<style>@page { size: A4; margin: 0 } body { margin: 0; "
              "font-family: 'DejaVu Sans', sans-serif; color: #222 }</style>")


def chromium_path() -> str:
    """Debian's Chromium (or CHROMIUM_PATH); a clear message when there is none."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        sys.exit("make pdf: Chromium was not found. On Debian or Ubuntu run "
                 "'sudo apt-get install chromium', or set CHROMIUM_PATH to a Chromium "
                 "binary, then run 'make pdf' again.")
    return path


def page_title(page) -> str:
    return page.evaluate("() => (document.querySelector('article h1') || {}).innerText || "
                         "document.title").replace("#", "").strip()


def print_pages(browser, base: str, docs: list[str]) -> list[tuple[str, bytes]]:
    """(title, PDF bytes) of every page, in reading order, with progress on the console."""
    page = browser.new_page()
    printed = []
    for i, doc in enumerate(docs, 1):
        start = time.perf_counter()
        print(f"[{i}/{len(docs)}] {doc} ...", end=" ", flush=True)
        page.goto(f"{base}/{doc}.html", wait_until="networkidle")
        printed.append((page_title(page), page.pdf(**A4, print_background=True)))
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
    page.close()
    return printed


def html_pdf(browser, body: str) -> bytes:
    """A PDF of a small HTML document (title page, contents, stamps)."""
    page = browser.new_page()
    page.set_content(f"<html><head><meta charset='utf-8'>{PAGE_STYLE}</head>"
                     f"<body>{body}</body></html>")
    data = page.pdf(format="A4", margin={"top": "0", "bottom": "0", "left": "0",
                                         "right": "0"}, print_background=True)
    page.close()
    return data


def title_page(book) -> str:
    cite = render(csl_item(book, url=book.url), "APA", as_html=True)
    url = f"<p>{html.escape(book.url)}</p>" if book.url else ""
    return (
        "<div style='padding: 60mm 25mm 0'>"
        f"<h1 style='font-size: 26pt; line-height: 1.2'>{html.escape(book.title)}</h1>"
        f"<p style='font-size: 14pt'>{html.escape(', '.join(book.authors))}</p>"
        f"<p>Version {html.escape(book.version)}, {html.escape(book.date_released)}</p>"
        f"{url}<p style='margin-top: 40mm; font-size: 10pt'>Cite as: {cite}</p>"
        f"<p style='font-size: 10pt'>Text, figures and data: {html.escape(book.license)}. "
        "Code: MIT.</p></div>")


def contents_page(entries: list[tuple[str, int]]) -> str:
    rows = "".join(
        f"<tr><td style='padding: 2mm 0'>{html.escape(t)}</td>"
        f"<td style='text-align: right'>{n}</td></tr>" for t, n in entries)
    return ("<div style='padding: 25mm 22mm'><h1 style='font-size: 20pt'>Contents</h1>"
            f"<table style='width: 100%; font-size: 11pt; border-collapse: collapse'>{rows}"
            "</table></div>")


def stamps(browser, heads: list[str], first_number: int) -> PdfReader:
    """One page per content page, blank but for its running head and its number."""
    pages = "".join(
        "<div style='position: relative; height: 297mm; page-break-after: always'>"
        f"<div style='position: absolute; top: 9mm; left: 18mm; right: 18mm; "
        f"font-size: 8.5pt; color: #555; border-bottom: 0.3pt solid #999'>"
        f"{html.escape(head)}</div>"
        f"<div style='position: absolute; bottom: 9mm; width: 100%; text-align: center; "
        f"font-size: 9pt; color: #333'>{first_number + i}</div></div>"
        for i, head in enumerate(heads))
    return PdfReader(io.BytesIO(html_pdf(browser, pages)))


def build(html_dir: Path) -> Path:
    from playwright.sync_api import sync_playwright

    book = read_cff(ROOT / "CITATION.cff")
    docs = toc_files(ROOT / "_toc.yml")
    with served(html_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(),
                                    args=["--no-sandbox", "--disable-gpu"])
        chapters = print_pages(browser, base, docs)
        readers = [(t, PdfReader(io.BytesIO(data))) for t, data in chapters]
        front = PdfReader(io.BytesIO(html_pdf(browser, title_page(book))))
        # The contents' length does not depend on its numbers: measure it, then fill it in.
        draft = PdfReader(io.BytesIO(html_pdf(browser, contents_page(
            [(t, 0) for t, _ in readers]))))
        start = len(front.pages) + len(draft.pages) + 1
        entries, number = [], start
        for title, reader in readers:
            entries.append((title, number))
            number += len(reader.pages)
        contents = PdfReader(io.BytesIO(html_pdf(browser, contents_page(entries))))
        heads = [f"{book.title} · {title}" for title, r in readers for _ in r.pages]
        stamp = stamps(browser, heads, start)
        browser.close()

    writer = PdfWriter()
    for page in list(front.pages) + list(contents.pages):
        writer.add_page(page)
    i = 0
    for (title, reader), (_, first) in zip(readers, entries, strict=True):
        outline_at = len(writer.pages)
        for page in reader.pages:
            added = writer.add_page(page)
            added.merge_page(stamp.pages[i])
            # pypdf writes a merged page's content uncompressed: 16 of the 19 MB otherwise.
            added.compress_content_streams()
            i += 1
        writer.add_outline_item(title=title, page_number=outline_at)
        assert first == outline_at + 1
    date = "D:" + book.date_released.replace("-", "") + "000000Z"
    writer.add_metadata({"/Title": book.title, "/Author": ", ".join(book.authors),
                         "/Subject": "An analytical companion to Fyodor Lukyanov's column "
                                     "'Epilogue on joint missile defense' (2011)",
                         "/Keywords": ", ".join(book.keywords),
                         "/CreationDate": date, "/ModDate": date})
    writer.root_object[NameObject("/Lang")] = TextStringObject(book.language)
    writer.compress_identical_objects()
    out = html_dir / PDF
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        writer.write(f)
    return out


def main(argv: list[str]) -> int:
    html_dir = Path(argv[0] if argv else ROOT / "_build" / "html").resolve()
    if not (html_dir / "book" / "intro.html").exists():
        sys.exit(f"make pdf: no built book in {html_dir}; run 'make book' first.")
    start = time.perf_counter()
    out = build(html_dir)
    pages = len(PdfReader(out).pages)
    print(f"==> {out.relative_to(ROOT)}: {pages} pages, {out.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

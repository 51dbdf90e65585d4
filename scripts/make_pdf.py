"""Print the built HTML book as one tagged PDF, offline, with the Chromium the tests use.

Usage: python scripts/make_pdf.py [html folder]   (default: _build/html)

The articles of every page of the table of contents are gathered into one HTML document
(a title page and a table of contents first) and printed once, with the book's print
stylesheet. Printing one document, not one per page, is what keeps the PDF accessible:
Chromium writes a structure tree (headings, lists, tables, figures with their alternative
text) and an outline of the headings for the document it prints, and stitching several
PDFs together would drop both. Links between pages become links inside the PDF. Each
chapter is a named CSS page whose margin boxes carry its running head and the page
number. The contents' page numbers come from the outline of a first print: its length
does not depend on the numbers, so the second print has the same pages.

A TeX route is not used: it needs several hundred MB of TeX and drops the SVG figures.
"""

from __future__ import annotations

import html
import io
import os
import posixpath
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pikepdf
from bs4 import BeautifulSoup
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bookbuild.citation import csl_item, read_cff, render  # noqa: E402
from bookbuild.downloads import PDF  # noqa: E402
from bookbuild.sitecheck import served  # noqa: E402
from bookbuild.toc import toc_files  # noqa: E402

#: Where the gathered document sits in the site: its links and images resolve from here.
PRINT_PAGE = "book/_print.html"

#: Parts of a page the print stylesheet hides (downloads, cite-this links, the phone
#: layouts of figures): left out of the gathered document.
PRINT_HIDDEN = ".companion-downloads, .cite-this-page, .prev-next-area, .companion-figure-narrow"

PAGE_CSS = """
@page { size: A4; margin: 22mm 18mm 20mm 18mm; }
@page front { @top-left { content: none } @bottom-center { content: none } }
.pdf-front { page: front; }
.pdf-chapter { break-before: page; }
/* The theme hides each page's title in print; here it is the chapter's heading. */
.bd-article h1:first-of-type { display: block !important; }
img.companion-figure { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.pdf-title-page { padding-top: 45mm; }
.pdf-title-page .pdf-book-title { font-size: 26pt; line-height: 1.2; font-weight: 700;
  margin-bottom: 6mm; }
.pdf-title-page .pdf-authors { font-size: 14pt; }
.pdf-title-page .pdf-cite { margin-top: 35mm; font-size: 10pt; }
.pdf-contents { break-before: page; }
.pdf-contents .pdf-contents-title { font-size: 20pt; font-weight: 700; margin: 0 0 6mm; }
.pdf-contents table { width: 100%; border-collapse: collapse; font-size: 11pt !important;
  break-inside: auto; }
.pdf-contents td { padding: 1.2mm 0; border: 0; }
.pdf-contents td:last-child { text-align: right; }
.pdf-contents a { color: inherit; text-decoration: none; }
"""


def chromium_path() -> str:
    """Debian's Chromium (or CHROMIUM_PATH); a clear message when there is none."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        sys.exit("make pdf: Chromium was not found. On Debian or Ubuntu run "
                 "'sudo apt-get install chromium', or set CHROMIUM_PATH to a Chromium "
                 "binary, then run 'make pdf' again.")
    return path


def slug(doc: str) -> str:
    """The prefix of a page's ids in the gathered document: ``book/sections/01-x`` →
    ``sections-01-x``."""
    return doc.removeprefix("book/").replace("/", "-")


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def running_heads(book_title: str, chapters: list[tuple[str, str]]) -> str:
    """One named page per chapter, its title in the head and the page number in the foot."""
    rules = []
    for doc, title in chapters:
        name = "ch-" + slug(doc)
        rules.append(
            f"@page {name} {{ @top-left {{ content: {css_string(f'{book_title} · {title}')};"
            " font-family: 'DejaVu Sans', sans-serif; font-size: 8.5pt; color: #555;"
            " vertical-align: bottom; padding-bottom: 2mm;"
            " border-bottom: 0.3pt solid #999; width: 100%; }"
            " @bottom-center { content: counter(page); font-family: 'DejaVu Sans', sans-serif;"
            " font-size: 9pt; color: #333; } }\n"
            f"#{slug(doc)} {{ page: {name}; }}")
    return "\n".join(rules)


def in_svg(tag) -> bool:
    return tag.find_parent("svg") is not None


def hatched_figures_as_images(soup: BeautifulSoup, article) -> None:
    """Each figure drawn with a hatch pattern, as its PNG download with the figure's
    alternative text. Chromium printed each use of an SVG pattern as an embedded image:
    the ten hatched figures made 19 of the PDF's 22 MB. The rest stay vector.
    A figure without a download (an exercise's solution) stays as it is."""
    for svg in article.select("svg.companion-figure"):
        if svg.find("pattern") is None:
            continue
        figure = svg.find_parent("figure")
        link = figure and figure.select_one(".companion-downloads a[href$='.png']")
        if link is None:
            continue
        image = soup.new_tag("img", src=link["href"], alt=svg.get("aria-label", ""),
                             width=svg["width"], height=svg["height"])
        image["class"] = "companion-figure"
        svg.replace_with(image)


def fewer_nodes(article) -> None:
    """Drop markup that prints the same without it: the colour spans of highlighted code
    and the paragraph inside each table cell (a third of the book's elements)."""
    for span in article.select("div.highlight pre span"):
        span.unwrap()
    for para in article.select("td > p:only-child, th > p:only-child"):
        para.unwrap()


def gather_article(soup: BeautifulSoup, doc: str, docs: set[str], public_url: str):
    """The page's article, its ids prefixed and its links pointed into the gathered
    document (pages of the book), at the public site (other files), or dropped (nowhere
    to go offline)."""
    article = soup.select_one("article.bd-article")
    if article is None:
        sys.exit(f"make pdf: {doc}.html has no <article class='bd-article'>; "
                 "was it built by 'make book'?")
    for link in article.select("a.headerlink"):
        link.decompose()
    prefix = slug(doc)
    here = posixpath.dirname(doc)
    hatched_figures_as_images(soup, article)
    # What the print stylesheet hides anyway (download and cite-this links).
    for hidden in article.select(PRINT_HIDDEN):
        hidden.decompose()
    fewer_nodes(article)
    for tag in article.find_all(id=True):
        if not in_svg(tag):
            tag["id"] = f"{prefix}--{tag['id']}"
    for tag in article.find_all(src=True):
        if not in_svg(tag) and not urlsplit(tag["src"]).scheme:
            tag["src"] = "/" + posixpath.normpath(posixpath.join(here, tag["src"]))
    for tag in article.find_all("a", href=True):
        if in_svg(tag):
            continue
        parts = urlsplit(tag["href"])
        if parts.scheme or tag["href"].startswith("mailto:"):
            continue
        if not parts.path:
            tag["href"] = f"#{prefix}--{parts.fragment}" if parts.fragment else f"#{prefix}"
            continue
        target = posixpath.normpath(posixpath.join(here, parts.path))
        page = target.removesuffix(".html")
        if page in docs:
            tag["href"] = f"#{slug(page)}--{parts.fragment}" if parts.fragment \
                else f"#{slug(page)}"
        elif public_url and not target.endswith(("genindex.html", "search.html")):
            tag["href"] = public_url.rstrip("/") + "/" + target
        else:
            del tag["href"]
    return article


def title_page(book) -> str:
    cite = render(csl_item(book, url=book.url), "APA", as_html=True)
    url = f"<p>{html.escape(book.url)}</p>" if book.url else ""
    # Not an <h1>: the outline's top level is the chapters.
    return (
        "<section class='pdf-front pdf-title-page' aria-label='Title page'>"
        f"<p class='pdf-book-title'>{html.escape(book.title)}</p>"
        f"<p class='pdf-authors'>{html.escape(', '.join(book.authors))}</p>"
        f"<p>Version {html.escape(book.version)}, {html.escape(book.date_released)}</p>"
        f"{url}<p class='pdf-cite'>Cite as: {cite}</p>"
        f"<p>Text, figures and data: {html.escape(book.license)}. Code: MIT.</p></section>")


def contents_page(entries: list[tuple[str, str, int | None]]) -> str:
    rows = "".join(
        f"<tr><td><a href='#{slug(doc)}'>{html.escape(title)}</a></td>"
        f"<td>{'' if number is None else number}</td></tr>" for doc, title, number in entries)
    return ("<section class='pdf-front pdf-contents' aria-label='Contents'>"
            "<p class='pdf-contents-title'>Contents</p>"
            f"<table role='presentation'>{rows}</table></section>")


def gathered_document(html_dir: Path, docs: list[str], book, numbers: dict[str, int]):
    """The whole book as one HTML document, each chapter's (doc, title), and the text of
    every heading the PDF's outline lists, in order."""
    first = BeautifulSoup((html_dir / f"{docs[0]}.html").read_text(encoding="utf-8"), "lxml")
    here = posixpath.dirname(docs[0])
    head = ["<meta charset='utf-8'>", f"<title>{html.escape(book.title)}</title>"]
    for link in first.head.find_all("link", rel="stylesheet"):
        path = posixpath.normpath(posixpath.join(here, link["href"].split("?")[0]))
        head.append(f"<link rel='stylesheet' href='/{path}'>")
    chapters, articles = [], []
    for doc in docs:
        soup = BeautifulSoup((html_dir / f"{doc}.html").read_text(encoding="utf-8"), "lxml")
        article = gather_article(soup, doc, set(docs), book.url)
        h1 = article.find("h1")
        title = " ".join(h1.get_text(" ").split()) if h1 else doc
        chapters.append((doc, title))
        articles.append(f"<div class='pdf-chapter' id='{slug(doc)}'>{article}</div>")
    head.append(f"<style>{PAGE_CSS}\n{running_heads(book.title, chapters)}</style>")
    contents = contents_page([(d, t, numbers.get(d)) for d, t in chapters])
    # The articles alone, without the theme's page skeleton (header, sidebars, footer).
    body = f"<main class='pdf-book'>{title_page(book)}{contents}{''.join(articles)}</main>"
    text = (f"<!DOCTYPE html><html lang='{html.escape(book.language)}' data-theme='light'>"
            f"<head>{''.join(head)}</head><body>{body}</body></html>")
    headings = [" ".join(h.get_text(" ").split()) for h in
                BeautifulSoup(body, "lxml").select(".pdf-chapter :is(h1, h2, h3, h4, h5, h6)")]
    return text, chapters, headings


def print_document(browser, url: str, chapters: list[tuple[str, str]]) -> bytes:
    """The tagged PDF of the gathered document, checked to hold every chapter.

    Chromium tags what its accessibility tree holds when it prints; on a document this
    size a print started before that tree is complete comes out cut short (96 of 288
    pages once). Asking for the whole tree first makes it complete; the check catches
    it if not, and the print is tried once more."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        session = page.context.new_cdp_session(page)
        for _ in range(2):
            session.send("Accessibility.getFullAXTree")
            data = page.pdf(prefer_css_page_size=True, print_background=True,
                            tagged=True, outline=True)
            if len(outline_chapters(data)) == len(chapters):
                return data
        sys.exit(f"make pdf: Chromium printed {len(outline_chapters(data))} of "
                 f"{len(chapters)} chapters twice; run 'make pdf' again, and if it "
                 "persists, check that every page has exactly one <h1>.")
    finally:
        page.close()


def outline_chapters(pdf: bytes) -> list[int]:
    """The page index of each top-level entry of the PDF's outline (the chapters)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [reader.get_destination_page_number(item) for item in reader.outline
            if not isinstance(item, list)]


def chapter_pages(pdf: bytes, chapters: list[tuple[str, str]]) -> dict[str, int]:
    """The page number (from 1) each chapter starts on."""
    return {doc: index + 1 for (doc, _), index
            in zip(chapters, outline_chapters(pdf), strict=True)}


def outline_titles(writer: PdfWriter, titles: list[str]) -> None:
    """Chromium sometimes writes a heading's text twice in an outline entry ("AboutAbout"):
    the entries are set to the headings' own text, which it lists in the same order."""
    entries = []

    def walk(item):
        while item is not None:
            item = item.get_object()
            entries.append(item)
            walk(item.get("/First"))
            item = item.get("/Next")

    walk(writer.root_object["/Outlines"].get_object().get("/First"))
    if len(entries) != len(titles):
        sys.exit(f"make pdf: the outline has {len(entries)} entries for {len(titles)} "
                 "headings printed; scripts/make_pdf.py needs to learn which headings "
                 "Chromium lists.")
    for entry, title in zip(entries, titles, strict=True):
        entry[NameObject("/Title")] = TextStringObject(title)


def build(html_dir: Path) -> Path:
    from playwright.sync_api import sync_playwright

    book = read_cff(ROOT / "CITATION.cff")
    docs = toc_files(ROOT / "_toc.yml")
    out_html = html_dir / PRINT_PAGE
    with served(html_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(),
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            numbers: dict[str, int] = {}
            for step in ("measuring where each chapter starts", "printing"):
                start = time.perf_counter()
                print(f"==> PDF: {step} ({len(docs)} pages in one document) ...",
                      end=" ", flush=True)
                text, chapters, headings = gathered_document(html_dir, docs, book, numbers)
                out_html.write_text(text, encoding="utf-8")
                pdf = print_document(browser, f"{base}/{PRINT_PAGE}", chapters)
                print(f"{time.perf_counter() - start:.1f} s", flush=True)
                measured, numbers = numbers, chapter_pages(pdf, chapters)
            if measured != numbers:
                sys.exit("make pdf: filling in the contents moved the chapters "
                         f"({measured} → {numbers}); the contents page must not change "
                         "length with its numbers.")
        finally:
            browser.close()
            out_html.unlink(missing_ok=True)

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    outline_titles(writer, headings)
    date = "D:" + book.date_released.replace("-", "") + "000000Z"
    writer.add_metadata({"/Title": book.title, "/Author": ", ".join(book.authors),
                         "/Subject": "An analytical companion to Fyodor Lukyanov's column "
                                     "'Epilogue on joint missile defense' (2011)",
                         "/Keywords": ", ".join(book.keywords),
                         "/CreationDate": date, "/ModDate": date})
    writer.root_object[NameObject("/Lang")] = TextStringObject(book.language)
    buffer = io.BytesIO()
    writer.write(buffer)
    out = html_dir / PDF
    out.parent.mkdir(parents=True, exist_ok=True)
    # pypdf writes each of the structure tree's 15,000 elements as a plain object (10 MB);
    # qpdf packs them into compressed object streams (5 MB), keeping the tree as it is.
    with pikepdf.open(buffer) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, deterministic_id=True)
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

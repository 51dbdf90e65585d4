"""What a student citing the book gets from the built site: metadata a reference manager
reads, a citation on every chapter, stable claim anchors, and files that download."""

import json
import re
import unicodedata
import urllib.request
import zipfile
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest

from bookbuild.citation import read_cff
from bookbuild.downloads import DATA_ZIP, EPUB, PDF
from bookbuild.sitecheck import html_pages, parsed
from bookbuild.toc import toc_files
from companion import ROOT

REPORTS = ROOT / "_build" / "reports"


def embedded_metadata(path):
    """The <meta> tags as Zotero's embedded-metadata reader collects them: every
    citation_*, DC.* and og:* name with all its values, in order."""
    soup = parsed(path)
    found = {}
    for tag in soup.head.find_all("meta"):
        name = tag.get("name") or tag.get("property")
        if name and re.match(r"^(citation_|DC\.|og:)", name):
            found.setdefault(name, []).append(tag.get("content", ""))
    return found


@pytest.fixture(scope="module")
def book():
    return read_cff(ROOT / "CITATION.cff")


def toc_pages(html_dir):
    return [html_dir / f"{doc}.html" for doc in toc_files(ROOT / "_toc.yml")]


def test_every_page_has_author_title_date_and_container(html_dir, book):
    for path in toc_pages(html_dir):
        meta = embedded_metadata(path)
        h1 = parsed(path).select_one(
            "article h1").get_text().replace("#", "").strip()
        assert meta["citation_title"] == [h1] == meta["DC.title"], path.name
        assert meta["citation_author"] == list(book.authors) == meta["DC.creator"]
        assert meta["citation_publication_date"] == [book.date_released.replace("-", "/")]
        assert meta["citation_book_title"] == [book.title]
        if h1 != book.title:
            assert meta["citation_inbook_title"] == [book.title], path.name
        assert meta["og:title"] == [h1] and meta["og:site_name"] == [book.title]


def test_no_url_tag_is_invented_while_the_book_has_no_public_url(html_dir, book):
    assert book.url == ""
    for path in toc_pages(html_dir):
        meta = embedded_metadata(path)
        assert not {"citation_public_url", "citation_pdf_url", "DC.identifier",
                    "og:url"} & set(meta), path.name


def test_every_chapter_ends_with_its_own_citation(html_dir, book):
    skip = {"intro.html", "bibliography.html", "how-to-cite.html"}
    for path in toc_pages(html_dir):
        if path.name in skip:
            continue
        soup = parsed(path)
        title = soup.select_one("article h1").get_text().replace("#", "").strip()
        section = soup.find(id="cite-this-page")
        assert section is not None and section.find("h2"), path.name
        text = section.get_text(" ")
        assert "APA" in text and "Chicago" in text and "@incollection" in text
        assert title in text and book.title in text and f"Version {book.version}" in text
        assert section is soup.select("article section[id]")[0].find_all(
            "section", recursive=False)[-1], f"{path.name}: not the last section"


def test_how_to_cite_is_generated_from_the_cff(html_dir, book):
    page = parsed(html_dir / "book" / "how-to-cite.html")
    text = " ".join(page.get_text(" ").split())
    assert f"{book.authors[0]}. ({book.year}). {book.title} (Version {book.version})" in text
    assert "@book{lukyanov2011companion" in page.get_text()


def test_every_claim_has_a_visible_link_to_its_own_anchor(html_dir):
    import companion

    ids = {"claim-" + c.replace("_", "-") for c in companion.load().claims.claim_id}
    page = parsed(html_dir / "book" / "scorecard.html")
    for claim_id in ids:
        para = page.find(id=claim_id)
        assert para is not None, claim_id
        link = para.find("a", class_="headerlink")
        assert link is not None and link["href"] == f"#{claim_id}", claim_id


def test_every_download_link_points_to_a_file(html_dir):
    links = 0
    for path in html_pages(html_dir):
        soup = parsed(path)
        for a in soup.select("a.download"):
            target = (path.parent / a["href"]).resolve()
            assert target.is_file() and target.stat().st_size > 0, (path.name, a["href"])
            links += 1
    assert links > 60


@pytest.mark.parametrize("rel", ["book/intro.html", "book/data-and-methods.html",
                                 "book/what-was-at-stake.html"])
def test_download_links_deliver_their_files(html_dir, served, rel):
    """Each download, fetched from a web server at the address its link resolves to, is
    the file itself: PDF, EPUB, zip, CSV, SVG or PNG."""
    kinds = {".pdf": b"%PDF", ".epub": b"PK", ".zip": b"PK", ".png": b"\x89PNG",
             ".svg": b"<?xml", ".csv": b"", ".json": (b"{", b"["), ".bib": (b"%", b"@"),
             ".ris": b"TY  - CHAP"}
    page = f"{served}/{rel}"
    hrefs = [urljoin(page, a["href"]) for a in parsed(html_dir / rel).select("a.download")]
    seen = set()
    for href in hrefs:
        with urllib.request.urlopen(href) as response:
            body = response.read()
        suffix = "." + href.rsplit(".", 1)[-1]
        assert body.startswith(kinds[suffix]) and len(body) > 100, href
        seen.add(suffix)
    assert hrefs and seen <= set(kinds), (rel, seen)
    if rel == "book/intro.html":
        assert {".pdf", ".epub", ".zip"} <= seen


def test_every_figure_offers_svg_png_and_its_citation_under_its_caption(html_dir, book):
    import rispy

    for path in html_pages(html_dir):
        soup = parsed(path)
        for figure in soup.select("figure[id^=fig-]"):
            name = figure["id"].removeprefix("fig-")
            hrefs = [a["href"] for a in figure.select(".companion-downloads a")]
            assert [h.rsplit("/", 1)[-1] for h in hrefs] == [
                f"{name}.svg", f"{name}.png", f"figure-{name}.bib", f"figure-{name}.ris",
                f"figure-{name}.json"]
            png = (path.parent / hrefs[1]).resolve().read_bytes()
            assert png.startswith(b"\x89PNG")
            record = rispy.load((path.parent / hrefs[3]).resolve().open(encoding="utf-8"))[0]
            caption = re.sub(r"^Fig\. \d+ ", "",
                             " ".join(figure.find("figcaption").get_text().split()))
            assert record["title"].startswith("Figure: ")
            assert caption.startswith(record["title"].removeprefix("Figure: ")[:40])
            assert record["secondary_title"] == book.title


def test_the_data_zip_holds_the_whole_package(html_dir):
    with zipfile.ZipFile(html_dir / DATA_ZIP) as archive:
        names = set(archive.namelist())
        package = json.loads(archive.read("data/datapackage.json"))
    expected = {r["path"] for r in package["resources"]}
    assert {f"data/{p}" for p in expected} | {"data/datapackage.json",
                                                "references.bib"} <= names


def test_the_pdf_holds_every_chapter_and_paragraph_heading(html_dir):
    # PDFium reads the text of all the pages in about a second; pypdf took twenty.
    import pypdfium2

    path = html_dir / PDF
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make pdf` (it needs Debian's chromium).")
    reader = pypdfium2.PdfDocument(path)
    pages = [reader[i].get_textpage().get_text_bounded() for i in range(len(reader))]
    # NFKC folds the printed ligatures (ﬀ, ﬁ) back into letters.
    text = unicodedata.normalize("NFKC", " ".join(" ".join(pages).split()))
    titles = [mark.get_title() for mark in reader.get_toc() if mark.level == 0]
    docs = toc_files(ROOT / "_toc.yml")
    assert len(titles) == len(docs)
    found = 0
    for title in titles:
        assert title in text, title
    for doc in docs:
        page = parsed(html_dir / f"{doc}.html")
        for anchor in page.select("span[id^=para-]"):
            heading = anchor.find_next_sibling(["h2", "h3", "h4"])
            words = " ".join(heading.get_text(" ").replace("#", "").split())
            assert words in text, (doc, words)
            found += 1
    assert found == 12, "every paragraph of the column has its heading in the PDF"
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "pdf.json").write_text(json.dumps(
        {"pages": len(pages), "bytes": path.stat().st_size}, indent=1))


def structure(node, kind=None):
    """Every element of a PDF structure tree below ``node`` (of one kind, if given)."""
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from structure(child, kind)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node and (kind is None or str(node.S) == kind):
            yield node
        if "/K" in node:
            yield from structure(node.K, kind)


def test_the_pdf_is_tagged_with_headings_tables_and_figures_with_their_text(html_dir, book):
    """A screen reader meets chapters, tables and figures, not one stream of text: the
    PDF is marked, in the book's language, with one H1 per chapter, every table in rows,
    and every figure's alternative text as on the page."""
    import pikepdf

    docs = toc_files(ROOT / "_toc.yml")
    pages = [parsed(html_dir / f"{doc}.html").select_one("article.bd-article")
             for doc in docs]
    with pikepdf.open(html_dir / PDF) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == book.language
        tree = pdf.Root.StructTreeRoot.K
        h1 = list(structure(tree, "/H1"))
        assert len(h1) == len(docs)
        alts = [str(e.get("/Alt", "")) for e in structure(tree, "/Figure")]
        tables = list(structure(tree, "/Table"))
        assert all(any(True for _ in structure(t.K, "/TR")) for t in tables)
        kinds = {str(e.S) for e in structure(tree)}
    expected = [svg["aria-label"] for page in pages
                for svg in page.select("svg.companion-figure")]
    assert sorted(a for a in alts if a) == sorted(expected)
    assert len(tables) >= sum(len(page.select("table")) for page in pages) - 1
    assert {"/H2", "/P", "/L", "/LI", "/Link", "/Caption", "/BlockQuote"} <= kinds
    # The outline: one entry per chapter at the top, with the chapter's own title.
    import pypdfium2

    marks = list(pypdfium2.PdfDocument(html_dir / PDF).get_toc())
    outline = [mark.get_title() for mark in marks]
    top = [mark.get_title() for mark in marks if mark.level == 0]
    titles = [" ".join(page.find("h1").get_text(" ").replace("#", "").split())
              for page in pages]
    assert top == titles
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "pdf-tags.json").write_text(json.dumps(
        {"H1": len(h1), "figures_with_alt": len(expected), "tables": len(tables),
         "outline_entries": len(outline), "chapters": titles}, indent=1))


def test_the_pdf_contents_give_the_page_each_chapter_starts_on(html_dir):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(html_dir / PDF)
    contents = " ".join(pdf[1].get_textpage().get_text_bounded().split())
    starts = [(mark.get_title(), mark.get_dest().get_index() + 1)
              for mark in pdf.get_toc() if mark.level == 0]
    assert contents.startswith("Contents")
    for title, page in starts:
        assert f"{title} {page}" in contents, (title, page)
    # The running head and the number sit in the page's top and bottom margins (20 mm).
    for title, page in starts[1:]:
        text = pdf[page].get_textpage()
        width, height = pdf[page].get_size()
        head = " ".join(text.get_text_bounded(0, height - 57, width, height).split())
        foot = text.get_text_bounded(0, 0, width, 57).strip()
        assert head.endswith(f"· {title}") and foot == str(page + 1), (title, head, foot)


def test_the_pdf_links_within_itself_and_to_the_public_web(html_dir):
    """Links between pages land on a destination inside the PDF; no link points at the
    local server the PDF was printed from."""
    import pikepdf

    with pikepdf.open(html_dir / PDF) as pdf:
        names = set()
        dests = pdf.Root.get("/Dests")
        if dests is not None:
            names = {str(k) for k in dests.keys()}
        internal, web, broken = 0, 0, []
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    uri = str(action.URI)
                    web += 1
                    if not re.match(r"^(https?://(?!127\.|localhost)|mailto:)", uri):
                        broken.append((number, uri))
                elif "/Dest" in annot:
                    internal += 1
                    dest = annot.Dest
                    if isinstance(dest, pikepdf.Name) and str(dest) not in names:
                        broken.append((number, str(dest)))
    assert internal > 1000 and web > 100
    assert broken == [], broken[:10]


def test_the_pdf_stores_every_page_compressed(html_dir):
    """Every page's content is stored compressed (a PDF rewritten by a tool that leaves
    streams plain is several times its size for the same pixels)."""
    from pypdf import PdfReader

    reader = PdfReader(html_dir / PDF)
    plain = []
    for number, page in enumerate(reader.pages, 1):
        contents = page["/Contents"].get_object()
        streams = contents if isinstance(contents, list) else [contents]
        if any("/Filter" not in stream.get_object() for stream in streams):
            plain.append(number)
    assert plain == [], f"pages stored uncompressed: {plain[:10]}"


def test_the_epub_names_the_book_its_authors_and_language(html_dir, book):
    path = html_dir / EPUB
    assert path.exists(), f"{path} is missing: run `make epub`"
    with zipfile.ZipFile(path) as epub:
        container = ElementTree.fromstring(epub.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = ElementTree.fromstring(epub.read(opf_path))
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert opf.find(f".//{dc}title").text == book.title
    assert [c.text for c in opf.findall(f".//{dc}creator")] == list(book.authors)
    assert opf.find(f".//{dc}language").text == book.language


def test_every_claim_and_table_has_a_citation_a_reference_manager_imports(html_dir, book):
    """Under each claim and in the list of tables: the citation and three files, which
    rispy, pybtex and citeproc-py read back with the book as container and the edition."""
    import rispy
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON
    from pybtex.database import parse_file

    import companion
    from bookbuild.citation import STYLES, _style

    ev = companion.load()
    stems = [("book/scorecard.html", f"claim-{c}") for c in ev.claims.claim_id]
    stems += [("book/data-and-methods.html", f"table-{t}") for t in companion.evidence.TABLES]
    pages = {rel: parsed(html_dir / rel) for rel, _ in stems}
    for rel, stem in stems:
        hrefs = {a["href"] for a in pages[rel].select(".companion-cite a.download")}
        files = {}
        for ext in ("bib", "ris", "json"):
            href = next((h for h in hrefs if h.endswith(f"cite/{stem}.{ext}")), None)
            assert href is not None, (rel, stem, ext)
            files[ext] = (html_dir / rel).parent / href
        record = rispy.load(files["ris"].open(encoding="utf-8"))[0]
        assert record["type_of_reference"] == "CHAP"
        assert record["secondary_title"] == book.title and record["edition"] == book.version
        entry = next(iter(parse_file(str(files["bib"])).entries.values()))
        assert entry.fields["booktitle"] == book.title and entry.fields["edition"] == book.version
        item = json.loads(files["json"].read_text(encoding="utf-8"))[0]
        assert item["container-title"] == book.title and item["version"] == book.version
        bib = CitationStylesBibliography(_style(STYLES["APA"]), CiteProcJSON([item]),
                                         formatter.plain)
        bib.register(Citation([CitationItem(item["id"])]))
        assert book.title in str(bib.bibliography()[0])
    claim = ev.claims.iloc[0]
    record = rispy.load((html_dir / "downloads" / "cite" / f"claim-{claim.claim_id}.ris")
                        .open(encoding="utf-8"))[0]
    assert record["title"] == f"¶{claim.para}: {claim.claim}"
    assert claim.verdict_2013.replace("_", " ") in record["notes"][0]

"""Sphinx extension for this book's build (listed in _config.yml under extra_extensions).

Live code (Thebe) is not offered: its loader is fetched from a CDN and Jupyter Book 1.x
writes its inline settings twice, which is a script error on every page. The book's pages
therefore drop the Thebe scripts and styles.

Launch buttons: Binder and Colab need the book's public repository. `repository.url` in
_config.yml is the one setting that drives them: when it is set, both buttons appear on
every notebook page; when it is empty, none are drawn (the theme would otherwise fail).
"""

import functools
import html
import importlib.metadata
import json
import logging
import posixpath
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from bookbuild.bibstyle import register
from bookbuild.cache import build_cache, cached, mark_outputs, outputs_current
from bookbuild.citation import (
    bibtex,
    bibtex_item,
    csl_item,
    item_citation,
    meta_html,
    meta_tags,
    page_url,
    read_cff,
    render,
    ris,
    where_in_book,
)
from bookbuild.opengraph import open_graph_tags, page_description, tags_html
from bookbuild.tables import label_tables
from companion.paths import TABLES

BINDER_URL = "https://mybinder.org"
COLAB_URL = "https://colab.research.google.com"


def launch_buttons_from_repository(app, config) -> None:
    options = config.html_theme_options
    if not options.get("repository_url"):
        return
    buttons = options.setdefault("launch_buttons", {})
    buttons.setdefault("notebook_interface", "jupyterlab")
    buttons["binderhub_url"] = buttons.get("binderhub_url") or BINDER_URL
    buttons["colab_url"] = buttons.get("colab_url") or COLAB_URL


def _mentions_thebe(asset) -> bool:
    text = str(getattr(asset, "filename", None) or asset)
    text += str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in text.lower()


def drop_thebe_assets(app, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _mentions_thebe(a)]


def inline_svg_figures(app, doctree, docname) -> None:
    """Put each SVG figure into the HTML page itself instead of an ``<img>``.

    Only an inline SVG shows the ``<title>`` hover text of its marks and lets a test
    measure its text as rendered. Ids are prefixed with the figure's own name, so two
    figures on one page never share an id; the root gets ``role="img"`` and the alt text.
    On the web site a figure glued with a narrow layout (``<name>-narrow``) carries it too,
    as a picture that only a phone's screen loads and shows (see :func:`narrow_picture`).
    """
    if app.builder.format != "html":
        return
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if not uri.endswith(".svg"):
            continue
        path = Path(app.srcdir) / uri
        figure = next((n for n in _ancestors(image) if n.get("ids")), None)
        prefix = (figure["ids"][0] if figure is not None else Path(uri).stem[:12]) + "--"
        source = path.read_text(encoding="utf-8")
        svg = inline_svg(source, prefix, image.get("alt", ""))
        name = figure["ids"][0].removeprefix("fig-") if figure is not None else None
        narrow = (glued_svgs(Path(app.env.doc2path(docname))).get(f"{name}-narrow")
                  if name and app.builder.name == "html" else None)
        if narrow is not None:
            target = f"{NARROW}/{name}.svg"
            (Path(app.outdir) / NARROW).mkdir(parents=True, exist_ok=True)
            (Path(app.outdir) / target).write_text(narrow, encoding="utf-8")
            svg = wide_only(svg) + narrow_picture(relative(docname, target), narrow,
                                                  image.get("alt", ""))
        image.replace_self(nodes.raw("", svg, format="html"))
        # The EPUB carries its figures inline; only the web site offers them as files.
        if (app.builder.name == "html" and figure is not None
                and figure["ids"][0].startswith("fig-")):
            write_figure_downloads(Path(app.outdir) / FIGURES, name, source,
                                   cache=build_cache(app.outdir, "figure-png"))
            caption = figure.next_node(nodes.caption)
            write_figure_citation(app, docname, figure["ids"][0],
                                  caption.astext() if caption is not None else name)
            figure += download_links(
                docname, [("SVG", f"{FIGURES}/{name}.svg"), ("PNG", f"{FIGURES}/{name}.png")]
                + [(f"cite as {label}", f"{CITE}/figure-{name}.{ext}")
                   for ext, label in CITE_FORMATS])


#: Below this window width (CSS px) a figure's narrow layout replaces it; companion.css
#: hides and shows the two with the same media query.
PHONE_MEDIA = "(max-width: 575.98px)"
#: A transparent 1×1 GIF: what a wide screen's picture resolves to, so it fetches nothing.
BLANK_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="


@functools.lru_cache(maxsize=64)
def _glued(path: Path, mtime: float) -> dict[str, str]:
    from companion.figures import GLUE_PREFIX

    glued = {}
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            svg = output.get("data", {}).get(GLUE_PREFIX + "image/svg+xml")
            if name and svg:
                glued[name] = "".join(svg) if isinstance(svg, list) else svg
    return glued


def glued_svgs(path: Path) -> dict[str, str]:
    """Every SVG a notebook glued, by glue name (nothing for a page that is not one)."""
    if path.suffix != ".ipynb" or not path.exists():
        return {}
    return _glued(path, path.stat().st_mtime)


def wide_only(box: str) -> str:
    """The inline figure's box, marked as the layout a phone does not show."""
    return box.replace('class="companion-figure-box"', 'class="companion-figure-box wide"', 1)


def narrow_picture(src: str, svg: str, alt: str) -> str:
    """The narrow layout as a ``<picture>``: its source applies only on a phone's screen,
    and anywhere else the picture resolves to :data:`BLANK_GIF`, so a wide screen downloads
    nothing. A phone shows no hover text, so an image loses nothing there."""
    size = size_px(re.search(r"<svg[^>]*>", svg).group(0))
    return (f'<picture class="companion-figure-narrow"><source media="{PHONE_MEDIA}" '
            f'srcset="{html.escape(src)}" type="image/svg+xml">'
            f'<img src="{BLANK_GIF}" alt="{html.escape(alt)}" '
            f'width="{size.get("width", 0):.0f}" height="{size.get("height", 0):.0f}">'
            "</picture>")


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


def write_figure_downloads(folder: Path, name: str, svg: str,
                           cache: Path | None = None) -> None:
    """``name``.svg as drawn, and ``name``.png rendered from it at twice its size; with a
    ``cache`` folder, a PNG rendered before from the same SVG is read back from there.

    resvg renders with the DejaVu fonts that ship with matplotlib and no system fonts, so
    the PNG is the same on every machine and needs no browser."""
    import matplotlib
    import resvg_py

    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.svg").write_text(svg, encoding="utf-8")
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    # resvg reads sizes in CSS pixels, not the points matplotlib writes (1 pt = 4/3 px).
    in_px = re.sub(r'(width|height)="([\d.]+)pt"',
                   lambda m: f'{m.group(1)}="{float(m.group(2)) * 4 / 3:.2f}"', svg, count=2)

    def render() -> bytes:
        return bytes(resvg_py.svg_to_bytes(svg_string=in_px, zoom=2, background="#ffffff",
                                           skip_system_fonts=True, font_dirs=[str(fonts)]))

    if cache is None:
        png = render()
    else:
        # Everything the picture depends on: the SVG, the renderer and the fonts it reads.
        fonts_used = sorted(f"{p.name}:{p.stat().st_size}" for p in fonts.glob("*.ttf"))
        png = cached(cache, [in_px, importlib.metadata.version("resvg-py"), "zoom=2",
                             "#ffffff", matplotlib.__version__, *fonts_used], render)
    (folder / f"{name}.png").write_bytes(png)


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


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def size_px(root: str) -> dict[str, float]:
    """Width and height of an SVG root tag that matplotlib sized in points, in CSS pixels
    (1 pt = 4/3 px)."""
    return {k: float(v) * 4 / 3 for k, v in re.findall(r'(width|height)="([\d.]+)pt"', root)}


def inline_svg(svg: str, prefix: str, alt: str) -> str:
    """An SVG document made fit to sit inside an HTML page (see inline_svg_figures)."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"',
                 svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    root = re.match(r"<svg[^>]*>", svg).group(0)
    size = size_px(root)
    new_root = re.sub(r'\s(width|height)="[\d.]+pt"', "", root)
    new_root = new_root.replace(
        "<svg", f'<svg class="companion-figure" role="img" aria-label="{html.escape(alt)}" '
        f'width="{size.get("width", 0):.0f}" height="{size.get("height", 0):.0f}"', 1)
    return ('<div class="companion-figure-box">' + svg.replace(root, new_root, 1) + "</div>")


def fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """Docutils marks each bibliography entry with the deprecated ARIA role
    ``doc-biblioentry`` inside a ``role="list"``; a list needs ``listitem`` children."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


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
    book = _book(srcdir)
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
    import json

    book = _book(app.srcdir)
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
    import bookbuild.citation

    return [Path(__file__).read_bytes(), Path(bookbuild.citation.__file__).read_bytes()]


def write_citation_downloads(app, exception) -> None:
    """The BibTeX, RIS and CSL-JSON file of every claim and every data table (kept from
    the last build when the claims, CITATION.cff, the address and this code are the same)."""
    import json

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
    book = _book(app.srcdir)
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
def _book(srcdir: str):
    return read_cff(Path(srcdir) / "CITATION.cff")


def _page_title(app, pagename: str) -> str | None:
    if pagename == app.config.root_doc:
        return _book(app.srcdir).title
    title = app.env.titles.get(pagename)
    return title.astext() if title is not None else None


def citation_meta_tags(app, pagename, templatename, context, doctree) -> None:
    """Highwire and Dublin Core tags in each page's head, for reference managers."""
    title = _page_title(app, pagename)
    if title is None or doctree is None:
        return
    tags = meta_tags(_book(app.srcdir), title, pagename, app.config.html_baseurl, pdf=True)
    context["metatags"] = context.get("metatags", "") + meta_html(tags)


def open_graph_meta_tags(app, pagename, templatename, context, doctree) -> None:
    """Open Graph tags and a description in each page's head (see bookbuild.opengraph)."""
    title = _page_title(app, pagename)
    if title is None or doctree is None:
        return
    description = page_description(doctree)
    url = page_url(app.config.html_baseurl, pagename)
    tags = open_graph_tags(title, _book(app.srcdir).title, "book", description, url)
    context["metatags"] = context.get("metatags", "") + tags_html(tags, description)


#: Pages that are not chapters get no "Cite this page" section.
NOT_CITED = ("book/bibliography", "book/how-to-cite", "genindex", "search")


def cite_this_page(app, doctree, docname) -> None:
    """End every chapter with its own citation: APA, Chicago and BibTeX, with its URL
    when the book has one (``html_baseurl``) and a placeholder for the date accessed."""
    if app.builder.format != "html" or docname in NOT_CITED or docname == app.config.root_doc:
        return
    title = _page_title(app, docname)
    if title is None:
        return
    book = _book(app.srcdir)
    url = page_url(app.config.html_baseurl, docname)
    item = csl_item(book, title, url)
    section = nodes.section(ids=["cite-this-page"], classes=["cite-this-page"])
    section += nodes.title(text="Cite this page")
    for style in ("APA", "Chicago"):
        section += nodes.raw("", f"<p><strong>{style}</strong><br/>"
                                 f"{render(item, style, as_html=True)}</p>", format="html")
    key = "companion-" + docname.rsplit("/", 1)[-1]
    text = bibtex(book, title, url, key=key)
    section += nodes.paragraph(text="BibTeX")
    section += nodes.literal_block(text, text, language="bibtex")
    # Inside the page's own top section, so it is a second-level heading like the others.
    top = doctree.next_node(nodes.section)
    (top if top is not None else doctree).append(section)


class BookCitation(Directive):
    """``{companion-citation}``: the companion's own citation in APA, Chicago and BibTeX,
    rendered from CITATION.cff at build time."""

    has_content = False
    option_spec = {"style": directives.unchanged}

    def run(self):
        env = self.state.document.settings.env
        book = _book(env.srcdir)
        item = csl_item(book, url=book.url)
        style = self.options.get("style", "APA")
        if style == "BibTeX":
            text = bibtex(book, url=book.url)
            return [nodes.literal_block(text, text, language="bibtex")]
        if style not in ("APA", "Chicago"):
            raise self.error(f"style must be APA, Chicago or BibTeX, not {style!r}")
        return [nodes.block_quote("", nodes.raw("", render(item, style, as_html=True),
                                                 format="html"))]


def table_cards(app, pagename, templatename, context, doctree) -> None:
    """Label every table cell with its header, for the one-card-per-row phone layout."""
    if "body" in context:
        context["body"] = label_tables(context["body"])


def claim_anchor_links(app, pagename, templatename, context, doctree) -> None:
    """A '#' link after each claim's heading line, shown on hover like a heading's."""
    if "body" not in context:
        return
    context["body"] = re.sub(
        r'(<p id="(claim-[a-z0-9-]+)"><strong>.*?)(</strong>)',
        lambda m: (f'{m.group(1)}{m.group(3)}<a class="headerlink" href="#{m.group(2)}" '
                   f'title="Link to this claim">#</a>'),
        context["body"])


#: The configuration myst and myst-nb log on every build: two screens that bury warnings.
CONFIG_DUMP = re.compile(r"^(\x1b\[[0-9;]*m)?myst(-nb)? v[0-9.]+:.*(Md|Nb)ParserConfig\(", re.S)


class QuietConfigDumps(logging.Filter):
    """Keeps progress lines and warnings in the build log, drops the configuration dumps."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not CONFIG_DUMP.match(record.getMessage())


def quiet_config_dumps() -> None:
    for handler in logging.getLogger("sphinx").handlers:
        if not any(isinstance(f, QuietConfigDumps) for f in handler.filters):
            handler.addFilter(QuietConfigDumps())


def setup(app):
    # Sphinx's own startup is most of a rebuild in which little changed: this module
    # imports matplotlib, the figures and the data loader only where a figure or a table
    # needs them, and the two helpers below keep what a rebuild would redo for nothing.
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("bookbuild.bibcache")
    app.setup_extension("bookbuild.numbering")
    register()
    quiet_config_dumps()
    app.add_role("companion-data", data_role)
    app.add_role("companion-cite", cite_role)
    app.add_directive("companion-citation", BookCitation)
    app.connect("doctree-resolved", cite_this_page)
    app.connect("html-page-context", citation_meta_tags)
    app.connect("html-page-context", claim_anchor_links)
    app.connect("html-page-context", table_cards)
    app.connect("html-page-context", open_graph_meta_tags)
    app.connect("build-finished", write_data_downloads)
    app.connect("build-finished", write_citation_downloads)
    app.connect("doctree-resolved", inline_svg_figures)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("config-inited", launch_buttons_from_repository)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

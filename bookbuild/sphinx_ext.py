"""Sphinx extension for this book's build (listed in _config.yml under extra_extensions).

Live code (Thebe) is not offered: its loader is fetched from a CDN and Jupyter Book 1.x
writes its inline settings twice, which is a script error on every page. The book's pages
therefore drop the Thebe scripts and styles.

Launch buttons: Binder and Colab need the book's public repository. `repository.url` in
_config.yml is the one setting that drives them: when it is set, both buttons appear on
every notebook page; when it is empty, none are drawn (the theme would otherwise fail).

The figures on the page are :mod:`bookbuild.figures`; the downloads and the roles that
link them, :mod:`bookbuild.downloads`; what a rebuild keeps, :mod:`bookbuild.cache`,
:mod:`bookbuild.bibcache` and :mod:`bookbuild.numbering`.
"""

import logging
import re

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from bookbuild.bibstyle import register
from bookbuild.citation import (
    bibtex,
    csl_item,
    meta_html,
    meta_tags,
    page_url,
    render,
)
from bookbuild.downloads import (
    book_record,
    cite_role,
    data_role,
    write_citation_downloads,
    write_data_downloads,
)
from bookbuild.figures import inline_svg_figures
from bookbuild.opengraph import open_graph_tags, page_description, tags_html
from bookbuild.tables import label_tables

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


def fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """Docutils marks each bibliography entry with the deprecated ARIA role
    ``doc-biblioentry`` inside a ``role="list"``; a list needs ``listitem`` children."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def _page_title(app, pagename: str) -> str | None:
    if pagename == app.config.root_doc:
        return book_record(app.srcdir).title
    title = app.env.titles.get(pagename)
    return title.astext() if title is not None else None


def citation_meta_tags(app, pagename, templatename, context, doctree) -> None:
    """Highwire and Dublin Core tags in each page's head, for reference managers."""
    title = _page_title(app, pagename)
    if title is None or doctree is None:
        return
    tags = meta_tags(book_record(app.srcdir), title, pagename, app.config.html_baseurl, pdf=True)
    context["metatags"] = context.get("metatags", "") + meta_html(tags)


def open_graph_meta_tags(app, pagename, templatename, context, doctree) -> None:
    """Open Graph tags and a description in each page's head (see bookbuild.opengraph)."""
    title = _page_title(app, pagename)
    if title is None or doctree is None:
        return
    description = page_description(doctree)
    url = page_url(app.config.html_baseurl, pagename)
    tags = open_graph_tags(title, book_record(app.srcdir).title, "book", description, url)
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
    book = book_record(app.srcdir)
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
        book = book_record(env.srcdir)
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
    # Sphinx's own startup is most of a rebuild in which little changed: the extension's
    # modules import matplotlib, the figures and the data loader only where a figure or a
    # table needs them, and the two helpers below keep what a rebuild would redo for nothing.
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

"""Sphinx extension for this book's build (listed in _config.yml under extra_extensions).

Live code (Thebe) is not offered: its loader is fetched from a CDN and Jupyter Book 1.x
writes its inline settings twice, which is a script error on every page. The book's pages
therefore drop the Thebe scripts and styles.

Launch buttons: Binder and Colab need the book's public repository. `repository.url` in
_config.yml is the one setting that drives them: when it is set, both buttons appear on
every notebook page; when it is empty, none are drawn (the theme would otherwise fail).
"""

import html
import re
from pathlib import Path

from docutils import nodes

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
        svg = inline_svg(path.read_text(encoding="utf-8"), prefix, image.get("alt", ""))
        image.replace_self(nodes.raw("", svg, format="html"))


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def inline_svg(svg: str, prefix: str, alt: str) -> str:
    """An SVG document made fit to sit inside an HTML page (see inline_svg_figures)."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"',
                 svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    root = re.match(r"<svg[^>]*>", svg).group(0)
    size = {k: float(v) * 4 / 3 for k, v in re.findall(r'(width|height)="([\d.]+)pt"', root)}
    new_root = re.sub(r'\s(width|height)="[\d.]+pt"', "", root)
    new_root = new_root.replace(
        "<svg", f'<svg class="companion-figure" role="img" aria-label="{html.escape(alt)}" '
        f'width="{size.get("width", 0):.0f}" height="{size.get("height", 0):.0f}"', 1)
    return ('<div class="companion-figure-scroll" tabindex="0" role="region" '
            'aria-label="Figure (scrolls sideways on a narrow screen)">'
            + svg.replace(root, new_root, 1) + "</div>")


def fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """Docutils marks each bibliography entry with the deprecated ARIA role
    ``doc-biblioentry`` inside a ``role="list"``; a list needs ``listitem`` children."""
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    from companion.bibstyle import register

    register()
    app.connect("doctree-resolved", inline_svg_figures)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("config-inited", launch_buttons_from_repository)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Figures on the page: each SVG written into the HTML itself (hover text, measurable
text), its phone layout as a picture only a phone loads, and its SVG, PNG and citation
offered as downloads."""

import functools
import html
import importlib.metadata
import json
import re
from pathlib import Path

from docutils import nodes

from bookbuild.cache import build_cache, cached
from bookbuild.downloads import (
    CITE,
    CITE_FORMATS,
    FIGURES,
    NARROW,
    download_links,
    relative,
    write_figure_citation,
)


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

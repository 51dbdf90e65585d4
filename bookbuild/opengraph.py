"""Open Graph tags and a meta description in each page's head, for link previews.

The book needs five tags: title, type, site name, a description and, once the book has a
public address (``html_baseurl``), the page's URL. sphinxext-opengraph wrote them before,
but importing it loads matplotlib's pyplot for social cards the book does not draw: about
a second of every build, a fifth of a rebuild after nothing changed.
"""

from __future__ import annotations

import html

from docutils import nodes

#: Link previews cut a description near this many characters.
DESCRIPTION_LIMIT = 200


def page_description(doctree: nodes.Node, limit: int = DESCRIPTION_LIMIT) -> str:
    """The page's first paragraphs as plain text, cut at a word before ``limit``
    characters with an ellipsis ('' for a page without a paragraph)."""
    words: list[str] = []
    length = 0
    for paragraph in doctree.findall(nodes.paragraph):
        for word in paragraph.astext().split():
            # ``length`` counts a space after each word kept; the ellipsis takes one more.
            if length + len(word) + 1 > limit:
                return " ".join(words) + "…"
            words.append(word)
            length += len(word) + 1
    return " ".join(words)


def open_graph_tags(title: str, site_name: str, og_type: str, description: str,
                    url: str = "") -> list[tuple[str, str]]:
    """(property, content) of one page's Open Graph tags; og:url only with a URL, since a
    relative address is not one."""
    tags = [("og:title", title), ("og:type", og_type), ("og:site_name", site_name)]
    if url:
        tags.append(("og:url", url))
    if description:
        tags.append(("og:description", description))
    return tags


def tags_html(tags: list[tuple[str, str]], description: str) -> str:
    """The tags as ``<meta property>`` elements, and the description as ``<meta name>``."""
    out = "".join(f'<meta property="{html.escape(p)}" content="{html.escape(c)}" />\n'
                  for p, c in tags)
    if description:
        out += f'<meta name="description" content="{html.escape(description)}" />\n'
    return out

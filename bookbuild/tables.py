"""Tables a phone can read: each body cell is given its column's header as a label.

On a narrow screen the stylesheet (book/_static/companion.css) lays a table out as one card
per row, each cell under its header's words, which it reads from the cell's ``data-label``
attribute; no script is needed. This module writes those attributes into a page's HTML
as Sphinx hands it over, and marks the tables it labelled with the class
``companion-cards``. A table without a header row, or whose header cells span rows or
columns, is left as it is: a label could be wrong there. Identifiers in cells may also wrap at their
underscores (:func:`soft_breaks`).
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_HEADER_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
_CELL_OPEN = re.compile(r"<t([dh])\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    """The words of an HTML fragment, entities decoded and spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def headers(table: str) -> list[str] | None:
    """The label of each column, from the table's header rows; None where there are none
    or a header cell spans. A pandas table has two header rows, the column names and
    then the index name under an empty corner: the first column takes the index name, the
    others their column names."""
    head = _HEAD.search(table)
    if not head:
        return None
    rows = [_HEADER_CELL.findall(row) for row in _ROW.findall(head.group(1))]
    if not rows or not rows[0] or len({len(cells) for cells in rows}) != 1:
        return None
    if any("colspan" in attrs or "rowspan" in attrs for cells in rows for attrs, _ in cells):
        return None
    labels = []
    for column, cells in enumerate(zip(*rows, strict=True)):
        words = [_text(body) for _, body in cells if _text(body)]
        labels.append("" if not words else words[-1] if column == 0 else words[0])
    return labels


def label_table(table: str) -> str:
    """One table with a ``data-label`` on every body cell and the class
    ``companion-cards``; unchanged when :func:`headers` finds no single header row or a
    body row has a different number of cells."""
    names = headers(table)
    body = _BODY.search(table)
    if names is None or body is None:
        return table

    rows = _ROW.findall(body.group(1))
    if any(len(_CELL_OPEN.findall(row)) != len(names) for row in rows):
        return table

    def label_row(match: re.Match) -> str:
        cells = iter(names)
        return _CELL_OPEN.sub(
            lambda cell: (f'<t{cell.group(1)} data-label="{html.escape(next(cells))}"'
                          f'{cell.group(2)}>'), match.group(0))

    labelled = body.group(0)[:7] + _ROW.sub(label_row, body.group(1)) + "</tbody>"
    table = table[:body.start()] + labelled + table[body.end():]
    return re.sub(r'<table\b([^>]*?)class="([^"]*)"', r'<table\1class="\2 companion-cards"',
                  table, count=1) if 'class="' in table.split(">", 1)[0] else table.replace(
        "<table", '<table class="companion-cards"', 1)


_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", re.S)
_TAG_OR_TEXT = re.compile(r"(<[^>]+>)|([^<]+)")


def soft_breaks(table: str) -> str:
    """A line-break opportunity (``<wbr>``) after each underscore in the text of the
    table's cells, so that an identifier such as ``separate_linked_systems`` can wrap
    between its words instead of widening the table; tags and attributes are untouched."""
    def text_only(cell: re.Match) -> str:
        inner = _TAG_OR_TEXT.sub(lambda m: m.group(1) or re.sub(r"_(?=\w)", "_<wbr>",
                                                                  m.group(2)), cell.group(2))
        return cell.group(1) + inner + cell.group(3)

    return _CELL.sub(text_only, table)


def label_tables(body: str) -> str:
    """Every table of a page's body, labelled by :func:`label_table`, with
    :func:`soft_breaks` in its cells."""
    return _TABLE.sub(lambda m: soft_breaks(label_table(m.group(0))), body)

"""Tables and text from the data, rendered as MyST Markdown in notebook outputs.

The book renders Markdown outputs as MyST (``nb_render_markdown_format: myst``), so a
table can carry ``{cite:p}`` references that resolve against references.bib. Text from the
data is escaped first: every ASCII punctuation mark gets a backslash (CommonMark's own
escape), so a ``<script>``, a ``$`` or a ``{role}`` in the data shows as typed and never
becomes HTML, maths or markup.
"""

from __future__ import annotations

import functools
import re
import string

import pandas as pd
from IPython.display import Markdown

from companion.evidence import TABLES, load

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def escape(text) -> str:
    """``text`` as literal Markdown: punctuation backslash-escaped, line breaks as spaces."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def cite(keys) -> str:
    """A parenthetical citation of BibTeX keys (already checked by the loader)."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    return "{cite:p}`" + ",".join(keys) + "`" if keys else ""


def from_data(name: str):
    """Mark the tables a function returns as drawn from ``data/<name>.csv``, so
    :func:`table` ends them with a source line that links the file's download."""
    def mark(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            frame = function(*args, **kwargs)
            frame.attrs["source"] = name
            return frame
        return wrapper
    return mark


def table(frame: pd.DataFrame, cite_columns=("Sources",), markup_columns=()) -> Markdown:
    """A pipe table of ``frame``: cells escaped, except ``cite_columns`` (lists of BibTeX
    keys, rendered as citations) and ``markup_columns`` (Markdown built by this library).
    A table marked with :func:`from_data` ends with 'Source: data/<name>.csv', linked."""
    source = frame.attrs.get("source")
    frame = frame.reset_index() if frame.index.name else frame
    header = "| " + " | ".join(escape(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            if column in cite_columns:
                cells.append(cite(value))
            elif column in markup_columns:
                cells.append(str(value))
            else:
                cells.append(escape(value))
        rows.append("| " + " | ".join(cells) + " |")
    text = "\n".join([header, rule, *rows])
    if source:
        text += f"\n\nSource: {{companion-data}}`{source}`"
    return Markdown(text)


def quotes(para: int, evidence=None) -> Markdown:
    """The recorded quotes of one paragraph as block quotes, each attributed to ¶N.

    The quote text comes from data/quotes.csv, which the tests check word for word
    against the column, so a chapter cannot misquote it."""
    ev = evidence or load()
    chosen = ev.quotes[ev.quotes.para == para]
    if chosen.empty:
        raise ValueError(f"no quotes recorded for ¶{para} in data/quotes.csv")
    return Markdown("\n\n".join(f"> \u201c{escape(q.text)}\u201d (¶{para})"
                                for q in chosen.itertuples()))


def table_citations() -> Markdown:
    """A list of the data package's tables, each with its citation and its BibTeX, RIS
    and CSL-JSON files (written by the book's build)."""
    return Markdown("\n".join(f"- `{name}.csv`: {{companion-cite}}`table:{name}`"
                              for name in TABLES))

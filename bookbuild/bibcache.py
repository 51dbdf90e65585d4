"""The bibliography's entries, formatted again only when what they are made of changes.

sphinxcontrib-bibtex formats every entry of every bibliography on each build, whether or
not a page changed: for this book's 254 entries, about two and a half seconds of a
five-second rebuild. What comes out depends only on the bibliography files, the
directive's options, the formatting style's code and which pages cite which keys in which
order. :class:`CachedBibtexDomain` keeps the last result in the build environment, beside
the domain's own data, under a key made of exactly those inputs, and formats again only
when the key changes. A warning the formatting gave (a missing field) is given again
whenever the entries are formatted again, like any warning about an unchanged page.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
from pathlib import Path

import pybtex.plugin
from sphinxcontrib.bibtex.domain import BibtexDomain

#: Where the environment keeps the formatted entries, by bibliography directive.
FORMATTED = "companion_formatted_entries"


def file_digest(path: Path) -> str:
    """The content digest of one file, or "missing" (the domain itself reports that)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def style_digest(style_name: str) -> str:
    """The digest of the source of the module that defines the formatting style: editing
    the style's code formats the entries again."""
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", style_name)
    source = inspect.getsourcefile(style)
    return file_digest(Path(source)) if source else style.__module__


def formatting_key(domain: BibtexDomain, bibliography_key, docnames: list[str],
                   tooltips: bool, tooltips_style: str) -> tuple:
    """Everything :meth:`BibtexDomain.get_formatted_entries` reads, as one comparable
    value (the filter as its syntax tree's dump)."""
    bibliography = domain.bibliographies[bibliography_key]
    order = {name: i for i, name in enumerate(docnames)}
    cited = tuple((ref.docname, tuple(target.key for target in ref.targets))
                  for ref in sorted(domain.citation_refs,
                                    key=lambda ref: order.get(ref.docname, -1)))
    return (
        tuple((str(path), file_digest(path)) for path in bibliography.bibfiles),
        bibliography.style, style_digest(bibliography.style),
        tooltips, tooltips_style, style_digest(tooltips_style) if tooltips_style else "",
        bibliography.labelprefix, bibliography.keyprefix, bibliography.list_,
        ast.dump(bibliography.filter_), tuple(bibliography.keys),
        tuple(docnames), cited,
    )


class CachedBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's domain, with its formatted entries kept between builds."""

    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        key = formatting_key(self, bibliography_key, docnames, tooltips, tooltips_style)
        kept = self.data.setdefault(FORMATTED, {})
        if bibliography_key not in kept or kept[bibliography_key][0] != key:
            entries = list(super().get_formatted_entries(bibliography_key, docnames,
                                                         tooltips, tooltips_style))
            kept[bibliography_key] = (key, entries)
        return iter(kept[bibliography_key][1])


def setup(app):
    app.add_domain(CachedBibtexDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

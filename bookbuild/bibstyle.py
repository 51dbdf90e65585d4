"""Author-year labels for the bibliography and the in-text citations.

The bibliography lists entries by author and year with labels such as "NATO 2011a" and
"NATO 2011b" where an author has several items in a year; in-text citations use the same
labels in round brackets, so one bracket never repeats an identical label. Registered as
pybtex plugins by :mod:`bookbuild.sphinx_ext`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle

from companion.bib import BibliographyStyle

STYLE_NAME = "companion"


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class ReferenceStyle(LabelReferenceStyle):
    """In-text citations by the bibliography's author-year label, in round brackets."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)


def register() -> None:
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from pybtex.backends.plaintext import Backend as PlainText
    from pybtex.database.output.bibtex import Writer as BibTeXWriter

    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, BibliographyStyle)
    # sphinxcontrib-bibtex looks up the plain-text backend once per citation (about 800
    # times a build) and the BibTeX writer once per entry; pybtex answers each lookup of an
    # installed plugin by scanning every package's entry points, about 10 ms each. The same
    # classes registered at run time are found in a dict: a build takes 8 s less.
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", PlainText, force=True)
    pybtex.plugin.register_plugin("pybtex.database.output", "bibtex", BibTeXWriter, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing",
                                                STYLE_NAME, ReferenceStyle)

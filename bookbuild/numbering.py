"""Figure numbers, assigned again only when a page's numbered outline changed.

After reading, Sphinx's table-of-contents collector numbers sections (from the tables of
contents it keeps, quickly) and then figures and tables, loading every page's doctree to
walk all of its nodes: about a second for this book, even when no page was read or when
the one page read changed a sentence. Figure numbers depend only on the section numbers
and, on each page, on the order of its numbered elements and tables of contents (its
*numbered outline*). So the walk is skipped when no page was read or removed, and when
the pages read kept their outlines and every section number in the book stayed the same;
the numbers the pages read had before are then put back (reading a page clears them).
"""

from __future__ import annotations

import pickle
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors.toctree import TocTreeCollector


def numbered_outline(env, doctree: nodes.Node) -> tuple:
    """What the figure numbering reads of one page beyond the section numbers, in
    document order: each table of contents' entries and each element the numbering
    counts (its kind and first id; uncaptioned figures are not counted, as Sphinx does
    not number them)."""
    std = env.domains["std"]
    outline: list = []

    def kind(node) -> str | None:
        for domain in env.domains.values():
            figtype = domain.get_enumerable_node_type(node)
            if domain.name == "std" and not std.get_numfig_title(node):
                continue
            if figtype:
                return figtype
        return None

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, addnodes.toctree):
                outline.append(("toctree", tuple(name for _, name in child["entries"])))
            elif isinstance(child, nodes.Element):
                figtype = kind(child)
                if figtype and child["ids"]:
                    outline.append((figtype, child["ids"][0]))
                walk(child)

    walk(doctree)
    return tuple(outline)


def stored_doctree(env, docname: str) -> nodes.document:
    """The page's doctree as last written to disk. Read here rather than through
    ``env.get_doctree``, which keeps what it reads for the rest of the build: asked before
    the page is read again, it would go on serving the old doctree after."""
    return pickle.loads(Path(env.doctreedir, f"{docname}.doctree").read_bytes())


class NumberWhenPagesChange:
    """Stands in for a toctree collector's ``env-get-updated`` listener."""

    def __init__(self, collector: TocTreeCollector):
        self.collector = collector
        #: For each page read or removed since the last numbering: its outline and figure
        #: numbers before (None where it had no doctree yet).
        self.before: dict[str, tuple | None] = {}
        #: The book's section numbers before the first page was purged.
        self.sections_before: dict | None = None

    def page_read_or_removed(self, app, env, docname: str) -> None:
        if self.sections_before is None:
            self.sections_before = dict(env.toc_secnumbers)
        try:
            outline = numbered_outline(env, stored_doctree(env, docname))
        except (OSError, EOFError, pickle.UnpicklingError):
            self.before[docname] = None
            return
        self.before[docname] = (outline, env.toc_fignumbers.get(docname))

    def __call__(self, app, env):
        if not self.before:
            return []
        before, self.before = self.before, {}
        sections_before, self.sections_before = self.sections_before, None
        sections = self.collector.assign_section_numbers(env)
        if env.toc_secnumbers != sections_before or not outlines_kept(env, before):
            return sections + self.collector.assign_figure_numbers(env)
        for docname, (_, figures) in before.items():
            if figures is not None:
                env.toc_fignumbers[docname] = figures
        return sections


def outlines_kept(env, before: dict) -> bool:
    """Whether every page read kept its numbered outline (a new page had none). A page
    removed leaves its parent's table of contents changed, or its section numbers gone."""
    return all(was is not None
               and numbered_outline(env, stored_doctree(env, docname)) == was[0]
               for docname, was in before.items())


def wrap_numbering(app) -> list[NumberWhenPagesChange]:
    """Replace each toctree collector's ``env-get-updated`` listener (sphinx-external-toc
    installs its own collector in place of Sphinx's) with a :class:`NumberWhenPagesChange`
    told of every page read or removed."""
    listeners = app.events.listeners["env-get-updated"]
    wrapped = []
    for i, listener in enumerate(listeners):
        owner = getattr(listener.handler, "__self__", None)
        if isinstance(owner, TocTreeCollector):
            wrapper = NumberWhenPagesChange(owner)
            listeners[i] = listener._replace(handler=wrapper)
            # Sphinx purges every page it is about to read, and every removed page; this
            # runs before the collector's own purge clears the page's numbers.
            app.connect("env-purge-doc", wrapper.page_read_or_removed, priority=100)
            wrapped.append(wrapper)
    return wrapped


def setup(app):
    # At builder-inited every extension has added its collectors.
    app.connect("builder-inited", wrap_numbering)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

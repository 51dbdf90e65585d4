"""Section and figure numbers, assigned again only when a page was read or removed.

After reading, Sphinx's table-of-contents collector walks every node of every page to
number sections and figures (about 0.75 s for this book), even when no page was read, as
in a rebuild after nothing changed. Numbers depend only on
the pages and the table of contents, and a change to the table of contents makes
sphinx-external-toc read the pages it names again, so when no page was read or removed
the numbers kept in the environment are still right and the walk is skipped.
"""

from __future__ import annotations

from sphinx.environment.collectors.toctree import TocTreeCollector


class NumberWhenPagesChange:
    """Stands in for a toctree collector's ``env-get-updated`` listener."""

    def __init__(self, handler):
        self.handler = handler
        self.pages_changed = False

    def page_read_or_removed(self, *args) -> None:
        self.pages_changed = True

    def __call__(self, app, env):
        if not self.pages_changed:
            return []
        self.pages_changed = False
        return self.handler(app, env)


def wrap_numbering(app) -> list[NumberWhenPagesChange]:
    """Replace each toctree collector's ``env-get-updated`` listener (sphinx-external-toc
    installs its own collector in place of Sphinx's) with a :class:`NumberWhenPagesChange`
    told of every page read or removed."""
    listeners = app.events.listeners["env-get-updated"]
    wrapped = []
    for i, listener in enumerate(listeners):
        owner = getattr(listener.handler, "__self__", None)
        if isinstance(owner, TocTreeCollector):
            wrapper = NumberWhenPagesChange(listener.handler)
            listeners[i] = listener._replace(handler=wrapper)
            # Sphinx purges every page it is about to read, and every removed page.
            app.connect("env-purge-doc", wrapper.page_read_or_removed)
            wrapped.append(wrapper)
    return wrapped


def setup(app):
    # At builder-inited every extension has added its collectors.
    app.connect("builder-inited", wrap_numbering)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The companion library: load and validate the evidence, compute checks, draw figures.

Notebooks in ``book/`` import from here, so every chapter is a few one-line calls
and everything worth testing has a unit test in ``tests/unit``.

``ROOT`` (the folder holding ``data/``), ``DATA_DIR`` and ``BIB_FILE`` are found when
first used, as :mod:`companion.paths` describes, so importing the library never fails
for want of data and the lookup sees the working directory and environment of the day.
``load`` and ``load_table`` are imported when first used too: the loader brings pandas
and frictionless, which a module that needs only a path or a label should not pay for
(the book's build imports :mod:`companion.paths` and :mod:`companion.bib` alone).
"""

from companion.paths import DataError, DataNotFoundError, find_bib_file, find_data_dir

__all__ = ["ROOT", "DATA_DIR", "BIB_FILE", "DataError", "DataNotFoundError", "load",
           "load_table"]


def __getattr__(name: str):
    """``ROOT``, ``DATA_DIR`` and ``BIB_FILE``, resolved on each use; ``load`` and
    ``load_table`` from :mod:`companion.evidence`."""
    if name in ("load", "load_table"):
        from companion import evidence

        return getattr(evidence, name)
    if name == "DATA_DIR":
        return find_data_dir()
    if name == "ROOT":
        return find_data_dir().parent
    if name == "BIB_FILE":
        return find_bib_file(find_data_dir())
    raise AttributeError(f"module 'companion' has no attribute {name!r}")

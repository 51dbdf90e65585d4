"""The evidence loader: ``data/`` as typed pandas DataFrames, refusing bad input.

Validation runs in layers, each stopping at the first problem with one :class:`DataError`
that names the file and, where there is one, the row, the line, the column and the value:

1. the descriptor: ``datapackage.json`` is readable JSON of the expected shape, and every
   resource it lists is a file inside ``data/``;
2. bytes and CSV structure: each file is readable UTF-8 (the byte-order mark Excel writes
   for "CSV UTF-8" is accepted), comma-separated, with the schema's header, no blank line,
   no stray quote and as many cells in every row as in the header;
3. cells: required text is not blank, no control characters, numbers are written with
   the ASCII digits 0-9 and fit their type, lists have no empty items;
4. the Frictionless Table Schema in ``datapackage.json`` (types, enums, ranges, patterns,
   primary and foreign keys), checked by the ``frictionless`` library on exactly the rows
   read in layer 2;
5. rules a Table Schema cannot state: BibTeX keys exist in a well-formed
   ``references.bib``, multi-valued ids exist, a date's form matches its precision and
   names a real day between 1900 and 2100, ``end_date`` is not before ``date``, a claim's
   ``check`` names a computed check, the sections cover ¶1-¶12 in order, ``column.section``
   agrees with them, each section's notebook exists, and no actor holds two positions on
   one proposal from the same day;
6. for the book's own data (found when no folder is passed), the rows the book needs
   (:data:`MINIMUM_ROWS`) and a claim for every paragraph.

Nothing is dropped: every row of every CSV reaches the DataFrame or the load fails, and
the rows are exactly those Python's ``csv`` module reads from the file.

One module per layer: :mod:`~companion.evidence.descriptor` (1),
:mod:`~companion.evidence.files` and :mod:`~companion.evidence.csvfile` (2, with the record
scanner in :mod:`~companion.evidence.csvscan`), :mod:`~companion.evidence.cells` (3),
:mod:`~companion.evidence.schema` (4), :mod:`~companion.evidence.bibtex` and
:mod:`~companion.evidence.rules` (5, the bibliography as read once by
:mod:`~companion.evidence.bibfile`, a reading :mod:`companion.bib` shares),
:mod:`~companion.evidence.minimums` (6);
:mod:`~companion.evidence.validate` runs layers 1-5, :mod:`~companion.evidence.cache` keeps
their result, :mod:`~companion.evidence.loader` hands it out, and
:mod:`~companion.evidence.errors` holds :class:`DataError` and the words messages share.
The public surface is imported from this package; the library's own modules and the
tests take a layer's helpers from that layer's module.
"""

import importlib

#: The public surface, by the layer that defines each name. A name is imported from its
#: layer when first used: the bibliography code reads ``references.bib`` through
#: :mod:`~companion.evidence.bibfile` and should not pay for pandas and frictionless,
#: which the tables' layers import.
PUBLIC = {"CACHE_VARIABLE": "cache", "TABLES": "descriptor", "read_descriptor": "descriptor",
          "DataError": "errors", "DataNotFoundError": "errors", "Evidence": "loader",
          "default_data_dir": "loader", "load": "loader", "load_table": "loader",
          "MINIMUM_ROWS": "minimums", "NARROWED": "rules", "add_date_bounds": "rules"}

__all__ = sorted(PUBLIC)


def __getattr__(name: str):
    if name not in PUBLIC:
        raise AttributeError(f"module 'companion.evidence' has no attribute {name!r}")
    return getattr(importlib.import_module(f"companion.evidence.{PUBLIC[name]}"), name)

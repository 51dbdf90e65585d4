"""How the loader reports a problem: :class:`DataError` and the words its messages share.

``DataError`` itself lives in :mod:`companion.paths`, which imports nothing else from
``companion``, so the path lookup can raise it too; it is re-exported here so that every
layer of the loader takes it from one place.
"""

from __future__ import annotations

from pathlib import Path

from companion.paths import DataError, DataNotFoundError

__all__ = ["DataError", "DataNotFoundError", "SAVE_AS_UTF8", "RESTORE", "restore_hint", "_rel"]

SAVE_AS_UTF8 = ('Save it as "CSV UTF-8" (in Excel: File > Save As > CSV UTF-8), or re-save '
                "it as UTF-8 in a text editor.")
RESTORE = "restore it from the book's repository (git restore {label})."


def _rel(data_dir: Path, path: str) -> str:
    """'data/events.csv': a file as messages name it."""
    return f"{data_dir.name}/{path}"


def restore_hint(label: str, lead: str = "") -> str:
    """'Restore it from the book's repository (git restore data/x.csv).', after ``lead``."""
    rest = RESTORE.format(label=label)
    if lead.rstrip().endswith((".", "!", "?")):
        rest = rest[0].upper() + rest[1:]  # a new sentence after a full stop
    text = lead + rest
    return text[0].upper() + text[1:]

"""The entry points: :func:`load`, :func:`load_table` and the :class:`Evidence` they hand out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from companion.evidence.cache import _load_cached, _signature
from companion.evidence.descriptor import TABLES
from companion.evidence.minimums import check_minimums, check_notebooks
from companion.paths import find_bib_file, find_data_dir


@dataclass(frozen=True)
class Evidence:
    """Every table of the data package, validated and typed."""

    sections: pd.DataFrame
    column: pd.DataFrame
    quotes: pd.DataFrame
    actors: pd.DataFrame
    proposals: pd.DataFrame
    positions: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    phases: pd.DataFrame
    sites: pd.DataFrame
    #: Terms of office and poll results; empty for evidence built by hand without them.
    offices: pd.DataFrame = field(default_factory=pd.DataFrame)
    polls: pd.DataFrame = field(default_factory=pd.DataFrame)
    readings: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The physics chapter's inputs; empty for evidence built by hand without them.
    interceptors: pd.DataFrame = field(default_factory=pd.DataFrame)
    endpoints: pd.DataFrame = field(default_factory=pd.DataFrame)
    deployments: pd.DataFrame = field(default_factory=pd.DataFrame)
    threat_missiles: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def section_paras(self, section: str) -> range:
        """The paragraphs (¶) a section of the column covers, for example range(5, 7)."""
        row = self.sections.set_index("section").loc[section]
        return range(int(row.first_para), int(row.last_para) + 1)


def default_data_dir() -> Path:
    """The data folder the lookup in :mod:`companion.paths` finds."""
    return find_data_dir()


def load(data_dir: str | Path | None = None, bib_file: str | Path | None = None) -> Evidence:
    """Validate and load every table.

    Without ``data_dir`` the folder is found as :mod:`companion.paths` describes, and it
    must also hold the rows the book needs (:data:`MINIMUM_ROWS`) and sit in the book
    whose chapters ``sections.csv`` names; a folder passed explicitly, such as a student's
    edited copy or a reduced example, is held to every other rule.

    The validated tables are cached, keyed on the folder and on the contents of every file
    in it, so an edited file is read again; each call hands out copies, so a caller that
    changes a table cannot change what the next caller gets."""
    book = data_dir is None
    data_dir = find_data_dir(data_dir)
    bib_file = find_bib_file(data_dir, bib_file, data_dir_explicit=not book)
    loaded = _load_cached(data_dir, bib_file, _signature(data_dir, bib_file))
    if book:
        check_notebooks(loaded.tables["sections"], loaded.frames["sections"], data_dir.parent)
        check_minimums(loaded)
    return Evidence(**{t: _copy_frame(loaded.frames[t]) for t in TABLES})


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One validated table, for example ``load_table("events")``."""
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
    return load(data_dir)[name]


def _copy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy deep enough that appending to a list cell does not reach the cache."""
    frame = frame.copy(deep=True)
    for name in frame.columns:
        if frame[name].dtype == object and any(isinstance(v, list) for v in frame[name]):
            frame[name] = [list(v) if isinstance(v, list) else v for v in frame[name]]
    return frame

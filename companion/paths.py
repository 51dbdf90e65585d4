"""Find the evidence: the folder holding ``datapackage.json`` and the bibliography beside it.

The library may be imported from a clone of the book (the usual case), from a notebook
started in any folder of that clone, or from an installed copy whose files live far
from the data (``pip install .`` on Binder). The data folder is therefore looked up, in
this order:

1. a folder passed explicitly;
2. the environment variable ``COMPANION_DATA_DIR`` (a folder holding ``datapackage.json``);
3. the working directory and each folder above it, for ``data/datapackage.json``;
4. the folder of this library and each folder above it, likewise.

The bibliography is ``references.bib`` in the parent of the data folder, unless
``COMPANION_BIB_FILE`` names another file (it applies only when no data folder is passed
explicitly, so a folder handed to :func:`find_data_dir` always travels with its own).

This module imports nothing else from ``companion``, so any module may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "COMPANION_DATA_DIR"
BIB_ENV = "COMPANION_BIB_FILE"
DESCRIPTOR = "datapackage.json"
#: The tables of the data package, in the order the book describes them.
TABLES = (
    "sections",
    "column",
    "quotes",
    "actors",
    "proposals",
    "positions",
    "events",
    "claims",
    "phases",
    "sites",
    "offices",
    "polls",
    "readings",
    "interceptors",
    "endpoints",
    "deployments",
    "threat_missiles",
)
#: Where this library's own files are; step 4 of the lookup starts here.
PACKAGE_DIR = Path(__file__).resolve().parent


class DataError(ValueError):
    """Bad or missing input: one message naming file, row, line, column and value.

    ``row`` counts data rows from 1 (the header is row 0); ``line`` is the line in the
    file as an editor shows it, which differs from ``row + 1`` once a quoted cell spans
    several lines.
    """

    def __init__(self, file, problem, *, row=None, column=None, value=None, hint=None,
                 line=None):
        if line is None and row is not None:
            line = row + 1
        self.file, self.row, self.line = str(file), row, line
        self.column, self.value, self.problem, self.hint = column, value, problem, hint
        super().__init__(_format(self.file, problem, row, line, column, value, hint))


def _format(file, problem, row, line, column, value, hint) -> str:
    """'data/x.csv, row R (line L), column 'c', value 'v': problem. hint'."""
    where = [file]
    if row is not None:
        where.append(f"row {row} (line {line})")
    elif line is not None:
        where.append(f"line {line}")
    if column is not None:
        where.append(f"column '{column}'")
    if value is not None:
        where.append(f"value {value!r}")
    message = ", ".join(where) + f": {problem}"
    return f"{message} {hint}" if hint else message


class DataNotFoundError(DataError):
    """No data package where the lookup searched; the message lists where and what to do."""

    def __init__(self, problem: str, tried: list[str]):
        self.tried = tried
        super().__init__(
            f"data/{DESCRIPTOR}",
            f"{problem} Tried: {'; '.join(tried)}.",
            hint=how_to_get_the_data(),
        )


def find_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder, by the lookup order in this module's docstring."""
    if explicit is not None:
        return Path(explicit).expanduser().resolve()
    tried = ["no folder was passed explicitly"]
    from_env = _from_environment(tried)
    if from_env is not None:
        return from_env
    for start, what in ((Path.cwd(), "the working directory"), (PACKAGE_DIR, "the library")):
        found = _search_upward(start)
        if found is not None:
            return found
        tried.append(f"{start} and every folder above it ({what}) for data/{DESCRIPTOR}")
    raise DataNotFoundError("no data package was found.", tried)


def _from_environment(tried: list[str]) -> Path | None:
    """The folder ``COMPANION_DATA_DIR`` names; an unusable setting is an error, since
    falling back to other data would hide the mistake."""
    value = os.environ.get(DATA_ENV, "")
    if not value.strip():
        tried.append(f"{DATA_ENV} (not set)")
        return None
    folder = Path(value).expanduser().resolve()
    # Something by that name (even a folder) is the loader's to report, more precisely.
    if not (folder / DESCRIPTOR).exists():
        tried.append(f"{DATA_ENV}={value}")
        raise DataNotFoundError(
            f"{DATA_ENV} is set to {value}, but that folder has no {DESCRIPTOR}.", tried
        )
    return folder


def _search_upward(start: Path) -> Path | None:
    """The first ``data`` folder holding a descriptor in ``start`` or a folder above it."""
    for folder in (start, *start.parents):
        if (folder / "data" / DESCRIPTOR).is_file():
            return (folder / "data").resolve()
    return None


def find_bib_file(data_dir: Path, explicit: str | os.PathLike | None = None,
                  data_dir_explicit: bool = False) -> Path:
    """The bibliography: explicit, else ``COMPANION_BIB_FILE`` (unless the data folder was
    passed explicitly), else ``references.bib`` beside the data folder."""
    if explicit is not None:
        return Path(explicit).expanduser().resolve()
    value = os.environ.get(BIB_ENV, "")
    if value.strip() and not data_dir_explicit:
        return Path(value).expanduser().resolve()
    return Path(data_dir).parent / "references.bib"


def repository_url() -> str:
    """``repository.url`` from the book's ``_config.yml``, or "" if there is none."""
    for start in (Path.cwd(), PACKAGE_DIR):
        for folder in (start, *start.parents):
            config = folder / "_config.yml"
            if config.is_file():
                return _url_from_config(config)
    return ""


def _url_from_config(config: Path) -> str:
    """The URL in one ``_config.yml``; an unreadable file counts as having none, because
    this only improves a message that is already being raised."""
    try:
        import yaml
    except ImportError:
        return ""
    try:
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    repository = settings.get("repository") if isinstance(settings, dict) else None
    url = repository.get("url") if isinstance(repository, dict) else None
    return url.strip() if isinstance(url, str) else ""


def how_to_get_the_data() -> str:
    """The advice every not-found message ends with."""
    url = repository_url()
    source = f"git clone {url}" if url else "git clone the book's repository"
    return (f"To get the data, {source} and work inside the clone, or set {DATA_ENV} to "
            f"the folder that holds {DESCRIPTOR} (with references.bib in its parent folder, "
            f"or named by {BIB_ENV}).")

"""The cache of validated evidence, in memory and on disk between processes.

It is keyed on the contents of every data file and on the loader's own code (every file
of this package and the modules it relies on), so an edit to either is validated again.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

import pandas as pd

from companion.evidence.validate import _Loaded, _validate


def _signature(data_dir: Path, bib_file: Path) -> tuple:
    """(name, SHA-256 of the contents) of every file directly in the folder (where every
    table and the descriptor must be) and of the bibliography; a file that cannot be read
    gets None, and loading it then reports why."""
    try:
        paths = sorted(p for p in data_dir.iterdir() if p.is_file())
    except OSError:
        paths = []
    stamp = []
    for path in [*paths, bib_file]:
        try:
            stamp.append((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
        except OSError:
            stamp.append((str(path), None))
    return tuple(stamp)


#: Where validated evidence is kept between processes: every notebook kernel would
#: otherwise validate the same files again (about 3 s, mostly the schema library's
#: start-up). COMPANION_CACHE_DIR overrides it; an unwritable folder just means no cache.
CACHE_VARIABLE = "COMPANION_CACHE_DIR"


#: The modules outside this package whose code decides what a load returns.
LIBRARY_MODULES = ("dates.py", "paths.py")


def _library_files() -> list[Path]:
    """Every file of the loader's code: each layer of this package (found, not listed, so
    a new layer is covered the day it is added) and the modules it relies on."""
    here = Path(__file__).parent
    return [*sorted(here.glob("*.py")), *(here.parent / m for m in LIBRARY_MODULES)]


@functools.lru_cache(maxsize=1)
def _library_stamp() -> str:
    """What the validated result depends on besides the files: the loader's own code and
    the pandas that pickled it."""
    digest = hashlib.sha256(pd.__version__.encode())
    for path in _library_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_file(data_dir: Path, signature: tuple) -> Path:
    """The disk cache's file for these data files and this code."""
    folder = Path(os.environ.get(CACHE_VARIABLE) or data_dir.parent / "_build" / "cache")
    key = hashlib.sha256(repr((signature, _library_stamp())).encode()).hexdigest()[:32]
    return folder / f"evidence-{key}.pickle"


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path, bib_file: Path, signature: tuple) -> _Loaded:
    """The validated evidence for exactly these files (``signature`` holds their SHA-256):
    from this process's memory, from the disk cache another process wrote, or validated
    now. Only evidence that passed every check is ever written."""
    cache = _cache_file(data_dir, signature)
    try:
        return pickle.loads(cache.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        pass
    loaded = _validate(data_dir, bib_file)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cache)
    except OSError:
        pass
    return loaded

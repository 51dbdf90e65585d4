"""Results kept between builds under a digest of everything they are made from.

A rebuild writes again every page that changed and what the page produces. Some of that
is slow to make and depends only on inputs known when it is made: a figure's PNG, which
resvg renders from the figure's SVG. Such a result is kept in ``_build/cache/<kind>/``
under the SHA-256 of those inputs; a later build with the same inputs reads it back
instead of making it again, and any change to an input misses the cache. An entry is
written to a temporary file and renamed, so a build stopped halfway leaves no half entry.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def digest(parts: Iterable[str | bytes]) -> str:
    """The SHA-256 of the parts, each prefixed by its length: ("ab", "c") and ("a", "bc")
    differ."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else bytes(part)
        hasher.update(f"{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


def build_cache(outdir: str | os.PathLike, kind: str) -> Path:
    """``_build/cache/<kind>`` for a builder writing into ``_build/<builder>``."""
    return Path(outdir).parent / "cache" / kind


def cached(folder: Path, parts: Iterable[str | bytes], make: Callable[[], bytes]) -> bytes:
    """What ``make()`` returns for these inputs, made once and read back after that."""
    path = folder / digest(parts)
    if path.is_file():
        return path.read_bytes()
    data = make()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
    return data


def outputs_current(stamp: Path, parts: Iterable[str | bytes], outputs: Iterable[Path]) -> bool:
    """Whether ``outputs`` were last written from these same inputs (as recorded in
    ``stamp`` by :func:`mark_outputs`) and every one of them is still there."""
    try:
        recorded = stamp.read_text(encoding="utf-8")
    except OSError:
        return False
    return recorded == digest(parts) and all(path.is_file() for path in outputs)


def mark_outputs(stamp: Path, parts: Iterable[str | bytes]) -> None:
    """Record that the outputs guarded by ``stamp`` were written from these inputs."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest(parts), encoding="utf-8")

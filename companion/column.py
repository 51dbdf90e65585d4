"""The column's text: where it lives, how quotes are checked against it, word counts.

The text is not part of this repository. Tests and notebooks find it through the
``COLUMN_SOURCE`` environment variable (the path of ``column.json``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

ENV_VAR = "COLUMN_SOURCE"
MAX_QUOTE_WORDS = 45
MAX_QUOTED_SHARE = 0.30

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
        "\u00a0": " ",
    }
)


class ColumnSourceMissing(RuntimeError):
    """The column text is not available on this machine."""


def source_path() -> Path:
    """The path named by ``COLUMN_SOURCE``; a clear error if it is unset or missing."""
    value = os.environ.get(ENV_VAR)
    if not value:
        raise ColumnSourceMissing(
            f"{ENV_VAR} is not set. Point it at column.json, for example "
            f"`export {ENV_VAR}=../shared/source/column.json`, to check quotes and word counts."
        )
    path = Path(value).expanduser()
    if not path.is_file():
        raise ColumnSourceMissing(f"{ENV_VAR}={value}: no such file.")
    return path


def load_paragraphs(path: str | Path | None = None) -> dict[int, str]:
    """Paragraph number -> text, from ``column.json``."""
    data = json.loads(Path(path or source_path()).read_text(encoding="utf-8"))
    return {int(p["para"]): p["text"] for p in data["paragraphs"]}


def normalise(text: str) -> str:
    """Fold typographic quotes, apostrophes and dashes to ASCII and collapse white space."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHIC)).strip()


def word_count(text: str) -> int:
    """Words as the project counts them: runs of non-space characters."""
    return len(text.split())


def quote_problems(quotes, paragraphs: dict[int, str]) -> list[str]:
    """Every way the quotes break the quoting rules; an empty list means they comply."""
    problems = []
    total_words = sum(word_count(t) for t in paragraphs.values())
    quoted = 0
    for row in quotes.to_dict("records"):
        text, para = row["text"], int(row["para"])
        words = word_count(text)
        quoted += words
        if normalise(text) not in normalise(paragraphs.get(para, "")):
            problems.append(f"quote {row['quote_id']!r} is not verbatim in paragraph {para}")
        if words > MAX_QUOTE_WORDS:
            problems.append(f"quote {row['quote_id']!r} has {words} words (max {MAX_QUOTE_WORDS})")
    if quoted > MAX_QUOTED_SHARE * total_words:
        problems.append(
            f"quotes total {quoted} words, more than {MAX_QUOTED_SHARE:.0%} of {total_words}"
        )
    return problems

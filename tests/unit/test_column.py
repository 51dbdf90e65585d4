"""Quotes are verbatim and within the quoting limits; word counts come from the source."""

import re

import pandas as pd
import pytest

import companion
from companion import column
from companion.column import normalise
from tests.conftest import requires_ci_or_skip


@pytest.fixture(scope="module")
def paragraphs():
    try:
        return column.load_paragraphs()
    except column.ColumnSourceMissing as err:
        requires_ci_or_skip(str(err))


def test_source_has_twelve_paragraphs(paragraphs):
    assert sorted(paragraphs) == list(range(1, 13))


def test_quotes_are_verbatim_and_within_limits(paragraphs):
    assert column.quote_problems(companion.load_table("quotes"), paragraphs) == []


def test_word_counts_are_computed_from_the_source(paragraphs):
    table = companion.load_table("column").set_index("para")
    for para, text in paragraphs.items():
        assert table.loc[para, "words"] == column.word_count(text), f"¶{para}"


def test_a_changed_quote_is_caught(paragraphs):
    quotes = companion.load_table("quotes").head(1).copy()
    quotes.loc[quotes.index[0], "text"] = quotes.iloc[0]["text"].replace("NATO", "the alliance")
    quotes.loc[quotes.index[0], "text"] += " extra"
    assert any("not verbatim" in p for p in column.quote_problems(quotes, paragraphs))


def test_too_long_and_too_many_quotes_are_caught(paragraphs):
    long_text = " ".join(paragraphs[9].split()[:50])
    quotes = pd.DataFrame([{"quote_id": "long", "para": 9, "text": long_text}] * 6)
    problems = column.quote_problems(quotes, paragraphs)
    assert any("max 45" in p for p in problems) and any("30%" in p for p in problems)


def test_normalise_folds_typography_only():
    assert column.normalise("Russia\u2019s  \u201cterritorial\u201d \u2013 defense") == (
        "Russia's \"territorial\" - defense"
    )
    assert column.normalise("A") != column.normalise("a")


def test_missing_source_says_how_to_enable(monkeypatch):
    monkeypatch.delenv(column.ENV_VAR, raising=False)
    with pytest.raises(column.ColumnSourceMissing, match="export COLUMN_SOURCE="):
        column.source_path()


def prose_quotes():
    """(page, fragment, the 80 characters after it) for every double-quoted fragment in the
    book's own prose: Markdown pages and the Markdown cells of notebooks."""
    import nbformat

    from companion import ROOT

    for path in sorted((ROOT / "book").rglob("*")):
        if path.suffix == ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            nb = nbformat.read(path, as_version=4)
            text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
        else:
            continue
        for match in re.finditer(r'["\u201c]([^"\u201d\n]{3,300})["\u201d]', text):
            yield path.name, match.group(1), text[match.end():match.end() + 80]


def test_column_words_quoted_in_prose_are_recorded_quotes_with_their_paragraph(paragraphs):
    recorded = companion.load_table("quotes")
    problems = []
    for page, fragment, after in prose_quotes():
        fragment = normalise(fragment)
        source = [n for n, text in paragraphs.items() if fragment in normalise(text)]
        if not source:
            continue  # not the column's words (a title, a term, the book's own phrase)
        covering = [q.para for q in recorded.itertuples() if fragment in normalise(q.text)]
        if not covering:
            problems.append(f"{page}: '{fragment}' is not inside a quote in data/quotes.csv")
        elif not any(f"¶{n}" in after for n in covering):
            problems.append(f"{page}: '{fragment}' is not followed by its paragraph (¶N)")
    assert problems == []

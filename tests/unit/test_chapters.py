"""The section chapters cover the column as sections.csv says: checked in the notebooks."""

import ast
import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

import companion
from bookbuild.toc import toc_files
from companion.maps import sites_for

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]

ARC = ["Overview", "Prerequisites", "The argument", "Context", "Who wanted what",
       "Claims and checks", "Discussion questions", "Exercises", "Further reading",
       "Summary", "What's next"]


@pytest.fixture(scope="module")
def ev():
    return companion.load()


def chapter(path):
    nb = nbformat.read(ROOT / path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return markdown, code


def calls(code: str) -> Counter:
    """Calls the code makes, as (function name, first argument as source, keywords as
    source): parsed, so a call in a comment or a string does not count."""
    found = Counter()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = ast.unparse(node.args[0]) if node.args else ""
            keywords = tuple(sorted(f"{k.arg}={ast.unparse(k.value)}" for k in node.keywords))
            found[name, first, keywords] += 1
    return found


def called(code: str, name: str, first: str | None = None, keyword: str | None = None) -> int:
    """How many times ``name`` is called (with that first argument, or that keyword)."""
    return sum(n for (f, arg, kws), n in calls(code).items() if f == name
               and (first is None or arg == first) and (keyword is None or keyword in kws))


def test_calls_are_read_from_code_not_from_comments_or_strings():
    code = 'quotes(3)\n# quotes(4)\ntext = "quotes(5)"\nmap_for(highlight=sites_for("s"))\n'
    assert called(code, "quotes", "3") == 1
    assert called(code, "quotes", "4") == called(code, "quotes", "5") == 0
    assert called(code, "map_for", keyword="highlight=sites_for('s')") == 1


def test_every_section_has_its_chapter_in_the_toc(ev):
    listed = set(toc_files(ROOT / "_toc.yml"))
    for row in ev.sections.itertuples():
        assert (ROOT / row.notebook).exists(), row.notebook
        assert row.notebook.removesuffix(".ipynb") in listed


def test_every_paragraph_is_labelled_once_in_its_own_chapter(ev):
    found = {}
    for row in ev.sections.itertuples():
        markdown, _ = chapter(row.notebook)
        for para in map(int, re.findall(r"^\(para-(\d+)\)=$", markdown, flags=re.M)):
            assert para not in found, f"¶{para} labelled in {found.get(para)} and {row.section}"
            found[para] = row.section
            assert row.first_para <= para <= row.last_para, (row.section, para)
    assert sorted(found) == list(range(1, 13))


def test_chapters_follow_the_arc_and_call_the_library(ev):
    for row in ev.sections.itertuples():
        markdown, code = chapter(row.notebook)
        headings = re.findall(r"^## (.+)$", markdown, flags=re.M)
        assert headings == ARC, row.notebook
        for para in range(row.first_para, row.last_para + 1):
            assert called(code, "quotes", str(para)) == 1, (row.notebook, para)
        assert called(code, "claims_for", repr(row.section)) == 1, row.notebook
        has_check = any(row.first_para <= c.para <= row.last_para and c.check
                        for c in ev.claims.itertuples())
        assert called(code, "check_table", repr(row.section)) == has_check, row.notebook
        # A chapter whose paragraphs a site bears on also shows the map, filtered to it.
        has_sites = bool(sites_for(row.section, ev))
        highlight = f"highlight=sites_for({row.section!r})"
        assert bool(sum(n for (_, _, kws), n in calls(code).items() if highlight in kws)) == (
            has_sites), row.notebook
        figures = 2 + has_sites
        assert called(code, "glue_figure") == figures, row.notebook
        assert markdown.count("{glue:figure}") == figures == markdown.count(":alt:")
        # At least one exercise on the data, with a worked solution that runs.
        assert markdown.count("```{exercise}") >= 1, row.notebook
        assert markdown.count("```{solution-start}") == markdown.count("```{exercise}")
        assert markdown.count("```{solution-end}") == markdown.count("```{exercise}")


def test_every_quote_has_a_paragraph_that_its_chapter_shows(ev):
    sections = ev.sections.set_index("section")
    for quote in ev.quotes.itertuples():
        owner = sections[(sections.first_para <= quote.para)
                         & (sections.last_para >= quote.para)]
        assert len(owner) == 1, quote.quote_id
        _, code = chapter(owner.notebook.iloc[0])
        assert called(code, "quotes", str(quote.para)) == 1, quote.quote_id

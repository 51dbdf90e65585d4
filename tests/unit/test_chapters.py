"""The section chapters cover the column as sections.csv says: checked in the notebooks."""

import re
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
            assert f"quotes({para})" in code, (row.notebook, para)
        assert f'claims_for("{row.section}")' in code
        has_check = any(row.first_para <= c.para <= row.last_para and c.check
                        for c in ev.claims.itertuples())
        assert (f'check_table("{row.section}")' in code) == has_check, row.notebook
        # A chapter whose paragraphs a site bears on also shows the map, filtered to it.
        has_sites = bool(sites_for(row.section, ev))
        assert (f'highlight=sites_for("{row.section}")' in code) == has_sites, row.notebook
        figures = 2 + has_sites
        assert code.count("glue_figure(") == figures, row.notebook
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
        assert f"quotes({quote.para})" in code

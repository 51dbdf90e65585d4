"""The built chapters show what the data say: paragraphs, quotes, claims, figures."""

import re

import pytest
from bs4 import BeautifulSoup

import companion
from companion.column import normalise


@pytest.fixture(scope="module")
def ev():
    return companion.load()


def page(html_dir, notebook):
    path = html_dir / notebook.replace(".ipynb", ".html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(soup):
    return normalise(soup.select_one("article").get_text(" "))


def test_each_paragraph_anchor_is_on_its_own_chapter_page(html_dir, ev):
    pages = {row.section: page(html_dir, row.notebook) for row in ev.sections.itertuples()}
    for row in ev.sections.itertuples():
        for para in range(1, 13):
            anchors = pages[row.section].find_all(id=f"para-{para}")
            inside = row.first_para <= para <= row.last_para
            assert len(anchors) == (1 if inside else 0), (row.section, para)


def test_every_quote_and_claim_appears_in_its_chapter(html_dir, ev):
    for row in ev.sections.itertuples():
        text = text_of(page(html_dir, row.notebook))
        paras = range(row.first_para, row.last_para + 1)
        for quote in ev.quotes[ev.quotes.para.isin(paras)].itertuples():
            assert normalise(quote.text) in text, (row.section, quote.quote_id)
        for claim in ev.claims[ev.claims.para.isin(paras)].itertuples():
            assert normalise(claim.claim) in text, (row.section, claim.claim_id)


def test_scorecard_shows_every_claim_once_with_verdict_and_source(html_dir, ev):
    soup = page(html_dir, "book/scorecard.ipynb")
    rows = [tr for table in soup.select(".cell_output table") for tr in table.select("tbody tr")]
    claims = {normalise(c.claim): c for c in ev.claims.itertuples()}
    seen = []
    for tr in rows:
        cells = [normalise(td.get_text(" ")) for td in tr.find_all("td")]
        match = [c for c in cells if c in claims]
        if match:
            seen.append(match[0])
            claim = claims[match[0]]
            assert claim.verdict.replace("_", " ") in cells
            assert tr.select("a[href*='bibliography']"), match[0]
    assert sorted(seen) == sorted(claims)


def test_chapter_figures_have_captions_and_alt_text(html_dir, ev):
    for row in ev.sections.itertuples():
        figures = page(html_dir, row.notebook).select("figure")
        assert len(figures) == 2, row.notebook
        for figure in figures:
            svg = figure.find("svg", class_="companion-figure")
            assert svg is not None and svg.get("role") == "img"
            assert len(svg.get("aria-label", "")) > 80
            assert re.match(r"Fig\. \d+", figure.find("figcaption").get_text(" ").strip())


def test_matrix_captions_say_what_the_matrix_leaves_out(html_dir, ev):
    pages = ["book/stakeholders.ipynb", *ev.sections.notebook]
    captions = [f.find("figcaption").get_text(" ") for nb in pages
                for f in page(html_dir, nb).select("figure")
                if f.get("id", "").startswith("fig-stakeholders") and "power" not in f["id"]]
    assert len(captions) == 9
    assert all(re.search(r"Left out, with no position in force|Every actor and proposal", c)
               for c in captions), captions

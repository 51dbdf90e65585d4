"""The built chapters show what the data say: paragraphs, quotes, claims, figures."""

import re

import pytest

import companion
from bookbuild.sitecheck import html_pages, parsed
from companion.column import normalise
from companion.maps import sites_for


@pytest.fixture(scope="module")
def ev():
    return companion.load()


def page(html_dir, notebook):
    path = html_dir / notebook.replace(".ipynb", ".html")
    return parsed(path)


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


def test_scorecard_shows_every_claim_once_with_both_verdicts_and_sources(html_dir, ev):
    from companion.scorecard import verdict_label

    soup = page(html_dir, "book/scorecard.ipynb")
    table = next(t for t in soup.select(".cell_output table")
                 if [normalise(th.get_text(" ")) for th in t.select("thead th")][:5]
                 == ["¶", "Claim", "Kind", "To 2013", "To 2025"])
    claims = {normalise(c.claim): c for c in ev.claims.itertuples()}
    seen = []
    for tr in table.select("tbody tr"):
        cells = [normalise(td.get_text(" ")) for td in tr.find_all("td")]
        claim = claims[cells[1]]
        seen.append(cells[1])
        assert cells[3:5] == [verdict_label(claim.verdict_2013), verdict_label(claim.verdict_2025)]
        assert tr.select("a[href*='bibliography']"), cells[1]
    assert sorted(seen) == sorted(claims)


def test_every_claim_has_a_stable_anchor_on_the_scorecard_and_in_its_chapter(html_dir, ev):
    scorecard = page(html_dir, "book/scorecard.ipynb")
    for row in ev.sections.itertuples():
        chapter = page(html_dir, row.notebook)
        for claim in ev.claims[ev.claims.para.between(row.first_para, row.last_para)].itertuples():
            anchor = "claim-" + claim.claim_id.replace("_", "-")
            assert scorecard.find(id=anchor) is not None, anchor
            assert chapter.find(id=anchor) is not None, (row.notebook, anchor)


def test_bibliography_labels_are_unique_and_citations_never_repeat_a_label(html_dir):
    from collections import Counter

    bib = parsed(html_dir / "book" / "bibliography.html")
    labels = [normalise(s.get_text()) for s in bib.select("div.citation span.label")]
    assert labels and [k for k, n in Counter(labels).items() if n > 1] == []
    link = r'<a class="reference internal" href="[^"]*bibliography\.html#[^"]*"[^>]*>([^<]*)</a>'
    brackets = 0
    for path in html_pages(html_dir):
        html = path.read_text(encoding="utf-8")
        for group in re.finditer(r"\((" + link + r"(?:; " + link + r")*)\)", html):
            cited = re.findall(link, group.group(1))
            brackets += 1
            assert len(cited) == len(set(cited)), (path.name, cited)
    assert brackets > 100, "no in-text citations found: has their markup changed?"


def test_chapter_figures_have_captions_and_alt_text(html_dir, ev):
    for row in ev.sections.itertuples():
        figures = page(html_dir, row.notebook).select("figure")
        # Timeline and position matrix, and the site map where a site bears on the section.
        assert len(figures) == 2 + bool(sites_for(row.section, ev)), row.notebook
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

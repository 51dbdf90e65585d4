"""Every page as a reader's browser meets it, at desktop (1280 px) and phone (390 px) width:
it loads cleanly and offline, never scrolls sideways, keeps figure text legible and table
headers whole, gives every mark of a figure hover text, and passes the axe-core
accessibility rules (WCAG 2 A and AA). Each page is loaded once per width (``observe``)."""

import json

import pytest

from companion import ROOT
from companion.figures import MIN_PHONE_TEXT_PX, MIN_TEXT_PX
from tests.browser.conftest import PAGES, WIDTHS, visit

REPORT = ROOT / "_build" / "reports" / "figure-text-px.json"
#: Run in several workers (pytest -n 2 --dist loadgroup), each page's tests stay in one,
#: so a page is still loaded once per width; make test runs them in one process.
PAGE_PARAMS = [pytest.param(rel, marks=pytest.mark.xdist_group(rel)) for rel in PAGES]


@pytest.fixture(scope="module")
def sizes():
    found = {}
    yield found
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    # Workers each saw some pages: add to what another worker already wrote.
    earlier = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    REPORT.write_text(json.dumps(earlier | found, indent=1, sort_keys=True) + "\n",
                      encoding="utf-8")


@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_page_loads_cleanly_and_offline(observe, rel):
    seen = observe(rel, 1280)
    assert seen["errors"] == [], f"console errors on {rel}: {seen['errors']}"
    assert seen["hosts"] <= {"127.0.0.1"}, f"{rel} requested {seen['hosts'] - {'127.0.0.1'}}"
    assert seen["broken_images"] == [], f"broken images on {rel}"
    assert seen["images_without_alt"] == [], f"images without alt text on {rel}"
    assert seen["figures_without_label"] == 0, f"a figure on {rel} has no accessible name"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_no_sideways_scroll(observe, rel, width):
    assert observe(rel, width)["overflow"] <= 0, f"{rel} scrolls sideways at {width}px"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_every_figure_fits_its_column_with_legible_text(observe, rel, width, sizes):
    """One layout of each figure shows: the drawn one on the page, the narrow one on a
    phone, which a wide screen never downloads. It fits its column and its smallest
    text renders at 11 px on the page and 9 px on a phone."""
    smallest = MIN_TEXT_PX if width == 1280 else MIN_PHONE_TEXT_PX
    figures = observe(rel, width)["figure_layouts"]
    if figures:
        sizes.setdefault(rel, {})[str(width)] = min(f["text"] or 0 for f in figures)
    for figure in figures:
        name = f"{rel} at {width}px, {figure['id']}"
        assert figure["shown"] == 1, f"{name}: {figure['shown']} layouts shown"
        assert figure["over"] <= 1, f"{name}: {figure['over']}px wider than its column"
        assert figure["text"] is not None and figure["text"] >= smallest, (
            f"{name}: text renders at {figure['text']}px")
        if width == 1280 and figure["source"] is not None:
            assert figure["source"].startswith("data:"), f"{name}: loads its phone layout"


@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_every_mark_carries_hover_text(observe, rel):
    seen = observe(rel, 1280)
    assert [gid for gid, has_title in seen["marks"] if not has_title] == []
    if seen["figures"]:
        assert seen["marks"], f"{rel} has figures but no marks with hover text"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_every_table_fits_the_column_the_page_gives_it(observe, rel, width):
    wide = [(t["index"], t["head"], t["over"]) for t in observe(rel, width)["tables"]
            if t["over"] > 1]
    assert wide == [], f"{rel} at {width}px: tables wider than their space (px): {wide}"


@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_no_text_cell_is_squeezed_on_a_phone(observe, rel):
    squeezed = [(t["index"], t["squeezed"][:2]) for t in observe(rel, 390)["tables"]
                if t["squeezed"]]
    assert squeezed == [], f"{rel} at 390px: text cells narrower than 7 em: {squeezed}"


def test_the_table_checks_catch_a_planted_wide_table_and_a_squeezed_one(browser, site):
    from tests.browser.conftest import TABLES

    page, _, _ = visit(browser, f"{site}/book/timeline.html", width=390)
    page.evaluate("""() => { const article = document.querySelector('article');
      const wide = document.createElement('table');
      wide.innerHTML = '<tr>' + Array(12).fill('<td>Nonbreakingidentifierword</td>')
        .join('') + '</tr>';
      const squeezed = document.createElement('table');
      squeezed.style.cssText = 'width: 100%; table-layout: fixed';
      squeezed.innerHTML = '<tr><td>' + 'several short words in one narrow cell '.repeat(2)
        + '</td>' + Array(9).fill('<td>x</td>').join('') + '</tr>';
      article.append(wide, squeezed); }""")
    *_, wide, squeezed = page.evaluate(TABLES)
    page.context.close()
    assert wide["over"] > 1
    assert squeezed["over"] <= 1 and squeezed["squeezed"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_table_headers_keep_words_whole(observe, rel, width):
    broken = observe(rel, width)["broken_header_words"]
    assert broken == [], f"{rel} at {width}px breaks header words: {broken}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rel", PAGE_PARAMS)
def test_page_passes_axe_wcag2_a_and_aa(observe, rel, width):
    assert observe(rel, width)["axe"] == [], f"{rel} at {width}px"


def test_figures_are_white_cards_in_the_dark_theme(browser, site):
    page, _, _ = visit(browser, f"{site}/book/timeline.html")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    looks = page.evaluate("""() => [...document.querySelectorAll('svg.companion-figure')]
        .map(s => [getComputedStyle(s).backgroundColor, getComputedStyle(s).boxShadow])""")
    page.context.close()
    assert looks and all(bg == "rgb(255, 255, 255)" and shadow != "none"
                         for bg, shadow in looks), looks


def test_the_reading_map_link_column_is_visible_on_a_phone(browser, site):
    page, _, _ = visit(browser, f"{site}/book/reading-map.html", width=390)
    boxes = page.evaluate("""() => [...document.querySelectorAll(
        '.cell_output table tbody tr a[href*="#para-"]')].map(a => {
        const r = a.getBoundingClientRect(); return [r.left, r.right]; })""")
    page.context.close()
    assert len(boxes) == 12 and all(0 <= left and right <= 390 for left, right in boxes)


def test_search_finds_a_term_from_a_chapter(browser, site):
    page, errors, _ = visit(browser, f"{site}/search.html?q=Rasmussen")
    page.wait_for_selector("ul.search li", timeout=15000)
    links = [a.get_attribute("href") for a in page.query_selector_all("ul.search li a")]
    page.context.close()
    assert any("intro" in (h or "") or "reading-map" in (h or "") for h in links), links

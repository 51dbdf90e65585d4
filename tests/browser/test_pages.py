"""Every page as a reader's browser meets it: loads cleanly, offline, readable on a phone."""

from urllib.parse import urlsplit

import pytest

from companion import ROOT
from companion.sitecheck import html_pages

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
PAGES = [str(p.relative_to(HTML)) for p in html_pages(HTML)] if HTML.exists() else []


def visit(browser, url, width=1280):
    """Load a page; return (page, console errors, hosts the page requested)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors, hosts = [], set()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
    page.goto(url, wait_until="networkidle")
    return page, errors, hosts


@pytest.mark.parametrize("rel", PAGES)
def test_page_loads_cleanly_and_offline(browser, site, rel):
    page, errors, hosts = visit(browser, f"{site}/{rel}")
    assert errors == [], f"console errors on {rel}: {errors}"
    assert hosts <= {"127.0.0.1"}, f"{rel} requested third-party hosts: {hosts - {'127.0.0.1'}}"
    for img in page.query_selector_all("img"):
        assert img.evaluate("i => i.complete && i.naturalWidth > 0"), f"broken image on {rel}"
        alt = (img.get_attribute("alt") or "").strip()
        assert len(alt) >= 10 or "logo" in (img.get_attribute("class") or ""), (
            f"image without meaningful alt text on {rel}: {img.get_attribute('src')}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / (rel.replace("/", "__") + ".png")), full_page=True)
    page.context.close()


@pytest.mark.parametrize("rel", PAGES)
def test_no_sideways_scroll_on_a_phone(browser, site, rel):
    page, _, _ = visit(browser, f"{site}/{rel}", width=375)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.context.close()
    assert overflow <= 0, f"{rel} scrolls sideways by {overflow}px at 375px"


def test_search_finds_a_term_from_a_chapter(browser, site):
    page, errors, _ = visit(browser, f"{site}/search.html?q=Rasmussen")
    page.wait_for_selector("ul.search li", timeout=15000)
    links = [a.get_attribute("href") for a in page.query_selector_all("ul.search li a")]
    page.context.close()
    assert any("intro" in (h or "") or "reading-map" in (h or "") for h in links), links

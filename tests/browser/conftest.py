"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

import functools
import os
import shutil
from urllib.parse import urlsplit

import pytest

from bookbuild.sitecheck import html_pages, served
from companion import ROOT
from companion.figures import MARK_PREFIXES
from tests.conftest import requires_ci_or_skip

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
#: `make screenshots` sets it: full-page screenshots of every page at both widths, for a
#: person to look at (no check reads them, so `make test` does not spend a minute on them).
SHOTS_VARIABLE = "COMPANION_SCREENSHOTS"
PAGES = [str(p.relative_to(HTML)) for p in html_pages(HTML)] if HTML.exists() else []
WIDTHS = (1280, 390)
# Chromium's own background traffic is switched off; the page's requests are recorded.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

#: Per figure: how many of its layouts (the inline wide SVG, the phone's picture) show,
#: how far the one shown is wider than the column, and its smallest text as rendered (px).
#: A picture's text is read from its SVG file: font size times its rendered scale.
FIGURES = """async () => { const article = document.querySelector('article'); const out = [];
  for (const box of document.querySelectorAll('article .companion-figure-box')) {
    const next = box.nextElementSibling;
    const picture = next && next.matches('picture.companion-figure-narrow') ? next : null;
    const svg = box.querySelector('svg.companion-figure');
    const img = picture && picture.querySelector('img');
    const shown = [svg, img].filter(e => e && e.getBoundingClientRect().width > 0);
    const space = Math.min(box.parentElement.getBoundingClientRect().width,
                           article.getBoundingClientRect().width);
    let text = Infinity, source = null;
    for (const el of shown) {
      let doc = el, scale = 1;
      if (el === img) {
        source = img.currentSrc;
        if (source.startsWith('data:')) continue;
        doc = new DOMParser().parseFromString(await (await fetch(source)).text(),
                                              'image/svg+xml').documentElement;
        scale = img.getBoundingClientRect().width / doc.viewBox.baseVal.width;
      }
      for (const t of doc.querySelectorAll('text')) {
        const m = /font-size:\\s*([\\d.]+)px/.exec(t.getAttribute('style') || '');
        if (!m) continue;
        const size = el === img ? parseFloat(m[1]) * scale
          : (() => { if (!t.getBoundingClientRect().width) return Infinity;
                     const c = t.getScreenCTM();
                     return parseFloat(getComputedStyle(t).fontSize)
                            * Math.sqrt(Math.abs(c.a * c.d - c.b * c.c)); })();
        text = Math.min(text, size);
      }
    }
    out.push({id: (box.closest('figure') || {}).id || svg.id, shown: shown.length,
              narrow: !!img && shown[0] === img, source,
              over: Math.round(Math.max(0, ...shown.map(e => e.getBoundingClientRect().width))
                               - space),
              text: text === Infinity ? null : Math.round(text * 100) / 100});
  }
  return out; }"""

#: Words (runs of letters and digits) of table headers that the browser split over lines.
BROKEN_HEADER_WORDS = """() => { const out = [];
  for (const th of document.querySelectorAll('.bd-article th')) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT); let node;
    while ((node = walker.nextNode())) { const re = /[\\p{L}\\p{N}]+/gu; let m;
      while ((m = re.exec(node.data))) { const r = document.createRange();
        r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].filter(x => x.width > 0)
                             .map(x => Math.round(x.top)));
        if (tops.size > 1) out.push(m[0]); } } }
  return out; }"""

#: Per table: how far it is wider than the column the page gives it (px; the container
#: the theme wraps it in, or the article), and its text cells squeezed narrower than 7 em
#: while holding more than four words.
TABLES = """() => { const article = document.querySelector('article');
  return [...document.querySelectorAll('article table')].map((t, i) => {
    const space = Math.min(t.parentElement.getBoundingClientRect().width,
                           article.getBoundingClientRect().width);
    const squeezed = [...t.querySelectorAll('td')].filter(td =>
      td.innerText.trim().split(/\\s+/).length > 4 &&
      td.getBoundingClientRect().width < 7 * parseFloat(getComputedStyle(td).fontSize))
      .map(td => td.innerText.trim().slice(0, 40));
    const head = [...t.querySelectorAll('th')].slice(0, 3).map(h => h.innerText.trim());
    return {index: i, head: head.join(' | '), squeezed,
            over: Math.round(t.getBoundingClientRect().width - space)};
  }); }"""

#: Marks that should carry hover text: [id, has a non-empty <title>].
MARKS = ("""() => [...document.querySelectorAll('svg.companion-figure g[id]')]
  .filter(g => /--(""" + "|".join(MARK_PREFIXES) + """)/.test(g.id))
  .map(g => [g.id, !!(g.querySelector(':scope > title') || {}).textContent])""")

IMAGES = """() => [...document.querySelectorAll('img')].map(i => [i.getAttribute('src'),
  i.complete && i.naturalWidth > 0, (i.getAttribute('alt') || '').trim().length >= 10
  || (i.className || '').includes('logo')])"""


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def site():
    """Serve the built book on a loopback port for the session."""
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML} has no built book: run `make build-strict` first.")
    with served(HTML) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        requires_ci_or_skip(
            "no Chromium found: install Debian's package (`apt-get install chromium`) "
            "or set CHROMIUM_PATH to run the browser checks."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def visit(browser, url, width=1280):
    """Load a page in a fresh browser context and wait until no request has been made for
    half a second (so what a page fetches after its load event is seen too); return (page,
    console errors, hosts the page requested)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    return load(context.new_page(), url)


def load(page, url):
    """Navigate ``page`` to ``url`` as :func:`visit` does, recording only this load's
    console errors and requested hosts."""
    errors, hosts = [], set()

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    def on_error(error):
        errors.append(str(error))

    def on_request(request):
        hosts.add(urlsplit(request.url).hostname)

    listeners = {"console": on_console, "pageerror": on_error, "request": on_request}
    for event, listener in listeners.items():
        page.on(event, listener)
    page.goto(url, wait_until="networkidle")
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    return page, errors, hosts


@pytest.fixture(scope="session")
def observe(browser, site):
    """observe(rel, width): everything the page tests look at, from one visit per width."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    # One tab per width, navigated from page to page: a new browser context per page costs
    # about 1.3 CPU-seconds more and changes nothing the checks see (every navigation is a
    # fresh document; a resized tab would not be, so the widths keep separate tabs).
    tabs = {}

    @functools.cache
    def observe(rel, width):
        if width not in tabs:
            context = browser.new_context(viewport={"width": width, "height": 900})
            tabs[width] = context.new_page()
        page, errors, hosts = load(tabs[width], f"{site}/{rel}")
        # Copies taken before axe runs: axe re-fetches stylesheets' @imports relative to
        # the page rather than to the stylesheet, a request the page itself never makes.
        errors, hosts = list(errors), set(hosts)
        images = page.evaluate(IMAGES)
        results = axe.run(page, options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
            "resultTypes": ["violations"]})
        seen = {
            "errors": errors, "hosts": hosts,
            "broken_images": [src for src, ok, _ in images if not ok],
            "images_without_alt": [src for src, _, alt in images if not alt],
            "figures": page.evaluate(
                "document.querySelectorAll('svg.companion-figure').length"),
            "figures_without_label": page.evaluate("""[...document.querySelectorAll(
                'svg.companion-figure')].filter(s => (s.getAttribute('aria-label') || '')
                .length < 10).length"""),
            "overflow": page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"),
            "marks": page.evaluate(MARKS),
            "broken_header_words": page.evaluate(BROKEN_HEADER_WORDS),
            "tables": page.evaluate(TABLES),
            "figure_layouts": page.evaluate(FIGURES),
            "axe": [f"{v['id']} ({v['impact']}): {len(v['nodes'])} x "
                    f"{v['nodes'][0]['html'][:120]}" for v in results.response["violations"]],
        }
        if os.environ.get(SHOTS_VARIABLE):
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{width}-{rel.replace('/', '__')}.png"),
                            full_page=True)
        return seen

    yield observe
    for page in tabs.values():
        page.context.close()

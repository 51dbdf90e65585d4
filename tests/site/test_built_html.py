"""The built book: every TOC entry became a page, and no internal link or anchor is broken."""

import subprocess
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from bookbuild.sitecheck import broken_links, html_pages, parsed, served
from bookbuild.toc import toc_files
from companion import ROOT
from tests.conftest import requires_ci_or_skip


def test_every_toc_entry_has_a_page(html_dir):
    missing = [e for e in toc_files(ROOT / "_toc.yml") if not (html_dir / f"{e}.html").exists()]
    assert missing == []


def test_no_broken_internal_links_or_anchors(html_dir):
    assert broken_links(html_dir) == []


def test_link_checker_catches_a_broken_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#nope">x</a><a href="c.html">y</a>')
    (tmp_path / "b.html").write_text('<h1 id="yes">B</h1>')
    assert broken_links(tmp_path) == ["a.html -> b.html#nope (no such anchor)",
                                      "a.html -> c.html (no such file)"]


def test_a_page_is_parsed_again_once_it_changes(tmp_path):
    page = tmp_path / "a.html"
    page.write_text('<h1 id="old">A</h1>')
    assert parsed(page) is parsed(page)
    page.write_text('<h1 id="newer">A</h1>')
    assert parsed(page).h1["id"] == "newer"


def test_the_local_server_serves_the_folder_and_stops_after_it(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_bytes(b"<h1>A</h1>")
    with served(tmp_path) as url:
        with urllib.request.urlopen(f"{url}/book/a.html") as response:
            assert response.read() == b"<h1>A</h1>"
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/book/a.html", timeout=5)


def external_links(html_dir):
    for page in html_pages(html_dir):
        soup = parsed(page)
        for a in soup.select("article a[href]"):
            if "://" in a["href"] or a["href"].split(":")[0] in ("javascript", "data"):
                yield page.relative_to(html_dir).as_posix(), a


def test_external_links_are_plain_and_safe(html_dir):
    links = list(external_links(html_dir))
    assert links, "the bibliography should link its sources"
    unsafe = [(page, a["href"]) for page, a in links
              if not a["href"].startswith(("https://", "http://"))
              or (a.get("target") == "_blank" and "noopener" not in (a.get("rel") or []))
              or any(attr.startswith("on") for attr in a.attrs)]
    assert unsafe == []


def test_no_table_is_cut_by_display_limits(html_dir):
    """pandas shortens a wide or long DataFrame with '…' and a 'rows × columns' note."""
    cut = []
    for page in html_pages(html_dir):
        soup = parsed(page)
        for table in soup.select("article table"):
            if "…" in table.get_text() or "..." in [c.get_text(strip=True)
                                                   for c in table.select("td, th")]:
                cut.append(page.name)
        if soup.find(string=lambda t: t and " rows × " in t):
            cut.append(page.name)
    assert cut == []


def test_the_site_root_serves_an_icon(html_dir):
    """Browsers ask for /favicon.ico on the redirecting index.html, which has no icon
    link; without the file the reader's console shows a 404."""
    icon = html_dir / "favicon.ico"
    assert icon.is_file() and icon.read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_pages_are_dated_by_the_last_commit_not_the_build(html_dir):
    """Two builds of one commit on different days must not differ, so 'Last updated' is
    the commit's date (make passes it to Sphinx as SOURCE_DATE_EPOCH)."""
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    if not stamp:
        requires_ci_or_skip("not a git checkout: the book is dated by its build")
    day = datetime.fromtimestamp(int(stamp), tz=UTC).strftime("%b %d, %Y")
    for doc in toc_files(ROOT / "_toc.yml"):
        meta = parsed(html_dir / f"{doc}.html").find("meta", {"name": "docbuild:last-update"})
        assert meta is not None and meta["content"] == day, (doc, meta)


def test_the_heaviest_first_visit_stays_under_one_and_a_half_mebibytes(html_dir):
    """A first visit, uncompressed, under 1.5 MiB: the page, every script, stylesheet
    and image it loads, and the icon font the theme's header always draws with (the
    theme's 1.4 MB fontawesome.js is not loaded: book/_templates/static/)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import page_transfer

    font = (html_dir / "_static" / "vendor" / "fontawesome" / "webfonts"
            / "fa-solid-900.woff2").stat().st_size
    weights = {p.relative_to(html_dir).as_posix(): page_transfer(html_dir, p)[0] + font
               for p in html_pages(html_dir)}
    heaviest = max(weights, key=weights.get)
    print(f"heaviest first visit: {heaviest}, {weights[heaviest] / 1024:.0f} KB")
    assert weights[heaviest] < 1.5 * 1024 * 1024, (heaviest, weights[heaviest])
    assert not any("fontawesome.js" in p.read_text(encoding="utf-8")
                   for p in html_pages(html_dir))

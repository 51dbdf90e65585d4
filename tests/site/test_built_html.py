"""The built book: every TOC entry became a page, and no internal link or anchor is broken."""

from companion import ROOT
from companion.sitecheck import broken_links
from companion.toc import toc_files


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

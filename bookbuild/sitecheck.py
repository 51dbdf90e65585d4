"""Checks on a built HTML book: missing pages and broken internal links or anchors."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The built site on a free loopback port, as a static web host serves it (fonts,
    scripts and downloads load as on the web); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def parsed(path: Path) -> BeautifulSoup:
    """The page parsed with Python's own HTML parser, once per version of the file: the
    site checks read the same pages many times, and a parse of them all takes 1.5 s.
    Callers read the tree and must not change it."""
    stat = path.stat()
    return _parse(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parse(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(html_dir: Path) -> list[Path]:
    """The book's own pages (not Sphinx's generated index and search pages or sources)."""
    skip = {"genindex.html", "search.html"}
    return sorted(
        p for p in html_dir.rglob("*.html")
        if p.name not in skip and not p.relative_to(html_dir).parts[0].startswith("_")
    )


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        soup = parsed(path)
        cache[path] = {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})
        }
    return cache[path]


def broken_links(html_dir: Path) -> list[str]:
    """Every internal href whose file or #anchor does not exist, as 'page -> href'."""
    problems, cache = [], {}
    for page in html_pages(html_dir):
        soup = parsed(page)
        for tag in soup.find_all(["a", "link", "img", "script"]):
            href = tag.get("href") or tag.get("src")
            if not href or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            rel = page.relative_to(html_dir)
            if not target.exists():
                problems.append(f"{rel} -> {href} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in _ids(target, cache):
                    problems.append(f"{rel} -> {href} (no such anchor)")
    return problems

"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

import functools
import http.server
import os
import shutil
import threading

import pytest

from companion import ROOT
from tests.conftest import requires_ci_or_skip

HTML = ROOT / "_build" / "html"
# Chromium's own background traffic is switched off; the page's requests are recorded.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    """Serve the built book on a loopback port for the session."""
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML} has no built book: run `make build-strict` first.")
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


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

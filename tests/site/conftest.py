import functools
import http.server
import threading

import pytest

from companion import ROOT

HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def html_dir():
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML} has no built book: run `make build-strict` (or `make book`) first.")
    return HTML


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(html_dir):
    """The built site on a loopback port, as a static host serves it."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()

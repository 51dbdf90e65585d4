import pytest

from bookbuild.sitecheck import served as serve
from companion import ROOT

HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def html_dir():
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML} has no built book: run `make build-strict` (or `make book`) first.")
    return HTML


@pytest.fixture(scope="session")
def served(html_dir):
    """The built site on a loopback port, as a static host serves it."""
    with serve(html_dir) as url:
        yield url

import pytest

from companion import ROOT

HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def html_dir():
    if not (HTML / "index.html").exists():
        pytest.fail(f"{HTML} has no built book: run `make build-strict` (or `make book`) first.")
    return HTML

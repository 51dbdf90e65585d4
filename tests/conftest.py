"""Shared fixtures: a scratch copy of the data package that a test may break."""

import csv
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

#: The checkout's own data, found from this file: collecting the tests runs no library code.
REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
BIB_FILE = REPO / "references.bib"


def _make_writable(root: Path) -> None:
    """Add owner read and write (and search, for folders) to everything under ``root``,
    since a copy keeps the modes of a read-only checkout."""
    for folder, _, files in os.walk(root):
        os.chmod(folder, os.stat(folder).st_mode | stat.S_IRWXU)
        for name in files:
            path = os.path.join(folder, name)
            os.chmod(path, os.stat(path).st_mode | stat.S_IRUSR | stat.S_IWUSR)


def copy_evidence(root: Path) -> Path:
    """Copy data/ and references.bib into ``root``, writable, with an empty stand-in for
    each chapter notebook sections.csv names (load() checks only that they exist)."""
    target = root / "data"
    shutil.copytree(DATA_DIR, target)
    shutil.copy(BIB_FILE, root / "references.bib")
    _make_writable(root)
    with (target / "sections.csv").open(encoding="utf-8-sig", newline="") as f:
        notebooks = [row["notebook"] for row in csv.DictReader(f)]
    for notebook in notebooks:
        (root / notebook).parent.mkdir(parents=True, exist_ok=True)
        (root / notebook).touch()
    return target


@pytest.fixture(autouse=True)
def data_lookup_from_the_checkout(monkeypatch):
    """Every test finds the checkout's own data: COMPANION_DATA_DIR and COMPANION_BIB_FILE
    are cleared before it and, however a test set them (a notebook's setup cell run in a
    test writes os.environ directly), cleared again after it."""
    for name in ("COMPANION_DATA_DIR", "COMPANION_BIB_FILE"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


@pytest.fixture
def scratch_data(tmp_path):
    """A copy of data/ and references.bib in a temporary folder."""
    return copy_evidence(tmp_path)


@pytest.fixture(scope="session")
def evidence_copier():
    """The function behind ``scratch_data``, for tests that need many copies."""
    return copy_evidence


def requires_ci_or_skip(reason: str):
    """Skip with `reason` on a user's machine; fail under CI=true, where nothing may be skipped."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but a prerequisite is missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures a test drew, so a long run does not hold hundreds open."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")

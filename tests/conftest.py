"""Shared fixtures: a scratch copy of the data package that a test may break."""

import os
import shutil

import pytest

from companion import BIB_FILE, DATA_DIR


@pytest.fixture
def scratch_data(tmp_path):
    """A copy of data/ and references.bib in a temporary folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    shutil.copy(BIB_FILE, tmp_path / "references.bib")
    return target


def requires_ci_or_skip(reason: str):
    """Skip with `reason` on a user's machine; fail under CI=true, where nothing may be skipped."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but a prerequisite is missing: {reason}")
    pytest.skip(reason)

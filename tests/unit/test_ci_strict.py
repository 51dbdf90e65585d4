"""Under CI=true a skipped test, or a parametrisation with no cases, fails the run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]


SKIPPING = '''import pytest

def test_needs_a_browser():
    pytest.skip("no browser")

@pytest.mark.parametrize("page", [])
def test_every_page(page):
    pass
'''


@pytest.mark.parametrize("ci,code", [("true", 1), ("", 0)])
def test_skips_fail_only_under_ci(tmp_path, ci, code):
    (tmp_path / "test_skipping.py").write_text(SKIPPING, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
         "tests.ci_strict", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CI": ci})
    assert result.returncode == code, result.stdout
    if code:
        assert "2 skipped test(s) fail the run" in result.stdout

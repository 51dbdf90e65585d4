"""A pytest plugin for every `make test` run: under CI=true a skipped test fails the run.

A check whose input is missing (no browser, no column text, a parametrisation that
collected no cases) must not pass by being skipped where nobody reads the summary.
"""

import os

import pytest


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line("")
        reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) fail the run:", red=True)
        for report in skipped:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr[-1]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

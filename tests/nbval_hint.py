"""A pytest plugin for the nbval run: when a stored output differs from a fresh run, say
what to do about it, not only that it differs."""


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    failed = [r for r in terminalreporter.stats.get("failed", [])
              if ".ipynb::" in getattr(r, "nodeid", "")]
    if failed:
        terminalreporter.write_sep("-", "what to do")
        terminalreporter.write_line(
            "A notebook's stored outputs no longer match a fresh run. If you changed data/, "
            "references.bib or companion/ on purpose, run 'make execute' to refresh the "
            "outputs, look at the changes (git diff book/), then run 'make test' again.")

"""The setup cell that opens every notebook: Colab installs, a clear stop elsewhere."""

import sys
import types
from pathlib import Path

import nbformat
import pytest

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import setup_cells  # noqa: E402


def run_cell(source, monkeypatch, colab: bool, clone_exists: bool = False):
    calls = []
    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr("subprocess.run", lambda args, **kw: calls.append(list(args)))
    real_isdir = __import__("os").path.isdir
    monkeypatch.setattr("os.path.isdir", lambda p: clone_exists if "lukyanov" in str(p)
                        else real_isdir(p))
    # The cell sets COMPANION_DATA_DIR in Colab: give it an environment of its own.
    monkeypatch.setattr("os.environ", {k: v for k, v in __import__("os").environ.items()
                                       if k != "COMPANION_DATA_DIR"})
    exec(compile(source, "setup-cell", "exec"), {})
    return calls


def test_every_notebook_opens_with_the_current_setup_cell_hidden_from_the_page():
    assert setup_cells.stale(setup_cells.cell_source()) == []
    for path in setup_cells.notebooks():
        first = nbformat.read(path, as_version=4).cells[0]
        assert "remove-cell" in first.metadata["tags"], path


def test_in_the_repository_the_cell_does_nothing(monkeypatch):
    assert run_cell(setup_cells.cell_source("https://e.org/r.git"), monkeypatch,
                    colab=False) == []


def test_in_colab_it_clones_and_installs_without_touching_colab_packages(monkeypatch):
    calls = run_cell(setup_cells.cell_source("https://e.org/r.git"), monkeypatch, colab=True)
    assert calls[0][:2] == ["git", "clone"] and "https://e.org/r.git" in calls[0]
    assert "--no-deps" in calls[1]
    assert calls[2][-1].endswith("requirements-colab.txt")
    assert __import__("os").environ["COMPANION_DATA_DIR"].endswith("/data")
    colab = (ROOT / "requirements-colab.txt").read_text(encoding="utf-8")
    assert "==" not in colab and not {"pandas", "numpy", "matplotlib"} & {
        line.split(">")[0] for line in colab.splitlines()}


def test_in_colab_a_second_run_does_not_clone_again(monkeypatch):
    assert run_cell(setup_cells.cell_source("https://e.org/r.git"), monkeypatch, colab=True,
                    clone_exists=True) == []


def test_in_colab_without_a_repository_it_says_why_it_cannot_fetch(monkeypatch):
    with pytest.raises(RuntimeError, match="names no public repository"):
        run_cell(setup_cells.cell_source(""), monkeypatch, colab=True)


def test_without_the_package_it_stops_with_one_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "companion", None)
    with pytest.raises(ModuleNotFoundError, match="needs its companion package") as info:
        run_cell(setup_cells.cell_source(""), monkeypatch, colab=False)
    assert "make lab" in str(info.value) and info.value.__cause__ is None

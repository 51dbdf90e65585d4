"""The notebooks run outside this environment: Binder's install in a clean virtual
environment, a notebook downloaded alone, and data a student saved from Excel."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from companion import ROOT

pytestmark = pytest.mark.slow
PYTHON = shutil.which("python3.11") or sys.executable


def run(args, cwd, env=None, timeout=900):
    # The data must be found as a student's machine would find it, not from this one's.
    base = {k: v for k, v in os.environ.items() if k != "COMPANION_DATA_DIR"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**base, **(env or {})})


def clone(target: Path) -> Path:
    """The files git tracks, as a fresh clone has them (plus uncommitted edits)."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 ROOT).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def execute(venv: Path, notebook: Path) -> subprocess.CompletedProcess:
    """Run a notebook from its own folder with the environment's own Jupyter."""
    return run([str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                "--output", str(notebook.with_suffix(".out.ipynb")), notebook.name],
               notebook.parent)


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A clean virtual environment with what Binder installs from binder/, before the
    package itself: (venv, repository copy)."""
    base = tmp_path_factory.mktemp("binder")
    repo = clone(base / "repo")
    venv = base / "venv"
    assert run([PYTHON, "-m", "venv", str(venv)], base).returncode == 0
    # uv installs the same requirement file Binder's pip reads, in seconds rather than the
    # best part of a minute; pip itself still runs in binder/postBuild below.
    uv = [str(Path(sys.executable).parent / "uv"), "pip", "install", "-q", "--python",
          str(venv / "bin" / "python")]
    result = run(uv + ["-r", "binder/requirements.txt"], repo)
    assert result.returncode == 0, result.stderr[-3000:]
    return venv, repo


def test_a_notebook_downloaded_alone_says_what_it_needs(binder_env, tmp_path):
    venv, repo = binder_env
    alone = tmp_path / "01-the-verdict.ipynb"
    shutil.copy(repo / "book" / "sections" / alone.name, alone)
    result = execute(venv, alone)
    assert result.returncode != 0
    assert "needs its companion package and data/ folder" in result.stderr
    assert "make lab" in result.stderr and "Binder or Colab" in result.stderr


def test_binder_install_then_a_chapter_runs_from_its_own_folder(binder_env):
    venv, repo = binder_env
    result = run(["bash", "binder/postBuild"], repo, env={"PATH": f"{venv}/bin:" +
                                                          os.environ["PATH"]})
    assert result.returncode == 0, result.stderr[-3000:]
    # Newer repo2docker also runs `pip install .`, replacing any editable install.
    result = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
                  "."], repo)
    assert result.returncode == 0, result.stderr[-3000:]
    for notebook in ("book/sections/01-the-verdict.ipynb", "book/what-was-at-stake.ipynb"):
        result = execute(venv, repo / notebook)
        assert result.returncode == 0, (notebook, result.stderr[-3000:])
        ran = nbformat.read(repo / notebook.replace(".ipynb", ".out.ipynb"), as_version=4)
        errors = [o for c in ran.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "error"]
        assert errors == [], notebook
    # The package really was installed into site-packages, not found in the source tree.
    where = run([str(venv / "bin" / "python"), "-c",
                 "import companion, json; print(json.dumps(companion.__file__))"], repo / "book")
    assert "site-packages" in json.loads(where.stdout)


def test_jupyterlab_renders_the_markdown_pages_as_myst():
    """jupyterlab-myst must be enabled and compatible with the pinned JupyterLab, or the
    .md pages open as plain text in make lab."""
    result = run([str(Path(sys.executable).parent / "jupyter"), "labextension", "list"], ROOT)
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if "jupyterlab-myst" in line]
    assert lines and "enabled" in lines[0] and "OK" in lines[0], lines
    assert "not compatible" not in result.stdout + result.stderr

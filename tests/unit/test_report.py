import nbformat

from companion.report import notebook_runs, package_versions


def write(path, counts):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"x = {i}", id=f"c{i}") for i in range(len(counts))]
    for cell, count in zip(nb.cells, counts, strict=True):
        cell.execution_count = count
    nbformat.write(nb, path)


def test_notebook_runs_tell_a_fresh_run_from_an_edited_one(tmp_path):
    write(tmp_path / "fresh.ipynb", [1, 2, 3])
    write(tmp_path / "edited.ipynb", [1, 5, 3])
    write(tmp_path / "unrun.ipynb", [None, None])
    runs = notebook_runs(tmp_path)
    assert runs.loc["fresh.ipynb", "Single in-order run"] == "yes"
    assert runs.loc["edited.ipynb", "Single in-order run"] == "no"
    assert runs.loc["unrun.ipynb", "Single in-order run"] == "no"
    assert runs.loc["fresh.ipynb", "Code cells"] == 3


def test_package_versions_name_python_and_the_build_tools():
    versions = package_versions()
    assert versions.loc["python", "Version"].count(".") == 1
    assert {"jupyter-book", "matplotlib", "pandas", "nbval"} <= set(versions.index)

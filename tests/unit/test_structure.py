"""The library's shape: no import cycles, no hidden imports, every dependency declared."""

import ast
import sys
import tomllib
from pathlib import Path

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]


PACKAGE = ROOT / "companion"
#: Import names whose distribution is called something else on PyPI.
DISTRIBUTIONS = {"yaml": "PyYAML", "IPython": "ipython"}


def imports(path: Path):
    """(module imported, at top level?) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, id(node) in top


def library_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.glob("*.py"):
        deps = set()
        for module, _ in imports(path):
            parts = module.split(".")
            if parts[0] == "companion":
                deps.add(parts[1] if len(parts) > 1 else "__init__")
        graph[path.stem] = deps - {path.stem}
    return graph


def find_cycle(graph):
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_library_has_no_import_cycle():
    assert find_cycle(library_graph()) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"data": {"checks"}, "checks": {"data"}}) == ["checks", "data", "checks"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_library_imports_its_own_modules_at_the_top():
    hidden = [(path.name, module) for path in PACKAGE.glob("*.py")
              for module, at_top in imports(path)
              if module.split(".")[0] == "companion" and not at_top]
    assert hidden == []


def test_the_library_does_not_reach_into_the_build_helpers():
    used = {module.split(".")[0] for path in PACKAGE.glob("*.py") for module, _ in imports(path)}
    assert used & {"bookbuild", "sphinx", "docutils", "citeproc", "resvg_py"} == set()


def test_pyproject_declares_every_package_the_library_imports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower()
                for d in project["dependencies"]}
    third_party = {module.split(".")[0] for path in PACKAGE.glob("*.py")
                   for module, _ in imports(path)} - set(sys.stdlib_module_names) - {
        "companion", "myst_nb"}  # myst_nb: only when the book is built (figures.py)
    missing = {m for m in third_party if DISTRIBUTIONS.get(m, m).lower() not in declared}
    assert missing == set()

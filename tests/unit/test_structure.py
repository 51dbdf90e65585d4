"""The library's shape: no import cycles, no hidden imports, every dependency declared."""

import ast
import sys
import tomllib
from pathlib import Path

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]


PACKAGE = ROOT / "companion"
#: Every folder of the repository's own Python: the library, the build helpers, the scripts
#: and the tests.
CODE = ("companion", "bookbuild", "scripts", "tests")
#: Import names whose distribution is called something else on PyPI.
DISTRIBUTIONS = {"yaml": "PyYAML", "IPython": "ipython"}


def imports(path: Path):
    """(module imported, at top level?) for every import in a file; ``from x import y``
    also yields ``x.y``, which is a module when ``y`` is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in top
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                yield module, id(node) in top
            for alias in node.names:
                yield f"{module}.{alias.name}", id(node) in top


def module_name(path: Path) -> str:
    """'companion.evidence.cache' for companion/evidence/cache.py, 'companion.evidence'
    for its __init__.py, 'scripts.bench' for scripts/bench.py."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def code_files(folders=CODE) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def import_graph(folders=CODE) -> dict[str, set[str]]:
    """Module to the repository's modules it imports anywhere in its code (at the top or
    inside a function). A script runs with scripts/ on its path, so a bare name that is a
    script is that script."""
    files = {module_name(p): p for p in code_files(folders)}
    graph = {}
    for name, path in files.items():
        deps = set()
        for module, _ in imports(path):
            for candidate in (module, f"scripts.{module}"):
                if candidate in files:
                    deps.add(candidate)
        graph[name] = deps - {name}
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


def test_no_module_of_the_repository_imports_itself_round_a_cycle():
    """The library, the build helpers, the scripts and the tests, imports inside functions
    included."""
    assert find_cycle(import_graph()) is None


def test_the_import_graph_sees_every_kind_of_import(tmp_path, monkeypatch):
    """Absolute, relative, from-a-package and bare script imports all make an edge."""
    for rel, text in {"companion/__init__.py": "from companion import a\n",
                      "companion/a.py": "from .sub import b\n",
                      "companion/sub/__init__.py": "",
                      "companion/sub/b.py": "def f():\n    import scripts.c\n",
                      "scripts/c.py": "import d\n",
                      "scripts/d.py": "from companion.sub.b import f\n"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    graph = import_graph(("companion", "scripts"))
    assert graph == {"companion": {"companion.a"},
                     "companion.a": {"companion.sub", "companion.sub.b"}, "companion.sub": set(),
                     "companion.sub.b": {"scripts.c"},
                     "scripts.c": {"scripts.d"}, "scripts.d": {"companion.sub.b"}}
    assert find_cycle(graph) == ["companion.sub.b", "scripts.c", "scripts.d",
                                 "companion.sub.b"]


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"data": {"checks"}, "checks": {"data"}}) == ["checks", "data", "checks"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_library_imports_its_own_modules_at_the_top():
    hidden = [(module_name(path), module) for path in code_files(["companion"])
              for module, at_top in imports(path)
              if module.split(".")[0] == "companion" and not at_top]
    # The one exception: the package's own ``load`` and ``load_table`` are imported when
    # first used, so that a module needing only a path does not import pandas.
    assert hidden == [("companion", "companion"), ("companion", "companion.evidence")]


def test_the_library_does_not_reach_into_the_build_helpers():
    used = {module.split(".")[0] for path in code_files(["companion"])
            for module, _ in imports(path)}
    assert used & {"bookbuild", "sphinx", "docutils", "citeproc", "resvg_py"} == set()


def test_pyproject_declares_every_package_the_library_imports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower()
                for d in project["dependencies"]}
    third_party = {module.split(".")[0] for path in code_files(["companion"])
                   for module, _ in imports(path)} - set(sys.stdlib_module_names) - {
        "companion", "myst_nb"}  # myst_nb: only when the book is built (figures.py)
    missing = {m for m in third_party if DISTRIBUTIONS.get(m, m).lower() not in declared}
    assert missing == set()

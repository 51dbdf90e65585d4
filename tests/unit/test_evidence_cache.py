"""The evidence cache's key: it must change with any code that decides what a load returns,
or an edit to the loader would be served the result of the old code."""

from pathlib import Path

from test_structure import import_graph

from companion.evidence import cache

ROOT = Path(__file__).resolve().parents[2]


def reached_from_the_loader() -> set[str]:
    """Every module of the library the evidence package imports, directly or not."""
    graph = import_graph(("companion",))
    todo = [m for m in graph if m == "companion.evidence" or m.startswith("companion.evidence.")]
    seen = set()
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += graph.get(module, ())
    # companion/__init__.py runs before any submodule, but it only re-exports the loader.
    return seen - {"companion"}


def as_module(path: Path) -> str:
    parts = path.resolve().relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_key_covers_every_module_the_loader_imports():
    keyed = {as_module(p) for p in cache._library_files()}
    assert reached_from_the_loader() - keyed == set()


def test_every_keyed_file_exists():
    """A listed module that was renamed away would make every load fail to start."""
    assert [p for p in cache._library_files() if not p.is_file()] == []


def test_the_key_changes_when_a_keyed_file_changes(tmp_path, monkeypatch):
    layer = tmp_path / "layer.py"
    layer.write_text("RULE = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_library_files", lambda: [layer])
    cache._library_stamp.cache_clear()
    before = cache._library_stamp()
    layer.write_text("RULE = 2\n", encoding="utf-8")
    cache._library_stamp.cache_clear()
    try:
        assert cache._library_stamp() != before
    finally:
        cache._library_stamp.cache_clear()

"""What _toc.yml lists, and which pages in book/ it misses."""

from __future__ import annotations

from pathlib import Path

import yaml

PAGE_SUFFIXES = (".md", ".ipynb")


def toc_files(toc_path: Path) -> list[str]:
    """Every file the table of contents names, without suffix, in reading order."""
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key, []):
                    walk(child)

    walk(toc)
    return files


def pages_missing_from_toc(root: Path, book_dir: str = "book") -> list[str]:
    """Pages under book/ that _toc.yml does not list; the build would silently skip them."""
    listed = set(toc_files(root / "_toc.yml"))
    pages = [
        p for p in (root / book_dir).rglob("*")
        if p.suffix in PAGE_SUFFIXES and ".ipynb_checkpoints" not in p.parts
        and not p.name.startswith(".")
    ]
    return sorted(
        str(p.relative_to(root)) for p in pages
        if str(p.relative_to(root).with_suffix("")) not in listed
    )

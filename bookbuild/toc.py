"""What _toc.yml lists, read by sphinx-external-toc (the parser the build itself uses),
and which pages in book/ it misses."""

from __future__ import annotations

from pathlib import Path

from sphinx_external_toc.parsing import FileItem, parse_toc_yaml

PAGE_SUFFIXES = (".md", ".ipynb")


def toc_files(toc_path: Path) -> list[str]:
    """Every file the table of contents names, without suffix, in reading order."""
    site = parse_toc_yaml(Path(toc_path))
    order: list[str] = []

    def walk(docname: str) -> None:
        order.append(docname)
        for tree in site[docname].subtrees:
            for item in tree.items:
                if isinstance(item, FileItem):
                    walk(str(item))

    walk(site.root.docname)
    return order


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

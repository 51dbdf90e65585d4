"""What a rebuild keeps and what it makes again: the PNG cache, the bibliography's
formatted entries and the section and figure numbers (bookbuild/cache.py, bibcache.py,
numbering.py), each checked on a tiny Sphinx project built in this process."""

import re
import textwrap

import pytest
from sphinx.application import Sphinx
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinxcontrib.bibtex.domain import BibtexDomain

import bookbuild.downloads as downloads
import bookbuild.figures as figures
from bookbuild.cache import build_cache, cached, digest


def test_the_digest_tells_apart_parts_that_join_to_the_same_text():
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert digest(["ab", "c"]) == digest(["ab", b"c"])


def test_a_cached_result_is_made_once_per_set_of_inputs(tmp_path):
    made = []

    def make(value):
        return lambda: made.append(value) or value

    assert cached(tmp_path, ["svg one"], make(b"one")) == b"one"
    assert cached(tmp_path, ["svg one"], make(b"other")) == b"one"
    assert cached(tmp_path, ["svg two"], make(b"two")) == b"two"
    assert made == [b"one", b"two"]
    assert not list(tmp_path.glob(".part-*"))


def test_the_cache_sits_beside_the_builders_output(tmp_path):
    assert build_cache(tmp_path / "_build" / "html", "figure-png") == (
        tmp_path / "_build" / "cache" / "figure-png")


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="30pt" height="15pt">'
       '<rect width="10" height="10" fill="{}"/></svg>')


def test_a_figures_png_is_rendered_once_per_svg(tmp_path, monkeypatch):
    import resvg_py

    renders = []
    real = resvg_py.svg_to_bytes

    def counting(**kwargs):
        renders.append(kwargs["svg_string"])
        return real(**kwargs)

    monkeypatch.setattr(resvg_py, "svg_to_bytes", counting)
    cache = tmp_path / "cache"
    figures.write_figure_downloads(tmp_path / "a", "fig", SVG.format("red"), cache=cache)
    figures.write_figure_downloads(tmp_path / "b", "fig", SVG.format("red"), cache=cache)
    assert len(renders) == 1
    assert (tmp_path / "a" / "fig.png").read_bytes() == (tmp_path / "b" / "fig.png").read_bytes()
    figures.write_figure_downloads(tmp_path / "c", "fig", SVG.format("blue"), cache=cache)
    assert len(renders) == 2
    assert (tmp_path / "c" / "fig.png").read_bytes() != (tmp_path / "a" / "fig.png").read_bytes()
    figures.write_figure_downloads(tmp_path / "d", "fig", SVG.format("red"))
    assert (tmp_path / "d" / "fig.png").read_bytes() == (tmp_path / "a" / "fig.png").read_bytes()


def _project(tmp_path, conf: str, pages: dict[str, str]):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(textwrap.dedent(conf), encoding="utf-8")
    for name, text in pages.items():
        (src / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return src


def _build(src):
    out = src.parent / "_build"
    app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",
                 status=None, warning=None, freshenv=False)
    app.build()
    return out / "html"


BIB = """\
@book{one, author = {Alpha, Ann}, title = {First}, publisher = {P}, year = {2001}}
@book{two, author = {Beta, Bob}, title = {Second}, publisher = {P}, year = {2002}}
"""


@pytest.fixture
def bib_project(tmp_path):
    src = _project(tmp_path, """\
        extensions = ["sphinxcontrib.bibtex", "bookbuild.bibcache"]
        bibtex_bibfiles = ["refs.bib"]
        """, {"index.rst": """\
        Index
        =====

        See :cite:p:`one`.

        .. toctree::

           other

        .. bibliography::
        """, "other.rst": "Other\n=====\n\nText.\n", "refs.bib": BIB})
    return src


@pytest.fixture
def formatting(monkeypatch):
    """Counts the times sphinxcontrib-bibtex itself formats the entries."""
    calls = []
    real = BibtexDomain.get_formatted_entries

    def counting(self, *args):
        calls.append(args[0].docname)
        return real(self, *args)

    monkeypatch.setattr(BibtexDomain, "get_formatted_entries", counting)
    return calls


def test_entries_are_formatted_again_only_when_their_inputs_change(bib_project, formatting):
    html = _build(bib_project)
    assert formatting == ["index"]
    _build(bib_project)
    assert formatting == ["index"], "nothing changed: the kept entries serve"
    (bib_project / "other.rst").write_text("Other\n=====\n\nOther text.\n", encoding="utf-8")
    _build(bib_project)
    assert formatting == ["index"], "a page that cites nothing changed"
    (bib_project / "other.rst").write_text("Other\n=====\n\n:cite:t:`two`\n", encoding="utf-8")
    _build(bib_project)
    assert formatting == ["index"] * 2, "a page now cites another entry"
    (bib_project / "refs.bib").write_text(BIB.replace("First", "Revised"), encoding="utf-8")
    _build(bib_project)
    assert formatting == ["index"] * 3, "the bibliography file changed"
    assert "Revised" in (html / "index.html").read_text(encoding="utf-8")


def test_kept_entries_give_the_same_page_as_entries_formatted_afresh(bib_project, tmp_path):
    html = _build(bib_project)
    first = (html / "index.html").read_text(encoding="utf-8")
    (bib_project / "other.rst").write_text("Other\n=====\n\nChanged.\n", encoding="utf-8")
    _build(bib_project)
    assert "Alpha" in first and (html / "index.html").read_text(encoding="utf-8") == first


FIGURE = """\
.. figure:: pic.png
   :name: {name}

   Caption {name}.
"""


def _chapter(title, *figures, text="Text."):
    return f"{title}\n{'=' * len(title)}\n\n{text}\n\n" + "\n".join(
        FIGURE.format(name=name) for name in figures)


@pytest.fixture
def numbered_project(tmp_path):
    # numfig_secnum_depth = 0: figures are numbered through the book, so a figure added
    # to the first page moves the numbers of the second.
    src = _project(tmp_path, """\
        extensions = ["bookbuild.numbering"]
        numfig = True
        numfig_secnum_depth = 0
        """, {"index.rst": "Index\n=====\n\n.. toctree::\n   :numbered:\n\n   a\n   b\n",
              "a.rst": _chapter("A", "fa"),
              "b.rst": _chapter("B", "fb", text="See :numref:`fb`.")})
    (src / "pic.png").write_bytes(b"")
    return src


@pytest.fixture
def walks(monkeypatch):
    """Counts the collector's walks that number figures."""
    calls = []
    real = TocTreeCollector.assign_figure_numbers

    def counting(self, env):
        calls.append(1)
        return real(self, env)

    monkeypatch.setattr(TocTreeCollector, "assign_figure_numbers", counting)
    return calls


def _figure_numbers(page):
    return re.findall(r'<span class="caption-number">Fig\. ([0-9.]+) </span>',
                      page.read_text(encoding="utf-8"))


def _edit(src, name, text):
    (src / name).write_text(text, encoding="utf-8")


def test_no_page_read_keeps_the_numbers_without_a_walk(numbered_project, walks):
    html = _build(numbered_project)
    assert len(walks) == 1 and _figure_numbers(html / "b.html") == ["2"]
    _build(numbered_project)
    assert len(walks) == 1
    assert _figure_numbers(html / "b.html") == ["2"]


def test_a_changed_sentence_keeps_the_pages_numbers_without_a_walk(numbered_project, walks):
    html = _build(numbered_project)
    _edit(numbered_project, "a.rst", _chapter("A", "fa", text="A new sentence."))
    _edit(numbered_project, "b.rst", _chapter("B", "fb", text="Now see :numref:`fb`."))
    _build(numbered_project)
    assert len(walks) == 1, "no outline changed"
    assert "A new sentence." in (html / "a.html").read_text(encoding="utf-8")
    assert _figure_numbers(html / "a.html") == ["1"], "the page read keeps its number"
    assert _figure_numbers(html / "b.html") == ["2"]
    assert "Fig. 2" in (html / "b.html").read_text(encoding="utf-8"), "the reference too"


def test_a_figure_added_numbers_the_book_again(numbered_project, walks):
    html = _build(numbered_project)
    _edit(numbered_project, "a.rst", _chapter("A", "f0", "fa"))
    _build(numbered_project)
    assert len(walks) == 2
    assert _figure_numbers(html / "a.html") == ["1", "2"]
    assert _figure_numbers(html / "b.html") == ["3"], "the page not read is renumbered"


def test_a_figure_that_loses_its_caption_loses_its_number(numbered_project, walks):
    html = _build(numbered_project)
    _edit(numbered_project, "a.rst", "A\n=\n\n.. figure:: pic.png\n   :name: fa\n")
    _build(numbered_project)
    assert len(walks) == 2 and _figure_numbers(html / "b.html") == ["1"]


def test_sections_reordered_number_again(numbered_project, walks):
    html = _build(numbered_project)
    _edit(numbered_project, "index.rst",
          "Index\n=====\n\n.. toctree::\n   :numbered:\n\n   b\n   a\n")
    _build(numbered_project)
    assert len(walks) == 2 and _figure_numbers(html / "b.html") == ["1"]
    assert _figure_numbers(html / "a.html") == ["2"]


def test_pages_reordered_in_an_unnumbered_contents_number_again(numbered_project, walks):
    """No section numbers change here: only the order the walk meets the figures in."""
    html = _build(numbered_project)
    _edit(numbered_project, "index.rst", "Index\n=====\n\n.. toctree::\n\n   a\n   b\n")
    _build(numbered_project)
    _edit(numbered_project, "index.rst", "Index\n=====\n\n.. toctree::\n\n   b\n   a\n")
    _build(numbered_project)
    assert _figure_numbers(html / "b.html") == ["1"] and _figure_numbers(html / "a.html") == ["2"]


def test_figures_lose_their_chapter_numbers_with_the_contents_numbering(tmp_path, walks):
    """Only the section numbers change here: the figures are numbered by chapter."""
    src = _project(tmp_path, """\
        extensions = ["bookbuild.numbering"]
        numfig = True
        """, {"index.rst": "Index\n=====\n\n.. toctree::\n   :numbered:\n\n   a\n   b\n",
              "a.rst": _chapter("A", "fa"), "b.rst": _chapter("B", "fb")})
    (src / "pic.png").write_bytes(b"")
    html = _build(src)
    assert _figure_numbers(html / "b.html") == ["2.1"]
    _edit(src, "index.rst", "Index\n=====\n\n.. toctree::\n\n   a\n   b\n")
    _build(src)
    assert _figure_numbers(html / "b.html") == ["2"]


def test_a_removed_page_numbers_the_rest_again(numbered_project, walks):
    html = _build(numbered_project)
    _edit(numbered_project, "index.rst",
          "Index\n=====\n\n.. toctree::\n   :numbered:\n\n   b\n")
    (numbered_project / "a.rst").unlink()
    _build(numbered_project)
    assert len(walks) == 2 and _figure_numbers(html / "b.html") == ["1"]


def test_a_purged_page_alone_makes_the_next_build_number_again(numbered_project, walks):
    _build(numbered_project)
    app = Sphinx(str(numbered_project), str(numbered_project),
                 str(numbered_project.parent / "_build" / "html"),
                 str(numbered_project.parent / "_build" / "doctrees"), "html",
                 status=None, warning=None, freshenv=False)
    app.events.emit("env-get-updated", app.env)
    assert len(walks) == 1, "nothing read, nothing purged: no walk"
    app.events.emit("env-purge-doc", app.env, "a")
    app.env.all_docs.pop("a")
    app.events.emit("env-get-updated", app.env)
    assert len(walks) == 2


def test_the_books_extension_imports_neither_pandas_nor_matplotlib():
    """A rebuild pays for every import of the extension: the data loader's pandas and
    the figures' matplotlib are imported only where a page needs them."""
    import subprocess
    import sys

    code = ("import sys, bookbuild.sphinx_ext, bookbuild.bibstyle, companion.bib; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'frictionless') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=figures.__file__.rsplit("/bookbuild/", 1)[0])
    assert out.stdout.strip() == "[]"


def test_every_public_name_of_the_evidence_package_is_the_object_not_a_module():
    import types

    import companion.evidence as evidence

    for name in evidence.__all__:
        assert not isinstance(getattr(evidence, name), types.ModuleType), name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        evidence.nothing  # noqa: B018


def test_outputs_are_current_only_for_the_same_inputs_and_while_all_exist(tmp_path):
    from bookbuild.cache import mark_outputs, outputs_current

    stamp, out = tmp_path / "cache" / "stamp", tmp_path / "out.txt"
    out.write_text("x")
    assert not outputs_current(stamp, ["a"], [out]), "never written"
    mark_outputs(stamp, ["a"])
    assert outputs_current(stamp, ["a"], [out])
    assert not outputs_current(stamp, ["b"], [out])
    out.unlink()
    assert not outputs_current(stamp, ["a"], [out])


def _app(srcdir, outdir, baseurl=""):
    from types import SimpleNamespace

    return SimpleNamespace(srcdir=str(srcdir), outdir=str(outdir),
                           builder=SimpleNamespace(format="html", name="html"),
                           config=SimpleNamespace(html_baseurl=baseurl))


def test_citation_files_are_written_again_only_when_what_they_say_changes(tmp_path):
    from companion import ROOT

    out = tmp_path / "_build" / "html"
    downloads.write_citation_downloads(_app(ROOT, out), None)
    one = out / downloads.CITE / "table-events.bib"
    assert "events.csv" in one.read_text(encoding="utf-8")
    one.write_text("kept", encoding="utf-8")
    downloads.write_citation_downloads(_app(ROOT, out), None)
    assert one.read_text(encoding="utf-8") == "kept", "same inputs: nothing rewritten"
    downloads.write_citation_downloads(_app(ROOT, out, "https://example.org/book/"), None)
    assert "https://example.org/book/" in one.read_text(encoding="utf-8")
    (out / downloads.CITE / "table-events.ris").unlink()
    downloads.write_citation_downloads(_app(ROOT, out, "https://example.org/book/"), None)
    assert (out / downloads.CITE / "table-events.ris").is_file()


def test_data_downloads_are_written_again_when_a_file_in_them_changes(tmp_path):
    src = tmp_path / "src"
    (src / "data" / "geo").mkdir(parents=True)
    (src / "data" / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (src / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    (src / "data" / "geo" / "land.json").write_text("[]", encoding="utf-8")
    (src / "references.bib").write_text("", encoding="utf-8")
    out = tmp_path / "_build" / "html"
    downloads.write_data_downloads(_app(src, out), None)
    copy = out / downloads.DATA / "a.csv"
    assert copy.read_text(encoding="utf-8") == "x\n1\n"
    copy.write_text("kept", encoding="utf-8")
    downloads.write_data_downloads(_app(src, out), None)
    assert copy.read_text(encoding="utf-8") == "kept"
    (src / "data" / "geo" / "land.json").write_text("[1]", encoding="utf-8")
    downloads.write_data_downloads(_app(src, out), None)
    assert copy.read_text(encoding="utf-8") == "x\n1\n"
    import zipfile

    with zipfile.ZipFile(out / downloads.DATA_ZIP) as archive:
        assert archive.read("data/geo/land.json") == b"[1]"

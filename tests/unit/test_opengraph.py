"""Link previews: each page's Open Graph tags and description (bookbuild/opengraph.py)."""

from docutils import nodes

from bookbuild.opengraph import open_graph_tags, page_description, tags_html


def _page(*paragraphs):
    section = nodes.section("", nodes.title(text="A title that is not described"))
    section += [nodes.paragraph(text=text) for text in paragraphs]
    return section


def test_the_description_is_the_first_paragraphs_text_without_the_title():
    page = _page("The column is  short.\nIt was\tpublished in 2011.", "Second paragraph.")
    assert page_description(page) == ("The column is short. It was published in 2011. "
                                      "Second paragraph.")


def test_a_long_description_is_cut_at_a_word_with_an_ellipsis():
    words = [f"word{i}" for i in range(100)]
    text = page_description(_page(" ".join(words)), limit=60)
    assert text.endswith("…") and len(text) <= 60
    kept = text.removesuffix("…").split()
    assert kept == words[:len(kept)]
    assert len(text) + 1 + len(words[len(kept)]) > 60, "the next word would have fitted"


def test_a_page_without_paragraphs_has_no_description_tag():
    tags = open_graph_tags("Index", "The book", "book", page_description(_page()))
    assert [name for name, _ in tags] == ["og:title", "og:type", "og:site_name"]
    assert 'name="description"' not in tags_html(tags, "")


def test_the_url_tag_appears_only_with_an_address():
    assert "og:url" not in dict(open_graph_tags("T", "B", "book", "d"))
    assert dict(open_graph_tags("T", "B", "book", "d", "https://e.org/p.html"))["og:url"] == (
        "https://e.org/p.html")


def test_tags_are_escaped_and_the_description_is_given_twice():
    out = tags_html(open_graph_tags('Say "no" & <go>', "B", "book", "d & e"), "d & e")
    assert 'property="og:title" content="Say &quot;no&quot; &amp; &lt;go&gt;"' in out
    assert out.count('content="d &amp; e"') == 2
    assert '<meta name="description" content="d &amp; e" />' in out


def test_the_cut_uses_the_whole_limit_ellipsis_included():
    assert page_description(_page("aaaa bbbb cccc"), limit=10) == "aaaa bbbb…"
    assert page_description(_page("aaaa bbbb cccc"), limit=9) == "aaaa…"

"""The companion's citation comes from CITATION.cff alone, and says only what is known."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pybtex.database import parse_string

from bookbuild.citation import ACCESSED, bibtex, csl_item, meta_tags, page_url, read_cff, render

#: The repository, found from this file: collecting the tests runs no library code.
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book():
    return read_cff(ROOT / "CITATION.cff")


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_cff_and_book_configuration_agree(book, config):
    sphinx = config["sphinx"]["config"]
    assert book.title == config["title"] == sphinx["epub_title"] == sphinx["project"]
    assert book.version == str(sphinx["version"]) == str(sphinx["release"])
    assert book.version == str(config["parse"]["myst_substitutions"]["edition"])
    assert list(book.authors) == [config["author"]] == [sphinx["epub_author"]]
    # One public URL: the book's html_baseurl, or none anywhere.
    assert book.url == config["html"]["baseurl"]


def test_zenodo_metadata_agrees_with_the_cff_and_is_valid(book):
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "zenodo.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(zenodo, schema)
    assert zenodo["title"] == book.title and zenodo["version"] == book.version
    assert [c["name"] for c in zenodo["creators"]] == list(book.authors)
    assert zenodo["publication_date"] == book.date_released
    assert zenodo["license"] == book.license and tuple(zenodo["keywords"]) == book.keywords
    assert (zenodo["upload_type"], zenodo["publication_type"]) == ("publication", "book")


def test_a_cff_without_a_book_citation_is_refused(tmp_path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del cff["preferred-citation"]
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff), encoding="utf-8")
    with pytest.raises(ValueError, match="preferred-citation"):
        read_cff(path)


def test_apa_and_chicago_carry_title_version_year_and_url(book):
    with_url = csl_item(book, url="https://example.org/companion/")
    apa = render(with_url, "APA")
    assert apa.startswith(f"{book.authors[0]}. ({book.year}). {book.title}")
    assert f"(Version {book.version})" in apa and apa.endswith("https://example.org/companion/")
    chicago = render(with_url, "Chicago")
    assert f"Version {book.version}. {book.year}." in chicago
    assert "https://example.org/companion/" in chicago
    # Without a URL nothing is invented.
    assert "http" not in render(csl_item(book), "APA") + render(csl_item(book), "Chicago")


def test_a_page_is_cited_as_a_chapter_with_an_access_date_only_when_it_has_a_url(book):
    page = csl_item(book, "The verdict (¶1-2)", "https://example.org/c/book/x.html")
    chicago = render(page, "Chicago")
    assert "“The Verdict (¶1-2)”. In Epilogue on Joint Missile Defense" in chicago
    assert f"Accessed {ACCESSED}" in chicago
    assert ACCESSED not in render(csl_item(book, "The verdict (¶1-2)"), "Chicago")


def test_bibtex_round_trips_through_a_bibtex_parser(book):
    entry = parse_string(bibtex(book), "bibtex").entries["lukyanov2011companion"]
    assert entry.type == "book" and entry.fields["title"] == book.title
    assert entry.fields["version"] == book.version and "url" not in entry.fields
    assert [str(p) for p in entry.persons["author"]] == ["{" + a + "}" for a in book.authors]
    page = parse_string(bibtex(book, "Glossary", "https://e.org/g.html", key="g"),
                        "bibtex").entries["g"]
    assert page.type == "incollection" and page.fields["booktitle"] == book.title
    assert page.fields["urldate"] == ACCESSED


@pytest.mark.parametrize("base,expected", [
    ("", ""), ("https://e.org/c/", "https://e.org/c/book/timeline.html"),
    ("https://e.org/c", "https://e.org/c/book/timeline.html"),
])
def test_page_url(base, expected):
    assert page_url(base, "book/timeline") == expected


def test_meta_tags_describe_a_chapter_and_leave_out_urls_until_one_is_set(book):
    tags = meta_tags(book, "Glossary", "book/glossary", "")
    names = [n for n, _ in tags]
    assert dict(tags)["citation_title"] == "Glossary"
    assert dict(tags)["citation_inbook_title"] == book.title
    assert dict(tags)["citation_publication_date"] == book.date_released.replace("-", "/")
    assert names.count("citation_author") == len(book.authors)
    assert not {"citation_public_url", "citation_pdf_url", "DC.identifier"} & set(names)
    with_url = dict(meta_tags(book, "Glossary", "book/glossary", "https://e.org/c/", pdf=True))
    assert with_url["citation_public_url"] == "https://e.org/c/book/glossary.html"
    assert with_url["citation_pdf_url"].startswith("https://e.org/c/downloads/")
    front = dict(meta_tags(book, book.title, "book/intro", ""))
    assert "citation_inbook_title" not in front



def test_an_item_of_the_book_is_a_chapter_with_the_book_as_container_and_its_edition(book):
    from bookbuild.citation import bibtex_item, item_citation, ris

    item = item_citation(book, "companion-claim-x", "¶4: A claim.", "https://b/p.html#x",
                         "Verdict: partly.")
    assert item["type"] == "chapter" and item["container-title"] == book.title
    assert item["version"] == book.version and item["URL"].endswith("#x")
    text = ris(item)
    assert text.startswith("TY  - CHAP\n") and text.endswith("ER  - \n")
    assert f"ET  - {book.version}\n" in text and "N1  - Verdict: partly.\n" in text
    entry = parse_string(bibtex_item(book, item), "bibtex").entries["companion-claim-x"]
    assert entry.type == "incollection" and entry.fields["edition"] == book.version
    assert entry.fields["booktitle"] == book.title


def test_an_item_without_an_address_has_no_url_in_any_format(book):
    from bookbuild.citation import bibtex_item, item_citation, ris

    item = item_citation(book, "companion-table-events", "Data table events.csv")
    assert "URL" not in item and "UR  -" not in ris(item)
    assert "url" not in parse_string(bibtex_item(book, item), "bibtex").entries[
        "companion-table-events"].fields


def test_a_claim_citation_names_its_paragraph_and_its_verdicts_and_an_unknown_one_fails():
    import pandas as pd

    from bookbuild.downloads import cite_target

    claims = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str, keep_default_na=False)
    first = claims.iloc[0]
    stem, item = cite_target(str(ROOT), f"claim:{first.claim_id}", "https://b/", "book/p")
    assert stem == f"claim-{first.claim_id}"
    assert item["title"] == f"¶{first.para}: {first.claim}"
    assert item["URL"] == f"https://b/book/p.html#claim-{first.claim_id.replace('_', '-')}"
    assert first.verdict_2025.replace("_", " ") in item["note"]
    with pytest.raises(KeyError, match="no claim 'nope'"):
        cite_target(str(ROOT), "claim:nope")
    with pytest.raises(KeyError, match="cite what"):
        cite_target(str(ROOT), "figure:x")


def test_an_item_without_an_address_is_located_by_its_page_and_anchor(book):
    import pandas as pd

    from bookbuild.downloads import cite_target

    claims = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str, keep_default_na=False)
    first = claims.iloc[0]
    anchor = f"claim-{first.claim_id.replace('_', '-')}"
    _, item = cite_target(str(ROOT), f"claim:{first.claim_id}", "", "book/scorecard")
    assert "URL" not in item
    assert item["note"].endswith(f" In the book at book/scorecard.html#{anchor}.")
    _, table = cite_target(str(ROOT), "table:events", "", "book/data-and-methods")
    assert table["note"].endswith(" In the book at book/data-and-methods.html.")
    # With a public address the URL carries the locator, and the note does not repeat it.
    _, online = cite_target(str(ROOT), f"claim:{first.claim_id}", "https://b/", "book/p")
    assert "In the book at" not in online["note"]

"""The source mix and the weak-source report, on the real bibliography and a broken copy."""

import re

import companion
from companion.bib import SOURCE_KINDS, bib_entry, bib_keys
from companion.sources import source_mix, weak_rows


def reclassify(bib_file, key, kind):
    text = bib_file.read_text(encoding="utf-8")
    entry = re.search(r"@\w+\{" + key + r",.*?\n\}", text, flags=re.S).group(0)
    fixed = re.sub(r"sourcekind = \{\w+\}", f"sourcekind = {{{kind}}}", entry)
    bib_file.write_text(text.replace(entry, fixed), encoding="utf-8")


def test_every_entry_says_what_kind_of_source_it_is_and_its_language():
    problems = [k for k in bib_keys() if bib_entry(k).get("sourcekind") not in SOURCE_KINDS
                or not bib_entry(k).get("language", "").isalpha()]
    assert problems == []
    # One naming for languages (the language's English name), so the mix has one column
    # per language rather than "es" beside "spanish".
    codes = {k: bib_entry(k)["language"] for k in bib_keys()
             if len(bib_entry(k)["language"]) < 4 or not bib_entry(k)["language"].islower()}
    assert codes == {}


def test_no_row_rests_on_reposts_alone():
    weak = weak_rows()
    assert list(weak[weak.Weakness == "reposts only"].Row) == []


def test_a_row_whose_only_source_becomes_a_repost_is_reported(scratch_data):
    bib = scratch_data.parent / "references.bib"
    reclassify(bib, "clintonwh_jdec_2000", "repost")
    weak = weak_rows(companion.load(scratch_data), bib)
    reposts = weak[weak.Weakness == "reposts only"]
    assert ("events", "jdec_agreement", "sources") in set(
        zip(reposts.Table, reposts.Row, reposts.Column, strict=True))


def test_the_mix_counts_every_entry_once_by_kind_and_language(scratch_data):
    bib = scratch_data.parent / "references.bib"
    mix = source_mix(bib)
    assert mix.loc["All", "All"] == len(bib_keys(bib))
    assert list(mix.index[: len([k for k in SOURCE_KINDS if k in mix.index])]) == [
        k for k in SOURCE_KINDS if k in mix.index]
    before = mix.loc["repost", "All"]
    reclassify(bib, "clintonwh_jdec_2000", "repost")
    assert source_mix(bib).loc["repost", "All"] == before + 1


def test_hover_sources_end_in_one_full_stop(tmp_path):
    from companion.bib import sources_sentence

    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{dated,\n  author = {{Agency}},\n  title = {{T}},\n  year = {2011},\n}\n\n"
                   "@misc{undated,\n  author = {{Paper}},\n  title = {{U}},\n  year = {n.d.},\n}\n",
                   encoding="utf-8")
    assert sources_sentence(["dated"], bib) == "Sources: Agency 2011."
    assert sources_sentence(["dated", "undated"], bib) == "Sources: Agency 2011; Paper n.d."
    assert sources_sentence([], bib) == ""

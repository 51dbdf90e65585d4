import json

import pytest

import companion
from companion.tables import codebook, reading_map, resources


def test_reading_map_has_every_paragraph_once():
    table = reading_map()
    assert list(table.index) == list(range(1, 13))
    assert table.loc[12, "Section"] == "The Asian turn"


def test_codebook_lists_every_field_of_every_resource():
    descriptor = json.loads((companion.DATA_DIR / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert list(codebook(resource["name"]).index) == fields


def test_codebook_unknown_resource_is_a_clear_error():
    with pytest.raises(KeyError, match="no resource 'nope'"):
        codebook("nope")


def test_resources_counts_rows():
    assert resources().loc["events", "Rows"] == len(companion.load_table("events"))

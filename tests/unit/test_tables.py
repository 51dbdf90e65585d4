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


def test_reading_map_links_each_paragraph_to_its_label():
    table = reading_map(links=True)
    assert list(table.columns) == ["¶", "Section", "Summary", "Words", "Question for discussion"]
    assert table["Question for discussion"].str.endswith("?").all()
    assert list(table["¶"]) == [f"{{ref}}`¶{n} <para-{n}>`" for n in range(1, 13)]


def test_event_table_keeps_every_event_in_date_order():
    from companion.tables import event_table

    events = companion.load_table("events")
    table = event_table(events)
    assert len(table) == len(events)
    assert list(table.columns) == ["Date", "Precision", "Lane", "Event", "Sources"]
    starts = events.set_index("title").loc[table.Event, "start"]
    assert starts.is_monotonic_increasing
    # A bar's end date is shown with its start.
    lasted = events[events.end_date != ""].iloc[0]
    assert f"{lasted.date} to {lasted.end_date}" in set(table.Date)


def test_event_counts_add_up():
    from companion.tables import event_counts

    events = companion.load_table("events")
    assert event_counts(events).loc["All", "All"] == len(events)
    assert event_counts(events, by="year").Events.sum() == len(events)
    with pytest.raises(ValueError, match="by must be"):
        event_counts(events, by="decade")

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


def synthetic_events(*rows):
    """Events worked by hand: (event_id, date, precision, lane, title, end_date)."""
    import pandas as pd

    from companion.evidence import add_date_bounds

    frame = pd.DataFrame(rows, columns=["event_id", "date", "date_precision", "lane", "title",
                                        "end_date"])
    return add_date_bounds(frame.assign(sources=[["k"]] * len(frame)))


def test_event_table_orders_by_start_then_id_and_names_the_lane():
    from companion.tables import event_table

    events = synthetic_events(
        ("b", "2011-06-08", "day", "russia", "Second", ""),
        ("a", "2011-06", "month", "nato", "Tie broken by id", ""),
        ("z", "2011-06-01", "day", "nato_russia", "Same start", "2011-07"),
        ("c", "1999", "year", "united_states", "Earliest", ""))
    table = event_table(events)
    assert list(table.Event) == ["Earliest", "Tie broken by id", "Same start", "Second"]
    assert list(table.Lane) == ["United States", "NATO", "NATO-Russia", "Russia"]
    assert list(table.Date) == ["1999", "2011-06", "2011-06-01 to 2011-07", "2011-06-08"]
    assert list(table.Precision) == ["year", "month", "day", "day"]
    assert table.attrs["source"] == "events"


def test_event_counts_put_each_year_in_its_period():
    from companion.tables import event_counts

    events = synthetic_events(
        ("a", "2006-12-31", "day", "nato", "t", ""), ("b", "2007-01-01", "day", "nato", "t", ""),
        ("c", "2013-12-31", "day", "russia", "t", ""), ("d", "2014-01", "month", "russia", "t", ""),
        ("e", "2014-06-01", "day", "russia", "t", ""))
    counts = event_counts(events)
    assert list(counts.columns) == ["before 2007", "2007-2013", "after 2013", "All"]
    assert counts.index.name == "Lane"
    assert counts.loc["NATO"].tolist() == [1, 1, 0, 2]
    assert counts.loc["Russia"].tolist() == [0, 1, 2, 3]
    assert counts.loc["All"].tolist() == [1, 2, 2, 5]
    by_year = event_counts(events, by="year")
    assert by_year.Events.to_dict() == {2006: 1, 2007: 1, 2013: 1, 2014: 2}
    assert by_year.index.name == "Year"


def test_codebook_spells_out_type_key_required_and_rules(monkeypatch):
    import companion.tables

    fields = [
        {"name": "id", "type": "string", "description": "The key.",
         "constraints": {"required": True, "pattern": "[a-z]+"}},
        {"name": "tags", "type": "list", "delimiter": ";", "description": "Tags."},
        {"name": "n", "type": "integer", "constraints": {"minimum": 1, "enum": [1, 2]}},
        {"name": "plain"},
        {"name": "years", "type": "list", "itemType": "integer", "delimiter": "|",
         "constraints": {"enum": ["a", "b"], "unique": True}},
    ]
    keyless = [{"name": "only", "type": "string"}]
    descriptor = {"resources": [{"name": "other", "schema": {"fields": keyless}},
                                {"name": "things", "schema": {"fields": fields,
                                                              "primaryKey": ["id"]}}]}
    monkeypatch.setattr(companion.tables, "read_descriptor", lambda folder: descriptor)
    book = codebook("things", "anywhere")
    assert list(book.index) == ["id", "tags", "n", "plain", "years"]
    assert list(book.columns) == ["Type", "Required", "Key", "Rules", "Meaning"]
    assert book.loc["id"].tolist() == ["string", "yes", "primary", "pattern: [a-z]+", "The key."]
    assert book.loc["tags"].tolist() == ["list", "no", "", "items: string, separated by ';'",
                                         "Tags."]
    assert book.loc["n"].tolist() == ["integer", "no", "", "minimum: 1; enum: [1, 2]", ""]
    assert book.loc["plain"].tolist() == ["string", "no", "", "", ""]
    assert "required" not in book.loc["id", "Rules"]
    # Values are shown as JSON, the language of the descriptor, not as Python.
    assert book.loc["years", "Rules"] == ('enum: ["a", "b"]; unique: true; '
                                         "items: integer, separated by '|'")
    assert codebook("other", "anywhere").loc["only"].tolist() == ["string", "no", "", "", ""]


def test_resources_count_the_rows_of_the_folder_asked_for(scratch_data):
    path = scratch_data / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("mk41_inf_2018,")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    table = resources(scratch_data)
    assert table.loc["events", "Rows"] == len(companion.load_table("events")) - 1


def test_event_counts_without_events_count_the_book_s_own():
    from companion.tables import event_counts

    assert event_counts().equals(event_counts(companion.load_table("events")))


def test_resources_name_file_title_and_rows_of_each_table():
    table = resources()
    assert table.index.name == "Resource"
    assert list(table.columns) == ["File", "Title", "Rows"]
    ev = companion.load()
    descriptor = json.loads((companion.DATA_DIR / "datapackage.json").read_text())
    assert list(table.index) == [r["name"] for r in descriptor["resources"]]
    for r in descriptor["resources"]:
        assert table.loc[r["name"]].tolist() == [f"data/{r['path']}", r["title"],
                                                 len(ev[r["name"]])]


def test_election_calendar_counts_days_and_completed_months_from_the_meeting():
    from companion.tables import ELECTION_EVENTS, election_calendar

    rows = [("start", "2011-06-08", "day", "nato_russia", "Meeting", "")]
    dates = ["2011-06-08", "2011-07-07", "2011-12-08", "2012-03", "2012-11-06"]
    rows += [(e, d, "month" if len(d) == 7 else "day", "russia", f"Step {i}", "")
             for i, (e, d) in enumerate(zip(ELECTION_EVENTS, dates, strict=True))]
    table = election_calendar(synthetic_events(*rows), after="start")
    assert list(table.columns) == ["Date", "Event", "Days after", "Completed months after"]
    assert list(table.Event) == [f"Step {i}" for i in range(5)]
    assert list(table.Date) == ["8 June 2011", "7 July 2011", "8 December 2011",
                                "1 March 2012", "6 November 2012"]
    assert list(table["Days after"]) == [0, 29, 183, 267, 517]
    assert list(table["Completed months after"]) == [0, 0, 6, 8, 16]

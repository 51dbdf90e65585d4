"""One list per vocabulary: the schema's codes and labels reach the loader, the tables and the
figures, and a list kept anywhere else is refused."""

import json

import pytest

from companion import DataError, load
from companion.dates import PRECISIONS
from companion.paths import find_data_dir
from companion.scorecard import kinds, verdict_chart, verdict_styles
from companion.tables import event_counts
from companion.timeline import lane_styles, timeline
from companion.vocabulary import by_position, codes, descriptions, labels


def field(descriptor, resource, name):
    table = next(r for r in descriptor["resources"] if r["name"] == resource)
    return next(f for f in table["schema"]["fields"] if f["name"] == name)


def edit_descriptor(data_dir, change):
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def names_the_resource(error, data_dir, resource):
    """The message names datapackage.json and the line where the resource starts."""
    lines = (data_dir / "datapackage.json").read_text(encoding="utf-8").splitlines()
    start = next(i for i, text in enumerate(lines, 1) if f'"name": "{resource}"' in text)
    assert error.file.endswith("datapackage.json") and error.line == start


def add_lane(descriptor, with_category=True, with_code=True):
    spec = field(descriptor, "events", "lane")
    if with_code:
        spec["constraints"]["enum"].append("europe")
    if with_category:
        spec["categories"].append({"value": "europe", "label": "Europe"})


def test_the_library_reads_the_schemas_lists_in_the_schemas_order():
    descriptor = json.loads((find_data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    lane = field(descriptor, "events", "lane")
    assert list(lane_styles()) == codes("events", "lane") == lane["constraints"]["enum"]
    assert [s[0] for s in lane_styles().values()] == [c["label"] for c in lane["categories"]]
    verdict = field(descriptor, "claims", "verdict_2013")
    assert list(verdict_styles()) == verdict["constraints"]["enum"]
    assert [s[3] for s in verdict_styles().values()] == [
        c["description"] for c in verdict["categories"]]
    assert kinds() == field(descriptor, "claims", "kind")["constraints"]["enum"]
    assert set(codes("events", "date_precision")) <= set(PRECISIONS)


def test_a_lane_added_to_the_schema_reaches_the_timeline_and_the_tables(
        scratch_data, monkeypatch):
    edit_descriptor(scratch_data, add_lane)
    csv = scratch_data / "events.csv"
    text = csv.read_text(encoding="utf-8")
    first = text.splitlines()[1]
    event_id = first.split(",")[0]
    lane = next(c for c in first.split(",") if c in codes("events", "lane"))
    csv.write_text(text.replace(first, first.replace("," + lane + ",", ",europe,", 1)),
                   encoding="utf-8")
    monkeypatch.setenv("COMPANION_DATA_DIR", str(scratch_data))
    events = load(scratch_data).events
    assert events.set_index("event_id").lane[event_id] == "europe"
    assert labels("events", "lane")["europe"] == "Europe"
    fig = timeline(events, start="1970", end="1975")
    assert "Europe" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Europe" in event_counts(events).index


@pytest.mark.parametrize("where", ["codes only", "labels only"])
def test_a_lane_added_in_one_list_only_is_refused(scratch_data, where):
    edit_descriptor(scratch_data, lambda d: add_lane(d, with_category=where == "labels only",
                                                     with_code=where == "codes only"))
    with pytest.raises(DataError, match="the categories of field 'lane' of resource "
                       "'events' list .* but its codes") as info:
        load(scratch_data)
    assert "Give every code one category, in the same order." in str(info.value)
    names_the_resource(info.value, scratch_data, "events")


def test_labels_in_another_order_than_the_codes_are_refused(scratch_data):
    def swap(descriptor):
        categories = field(descriptor, "events", "lane")["categories"]
        categories[0], categories[1] = categories[1], categories[0]
    edit_descriptor(scratch_data, swap)
    with pytest.raises(DataError, match="the categories of field 'lane'"):
        load(scratch_data)


def test_the_two_verdict_fields_must_share_their_vocabulary(scratch_data):
    def drift(descriptor):
        spec = field(descriptor, "claims", "verdict_2025")
        spec["categories"][0]["label"] = "held"
    edit_descriptor(scratch_data, drift)
    with pytest.raises(DataError, match="fields 'verdict_2013' and 'verdict_2025' of "
                       "resource 'claims' share one vocabulary") as info:
        load(scratch_data)
    assert info.value.hint == "Make the two lists the same."
    names_the_resource(info.value, scratch_data, "claims")


def test_a_precision_the_date_parser_does_not_know_is_refused(scratch_data):
    def quarter(descriptor):
        spec = field(descriptor, "events", "date_precision")
        spec["constraints"]["enum"].append("quarter")
        spec["categories"].append({"value": "quarter"})
    edit_descriptor(scratch_data, quarter)
    with pytest.raises(DataError, match="allows 'quarter', which the date parser does not "
                       "know") as info:
        load(scratch_data)
    assert "It knows: day, month, year." in str(info.value)
    assert info.value.value == "quarter"
    names_the_resource(info.value, scratch_data, "events")


def test_a_code_without_a_label_reads_as_itself(scratch_data, monkeypatch):
    def unlabel(descriptor):
        for name in ("verdict_2013", "verdict_2025"):
            del field(descriptor, "claims", name)["categories"][2]["label"]
    edit_descriptor(scratch_data, unlabel)
    monkeypatch.setenv("COMPANION_DATA_DIR", str(scratch_data))
    assert labels("claims", "verdict_2013")["not_borne_out"] == "not borne out"
    assert descriptions("claims", "verdict_2013")["not_borne_out"].startswith("The record")


def test_more_codes_than_the_figures_have_styles_for_says_where_to_add_one():
    with pytest.raises(ValueError, match=r"lists 6 codes for events.lane .* but the figures "
                       r"have 2 lane styles: add one for 'russia'"):
        by_position("events", "lane", ["a", "b"], "lane styles")
    assert by_position("events", "lane", list("abcdefgh"), "x")["nato_russia"] == "b"


def test_the_verdict_chart_colours_follow_the_schemas_order():
    colours = {s[0]: s[1] for s in verdict_styles().values()}
    fig = verdict_chart()
    drawn = {c.get_label(): c.patches[0].get_facecolor() for c in fig.axes[0].containers}
    from matplotlib.colors import to_rgba
    assert {k: to_rgba(v) for k, v in colours.items() if k in drawn} == drawn

import io

import pandas as pd
import pytest

import companion
from companion.data import add_date_bounds
from companion.figures import save
from companion.timeline import label_overlaps, label_text, labelled_events, timeline


@pytest.fixture(scope="module")
def events():
    return companion.load_table("events")


def synthetic(n, title="Event"):
    dates = pd.date_range("2000-01-01", periods=n, freq="5D")
    lanes = ["nato", "russia", "united_states", "arms_control", "asia_pacific", "nato_russia"]
    frame = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)],
        "date": [d.strftime("%Y-%m-%d") for d in dates],
        "date_precision": "day", "end_date": "",
        "title": [f"{title} {i}" for i in range(n)],
        "lane": [lanes[i % len(lanes)] for i in range(n)],
    })
    return add_date_bounds(frame)


def test_zoomed_window_labels_without_overlap(events):
    fig = timeline(events, start="2010-11", end="2011-07")
    assert label_overlaps(fig) == []
    shown = events[(events.end >= "2010-11-01") & (events.start <= "2011-07-31")]
    assert set(labelled_events(fig)) | set(fig.unplaced_labels) == set(shown.event_id)


def test_empty_window_is_a_clear_error(events):
    with pytest.raises(ValueError, match="no events between 1980-01-01"):
        timeline(events, start="1980", end="1985")


def test_reversed_window_is_a_clear_error(events):
    with pytest.raises(ValueError, match="ends .* before it starts"):
        timeline(events, start="2012", end="2010")


def test_single_event_and_same_day_events():
    one = synthetic(1)
    assert labelled_events(timeline(one)) == ["e0"]
    same = synthetic(3)
    same[["start", "end"]] = pd.Timestamp("2001-01-01")
    same["lane"] = "nato"
    fig = timeline(same)
    assert label_overlaps(fig) == []


def test_data_text_stays_literal():
    data = synthetic(2, title="Cost $5_000 <b>bold</b>")
    fig = timeline(data)
    texts = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label-")]
    assert texts and all(not t.get_parse_math() for t in texts)
    assert "$5_000 <b>bold</b>" in texts[0].get_text()
    fig.savefig(io.BytesIO(), format="svg")


def test_long_titles_wrap_and_shorten():
    text = label_text("x" * 10 + " word" * 40)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 24 and len(lines) <= 4 and text.endswith("...")


def test_a_label_that_cannot_be_placed_is_reported_not_dropped():
    data = synthetic(30)
    data[["start", "end"]] = pd.Timestamp("2001-01-01")
    data["lane"] = "nato"
    fig = timeline(data)
    assert sorted(labelled_events(fig) + fig.unplaced_labels) == sorted(data.event_id)
    assert fig.unplaced_labels and label_overlaps(fig) == []


def test_many_events_draw_and_label_only_highlights():
    data = synthetic(500)
    fig = timeline(data, highlight=["e10", "e200"])
    assert sorted(labelled_events(fig)) == ["e10", "e200"]


def test_saved_figures_are_byte_identical(events, tmp_path):
    fig = timeline(events, start="2010-11", end="2011-07")
    first = [p.read_bytes() for p in save(fig, tmp_path / "a" / "t")]
    second = [p.read_bytes() for p in save(fig, tmp_path / "b" / "t")]
    assert first == second


def test_overview_has_two_panels_with_the_same_lanes(events):
    from companion.timeline import KEY_EVENTS, overview

    fig = overview(events, highlight=KEY_EVENTS)
    left, right = fig.axes
    assert left.get_shared_y_axes().joined(left, right)
    # Every event is drawn once, in one panel or the other, never in both.
    markers = [line for ax in (left, right) for line in ax.lines if line.get_marker() != "None"]
    assert len(markers) == len(events)
    assert label_overlaps(fig) == []
    assert sorted(labelled_events(fig) + fig.unplaced_labels) == sorted(KEY_EVENTS)


def test_overview_split_outside_the_range_is_refused(events):
    from companion.timeline import overview

    with pytest.raises(ValueError, match="split '1960' must fall between"):
        overview(events, split="1960")


def test_glue_figure_saves_for_slides_only_when_asked(events, tmp_path, monkeypatch):
    from companion.figures import FIGURE_DIR_VARIABLE, glue_figure

    monkeypatch.delenv(FIGURE_DIR_VARIABLE, raising=False)
    glue_figure("zoom", timeline(events, start="2010-11", end="2011-07"))
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(FIGURE_DIR_VARIABLE, str(tmp_path))
    glue_figure("zoom", timeline(events, start="2010-11", end="2011-07"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zoom.png", "zoom.svg"]


def test_svg_output_is_identical_between_draws(events):
    from companion.figures import svg_text

    first = svg_text(timeline(events, start="2010-11", end="2011-07"))
    second = svg_text(timeline(events, start="2010-11", end="2011-07"))
    assert first == second and "<svg" in first


def test_a_figure_missing_a_requested_label_is_not_shown():
    from companion.figures import glue_figure

    data = synthetic(30)
    data[["start", "end"]] = pd.Timestamp("2001-01-01")
    data["lane"] = "nato"
    fig = timeline(data, labels=list(data.event_id))
    assert fig.unplaced_labels
    with pytest.raises(ValueError, match="no room for the label"):
        glue_figure("crowded", fig)

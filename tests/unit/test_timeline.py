import io

import pandas as pd
import pytest

import companion
from companion.data import add_date_bounds
from companion.figures import save
from companion.timeline import (
    DETAIL_EVENTS,
    LANES,
    label_overlaps,
    label_text,
    labelled_events,
    marker_overlaps,
    timeline,
)


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
    assert "$5_000 <b>bold</b>" in texts[0].get_text().replace("\n", " ")
    fig.savefig(io.BytesIO(), format="svg")


def test_long_titles_wrap_and_shorten():
    text = label_text("x" * 10 + " word" * 40)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 16 and len(lines) <= 3 and text.endswith("...")


def test_a_label_that_cannot_be_placed_is_reported_not_dropped():
    data = synthetic(20)
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
    import companion.figures as figures
    from companion.figures import FIGURE_DIR_VARIABLE, glue_figure

    saved = []
    real_save = figures.save
    monkeypatch.setattr(figures, "save", lambda fig, stem: saved.append(stem) or
                        real_save(fig, stem))
    monkeypatch.delenv(FIGURE_DIR_VARIABLE, raising=False)
    glue_figure("zoom", timeline(events, start="2010-11", end="2011-07"))
    assert saved == []  # nothing written anywhere unless make figures asks
    monkeypatch.setenv(FIGURE_DIR_VARIABLE, str(tmp_path))
    glue_figure("zoom", timeline(events, start="2010-11", end="2011-07"))
    assert saved == [tmp_path / "zoom"]
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


def test_labels_are_automatic_up_to_twenty_events_then_only_highlights():
    fig = timeline(synthetic(20))
    assert len(labelled_events(fig) + fig.unplaced_labels) == 20
    assert labelled_events(timeline(synthetic(21), highlight=["e3"])) == ["e3"]


def two_on_one_day():
    """A day-precise and a month-precise event in the same lane on the same date."""
    frame = pd.DataFrame({
        "event_id": ["day", "month"], "date": ["2011-06-15", "2011-06"],
        "date_precision": ["day", "month"], "end_date": "", "label": ["Day", "Month"],
        "title": ["A day <event> & more", "A month event"], "lane": "nato",
        "sources": [["nato_chicago_2012"], ["lukyanov2011", "aca_abm"]],
    })
    return add_date_bounds(frame)


def test_a_month_marker_is_never_hidden_behind_a_day_marker():
    fig = timeline(two_on_one_day(), start="2011-01", end="2011-12")
    assert marker_overlaps(fig) == []
    day, month = (line for line in fig.axes[0].lines if (line.get_gid() or "").startswith("event-"))
    assert day.get_ydata()[0] != month.get_ydata()[0]


def test_day_markers_are_filled_and_month_markers_open():
    fig = timeline(two_on_one_day(), start="2011-01", end="2011-12")
    faces = {line.get_gid(): line.get_markerfacecolor() for line in fig.axes[0].lines
             if (line.get_gid() or "").startswith("event-")}
    assert faces["event-month"] == "white"
    assert faces["event-day"] == LANES["nato"][1]


def test_every_marker_carries_escaped_hover_text_with_date_precision_and_sources():
    import xml.etree.ElementTree as ET

    from companion.figures import svg_text

    svg = svg_text(timeline(two_on_one_day(), start="2011-01", end="2011-12"))
    ns = "{http://www.w3.org/2000/svg}"
    titles = {g.get("id"): g.find(f"{ns}title").text for g in ET.fromstring(svg).iter(f"{ns}g")
              if g.get("id", "").startswith("event-")}
    assert titles == {
        "event-day": "A day <event> & more. 15 June 2011. Sources: NATO 2012.",
        "event-month": "A month event. June 2011 (day not recorded). Sources: Lukyanov 2011; "
                       "Arms Control Association 1972.",
    }
    assert "A day &lt;event&gt; &amp; more" in svg


def test_every_label_has_its_marker(events):
    fig = timeline(events, start="2007", end="2013", labels=DETAIL_EVENTS)
    marked = {line.get_gid()[6:] for line in fig.axes[0].lines
              if (line.get_gid() or "").startswith("event-")}
    assert set(labelled_events(fig)) <= marked
    assert marker_overlaps(fig) == []


def test_era_captions_never_collide():
    eras = [("First era", "2011-01-01", "2011-12-31"), ("Second era", "2011-02-01", "2011-11-30"),
            ("Third era", "2011-03-01", "2011-10-31")]
    fig = timeline(two_on_one_day(), start="2011-01", end="2011-12", eras=eras)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_gid() == "era"]
    assert len(boxes) == 3
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_book_figures_keep_text_legible_at_the_page_width(events):
    from companion.figures import PAGE_WIDTH, too_small_text

    fig = timeline(events, start="2007", end="2013", labels=DETAIL_EVENTS)
    assert fig.get_figwidth() <= PAGE_WIDTH
    assert too_small_text(fig) == []

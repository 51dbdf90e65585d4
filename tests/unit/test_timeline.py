import io

import pandas as pd
import pytest

import companion
from companion.evidence import add_date_bounds
from companion.figures import save
from companion.timeline import (
    DETAIL_EVENTS,
    label_overlaps,
    label_text,
    labelled_events,
    lane_styles,
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
    # The page's figure and its phone layout, both for slides.
    assert sorted(saved) == [tmp_path / "zoom", tmp_path / "zoom-narrow"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "zoom-narrow.png", "zoom-narrow.svg", "zoom.png", "zoom.svg"]


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
    assert faces["event-day"] == lane_styles()["nato"][1]


def test_every_marker_carries_escaped_hover_text_with_date_precision_and_sources():
    import xml.etree.ElementTree as ET

    from companion.figures import svg_text

    svg = svg_text(timeline(two_on_one_day(), start="2011-01", end="2011-12"))
    ns = "{http://www.w3.org/2000/svg}"
    titles = {g.get("id"): g.find(f"{ns}title").text for g in ET.fromstring(svg).iter(f"{ns}g")
              if g.get("id", "").startswith("event-")}
    assert titles == {
        "event-day": "A day <event> & more. 15 June 2011. Sources: NATO 2012.",
        "event-month": "A month event. June 2011 (day not recorded). Sources: Lukyanov 2011a; "
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


# ---- windows, dates and marks worked by hand -------------------------------------------

def frame(*rows):
    """Events (event_id, date, precision, lane, end_date) with bounds."""
    data = pd.DataFrame(rows, columns=["event_id", "date", "date_precision", "lane", "end_date"])
    return add_date_bounds(data.assign(title=[f"Title {r[0]}" for r in rows]))


def test_window_keeps_events_that_overlap_it_at_either_edge():
    from companion.timeline import window

    events = frame(("before", "2010-12-31", "day", "nato", ""),
                   ("month", "2010-12", "month", "nato", ""),
                   ("first", "2011-01-01", "day", "nato", ""),
                   ("last", "2011-12-31", "day", "nato", ""),
                   ("after", "2012-01-01", "day", "nato", ""),
                   ("lasting", "2009", "year", "nato", "2011-01"))
    shown, lo, hi = window(events, "2011", "2011")
    assert (lo, hi) == (pd.Timestamp("2011-01-01"), pd.Timestamp("2011-12-31"))
    assert list(shown.event_id) == ["first", "last", "lasting"]
    everything, lo, hi = window(events)
    assert len(everything) == 6
    assert (lo, hi) == (pd.Timestamp("2009-01-01"), pd.Timestamp("2012-01-01"))
    month_end = window(events, "2010-06", "2010-12")[2]
    assert month_end == pd.Timestamp("2010-12-31")


@pytest.mark.parametrize("row,text", [
    (("a", "2011-06-08", "day", "nato", ""), "8 June 2011"),
    (("a", "2011-06", "month", "nato", ""), "June 2011 (day not recorded)"),
    (("a", "2011", "year", "nato", ""), "2011 (month not recorded)"),
    (("a", "2009-09-17", "day", "nato", "2011-06"),
     "17 September 2009 to June 2011 (day not recorded)"),
    (("a", "2009", "year", "nato", "2013"), "2009 (month not recorded) to 2013 (month not "
                                            "recorded)"),
    (("a", "2009-09", "month", "nato", "2010-01-05"),
     "September 2009 (day not recorded) to 5 January 2010"),
])
def test_date_text_says_each_date_at_its_precision(row, text):
    from companion.timeline import date_text

    assert date_text(next(frame(row).itertuples())) == text


def test_hover_text_without_sources_ends_at_the_date():
    from companion.timeline import event_hover_text

    event = next(frame(("a", "2011-06", "month", "nato", "")).itertuples())
    assert event_hover_text(event) == "Title a. June 2011 (day not recorded)."


def test_lanes_run_top_down_in_the_declared_order_and_unknown_lanes_are_refused():
    events = frame(("a", "2011-01-05", "day", "russia", ""),
                   ("b", "2011-02-05", "day", "nato", ""),
                   ("c", "2011-03-05", "day", "asia_pacific", ""))
    ax = timeline(events).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Asia-Pacific", "Russia", "NATO"]
    assert list(ax.get_yticks()) == [0, 1, 2]
    chosen = timeline(events, lanes=["nato", "russia"]).axes[0]
    assert [t.get_text() for t in chosen.get_yticklabels()] == ["Russia", "NATO"]
    marked = {line.get_gid() for line in chosen.lines if (line.get_gid() or "").startswith("e")}
    assert marked == {"event-a", "event-b"}
    with pytest.raises(ValueError, match=r"unknown lane\(s\) \['navy'\]; lanes are: nato, "):
        timeline(events, lanes=["navy"])


def test_highlighted_events_are_larger_with_a_black_edge():
    events = frame(("a", "2011-01-05", "day", "russia", ""),
                   ("b", "2011-06-05", "day", "russia", ""))
    lines = {line.get_gid(): line for line in timeline(events, highlight=["a"]).axes[0].lines}
    assert lines["event-a"].get_markersize() == 9 and lines["event-b"].get_markersize() == 7
    assert lines["event-a"].get_markeredgecolor() == "#000000"
    assert lines["event-b"].get_markeredgecolor() == lane_styles()["russia"][1]
    assert lines["event-a"].get_marker() == lane_styles()["russia"][2]


def test_a_lasting_event_is_a_thick_bar_and_an_imprecise_date_a_thin_one_centred():
    events = frame(("lasting", "2010-01-10", "day", "nato", "2010-12-20"),
                   ("vague", "2010", "year", "russia", ""))
    ax = timeline(events).axes[0]
    bars = [line for line in ax.lines if line.get_gid() is None and len(line.get_xdata()) == 2]
    widths = sorted(line.get_linewidth() for line in bars)
    assert widths == [1.5, 6]
    markers = {line.get_gid(): line for line in ax.lines if line.get_gid()}
    # The lasting event's marker sits at its start; the vague one's in the middle of its year.
    assert pd.Timestamp(markers["event-lasting"].get_xdata()[0]) == pd.Timestamp("2010-01-10")
    middle = pd.Timestamp("2010-01-01") + (pd.Timestamp("2010-12-31") - pd.Timestamp(
        "2010-01-01")) / 2
    assert pd.Timestamp(markers["event-vague"].get_xdata()[0]) == middle


def test_the_column_line_appears_only_when_its_week_is_in_the_window():
    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-12-05", "day", "nato", ""))
    inside = timeline(events).axes[0]
    assert [t.get_text() for t in inside.texts if t.get_gid() == "column-line"] == [" The column"]
    early = frame(("a", "2005-01-05", "day", "nato", ""), ("b", "2005-12-05", "day", "nato", ""))
    outside = timeline(early).axes[0]
    assert not [t for t in outside.texts if t.get_gid() == "column-line"]


def test_eras_are_clipped_to_the_window_and_those_outside_are_skipped():
    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-12-05", "day", "nato", ""))
    eras = [("Inside", "2010-06-01", "2011-03-01"), ("Outside", "2001-01-01", "2002-01-01")]
    ax = timeline(events, eras=eras).axes[0]
    captions = [t for t in ax.texts if t.get_gid() == "era"]
    assert [t.get_text() for t in captions] == [" Inside"]
    assert pd.Timestamp(captions[0].get_position()[0]) == pd.Timestamp("2011-01-05")
    assert len(timeline(events, eras=[]).axes[0].patches) == 0
    assert len(ax.patches) == 1


def test_labels_none_labels_nothing_and_named_labels_are_requested():
    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-06-05", "day", "nato", ""))
    assert labelled_events(timeline(events, labels="none")) == []
    assert timeline(events, labels="none").requested_labels == []
    named = timeline(events, labels=["b"])
    assert labelled_events(named) == ["b"] and named.requested_labels == ["b"]
    assert timeline(events).requested_labels == []


def test_label_text_wraps_at_sixteen_and_shortens_past_forty_eight():
    assert label_text("Short") == "Short"
    assert label_text("Sixteen letters! and more") == "Sixteen letters!\nand more"
    long = label_text("word " * 20)
    assert long.endswith("...") and len(long.replace("\n", " ")) <= 48


def test_a_bar_spans_its_event_at_the_marker_height_in_the_lane_colour_behind_it():
    events = frame(("lasting", "2010-01-10", "day", "nato", "2010-12-20"))
    ax = timeline(events).axes[0]
    bar = next(line for line in ax.lines if line.get_gid() is None
               and len(line.get_xdata()) == 2)
    marker = next(line for line in ax.lines if line.get_gid() == "event-lasting")
    xs = [pd.Timestamp(x) for x in bar.get_xdata()]
    assert xs == [pd.Timestamp("2010-01-10"), pd.Timestamp("2010-12-20")]
    assert list(bar.get_ydata()) == [marker.get_ydata()[0]] * 2
    assert bar.get_color() == lane_styles()["nato"][1]
    assert bar.get_zorder() < marker.get_zorder()
    assert bar.get_solid_capstyle() == "butt"


@pytest.mark.parametrize("start,end,shown", [("2011-06-08", "2011-12", True),
                                             ("2011-01", "2011-06-08", True),
                                             ("2011-06-09", "2011-12", False),
                                             ("2011-01", "2011-06-07", False)])
def test_the_column_line_is_drawn_when_its_day_is_inside_the_window_edges_included(
        start, end, shown):
    from companion.timeline import COLUMN_DATE

    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-12-05", "day", "nato", ""),
                   ("c", "2011-06-08", "day", "nato", ""))
    ax = timeline(events, start=start, end=end).axes[0]
    lines = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(lines) == (1 if shown else 0)
    if shown:
        assert pd.Timestamp(lines[0].get_xdata()[0]) == COLUMN_DATE
        caption = next(t for t in ax.texts if t.get_gid() == "column-line")
        renderer = ax.figure.canvas.get_renderer()
        box, plot = caption.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert plot.y0 < box.y0 and box.y1 <= plot.y1 + 1
        assert box.x0 >= ax.transData.transform((ax.get_xlim()[0], 0))[0]


def test_eras_shade_their_clipped_span_alternately_behind_the_events():
    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-12-05", "day", "nato", ""))
    eras = [("Outside", "2001-01-01", "2002-01-01"), ("Early", "2010-06-01", "2011-03-01"),
            ("Late", "2011-03-01", "2013-01-01")]
    ax = timeline(events, eras=eras).axes[0]
    spans = list(ax.patches)
    assert len(spans) == 2
    lo, hi = pd.Timestamp("2011-01-05"), pd.Timestamp("2011-12-05")
    xs = [[round(span.get_x(), 6), round(span.get_x() + span.get_width(), 6)] for span in spans]
    import matplotlib.dates as mdates

    assert xs == [[round(mdates.date2num(lo), 6), round(mdates.date2num(
        pd.Timestamp("2011-03-01")), 6)], [round(mdates.date2num(pd.Timestamp("2011-03-01")), 6),
                                           round(mdates.date2num(hi), 6)]]
    assert spans[0].get_alpha() != spans[1].get_alpha()
    assert all(span.get_zorder() < 1 for span in spans)
    captions = [t for t in ax.texts if t.get_gid() == "era"]
    assert [t.get_text() for t in captions] == [" Early", " Late"]
    assert all(t.get_ha() == "left" for t in captions)
    renderer = ax.figure.canvas.get_renderer()
    page = ax.figure.bbox
    for caption in captions:
        box = caption.get_window_extent(renderer)
        assert page.y0 <= box.y0 and box.y1 <= page.y1


def test_the_frame_keeps_lane_names_ticks_title_and_source_inside_the_page():
    from companion.figures import PAGE_WIDTH

    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-12-05", "day", "russia", ""),
                   ("c", "2011-06-05", "day", "united_states", ""))
    for title in (None, "A title"):
        fig = timeline(events, title=title)
        ax = fig.axes[0]
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        page = fig.bbox
        boxes = [t.get_window_extent(renderer) for t in [*ax.get_yticklabels(),
                                                          *ax.get_xticklabels(), *fig.texts]
                 if t.get_text()]
        if title:
            assert ax.get_title(loc="left") == title
            boxes.append(ax.title.get_window_extent(renderer) if ax.title.get_text()
                         else ax._left_title.get_window_extent(renderer))
        assert all(page.x0 <= b.x0 and b.x1 <= page.x1 + 0.5 and page.y0 <= b.y0
                   and b.y1 <= page.y1 + 0.5 for b in boxes)
        source = next(t for t in fig.texts if t.get_gid() == "source-line")
        ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
        assert not any(source.get_window_extent(renderer).overlaps(b) for b in ticks)
        assert fig.get_figwidth() == PAGE_WIDTH
        assert fig.get_figheight() == pytest.approx(1.0 + 1.2 * 3)
        low, high = ax.get_ylim()
        assert low <= -0.7 and 2 < high < 3
        assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
        xlo, xhi = ax.get_xlim()
        assert xlo < mdates_num("2011-01-05") and xhi > mdates_num("2011-12-05")


def mdates_num(day):
    import matplotlib.dates as mdates

    return mdates.date2num(pd.Timestamp(day))


def test_overview_splits_on_the_day_with_the_same_lanes_and_a_wider_recent_panel():
    from companion.timeline import overview

    events = frame(("old", "1980-05-01", "day", "arms_control", ""),
                   ("eve", "2006-12-31", "day", "nato", ""),
                   ("split", "2007-01-01", "day", "russia", ""),
                   ("late", "2020-01-01", "day", "nato", ""),
                   ("outside", "2030-01-01", "day", "nato", ""))
    fig = overview(events, highlight=["old", "late"], title="Overview")
    left, right = fig.axes
    drawn = {ax: {line.get_gid()[6:] for line in ax.lines if (line.get_gid() or "")
                  .startswith("event-")} for ax in (left, right)}
    # An event after the usual span widens the overview instead of being left out.
    assert drawn[left] == {"old", "eve"} and drawn[right] == {"split", "late", "outside"}
    import matplotlib.dates as mdates

    assert mdates.num2date(left.get_xlim()[1]).year == 2007
    assert right.get_xlim()[0] < mdates.date2num(pd.Timestamp("2007-01-01"))
    assert (mdates.date2num(pd.Timestamp("2030-12-31")) < right.get_xlim()[1]
            < mdates.date2num(pd.Timestamp("2031-12-31")))
    usual = overview(events[events.event_id != "outside"])
    assert (mdates.date2num(pd.Timestamp("2025-12-31")) < usual.axes[1].get_xlim()[1]
            < mdates.date2num(pd.Timestamp("2026-12-31")))
    assert mdates.num2date(usual.axes[0].get_xlim()[0]).year == 1971
    assert [t.get_text() for t in left.get_yticklabels()] == ["Arms control", "Russia", "NATO"]
    assert list(left.get_yticks()) == list(right.get_yticks()) == [0, 1, 2]
    assert left.get_shared_y_axes().joined(left, right)
    assert right.get_position().width > 2 * left.get_position().width
    assert right.spines["left"].get_linestyle() != left.spines["left"].get_linestyle()
    ticks = [mdates.num2date(t).year for t in left.get_xticks()
             if left.get_xlim()[0] <= t <= left.get_xlim()[1]]
    assert ticks and all(year % 10 == 0 for year in ticks)
    assert fig.requested_labels == ["late", "old"]
    assert sorted(labelled_events(fig) + fig.unplaced_labels) == ["late", "old"]
    assert left.get_title(loc="left") == "Overview"
    named = overview(events, labels=["eve"])
    assert named.requested_labels == ["eve"] and labelled_events(named) == ["eve"]


def test_labels_never_cover_a_marker_and_sit_on_their_side_of_the_lane():
    events = synthetic(12)
    events["lane"] = "nato"
    fig = timeline(events)
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    markers = {}
    for line in ax.lines:
        if (line.get_gid() or "").startswith("event-"):
            cx, cy = ax.transData.transform((line.get_xdata(orig=False)[0],
                                             line.get_ydata(orig=False)[0]))
            half = line.get_markersize() * fig.dpi / 72 / 2
            markers[line.get_gid()[6:]] = (cx - half, cy - half, cx + half, cy + half)
    labels = {t.get_gid()[6:]: t.get_window_extent(renderer) for t in ax.texts
              if (t.get_gid() or "").startswith("label-")}
    assert len(labels) >= 6
    for name, box in labels.items():
        for other, (x0, y0, x1, y1) in markers.items():
            assert not (box.x0 < x1 and x0 < box.x1 and box.y0 < y1 and y0 < box.y1), (name, other)
        _, my0, _, my1 = markers[name]
        assert box.y0 >= my1 - 1 or box.y1 <= my0 + 1, name


def test_a_short_label_from_the_data_is_used_instead_of_the_title():
    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-06-05", "day", "nato", ""))
    events["label"] = ["Short a", ""]
    ax = timeline(events).axes[0]
    texts = {t.get_gid(): t.get_text() for t in ax.texts
             if (t.get_gid() or "").startswith("label-")}
    assert texts == {"label-a": "Short a", "label-b": "Title b"}


def test_marker_overlaps_finds_markers_that_cover_each_other_and_only_those():
    import matplotlib.pyplot as plt

    from companion.timeline import marker_overlaps

    fig, ax = plt.subplots(figsize=(4, 2), dpi=72)
    ax.set_xlim(0, 400)
    ax.set_ylim(0, 200)
    fig.subplots_adjust(0, 0, 1, 1)
    # 1 data unit = 0.72 px here; markers of 10 pt have a 5 px radius.
    for gid, x in (("a", 100), ("b", 110), ("c", 113), ("d", 200), ("e", 213.8),
                   ("f", 250), ("g", 264)):
        ax.plot([x], [100], marker="o", ms=10, gid=f"event-{gid}")
    ax.plot([300], [100], marker="o", ms=10, gid="other-x")
    ax.plot([301], [100], marker="o", ms=10, gid="event-y")
    assert sorted(marker_overlaps(fig)) == [("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")]
    plt.close(fig)


def test_unknown_lanes_and_empty_windows_say_what_to_do():
    events = frame(("a", "2011-01-05", "day", "nato", ""))
    with pytest.raises(ValueError, match=r"no events between 2011-01-05 and 2011-01-05 in lanes "
                                         r"\['russia'\]: widen the window or choose other lanes\."):
        timeline(events, lanes=["russia"])


def test_an_event_without_an_end_date_field_has_no_end_and_no_thick_bar():
    from companion.timeline import date_text

    events = frame(("y", "2010", "year", "nato", ""), ("d", "2010-06-01", "day", "nato", ""))
    events = events.drop(columns="end_date")
    assert date_text(next(events.itertuples())) == "2010 (month not recorded)"
    ax = timeline(events).axes[0]
    bars = [line for line in ax.lines if line.get_gid() is None and len(line.get_xdata()) == 2]
    assert [line.get_linewidth() for line in bars] == [1.5]
    markers = {line.get_gid(): line for line in ax.lines if line.get_gid()}
    assert all(line.get_color() == lane_styles()["nato"][1] for line in markers.values())


def test_an_era_that_ends_where_the_window_starts_is_not_drawn():
    events = frame(("a", "2011-01-05", "day", "nato", ""), ("b", "2011-12-05", "day", "nato", ""))
    ax = timeline(events, eras=[("Edge", "2010-01-01", "2011-01-05")]).axes[0]
    assert [t for t in ax.texts if t.get_gid() == "era"] == [] and len(ax.patches) == 0

"""Every figure of the book, drawn again for a phone's column: it fits, its text stays
inside it, its labels are all placed, and it carries the same marks as on the page."""

import matplotlib.pyplot as plt
import pytest

from companion import load
from companion.figures import NARROW_WIDTH, PAGE_WIDTH, check_figure, outside_text
from companion.labels import label_overlaps


def _figures():
    from companion import timeline as tl
    from companion.diagrams import schemes_diagram
    from companion.maps import site_map
    from companion.physics.charts import needed_speed_map, reach_chart
    from companion.polls import poll_chart
    from companion.readings import reading_chart
    from companion.scorecard import verdict_chart
    from companion.stakeholders import position_matrices, position_matrix, power_interest

    ev = load()
    return {
        "timeline-overview": lambda: tl.overview(ev.events, highlight=tl.KEY_EVENTS),
        "timeline-detail": lambda: tl.timeline(ev.events, start="2007", end="2013",
                                               labels=tl.DETAIL_EVENTS),
        "scorecard": verdict_chart,
        "matrix": lambda: position_matrix("2011-06-08"),
        "matrices": position_matrices,
        "power-interest": power_interest,
        "map-europe": lambda: site_map("europe", "2011-06-08", evidence=ev),
        "map-asia": lambda: site_map("asia", "2025-01-01", highlight=["seongju"], evidence=ev),
        "schemes": schemes_diagram,
        "polls": poll_chart,
        "readings": reading_chart,
        "reach": reach_chart,
        "flight-map": lambda: needed_speed_map("redzikowo"),
    }


FIGURES = sorted(_figures())


@pytest.fixture(scope="module")
def drawn():
    return _figures()


@pytest.mark.parametrize("name", FIGURES)
def test_the_narrow_layout_fits_a_phone_and_keeps_every_mark(drawn, name):
    wide = drawn[name]()
    narrow = wide.redraw(NARROW_WIDTH)
    assert wide.get_figwidth() == pytest.approx(PAGE_WIDTH)
    check_figure(name, narrow, NARROW_WIDTH)
    assert narrow.get_figwidth() == pytest.approx(NARROW_WIDTH)
    assert outside_text(narrow) == [], f"{name}: text past the figure's edge"
    assert label_overlaps(narrow) == []
    assert getattr(narrow, "unplaced_labels", []) == [], f"{name}: labels with no room"
    # The same marks, with the same hover text: a phone's reader loses nothing but hover.
    assert getattr(narrow, "hover_texts", {}) == getattr(wide, "hover_texts", {})
    plt.close("all")


def test_the_wide_layouts_keep_their_text_inside_the_figure(drawn):
    for name, draw in drawn.items():
        fig = draw()
        assert outside_text(fig) == [], f"{name}: text past the figure's edge"
        plt.close(fig)


def test_a_narrow_timeline_numbers_its_labels_in_date_order_and_keys_them_all(drawn):
    from companion.timeline import DETAIL_EVENTS

    fig = drawn["timeline-detail"]().redraw(NARROW_WIDTH)
    labels = {t.get_gid()[6:]: t.get_text() for ax in fig.axes for t in ax.texts
              if (t.get_gid() or "").startswith("label-")}
    assert set(labels) == set(DETAIL_EVENTS)
    events = load().events.set_index("event_id").loc[DETAIL_EVENTS].sort_values("date")
    assert [labels[e] for e in events.index] == [str(n) for n in range(1, len(labels) + 1)]
    key = [t.get_text() for t in fig.texts if t.get_gid() == "key"]
    starts = [line.split()[0] for line in key if not line.startswith(" ")]
    assert starts == [str(n) for n in range(1, len(labels) + 1)]
    plt.close("all")


def test_a_narrow_matrix_stacks_one_grid_per_date_with_the_same_cells(drawn):
    from companion.stakeholders import SNAPSHOTS

    wide = drawn["matrices"]()
    narrow = wide.redraw(NARROW_WIDTH)
    assert len(narrow.axes) == len(SNAPSHOTS) and len(wide.axes) == 1

    def cells(fig):
        return sorted(p.get_gid() for ax in fig.axes for p in ax.patches
                      if (p.get_gid() or "").startswith("cell--"))

    assert cells(narrow) == cells(wide)
    tops = [ax.get_position().y0 for ax in narrow.axes]
    assert tops == sorted(tops, reverse=True)  # the first date on top
    plt.close("all")


#: The windows the chapters' timelines show (book/sections/*.ipynb and the timeline page).
WINDOWS = [("2010-11", "2011-07"), ("1991", "2011-07"), ("1992", "2011-07"),
           ("2011-06", "2012-12"), ("2010-01", "2011-12"), ("2009", "2013-12"),
           ("2011-06", "2023-12"), ("2007", "2013"), ("2012-01", "2012-12")]


@pytest.mark.parametrize("start,end", WINDOWS)
def test_a_narrow_timeline_of_every_chapters_window_draws_without_a_warning(start, end):
    """A warning would reach the notebook's stored output (nbval compares it), and a tick
    label at the edge would be cut off by the page."""
    import warnings

    from companion.timeline import timeline

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = timeline(load().events, start=start, end=end, labels="none",
                       width=NARROW_WIDTH)
        check_figure("window", fig, NARROW_WIDTH)
        assert outside_text(fig) == []
    plt.close(fig)


def test_a_narrow_matrix_gives_every_actors_name_its_own_row(drawn):
    """A name wrapped to three lines gets taller rows, so no name runs into the next."""
    fig = drawn["matrix"]().redraw(NARROW_WIDTH)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    names = [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]
    assert any(t.get_text().count("\n") == 2 for t in ax.get_yticklabels())
    assert not [(i, j) for i, a in enumerate(names) for j, b in enumerate(names[i + 1:], i + 1)
                if a.overlaps(b)]
    plt.close("all")

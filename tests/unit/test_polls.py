"""Poll results on synthetic data: fieldwork dates, the nearest result, and the figure's
marks (one per result, never a line joining two question series)."""

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.lines import Line2D

from companion.evidence import Evidence
from companion.figures import MARK_PREFIXES
from companion.polls import fieldwork_midpoint, fieldwork_text, nearest, poll_chart, poll_table


def poll(poll_id, series, share, start, end, sample=1600, question="Is NATO a threat?"):
    return {"poll_id": poll_id, "pollster": "VTsIOM", "series": series,
            "question_en": question, "answer": "a threat", "share": share,
            "sample": sample, "fieldwork_start": start, "fieldwork_end": end,
            "sources": ["lukyanov2011"]}


POLLS = pd.DataFrame([
    poll("b_2011", "nato_threat", 34, "2011-10-22", "2011-10-23"),
    poll("a_2009", "nato_threat", 41, "2009", "2009", sample=None),
    poll("c_2011", "us_attitude", 55, "2011-03", "2011-03", question="The United States?"),
    poll("d_2013", "nato_threat", 30, "2013-08-24", "2013-08-25"),
])


def evidence(polls=POLLS):
    empty = pd.DataFrame()
    return Evidence(sections=empty, column=empty, quotes=empty, actors=empty,
                    proposals=empty, positions=empty, events=empty, claims=empty,
                    phases=empty, sites=empty, polls=polls)


def test_the_midpoint_of_fieldwork_is_its_middle_day():
    assert fieldwork_midpoint("2007-08-10", "2007-08-13") == pd.Timestamp("2007-08-11")
    assert fieldwork_midpoint("2011-10-22", "2011-10-22") == pd.Timestamp("2011-10-22")


def test_a_result_known_to_the_year_sits_at_mid_year_and_one_known_to_the_month_mid_month():
    assert fieldwork_midpoint("2009", "2009") == pd.Timestamp("2009-07-02")
    assert fieldwork_midpoint("2011-03", "2011-03") == pd.Timestamp("2011-03-16")


@pytest.mark.parametrize(("start", "end", "text"), [
    ("2011-10-22", "2011-10-23", "22-23 October 2011"),
    ("2011-10-22", "2011-10-22", "22 October 2011"),
    ("2010-05", "2010-05", "May 2010"),
    ("2009", "2009", "2009 (month not given)"),
    ("2011-09-30", "2011-10-03", "30 September 2011 to 3 October 2011"),
])
def test_fieldwork_is_written_as_a_reader_says_it(start, end, text):
    assert fieldwork_text(start, end) == text


def test_the_nearest_result_is_the_one_whose_midpoint_is_closest():
    assert nearest("nato_threat", pd.Timestamp("2011-06-09"), evidence()).poll_id == "b_2011"
    assert nearest("nato_threat", pd.Timestamp("2010-01-01"), evidence()).poll_id == "a_2009"
    assert nearest("nato_threat", pd.Timestamp("2014-01-01"), evidence()).poll_id == "d_2013"


def test_a_series_without_results_is_an_error_naming_the_file():
    with pytest.raises(ValueError, match=r"series 'us_role'.*data/polls.csv"):
        nearest("us_role", evidence=evidence())


def test_the_table_is_in_date_order_and_keeps_only_the_series_asked_for():
    table = poll_table(["nato_threat"], evidence=evidence())
    assert list(table["Share (%)"]) == ["41", "34", "30"]
    assert list(table["Fieldwork"]) == ["2009 (month not given)", "22-23 October 2011",
                                        "24-25 August 2013"]
    assert list(table["Sample"]) == ["", "1,600", "1,600"]


def _points(fig):
    return {line.get_gid(): line for ax in fig.axes for line in ax.lines
            if (line.get_gid() or "").startswith("poll-")}


def test_every_result_is_one_mark_with_its_question_share_and_sample_as_hover_text():
    fig = poll_chart(evidence())
    points = _points(fig)
    assert set(points) == {f"poll-{p}" for p in POLLS.poll_id}
    assert all(g.startswith(MARK_PREFIXES) for g in fig.hover_texts)
    text = fig.hover_texts["poll-b_2011"]
    assert "22-23 October 2011, 1,600 respondents" in text
    assert "Is NATO a threat?" in text and "34%" in text and "Lukyanov 2011" in text


def test_points_sit_at_their_share_and_fieldwork_midpoint_on_the_right_panel():
    fig = poll_chart(evidence())
    top, bottom = fig.axes[:2]
    point = _points(fig)["poll-b_2011"]
    assert point.axes is top
    assert list(point.get_ydata()) == [34]
    assert pd.Timestamp(point.get_xdata()[0]) == pd.Timestamp("2011-10-22")
    assert _points(fig)["poll-c_2011"].axes is bottom


def test_a_line_joins_the_results_of_one_series_in_date_order_and_never_two_series():
    fig = poll_chart(evidence())
    top = fig.axes[0]
    joined = [line for line in top.lines if line.get_gid() is None and len(line.get_xdata()) > 1
              and line.get_label() == "NATO a threat (VTsIOM)"]
    assert len(joined) == 1
    assert list(joined[0].get_ydata()) == [41, 34, 30]
    bottom_lines = [line for line in fig.axes[1].lines if line.get_gid() is None
                    and line.get_label().startswith("NATO")]
    assert bottom_lines == []


def test_a_result_known_only_to_the_year_is_drawn_open_and_the_others_filled():
    points = _points(poll_chart(evidence()))
    assert mcolors.same_color(points["poll-a_2009"].get_markerfacecolor(), "white")
    filled = points["poll-b_2011"]
    assert mcolors.same_color(filled.get_markerfacecolor(), filled.get_color())


def test_the_column_and_the_half_line_are_drawn_on_both_panels():
    fig = poll_chart(evidence())
    for ax in fig.axes[:2]:
        flat = [line for line in ax.lines if isinstance(line, Line2D)
                and len(set(line.get_ydata())) == 1 and line.get_ydata()[0] == 50]
        assert flat, "no 50% line"
        upright = [line for line in ax.lines if len(set(line.get_xdata())) == 1
                   and line.get_linestyle() == "--"]
        assert upright, "no line at the column"

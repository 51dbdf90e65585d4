"""The schemes diagram is drawn from its description: boxes, links, hover and alt text."""

import copy
import re

import pytest

from companion.diagrams import SCHEMES, scheme_alt_text, schemes_diagram
from companion.figures import PAGE_WIDTH, svg_text, too_small_text


def test_every_box_is_drawn_with_hover_text():
    fig = schemes_diagram()
    svg = svg_text(fig)
    for scheme in SCHEMES:
        for box_id, heading, *_ in scheme["boxes"]:
            gid = f"scheme-{scheme['id']}-{box_id}"
            title = re.search(r'<g id="' + gid + r'"[^>]*>\s*<title>([^<]+)</title>', svg)
            assert title and heading in title.group(1), gid
    assert fig.get_figwidth() <= PAGE_WIDTH and too_small_text(fig) == []


def test_a_new_box_appears_in_the_drawing_and_the_alt_text():
    schemes = copy.deepcopy(SCHEMES)
    schemes[1]["boxes"].append(("observers", "Observers", "Watch the exercises", 1, 0))
    assert 'id="scheme-two_systems-observers"' in svg_text(schemes_diagram(schemes))
    assert "Observers: Watch the exercises" in scheme_alt_text(schemes)


def test_a_link_to_an_undefined_box_is_refused():
    schemes = copy.deepcopy(SCHEMES)
    schemes[0]["links"].append(("nato", "china", "talks", False))
    with pytest.raises(ValueError, match=r"'china'"):
        schemes_diagram(schemes)


def test_sources_are_in_the_source_line():
    from companion.bib import short_cite

    fig = schemes_diagram()
    line = next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")
    flat = " ".join(line.split())
    for scheme in SCHEMES:
        for key in scheme["sources"]:
            assert short_cite(key) in flat, key

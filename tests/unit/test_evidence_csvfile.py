"""Layer 2, CSV structure (companion/evidence/csvfile.py), read from a file on disk."""

import pytest

from companion.evidence import DataError, load


def test_a_control_character_in_a_file_is_reported_in_its_row_and_column(scratch_data):
    path = scratch_data / "events.csv"
    header, first, rest = path.read_text(encoding="utf-8").split("\n", 2)
    cells = first.split(",")
    title = header.split(",").index("title")
    cells[title] = cells[title][:3] + "\x07" + cells[title][3:]
    path.write_text("\n".join([header, ",".join(cells), rest]), encoding="utf-8")
    with pytest.raises(DataError, match="control character") as err:
        load(scratch_data)
    assert (err.value.file, err.value.row, err.value.column) == ("data/events.csv", 1, "title")

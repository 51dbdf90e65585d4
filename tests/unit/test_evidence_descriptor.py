"""Layer 1, the descriptor (companion/evidence/descriptor.py), read from a file on disk."""

import pytest

from companion.evidence import DataError, load


def test_a_control_character_in_the_descriptor_names_the_file_and_line(scratch_data):
    path = scratch_data / "datapackage.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] += "\x1b"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"control character \(ESC, U\+001B\)") as err:
        load(scratch_data)
    assert (err.value.file, err.value.line) == ("data/datapackage.json", 3)

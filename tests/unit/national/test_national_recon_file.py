"""The 3202 detail file: zip of a tab-separated UTF-8 text; bad lines are named."""

from __future__ import annotations

import pytest

from yidi.domain.national.errors import NationalError
from yidi.domain.national.recon_file import DetailRow, compare, read_upload, upload_zip, write_zip

ROW = DetailRow("S1", "M1", "P1", 10000, 6000, 1000, "0")


def test_round_trip():
    assert read_upload(upload_zip([ROW]), "f") == [ROW]


def test_bad_files_are_named():
    with pytest.raises(NationalError, match="第 1 行"):
        read_upload(write_zip("d.txt", [("S1", "M1")]), "f")
    with pytest.raises(NationalError, match="zip"):
        read_upload(b"plain", "f")
    with pytest.raises(NationalError, match=r"一个 \.txt"):
        read_upload(write_zip("d.csv", [("a",)]), "f")
    with pytest.raises(NationalError):
        read_upload(write_zip("d.txt", [("S1", "M1", "P1", "x", "1", "1", "0")]), "f")


def test_compare_marks_each_side():
    other = DetailRow("S2", "M2", "P2", 1, 1, 0, "0")
    rows = compare(
        {"S1": (ROW, "msg1"), "S2": (other, "msg2")}, [ROW, DetailRow("S9", "M9", "P9", 1, 1, 0, "0")]
    )
    assert [(r[2], r[4]) for r in rows] == [("S1", "0"), ("S9", "2"), ("S2", "1")]
    changed = compare({"S1": (ROW, "m")}, [DetailRow("S1", "M1", "P1", 10001, 6000, 1000, "0")])
    assert changed[0][4] == "3" and "中心 100.00/60.00/10.00" in changed[0][6]

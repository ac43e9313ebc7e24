from collections import Counter

import pytest

from data_access import master


def test_every_prefecture_municipality_and_ward():
    kinds = Counter(m.kind for m in master.municipalities())
    assert len(master.prefectures()) == 47
    assert sum(n for kind, n in kinds.items() if kind != "ward") == 1741
    assert kinds["ward"] == 171  # 浜松市 has had 3 wards since 2024-01-01, not the 7 japancode lists
    assert kinds["special_ward"] == 23
    assert kinds["designated_city"] == 20


def test_every_code_carries_a_valid_check_digit():
    codes = [m.code for m in master.municipalities()]
    assert len(set(codes)) == len(codes)
    assert all(master.is_valid_code(code) for code in codes)


@pytest.mark.parametrize(
    ("code5", "digit"),
    [("01100", 2), ("09201", 1), ("13101", 6), ("22130", 9), ("34302", 1), ("39401", 7), ("47382", 1)],
)
def test_check_digit(code5, digit):
    assert master.check_digit(code5) == digit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("011002", "011002"),  # 札幌市, 6 digits
        ("11002", "011002"),  # leading zero dropped by a spreadsheet
        (11002, "011002"),
        ("01100", "011002"),  # 5-digit GIS code
        ("1100", "011002"),  # 5-digit GIS code without its leading zero
        ("09201", "092011"),  # 宇都宮市
        (" 092011 ", "092011"),
        ("131016", "131016"),  # 千代田区
    ],
)
def test_normalize_code(raw, expected):
    assert master.normalize_code(raw) == expected


@pytest.mark.parametrize("raw", ["092012", "99999", "abc", "", "1234567", "09-201"])
def test_normalize_code_rejects_unknown_or_malformed(raw):
    with pytest.raises(ValueError, match="団体コード"):
        master.normalize_code(raw)


def test_wards_point_to_their_designated_city():
    sapporo_wards = [m for m in master.municipalities() if m.parent_code == "011002"]
    assert len(sapporo_wards) == 10
    assert {m.kind for m in sapporo_wards} == {"ward"}
    assert next(m for m in sapporo_wards if m.code == "011011").name == "札幌市中央区"


def test_names_repeat_across_prefectures_so_the_prefecture_is_part_of_the_key():
    by_name = master.code_by_name()
    assert by_name[("広島県", "府中町")] == "343021"
    assert by_name[("広島県", "府中市")] == "342084"
    assert by_name[("東京都", "府中市")] != by_name[("広島県", "府中市")]
    ikeda = [key for key in by_name if key[1] == "池田町"]
    assert len(ikeda) == 4

"""dashboard.open_data: CSV encodings, the data dictionary and the ZIP that carries the terms of use."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest

from dashboard import open_data

FRAME = pd.DataFrame(
    {"市町村": ["宇都宮市", "𠮷岡町"], "新規相談(件)": [406, 0], "終結率(%)": [51.4, None], "備考": ["—", "2019–2020"]}
)


def test_utf8_csv_has_a_bom_and_round_trips():
    data = open_data.csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["市町村"].tolist() == ["宇都宮市", "𠮷岡町"] and back["新規相談(件)"].tolist() == [406, 0]


def test_csv_writes_whole_numbers_without_a_decimal_point():
    frame = pd.DataFrame({"人口": [31127.0, None], "率": [12.5, 3.0], "名前": ["a", "b"]})
    assert open_data.csv_bytes(frame).decode("utf-8-sig").splitlines() == ["人口,率,名前", "31127,12.5,a", ",3.0,b"]


def test_shift_jis_csv_substitutes_dashes_and_counts_what_it_cannot_hold():
    data = open_data.csv_bytes(FRAME, "cp932")
    back = pd.read_csv(io.BytesIO(data), encoding="cp932")
    assert back["市町村"].tolist() == ["宇都宮市", "?岡町"]  # 𠮷 is outside Shift_JIS
    assert back["備考"].tolist() == ["―", "2019－2020"]
    assert open_data.lossy_cells(FRAME) == 1


@pytest.mark.parametrize(
    ("lang", "number", "closure"),
    [
        ("ja", "数値", "終結率（%）＝終結件数÷（新規＋継続）件数×100"),
        ("en", "Number", "Closure rate (%) = closed ÷ (new + continuing) × 100"),
    ],
)
def test_data_dictionary_describes_known_columns(lang, number, closure):
    frame = FRAME.rename(columns={"終結率(%)": "Closure rate (%)"}) if lang == "en" else FRAME
    dictionary = open_data.data_dictionary(frame, lang)
    assert dictionary.iloc[:, 0].tolist() == list(frame.columns)
    assert dictionary.iloc[2].tolist() == [frame.columns[2], number, closure]
    assert dictionary.iloc[3, 2] in ("列名のとおり（画面の表と同じ）", "As named (same as the table on screen)")


def test_package_holds_both_csvs_the_dictionary_and_the_terms():
    data = open_data.package(
        FRAME, "outcomes_09_2020.csv", "ja", "データの出典: 宇都宮市資料。", public=True, today=dt.date(2026, 11, 23)
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == [
            "README.txt",
            "outcomes_09_2020.csv",
            "outcomes_09_2020_dictionary.csv",
            "outcomes_09_2020_sjis.csv",
        ]
        readme = archive.read("README.txt").decode("utf-8-sig")
        assert archive.read("outcomes_09_2020.csv") == open_data.csv_bytes(FRAME)
    assert "CC BY 4.0" in readme and "作成日: 2026-11-23" in readme and "宇都宮市資料" in readme
    assert "＊" in readme  # public edition: the suppression rule travels with the data
    assert "1 個のセル" in readme


def test_official_package_has_no_suppression_note():
    data = open_data.package(FRAME.iloc[:1], "x.csv", "en", "Sources: a.", public=False, today=dt.date(2026, 1, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        readme = archive.read("README.txt").decode("utf-8-sig")
    assert "CC BY 4.0" in readme and "＊" not in readme and "Shift_JIS lacks" not in readme

import datetime as dt

import numpy as np
import pytest

from core.domain import date_label, fiscal_year_label, format_number, nice_step, wareki_fiscal_year


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [(2018, "平成30年度"), (2019, "令和元年度"), (2020, "令和2年度"), (2024, "令和6年度"), (1989, "平成元年度")],
)
def test_wareki_fiscal_year(fiscal_year, label):
    assert wareki_fiscal_year(fiscal_year) == label


@pytest.mark.parametrize(
    ("fiscal_year", "lang", "label"),
    [(2020, "ja", "令和2年度（2020年度）"), (2018, "ja", "平成30年度（2018年度）"), (2020, "en", "FY2020")],
)
def test_one_fiscal_year_label_for_screens_charts_and_briefing(fiscal_year, lang, label):
    assert fiscal_year_label(fiscal_year, lang) == label


def test_date_label():
    assert date_label(dt.date(2020, 12, 24), "ja") == "2020年12月24日"
    assert date_label(dt.date(2020, 12, 24), "en") == "2020-12-24"


@pytest.mark.parametrize(
    ("value", "digits", "unit", "text"),
    [
        (1234, 0, "", "1,234"),
        (12.345, 1, "%", "12.3%"),
        (None, 0, "", "—"),
        (float("nan"), 1, "", "—"),
        ("＊", 1, "", "＊"),
        (np.float64(1234.56), 1, "", "1,234.6"),  # a float: the quick path
        (np.int64(7), 0, "件", "7件"),  # not an int: the protocol checks
        (True, 0, "", "1"),
    ],
)
def test_format_number(value, digits, unit, text):
    assert format_number(value, digits, unit) == text


@pytest.mark.parametrize(("raw", "step"), [(0.7, 1), (1.3, 2), (2.2, 2.5), (3, 5), (7, 10), (130, 200)])
def test_nice_step(raw, step):
    assert nice_step(raw) == pytest.approx(step)

import datetime as dt

import pytest

from data_access.japanese_dates import fiscal_year_of, parse_date, parse_fiscal_year


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("令和2年12月24日", dt.date(2020, 12, 24), "day"),
        ("令和２年１２月２４日", dt.date(2020, 12, 24), "day"),
        ("R2.12.24", dt.date(2020, 12, 24), "day"),
        ("r2/12/24", dt.date(2020, 12, 24), "day"),
        ("H30.6", dt.date(2018, 6, 1), "month"),
        ("平成３０年６月～", dt.date(2018, 6, 1), "month"),
        ("令和元年5月1日", dt.date(2019, 5, 1), "day"),
        ("2020/12/24", dt.date(2020, 12, 24), "day"),
        ("2020-01-28", dt.date(2020, 1, 28), "day"),
        ("２０２０年１月", dt.date(2020, 1, 1), "month"),
        ("令和2年1月28日（火）", dt.date(2020, 1, 28), "day"),
    ],
)
def test_parse_date(text, expected, precision):
    assert parse_date(text) == (expected, precision)


@pytest.mark.parametrize("text", ["", "昨日", "R2.13.1", "令和2年2月30日", "2020/02/30"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError, match="日付"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和2年度", 2020),
        ("R2", 2020),
        ("R2年度", 2020),
        ("2020年度", 2020),
        ("2020", 2020),
        (2020, 2020),
        ("令和元年度", 2019),
        ("平成30年度", 2018),
        ("H30", 2018),
        ("FY2021", 2021),
        ("令和６年度", 2024),
    ],
)
def test_parse_fiscal_year(text, year):
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["", "令和", "1850", "R2.12", "来年度"])
def test_parse_fiscal_year_rejects(text):
    with pytest.raises(ValueError, match="年度"):
        parse_fiscal_year(text)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(dt.date(2020, 3, 31), 2019), (dt.date(2020, 4, 1), 2020), (dt.date(2021, 3, 31), 2020)],
)
def test_fiscal_year_runs_april_to_march(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year

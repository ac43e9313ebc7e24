"""Japanese era dates and fiscal years (年度: April to March) as officials write them.

Accepts 令和2年12月24日, R2.12.24, H30.6 (month precision), 令和元年, 2020/12/24, 2020-12-24 and
full-width digits. Everything returns (date, precision) so that "H30.6" is never shown as 2018-06-01.
An era date must fall inside its era (令和1年4月1日 and 平成31年5月1日 do not exist), and the error says why.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from core.domain import ERAS as ERA_STARTS
from core.i18n import t

ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
ERA_NAMES = {"R": "令和", "H": "平成", "S": "昭和"}
# First and last day of each era (令和 has no end yet).
ERA_SPANS: dict[str, tuple[dt.date, dt.date | None]] = {
    name: (start, None if index == 0 else ERA_STARTS[index - 1][1] - dt.timedelta(days=1))
    for index, (name, start, _offset) in enumerate(ERA_STARTS)
}
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's serial dates from serial 61 on (it counts a 29 Feb 1900)
FISCAL_YEAR_MIN = 1989  # 平成元年度: the earliest year any report of this domain can name
FISCAL_YEAR_MAX = 2100


class DateError(ValueError):
    """Why a date or a fiscal year cannot be read: a catalogue key (import_problem_<key>) and its values, so that
    the importer can say it in the official's language; str() is the Japanese text."""

    def __init__(self, key: str, **values: object):
        super().__init__(t(f"import_problem_{key}", "ja", **values))
        self.key = key
        self.values = values


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII), 元年 as 1年, whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).replace("元年", "1年")


_ERA = r"(令和|平成|昭和|[RHSrhs])"
_PATTERNS = (
    re.compile(_ERA + r"(\d{1,2})年(\d{1,2})月(\d{1,2})日"),
    re.compile(_ERA + r"(\d{1,2})[./](\d{1,2})[./](\d{1,2})$"),
    re.compile(_ERA + r"(\d{1,2})年(\d{1,2})月"),
    re.compile(_ERA + r"(\d{1,2})[./](\d{1,2})$"),
    re.compile(_ERA + r"(\d{1,2})年"),
)
_WESTERN = (
    re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"(\d{4})[-/.年](\d{1,2})月?$"),
)


def era_name(era: str) -> str:
    """令和 / 平成 / 昭和 for the era as written (R, h, 平成 …)."""
    return ERA_NAMES.get(era.upper(), era)


def era_year(era: str, year: int) -> int:
    return ERAS[era.upper() if len(era) == 1 else era] + year


def parse_date(text: str) -> tuple[dt.date, str]:
    """(date, precision) with precision "day", "month" or "year". DateError (Japanese) if unreadable."""
    value = normalize(text)
    for pattern in _PATTERNS:
        match = pattern.search(value)
        if match:
            era, *numbers = match.groups()
            numbers = [int(n) for n in numbers]
            precision = ("year", "month", "day")[len(numbers) - 1]
            return _era_date(era_name(era), numbers, precision), precision
    for pattern in _WESTERN:
        match = pattern.match(value)
        if match:
            numbers = [int(n) for n in match.groups()]
            precision = "day" if len(numbers) == 3 else "month"
            return _checked(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else 1), precision
    raise DateError("date_unreadable")


def _checked(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("date_impossible") from None


def _era_date(era: str, numbers: list[int], precision: str) -> dt.date:
    """The first day of the era date's period, which must overlap the era (a month of 平成31年5月 does not exist)."""
    year, month, day = numbers[0], (numbers[1:2] or [1])[0], (numbers[2:3] or [1])[0]
    if year < 1:
        raise DateError("date_era_year_zero", era=era)
    first = _checked(era_year(era, year), month, day)
    last = {
        "day": first,
        "month": first.replace(day=calendar.monthrange(first.year, first.month)[1]),
        "year": first.replace(month=12, day=31),
    }[precision]
    start, end = ERA_SPANS[era]
    if last < start or (end is not None and first > end):
        if end is None:
            raise DateError("date_outside_era_open", era=era, start=start.isoformat())
        raise DateError("date_outside_era", era=era, start=start.isoformat(), end=end.isoformat())
    return first


def fiscal_year_of(day: dt.date) -> int:
    """年度 of a date: April–March, named by the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_end(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year + 1, 3, 31)


def parse_fiscal_year(text: str | int) -> int:
    """令和2年度, R2, R2年度, 2020年度, 2020, FY2020 -> 2020. 平成31年度 is FY2019 (the year began under 平成);
    平成32年度, 令和0年度 and years outside FISCAL_YEAR_MIN–MAX are refused with the reason."""
    value = normalize(str(text)).upper().removeprefix("FY").removesuffix("年度")
    match = re.fullmatch(r"(令和|平成|R|H)(\d{1,2})", value)
    if match:
        era, number = era_name(match.group(1)), int(match.group(2))
        if number < 1:
            raise DateError("date_era_year_zero", era=era)
        year = era_year(era, number)
        if era == "平成" and year > 2019:
            raise DateError("fiscal_year_after_heisei", year=year, reiwa=year - ERAS["令和"])
    elif re.fullmatch(r"[0-9]{4}", value):
        year = int(value)
    else:
        raise DateError("fiscal_year_unreadable")
    if not FISCAL_YEAR_MIN <= year <= FISCAL_YEAR_MAX:
        raise DateError("fiscal_year_out_of_range", min=FISCAL_YEAR_MIN, max=FISCAL_YEAR_MAX)
    return year

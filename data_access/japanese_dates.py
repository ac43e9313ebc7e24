"""Japanese era dates and fiscal years (年度: April to March) as officials write them.

Accepts 令和2年12月24日, R2.12.24, H30.6 (month precision), 令和元年, 2020/12/24, 2020-12-24 and
full-width digits. Everything returns (date, precision) so that "H30.6" is never shown as 2018-06-01.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}


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


def era_year(era: str, year: int) -> int:
    return ERAS[era.upper() if len(era) == 1 else era] + year


def parse_date(text: str) -> tuple[dt.date, str]:
    """(date, precision) with precision "day", "month" or "year". ValueError (Japanese) if unreadable."""
    value = normalize(text)
    for pattern in _PATTERNS:
        match = pattern.search(value)
        if match:
            era, *numbers = match.groups()
            year = era_year(era, int(numbers[0]))
            month = int(numbers[1]) if len(numbers) > 1 else 1
            day = int(numbers[2]) if len(numbers) > 2 else 1
            precision = ("year", "month", "day")[len(numbers) - 1]
            return _checked(year, month, day, text), precision
    for pattern in _WESTERN:
        match = pattern.match(value)
        if match:
            numbers = [int(n) for n in match.groups()]
            precision = "day" if len(numbers) == 3 else "month"
            return _checked(numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else 1, text), precision
    raise ValueError(f"日付として読み取れません: {text!r}（例: 令和2年12月24日、R2.12.24、2020/12/24）")


def _checked(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"存在しない日付です: {original!r}") from exc


def fiscal_year_of(day: dt.date) -> int:
    """年度 of a date: April–March, named by the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_end(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year + 1, 3, 31)


def parse_fiscal_year(text: str | int) -> int:
    """令和2年度, R2, R2年度, 2020年度, 2020, FY2020 -> 2020."""
    value = normalize(str(text)).upper().removeprefix("FY").removesuffix("年度")
    match = re.fullmatch(r"(令和|平成|R|H)(\d{1,2})", value)
    if match:
        return era_year(match.group(1), int(match.group(2)))
    if re.fullmatch(r"\d{4}", value) and 1989 <= int(value) <= 2100:
        return int(value)
    raise ValueError(f"年度として読み取れません: {text!r}（例: 令和2年度、R2、2020年度）")

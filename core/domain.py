"""Domain constants and display rules shared by screens, charts, maps and the briefing, declared once.

Programme dates, the stage and status categories with their colours (Okabe–Ito, colour-vision safe), the fiscal
year's label (和暦 first), number and date formats. Words come from the catalogue (core.i18n); this module holds
no text of its own but the era names.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import SupportsFloat, SupportsIndex

JUSOU_START = 2021  # 重層的支援体制整備事業 (Social Welfare Act art. 106-4) began in 令和3年度

# Okabe–Ito: distinguishable with every common colour-vision deficiency, and in greyscale print.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "yellow": "#F0E442",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
INK = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#e0e0e0"
NO_DATA_FILL = "#d9d9d9"
SAMPLE_FILL = "#fff3b0"  # a synthetic value's cell
#: Rates on maps: ColorBrewer Blues (sequential, colour-vision safe, prints in greyscale), classes 2–6 of its 7, so
#: that the lowest class is a visible blue on the white map, not almost the background (as Blues-5's #eff3ff was).
BLUES5 = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
#: The distribution behind a value (spine chart): its whole range, and its middle half (25–75%) darker.
RANGE_FILL = "#e5e5e5"
QUARTILE_FILL = "#bbbbbb"
#: Several areas or municipalities side by side, in this order.
SERIES_COLOURS = tuple(
    PALETTE[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")
)
#: Font stack of every chart and map: what a closed-network PC has (Windows: Yu Gothic, Meiryo; Debian: Noto).
FONT_FAMILY = "'Noto Sans CJK JP','Noto Sans JP','Yu Gothic','Meiryo','Hiragino Sans','IPAexGothic',sans-serif"

#: 重層事業 stages: map category (considering = not running yet) and colour; "done / in progress / not yet" share
#: their colours with the council statuses, so one colour means one thing on every screen.
JUSOU_STAGES = ("full", "preparing", "none")
JUSOU_STAGE_CATEGORY = {"full": "full", "preparing": "preparing", "considering": "none", "none": "none"}
# "not yet" is reddish purple, not yellow: yellow marks a sample (サンプル) everywhere else.
STAGE_COLOURS = {"full": PALETTE["blue"], "preparing": PALETTE["orange"], "none": PALETTE["reddish_purple"]}
COUNCIL_STATUSES = ("established", "preparing", "not_started")
COUNCIL_STATUS_COLOURS = {
    "established": PALETTE["blue"],
    "preparing": PALETTE["orange"],
    "not_started": PALETTE["reddish_purple"],
}
#: A value against its benchmark (analytics.comparison labels), favourable or higher side first.
JUDGEMENT_COLOURS = {
    "better": PALETTE["blue"],
    "higher": PALETTE["bluish_green"],
    "similar": PALETTE["orange"],
    "worse": PALETTE["vermillion"],
    "lower": PALETTE["reddish_purple"],
    "not_compared": PALETTE["grey"],
}
#: A municipality's place on a funnel plot (analytics.funnel positions).
FUNNEL_COLOURS = {
    "above_998": PALETTE["vermillion"],
    "above_95": PALETTE["orange"],
    "within": PALETTE["blue"],
    "below_95": PALETTE["sky_blue"],
    "below_998": PALETTE["reddish_purple"],
    "not_compared": PALETTE["grey"],
}

# 和暦: era name, first day, offset (era year = western year - offset)
ERAS = (("令和", dt.date(2019, 5, 1), 2018), ("平成", dt.date(1989, 1, 8), 1988), ("昭和", dt.date(1926, 12, 25), 1925))


def wareki_fiscal_year(fiscal_year: int) -> str:
    """2020 -> 令和2年度; 2019 -> 令和元年度 (the fiscal year that began in April 2019 is named after 令和)."""
    for name, start, offset in ERAS:
        if dt.date(fiscal_year, 4, 1) >= start or (name == "令和" and fiscal_year == 2019):
            year = fiscal_year - offset
            return f"{name}{'元' if year == 1 else year}年度"
    return f"{fiscal_year}年度"


def wareki_date(day: dt.date) -> str:
    """2025-01-01 -> 令和7年1月1日 (how official statistics name their reference day)."""
    for name, start, offset in ERAS:
        if day >= start:
            year = day.year - offset
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def fiscal_year_label(fiscal_year: int, lang: str) -> str:
    """令和2年度（2020年度） / FY2020: the one way a fiscal year is written on screens, charts and the briefing."""
    return f"{wareki_fiscal_year(fiscal_year)}（{fiscal_year}年度）" if lang == "ja" else f"FY{fiscal_year}"


def date_label(day: dt.date, lang: str) -> str:
    """2020年12月24日 / 2020-12-24."""
    return f"{day.year}年{day.month}月{day.day}日" if lang == "ja" else day.isoformat()


def format_number(value: object, digits: int = 0, unit: str = "") -> str:
    """Thousands separator and fixed decimals; text (the suppression mark ＊) is shown as it is; missing is —."""
    if isinstance(value, float | int):  # most values, first: the protocol checks below cost microseconds each
        return "—" if math.isnan(value) else f"{float(value):,.{digits}f}{unit}"
    if isinstance(value, str):
        return value
    if value is None:
        return "—"
    if not isinstance(value, SupportsFloat | SupportsIndex):
        return "—"
    try:
        number = float(value)  # numpy and pandas scalars, Decimal
    except (TypeError, ValueError):
        return "—"
    if math.isnan(number):
        return "—"
    return f"{number:,.{digits}f}{unit}"


def format_compact(value: float) -> str:
    """1234 -> 1,234; 12.345 -> 12.3: whole numbers without decimals, others with one (legends, map tooltips)."""
    number = float(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.1f}"


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at least `raw`: tick and class steps a reader can add up."""
    exp = math.floor(math.log10(raw))
    scale: float = 10**exp  # an int for exp >= 0 (typeshed says Any: a negative exponent gives a float)
    base = raw / scale
    for nice in (1, 2, 2.5, 5, 10):
        if base <= nice + 1e-9:
            return nice * scale
    above: float = 10 ** (exp + 1)
    return above

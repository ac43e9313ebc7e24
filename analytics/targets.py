"""Attainment of municipal targets (目標値に対する達成率), only when the two are comparable.

Plans state targets such as 「終結率 60%（令和7年度末）」. Dividing a result by a target is only
meaningful when both measure the same metric, in the same unit, for the same period. A half-year
result divided by an annual target looks like 50 % attainment when the municipality may be on
track, and 5 ‰ divided by 1 % gives 5 instead of 0.5. Such pairs are reported as not comparable
with a reason in the UI language (the catalogue's target_reason_* texts) instead of a misleading ratio; units are
converted only on request (`convert_rate`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from analytics.rates import is_missing
from core.i18n import has, t

_RATE_UNIT_SCALE: dict[str, int] = {"%": 100, "‰": 1000}
_UNIT_ALIASES: dict[str, str] = {"％": "%", "percent": "%", "per_mille": "‰", "permille": "‰"}


def normalize_unit(unit: str) -> str:
    """Spelling-insensitive unit: full-width ％ and 'percent' are '%', 'permille' is '‰'."""
    text = str(unit).strip()
    return _UNIT_ALIASES.get(text.lower(), _UNIT_ALIASES.get(text, text))


def convert_rate(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a rate between % and ‰ (1 % = 10 ‰). Unknown units raise ValueError."""
    source, dest = normalize_unit(from_unit), normalize_unit(to_unit)
    for unit, raw in ((source, from_unit), (dest, to_unit)):
        if unit not in _RATE_UNIT_SCALE:
            raise ValueError(f"単位 {raw!r} は変換できません（% 又は ‰ を指定してください）")
    return value * _RATE_UNIT_SCALE[dest] / _RATE_UNIT_SCALE[source]


@dataclass(frozen=True)
class MetricValue:
    """A result or a target: metric key, value, unit, end of the period, partial-year flag.

    For a target, period_end is the date it should be reached by (None when the plan gives none).
    """

    metric: str
    value: float
    unit: str
    period_end: date | None
    is_partial_year: bool = False


@dataclass(frozen=True)
class Attainment:
    """Outcome of comparing a result with its target.

    comparable False means ratio is None and reason says why (in the language asked for). flags: "partial_year" (both
    are partial-year figures), "achieved" (ratio ≥ 1).
    """

    comparable: bool
    ratio: float | None
    reason: str | None
    flags: tuple[str, ...] = ()


def _coerce(item: MetricValue | Mapping[str, object], role: str) -> MetricValue:
    raw_end: object
    if isinstance(item, MetricValue):
        raw_end = item.period_end
        fields = {k: getattr(item, k) for k in ("metric", "value", "unit", "is_partial_year")}
    else:
        missing = [k for k in ("metric", "value", "unit", "period_end") if k not in item]
        if missing:
            raise ValueError(f"{role}に必要な項目がありません: {missing}")
        raw_end = item["period_end"]
        fields = {
            "metric": item["metric"],
            "value": item["value"],
            "unit": item["unit"],
            "is_partial_year": bool(item.get("is_partial_year", False)),
        }
    period_end: date | None
    if raw_end is None or (not isinstance(raw_end, str) and is_missing(raw_end)):  # None/NaT
        period_end = None
    elif isinstance(raw_end, str):
        period_end = date.fromisoformat(raw_end)
    elif isinstance(raw_end, datetime):  # includes pd.Timestamp
        period_end = raw_end.date()
    elif isinstance(raw_end, date):
        period_end = raw_end
    else:
        raise ValueError(f"{role}の期間末日が日付ではありません: {raw_end!r}")
    value = fields["value"]
    return MetricValue(
        metric=str(fields["metric"]),
        value=math.nan if value is None or pd.isna(value) else float(value),
        unit=normalize_unit(str(fields["unit"])),
        period_end=period_end,
        is_partial_year=bool(fields["is_partial_year"]),
    )


def _not_comparable(key: str, lang: str, **values: object) -> Attainment:
    return Attainment(comparable=False, ratio=None, reason=t(f"target_reason_{key}", lang, **values))


def _metric_name(metric: str, lang: str) -> str:
    return t(f"metric_{metric}", lang) if has(f"metric_{metric}") else metric


def target_attainment(
    result: MetricValue | Mapping[str, object],
    target: MetricValue | Mapping[str, object],
    lang: str = "ja",
) -> Attainment:
    """Attainment ratio result / target when metric, unit and period agree.

    Not comparable (with a reason in `lang`) when metric, unit or period end differ or a period
    end is unknown, when a partial-year result meets a full-year target (or the reverse), or
    when either value is missing or the target is 0. Malformed inputs (missing fields, bad dates) raise ValueError.
    Units are never converted silently: use `convert_rate` first if the target is in ‰ and the result in %.
    """
    res = _coerce(result, "実績")
    tgt = _coerce(target, "目標")
    if res.metric != tgt.metric:
        return _not_comparable(
            "metric", lang, result=_metric_name(res.metric, lang), target=_metric_name(tgt.metric, lang)
        )
    if res.unit != tgt.unit:
        no_unit = t("target_reason_no_unit", lang)
        return _not_comparable("unit", lang, result=res.unit or no_unit, target=tgt.unit or no_unit)
    if res.is_partial_year and not tgt.is_partial_year:
        return _not_comparable("result_partial", lang)
    if tgt.is_partial_year and not res.is_partial_year:
        return _not_comparable("target_partial", lang)
    if res.period_end is None:
        return _not_comparable("result_period_unknown", lang)
    if tgt.period_end is None:
        return _not_comparable("target_period_unknown", lang)
    if res.period_end != tgt.period_end:
        return _not_comparable("period", lang, result=res.period_end.isoformat(), target=tgt.period_end.isoformat())
    if math.isnan(res.value):
        return _not_comparable("no_result", lang)
    if math.isnan(tgt.value):
        return _not_comparable("no_target", lang)
    if tgt.value == 0:
        return _not_comparable("zero_target", lang)
    ratio = res.value / tgt.value
    flags: list[str] = []
    if res.is_partial_year:
        flags.append("partial_year")
    if ratio >= 1:
        flags.append("achieved")
    return Attainment(comparable=True, ratio=ratio, reason=None, flags=tuple(flags))

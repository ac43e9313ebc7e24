"""Proportions and rates with confidence intervals.

Municipalities differ in size by three orders of magnitude, so a bare 終結率 or 相談件数 per
10,000 residents from a village of 500 people is mostly noise. Every estimate here carries an
interval so that screens and comparisons can show how much a number can be trusted.

Missing data (0 trials, population 0 or unknown) gives NaN estimates rather than exceptions,
because a dashboard must still render the other municipalities. Impossible data (negative
counts, more successes than trials) raises ValueError with a Japanese message, because it
points to an input error that someone has to fix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

NAN = float("nan")

FloatArray = npt.NDArray[np.float64]
# A column of counts or populations: a pandas column, an array or a plain list (None for missing)
Column: TypeAlias = "pd.Series[Any] | npt.NDArray[Any] | Sequence[float | None]"


@dataclass(frozen=True)
class RateEstimate:
    """A count per `per` residents (e.g. 相談件数 per 10,000) with its exact Poisson interval."""

    value: float
    low: float
    high: float
    count: float
    population: float
    per: float


@dataclass(frozen=True)
class ProportionEstimate:
    """A proportion (0–1, not %) with its Wilson score interval."""

    value: float
    low: float
    high: float
    numerator: float
    denominator: float


def is_missing(x: object) -> bool:
    """None, NaN or pd.NA: values that come out of pandas for an unreported figure."""
    # pd.isna answers a bool for any single object; its stubs list scalar types only, not `object`
    return bool(pd.isna(cast("float | None", x)))


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"信頼水準は0より大きく1未満で指定してください: {confidence!r}")


@lru_cache(maxsize=16)
def _z(confidence: float) -> float:
    """Normal quantile for a confidence level; cached because every interval of a table asks for the same one."""
    return float(stats.norm.isf((1 - confidence) / 2))


def wilson_interval(successes: float, trials: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion such as 終結率.

    Chosen over the normal (Wald) interval because it stays inside [0, 1] and behaves well at
    0/n and n/n, which are common for small municipalities. Same formula as
    statsmodels' ``proportion_confint(method="wilson")``. 0/0 or a missing input gives (nan, nan).
    """
    _check_confidence(confidence)
    if is_missing(successes) or is_missing(trials):
        return (NAN, NAN)
    if successes < 0 or trials < 0:
        raise ValueError(f"件数に負の値は指定できません（分子: {successes}、分母: {trials}）")
    if successes > trials:
        raise ValueError(f"分子が分母を上回っています（分子: {successes}、分母: {trials}）")
    if trials == 0:
        return (NAN, NAN)
    z = _z(confidence)
    z2 = z * z
    p = successes / trials
    denom = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


def poisson_interval(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson count, from chi-square quantiles.

    low = chi2(α/2, 2k)/2 (0 when k = 0), high = chi2(1-α/2, 2k+2)/2. Exact intervals are used
    because consultation counts in small towns are often in single figures, where normal
    approximations fail. A missing count gives (nan, nan).
    """
    _check_confidence(confidence)
    if is_missing(count):
        return (NAN, NAN)
    if count < 0:
        raise ValueError(f"件数に負の値は指定できません: {count}")
    alpha = 1 - confidence
    low = 0.0 if count == 0 else float(stats.chi2.ppf(alpha / 2, 2 * count)) / 2
    high = float(stats.chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return (low, high)


def _floats(values: Column) -> FloatArray:
    """A column as floats, anything missing or not a number as NaN."""
    return np.asarray(pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce"), dtype=float)


def poisson_intervals(counts: Column, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """`poisson_interval` for a whole column at once (one scipy call instead of one per municipality).

    Missing counts give NaN; negative counts raise like the scalar version.
    """
    _check_confidence(confidence)
    k = _floats(counts)
    if (k < 0).any():
        raise ValueError(f"件数に負の値は指定できません: {k[k < 0][0]}")
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        low = np.where(k == 0, 0.0, stats.chi2.ppf(alpha / 2, 2 * k) / 2)
        high = np.asarray(stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2, dtype=float)
    return np.where(np.isnan(k), np.nan, low), high


def rate_per_population(
    count: float,
    population: float | None,
    per: float = 10_000,
    confidence: float = 0.95,
) -> RateEstimate:
    """Count per `per` residents (相談件数（人口1万人当たり）) with an exact Poisson interval.

    Population 0 or missing gives NaN value and limits instead of an exception, so that a
    municipality without population data is shown as "no value" rather than breaking the page.
    """
    _check_confidence(confidence)
    if not per > 0:
        raise ValueError(f"「人口何人当たり」の値は正の数で指定してください: {per!r}")
    if not is_missing(count) and count < 0:
        raise ValueError(f"件数に負の値は指定できません: {count}")
    if population is not None and not is_missing(population) and population < 0:
        raise ValueError(f"人口に負の値は指定できません: {population}")
    pop = NAN if population is None or is_missing(population) else float(population)
    cnt = NAN if is_missing(count) else float(count)
    if math.isnan(pop) or pop == 0 or math.isnan(cnt):
        return RateEstimate(NAN, NAN, NAN, cnt, pop, per)
    low, high = poisson_interval(cnt, confidence)
    scale = per / pop
    return RateEstimate(cnt * scale, low * scale, high * scale, cnt, pop, per)


def rates_per_population(
    counts: Column, populations: Column, per: float = 10_000, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """`rate_per_population` for whole columns at once, as (value, low, high) arrays: the overview and the
    comparison screens rate every municipality of the country on each visit."""
    if not per > 0:
        raise ValueError(f"「人口何人当たり」の値は正の数で指定してください: {per!r}")
    pop = _floats(populations)
    if (pop < 0).any():
        raise ValueError(f"人口に負の値は指定できません: {pop[pop < 0][0]}")
    count = _floats(counts)
    low, high = poisson_intervals(count, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(pop > 0, per / pop, np.nan)
    return count * scale, low * scale, high * scale


def closure_rate(closed: float, new: float, continuing: float = 0, confidence: float = 0.95) -> ProportionEstimate:
    """終結率: cases closed in the period over cases handled in the period (new + continuing).

    The denominator includes cases carried over from the previous period, because those can
    also close in this period; using new cases alone can give rates above 100 %. Closed cases
    exceeding the caseload is therefore an input error (ValueError). No caseload gives NaN.
    """
    for label, x in (("終結件数", closed), ("新規件数", new), ("継続件数", continuing)):
        if not is_missing(x) and x < 0:
            raise ValueError(f"{label}に負の値は指定できません: {x}")
    if is_missing(closed) or is_missing(new) or is_missing(continuing):
        return ProportionEstimate(NAN, NAN, NAN, NAN if is_missing(closed) else closed, NAN)
    denominator = new + continuing
    if closed > denominator:
        raise ValueError(
            f"終結件数（{closed}）が対応件数（新規 {new} + 継続 {continuing} = {denominator}）を"
            "上回っています。期間や集計範囲を確認してください"
        )
    low, high = wilson_interval(closed, denominator, confidence)
    value = closed / denominator if denominator > 0 else NAN
    return ProportionEstimate(value, low, high, closed, denominator)

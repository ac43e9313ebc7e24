"""Funnel plots: compare municipalities of very different size against one benchmark.

A league table of 終結率 puts the smallest towns at both ends purely by chance. A funnel plot
draws control limits around the benchmark that narrow as the denominator grows, so a
municipality is only flagged when it lies outside what chance alone would produce at its size.

Method (Spiegelhalter 2005, "Funnel plots for comparing institutional performance", Stat Med
24:1185-1202, Appendix A.1.1; the same exact method with interpolation is used in the PHE/OHID
funnel-plot technical guidance). For a two-sided level L (0.95 ≈ "2σ", 0.998 ≈ "3σ") the lower
and upper limits are the quantiles at p = (1-L)/2 and p = 1-(1-L)/2 of the distribution of the
count under the benchmark, X ~ Binomial(n, p0) for proportions, X ~ Poisson(E) for counts:

1. r_p = smallest integer r with F(r) ≥ p (the discrete quantile, ``ppf``);
2. α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)), the share of the step at r_p not needed to reach p;
3. limit count = r_p − α, which moves smoothly between r_p − 1 and r_p instead of jumping;
4. divide by n (proportion) or by the population and multiply by `per` (rate).

Limits are clipped to [0, 1] (proportions) or ≥ 0 (rates): when r_p = 0 the interpolation
would fall below zero, where no observation can lie. The interpolation reads the cdf linearly
between integers, so both limits sit about 1/(2n) below the normal approximation and the
mirror relation is low(p0) + high(1 − p0) = 1 − 1/n rather than exactly 1; this is a property of
the published method, not an error. Non-integer denominators are rounded to integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

if TYPE_CHECKING:
    # what stats.binom(n, p) and stats.poisson(mu) return; the class is public in scipy-stubs only
    from scipy.stats._distn_infrastructure import rv_discrete_frozen

DEFAULT_LEVELS: tuple[float, ...] = (0.95, 0.998)

Limits = dict[float, tuple[np.ndarray | float, np.ndarray | float]]


def level_label(level: float) -> str:
    """Column-friendly label of a level: 0.95 -> "95", 0.998 -> "998"."""
    return f"{level * 100:.10g}".replace(".", "")


def _check_levels(levels: Sequence[float]) -> tuple[float, ...]:
    levels = tuple(float(v) for v in levels)
    if not levels or any(not 0 < v < 1 for v in levels):
        raise ValueError(f"管理限界の水準は0より大きく1未満で指定してください: {levels!r}")
    return levels


def _interpolated_quantile(dist: rv_discrete_frozen, prob: float) -> npt.NDArray[np.float64]:
    """Spiegelhalter's interpolated quantile r_p − α of a (frozen, vectorised) discrete dist."""
    r = dist.ppf(prob)
    f_r = dist.cdf(r)
    f_prev = dist.cdf(r - 1)
    step = f_r - f_prev
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(step > 0, (f_r - prob) / step, 0.0)
    return np.asarray(r - np.clip(alpha, 0.0, 1.0), dtype=float)


def _unwrap(x: np.ndarray, scalar: bool) -> np.ndarray | float:
    return float(x) if scalar else x


def control_limits(
    p0: float,
    n: float | Sequence[float] | np.ndarray,
    levels: Sequence[float] = DEFAULT_LEVELS,
) -> Limits:
    """Funnel limits for a proportion around benchmark p0 at denominator(s) n.

    Exact binomial quantiles with Spiegelhalter's interpolation (see module docstring).
    Returns {level: (low, high)}; floats for a scalar n, arrays for an array n (to draw the
    funnel). n ≤ 0 or NaN gives NaN limits. p0 of exactly 0 or 1 gives limits equal to p0.
    """
    levels = _check_levels(levels)
    if not 0 <= p0 <= 1:
        raise ValueError(f"基準値（割合）は0以上1以下で指定してください: {p0!r}")
    scalar = np.ndim(n) == 0
    n_arr = np.asarray(n, dtype=float)
    valid = np.isfinite(n_arr) & (n_arr > 0)
    n_int = np.where(valid, np.round(n_arr), 1.0)
    out: Limits = {}
    for level in levels:
        tail = (1 - level) / 2
        if p0 in (0.0, 1.0):
            low = np.full(n_arr.shape, float(p0))
            high = low.copy()
        else:
            dist = stats.binom(n_int, p0)
            low = np.clip(_interpolated_quantile(dist, tail) / n_int, 0.0, 1.0)
            high = np.clip(_interpolated_quantile(dist, 1 - tail) / n_int, 0.0, 1.0)
        low = np.where(valid, low, np.nan)
        high = np.where(valid, high, np.nan)
        out[level] = (_unwrap(low, scalar), _unwrap(high, scalar))
    return out


def rate_control_limits(
    expected_rate: float,
    population: float | Sequence[float] | np.ndarray,
    per: float = 10_000,
    levels: Sequence[float] = DEFAULT_LEVELS,
) -> Limits:
    """Funnel limits for a count per `per` residents (e.g. 相談件数 per 10,000).

    The expected count is expected_rate × population / per, the count is taken as Poisson, and
    the same interpolated exact quantile is converted back to a rate. Population ≤ 0 or NaN gives
    NaN limits.
    """
    levels = _check_levels(levels)
    if not expected_rate >= 0:
        raise ValueError(f"基準値（率）は0以上で指定してください: {expected_rate!r}")
    if not per > 0:
        raise ValueError(f"「人口何人当たり」の値は正の数で指定してください: {per!r}")
    scalar = np.ndim(population) == 0
    pop = np.asarray(population, dtype=float)
    valid = np.isfinite(pop) & (pop > 0)
    pop_safe = np.where(valid, pop, 1.0)
    expected = expected_rate * pop_safe / per
    out: Limits = {}
    for level in levels:
        tail = (1 - level) / 2
        if expected_rate == 0:
            low = np.zeros(pop.shape)
            high = np.zeros(pop.shape)
        else:
            dist = stats.poisson(expected)
            low = np.maximum(_interpolated_quantile(dist, tail), 0.0) * per / pop_safe
            high = np.maximum(_interpolated_quantile(dist, 1 - tail), 0.0) * per / pop_safe
        low = np.where(valid, low, np.nan)
        high = np.where(valid, high, np.nan)
        out[level] = (_unwrap(low, scalar), _unwrap(high, scalar))
    return out


POSITION_WITHIN = "within"
POSITION_NOT_COMPARED = "not_compared"

#: Every position against the funnel's limits, top to bottom; their words are the catalogue's
#: outcomes_position_<key>.
POSITIONS: tuple[str, ...] = ("above_998", "above_95", POSITION_WITHIN, "below_95", "below_998", POSITION_NOT_COMPARED)


def funnel_points(
    frame: pd.DataFrame,
    benchmark: float | None = None,
    *,
    code_col: str = "code",
    numerator_col: str = "numerator",
    denominator_col: str = "denominator",
    statistic: Literal["proportion", "rate"] = "proportion",
    per: float = 10_000,
    levels: Sequence[float] = DEFAULT_LEVELS,
) -> pd.DataFrame:
    """Place each municipality on the funnel: value, limits at each level and a `position`.

    statistic="proportion": value = numerator / denominator (0–1), binomial limits.
    statistic="rate": value = numerator / denominator × per (denominator = population),
    Poisson limits. The benchmark defaults to the pooled value (Σ numerators / Σ denominators
    over rows with a denominator), which is what "the prefecture as a whole" means.

    Adds columns value, benchmark, low_<level>, high_<level> (e.g. low_95, high_998) and
    position: "above_998", "above_95", "within", "below_95", "below_998" (labels follow the
    levels), or "not_compared" when the denominator is missing or 0. A point exactly on a limit
    counts as inside.
    """
    levels = _check_levels(levels)
    if statistic not in ("proportion", "rate"):
        raise ValueError(f"statistic は 'proportion' か 'rate' を指定してください: {statistic!r}")
    for col in (code_col, numerator_col, denominator_col):
        if col not in frame.columns:
            raise KeyError(f"列 {col!r} がありません")
    num = pd.to_numeric(frame[numerator_col], errors="coerce").astype(float)
    den = pd.to_numeric(frame[denominator_col], errors="coerce").astype(float)
    if (num < 0).any() or (den < 0).any():
        raise ValueError("分子・分母に負の値が含まれています")
    if statistic == "proportion" and (num > den).any():
        bad = frame.loc[num > den, code_col].tolist()
        raise ValueError(f"分子が分母を上回る団体があります: {bad}")

    usable = num.notna() & den.notna() & (den > 0)
    scale = per if statistic == "rate" else 1.0
    if benchmark is None:
        total_den = den[usable].sum()
        if total_den == 0:
            raise ValueError("分母の合計が0のため、基準値を計算できません")
        benchmark = float(num[usable].sum() / total_den * scale)

    out = frame.copy()
    out["value"] = np.where(usable, num / den.where(usable, 1.0) * scale, np.nan)
    out["benchmark"] = benchmark
    if statistic == "proportion":
        limits = control_limits(benchmark, den.to_numpy(), levels)
    else:
        limits = rate_control_limits(benchmark, den.to_numpy(), per, levels)
    for level in levels:
        low, high = limits[level]
        out[f"low_{level_label(level)}"] = low
        out[f"high_{level_label(level)}"] = high

    position = pd.Series(POSITION_WITHIN, index=out.index, dtype=object)
    value = out["value"]
    # Inner levels first so that the outermost level crossed wins.
    for level in sorted(levels):
        label = level_label(level)
        position[value > out[f"high_{label}"]] = f"above_{label}"
        position[value < out[f"low_{label}"]] = f"below_{label}"
    position[~usable | value.isna()] = POSITION_NOT_COMPARED
    out["position"] = position
    return out

"""Fair comparison of consultation outcomes between municipalities of very different size.

Input rows come from `data_access.outcomes` and keep unit, count basis, period end and partial-year flag.
Rules kept here so every screen applies them the same way:

- counts are compared and pooled only within one unit and basis (件・実数 by default); other rows are
  returned apart, never added;
- a partial-year row (e.g. up to the end of February) is shown but never pooled into a benchmark, never
  labelled against a full-year benchmark and never used for a trend;
- better / worse needs the whole confidence interval on one side of the benchmark (analytics.benchmark),
  with the polarity and minimum denominator of the catalogue (analytics.indicators).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analytics.benchmark import compare_to_benchmark
from analytics.funnel import DEFAULT_LEVELS, control_limits, funnel_points, level_label, rate_control_limits
from analytics.indicators import get_indicator
from analytics.peers import nearest_neighbours, peer_band
from analytics.rates import closure_rate, rates_per_population, wilson_interval
from analytics.targets import target_attainment

COUNT_UNIT = "件"
COUNT_BASIS = "distinct"
PER = 10_000
MIN_TREND_POINTS = 5  # Fingertips: a recent trend needs at least five data points

# Indicator key -> (numerator column, denominator column) after `with_outcome_rates`.
OUTCOME_INDICATORS: dict[str, tuple[str, str]] = {
    "consultations_per_10k": ("new_cases", "population"),
    "closure_rate": ("closed_cases", "caseload"),
    "referral_rate": ("referred_cases", "caseload"),
    "council_coverage": ("established", "districts"),
}
# 「人口・世帯数・高齢化率・人口密度が近い自治体」: official figures, logs where they span orders of magnitude
SIMILARITY_FEATURES: tuple[str, ...] = ("population", "households", "aging_rate", "population_density")
SIMILARITY_LOG_FEATURES = frozenset({"population", "households", "population_density"})


def split_comparable(
    rows: pd.DataFrame, unit: str = COUNT_UNIT, basis: str = COUNT_BASIS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(comparable, other): one row per municipality and fiscal year in `unit`/`basis`, and the rest.

    A full-year row wins over partial-year rows of the same year; without one, the latest partial row is
    kept (flagged by is_partial_year). Rows in another unit or basis go to `other` untouched.
    """
    same = (rows["unit"] == unit) & (rows["basis"] == basis)
    comparable = (
        rows[same]
        .sort_values(["code", "fiscal_year", "is_partial_year", "period_end"], ascending=[True, True, False, True])
        .drop_duplicates(["code", "fiscal_year"], keep="last")
    )
    # Sorting puts partial rows first within a year, so "last" is the full-year row when there is one.
    return comparable.reset_index(drop=True), rows[~same].reset_index(drop=True)


def _proportion(numerator: object, denominator: object) -> tuple[float, float, float]:
    """Value, low, high in % (Wilson); NaN when missing or impossible (more closed than handled)."""
    if pd.isna(numerator) or pd.isna(denominator) or denominator <= 0 or numerator > denominator:
        return (math.nan, math.nan, math.nan)
    low, high = wilson_interval(numerator, denominator)
    return (numerator / denominator * 100, low * 100, high * 100)


def _share(numerator: object, denominator: object) -> tuple[float, float, float]:
    """Value in % of a complete count, its interval the value itself (compared with a benchmark as it is)."""
    if pd.isna(numerator) or pd.isna(denominator) or denominator <= 0 or numerator > denominator:
        return (math.nan, math.nan, math.nan)
    value = numerator / denominator * 100
    return (value, value, value)


def with_outcome_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Add caseload and, per indicator of OUTCOME_INDICATORS present, value / low / high (95%).

    caseload = new + continuing cases (continuing missing counts as 0, as on the 概要 screen). Closure and
    referral rates are in %, consultations per 10,000 residents with an exact Poisson interval, council
    coverage in % of all districts (a complete count: no interval, low = high = value). Closed cases above the
    caseload give NaN (the row needs checking, not a rate).
    """
    out = frame.copy()
    new = pd.to_numeric(out.get("new_cases"), errors="coerce")
    continuing = pd.to_numeric(out.get("continuing_cases"), errors="coerce").fillna(0)
    out["caseload"] = new + continuing
    for key, (num_col, den_col) in OUTCOME_INDICATORS.items():
        if num_col not in out or den_col not in out:
            continue
        num = pd.to_numeric(out[num_col], errors="coerce")
        den = pd.to_numeric(out[den_col], errors="coerce")
        if key == "consultations_per_10k":
            triples = np.column_stack(rates_per_population(num, den, PER))
        elif key == "closure_rate":
            triples = []
            for closed, n, c in zip(num, new, continuing):
                if pd.isna(closed) or pd.isna(n) or closed > n + c:
                    triples.append((math.nan,) * 3)
                    continue
                estimate = closure_rate(closed, n, c)
                triples.append((estimate.value * 100, estimate.low * 100, estimate.high * 100))
        elif get_indicator(key).statistic == "census":  # a complete count has no sampling interval
            triples = [_share(n, d) for n, d in zip(num, den)]
        else:
            triples = [_proportion(n, d) for n, d in zip(num, den)]
        values = np.array(triples, dtype=float).reshape(-1, 3)
        out[key], out[f"{key}_low"], out[f"{key}_high"] = values[:, 0], values[:, 1], values[:, 2]
    return out


def usable_rows(frame: pd.DataFrame, key: str) -> pd.Series:
    """Full-year rows with a value and a positive denominator: the ones that may be pooled or compared."""
    num_col, den_col = OUTCOME_INDICATORS[key]
    full = ~frame["is_partial_year"].eq(True) if "is_partial_year" in frame else True
    den = pd.to_numeric(frame[den_col], errors="coerce")
    return full & frame[key].notna() & (den > 0)


def pooled_value(frame: pd.DataFrame, key: str) -> float:
    """Σ numerators / Σ denominators over full-year rows with a value (per 10,000 or %); NaN when none."""
    if key not in frame:
        return math.nan
    usable = usable_rows(frame, key)
    num_col, den_col = OUTCOME_INDICATORS[key]
    den = pd.to_numeric(frame.loc[usable, den_col]).sum()
    if not den:
        return math.nan
    scale = PER if get_indicator(key).statistic == "rate" else 100
    return float(pd.to_numeric(frame.loc[usable, num_col]).sum() / den * scale)


def benchmark_labels(frame: pd.DataFrame, key: str, benchmark: float) -> pd.Series:
    """better / similar / worse / higher / lower / not_compared per row against `benchmark`.

    Partial-year rows are never compared with a (full-year) benchmark; the catalogue's polarity and
    minimum denominator apply.
    """
    indicator = get_indicator(key)
    _, den_col = OUTCOME_INDICATORS[key]
    labels = [
        compare_to_benchmark(low, high, benchmark, indicator.polarity, den, indicator.min_denominator)
        if not partial
        else "not_compared"
        for low, high, den, partial in zip(
            frame[f"{key}_low"],
            frame[f"{key}_high"],
            pd.to_numeric(frame[den_col], errors="coerce"),
            frame.get("is_partial_year", pd.Series(False, index=frame.index)).eq(True),
        )
    ]
    return pd.Series(labels, index=frame.index, dtype=object)


def funnel(
    frame: pd.DataFrame, key: str, benchmark: float, levels: Sequence[float] = DEFAULT_LEVELS, points: int = 200
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(points, limits) for a funnel plot of `key` around `benchmark` (same scale as the indicator).

    points: the full-year rows with a denominator, from analytics.funnel.funnel_points, values and limits
    rescaled to % or per 10,000. limits: the control-limit curves on a grid of denominators from 1 to the
    largest denominator shown (geometric spacing, so the narrow end is smooth).
    """
    indicator = get_indicator(key)
    num_col, den_col = OUTCOME_INDICATORS[key]
    rows = frame[usable_rows(frame, key)].copy()
    is_rate = indicator.statistic == "rate"
    scale = 1.0 if is_rate else 100.0
    limit_cols = [f"{side}_{level_label(level)}" for level in levels for side in ("low", "high")]
    if rows.empty or pd.isna(benchmark):
        return rows.assign(value=[], position=[]), pd.DataFrame(columns=["denominator", *limit_cols])
    placed = funnel_points(
        rows,
        benchmark if is_rate else benchmark / 100,
        numerator_col=num_col,
        denominator_col=den_col,
        statistic="rate" if is_rate else "proportion",
        per=PER,
        levels=levels,
    )
    for col in ["value", "benchmark", *limit_cols]:
        placed[col] = placed[col] * scale
    top = float(pd.to_numeric(rows[den_col]).max())
    grid = np.unique(np.round(np.geomspace(1 if not is_rate else max(top / 1000, 1), top * 1.05, points)))
    if is_rate:
        limits = rate_control_limits(benchmark, grid, PER, levels)
    else:
        limits = control_limits(benchmark / 100, grid, levels)
    curve = pd.DataFrame({"denominator": grid})
    for level in levels:
        low, high = limits[level]
        curve[f"low_{level_label(level)}"] = np.asarray(low) * scale
        curve[f"high_{level_label(level)}"] = np.asarray(high) * scale
    return placed, curve


@dataclass(frozen=True)
class Trend:
    """Direction of the recent trend: increasing, decreasing, no_change, too_few_points or not_calculated."""

    direction: str
    p_value: float
    points: int


def trend(
    fiscal_years: Sequence[int],
    numerators: Sequence[float],
    denominators: Sequence[float],
    statistic: str,
    min_points: int = MIN_TREND_POINTS,
    confidence: float = 0.95,
) -> Trend:
    """Score test for a linear trend over the most recent `min_points` years (Fingertips' recent trend).

    proportion: Cochran–Armitage chi-square test; rate: the analogous Poisson score test with the
    denominator as exposure. Fewer than `min_points` usable points gives "too_few_points", no variation in
    the expected counts "not_calculated". Callers pass full-year points of one unit only.
    """
    data = pd.DataFrame({"x": fiscal_years, "r": numerators, "n": denominators}).apply(pd.to_numeric, errors="coerce")
    data = data.dropna()
    data = data[data["n"] > 0].sort_values("x").tail(min_points)
    if len(data) < min_points:
        return Trend("too_few_points", math.nan, len(data))
    x, r, n = data["x"].to_numpy(), data["r"].to_numpy(), data["n"].to_numpy()
    share = r.sum() / n.sum()
    expected = n * share
    score = float(np.sum(x * (r - expected)))
    if statistic == "proportion":
        variance = share * (1 - share) * (np.sum(n * x**2) - np.sum(n * x) ** 2 / n.sum())
    elif statistic == "rate":
        variance = np.sum(expected * x**2) - np.sum(expected * x) ** 2 / expected.sum() if expected.sum() else 0.0
    else:
        raise ValueError(f"statistic は 'proportion' か 'rate' を指定してください: {statistic!r}")
    if not variance > 0:
        return Trend("not_calculated", math.nan, len(data))
    p_value = float(stats.chi2.sf(score**2 / variance, 1))
    if p_value >= 1 - confidence:
        return Trend("no_change", p_value, len(data))
    return Trend("increasing" if score > 0 else "decreasing", p_value, len(data))


def trend_judgement(direction: str, polarity: str) -> str | None:
    """ "better" / "worse" for a significant trend of an indicator with a polarity; None otherwise."""
    if direction not in ("increasing", "decreasing") or polarity == "no_judgement":
        return None
    return "better" if (direction == "increasing") == (polarity == "higher_is_better") else "worse"


def yearly_rates(totals: pd.DataFrame, unit: str = COUNT_UNIT, basis: str = COUNT_BASIS) -> pd.DataFrame:
    """Pooled closure rate (%, Wilson 95%) per fiscal year from `data_access.outcomes.yearly_totals`."""
    rows = totals[(totals["unit"] == unit) & (totals["basis"] == basis)].sort_values("fiscal_year").copy()
    estimates = [_proportion(c, n) for c, n in zip(rows["closure_closed"], rows["closure_caseload"])]
    values = np.array(estimates, dtype=float).reshape(-1, 3)
    rows["closure_rate"], rows["closure_rate_low"], rows["closure_rate_high"] = values.T if len(rows) else ([],) * 3
    return rows.reset_index(drop=True)


def attainment_table(target_rows: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """Each target with the matching result and analytics.targets.target_attainment.

    target_rows: code, metric, value, unit, due_on (from data_access.outcomes.targets). results: one row per
    code with new_cases, unit, period_end, is_partial_year, closure_rate (after `with_outcome_rates`) and
    optionally established / coverage_as_of. Adds result_value, result_unit, result_period_end,
    result_partial, comparable, attainment_pct, achieved, reason_ja.
    """
    by_code = results.set_index("code") if "code" in results else results
    out = target_rows.copy().reset_index(drop=True)
    columns: dict[str, list] = {
        k: []
        for k in (
            "result_value",
            "result_unit",
            "result_period_end",
            "result_partial",
            "comparable",
            "attainment_pct",
            "achieved",
            "reason_ja",
        )
    }
    for _, target in out.iterrows():
        row = by_code.loc[target["code"]] if target["code"] in by_code.index else None
        value, unit, period_end, partial = _result_for(target["metric"], row)
        attainment = target_attainment(
            {
                "metric": target["metric"],
                "value": value,
                "unit": unit,
                "period_end": period_end,
                "is_partial_year": partial,
            },
            {
                "metric": target["metric"],
                "value": target["value"],
                "unit": target["unit"],
                "period_end": target["due_on"],
            },
        )
        for key, item in (
            ("result_value", value),
            ("result_unit", unit),
            ("result_period_end", period_end),
            ("result_partial", partial),
            ("comparable", attainment.comparable),
            ("attainment_pct", None if attainment.ratio is None else attainment.ratio * 100),
            ("achieved", "achieved" in attainment.flags),
            ("reason_ja", attainment.reason_ja),
        ):
            columns[key].append(item)
    for key, values in columns.items():
        out[key] = values
    return out


def _result_for(metric: str, row: pd.Series | None) -> tuple[float, str, object, bool]:
    """The result matching a target metric: value, unit, period end, partial-year flag."""
    if row is None:
        return (math.nan, "", None, False)
    flag = row.get("is_partial_year")
    partial = isinstance(flag, (bool, np.bool_)) and bool(flag)
    if metric == "new_consultations":
        return (row.get("new_cases", math.nan), row.get("unit", ""), row.get("period_end"), partial)
    if metric == "closure_rate":
        return (row.get("closure_rate", math.nan), "%", row.get("period_end"), partial)
    if metric == "tier2_councils_established":
        return (row.get("established", math.nan), "地区", row.get("coverage_as_of"), False)
    return (math.nan, "", None, False)


def similar_municipalities(profiles: pd.DataFrame, code: str, k: int, features: Sequence[str] = SIMILARITY_FEATURES):
    """The k (1–5) municipalities closest to `code` (analytics.peers.nearest_neighbours) on the profile facts.

    Only features that `code` has and that vary among the candidates are used (a missing area everywhere
    must not exclude every municipality); the used features are in the result. Adds name and peer band.
    """
    if not 1 <= k <= 5:
        raise ValueError(f"比較する自治体は2〜6団体です（近傍の数 k は1〜5）: {k}")
    target = profiles.loc[profiles["code"] == code]
    if target.empty:
        raise ValueError(f"団体コード {code!r} が見つかりません")
    usable = [
        f
        for f in features
        if f in profiles
        and not pd.isna(target.iloc[0][f])
        and pd.to_numeric(profiles[f], errors="coerce").nunique() > 1
    ]
    if not usable:
        raise ValueError(f"団体コード {code!r} の比較に使える特徴量がありません")
    result = nearest_neighbours(profiles, code, k, usable, log_features=SIMILARITY_LOG_FEATURES)
    info = profiles.set_index("code")
    neighbours = result.neighbours.copy()
    neighbours["name"] = neighbours["code"].map(info["name"])
    neighbours["peer_band"] = peer_bands(info.loc[neighbours["code"]].reset_index()).to_numpy()
    return result, neighbours


def peer_bands(profiles: pd.DataFrame) -> pd.Series:
    """類似団体-style band key (analytics.peers.peer_band) per row, from designation, kind and population."""
    designations = profiles["designation"] if "designation" in profiles else pd.Series(None, index=profiles.index)
    return pd.Series(
        [
            peer_band(kind, pop, None if pd.isna(designation) else designation)
            for kind, pop, designation in zip(profiles["kind"], profiles["population"], designations)
        ],
        index=profiles.index,
        dtype=object,
    )


def outcome_frame(
    rows: pd.DataFrame,
    profile_frame: pd.DataFrame,
    synthetic_ids: set[int] | frozenset[int],
    show_synthetic: bool = True,
    coverage: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(frame, other): one row per municipality of `profile_frame` with its comparable consultation row of
    the year, population, optional council coverage and the outcome indicators; `other` holds the rows in
    another unit or basis (listed, never added).

    Synthetic values are dropped before any rate when show_synthetic is False; otherwise flags
    cases_synthetic / population_synthetic / coverage_synthetic and `synthetic` (any of them) mark them.
    """
    ids = set(synthetic_ids)
    comparable, other = split_comparable(rows)
    comparable = comparable.drop(columns=[c for c in ("name", "prefecture_code") if c in comparable])
    comparable["cases_synthetic"] = comparable["source_id"].isin(ids)
    if not show_synthetic:
        comparable = comparable[~comparable["cases_synthetic"]]
        other = other[~other["source_id"].isin(ids)]
    base = profile_frame.copy()
    base["population_synthetic"] = base["population_source_id"].isin(ids)
    if not show_synthetic:
        for source_column in [c for c in base.columns if c.endswith("_source_id") and c[: -len("_source_id")] in base]:
            hidden = base[source_column].isin(ids)
            base.loc[hidden, source_column[: -len("_source_id")]] = np.nan
        base["population_synthetic"] = False
    frame = base.merge(comparable.rename(columns={"source_id": "cases_source_id"}), on="code", how="left")
    frame["cases_synthetic"] = frame["cases_synthetic"].eq(True)
    frame["coverage_synthetic"] = False
    if coverage is not None:
        cov = coverage.reindex(frame["code"])
        synthetic_cov = cov["coverage_source_id"].isin(ids).to_numpy()
        keep = np.ones(len(frame), dtype=bool) if show_synthetic else ~synthetic_cov
        for col in (
            "districts",
            "established",
            "coverage_as_of",
            "coverage_source_id",
            "coverage_basis",
            "jusou_stage",
            "jusou_source_id",
        ):
            frame[col] = cov[col].to_numpy()
        frame.loc[~keep, ["districts", "established", "coverage_source_id"]] = np.nan
        frame["coverage_synthetic"] = synthetic_cov & keep
        jusou_synthetic = cov["jusou_source_id"].isin(ids).to_numpy()
        if not show_synthetic:
            frame.loc[jusou_synthetic, ["jusou_stage", "jusou_source_id"]] = None
    frame = with_outcome_rates(frame)
    frame["synthetic"] = frame["cases_synthetic"] | frame["population_synthetic"] | frame["coverage_synthetic"]
    return frame, other

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.funnel import (
    POSITIONS,
    control_limits,
    funnel_points,
    level_label,
    rate_control_limits,
)
from core.i18n import has


def reference_binomial_limit(p0, n, prob):
    """Spiegelhalter's interpolated limit from a full table of binom.cdf (no ppf)."""
    cdf = stats.binom.cdf(np.arange(n + 1), n, p0)
    r = int(np.argmax(cdf >= prob))  # smallest r with F(r) >= prob
    f_r = cdf[r]
    f_prev = cdf[r - 1] if r > 0 else 0.0
    alpha = (f_r - prob) / (f_r - f_prev)
    return min(max((r - alpha) / n, 0.0), 1.0)


def reference_poisson_count_limit(mu, prob):
    upper = int(stats.poisson.ppf(1 - 1e-12, mu)) + 10
    cdf = stats.poisson.cdf(np.arange(upper), mu)
    r = int(np.argmax(cdf >= prob))
    f_prev = cdf[r - 1] if r > 0 else 0.0
    alpha = (cdf[r] - prob) / (cdf[r] - f_prev)
    return max(r - alpha, 0.0)


@pytest.mark.parametrize("p0", [0.05, 0.3, 0.5, 0.62, 0.9])
@pytest.mark.parametrize("n", [1, 3, 10, 25, 60, 200, 1000, 5000])
def test_control_limits_match_binomial_reference(p0, n):
    limits = control_limits(p0, n)
    assert set(limits) == {0.95, 0.998}
    for level, (low, high) in limits.items():
        tail = (1 - level) / 2
        assert low == pytest.approx(reference_binomial_limit(p0, n, tail), abs=1e-9)
        assert high == pytest.approx(reference_binomial_limit(p0, n, 1 - tail), abs=1e-9)


def test_control_limits_hand_checked_value():
    # n = 10, p0 = 0.3: F(5) = 0.952651, F(6) = 0.989408 -> r = 6 for p = 0.975,
    # alpha = (0.989408 - 0.975) / (0.989408 - 0.952651) = 0.391977, limit = 5.608023 / 10.
    low, high = control_limits(0.3, 10)[0.95]
    assert high == pytest.approx(0.5608023, abs=1e-6)
    # F(0) = 0.7^10 = 0.028248 >= 0.025 -> r = 0, interpolation below 0 is clipped.
    assert low == 0.0


def test_interpolation_lies_between_adjacent_integers():
    for n in (7, 40, 333):
        high = control_limits(0.4, n)[0.95][1]
        r = stats.binom.ppf(0.975, n, 0.4)
        assert (r - 1) / n <= high <= r / n


def test_control_limits_vectorised_equals_scalar():
    ns = np.array([5, 20, 80, 400, 2000])
    vec = control_limits(0.25, ns, levels=(0.95, 0.998))
    for level in (0.95, 0.998):
        low, high = vec[level]
        assert isinstance(low, np.ndarray) and low.shape == ns.shape
        for i, n in enumerate(ns):
            s_low, s_high = control_limits(0.25, int(n), levels=(level,))[level]
            assert low[i] == pytest.approx(s_low)
            assert high[i] == pytest.approx(s_high)


def test_limits_widen_as_n_shrinks():
    ns = np.array([20, 50, 100, 500, 2000, 10000])
    for level in (0.95, 0.998):
        low, high = control_limits(0.35, ns)[level]
        width = high - low
        assert np.all(np.diff(width) < 0)
        assert np.all(low < 0.35) and np.all(high > 0.35)
    # The outer (99.8 %) funnel contains the inner (95 %) one.
    lim = control_limits(0.35, ns)
    assert np.all(lim[0.998][0] <= lim[0.95][0])
    assert np.all(lim[0.998][1] >= lim[0.95][1])


@pytest.mark.parametrize("n", [10, 51, 400, 3000])
def test_mirror_symmetry_p_and_one_minus_p(n):
    # Binomial(n, 1-p) is the mirror image of Binomial(n, p). The interpolation reads the
    # cdf linearly between integers, which shifts both limits by -1/(2n) on average, so the
    # mirror relation is exact up to that shift: low(p) + high(1-p) = 1 - 1/n.
    a = control_limits(0.2, n)
    b = control_limits(0.8, n)
    for level in (0.95, 0.998):
        if a[level][0] > 0:  # unclipped
            assert a[level][0] + b[level][1] == pytest.approx(1 - 1 / n, abs=1e-9)
        assert a[level][1] + b[level][0] == pytest.approx(1 - 1 / n, abs=1e-9)


@pytest.mark.parametrize("n", [30, 101, 1000])
def test_limits_roughly_symmetric_around_one_half(n):
    low, high = control_limits(0.5, n)[0.95]
    assert (0.5 - low) - (high - 0.5) == pytest.approx(1 / n, abs=1e-9)
    assert low + high == pytest.approx(1 - 1 / n, abs=1e-9)


def test_large_n_approaches_normal_approximation():
    n, p0 = 100_000, 0.4
    low, high = control_limits(p0, n)[0.95]
    se = math.sqrt(p0 * (1 - p0) / n)
    assert low == pytest.approx(p0 - 1.959964 * se, abs=2e-5)
    assert high == pytest.approx(p0 + 1.959964 * se, abs=2e-5)


def test_invalid_denominators_give_nan():
    low, high = control_limits(0.3, np.array([0, -5, np.nan, 10]))[0.95]
    assert np.isnan(low[:3]).all() and np.isnan(high[:3]).all()
    assert not np.isnan(high[3])


def test_degenerate_benchmark():
    assert control_limits(0.0, 50)[0.95] == (0.0, 0.0)
    assert control_limits(1.0, 50)[0.998] == (1.0, 1.0)


@pytest.mark.parametrize(("p0", "levels"), [(1.2, (0.95,)), (-0.1, (0.95,)), (0.3, (95,)), (0.3, ())])
def test_control_limits_validation(p0, levels):
    with pytest.raises(ValueError):
        control_limits(p0, 10, levels)


@pytest.mark.parametrize("rate", [2.0, 35.0, 120.0])
@pytest.mark.parametrize("population", [300, 2_500, 40_000, 1_500_000])
def test_rate_control_limits_match_poisson_reference(rate, population):
    limits = rate_control_limits(rate, population, per=10_000)
    mu = rate * population / 10_000
    for level, (low, high) in limits.items():
        tail = (1 - level) / 2
        assert low == pytest.approx(reference_poisson_count_limit(mu, tail) * 10_000 / population, abs=1e-9)
        assert high == pytest.approx(reference_poisson_count_limit(mu, 1 - tail) * 10_000 / population, abs=1e-9)


def test_rate_control_limits_hand_checked_value():
    # Expected count 10 (rate 50 per 10,000 in 2,000 people); Poisson(10): F(16) = 0.972958,
    # F(17) = 0.985722 -> r = 17, alpha = (0.985722 - 0.975) / (0.985722 - 0.972958) = 0.840.
    high = rate_control_limits(50, 2_000)[0.95][1]
    assert high == pytest.approx((17 - 0.84001) * 10_000 / 2_000, abs=1e-3)


def test_rate_limits_widen_as_population_shrinks():
    pops = np.array([1_000, 5_000, 20_000, 100_000, 1_000_000])
    low, high = rate_control_limits(40, pops)[0.998]
    assert np.all(np.diff(high - low) < 0)
    assert np.isnan(rate_control_limits(40, [0])[0.95][0]).all()


def test_level_labels():
    assert [level_label(v) for v in (0.95, 0.998, 0.999, 0.9)] == ["95", "998", "999", "90"]


def units():
    return pd.DataFrame(
        {
            "code": ["011002", "012025", "013030", "014044", "015059", "016063"],
            "numerator": [80, 1, 5, 44, 29, 0],
            "denominator": [100, 40, 10, 100, 100, 0],
        }
    )


def test_funnel_points_positions_against_fixed_benchmark():
    out = funnel_points(units(), benchmark=0.4)
    assert list(out["code"]) == list(units()["code"])
    assert out["value"].iloc[0] == pytest.approx(0.8)
    expected_high_95 = control_limits(0.4, 100)[0.95][1]
    assert out["high_95"].iloc[0] == pytest.approx(expected_high_95)
    assert list(out["position"]) == [
        "above_998",  # 80/100 far above 40 %
        "below_998",  # 1/40
        "within",  # 5/10: small denominator, wide funnel
        "within",  # 44/100
        "below_95",  # 29/100: below the 95 % limit, not the 99.8 % one
        "not_compared",  # 0/0
    ]
    low95 = out["low_95"].iloc[4]
    low998 = out["low_998"].iloc[4]
    assert low998 < 0.29 < low95


def test_funnel_points_default_benchmark_is_pooled():
    out = funnel_points(units())
    assert out["benchmark"].iloc[0] == pytest.approx((80 + 1 + 5 + 44 + 29) / 350)


def test_funnel_points_above_95_only():
    frame = pd.DataFrame({"code": ["a"], "numerator": [50], "denominator": [100]})
    out = funnel_points(frame, benchmark=0.4)
    lim = control_limits(0.4, 100)
    assert lim[0.95][1] < 0.5 < lim[0.998][1]
    assert out["position"].iloc[0] == "above_95"


def test_funnel_points_rate_statistic():
    frame = pd.DataFrame({"code": ["x", "y", "z"], "cases": [120, 3, 20], "population": [10_000, 2_000, 4_000]})
    out = funnel_points(frame, benchmark=50.0, numerator_col="cases", denominator_col="population", statistic="rate")
    assert list(out["value"]) == pytest.approx([120.0, 15.0, 50.0])
    assert list(out["position"]) == ["above_998", "below_95", "within"]
    assert out["high_95"].iloc[0] == pytest.approx(rate_control_limits(50, 10_000)[0.95][1])


def test_funnel_points_rejects_numerator_above_denominator():
    frame = pd.DataFrame({"code": ["a"], "numerator": [5], "denominator": [4]})
    with pytest.raises(ValueError, match="分子が分母を上回る"):
        funnel_points(frame, 0.5)


def test_every_position_is_named_in_the_catalogue():
    out = funnel_points(units(), benchmark=0.4)
    assert set(out["position"]) <= set(POSITIONS)
    assert all(has(f"outcomes_position_{key}") for key in POSITIONS)


def test_point_on_the_limit_counts_as_within():
    # Benchmark 0 % gives limits (0, 0): units with 0 events sit exactly on both limits.
    frame = pd.DataFrame({"code": ["a", "b"], "numerator": [0, 1], "denominator": [20, 20]})
    out = funnel_points(frame, benchmark=0.0)
    assert list(out["position"]) == ["within", "above_998"]

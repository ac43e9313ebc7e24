import math

import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from analytics.rates import (
    ProportionEstimate,
    RateEstimate,
    closure_rate,
    poisson_interval,
    poisson_intervals,
    rate_per_population,
    rates_per_population,
    wilson_interval,
)

WILSON_CASES = [
    (0, 1),
    (1, 1),
    (0, 5),
    (5, 5),
    (1, 2),
    (0, 10),
    (1, 10),
    (3, 10),
    (10, 10),
    (7, 23),
    (49, 50),
    (12, 250),
    (0, 1000),
    (500, 1000),
    (999, 1000),
    (12345, 67890),
]


@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99, 0.998])
@pytest.mark.parametrize(("x", "n"), WILSON_CASES)
def test_wilson_matches_statsmodels(x, n, confidence):
    expected = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
    low, high = wilson_interval(x, n, confidence)
    assert low == pytest.approx(expected[0], abs=1e-12)
    assert high == pytest.approx(expected[1], abs=1e-12)


@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        # Hand-checked published values (Newcombe 1998, Table I, Wilson score without cc).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_published_values(x, n, low, high):
    got = wilson_interval(x, n)
    assert got[0] == pytest.approx(low, abs=5e-5)
    assert got[1] == pytest.approx(high, abs=5e-5)


def test_wilson_boundaries_are_exact():
    assert wilson_interval(0, 7)[0] == 0.0
    assert wilson_interval(7, 7)[1] == 1.0


def test_wilson_zero_over_zero_is_nan():
    low, high = wilson_interval(0, 0)
    assert math.isnan(low) and math.isnan(high)


def test_wilson_missing_input_is_nan():
    assert all(math.isnan(v) for v in wilson_interval(float("nan"), 10))
    assert all(math.isnan(v) for v in wilson_interval(3, None))


@pytest.mark.parametrize(
    ("x", "n", "message"),
    [(-1, 10, "負の値"), (1, -10, "負の値"), (11, 10, "分子が分母を上回って")],
)
def test_wilson_rejects_impossible_input(x, n, message):
    with pytest.raises(ValueError, match=message):
        wilson_interval(x, n)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5])
def test_confidence_must_be_a_fraction(confidence):
    with pytest.raises(ValueError, match="信頼水準"):
        wilson_interval(1, 2, confidence)
    with pytest.raises(ValueError, match="信頼水準"):
        poisson_interval(1, confidence)


def garwood_reference(k, confidence):
    alpha = 1 - confidence
    low = 0.0 if k == 0 else stats.chi2.ppf(alpha / 2, 2 * k) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * (k + 1)) / 2
    return low, high


@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.998])
@pytest.mark.parametrize("k", [0, 1, 2, 3, 5, 10, 17, 50, 100, 1000, 25000])
def test_poisson_matches_garwood_chi_square(k, confidence):
    low, high = poisson_interval(k, confidence)
    ref_low, ref_high = garwood_reference(k, confidence)
    assert low == pytest.approx(ref_low, rel=1e-12)
    assert high == pytest.approx(ref_high, rel=1e-12)


@pytest.mark.parametrize(
    ("k", "low", "high"),
    [
        # Published exact Poisson limits (e.g. Ulm 1990 / PHE tables), 95 %.
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (5, 1.623, 11.668),
        (10, 4.795, 18.390),
    ],
)
def test_poisson_published_values(k, low, high):
    got = poisson_interval(k)
    assert got[0] == pytest.approx(low, abs=5e-4)
    assert got[1] == pytest.approx(high, abs=5e-4)


def test_poisson_interval_contains_count_and_is_consistent():
    # Exactness: P(X >= k | low) = 2.5 % and P(X <= k | high) = 2.5 %.
    low, high = poisson_interval(10)
    assert stats.poisson.sf(9, low) == pytest.approx(0.025, rel=1e-9)
    assert stats.poisson.cdf(10, high) == pytest.approx(0.025, rel=1e-9)


def test_poisson_rejects_negative_count():
    with pytest.raises(ValueError, match="負の値"):
        poisson_interval(-1)


def test_rate_per_population_scales_poisson_interval():
    est = rate_per_population(10, 20_000)
    assert isinstance(est, RateEstimate)
    assert est.value == pytest.approx(5.0)
    assert est.low == pytest.approx(4.795389 / 2, rel=1e-6)
    assert est.high == pytest.approx(18.390356 / 2, rel=1e-6)
    assert (est.count, est.population, est.per) == (10, 20_000, 10_000)


def test_rate_per_population_other_multiplier():
    est = rate_per_population(3, 1_500, per=1_000)
    assert est.value == pytest.approx(2.0)
    low, high = poisson_interval(3)
    assert est.low == pytest.approx(low / 1.5)
    assert est.high == pytest.approx(high / 1.5)


@pytest.mark.parametrize("population", [0, None, float("nan")])
def test_rate_without_population_is_nan_not_an_error(population):
    est = rate_per_population(12, population)
    assert math.isnan(est.value) and math.isnan(est.low) and math.isnan(est.high)
    assert est.count == 12


def test_rate_with_zero_count_has_positive_upper_limit():
    est = rate_per_population(0, 5_000)
    assert est.value == 0.0
    assert est.low == 0.0
    assert est.high == pytest.approx(3.688879 * 2, rel=1e-6)


@pytest.mark.parametrize(("count", "population"), [(-1, 100), (1, -100)])
def test_rate_rejects_negative_inputs(count, population):
    with pytest.raises(ValueError, match="負の値"):
        rate_per_population(count, population)


def test_closure_rate_uses_new_plus_continuing():
    est = closure_rate(closed=30, new=40, continuing=20)
    assert isinstance(est, ProportionEstimate)
    assert est.numerator == 30
    assert est.denominator == 60
    assert est.value == pytest.approx(0.5)
    ref = proportion_confint(30, 60, alpha=0.05, method="wilson")
    assert (est.low, est.high) == pytest.approx(ref, abs=1e-12)


def test_closure_rate_can_exceed_new_cases_but_not_caseload():
    # More closures than new cases is normal when continuing cases close.
    assert closure_rate(closed=15, new=10, continuing=5).value == pytest.approx(1.0)
    with pytest.raises(ValueError, match="終結件数（16）が対応件数"):
        closure_rate(closed=16, new=10, continuing=5)


def test_closure_rate_without_cases_is_nan():
    est = closure_rate(0, 0, 0)
    assert math.isnan(est.value) and math.isnan(est.low) and math.isnan(est.high)
    assert est.denominator == 0


def test_closure_rate_rejects_negative():
    with pytest.raises(ValueError, match="継続件数に負の値"):
        closure_rate(1, 5, -1)


def test_vectorised_poisson_intervals_equal_the_scalar_ones():
    counts = [0, 1, 3, 10, 57, 973, None, float("nan")]
    low, high = poisson_intervals(counts)
    for count, lo, hi in zip(counts, low, high):
        expected = poisson_interval(count)
        if count is None or count != count:
            assert math.isnan(lo) and math.isnan(hi)
        else:
            assert (lo, hi) == pytest.approx(expected)
    with pytest.raises(ValueError, match="負の値"):
        poisson_intervals([3, -1])


def test_rates_per_population_for_a_column_equal_the_scalar_ones():
    counts = [0, 1, 12, 973, None, 5, 7, float("nan")]
    populations = [5_000, 500, 31_127, 1_950_000, 800, 0, None, 1_000]
    values, lows, highs = rates_per_population(counts, populations)
    for count, population, value, low, high in zip(counts, populations, values, lows, highs):
        expected = rate_per_population(count, population)
        got = (value, low, high)
        for a, b in zip(got, (expected.value, expected.low, expected.high)):
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


@pytest.mark.parametrize(
    ("counts", "populations", "per", "message"),
    [
        ([3, -1], [100, 100], 10_000, "件数に負の値"),
        ([3, 1], [100, -5], 10_000, "人口に負の値"),
        ([3], [100], 0, "正の数"),
    ],
)
def test_rates_per_population_reject_impossible_input(counts, populations, per, message):
    with pytest.raises(ValueError, match=message):
        rates_per_population(counts, populations, per)

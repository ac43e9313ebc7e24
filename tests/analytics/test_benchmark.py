import math

import pytest

from analytics.benchmark import (
    COMPARISONS,
    compare_to_benchmark,
)
from analytics.rates import wilson_interval
from core.i18n import has, t

NAN = math.nan


@pytest.mark.parametrize(
    ("low", "high", "polarity", "expected"),
    [
        # interval entirely above the benchmark 0.5
        (0.55, 0.70, "higher_is_better", "better"),
        (0.55, 0.70, "lower_is_better", "worse"),
        (0.55, 0.70, "no_judgement", "higher"),
        # entirely below
        (0.20, 0.45, "higher_is_better", "worse"),
        (0.20, 0.45, "lower_is_better", "better"),
        (0.20, 0.45, "no_judgement", "lower"),
        # straddling
        (0.40, 0.60, "higher_is_better", "similar"),
        (0.40, 0.60, "lower_is_better", "similar"),
        (0.40, 0.60, "no_judgement", "similar"),
        # touching the benchmark is not a significant difference
        (0.50, 0.70, "higher_is_better", "similar"),
        (0.30, 0.50, "lower_is_better", "similar"),
    ],
)
def test_polarity_table(low, high, polarity, expected):
    assert compare_to_benchmark(low, high, 0.5, polarity, denominator=100, min_denominator=10) == expected


@pytest.mark.parametrize(
    ("denominator", "min_denominator", "expected"),
    [
        (9, 10, "not_compared"),
        (10, 10, "better"),
        (None, 10, "not_compared"),
        (NAN, 10, "not_compared"),
        (None, None, "better"),
    ],
)
def test_small_or_missing_denominator(denominator, min_denominator, expected):
    assert compare_to_benchmark(0.6, 0.8, 0.5, "higher_is_better", denominator, min_denominator) == expected


@pytest.mark.parametrize(("low", "high", "benchmark"), [(NAN, 0.8, 0.5), (0.6, NAN, 0.5), (0.6, 0.8, NAN)])
def test_missing_values_not_compared(low, high, benchmark):
    assert compare_to_benchmark(low, high, benchmark, "higher_is_better", 100, 10) == "not_compared"


def test_small_town_with_high_rate_is_similar_when_interval_is_wide():
    # 4/5 closed looks far above 50 %, but the Wilson interval still contains 0.5.
    low, high = wilson_interval(4, 5)
    assert compare_to_benchmark(low, high, 0.5, "higher_is_better", 5, 5) == "similar"
    low, high = wilson_interval(80, 100)
    assert compare_to_benchmark(low, high, 0.5, "higher_is_better", 100, 5) == "better"


def test_invalid_inputs():
    with pytest.raises(ValueError, match="評価の向き"):
        compare_to_benchmark(0.1, 0.2, 0.5, "bigger", 10, 1)
    with pytest.raises(ValueError, match="下限が上限を上回って"):
        compare_to_benchmark(0.3, 0.2, 0.5, "higher_is_better", 10, 1)


def test_every_comparison_has_its_words_in_both_languages():
    assert [t(f"outcomes_label_{key}", "ja") for key in COMPARISONS] == [
        "良い",
        "同程度",
        "良くない",
        "高い",
        "低い",
        "比較対象外",
    ]
    assert all(has(f"outcomes_label_{key}") for key in COMPARISONS)

import math

import pytest

from analytics.spine import position, spine_row

VALUES = [10, 20, 30, 40, 50]


@pytest.mark.parametrize(
    ("polarity", "value", "benchmark", "expected"),
    [
        # half width = max(|10-30|, |50-30|) = 20: min at 0, max at 1, benchmark in the middle
        (
            "higher_is_better",
            40,
            30,
            {
                "minimum_pos": 0.0,
                "q25_pos": 0.25,
                "median_pos": 0.5,
                "q75_pos": 0.75,
                "maximum_pos": 1.0,
                "value_pos": 0.75,
                "left_value": 10,
                "right_value": 50,
            },
        ),
        # mirrored: the better (lower) end on the right
        (
            "lower_is_better",
            40,
            30,
            {"minimum_pos": 1.0, "maximum_pos": 0.0, "value_pos": 0.25, "left_value": 50, "right_value": 10},
        ),
        ("no_judgement", 10, 30, {"minimum_pos": 0.0, "maximum_pos": 1.0, "value_pos": 0.0}),
        # benchmark off-centre: half width 40 (|50-10|), the far side reaches 0
        (
            "higher_is_better",
            20,
            10,
            {"minimum_pos": 0.5, "maximum_pos": 1.0, "benchmark_pos": 0.5, "value_pos": 0.625},
        ),
        # a value outside the range widens the scale so that it stays on the chart
        ("higher_is_better", 90, 30, {"value_pos": 1.0, "maximum_pos": 0.5 + 20 / 120}),
        # no benchmark: the median is the centre
        ("higher_is_better", 30, None, {"benchmark": 30, "value_pos": 0.5}),
    ],
)
def test_spine_positions(polarity, value, benchmark, expected):
    row = spine_row(VALUES, value, benchmark, polarity)
    assert (row.count, row.minimum, row.q25, row.median, row.q75, row.maximum) == (5, 10, 20, 30, 40, 50)
    for field, want in expected.items():
        assert getattr(row, field) == pytest.approx(want), field


@pytest.mark.parametrize(
    ("values", "value", "expected_count", "value_pos"),
    [
        ([None, float("nan"), 5, 5], 5, 2, 0.5),  # missing values ignored; no spread: everything at the centre
        ([1, 2, 3], None, 3, math.nan),  # municipality without a value: bar drawn, no marker
    ],
)
def test_spine_edge_cases(values, value, expected_count, value_pos):
    row = spine_row(values, value, 2 if value is None else 5, "higher_is_better")
    assert row.count == expected_count
    assert (math.isnan(row.value_pos) and math.isnan(value_pos)) or row.value_pos == value_pos


def test_spine_without_values_and_bad_polarity():
    assert spine_row([None, float("nan")], 1, 1, "higher_is_better") is None
    with pytest.raises(ValueError):
        spine_row([1, 2], 1, 1, "up")


@pytest.mark.parametrize(
    ("x", "benchmark", "half", "polarity", "expected"),
    [(15, 10, 10, "higher_is_better", 0.75), (15, 10, 10, "lower_is_better", 0.25), (15, 10, 0, "no_judgement", 0.5)],
)
def test_position(x, benchmark, half, polarity, expected):
    assert position(x, benchmark, half, polarity) == expected

import datetime as dt
import math

import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from analytics import comparison as calc


def rows(*records):
    columns = [
        "code",
        "fiscal_year",
        "period_end",
        "is_partial_year",
        "basis",
        "unit",
        "new_cases",
        "continuing_cases",
        "closed_cases",
        "referred_cases",
        "source_id",
    ]
    return pd.DataFrame(records, columns=columns)


FULL = dt.date(2019, 3, 31)
FEB = dt.date(2019, 2, 28)


@pytest.mark.parametrize(
    ("records", "kept", "other"),
    [
        # a full year wins over a partial year of the same municipality and year
        (
            [
                ("A", 2018, FEB, True, "distinct", "件", 30, 0, 5, 1, 1),
                ("A", 2018, FULL, False, "distinct", "件", 40, 0, 9, 1, 1),
            ],
            [("A", 40, False)],
            0,
        ),
        # only partial rows: the latest is kept and flagged
        (
            [
                ("A", 2018, dt.date(2018, 12, 31), True, "distinct", "件", 20, 0, 5, 1, 1),
                ("A", 2018, FEB, True, "distinct", "件", 30, 0, 5, 1, 1),
            ],
            [("A", 30, True)],
            0,
        ),
        # another unit or basis is set apart, never added
        (
            [
                ("A", 2018, FULL, False, "distinct", "世帯", 24, 0, 2, 0, 1),
                ("B", 2018, FULL, False, "contacts", "件", 99, 0, 9, 0, 1),
                ("C", 2018, FULL, False, "distinct", "件", 10, 0, 2, 0, 1),
            ],
            [("C", 10, False)],
            2,
        ),
    ],
)
def test_split_comparable(records, kept, other):
    comparable, rest = calc.split_comparable(rows(*records))
    assert list(zip(comparable["code"], comparable["new_cases"], comparable["is_partial_year"])) == kept
    assert len(rest) == other


def test_rates_and_intervals():
    frame = rows(
        ("A", 2020, FULL, False, "distinct", "件", 60, 40, 55, 20, 1),
        ("B", 2020, FULL, False, "distinct", "件", 3, None, 1, 0, 1),
        ("C", 2020, FULL, False, "distinct", "件", 5, 0, 9, 0, 1),
    )  # more closed than handled
    frame["population"] = [50_000, 800, None]
    out = calc.with_outcome_rates(frame).set_index("code")
    assert out.loc["A", "caseload"] == 100
    assert out.loc["A", "closure_rate"] == pytest.approx(55.0)
    low, high = proportion_confint(55, 100, method="wilson")
    assert (out.loc["A", "closure_rate_low"], out.loc["A", "closure_rate_high"]) == (
        pytest.approx(low * 100),
        pytest.approx(high * 100),
    )
    assert out.loc["A", "consultations_per_10k"] == pytest.approx(12.0)
    assert out.loc["A", "referral_rate"] == pytest.approx(20.0)
    assert out.loc["B", "caseload"] == 3  # continuing missing counts as 0
    assert math.isnan(out.loc["C", "closure_rate"]) and math.isnan(out.loc["C", "consultations_per_10k"])


def outcome_rows():
    frame = rows(
        ("A", 2020, FULL, False, "distinct", "件", 300, 100, 300, 40, 1),  # 75 %
        ("B", 2020, FULL, False, "distinct", "件", 80, 20, 40, 10, 1),  # 40 %
        ("C", 2020, FULL, False, "distinct", "件", 4, 1, 2, 1, 1),  # 40 %, too small to compare
        ("D", 2020, FEB, True, "distinct", "件", 100, 0, 10, 1, 1),
    )  # partial year
    frame["population"] = [100_000, 20_000, 1_500, 30_000]
    return calc.with_outcome_rates(frame)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("closure_rate", 342 / 505 * 100),
        ("consultations_per_10k", 384 / 121_500 * 10_000),
        ("referral_rate", 51 / 505 * 100),
    ],
)
def test_pooled_value_leaves_partial_years_out(key, expected):
    assert calc.pooled_value(outcome_rows(), key) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("key", "benchmark", "expected"),
    [
        ("closure_rate", 60.0, ["better", "worse", "not_compared", "not_compared"]),  # C: 5 cases < 10
        ("closure_rate", 40.0, ["better", "similar", "not_compared", "not_compared"]),
        # no judgement for consultations: only higher / lower
        ("consultations_per_10k", 20.0, ["higher", "higher", "similar", "not_compared"]),
    ],
)
def test_benchmark_labels(key, benchmark, expected):
    assert list(calc.benchmark_labels(outcome_rows(), key, benchmark)) == expected


def test_funnel_points_and_curve():
    frame = outcome_rows()
    points, curve = calc.funnel(frame, "closure_rate", 60.0)
    assert list(points["code"]) == ["A", "B", "C"]  # partial year left out
    assert list(points["position"]) == ["above_998", "below_998", "within"]
    assert points["value"].tolist() == pytest.approx([75.0, 40.0, 40.0])
    assert curve["denominator"].iloc[0] == 1 and curve["denominator"].iloc[-1] >= 400
    assert (curve["low_998"] <= curve["low_95"]).all() and (curve["high_95"] <= curve["high_998"]).all()
    empty_points, empty_curve = calc.funnel(frame.iloc[0:0], "closure_rate", 60.0)
    assert empty_points.empty and empty_curve.empty


@pytest.mark.parametrize(
    ("numerators", "denominators", "statistic", "direction"),
    [
        ([10, 20, 30, 40, 50], [100] * 5, "proportion", "increasing"),
        ([50, 40, 30, 20, 10], [100] * 5, "proportion", "decreasing"),
        ([30, 31, 29, 30, 30], [100] * 5, "proportion", "no_change"),
        ([100, 150, 200, 250, 300], [10_000] * 5, "rate", "increasing"),
        ([10, 20, 30, 40], [100] * 4, "proportion", "too_few_points"),  # Fingertips: at least 5 points
        ([0, 0, 0, 0, 0], [100] * 5, "proportion", "not_calculated"),
        ([10, 20, None, 40, 50], [100] * 5, "proportion", "too_few_points"),  # a missing year does not count
    ],
)
def test_trend(numerators, denominators, statistic, direction):
    result = calc.trend([2019, 2020, 2021, 2022, 2023][: len(numerators)], numerators, denominators, statistic)
    assert result.direction == direction


def test_trend_matches_the_cochran_armitage_statistic():
    # T = Σ x (r − n p̄) = 160 − 0.28 × 500 = 20; Var = p̄(1−p̄)(Σ n x² − (Σ n x)² / N) = 0.2016 × 500 = 100.8;
    # chi2 = 400 / 100.8 = 3.968 on 1 df
    result = calc.trend([0, 1, 2, 3, 4], [10, 12, 14, 16, 18], [50] * 5, "proportion")
    assert result.p_value == pytest.approx(stats.chi2.sf(400 / 100.8, 1))
    assert result.p_value == pytest.approx(0.0464, abs=1e-4)
    assert result.direction == "increasing"
    assert result.points == 5


@pytest.mark.parametrize(
    ("direction", "polarity", "expected"),
    [
        ("increasing", "higher_is_better", "better"),
        ("increasing", "lower_is_better", "worse"),
        ("decreasing", "higher_is_better", "worse"),
        ("decreasing", "no_judgement", None),
        ("no_change", "higher_is_better", None),
    ],
)
def test_trend_judgement(direction, polarity, expected):
    assert calc.trend_judgement(direction, polarity) == expected


@pytest.mark.parametrize(
    ("metric", "target", "unit", "due", "comparable", "attainment"),
    [
        ("new_consultations", 50, "件", FULL, True, 80.0),
        ("new_consultations", 50, "件", dt.date(2020, 3, 31), False, None),  # another period
        ("new_consultations", 50, "世帯", FULL, False, None),  # another unit
        ("closure_rate", 50, "%", FULL, True, 150.0),
    ],
)
def test_attainment_table(metric, target, unit, due, comparable, attainment):
    results = calc.with_outcome_rates(rows(("A", 2018, FULL, False, "distinct", "件", 40, 20, 45, 0, 1)))
    targets = pd.DataFrame({"code": ["A"], "metric": [metric], "value": [target], "unit": [unit], "due_on": [due]})
    row = calc.attainment_table(targets, results).iloc[0]
    assert row["comparable"] == comparable
    assert (row["attainment_pct"] is None) if attainment is None else row["attainment_pct"] == pytest.approx(attainment)
    assert (row["reason_ja"] is None) == comparable


def test_partial_year_result_is_not_compared_with_an_annual_target():
    results = calc.with_outcome_rates(rows(("A", 2018, FEB, True, "distinct", "件", 40, 0, 5, 0, 1)))
    targets = pd.DataFrame(
        {"code": ["A"], "metric": ["new_consultations"], "value": [50], "unit": ["件"], "due_on": [FULL]}
    )
    row = calc.attainment_table(targets, results).iloc[0]
    assert not row["comparable"] and "年度途中" in row["reason_ja"]


def profiles():
    return pd.DataFrame(
        {
            "code": ["A", "B", "C", "D", "E"],
            "name": list("ABCDE"),
            "kind": ["city", "city", "town", "village", "city"],
            "population": [100_000, 110_000, 12_000, 3_000, None],
            "households": [40_000, 45_000, 5_000, 1_200, 100],
            "aging_rate": [28.0, 29.0, 38.0, 45.0, 30.0],
            "population_density": [None] * 5,  # unknown everywhere must not exclude everyone
        }
    )


@pytest.mark.parametrize(("code", "k", "nearest"), [("A", 1, ["B"]), ("A", 3, ["B", "C", "D"]), ("C", 1, ["D"])])
def test_similar_municipalities(code, k, nearest):
    result, neighbours = calc.similar_municipalities(profiles(), code, k)
    assert list(neighbours["code"]) == nearest
    assert result.features == ("population", "households", "aging_rate")
    assert result.excluded_codes == ("E",)
    assert "peer_band" in neighbours and neighbours["name"].tolist() == nearest


@pytest.mark.parametrize(("code", "k"), [("A", 0), ("A", 6), ("Z", 2)])
def test_similar_municipalities_rejects(code, k):
    with pytest.raises(ValueError):
        calc.similar_municipalities(profiles(), code, k)


def test_peer_bands():
    assert list(calc.peer_bands(profiles())) == ["city_100k", "city_100k", "town_10k", "town_small", "city_unknown"]
    designated = profiles().assign(designation=["core_city", None, None, None, None])
    assert calc.peer_bands(designated)[0] == "core_city"


def test_outcome_frame_hides_samples_before_any_rate():
    consultation = rows(
        ("A", 2020, FULL, False, "distinct", "件", 60, 40, 55, 20, 2),
        ("B", 2020, FULL, False, "distinct", "件", 30, 10, 20, 5, 7),
    )
    profile = (
        profiles()
        .iloc[:2]
        .assign(
            prefecture_code="09",
            population_source_id=[2, 7],
            households_source_id=2,
            aging_rate_source_id=2,
            area_source_id=None,
        )
    )
    shown, _ = calc.outcome_frame(consultation, profile, {2}, show_synthetic=True)
    assert list(shown["synthetic"]) == [True, False]
    hidden, _ = calc.outcome_frame(consultation, profile, {2}, show_synthetic=False)
    hidden = hidden.set_index("code")
    assert math.isnan(hidden.loc["A", "closure_rate"]) and math.isnan(hidden.loc["A", "population"])
    assert hidden.loc["B", "closure_rate"] == pytest.approx(50.0)
    assert not hidden["synthetic"].any()


def test_council_coverage_is_a_complete_count_without_an_interval():
    """26 of 39 districts is every district, not a sample: no 95 % interval (issue #18), compared as it is."""
    counts = dict.fromkeys(("new_cases", "continuing_cases", "closed_cases", "referred_cases"), [None, None])
    frame = calc.with_outcome_rates(pd.DataFrame({"established": [26, 0], "districts": [39, 5], **counts}))
    assert frame["council_coverage"].tolist() == pytest.approx([26 / 39 * 100, 0.0])
    assert (frame["council_coverage_low"] == frame["council_coverage"]).all()
    assert (frame["council_coverage_high"] == frame["council_coverage"]).all()

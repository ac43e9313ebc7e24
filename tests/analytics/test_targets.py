from datetime import date

import pandas as pd
import pytest

from analytics.targets import Attainment, MetricValue, convert_rate, target_attainment

FY_END = date(2025, 3, 31)


def result(**over):
    base = {"metric": "closure_rate", "value": 45.0, "unit": "%", "period_end": FY_END, "is_partial_year": False}
    return {**base, **over}


def target(**over):
    base = {"metric": "closure_rate", "value": 60.0, "unit": "%", "period_end": FY_END, "is_partial_year": False}
    return {**base, **over}


def test_attainment_when_everything_agrees():
    att = target_attainment(result(), target())
    assert att == Attainment(comparable=True, ratio=0.75, reason=None, flags=())


def test_attainment_achieved_flag_and_dataclass_inputs():
    res = MetricValue("closure_rate", 66.0, "%", FY_END)
    tgt = MetricValue("closure_rate", 60.0, "%", FY_END)
    att = target_attainment(res, tgt)
    assert att.ratio == pytest.approx(1.1)
    assert att.flags == ("achieved",)


def test_unit_mismatch_is_not_comparable():
    att = target_attainment(result(value=4.5, unit="‰"), target())
    assert not att.comparable and att.ratio is None
    assert "単位が異なる" in att.reason and "‰" in att.reason


def test_unit_mismatch_comparable_after_explicit_conversion():
    converted = convert_rate(450.0, "‰", "%")
    att = target_attainment(result(value=converted), target())
    assert att.ratio == pytest.approx(0.75)


def test_full_width_percent_is_the_same_unit():
    assert target_attainment(result(unit="％"), target()).comparable


def test_partial_year_result_against_full_year_target():
    att = target_attainment(result(is_partial_year=True, period_end=date(2024, 9, 30)), target())
    assert not att.comparable
    assert att.reason == "実績が年度途中の値のため、年間の目標値とは比較できません"


def test_partial_year_against_partial_year_target_is_flagged():
    half = date(2024, 9, 30)
    att = target_attainment(
        result(is_partial_year=True, period_end=half, value=20.0),
        target(is_partial_year=True, period_end=half, value=25.0),
    )
    assert att.comparable and att.ratio == pytest.approx(0.8)
    assert att.flags == ("partial_year",)


def test_full_year_result_against_partial_year_target():
    att = target_attainment(result(), target(is_partial_year=True))
    assert not att.comparable and "目標値が年度途中" in att.reason


@pytest.mark.parametrize(
    ("res", "tgt", "fragment"),
    [
        (result(metric="referral_rate"), target(), "指標が異なる"),
        (result(period_end=date(2026, 3, 31)), target(), "対象期間が異なる"),
        (result(value=None), target(), "実績値がない"),
        (result(), target(value=float("nan")), "目標値がない"),
        (result(), target(value=0), "目標値が0"),
    ],
)
def test_not_comparable_reasons(res, tgt, fragment):
    att = target_attainment(res, tgt)
    assert not att.comparable and att.ratio is None
    assert fragment in att.reason


def test_period_end_as_string_or_timestamp():
    att = target_attainment(result(period_end="2025-03-31"), target(period_end=pd.Timestamp("2025-03-31")))
    assert att.ratio == pytest.approx(0.75)


def test_malformed_input_raises():
    with pytest.raises(ValueError, match="必要な項目"):
        target_attainment({"metric": "closure_rate", "value": 1}, target())
    with pytest.raises(ValueError):
        target_attainment(result(period_end="令和7年3月末"), target())


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1.0, "%", "‰", 10.0),
        (12.5, "‰", "%", 1.25),
        (3.0, "%", "%", 3.0),
        (7.0, "‰", "‰", 7.0),
        (2.0, "％", "‰", 20.0),
        (0.5, "percent", "permille", 5.0),
    ],
)
def test_convert_rate(value, src, dst, expected):
    assert convert_rate(value, src, dst) == pytest.approx(expected)


def test_convert_rate_round_trip():
    assert convert_rate(convert_rate(37.4, "%", "‰"), "‰", "%") == pytest.approx(37.4)


@pytest.mark.parametrize(("src", "dst"), [("%", "件"), ("ratio", "%"), ("‱", "‰")])
def test_convert_rate_unknown_unit(src, dst):
    with pytest.raises(ValueError, match="変換できません"):
        convert_rate(1.0, src, dst)


def test_target_without_due_date_is_not_comparable():
    att = target_attainment(result(), target(period_end=None))
    assert not att.comparable
    assert att.reason == "目標の対象期間（期間末日）が不明のため比較できません"


def test_the_reason_is_written_in_the_language_asked_for():
    """Issue #16: the 目標と実績 table of the English edition gave its reasons in Japanese."""
    att = target_attainment(result(value=4.5, unit="‰"), target(), "en")
    assert att.reason == "Not comparable: different units (result: ‰, target: %). Convert to one unit first"
    other = target_attainment(result(metric="new_cases"), target(), "en")
    assert "different indicators" in other.reason and "closure_rate" not in other.reason

import datetime as dt
import math

import pandas as pd
import pytest

from analytics import overview

SYNTHETIC = 2


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "code": ["A", "B", "C"],
            "population": [100_000, 5_000, None],
            "population_source_id": [SYNTHETIC, 1, None],
            "jusou_stage": ["full", "preparing", None],
            "jusou_source_id": [1, SYNTHETIC, None],
            "districts": [10, 2, None],
            "established": [5, 2, None],
            "with_coordinator": [1, 0, None],
            "coverage_source_id": [1, None, None],
            "coverage_basis": ["reported", "districts", None],
            "new_cases": [200, 3, None],
            "continuing_cases": [50, 0, None],
            "closed_cases": [100, 3, None],
            "referred_cases": [10, 0, None],
            "cases_source_id": [1, 1, None],
        }
    )


def test_synthetic_mask_follows_the_source_of_each_value(frame):
    mask = overview.synthetic_mask(frame, {SYNTHETIC})
    assert mask["population"].tolist() == [True, False, False]
    assert mask["jusou_stage"].tolist() == [False, True, False]
    # coverage counted from district rows of several sources cannot be called real
    assert mask["established"].tolist() == [False, True, False]
    assert not mask["new_cases"].any()


def test_hide_blanks_masked_values_but_keeps_rows(frame):
    hidden = overview.hide(frame, overview.synthetic_mask(frame, {SYNTHETIC}))
    assert len(hidden) == 3
    assert hidden["population"].isna().tolist() == [True, False, True]


def test_rates_with_intervals(frame):
    rates = overview.with_rates(frame)
    assert rates["coverage_pct"].tolist()[:2] == [50.0, 100.0]
    assert rates.loc[0, "consultations_per_10k"] == pytest.approx(20.0)
    assert rates.loc[0, "closure_rate_pct"] == pytest.approx(40.0)
    assert rates.loc[0, "closure_rate_low_pct"] < 40 < rates.loc[0, "closure_rate_high_pct"]
    assert rates.loc[1, "closure_rate_pct"] == 100.0  # 3 of 3: interval stays wide
    assert rates.loc[1, "closure_rate_low_pct"] < 50
    assert math.isnan(rates.loc[2, "coverage_pct"])


def test_headline_counts_only_reporting_municipalities(frame):
    head = overview.headline(frame)
    assert (head.municipalities, head.jusou_full, head.jusou_preparing, head.jusou_known) == (3, 1, 1, 2)
    assert (head.established, head.districts) == (7, 12)
    assert head.coverage_pct == pytest.approx(7 / 12 * 100)
    assert head.new_cases == 203
    assert (head.closed, head.closure_denominator) == (103, 253)
    assert head.consultations_per_10k == pytest.approx(203 / 105_000 * 10_000)


def test_rates_are_marked_synthetic_when_an_input_is(frame):
    mask = overview.extend_mask_to_rates(overview.synthetic_mask(frame, {SYNTHETIC}))
    assert mask["consultations_per_10k"].tolist() == [True, False, False]


def test_coverage_series_steps_up_and_closes_at_the_end():
    series = overview.coverage_series(
        [dt.date(2018, 5, 1), dt.date(2017, 4, 1), None, dt.date(2022, 1, 1)], end=dt.date(2021, 3, 31)
    )
    assert series["date"].tolist() == [dt.date(2017, 4, 1), dt.date(2018, 5, 1), dt.date(2021, 3, 31)]
    assert series["established"].tolist() == [1, 2, 2]


def test_inconsistent_caseload_gives_no_rate_instead_of_failing(frame):
    frame.loc[1, ["new_cases", "continuing_cases", "closed_cases"]] = [34, None, 38]  # 矢巾町-style report
    rates = overview.with_rates(frame)
    assert math.isnan(rates.loc[1, "closure_rate_pct"])
    assert rates.loc[0, "closure_rate_pct"] == pytest.approx(40.0)


def test_headline_leaves_an_inconsistent_caseload_out_of_the_closure_rate(frame):
    frame.loc[1, ["new_cases", "continuing_cases", "closed_cases"]] = [34, None, 38]
    head = overview.headline(frame)
    assert (head.closed, head.closure_denominator) == (100, 250)
    assert head.new_cases == 234  # still a consultation count

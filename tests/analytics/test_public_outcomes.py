"""analytics.public_outcomes and the shared case pattern (analytics.suppression.case_pattern): primary and
secondary suppression on the outcome frame of 相談・成果 / 比較 / 自治体プロフィール; nothing hidden can be
recomputed from what the screens show together."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics import comparison as calc
from analytics import overview
from analytics import public_outcomes as public
from analytics import suppression as s
from analytics.suppression import MARK
from data_access import outcomes, queries

COUNTS = list(s.CASE_COUNTS)


def outcome_frame(rows: list[tuple], prefecture: str = "39") -> pd.DataFrame:
    """An outcome frame (the shape `comparison.outcome_frame` gives) from (name, population, new, continuing,
    closed, referred[, partial]) tuples."""
    frame = pd.DataFrame(
        [(*r, False)[:7] for r in rows],
        columns=[
            "name",
            "population",
            "new_cases",
            "continuing_cases",
            "closed_cases",
            "referred_cases",
            "is_partial_year",
        ],
    )
    frame.insert(0, "code", [f"{prefecture}{i:04d}" for i in range(len(frame))])
    frame.insert(1, "prefecture_code", prefecture)
    return calc.with_outcome_rates(frame)


def hidden_cells(frame: pd.DataFrame, mask: pd.DataFrame) -> dict[str, list[str]]:
    return {col: list(frame.loc[mask[col], "name"]) for col in COUNTS if mask[col].any()}


def disclosed(frame: pd.DataFrame, mask: pd.DataFrame) -> list:
    """Hidden counts a reader can work out from every relation the screens expose (one prefecture)."""
    part = frame.reset_index(drop=True)
    values = {
        (pos, col): float(v) if not pd.isna(v) else math.nan
        for col in COUNTS
        for pos, v in enumerate(pd.to_numeric(part[col], errors="coerce"))
    }
    hidden = {(pos, col) for col in COUNTS for pos in range(len(part)) if mask[col].iloc[pos]}
    return s.disclosed_cells(values, hidden, s.case_relations(part))


def shown_small(frame: pd.DataFrame, mask: pd.DataFrame, threshold: int) -> list:
    return [
        (name, col)
        for col in COUNTS
        for name, v, m in zip(frame["name"], frame[col], mask[col])
        if not m and s.is_small(v, threshold)
    ]


TOWNS = [
    ("A市", 50000, 120, 40, 90, 30),
    ("B市", 30000, 80, 30, 70, 20),
    ("C町", 8000, 30, 12, 25, 3),  # only small cell: 3 referred
    ("D町", 6000, 25, 10, 20, 8),
    ("E村", 2000, 12, 6, 11, 6),
]


def test_one_small_cell_gets_one_complement_in_its_column_and_takes_its_rate_along():
    frame = outcome_frame(TOWNS)
    shown, mask = public.suppress_outcomes(frame)
    assert hidden_cells(frame, mask) == {"referred_cases": ["C町", "E村"]}  # 3 + the smallest other (6): 9 >= 5
    assert list(frame.loc[mask["referral_rate"], "name"]) == ["C町", "E村"]
    assert mask["referral_rate_low"].equals(mask["referral_rate"]) and mask["referral_rate_high"].equals(
        mask["referral_rate"]
    )
    assert not mask[["new_cases", "consultations_per_10k", "closure_rate"]].any(axis=None)
    assert shown.loc[2, "referred_cases"] == MARK and shown.loc[2, "referral_rate"] == MARK
    assert shown.loc[2, "new_cases"] == 30 and shown.loc[0, "referred_cases"] == 30
    assert disclosed(frame, mask) == []


def test_small_continuing_hides_the_caseload_not_the_new_cases():
    """caseload = new + continuing: with 3 continuing shown caseload 15 and new 12 would give it away.
    The new cases are the headline of 概要 and the map, so the caseload is the complement."""
    frame = outcome_frame([*TOWNS[:4], ("E村", 2000, 12, 3, 11, 6)])
    shown, mask = public.suppress_outcomes(frame)
    cells = hidden_cells(frame, mask)
    assert cells["continuing_cases"] == ["D町", "E村"]  # column total: 3 + the smallest other (10)
    assert "E村" in cells["caseload"] and "new_cases" not in cells
    assert list(frame.loc[mask["closure_rate"], "name"]) == ["D町", "E村"]
    assert not mask["consultations_per_10k"].any()
    assert disclosed(frame, mask) == [] and shown_small(frame, mask, 5) == []


def test_two_small_new_cases_protect_each_other_and_their_rows_lose_every_rate():
    frame = outcome_frame([*TOWNS[:3], ("D村", 1500, 4, 6, 5, 2), ("E村", 700, 2, 0, 1, 0)])
    shown, mask = public.suppress_outcomes(frame)
    assert list(frame.loc[mask["new_cases"], "name"]) == ["D村", "E村"]
    for key in ("consultations_per_10k", "closure_rate", "referral_rate"):
        assert mask.loc[3:, key].all(), key
    assert (shown.loc[3:, ["new_cases", "consultations_per_10k", "closure_rate"]] == MARK).all(axis=None)
    assert shown.loc[4, "referred_cases"] == 0  # zero is nobody: shown
    assert disclosed(frame, mask) == [] and shown_small(frame, mask, 5) == []


def test_a_partial_year_row_does_not_hide_a_full_year_cell_from_the_trend_total():
    """The closure trend publishes the total over the full-year rows only. Hiding the partial row's 10 as the
    complement of A's 3 (the smallest other cell) would leave A = that total − the shown full-year rows."""
    frame = outcome_frame(
        [
            ("A町", 9000, 30, 10, 3, 10),
            ("B町", 9000, 30, 10, 10, 10, True),
            ("C市", 40000, 90, 30, 40, 20),
            ("D市", 60000, 120, 40, 60, 30),
        ]
    )
    mask = public.suppress_outcomes(frame)[1]
    assert list(frame.loc[mask["closed_cases"], "name"]) == ["A町", "C市"]
    assert disclosed(frame, mask) == []
    without_subset = s.suppress(
        frame, COUNTS, row_relations=s.CASE_ROW_RELATIONS, published_totals=COUNTS, complement_last=s.CASE_SHOWN_FIRST
    )[1]
    assert disclosed(frame, without_subset) == [(0, "closed_cases")]  # the check can fail


def test_the_nation_is_suppressed_prefecture_by_prefecture():
    kochi = outcome_frame([*TOWNS[:4], ("E村", 2000, 4, 6, 5, 2)], "39")
    tochigi = outcome_frame(
        [("F市", 90000, 200, 50, 150, 40), ("G町", 5000, 14, 6, 12, 3), ("H町", 7000, 20, 8, 15, 7)], "09"
    )
    national = pd.concat([tochigi, kochi], ignore_index=True)
    mask = public.suppress_outcomes(national)[1]
    expected = pd.concat([public.suppress_outcomes(tochigi)[1], public.suppress_outcomes(kochi)[1]], ignore_index=True)
    pd.testing.assert_frame_equal(mask, expected)


def test_overview_uses_the_same_pattern():
    frame = outcome_frame([*TOWNS[:4], ("E村", 2000, 12, 3, 11, 6)])
    overview_frame = frame[
        ["name", "population", "new_cases", "continuing_cases", "closed_cases", "referred_cases", "is_partial_year"]
    ]
    overview_mask = s.suppress_overview(overview.with_rates(overview_frame.assign(districts=1, established=1)))[1]
    mask = public.suppress_outcomes(frame)[1]
    pd.testing.assert_frame_equal(overview_mask[list(s.OVERVIEW_COUNTS)], mask[list(s.OVERVIEW_COUNTS)])
    assert overview_mask["closure_rate_pct"].equals(mask["closure_rate"])


def test_chart_helpers_keep_only_shown_values():
    frame = outcome_frame([*TOWNS[:3], ("D村", 1500, 4, 6, 5, 2), ("E村", 700, 2, 0, 1, 0)])
    mask = public.suppress_outcomes(frame)[1]
    assert list(frame.loc[public.shown_rows(frame, mask, "consultations_per_10k"), "name"]) == ["A市", "B市", "C町"]
    assert public.hidden_rows(frame, mask, "consultations_per_10k") == 2
    values = public.shown_values(frame, mask, "closure_rate")
    assert values.iloc[:3].notna().all() and values.iloc[3:].isna().all()


def test_yearly_totals_hide_small_totals_and_their_rate():
    rates = calc.yearly_rates(
        pd.DataFrame(
            {
                "fiscal_year": [2020, 2021],
                "unit": "件",
                "basis": "distinct",
                "municipalities": [2, 3],
                "closure_closed": [3, 40],
                "closure_caseload": [12, 80],
            }
        )
    )
    shown, mask = public.suppress_yearly(rates)
    assert shown["closure_closed"].tolist() == [MARK, 40]
    assert shown["closure_rate"].iloc[0] == MARK and shown["closure_rate_high"].iloc[0] == MARK
    assert shown["closure_caseload"].tolist() == [12, 80] and shown["municipalities"].tolist() == [2, 3]


def test_attainment_of_a_hidden_result_is_hidden():
    frame = outcome_frame([*TOWNS[:3], ("D村", 1500, 4, 6, 5, 2), ("E村", 700, 2, 0, 1, 0)])
    mask = public.suppress_outcomes(frame)[1]
    targets = pd.DataFrame(
        {
            "code": [frame.loc[3, "code"], frame.loc[0, "code"], frame.loc[3, "code"]],
            "metric": ["new_consultations", "closure_rate", "tier2_councils_established"],
            "value": [10, 60, 1],
            "unit": ["件", "%", "地区"],
            "due_on": [pd.Timestamp("2023-03-31").date()] * 3,
        }
    )
    table = calc.attainment_table(targets, frame.assign(unit="件", period_end=pd.Timestamp("2023-03-31").date()))
    shown, hidden = public.suppress_attainment(table, frame, mask)
    assert hidden.tolist() == [True, False, False]
    assert shown.loc[0, "result_value"] == MARK and shown.loc[0, "attainment_pct"] == MARK
    assert shown.loc[1, "result_value"] == pytest.approx(56.25)  # A市: 90 closed of 120 + 40


def test_other_units_are_suppressed_within_their_unit():
    other = pd.DataFrame(
        {
            "prefecture_code": "39",
            "name": ["A町", "B町", "C町", "D町"],
            "unit": ["世帯", "世帯", "世帯", "人"],
            "basis": "distinct",
            "new_cases": [3, 20, 30, 2],
            "continuing_cases": [10, 10, 10, 10],
            "closed_cases": [10, 12, 14, 0],
            "referred_cases": [6, 7, 8, 9],
        }
    )
    shown, mask = public.suppress_other_units(other)
    assert shown["new_cases"].tolist() == [MARK, MARK, 30, MARK]  # 世帯: 3 + complement 20; 人: alone (2)
    assert not mask[["continuing_cases", "closed_cases", "referred_cases"]].any(axis=None)


@pytest.mark.parametrize(
    ("pref", "fy", "threshold"), [("39", 2022, 5), ("39", 2022, 10), ("09", 2020, 20), ("34", 2024, 20)]
)
def test_demo_data_nothing_small_shown_nothing_recoverable_and_overview_agrees(demo_db, pref, fy, threshold):
    rows = outcomes.consultation_rows(demo_db, pref, fy)
    profiles = outcomes.profiles(demo_db, pref, fy)
    coverage = outcomes.programme_and_coverage(demo_db, tuple(profiles["code"]), fy)
    frame = calc.outcome_frame(rows, profiles, set(), True, coverage)[0]
    shown, mask = public.suppress_outcomes(frame, threshold)
    assert mask[COUNTS].to_numpy().sum() >= 6  # the demo has small counts at this threshold
    assert shown_small(frame, mask, threshold) == []
    assert disclosed(frame, mask) == []
    for key, sources in public.RATE_SOURCES.items():
        assert (mask[key] == (mask[list(sources)].any(axis=1) & frame[key].notna())).all(), key
    view = overview.with_rates(queries.municipality_overview(demo_db, pref, fy))
    overview_mask = s.suppress_overview(view, threshold)[1].set_index(view["code"])
    assert overview_mask[list(s.OVERVIEW_COUNTS)].equals(mask.set_index(frame["code"])[list(s.OVERVIEW_COUNTS)])

"""analytics.suppression: primary, derived and secondary suppression; nothing hidden can be recomputed."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from analytics import suppression as s
from analytics.suppression import MARK


def frame_of(counts: list[int | None], total: bool = False) -> pd.DataFrame:
    """One count column `n` over towns A, B, …, optionally with a total row "計"."""
    names = [chr(ord("A") + i) for i in range(len(counts))]
    frame = pd.DataFrame({"n": [math.nan if c is None else c for c in counts]}, index=names, dtype=float)
    if total:
        frame.loc["計", "n"] = frame["n"].sum(skipna=True)
    return frame


def hidden(mask: pd.DataFrame, column: str = "n") -> list[str]:
    return [str(i) for i in mask.index[mask[column]]]


def attacker_intervals(frame: pd.DataFrame, mask: pd.DataFrame, count_columns, **kwargs) -> dict:
    """What a reader can work out about each suppressed count from everything shown.

    Independent of the implementation's own check: a linear programme per cell (min and max of the cell)
    over all the table's relations, the shown cells fixed at their values and each hidden cell at least 1
    when it is not zero (a reader who knows 「＊」 is never a zero unless nothing else was left). An interval
    of width 0 means the value can be recomputed from sums and differences of what is shown.
    """
    values = {
        (pos, col): float(v)
        for col in count_columns
        for pos, v in enumerate(pd.to_numeric(frame[col], errors="coerce"))
        if not pd.isna(v)
    }
    cells = [(pos, col) for (pos, col) in values if mask.iloc[pos][col]]
    if not cells:
        return {}
    index = {cell: i for i, cell in enumerate(cells)}
    a_eq, b_eq = [], []
    for relation in s.relations(frame, count_columns, **kwargs):
        row = np.zeros(len(cells))
        rhs = 0.0
        for cell, coef in relation.terms:
            if cell in index:
                row[index[cell]] += coef
                rhs += coef * values[cell]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = [(1 if values[c] > 0 else 0, None) for c in cells]
    out = {}
    for cell, i in index.items():
        goal = np.zeros(len(cells))
        goal[i] = 1
        low = linprog(goal, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        high = linprog(-goal, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        out[(frame.index[cell[0]], cell[1])] = (low.fun, math.inf if high.status == 3 else -high.fun)
    return out


def assert_nothing_recoverable(frame, mask, count_columns, **kwargs):
    for cell, (low, high) in attacker_intervals(frame, mask, count_columns, **kwargs).items():
        assert high - low > 0.5, f"{cell} can be recomputed: it lies in [{low}, {high}]"


def assert_no_small_sum(frame, mask, count_columns, threshold=5, **kwargs):
    """Sums of hidden members of a shown total are not themselves small numbers."""
    for relation in s.relations(frame, count_columns, **kwargs):
        terms = [(cell, coef) for cell, coef in relation.terms if mask.iloc[cell[0]][cell[1]]]
        if terms and len({coef > 0 for _, coef in terms}) == 1:
            total = abs(sum(coef * float(frame.iloc[p][c]) for (p, c), coef in terms))
            assert total >= threshold, f"hidden cells {terms} add up to {total}"


# ------------------------------------------------------------------------------------------- primary


@pytest.mark.parametrize(
    ("value", "threshold", "suppressed"),
    [
        (0, 5, False),
        (1, 5, True),
        (4, 5, True),
        (4.0, 5, True),
        (5, 5, False),
        (120, 5, False),
        (None, 5, False),
        (math.nan, 5, False),
        (9, 10, True),
        (10, 10, False),
        (1, 1, False),
        (1, 2, True),
        (2, 2, False),
        ("＊", 5, False),
    ],
)
def test_is_small(value, threshold, suppressed):
    assert s.is_small(value, threshold) is suppressed


@pytest.mark.parametrize(
    ("counts", "threshold", "expected"),
    [
        ([0, 1, 2, 3, 4, 5, 6], 5, ["B", "C", "D", "E"]),
        ([0, 1, 2, 3, 4, 5, 6], 3, ["B", "C"]),
        ([0, 1, 2, 3, 4, 5, 6], 1, []),
        ([0, 1, 9, 10, 11], 10, ["B", "C"]),
        ([None, 0, 7], 5, []),
    ],
)
def test_primary_suppression_without_totals(counts, threshold, expected):
    frame = frame_of(counts)
    shown, mask = s.suppress(frame, ["n"], threshold=threshold)
    assert hidden(mask) == expected
    assert list(shown.loc[mask["n"], "n"]) == [MARK] * len(expected)
    assert shown.loc["A", "n"] == frame.loc["A", "n"] or pd.isna(frame.loc["A", "n"])


def test_zero_and_missing_stay_as_they_are():
    shown, mask = s.suppress(frame_of([0, None, 12]), ["n"])
    assert shown.loc["A", "n"] == 0 and pd.isna(shown.loc["B", "n"]) and shown.loc["C", "n"] == 12
    assert not mask.to_numpy().any()


@pytest.mark.parametrize("threshold", [0, -1, 2.5, True, "5"])
def test_threshold_must_be_a_positive_integer(threshold):
    with pytest.raises(ValueError, match="閾値"):
        s.suppress(frame_of([1, 2]), ["n"], threshold=threshold)


def test_unknown_columns_and_total_row_are_errors():
    with pytest.raises(ValueError, match="列がありません"):
        s.suppress(frame_of([1]), ["m"])
    with pytest.raises(ValueError, match="列がありません"):
        s.suppress(frame_of([1]), ["n"], derived={"rate": ("m",)})
    with pytest.raises(ValueError, match="合計行"):
        s.suppress(frame_of([1, 2]), ["n"], total_row="計")
    with pytest.raises(ValueError, match="row_relations"):
        s.suppress(frame_of([1, 2]), ["n"], row_relations=[{"n": 1, "m": -1}])


# ------------------------------------------------------------------------------------------ secondary


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # only one small cell: the next smallest non-zero member goes with it
        ([3, 10, 8, 20], ["A", "C"]),
        # the complement skips zeros while a non-zero member exists
        ([3, 0, 9, 20], ["A", "C"]),
        # two small cells that add up to 5 or more protect each other
        ([1, 4, 30, 40], ["A", "B"]),
        # 1 + 1 = 2 would tell the reader both are 1: a third cell is needed
        ([1, 1, 30, 40], ["A", "B", "C"]),
        # every other member is zero: the total must go
        ([3, 0, 0], ["A", "計"]),
        # a single member equals the total
        ([2], ["A", "計"]),
        # nothing small: nothing hidden
        ([5, 6, 0], []),
    ],
)
def test_secondary_suppression_with_a_total_row(counts, expected):
    frame = frame_of(counts, total=True)
    shown, mask = s.suppress(frame, ["n"], total_row="計")
    assert hidden(mask) == expected
    assert_nothing_recoverable(frame, mask, ["n"], total_row="計")
    assert_no_small_sum(frame, mask, ["n"], total_row="計")


@pytest.mark.parametrize(
    ("counts", "expected"), [([3, 10, 8], ["A", "C"]), ([2, 2, 9], ["A", "B", "C"]), ([3, 0], ["A", "B"])]
)
def test_secondary_suppression_for_a_total_shown_elsewhere(counts, expected):
    frame = frame_of(counts)
    _, mask = s.suppress(frame, ["n"], published_totals=["n"])
    assert hidden(mask) == expected
    assert_nothing_recoverable(frame, mask, ["n"], published_totals=["n"])


def test_without_a_total_one_small_cell_needs_no_complement():
    _, mask = s.suppress(frame_of([3, 10, 8]), ["n"])
    assert hidden(mask) == ["A"]


def test_missing_cells_are_never_complements():
    frame = frame_of([3, None, 8, 20], total=True)
    _, mask = s.suppress(frame, ["n"], total_row="計")
    assert hidden(mask) == ["A", "C"]


def test_new_closed_ongoing_relation_within_a_row():
    """ongoing = new + continuing − closed: hiding closed alone would let a reader recompute it."""
    frame = pd.DataFrame(
        {"new": [20, 30], "continuing": [12, 9], "closed": [3, 25], "ongoing": [29, 14]}, index=["A", "B"]
    )
    relation = {"ongoing": -1, "new": 1, "continuing": 1, "closed": -1}
    _, mask = s.suppress(frame, list(frame.columns), row_relations=[relation])
    assert mask.loc["A"].tolist() == [False, True, True, False]  # closed 3, then the smallest other: continuing 12
    assert not mask.loc["B"].any()
    assert_nothing_recoverable(frame, mask, list(frame.columns), row_relations=[relation])


def test_row_and_column_totals_of_a_cross_table():
    """A small cell in a table with row and column totals: hidden cells form a pattern no sum undoes."""
    frame = pd.DataFrame({"men": [2, 30, 12], "women": [15, 25, 9]}, index=["A", "B", "C"])
    frame["all"] = frame["men"] + frame["women"]
    frame.loc["計"] = frame.sum()
    kwargs = dict(total_row="計", row_relations=[{"all": -1, "men": 1, "women": 1}])
    _, mask = s.suppress(frame, ["men", "women", "all"], **kwargs)
    assert mask.loc["A", "men"]
    assert mask.to_numpy().sum() >= 4  # the classic rectangle at least
    assert_nothing_recoverable(frame, mask, ["men", "women", "all"], **kwargs)
    assert_no_small_sum(frame, mask, ["men", "women", "all"], **kwargs)


def test_derived_rates_follow_their_counts():
    frame = pd.DataFrame(
        {"new": [3, 40, 12], "closed": [1, 20, 6], "population": [900, 5000, 2000]}, index=["A", "B", "C"]
    )
    frame["per_1000"] = frame["new"] / frame["population"] * 1000
    frame["closure_pct"] = frame["closed"] / frame["new"] * 100
    frame.loc["C", "closure_pct"] = None  # a missing rate stays missing, it is not "suppressed"
    shown, mask = s.suppress(
        frame,
        ["new", "closed"],
        published_totals=["new"],
        derived={"per_1000": ("new",), "closure_pct": ("closed", "new")},
    )
    assert hidden(mask, "new") == ["A", "C"]
    assert hidden(mask, "closed") == ["A"]
    assert hidden(mask, "per_1000") == ["A", "C"]
    assert hidden(mask, "closure_pct") == ["A"]
    assert shown.loc["B", "per_1000"] == pytest.approx(8.0)
    assert shown.loc["A", "population"] == 900  # not a count of people in need


def test_the_mark_can_be_chosen():
    shown, _ = s.suppress(frame_of([1, 9]), ["n"], mark="-")
    assert shown.loc["A", "n"] == "-"


def test_to_text_keeps_marks_and_formats_the_rest():
    shown = pd.DataFrame({"n": [MARK, 1234.0, None], "rate": [MARK, 7.8378, 12.0]})
    text = s.to_text(shown, {"n": 0, "rate": 1})
    assert text["n"].tolist() == [MARK, "1234", "—"]
    assert text["rate"].tolist() == [MARK, "7.8", "12.0"]


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_never_disclose_a_small_count(seed):
    """Random towns with new/continuing/closed/ongoing and a total row: every small count is hidden, every
    rate built on it too, and no hidden count can be recomputed from sums and differences."""
    rng = random.Random(seed)
    rows = rng.randint(1, 7)
    new = [rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 25]) for _ in range(rows)]
    continuing = [rng.choice([0, 1, 3, 7, 15]) for _ in range(rows)]
    closed = [rng.randint(0, n + c) for n, c in zip(new, continuing)]
    frame = pd.DataFrame(
        {"new": new, "continuing": continuing, "closed": closed}, index=[f"town{i}" for i in range(rows)]
    )
    frame["ongoing"] = frame["new"] + frame["continuing"] - frame["closed"]
    frame.loc["計"] = frame.sum()
    frame["closure_pct"] = frame["closed"] / (frame["new"] + frame["continuing"]).where(lambda d: d > 0) * 100
    counts = ["new", "continuing", "closed", "ongoing"]
    kwargs = dict(total_row="計", row_relations=[{"ongoing": -1, "new": 1, "continuing": 1, "closed": -1}])
    shown, mask = s.suppress(frame, counts, derived={"closure_pct": ("closed", "new", "continuing")}, **kwargs)
    for col in counts:
        small = frame[col].map(s.is_small)
        assert mask.loc[small, col].all()
        assert (shown.loc[small, col] == MARK).all()
    visible = [v for col in counts for v, m in zip(shown[col], mask[col]) if not m]
    assert not any(s.is_small(v) for v in visible)
    assert (
        mask["closure_pct"] == (mask[["closed", "new", "continuing"]].any(axis=1) & frame["closure_pct"].notna())
    ).all()
    assert_nothing_recoverable(frame, mask, counts, **kwargs)
    assert_no_small_sum(frame, mask, counts, **kwargs)


@pytest.mark.parametrize("seed", range(40))
def test_disclosed_cells_are_the_ones_a_reader_pins_down(seed):
    """Whatever is hidden (here at random, before any complement): the cells found disclosed are exactly those whose
    interval the reader works out (both programmes solved for every cell) is narrower than one count."""
    rng = random.Random(seed)
    rows = rng.randint(2, 6)
    new = [rng.choice([0, 1, 2, 3, 5, 8, 12]) for _ in range(rows)]
    continuing = [rng.choice([0, 1, 3, 7]) for _ in range(rows)]
    closed = [rng.randint(0, n + c) for n, c in zip(new, continuing)]
    frame = pd.DataFrame({"new": new, "continuing": continuing, "closed": closed})
    frame["ongoing"] = frame["new"] + frame["continuing"] - frame["closed"]
    frame.loc["計"] = frame.sum()
    counts = ["new", "continuing", "closed", "ongoing"]
    kwargs = dict(total_row="計", row_relations=[{"ongoing": -1, "new": 1, "continuing": 1, "closed": -1}])
    mask = pd.DataFrame({col: [rng.random() < 0.4 for _ in range(len(frame))] for col in counts}, index=frame.index)
    hidden = {(pos, col) for col in counts for pos in range(len(frame)) if mask.iloc[pos][col]}
    found = s.disclosed_cells(s._values(frame, counts), hidden, s.relations(frame, counts, **kwargs))
    pinned = {
        cell for cell, (low, high) in attacker_intervals(frame, mask, counts, **kwargs).items() if high - low < 0.5
    }
    assert {(frame.index[pos], col) for pos, col in found} == pinned


def test_overview_pattern_hides_small_consultation_counts_and_their_rates():
    frame = pd.DataFrame(
        {
            "name": ["A市", "B町", "C村", "D村"],
            "population": [50000, 8000, 1500, 700],
            "new_cases": [120, 30, 4, 2],
            "continuing_cases": [40, 3, 6, 0],
            "closed_cases": [90, 20, 5, 1],
        }
    )
    frame["consultations_per_10k"] = frame["new_cases"] / frame["population"] * 10000
    for col in ("consultations_per_10k_low", "consultations_per_10k_high"):
        frame[col] = frame["consultations_per_10k"]
    frame["closure_rate_pct"] = frame["closed_cases"] / (frame["new_cases"] + frame["continuing_cases"]) * 100
    for col in ("closure_rate_low_pct", "closure_rate_high_pct"):
        frame[col] = frame["closure_rate_pct"]
    shown, mask = s.suppress_overview(frame)
    assert shown["new_cases"].tolist() == [120, 30, MARK, MARK]  # 4 + 2 = 6: they protect each other
    assert shown["consultations_per_10k"].tolist()[2:] == [MARK, MARK]
    assert shown["closure_rate_pct"].tolist()[1:] == [MARK, MARK, MARK]  # B町: 3 continuing cases
    assert shown["population"].tolist() == [50000, 8000, 1500, 700]
    assert_nothing_recoverable(frame, mask, s.OVERVIEW_COUNTS, published_totals=s.OVERVIEW_PUBLISHED_TOTALS)

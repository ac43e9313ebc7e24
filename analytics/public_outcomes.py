"""Small-number suppression for the screens built on the outcome frame (相談・成果, 比較, 自治体プロフィール).

The counts follow `analytics.suppression.case_pattern`, the pattern 概要 and 地図 use too: a reader who
combines the screens (caseload = new + continuing, prefecture totals from the KPI card, the closure trend and
the pooled benchmarks) cannot work out a hidden count. Because every full-year prefecture total counts as
published, a benchmark or funnel limit pooled over all full-year rows reveals nothing hidden. The pattern is computed
per prefecture
(the totals are per prefecture; the nation's is their sum), so 比較 on the national frame hides exactly what
相談・成果 hides for the same prefecture. Rates, their intervals and benchmark labels go with their counts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analytics.suppression import DEFAULT_THRESHOLD, MARK, case_pattern, suppress

RATE_SOURCES = {
    "consultations_per_10k": ("new_cases",),
    "closure_rate": ("closed_cases", "new_cases", "continuing_cases", "caseload"),
    "referral_rate": ("referred_cases", "new_cases", "continuing_cases", "caseload"),
}
YEARLY_COUNTS = ("closure_closed", "closure_caseload")
YEARLY_DERIVED = dict.fromkeys(("closure_rate", "closure_rate_low", "closure_rate_high"), YEARLY_COUNTS)
OTHER_COUNTS = ("new_cases", "continuing_cases", "closed_cases", "referred_cases")
RESULT_SOURCES = {"new_consultations": "new_cases", "closure_rate": "closure_rate"}  # target metric -> column


def _outcome_mask(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    mask = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    counts = case_pattern(frame, threshold)
    mask[counts.columns] = counts
    for key, sources in RATE_SOURCES.items():
        hidden = mask[list(sources)].any(axis=1)
        for col in (key, f"{key}_low", f"{key}_high"):
            mask[col] = hidden & frame[col].notna()
    return mask


def _by_group(
    frame: pd.DataFrame, keys: list[str], pattern: Callable[[pd.DataFrame], pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, mask) with `pattern(part)` applied to each group of rows sharing `keys`."""
    mask = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    groups = frame.groupby(keys, sort=False, dropna=False).indices if keys else {None: np.arange(len(frame))}
    for positions in groups.values():
        mask.iloc[positions] = pattern(frame.iloc[positions]).to_numpy()
    shown = frame.copy()
    for col in mask.columns[mask.any()]:
        shown[col] = shown[col].astype("object").where(~mask[col], MARK)
    return shown, mask


def suppress_outcomes(frame: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, mask) of an outcome frame (`analytics.comparison.outcome_frame`, one prefecture or the nation):
    counts of 1 … threshold−1, the rates computed from them and their complements replaced by the mark."""
    keys = ["prefecture_code"] if "prefecture_code" in frame else []
    return _by_group(frame, keys, lambda part: _outcome_mask(part, threshold))


def shown_rows(frame: pd.DataFrame, mask: pd.DataFrame, column: str) -> pd.Series:
    """Rows with a value in `column` that is not hidden: the only points a public chart may draw."""
    return frame[column].notna() & ~mask[column]


def hidden_rows(frame: pd.DataFrame, mask: pd.DataFrame, column: str) -> int:
    """How many rows have a value in `column` that is hidden (for the note under a chart)."""
    return int((frame[column].notna() & mask[column]).sum())


def shown_values(frame: pd.DataFrame, mask: pd.DataFrame, column: str) -> pd.Series:
    """`column` with hidden values left out (NaN): a distribution whose quartiles and extremes a public
    spine chart may show, since none of them can be a hidden municipality's value."""
    return pd.to_numeric(frame[column], errors="coerce").where(~mask[column])


def suppress_yearly(rates: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, mask) of `analytics.comparison.yearly_rates`: small yearly totals of closed cases or caseload
    and the closure rate computed from them."""
    return suppress(rates, YEARLY_COUNTS, derived=YEARLY_DERIVED, threshold=threshold)


def suppress_other_units(other: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, mask) of the rows in another unit or count basis; their totals per prefecture, unit and basis
    are treated as published, like those of the comparable rows."""
    keys = [k for k in ("prefecture_code", "unit", "basis") if k in other]
    return _by_group(
        other, keys, lambda part: suppress(part, OTHER_COUNTS, published_totals=OTHER_COUNTS, threshold=threshold)[1]
    )


def suppress_attainment(table: pd.DataFrame, frame: pd.DataFrame, mask: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """(shown, hidden) of `analytics.comparison.attainment_table`: the result, attainment and achieved flag
    of a target whose result (new cases, closure rate) is hidden in the outcome frame's `mask`."""
    hidden_by_code = mask.assign(code=frame["code"]).set_index("code")
    hidden = pd.Series(
        [
            metric in RESULT_SOURCES
            and code in hidden_by_code.index
            and bool(hidden_by_code.loc[code, RESULT_SOURCES[metric]])
            for code, metric in zip(table["code"], table["metric"])
        ],
        index=table.index,
        dtype=bool,
    )
    shown = table.copy()
    for col in ("result_value", "attainment_pct", "achieved"):
        shown[col] = shown[col].astype("object").where(~hidden, MARK)
    return shown, hidden

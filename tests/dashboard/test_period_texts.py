"""The period column of the outcome tables and chart points, read column by column (#21: a national frame through
`iterrows` cost 130–170 ms per rerun of 比較 and the national funnel), says what the row-by-row wording says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.outcomes import period_text, period_texts


def _frame(partial_dtype: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "code": ["011002", "012025", "013030", "014001"],
            "period_end": ["2023-03-31", "2022-12-31", None, "2022-09-30"],
            "is_partial_year": [False, True, True, None],
            "value": [1.0, 2.0, np.nan, 4.0],
        }
    )
    if partial_dtype == "float":
        frame["is_partial_year"] = [0.0, 1.0, 1.0, np.nan]
    elif partial_dtype == "bool":
        frame["is_partial_year"] = [False, True, True, False]
    return frame


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("partial_dtype", ["object", "float", "bool"])
def test_column_wise_periods_match_the_row_wise_wording(lang, partial_dtype):
    frame = _frame(partial_dtype)
    expected = [period_text(row, lang) for _, row in frame.iterrows()]
    assert period_texts(frame, lang) == expected
    assert expected[2] == "—" and expected[0] != expected[1]  # full year, partial year (with its date), no period
    assert "2022-12-31" in expected[1]


def test_a_frame_without_the_period_columns_has_no_period():
    frame = pd.DataFrame({"code": ["011002", "012025"]})
    assert period_texts(frame, "ja") == ["—", "—"] == [period_text(row, "ja") for _, row in frame.iterrows()]
    assert period_texts(frame.iloc[:0], "ja") == []

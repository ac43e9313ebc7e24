"""Spine-chart scaling (Fingertips / PHE local authority health profiles).

One row per indicator: a bar spans the range of all municipalities, the 25th–75th percentile is shaded,
the benchmark sits in the middle and the municipality is a marker. Indicators of different units share one
chart because every value is mapped to a position in [0, 1] on its own row:

    position(x) = 0.5 + (x − benchmark) / (2 × half_width),  half_width = max |v − benchmark| over the
    range and the value,

so the benchmark is always at 0.5 and the widest side reaches 0 or 1. For "lower is better" the row is
mirrored so that the better end is always on the right; for "no judgement" low is left and high right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.indicators import POLARITIES
from analytics.rates import Column


@dataclass(frozen=True)
class SpineRow:
    """Summary of one indicator's distribution and the positions (0–1) at which to draw it.

    Values are on the indicator's own scale; `*_pos` are the chart positions. left_value / right_value
    say which value is at each end of the bar (they swap when lower is better). Place another value on the
    same row (e.g. the prefecture) with position(x, benchmark, half_width, polarity).
    """

    count: int
    minimum: float
    q25: float
    median: float
    q75: float
    maximum: float
    benchmark: float
    value: float
    minimum_pos: float
    q25_pos: float
    median_pos: float
    q75_pos: float
    maximum_pos: float
    benchmark_pos: float
    value_pos: float
    left_value: float
    right_value: float
    half_width: float


def position(x: float, benchmark: float, half_width: float, polarity: str) -> float:
    """Chart position of x (0.5 = benchmark); NaN for a missing x."""
    if x is None or pd.isna(x):
        return math.nan
    if not half_width > 0:
        return 0.5
    offset = (x - benchmark) / (2 * half_width)
    return 0.5 - offset if polarity == "lower_is_better" else 0.5 + offset


def spine_row(values: Column, value: float | None, benchmark: float | None, polarity: str) -> SpineRow | None:
    """Scale one indicator: distribution of `values` (all municipalities), the municipality's value, benchmark.

    Missing values are ignored; None when no value is left. Without a benchmark the median is put in the
    middle. Percentiles are linear interpolation (numpy default), as in the Fingertips quartiles.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"評価の向きが不正です: {polarity!r}")
    data = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").dropna().to_numpy(dtype=float)
    if data.size == 0:
        return None
    q = np.percentile(data, [0, 25, 50, 75, 100])
    centre = q[2] if benchmark is None or pd.isna(benchmark) else float(benchmark)
    own = math.nan if value is None or pd.isna(value) else float(value)
    reach = [abs(q[0] - centre), abs(q[4] - centre)] + ([] if math.isnan(own) else [abs(own - centre)])
    half = max(reach)
    pos = [position(v, centre, half, polarity) for v in q]
    flipped = polarity == "lower_is_better"
    return SpineRow(
        count=int(data.size),
        minimum=float(q[0]),
        q25=float(q[1]),
        median=float(q[2]),
        q75=float(q[3]),
        maximum=float(q[4]),
        benchmark=centre,
        value=own,
        minimum_pos=pos[0],
        q25_pos=pos[1],
        median_pos=pos[2],
        q75_pos=pos[3],
        maximum_pos=pos[4],
        benchmark_pos=0.5,
        value_pos=position(own, centre, half, polarity),
        left_value=float(q[4] if flipped else q[0]),
        right_value=float(q[0] if flipped else q[4]),
        half_width=float(half),
    )

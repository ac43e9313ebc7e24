"""Compare a municipality's interval with a benchmark (prefecture or national value).

A municipality is called better or worse only when its whole confidence interval lies on one
side of the benchmark, so that small towns are not labelled by chance. The label follows the
indicator's polarity; for indicators where higher is not simply better ("no_judgement") only the
direction is reported (higher / lower), never a judgement.
"""

from __future__ import annotations

from typing import Literal

from analytics.indicators import POLARITIES, Polarity
from analytics.rates import is_missing

Comparison = Literal["better", "similar", "worse", "higher", "lower", "not_compared"]

#: Every comparison, in the order a legend lists them; their words are the catalogue's outcomes_label_<key>.
COMPARISONS: tuple[Comparison, ...] = ("better", "similar", "worse", "higher", "lower", "not_compared")


def compare_to_benchmark(
    value_low: float,
    value_high: float,
    benchmark: float,
    polarity: Polarity,
    denominator: float | None = None,
    min_denominator: float | None = None,
) -> Comparison:
    """Classify an interval against a benchmark.

    - "not_compared": any of low/high/benchmark missing, or denominator < min_denominator
      (or denominator missing while a minimum is set).
    - interval entirely above the benchmark: "better" (higher_is_better), "worse"
      (lower_is_better), "higher" (no_judgement); entirely below: the mirror image.
    - otherwise (the interval contains or touches the benchmark): "similar".
    """
    if polarity not in POLARITIES:
        raise ValueError(f"評価の向きが不正です: {polarity!r}（{', '.join(POLARITIES)} のいずれか）")
    if not is_missing(value_low) and not is_missing(value_high) and value_low > value_high:
        raise ValueError(f"信頼区間の下限が上限を上回っています（下限: {value_low}、上限: {value_high}）")
    if min_denominator is not None and (
        denominator is None or is_missing(denominator) or denominator < min_denominator
    ):
        return "not_compared"
    if is_missing(value_low) or is_missing(value_high) or is_missing(benchmark):
        return "not_compared"
    direction: Literal["higher", "lower"]
    if value_low > benchmark:
        direction = "higher"
    elif value_high < benchmark:
        direction = "lower"
    else:
        return "similar"
    if polarity == "no_judgement":
        return direction
    good = "higher" if polarity == "higher_is_better" else "lower"
    return "better" if direction == good else "worse"

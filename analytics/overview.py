"""Derived columns and prefecture headline figures for the 概要 screen.

Input is `data_access.queries.municipality_overview` (one row per municipality with `*_source_id`
columns). Hiding synthetic values happens here, before any total, so a headline never mixes in a
value the user chose not to see.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analytics.disclosure import Disclosure
from analytics.rates import ProportionEstimate, closure_rate, rate_per_population, rates_per_population

# value columns and the source column that covers them
VALUE_SOURCES: dict[str, tuple[str, ...]] = {
    "population_source_id": ("population",),
    "jusou_source_id": ("jusou_stage",),
    "coverage_source_id": ("districts", "established", "with_coordinator"),
    "cases_source_id": ("new_cases", "continuing_cases", "closed_cases", "referred_cases"),
}


def synthetic_mask(frame: pd.DataFrame, synthetic_ids: Iterable[int]) -> pd.DataFrame:
    """Boolean frame: True where a value column comes from a synthetic source."""
    ids = set(synthetic_ids)
    mask = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    for source_col, value_cols in VALUE_SOURCES.items():
        if source_col not in frame:
            continue
        is_synthetic = frame[source_col].isin(ids)
        for col in value_cols:
            if col in mask:
                mask[col] = is_synthetic
    if "coverage_basis" in frame and "coverage_source_id" in frame:
        # counted from district rows of mixed sources: synthetic unless every row is real
        mixed = (
            frame["coverage_basis"].eq("districts") & frame["coverage_source_id"].isna() & frame["districts"].notna()
        )
        for col in VALUE_SOURCES["coverage_source_id"]:
            mask[col] |= mixed
    return mask


@dataclass(frozen=True)
class OverviewYear:
    """One fiscal year of a prefecture through the 概要 pipeline, as 概要, 地図 and the briefing all need it:
    values with their rates, which values are samples (rates included) and what the edition shows."""

    frame: pd.DataFrame  # with_rates of what the user chose to see
    mask: pd.DataFrame  # True where a value is synthetic (extended to the rates derived from it)
    shown: pd.DataFrame  # what the edition shows (＊ where the public edition hides a value)
    hidden: pd.DataFrame  # True where the edition hides a value


def overview_year(
    frame: pd.DataFrame, synthetic_ids: Iterable[int], show_synthetic: bool, disclosure: Disclosure
) -> OverviewYear:
    """queries.municipality_overview → samples marked (or left out, before any total) → rates → the edition's
    suppression: the one pipeline behind 概要, 地図 and the briefing."""
    mask = synthetic_mask(frame, synthetic_ids)
    if not show_synthetic:
        frame = hide(frame, mask)
        mask[:] = False
    frame = with_rates(frame)
    shown, hidden = disclosure.overview(frame)
    return OverviewYear(frame, extend_mask_to_rates(mask), shown, hidden)


def hide(frame: pd.DataFrame, mask: pd.DataFrame) -> pd.DataFrame:
    """Blank out masked values (shown as "データなし"), keeping the rows."""
    out = frame.copy()
    for col in mask.columns[mask.any()]:
        out[col] = out[col].astype("object").where(~mask[col], None)
    return out


def with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Add coverage_pct, consultations_per_10k (+ interval) and closure_rate_pct (+ Wilson interval)."""
    out = frame.copy()
    districts = pd.to_numeric(out["districts"], errors="coerce")
    established = pd.to_numeric(out["established"], errors="coerce")
    out["coverage_pct"] = (established / districts * 100).where(districts > 0)
    (out["consultations_per_10k"], out["consultations_per_10k_low"], out["consultations_per_10k_high"]) = (
        rates_per_population(out["new_cases"], out["population"])
    )
    closure = [_closure(c, n, k) for c, n, k in zip(out["closed_cases"], out["new_cases"], out["continuing_cases"])]
    out["closure_rate_pct"] = [e.value * 100 for e in closure]
    out["closure_rate_low_pct"] = [e.low * 100 for e in closure]
    out["closure_rate_high_pct"] = [e.high * 100 for e in closure]
    return out


def _closure(closed: float | None, new: float | None, continuing: float | None) -> ProportionEstimate:
    """Closure rate, or no rate when the caseload is unknown or inconsistent (reports that state closed
    cases but not the continuing ones: 38 closed of 34 new)."""
    continuing = 0 if pd.isna(continuing) else continuing
    try:
        return closure_rate(math.nan if pd.isna(closed) else closed, math.nan if pd.isna(new) else new, continuing)
    except ValueError:
        return closure_rate(math.nan, math.nan)


@dataclass(frozen=True)
class Headline:
    municipalities: int
    jusou_full: int
    jusou_preparing: int
    jusou_known: int
    districts: int
    established: int
    coverage_pct: float
    coverage_municipalities: int
    new_cases: int
    population_with_cases: int
    consultations_per_10k: float
    closed: int
    closure_denominator: int
    closure_rate_pct: float
    closure_low_pct: float
    closure_high_pct: float


def headline(frame: pd.DataFrame) -> Headline:
    """Prefecture totals over the municipalities that report each item (others are not guessed)."""
    stage = frame["jusou_stage"].dropna().astype(str)
    cover = frame.dropna(subset=["districts", "established"])
    districts = int(pd.to_numeric(cover["districts"]).sum())
    established = int(pd.to_numeric(cover["established"]).sum())
    cases = frame.dropna(subset=["new_cases"])
    with_population = cases.dropna(subset=["population"])
    new_cases = int(pd.to_numeric(cases["new_cases"]).sum())
    per_10k = rate_per_population(
        pd.to_numeric(with_population["new_cases"]).sum(), pd.to_numeric(with_population["population"]).sum()
    )
    closable = cases.dropna(subset=["closed_cases"])
    caseload = pd.to_numeric(closable["new_cases"]) + pd.to_numeric(closable["continuing_cases"]).fillna(0)
    closable = closable[pd.to_numeric(closable["closed_cases"]) <= caseload]  # an inconsistent row has no rate
    closed = int(pd.to_numeric(closable["closed_cases"]).sum())
    denominator = int(
        pd.to_numeric(closable["new_cases"]).sum() + pd.to_numeric(closable["continuing_cases"]).fillna(0).sum()
    )
    closure = closure_rate(closed, denominator) if denominator else closure_rate(math.nan, math.nan)
    return Headline(
        municipalities=len(frame),
        jusou_full=int((stage == "full").sum()),
        jusou_preparing=int((stage == "preparing").sum()),
        jusou_known=len(stage),
        districts=districts,
        established=established,
        coverage_pct=established / districts * 100 if districts else math.nan,
        coverage_municipalities=len(cover),
        new_cases=new_cases,
        population_with_cases=int(pd.to_numeric(with_population["population"]).sum()),
        consultations_per_10k=per_10k.value,
        closed=closed,
        closure_denominator=denominator,
        closure_rate_pct=closure.value * 100,
        closure_low_pct=closure.low * 100,
        closure_high_pct=closure.high * 100,
    )


def extend_mask_to_rates(mask: pd.DataFrame) -> pd.DataFrame:
    """A derived rate is synthetic when any of its inputs is."""
    out = mask.copy()
    out["coverage_pct"] = mask["established"] | mask["districts"]
    out["consultations_per_10k"] = mask["new_cases"] | mask["population"]
    out["closure_rate_pct"] = mask["closed_cases"] | mask["new_cases"]
    return out


def coverage_series(established_on: Iterable[dt.date | str | None], end: dt.date) -> pd.DataFrame:
    """Cumulative number of councils set up, one row per set-up date, closed at `end` for a step chart."""
    dates = sorted(
        d for d in pd.to_datetime(pd.Series(list(established_on)), errors="coerce").dropna().dt.date if d <= end
    )
    frame = pd.DataFrame({"date": dates, "established": range(1, len(dates) + 1)})
    if not dates or dates[-1] < end:
        frame = pd.concat([frame, pd.DataFrame({"date": [end], "established": [len(dates)]})], ignore_index=True)
    return frame

"""Read-side queries for the comparison screens (相談・成果, 比較, 自治体プロフィール).

Rows keep their unit, count basis, period end and partial-year flag so that the screens can flag a
partial year and never add counts of different units. Statistics live in `analytics`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import and_, case, func, select

from data_access import queries
from data_access.database import Database
from data_access.models import (
    AnySelect,
    ConsultationStat,
    Municipality,
    MunicipalityDesignation,
    Source,
    SourceKind,
    Target,
)

COUNT_COLUMNS = ("new_cases", "continuing_cases", "closed_cases", "referred_cases", "ongoing_cases")
PROFILE_METRICS = (
    "population",
    "households",
    "aging_rate",
    "share_75_over",
    "area",
    "population_density",
    "census_population_preliminary",
)


def _frame(db: Database, query: AnySelect) -> pd.DataFrame:
    with db.engine.connect() as conn:
        return pd.read_sql(query, conn)


def _in_scope(query: AnySelect, prefecture_code: str | None) -> AnySelect:
    """Restrict to a prefecture (None: the whole country); wards are counted in their city."""
    query = query.where(Municipality.kind != "ward")
    return query if prefecture_code is None else query.where(Municipality.prefecture_code == prefecture_code)


def consultation_rows(
    db: Database,
    prefecture_code: str | None = None,
    fiscal_year: int | None = None,
    codes: Sequence[str] = (),
    category: str = "all",
) -> pd.DataFrame:
    """Municipality-wide consultation rows (every period end, basis and unit) with their sources.

    Filters: a prefecture (None: nation), a fiscal year (None: all years), municipality codes (empty: all).
    Columns: code, name, prefecture_code, fiscal_year, period_end, is_partial_year, basis, unit, the
    counts, source_id, synthetic (the source is synthetic).
    """
    query = (
        select(
            ConsultationStat.municipality_code.label("code"),
            Municipality.name,
            Municipality.prefecture_code,
            ConsultationStat.fiscal_year,
            ConsultationStat.period_end,
            ConsultationStat.is_partial_year,
            ConsultationStat.basis,
            ConsultationStat.unit,
            *(getattr(ConsultationStat, column) for column in COUNT_COLUMNS),
            ConsultationStat.source_id,
            (Source.kind == SourceKind.SYNTHETIC).label("synthetic"),
        )
        .join(Municipality, Municipality.code == ConsultationStat.municipality_code)
        .join(Source, Source.id == ConsultationStat.source_id)
        .where(ConsultationStat.district_id.is_(None), ConsultationStat.category == category)
        .order_by(ConsultationStat.municipality_code, ConsultationStat.fiscal_year, ConsultationStat.period_end)
    )
    query = _in_scope(query, prefecture_code)
    if fiscal_year is not None:
        query = query.where(ConsultationStat.fiscal_year == fiscal_year)
    if codes:
        query = query.where(ConsultationStat.municipality_code.in_(list(codes)))
    frame = _frame(db, query)
    frame["basis"] = frame["basis"].astype(str).str.replace("CountBasis.", "", regex=False).str.lower()
    frame["is_partial_year"] = frame["is_partial_year"].astype(bool)
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame


def consultation_series(db: Database, codes: Sequence[str]) -> pd.DataFrame:
    """All fiscal years of consultation rows for the given municipalities (see `consultation_rows`)."""
    return consultation_rows(db, None, None, codes)


def yearly_totals(db: Database, prefecture_code: str | None, include_synthetic: bool = True) -> pd.DataFrame:
    """Prefecture (or national, prefecture_code None) sums per fiscal year, count basis and unit.

    Only full-year, municipality-wide rows of category "all" are summed, and never across units or bases.
    `municipalities` says how many municipalities reported; closure_closed / closure_caseload are summed over
    the rows that report both closed and new cases (the pooled closure rate); synthetic_rows counts rows from
    synthetic sources (0 when include_synthetic is False, since they are left out).
    """
    closable = and_(ConsultationStat.closed_cases.is_not(None), ConsultationStat.new_cases.is_not(None))
    caseload = ConsultationStat.new_cases + func.coalesce(ConsultationStat.continuing_cases, 0)
    query = (
        select(
            ConsultationStat.fiscal_year,
            ConsultationStat.basis,
            ConsultationStat.unit,
            func.count(func.distinct(ConsultationStat.municipality_code)).label("municipalities"),
            *(func.sum(getattr(ConsultationStat, column)).label(column) for column in COUNT_COLUMNS[:4]),
            func.sum(ConsultationStat.closed_cases).filter(closable).label("closure_closed"),
            func.sum(caseload).filter(closable).label("closure_caseload"),
            func.sum(case((Source.kind == SourceKind.SYNTHETIC, 1), else_=0)).label("synthetic_rows"),
        )
        .join(Municipality, Municipality.code == ConsultationStat.municipality_code)
        .join(Source, Source.id == ConsultationStat.source_id)
        .where(
            ConsultationStat.district_id.is_(None),
            ConsultationStat.category == "all",
            ConsultationStat.is_partial_year.is_(False),
        )
        .group_by(ConsultationStat.fiscal_year, ConsultationStat.basis, ConsultationStat.unit)
        .order_by(ConsultationStat.fiscal_year, ConsultationStat.basis, ConsultationStat.unit)
    )
    query = _in_scope(query, prefecture_code)
    if not include_synthetic:
        query = query.where(Source.kind != SourceKind.SYNTHETIC)
    frame = _frame(db, query)
    frame["basis"] = frame["basis"].astype(str).str.replace("CountBasis.", "", regex=False).str.lower()
    return frame


def profiles(db: Database, prefecture_code: str | None, fiscal_year: int) -> pd.DataFrame:
    """One row per municipality (wards excluded): code, name, kind, prefecture_code, designation and the profile
    facts, each chosen for `fiscal_year` by queries.facts_for_year (the one rule every screen uses), with
    `<metric>_as_of`, `<metric>_fiscal_year`, `<metric>_unit` and `<metric>_source_id`. Missing facts stay empty.
    """
    base = _frame(
        db,
        _in_scope(
            select(
                Municipality.code,
                Municipality.name,
                Municipality.kind,
                Municipality.prefecture_code,
                MunicipalityDesignation.designation,
                MunicipalityDesignation.source_id.label("designation_source_id"),
            ).outerjoin(MunicipalityDesignation, MunicipalityDesignation.municipality_code == Municipality.code),
            prefecture_code,
        ).order_by(Municipality.code),
    )
    facts = queries.facts_for_year(db, prefecture_code, fiscal_year, PROFILE_METRICS)
    out = base.set_index("code")
    for metric in PROFILE_METRICS:
        out = out.join(queries.fact_columns(facts, metric))
    return out.reset_index()


def programme_and_coverage(db: Database, codes: Sequence[str], fiscal_year: int) -> pd.DataFrame:
    """重層事業 stage and tier-2 council coverage for municipalities of any prefectures (index: code).

    Reuses `queries.program_stages` and `queries.council_coverage` (for the nation at once when the codes span
    several prefectures: 2 queries instead of 2 per prefecture, which took 0.7 s of 比較's 1.7 s for a new year), so
    the reported figure (宇都宮市 26/39) wins over counted district rows exactly as on the other screens.
    """
    prefectures = sorted({code[:2] for code in codes})
    scope = prefectures[0] if len(prefectures) == 1 else None
    parts = []
    if prefectures:
        stages = queries.program_stages(db, scope, fiscal_year).rename(
            columns={"stage": "jusou_stage", "source_id": "jusou_source_id"}
        )
        coverage = queries.council_coverage(db, scope, fiscal_year).rename(
            columns={"as_of": "coverage_as_of", "source_id": "coverage_source_id", "basis": "coverage_basis"}
        )
        parts.append(pd.DataFrame(index=pd.Index(list(codes), name="code")).join(stages).join(coverage))
    columns = [
        "jusou_stage",
        "jusou_source_id",
        "districts",
        "established",
        "with_coordinator",
        "coverage_as_of",
        "coverage_source_id",
        "coverage_basis",
    ]
    if not parts:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="code"))
    out = pd.concat(parts).reindex(columns=columns).reindex(list(codes))
    out.index.name = "code"
    out["jusou_stage"] = out["jusou_stage"].map(lambda s: getattr(s, "value", s))
    return out


def targets(db: Database, prefecture_code: str, fiscal_year: int) -> pd.DataFrame:
    """Stated targets (成果目標) of a prefecture's municipalities for one fiscal year, with their sources."""
    frame = _frame(
        db,
        _in_scope(
            select(
                Target.municipality_code.label("code"),
                Municipality.name,
                Target.fiscal_year,
                Target.metric,
                Target.value,
                Target.unit,
                Target.due_on,
                Target.source_id,
                (Source.kind == SourceKind.SYNTHETIC).label("synthetic"),
            )
            .join(Municipality, Municipality.code == Target.municipality_code)
            .join(Source, Source.id == Target.source_id)
            .where(Target.fiscal_year == fiscal_year)
            .order_by(Target.municipality_code, Target.metric),
            prefecture_code,
        ),
    )
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame

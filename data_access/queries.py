"""Read-side queries: `select()` builders and functions returning DataFrames for the screens.

Every value column that a screen shows comes with a `<column>_source_id` so the UI can say where it is
from (document line, import batch or synthetic). Ratios and intervals are computed in `analytics`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Case, Column, ColumnElement, Function, and_, case, func, literal, select, true, union

from data_access.database import Database
from data_access.japanese_dates import fiscal_year_end
from data_access.models import (
    FACT_TABLES,
    AnySelect,
    Base,
    ConsultationStat,
    Council,
    CouncilActivity,
    CouncilStatus,
    District,
    FactModel,
    ImportBatch,
    Municipality,
    MunicipalityFact,
    Prefecture,
    ProgramCount,
    ProgramKind,
    ProgramStatus,
    Source,
    SourceKind,
    Target,
    TrainingParticipation,
    table_of,
)


def field_source_columns(model: type[Base]) -> list[Column[Any]]:
    """The `<field>_source_id` columns of a fact table (a field's own source; NULL: the row's)."""
    return [c for c in table_of(model).c if c.name.endswith("_source_id") and c.name not in ("boundary_source_id",)]


def common_source(model: type[FactModel]) -> Case[Any]:
    """The one source of a row's values: its source_id, or NULL (shown as "several sources") when a later import
    left some fields with a source of their own."""
    return case((and_(*(c.is_(None) for c in field_source_columns(model))), model.source_id), else_=None)


def established_source() -> Function[Any]:
    """The source of a council's set-up date (its own, or the row's)."""
    return func.coalesce(Council.established_source_id, Council.source_id)


def _frame(db: Database, query: AnySelect) -> pd.DataFrame:
    with db.engine.connect() as conn:
        return pd.read_sql(query, conn)


def prefectures(db: Database) -> pd.DataFrame:
    return _frame(db, select(Prefecture.code, Prefecture.name, Prefecture.name_en).order_by(Prefecture.code))


def prefectures_with_data(db: Database) -> list[str]:
    """Prefecture codes that have any rollout fact (to offer them first)."""
    query = union(
        *(
            select(Municipality.prefecture_code).join(model, model.municipality_code == Municipality.code)
            for model in (ProgramStatus, Council, ConsultationStat)
        )
    )
    with db.engine.connect() as conn:
        return sorted({row[0] for row in conn.execute(query)})


def fiscal_years(db: Database) -> list[int]:
    """Fiscal years for which any programme, consultation or activity fact exists."""
    query = union(
        *(select(model.fiscal_year) for model in (ProgramStatus, ConsultationStat, CouncilActivity, MunicipalityFact))
    )
    with db.engine.connect() as conn:
        return sorted({row[0] for row in conn.execute(query)})


def municipalities_query(prefecture_code: str, include_wards: bool = False) -> AnySelect:
    query = select(
        Municipality.code,
        Municipality.name,
        Municipality.kana,
        Municipality.kind,
        Municipality.parent_code,
        Municipality.lat,
        Municipality.lng,
    ).where(Municipality.prefecture_code == prefecture_code)
    if not include_wards:
        query = query.where(Municipality.kind != "ward")
    return query.order_by(Municipality.code)


def municipalities(db: Database, prefecture_code: str, include_wards: bool = False) -> pd.DataFrame:
    return _frame(db, municipalities_query(prefecture_code, include_wards))


def municipality(db: Database, code: str) -> dict[str, Any] | None:
    query = (
        select(
            Municipality.code,
            Municipality.name,
            Municipality.kind,
            Municipality.prefecture_code,
            Prefecture.name.label("prefecture_name"),
        )
        .join(Prefecture)
        .where(Municipality.code == code)
    )
    with db.engine.connect() as conn:
        row = conn.execute(query).mappings().one_or_none()
    return dict(row) if row else None


# Which source of a fact wins within its own year: the municipality's own report, then an official's import, then
# the official statistic; a sample (synthetic) only where nothing else exists.
SAME_YEAR_PRECEDENCE = {
    SourceKind.DOCUMENT.value: 0,
    SourceKind.IMPORT_BATCH.value: 1,
    SourceKind.STATISTIC.value: 2,
    SourceKind.MASTER.value: 3,
    SourceKind.SYNTHETIC.value: 4,
}
# For another year the official statistic closest in time wins; a figure reported for another year only where no
# statistic exists.
OTHER_YEAR_PRECEDENCE = {
    SourceKind.STATISTIC.value: 0,
    SourceKind.DOCUMENT.value: 1,
    SourceKind.IMPORT_BATCH.value: 1,
    SourceKind.MASTER.value: 1,
    SourceKind.SYNTHETIC.value: 2,
}


def facts_for_year(
    db: Database,
    prefecture_code: str | None,
    fiscal_year: int,
    metrics: Sequence[str],
    include_wards: bool = False,
) -> pd.DataFrame:
    """The one value of each basic fact (population, households, ageing, area …) that every screen, download and
    the briefing show for a municipality in `fiscal_year`: one rule, so one fact has one value everywhere.

    A fact of that very fiscal year wins, the municipality's own reported figure before the official statistic
    (a FY2018 model-project report's 人口 beats the 住民基本台帳 for FY2018). Otherwise the official statistic
    dated closest to the fiscal year (its day's distance to April–March; 0 inside; the earlier one on a tie), and
    only without any statistic the closest other real figure. Rows: one per code and metric, columns code,
    metric, value, unit, as_of, fiscal_year, source_id, source_kind.
    """
    query = (
        select(
            MunicipalityFact.municipality_code.label("code"),
            MunicipalityFact.metric,
            MunicipalityFact.value,
            MunicipalityFact.unit,
            MunicipalityFact.as_of,
            MunicipalityFact.fiscal_year,
            MunicipalityFact.source_id,
            Source.kind.label("source_kind"),
        )
        .join(Municipality, Municipality.code == MunicipalityFact.municipality_code)
        .join(Source, Source.id == MunicipalityFact.source_id)
        .where(MunicipalityFact.metric.in_(list(metrics)))
    )
    if prefecture_code is not None:
        query = query.where(Municipality.prefecture_code == prefecture_code)
    if not include_wards:
        query = query.where(Municipality.kind != "ward")
    frame = _frame(db, query)
    columns = ["code", "metric", "value", "unit", "as_of", "fiscal_year", "source_id", "source_kind"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["source_kind"] = frame["source_kind"].map(lambda kind: getattr(kind, "value", kind))
    start, end = pd.Timestamp(fiscal_year, 4, 1), pd.Timestamp(fiscal_year + 1, 3, 31)
    day = pd.to_datetime(frame["as_of"]).fillna(frame["fiscal_year"].map(lambda fy: pd.Timestamp(fy, 10, 1)))
    frame["_other_year"] = frame["fiscal_year"] != fiscal_year
    frame["_distance"] = (start - day).dt.days.clip(lower=0) + (day - end).dt.days.clip(lower=0)
    frame["_rank"] = (
        frame["source_kind"]
        .map(SAME_YEAR_PRECEDENCE)
        .where(~frame["_other_year"], frame["source_kind"].map(OTHER_YEAR_PRECEDENCE))
        .fillna(len(SAME_YEAR_PRECEDENCE))
    )
    frame["_day"] = day
    chosen = frame.sort_values(["code", "metric", "_other_year", "_rank", "_distance", "_day"], kind="mergesort")
    return chosen.drop_duplicates(["code", "metric"])[columns].reset_index(drop=True)


def fact_columns(facts: pd.DataFrame, metric: str, name: str | None = None) -> pd.DataFrame:
    """One metric of `facts_for_year` as columns <name>, <name>_as_of, <name>_fiscal_year, <name>_source_id,
    indexed by code."""
    name = name or metric
    rows = facts[facts["metric"] == metric].set_index("code")
    return pd.DataFrame(
        {
            name: rows["value"].astype(float),
            f"{name}_unit": rows["unit"],
            f"{name}_as_of": rows["as_of"],
            f"{name}_fiscal_year": rows["fiscal_year"].astype("Int64"),
            f"{name}_source_id": rows["source_id"].astype("Int64"),
        }
    )


def in_prefecture(prefecture_code: str | None) -> ColumnElement[bool]:
    """The condition "in this prefecture" on Municipality, or no condition for None (the whole country)."""
    return true() if prefecture_code is None else Municipality.prefecture_code == prefecture_code


def _reported_in_year(db: Database, prefecture_code: str | None, metric: str, fiscal_year: int) -> pd.DataFrame:
    """Per municipality, a fact of `metric` stated for exactly `fiscal_year` (reported coverage)."""
    frame = _frame(
        db,
        select(
            MunicipalityFact.municipality_code.label("code"),
            MunicipalityFact.value,
            MunicipalityFact.as_of,
            MunicipalityFact.source_id,
        )
        .join(Municipality)
        .where(
            in_prefecture(prefecture_code),
            MunicipalityFact.metric == metric,
            MunicipalityFact.fiscal_year == fiscal_year,
        ),
    )
    return frame.set_index("code")


def council_counts_query(prefecture_code: str | None, as_of: dt.date) -> AnySelect:
    """Tier-2 councils per municipality: districts, set up by `as_of`, with a coordinator by `as_of`."""
    established = and_(Council.established_on.is_not(None), Council.established_on <= as_of)
    return (
        select(
            Council.municipality_code.label("code"),
            func.count().label("districts"),
            func.count(Council.id).filter(established).label("established"),
            func.count(Council.id).filter(Council.coordinator_placed_on <= as_of).label("with_coordinator"),
            func.min(established_source()).label("source_id"),
            func.count(func.distinct(established_source())).label("source_count"),
        )
        .join(Municipality)
        .where(in_prefecture(prefecture_code), Council.tier == 2)
        .group_by(Council.municipality_code)
    )


def _reported_coverage(db: Database, prefecture_code: str | None, fiscal_year: int) -> pd.DataFrame:
    """Coverage as a municipality reported it (e.g. 26/39 地区) within the fiscal year, if any."""
    total = _reported_in_year(db, prefecture_code, "tier2_districts_total", fiscal_year)
    established = _reported_in_year(db, prefecture_code, "tier2_councils_established", fiscal_year)
    return pd.DataFrame(
        {
            "districts": total["value"],
            "established": established["value"],
            "as_of": established["as_of"],
            "source_id": established["source_id"],
        }
    ).dropna(subset=["districts", "established"])


def council_coverage(
    db: Database, prefecture_code: str | None, fiscal_year: int, today: dt.date | None = None
) -> pd.DataFrame:
    """Tier-2 council set-up per municipality at the end of `fiscal_year` (or today, if earlier); the prefecture's
    municipalities, or the whole country's for None.

    A figure the municipality reported within that year wins over counting district rows, so that a
    real "26/39" is never replaced by a count of synthetic rows. Columns: districts, established,
    with_coordinator, as_of, source_id, basis ("reported" | "districts").
    """
    as_of = min(fiscal_year_end(fiscal_year), today or dt.date.today())
    counted = _frame(db, council_counts_query(prefecture_code, as_of)).set_index("code")
    counted["as_of"] = as_of
    counted["basis"] = "districts"
    counted.loc[counted["source_count"] > 1, "source_id"] = pd.NA  # mixed sources: see the district table
    reported = _reported_coverage(db, prefecture_code, fiscal_year)
    reported["basis"] = "reported"
    reported["with_coordinator"] = counted["with_coordinator"].reindex(reported.index)
    merged = pd.concat([counted.drop(index=reported.index, errors="ignore"), reported])
    merged["as_of"] = pd.to_datetime(merged["as_of"]).dt.date
    return merged[["districts", "established", "with_coordinator", "as_of", "source_id", "basis"]]


def program_stages(
    db: Database, prefecture_code: str | None, fiscal_year: int, program: ProgramKind = ProgramKind.JUSOU
) -> pd.DataFrame:
    """Programme stage per municipality in a fiscal year (index: code; columns: stage, source_id); None: the nation."""
    return _frame(
        db,
        select(ProgramStatus.municipality_code.label("code"), ProgramStatus.stage, ProgramStatus.source_id)
        .join(Municipality)
        .where(
            in_prefecture(prefecture_code),
            ProgramStatus.fiscal_year == fiscal_year,
            ProgramStatus.program == program,
        ),
    ).set_index("code")


def program_counts(db: Database, prefecture_code: str | None) -> pd.DataFrame:
    """Published counts of municipalities per stage (prefecture, or national when None); `planned` marks a plan."""
    where = (
        ProgramCount.prefecture_code.is_(None)
        if prefecture_code is None
        else (ProgramCount.prefecture_code == prefecture_code)
    )
    return _frame(
        db,
        select(
            ProgramCount.fiscal_year,
            ProgramCount.program,
            ProgramCount.stage,
            ProgramCount.municipalities,
            ProgramCount.planned,
            ProgramCount.source_id,
        )
        .where(where)
        .order_by(ProgramCount.fiscal_year, ProgramCount.stage),
    )


def consultations(db: Database, prefecture_code: str, fiscal_year: int) -> pd.DataFrame:
    """Municipality-wide consultation counts (実数, all categories) at the latest period end of the year."""
    frame = _frame(
        db,
        select(
            ConsultationStat.municipality_code.label("code"),
            ConsultationStat.period_end,
            ConsultationStat.is_partial_year,
            ConsultationStat.unit,
            ConsultationStat.new_cases,
            ConsultationStat.continuing_cases,
            ConsultationStat.closed_cases,
            ConsultationStat.referred_cases,
            ConsultationStat.ongoing_cases,
            common_source(ConsultationStat).label("source_id"),
        )
        .join(Municipality)
        .where(
            Municipality.prefecture_code == prefecture_code,
            ConsultationStat.fiscal_year == fiscal_year,
            ConsultationStat.district_id.is_(None),
            ConsultationStat.category == "all",
            ConsultationStat.basis == "distinct",
        ),
    )
    return frame.sort_values("period_end").drop_duplicates("code", keep="last").set_index("code")


def municipality_overview(
    db: Database, prefecture_code: str, fiscal_year: int, today: dt.date | None = None
) -> pd.DataFrame:
    """One row per municipality (wards excluded) with the 概要 columns and a source id per value."""
    base = municipalities(db, prefecture_code).set_index("code")[["name", "kind"]]
    population = fact_columns(facts_for_year(db, prefecture_code, fiscal_year, ["population"]), "population")
    stages = program_stages(db, prefecture_code, fiscal_year)
    coverage = council_coverage(db, prefecture_code, fiscal_year, today)
    cases = consultations(db, prefecture_code, fiscal_year)
    out = base.join(population[["population", "population_as_of", "population_source_id"]])
    out = out.join(stages.rename(columns={"stage": "jusou_stage", "source_id": "jusou_source_id"}))
    out = out.join(
        coverage.rename(
            columns={"as_of": "coverage_as_of", "source_id": "coverage_source_id", "basis": "coverage_basis"}
        )
    )
    out = out.join(
        cases[
            [
                "new_cases",
                "continuing_cases",
                "closed_cases",
                "referred_cases",
                "period_end",
                "is_partial_year",
                "source_id",
            ]
        ].rename(columns={"period_end": "cases_period_end", "source_id": "cases_source_id"})
    )
    return out.reset_index()


def districts_with_councils(db: Database, municipality_code: str, as_of: dt.date) -> pd.DataFrame:
    """Districts of a municipality with their tier-2 council status as of a date and meetings that year."""
    fy_start = dt.date(as_of.year if as_of.month >= 4 else as_of.year - 1, 4, 1)
    meetings = (
        select(
            CouncilActivity.district_id,
            func.sum(CouncilActivity.value).label("meetings"),
            func.min(CouncilActivity.source_id).label("meetings_source_id"),
        )
        .where(
            CouncilActivity.municipality_code == municipality_code,
            CouncilActivity.metric == "council_meetings",
            CouncilActivity.period_end >= fy_start,
            CouncilActivity.period_end <= fiscal_year_end(fy_start.year),
        )
        .group_by(CouncilActivity.district_id)
        .subquery()
    )
    frame = _frame(
        db,
        select(
            District.id.label("district_id"),
            District.code,
            District.name,
            District.kind,
            District.tile_row,
            District.tile_col,
            District.boundary_geojson.is_not(None).label("has_boundary"),
            District.source_id.label("district_source_id"),
            Council.status,
            Council.status_as_of,
            Council.established_on,
            Council.established_precision,
            Council.coordinator_placed_on,
            Council.coordinator_precision,
            Council.source_id.label("council_source_id"),
            established_source().label("established_source_id"),
            Council.coordinator_source_id,
            meetings.c.meetings,
            meetings.c.meetings_source_id,
        )
        .outerjoin(Council, and_(Council.district_id == District.id, Council.tier == 2))
        .outerjoin(meetings, meetings.c.district_id == District.id)
        .where(District.municipality_code == municipality_code)
        .order_by(District.code),
    )
    frame["status_at"] = [
        council_status_at(status, established, as_of)
        for status, established in zip(frame["status"], frame["established_on"])
    ]
    frame["has_coordinator"] = [
        placed is not None and not pd.isna(placed) and placed <= as_of for placed in frame["coordinator_placed_on"]
    ]
    return frame


def council_status_at(status: str | None, established_on: dt.date | None, as_of: dt.date) -> str:
    """A council's status on a past date.

    Set up once its set-up date has passed. Before that date it counts as not yet set up (when it was
    being prepared is not recorded). Without a date, the recorded status stands (高崎市's tier-1 council).
    """
    if established_on is not None and not pd.isna(established_on):
        return CouncilStatus.ESTABLISHED.value if established_on <= as_of else CouncilStatus.NOT_STARTED.value
    if status in (CouncilStatus.ESTABLISHED.value, CouncilStatus.PREPARING.value):
        return status
    return CouncilStatus.NOT_STARTED.value


def district_shapes(db: Database, municipality_code: str) -> pd.DataFrame:
    """district_id and GeoJSON geometry of the districts that have an uploaded boundary."""
    return _frame(
        db,
        select(District.id.label("district_id"), District.boundary_geojson).where(
            District.municipality_code == municipality_code, District.boundary_geojson.is_not(None)
        ),
    )


def coverage_timeline(db: Database, municipality_code: str) -> pd.DataFrame:
    """Cumulative tier-2 councils set up over time (one row per set-up date), from district rows."""
    frame = _frame(
        db,
        select(Council.established_on, established_source().label("source_id"))
        .where(Council.municipality_code == municipality_code, Council.tier == 2, Council.established_on.is_not(None))
        .order_by(Council.established_on),
    )
    frame["established"] = range(1, len(frame) + 1)
    return frame


def reported_facts(db: Database, municipality_code: str) -> pd.DataFrame:
    return _frame(
        db,
        select(
            MunicipalityFact.fiscal_year,
            MunicipalityFact.metric,
            MunicipalityFact.value,
            MunicipalityFact.unit,
            MunicipalityFact.as_of,
            MunicipalityFact.source_id,
        )
        .where(MunicipalityFact.municipality_code == municipality_code)
        .order_by(MunicipalityFact.fiscal_year, MunicipalityFact.metric),
    )


def targets(db: Database, municipality_code: str) -> pd.DataFrame:
    return _frame(
        db,
        select(Target.fiscal_year, Target.metric, Target.value, Target.unit, Target.due_on, Target.source_id)
        .where(Target.municipality_code == municipality_code)
        .order_by(Target.fiscal_year),
    )


def council_activity(db: Database, municipality_code: str) -> pd.DataFrame:
    """Municipality-wide activity per fiscal year and metric.

    A reported municipal total wins; otherwise district rows are summed (their source is then theirs).
    """
    frame = _frame(
        db,
        select(
            CouncilActivity.fiscal_year,
            CouncilActivity.period_end,
            CouncilActivity.metric,
            CouncilActivity.district_id,
            CouncilActivity.value,
            CouncilActivity.unit,
            CouncilActivity.event_date,
            CouncilActivity.source_id,
        ).where(CouncilActivity.municipality_code == municipality_code),
    )
    if frame.empty:
        return frame.assign(basis=pd.Series(dtype=str))
    totals = frame[frame["district_id"].isna()].assign(basis="reported")
    summed = (
        frame[frame["district_id"].notna()]
        .groupby(["fiscal_year", "period_end", "metric", "unit"], as_index=False)
        .agg(value=("value", "sum"), source_id=("source_id", "min"))
        .assign(basis="districts")
    )
    reported_keys = set(zip(totals["fiscal_year"], totals["metric"]))
    summed = summed[[(fy, m) not in reported_keys for fy, m in zip(summed["fiscal_year"], summed["metric"])]]
    columns = ["fiscal_year", "period_end", "metric", "value", "unit", "event_date", "source_id", "basis"]
    return pd.concat([totals, summed]).reindex(columns=columns).sort_values(["fiscal_year", "metric"])


def training(db: Database, prefecture_code: str) -> pd.DataFrame:
    return _frame(
        db,
        select(
            TrainingParticipation.fiscal_year,
            TrainingParticipation.program_name,
            TrainingParticipation.municipalities,
            TrainingParticipation.teams,
            TrainingParticipation.staff_government,
            TrainingParticipation.staff_social_welfare_council,
            TrainingParticipation.staff_consultation_agencies,
            TrainingParticipation.participants,
            common_source(TrainingParticipation).label("source_id"),
        )
        .where(TrainingParticipation.prefecture_code == prefecture_code)
        .order_by(TrainingParticipation.fiscal_year),
    )


def sources(db: Database) -> pd.DataFrame:
    """All sources (id, kind, document, line, import batch, label) to resolve `*_source_id` columns."""
    return _frame(
        db,
        select(
            Source.id,
            Source.kind,
            Source.document,
            Source.line,
            Source.import_batch_id,
            Source.label,
            Source.note,
            ImportBatch.file_name.label("batch_file_name"),
        )
        .outerjoin(ImportBatch)
        .order_by(Source.id),
    ).set_index("id")


def source_usage(db: Database) -> pd.DataFrame:
    """How many fact rows cite each source (for the row or for one of its fields), for the data-management screen."""
    parts: list[AnySelect] = [
        select(column.label("source_id"), literal(model.__tablename__).label("table_name")).where(column.is_not(None))
        for model in FACT_TABLES
        for column in (model.source_id, *field_source_columns(model))
    ]
    cited = parts[0].union_all(*parts[1:]).subquery()
    query = (
        select(cited.c.source_id, cited.c.table_name, func.count().label("rows"))
        .group_by(cited.c.source_id, cited.c.table_name)
        .order_by(cited.c.source_id)
    )
    return _frame(db, query)


def import_batches(db: Database) -> pd.DataFrame:
    return _frame(
        db,
        select(
            ImportBatch.id,
            ImportBatch.kind,
            ImportBatch.file_name,
            ImportBatch.sha256,
            ImportBatch.imported_by,
            ImportBatch.imported_at,
            ImportBatch.rows_inserted,
            ImportBatch.rows_updated,
            ImportBatch.rows_unchanged,
            ImportBatch.note,
        ).order_by(ImportBatch.id.desc()),
    )


def last_updated(db: Database) -> dt.datetime | None:
    """When data was last written (latest import batch), for the footer stamp."""
    with db.engine.connect() as conn:
        return conn.execute(select(func.max(ImportBatch.imported_at))).scalar_one_or_none()


@dataclass(frozen=True)
class SourceSummary:
    """What the facts in the database come from, for the footer and the open data's README: only what is cited."""

    documents: tuple[str, ...]  # document files (seeds) cited by at least one source
    import_batches: int  # imported files whose rows are cited
    synthetic: bool  # samples present
    references: tuple[str, ...] = ()  # published reference figures (e.g. national 重層事業 counts), by title
    official_statistics: bool = False  # population, households, ages, areas (their credit line must be shown)


def source_summary(db: Database) -> SourceSummary:
    with db.engine.connect() as conn:
        documents = conn.scalars(
            select(Source.document).where(Source.kind == SourceKind.DOCUMENT).distinct().order_by(Source.document)
        ).all()
        batches = conn.execute(
            select(func.count(func.distinct(Source.import_batch_id))).where(Source.kind == SourceKind.IMPORT_BATCH)
        ).scalar_one()
        statistics = conn.execute(
            select(Source.label, Source.import_batch_id.is_not(None))
            .where(Source.kind == SourceKind.STATISTIC)
            .distinct()
        ).all()
    references = tuple(sorted({label for label, loaded in statistics if not loaded}))
    return SourceSummary(
        tuple(d for d in documents if d is not None),  # never None: a document source names its file (CHECK)
        batches,
        has_synthetic(db),
        references,
        any(loaded for _label, loaded in statistics),
    )


def has_synthetic(db: Database) -> bool:
    with db.engine.connect() as conn:
        return (
            conn.execute(
                select(func.count()).select_from(Source).where(Source.kind == SourceKind.SYNTHETIC)
            ).scalar_one()
            > 0
        )


def is_initialised(db: Database) -> bool:
    """Schema at the latest revision and master loaded."""
    return "alembic_version" in db.table_names() and db.is_up_to_date() and is_loaded(db)


def is_loaded(db: Database) -> bool:
    """True when the master is present (init has run)."""
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Municipality)).scalar_one() > 0

"""Typed SQLAlchemy models of the rollout domain (GUIDE §2).

Every fact row points to a `Source`: a line of a source document, an import batch, or `synthetic`. An optional
field that a later import left out keeps the source its value came from in `<field>_source_id` (NULL: the row's).
Values are stored with their unit; counts of different units are never added by the database.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _enum(cls: type[enum.Enum]) -> Enum:
    """Store enum values (not names) as plain strings; portable across SQLite and PostgreSQL."""
    return Enum(
        cls, native_enum=False, values_callable=lambda e: [m.value for m in e], length=32, validate_strings=True
    )


class SourceKind(str, enum.Enum):
    DOCUMENT = "document"
    IMPORT_BATCH = "import_batch"
    SYNTHETIC = "synthetic"
    MASTER = "master"
    STATISTIC = "statistic"  # an official statistic: label = publisher, title and date; document = the file read


class CouncilStatus(str, enum.Enum):
    NOT_STARTED = "not_started"  # 未設置
    PREPARING = "preparing"  # 準備中
    ESTABLISHED = "established"  # 設置済


class DatePrecision(str, enum.Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class ProgramKind(str, enum.Enum):
    JUSOU = "jusou"  # 重層的支援体制整備事業
    CHIIKI_RYOKU = "chiiki_ryoku"  # 地域力強化推進事業 (model project)
    TAKIKAN = "takikan"  # 多機関の協働による包括的支援体制構築事業 (model project)
    MODEL_PROJECTS = "model_projects"  # either model project (national counts H28–R1)


class ProgramStage(str, enum.Enum):
    FULL = "full"  # 本格実施
    PREPARING = "preparing"  # 移行準備
    CONSIDERING = "considering"  # 実施に向けて検討中
    NONE = "none"  # 未実施


class CountBasis(str, enum.Enum):
    DISTINCT = "distinct"  # 実数
    CONTACTS = "contacts"  # 延べ


class ImportBatch(Base):
    """One file loaded into the database (audit log)."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_by: Mapped[str] = mapped_column(String(120))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class Source(Base):
    """Where a fact comes from: document + line, an import batch, an official statistic, or synthetic.

    An official statistic (住民基本台帳, 国土地理院 areas, 国勢調査) names the publisher, title and date in `label`,
    the file it was read from in `document`, the batch that loaded it, and the credit line to show in `note`.
    """

    __tablename__ = "sources"
    __table_args__ = (
        Index(
            "uq_sources_identity",
            "kind",
            func.coalesce(text("document"), ""),
            func.coalesce(text("line"), 0),
            func.coalesce(text("import_batch_id"), 0),
            "label",
            unique=True,
        ),
        CheckConstraint("kind <> 'document' OR (document IS NOT NULL AND line IS NOT NULL)", name="document_line"),
        CheckConstraint("kind <> 'import_batch' OR import_batch_id IS NOT NULL", name="batch_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SourceKind] = mapped_column(_enum(SourceKind))
    document: Mapped[str | None] = mapped_column(String(255))
    line: Mapped[int | None] = mapped_column(Integer)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    label: Mapped[str] = mapped_column(String(255), default="")  # e.g. document title, generator name
    note: Mapped[str | None] = mapped_column(Text)

    import_batch: Mapped[ImportBatch | None] = relationship()

    @property
    def is_synthetic(self) -> bool:
        return self.kind is SourceKind.SYNTHETIC


class Prefecture(Base):
    __tablename__ = "prefectures"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(10), unique=True)
    kana: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(20))


class Municipality(Base):
    """A municipality or a designated-city ward, keyed by the 6-digit code with check digit."""

    __tablename__ = "municipalities"
    __table_args__ = (UniqueConstraint("prefecture_code", "name", name="uq_municipalities_pref_name"),)

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    prefecture_code: Mapped[str] = mapped_column(ForeignKey("prefectures.code"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    kana: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))  # data_access.master.MUNICIPALITY_KINDS
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    abolished_on: Mapped[dt.date | None] = mapped_column(Date)  # kept only while a fact refers to it

    prefecture: Mapped[Prefecture] = relationship()


class MunicipalityDesignation(Base):
    """A city's designation under the Local Autonomy Act: 政令指定都市, 中核市 or 施行時特例市, since a date."""

    __tablename__ = "municipality_designations"

    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), primary_key=True)
    designation: Mapped[str] = mapped_column(String(20))  # core.domain.DESIGNATIONS
    since: Mapped[dt.date | None] = mapped_column(Date)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship()


class MunicipalityFact(Base):
    """A basic fact (population, households, ageing rate, area …) with its unit, dated: `as_of` is the day it
    describes (住民基本台帳: 1 January), `fiscal_year` the 年度 that day falls in. Which fact a screen uses for a
    period is decided in one place, data_access.queries.facts_for_year."""

    __tablename__ = "municipality_facts"
    __table_args__ = (UniqueConstraint("municipality_code", "fiscal_year", "metric", name="uq_municipality_facts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(40))  # data_access.vocabulary.FACT_METRICS
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship()


class District(Base):
    """A 第2層 area (日常生活圏域 / 地区) of a municipality; boundary optional (GeoJSON, EPSG:4326)."""

    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("municipality_code", "code", name="uq_districts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))  # 日常生活圏域 / 地区連合自治会 / 中学校区 …
    boundary_geojson: Mapped[str | None] = mapped_column(Text)
    boundary_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))  # the upload it came from
    tile_row: Mapped[int | None] = mapped_column(Integer)
    tile_col: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship(foreign_keys=[source_id])


class Council(Base):
    """A 協議体: tier 1 for the whole municipality, tier 2 per district."""

    __tablename__ = "councils"
    __table_args__ = (
        Index("uq_councils_key", "municipality_code", "tier", func.coalesce(text("district_id"), 0), unique=True),
        CheckConstraint("tier IN (1, 2)", name="tier"),
        CheckConstraint("(tier = 1) = (district_id IS NULL)", name="tier_district"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    tier: Mapped[int] = mapped_column(Integer)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    status: Mapped[CouncilStatus] = mapped_column(_enum(CouncilStatus))
    status_as_of: Mapped[dt.date | None] = mapped_column(Date)
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    established_precision: Mapped[DatePrecision | None] = mapped_column(_enum(DatePrecision))
    coordinator_placed_on: Mapped[dt.date | None] = mapped_column(Date)  # 第2層SC (or 第1層SC for tier 1)
    coordinator_precision: Mapped[DatePrecision | None] = mapped_column(_enum(DatePrecision))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    established_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))  # NULL: source_id's
    coordinator_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))  # set with the date

    district: Mapped[District | None] = relationship()
    source: Mapped[Source] = relationship(foreign_keys=[source_id])


class CouncilActivity(Base):
    """Council activity in a fiscal year up to period_end (meetings, briefings, exchange meetings …)."""

    __tablename__ = "council_activities"
    __table_args__ = (
        Index(
            "uq_council_activities_key",
            "municipality_code",
            func.coalesce(text("district_id"), 0),
            "fiscal_year",
            "metric",
            "period_end",
            unique=True,
        ),
        CheckConstraint("value >= 0", name="non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))  # None: municipality total
    fiscal_year: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[dt.date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(40))  # data_access.vocabulary.ACTIVITY_METRICS
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    event_date_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))  # NULL: source_id's

    source: Mapped[Source] = relationship(foreign_keys=[source_id])


class ProgramStatus(Base):
    """A municipality's stage in a programme in a fiscal year (重層事業, model projects)."""

    __tablename__ = "program_statuses"
    __table_args__ = (UniqueConstraint("municipality_code", "fiscal_year", "program", name="uq_program_statuses_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    program: Mapped[ProgramKind] = mapped_column(_enum(ProgramKind))
    stage: Mapped[ProgramStage] = mapped_column(_enum(ProgramStage))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship()


class ProgramCount(Base):
    """A published count of municipalities in a programme stage (prefecture, or nation when None).

    Reports often give only counts (高知県: 7 in 移行準備); names are not invented here.
    """

    __tablename__ = "program_counts"
    __table_args__ = (
        Index(
            "uq_program_counts_key",
            func.coalesce(text("prefecture_code"), ""),
            "fiscal_year",
            "program",
            "stage",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    prefecture_code: Mapped[str | None] = mapped_column(ForeignKey("prefectures.code"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    program: Mapped[ProgramKind] = mapped_column(_enum(ProgramKind))
    stage: Mapped[ProgramStage] = mapped_column(_enum(ProgramStage))
    municipalities: Mapped[int] = mapped_column(Integer)
    planned: Mapped[bool] = mapped_column(default=False, server_default=sa_false())  # a plan, not yet a count
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship()


class ConsultationStat(Base):
    """Consultation counts for a municipality (optionally a district), fiscal year and period end."""

    __tablename__ = "consultation_stats"
    __table_args__ = (
        Index(
            "uq_consultation_stats_key",
            "municipality_code",
            func.coalesce(text("district_id"), 0),
            "fiscal_year",
            "period_end",
            "category",
            "basis",
            "unit",
            unique=True,
        ),
        CheckConstraint(
            "COALESCE(new_cases, 0) >= 0 AND COALESCE(continuing_cases, 0) >= 0 AND COALESCE(closed_cases, 0) >= 0"
            " AND COALESCE(referred_cases, 0) >= 0 AND COALESCE(ongoing_cases, 0) >= 0",
            name="non_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    period_end: Mapped[dt.date] = mapped_column(Date)
    is_partial_year: Mapped[bool] = mapped_column(default=False)
    category: Mapped[str] = mapped_column(String(40), default="all")  # all / complex (複合的な課題) …
    basis: Mapped[CountBasis] = mapped_column(_enum(CountBasis))
    unit: Mapped[str] = mapped_column(String(10))  # 件 / 世帯 / 人
    new_cases: Mapped[int | None] = mapped_column(Integer)
    continuing_cases: Mapped[int | None] = mapped_column(Integer)
    closed_cases: Mapped[int | None] = mapped_column(Integer)
    referred_cases: Mapped[int | None] = mapped_column(Integer)
    ongoing_cases: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    # A field's own source when a later file restated the row without it (NULL: source_id's).
    is_partial_year_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    new_cases_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    continuing_cases_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    closed_cases_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    referred_cases_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    ongoing_cases_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship(foreign_keys=[source_id])


class Target(Base):
    """A stated target (成果目標): metric, value, unit and the date it should be reached by."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("municipality_code", "fiscal_year", "metric", "unit", name="uq_targets_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    due_on_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))  # NULL: source_id's

    source: Mapped[Source] = relationship(foreign_keys=[source_id])


class TrainingParticipation(Base):
    """Participation in a prefecture's training programme per fiscal year (広島県 R2–R6 table)."""

    __tablename__ = "training_participation"
    __table_args__ = (
        UniqueConstraint("prefecture_code", "fiscal_year", "program_name", name="uq_training_participation_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    prefecture_code: Mapped[str] = mapped_column(ForeignKey("prefectures.code"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    program_name: Mapped[str] = mapped_column(String(120))
    municipalities: Mapped[int | None] = mapped_column(Integer)
    teams: Mapped[int | None] = mapped_column(Integer)
    staff_government: Mapped[int | None] = mapped_column(Integer)  # 行政
    staff_social_welfare_council: Mapped[int | None] = mapped_column(Integer)  # 社協
    staff_consultation_agencies: Mapped[int | None] = mapped_column(Integer)  # 相談機関
    participants: Mapped[int | None] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    # A field's own source when a later file restated the row without it (NULL: source_id's).
    municipalities_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    teams_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    staff_government_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    staff_social_welfare_council_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    staff_consultation_agencies_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    participants_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))

    source: Mapped[Source] = relationship(foreign_keys=[source_id])


FACT_TABLES: tuple[type[Base], ...] = (
    MunicipalityFact,
    MunicipalityDesignation,
    District,
    Council,
    CouncilActivity,
    ProgramStatus,
    ProgramCount,
    ConsultationStat,
    Target,
    TrainingParticipation,
)


class ReportScope(str, enum.Enum):
    MUNICIPALITY = "municipality"
    MULTI_MUNICIPALITY = "multi_municipality"  # e.g. 青森県 東津軽郡: four towns in one report
    PREFECTURE = "prefecture"


class CandidateStatus(str, enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"  # accepted with the reviewer's value
    REJECTED = "rejected"


class OutcomeCandidate(Base):
    """An outcome the report parser read from free text, waiting for a person to accept, correct or reject it.

    Free-text readings can be wrong, so they never reach charts before review; the parser's value is kept
    next to the reviewer's correction. Covered codes of a multi-municipality report are kept as text; a
    figure the text attaches to one of them has that municipality's code. A part of a breakdown points to its
    total (`part_of_id`) so that the two are never added; a figure stated again in the report is one
    candidate with the other lines in `restated_lines`.
    """

    __tablename__ = "outcome_candidates"
    __table_args__ = (
        UniqueConstraint("document", "figure_key", name="uq_outcome_candidates_figure"),
        CheckConstraint("status <> 'corrected' OR corrected_value IS NOT NULL", name="corrected_value"),
        CheckConstraint("(status = 'pending') = (reviewed_at IS NULL)", name="reviewed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    document: Mapped[str] = mapped_column(String(255))  # file name, as in Source.document
    report_index: Mapped[int] = mapped_column(Integer)  # 1-based position in the compilation
    report_start_line: Mapped[int] = mapped_column(Integer)
    scope: Mapped[ReportScope] = mapped_column(_enum(ReportScope))
    place_name: Mapped[str | None] = mapped_column(String(80))  # as written: 札幌市, 東津軽郡; None for a prefecture
    prefecture_code: Mapped[str] = mapped_column(ForeignKey("prefectures.code"), index=True)
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"), index=True)
    municipality_codes: Mapped[str] = mapped_column(Text, default="")  # covered codes, comma-separated
    fiscal_year: Mapped[int] = mapped_column(Integer)  # of the figure: a FY2018 report may cite FY2016
    figure_key: Mapped[str] = mapped_column(String(80))  # the parser's key: line, metric, value and unit
    metric: Mapped[str] = mapped_column(String(40))  # data_access.vocabulary.OUTCOME_METRICS
    value: Mapped[float] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    basis: Mapped[CountBasis] = mapped_column(_enum(CountBasis), default=CountBasis.DISTINCT)
    period_note: Mapped[str | None] = mapped_column(String(60))  # "2月末現在": the figure is for part of the year
    period_end: Mapped[dt.date | None] = mapped_column(Date)  # None: the whole fiscal year
    confidence: Mapped[float | None] = mapped_column(Float)  # the parser's, 0–1
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_candidates.id"), index=True)
    part_label: Mapped[str | None] = mapped_column(String(40))  # 北東エリア, 町内: what the part is
    restated_lines: Mapped[str] = mapped_column(Text, default="")  # other lines stating the same figure
    source_line: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    status: Mapped[CandidateStatus] = mapped_column(_enum(CandidateStatus), default=CandidateStatus.PENDING)
    corrected_value: Mapped[float | None] = mapped_column(Float)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    import_batch: Mapped[ImportBatch] = relationship()


class AuthEventKind(str, enum.Enum):
    LOGIN_OK = "login_ok"
    LOGIN_FAILED = "login_failed"
    LOCKED = "locked"  # an attempt refused while the username was locked (password not checked)
    LOGOUT = "logout"
    EXPIRED = "expired"  # session ended by its lifetime, idle timeout or a removed account


class AuthEvent(Base):
    """One login, failed login, refused attempt, logout or expiry (audit log and rate limit).

    The rate limit reads these rows, so it holds across browser sessions and server processes. Usernames are
    stored as typed, also unknown ones: an attacker must not learn which names exist.
    """

    __tablename__ = "auth_events"
    __table_args__ = (
        Index("ix_auth_events_username_occurred_at", "username", "occurred_at"),
        Index("ix_auth_events_ip_address_occurred_at", "ip_address", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # UTC
    username: Mapped[str] = mapped_column(String(120))
    event: Mapped[AuthEventKind] = mapped_column(_enum(AuthEventKind))
    client: Mapped[str | None] = mapped_column(String(255))  # IP address and browser, when known
    ip_address: Mapped[str | None] = mapped_column(String(45))  # the per-client limit counts by this

"""Where each template's rows land: table, natural key, compared values, and the columns that keep a source of their
own (an optional column a file may leave out must keep its old value and the source that value came from).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import BigInteger, Integer, SmallInteger

from data_access.models import (
    ConsultationStat,
    Council,
    CouncilActivity,
    District,
    ProgramStatus,
    Target,
    TrainingParticipation,
)

MUNICIPALITY_KEYS = ("municipality_code", "prefecture", "municipality_name")


@dataclass(frozen=True)
class TableSpec:
    """How a kind's rows land in one table (model attribute names).

    stored: template column key -> the attributes it fills (a date fills its day and its precision).
    field_sources: template column key -> the attribute holding that field's own source (NULL: the row's source).
    """

    model: type
    key: tuple[str, ...]
    values: tuple[str, ...]
    series: tuple[str, ...] = ()  # key columns of one series, whose unit must not change
    stored: dict[str, tuple[str, ...]] = field(default_factory=dict)
    field_sources: dict[str, str] = field(default_factory=dict)

    def attributes(self, column: str) -> tuple[str, ...]:
        return self.stored.get(column, (column,) if column in self.values else ())


COUNT_COLUMNS = ("new_cases", "continuing_cases", "closed_cases", "referred_cases", "ongoing_cases")
TRAINING_COUNTS = (
    "municipalities",
    "teams",
    "staff_government",
    "staff_social_welfare_council",
    "staff_consultation_agencies",
    "participants",
)

TABLES = {
    "council_activity": TableSpec(
        CouncilActivity,
        ("municipality_code", "district_id", "fiscal_year", "metric", "period_end"),
        ("value", "unit", "event_date"),
        ("municipality_code", "district_id", "metric"),
        field_sources={"event_date": "event_date_source_id"},
    ),
    "program_status": TableSpec(ProgramStatus, ("municipality_code", "fiscal_year", "program"), ("stage",)),
    "consultations": TableSpec(
        ConsultationStat,
        ("municipality_code", "district_id", "fiscal_year", "period_end", "category", "basis", "unit"),
        ("is_partial_year", *COUNT_COLUMNS),
        ("municipality_code", "district_id", "category", "basis"),
        field_sources={c: f"{c}_source_id" for c in ("is_partial_year", *COUNT_COLUMNS)},
    ),
    "targets": TableSpec(
        Target,
        ("municipality_code", "fiscal_year", "metric", "unit"),
        ("value", "due_on"),
        ("municipality_code", "metric"),
        field_sources={"due_on": "due_on_source_id"},
    ),
    "training": TableSpec(
        TrainingParticipation,
        ("prefecture_code", "fiscal_year", "program_name"),
        TRAINING_COUNTS,
        field_sources={c: f"{c}_source_id" for c in TRAINING_COUNTS},
    ),
}
DISTRICTS = TableSpec(
    District,
    ("municipality_code", "code"),
    ("name", "kind"),
    stored={"district_name": ("name",), "district_kind": ("kind",)},
)
COUNCILS = TableSpec(
    Council,
    ("municipality_code", "tier", "district_id"),
    ("status", "established_on", "established_precision", "coordinator_placed_on", "coordinator_precision"),
    stored={
        "council_status": ("status",),
        "established_on": ("established_on", "established_precision"),
        "coordinator_placed_on": ("coordinator_placed_on", "coordinator_precision"),
    },
    field_sources={"established_on": "established_source_id", "coordinator_placed_on": "coordinator_source_id"},
)
# The coordinator's source is set whenever a coordinator date is (as the demo loader does), not left to the row's.
EXPLICIT_SOURCES = frozenset({"coordinator_source_id"})


def integer_range(model: type, attribute: str) -> tuple[int, int] | None:
    """The range a count column holds on both databases (INTEGER is 4 bytes in PostgreSQL)."""
    column_type = model.__table__.c[attribute].type
    if isinstance(column_type, BigInteger):
        return -(2**63), 2**63 - 1
    if isinstance(column_type, SmallInteger):
        return -(2**15), 2**15 - 1
    if isinstance(column_type, Integer):
        return -(2**31), 2**31 - 1
    return None


def text_length(model: type, attribute: str) -> int | None:
    return getattr(model.__table__.c[attribute].type, "length", None)

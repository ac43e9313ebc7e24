"""Rollout facts: districts, councils, activity, programmes, consultations, targets, training

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "districts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("boundary_geojson", sa.Text(), nullable=True),
        sa.Column("tile_row", sa.Integer(), nullable=True),
        sa.Column("tile_col", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_code"], ["municipalities.code"], name=op.f("fk_districts_municipality_code_municipalities")
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_districts_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("municipality_code", "code", name="uq_districts_key"),
    )
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_districts_municipality_code"), ["municipality_code"], unique=False)

    op.create_table(
        "municipality_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_municipality_facts_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_municipality_facts_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipality_facts")),
        sa.UniqueConstraint("municipality_code", "fiscal_year", "metric", name="uq_municipality_facts_key"),
    )
    with op.batch_alter_table("municipality_facts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_municipality_facts_municipality_code"), ["municipality_code"], unique=False
        )

    op.create_table(
        "program_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefecture_code", sa.String(length=2), nullable=True),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column(
            "program",
            sa.Enum("jusou", "chiiki_ryoku", "takikan", name="programkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "stage",
            sa.Enum("full", "preparing", "considering", "none", name="programstage", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("municipalities", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prefecture_code"], ["prefectures.code"], name=op.f("fk_program_counts_prefecture_code_prefectures")
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_program_counts_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_counts")),
    )
    op.create_index(
        "uq_program_counts_key",
        "program_counts",
        [sa.text("coalesce(prefecture_code, '')"), "fiscal_year", "program", "stage"],
        unique=True,
    )

    op.create_table(
        "program_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column(
            "program",
            sa.Enum("jusou", "chiiki_ryoku", "takikan", name="programkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "stage",
            sa.Enum("full", "preparing", "considering", "none", name="programstage", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_program_statuses_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_program_statuses_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_statuses")),
        sa.UniqueConstraint("municipality_code", "fiscal_year", "program", name="uq_program_statuses_key"),
    )
    with op.batch_alter_table("program_statuses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_statuses_municipality_code"), ["municipality_code"], unique=False)

    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_code"], ["municipalities.code"], name=op.f("fk_targets_municipality_code_municipalities")
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_targets_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("municipality_code", "fiscal_year", "metric", "unit", name="uq_targets_key"),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_municipality_code"), ["municipality_code"], unique=False)

    op.create_table(
        "training_participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefecture_code", sa.String(length=2), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("program_name", sa.String(length=120), nullable=False),
        sa.Column("municipalities", sa.Integer(), nullable=True),
        sa.Column("teams", sa.Integer(), nullable=True),
        sa.Column("staff_government", sa.Integer(), nullable=True),
        sa.Column("staff_social_welfare_council", sa.Integer(), nullable=True),
        sa.Column("staff_consultation_agencies", sa.Integer(), nullable=True),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prefecture_code"],
            ["prefectures.code"],
            name=op.f("fk_training_participation_prefecture_code_prefectures"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_training_participation_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_participation")),
        sa.UniqueConstraint("prefecture_code", "fiscal_year", "program_name", name="uq_training_participation_key"),
    )

    op.create_table(
        "consultation_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("is_partial_year", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column(
            "basis", sa.Enum("distinct", "contacts", name="countbasis", native_enum=False, length=32), nullable=False
        ),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("new_cases", sa.Integer(), nullable=True),
        sa.Column("continuing_cases", sa.Integer(), nullable=True),
        sa.Column("closed_cases", sa.Integer(), nullable=True),
        sa.Column("referred_cases", sa.Integer(), nullable=True),
        sa.Column("ongoing_cases", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "COALESCE(new_cases, 0) >= 0 AND COALESCE(continuing_cases, 0) >= 0 AND COALESCE(closed_cases, 0) >= 0"
            " AND COALESCE(referred_cases, 0) >= 0 AND COALESCE(ongoing_cases, 0) >= 0",
            name=op.f("ck_consultation_stats_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_consultation_stats_district_id_districts")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_consultation_stats_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_consultation_stats_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_stats")),
    )
    with op.batch_alter_table("consultation_stats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_stats_fiscal_year"), ["fiscal_year"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consultation_stats_municipality_code"), ["municipality_code"], unique=False
        )
    op.create_index(
        "uq_consultation_stats_key",
        "consultation_stats",
        [
            "municipality_code",
            sa.text("coalesce(district_id, 0)"),
            "fiscal_year",
            "period_end",
            "category",
            "basis",
            "unit",
        ],
        unique=True,
    )

    op.create_table(
        "council_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("value >= 0", name=op.f("ck_council_activities_non_negative")),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_council_activities_district_id_districts")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_council_activities_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_council_activities_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_activities")),
    )
    with op.batch_alter_table("council_activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_council_activities_municipality_code"), ["municipality_code"], unique=False
        )
    op.create_index(
        "uq_council_activities_key",
        "council_activities",
        ["municipality_code", sa.text("coalesce(district_id, 0)"), "fiscal_year", "metric", "period_end"],
        unique=True,
    )

    op.create_table(
        "councils",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("not_started", "preparing", "established", name="councilstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("status_as_of", sa.Date(), nullable=True),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column(
            "established_precision",
            sa.Enum("day", "month", "year", name="dateprecision", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("coordinator_placed_on", sa.Date(), nullable=True),
        sa.Column(
            "coordinator_precision",
            sa.Enum("day", "month", "year", name="dateprecision", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("coordinator_source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(tier = 1) = (district_id IS NULL)", name=op.f("ck_councils_tier_district")),
        sa.CheckConstraint("tier IN (1, 2)", name=op.f("ck_councils_tier")),
        sa.ForeignKeyConstraint(
            ["coordinator_source_id"], ["sources.id"], name=op.f("fk_councils_coordinator_source_id_sources")
        ),
        sa.ForeignKeyConstraint(["district_id"], ["districts.id"], name=op.f("fk_councils_district_id_districts")),
        sa.ForeignKeyConstraint(
            ["municipality_code"], ["municipalities.code"], name=op.f("fk_councils_municipality_code_municipalities")
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_councils_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councils")),
    )
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_councils_municipality_code"), ["municipality_code"], unique=False)

    op.create_index(
        "uq_councils_key", "councils", ["municipality_code", "tier", sa.text("coalesce(district_id, 0)")], unique=True
    )


def downgrade() -> None:
    op.drop_table("councils")
    op.drop_table("council_activities")
    op.drop_table("consultation_stats")
    op.drop_table("training_participation")
    op.drop_table("targets")
    op.drop_table("program_statuses")
    op.drop_table("program_counts")
    op.drop_table("municipality_facts")
    op.drop_table("districts")

"""Review queue of outcome candidates read from report compilations

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outcome_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=255), nullable=False),
        sa.Column("report_index", sa.Integer(), nullable=False),
        sa.Column("report_start_line", sa.Integer(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "municipality", "multi_municipality", "prefecture", name="reportscope", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("place_name", sa.String(length=80), nullable=True),
        sa.Column("prefecture_code", sa.String(length=2), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=True),
        sa.Column("municipality_codes", sa.Text(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("period_note", sa.String(length=60), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending", "accepted", "corrected", "rejected", name="candidatestatus", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("corrected_value", sa.Float(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=120), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("(status = 'pending') = (reviewed_at IS NULL)", name=op.f("ck_outcome_candidates_reviewed")),
        sa.CheckConstraint(
            "status <> 'corrected' OR corrected_value IS NOT NULL", name=op.f("ck_outcome_candidates_corrected_value")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batches.id"],
            name=op.f("fk_outcome_candidates_import_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_outcome_candidates_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["prefecture_code"], ["prefectures.code"], name=op.f("fk_outcome_candidates_prefecture_code_prefectures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_candidates")),
        sa.UniqueConstraint("document", "source_line", "metric", "value", "unit", name="uq_outcome_candidates_key"),
    )
    with op.batch_alter_table("outcome_candidates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_candidates_import_batch_id"), ["import_batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outcome_candidates_municipality_code"), ["municipality_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outcome_candidates_prefecture_code"), ["prefecture_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outcome_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_candidates_prefecture_code"))
        batch_op.drop_index(batch_op.f("ix_outcome_candidates_municipality_code"))
        batch_op.drop_index(batch_op.f("ix_outcome_candidates_import_batch_id"))
    op.drop_table("outcome_candidates")

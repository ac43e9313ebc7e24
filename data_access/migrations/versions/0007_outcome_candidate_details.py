"""Outcome candidates: 実数/延べ, period end, confidence, breakdown link, restatements and the figure's key

Revision ID: 0007
Revises: 0006

Candidates imported before this revision get their key from line, metric, value and unit, their basis from
their quote (延べ/のべ/述べ: contacts, as the review used to decide) and their period end from their period
note, so that they keep meaning what they meant.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.report_outcomes import resolve_period

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BASIS = sa.Enum("distinct", "contacts", name="countbasis", native_enum=False, length=32)


def upgrade() -> None:
    with op.batch_alter_table("outcome_candidates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("figure_key", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("basis", BASIS, nullable=True))
        batch_op.add_column(sa.Column("period_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("part_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("part_label", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("restated_lines", sa.Text(), nullable=True))
    _fill_existing_rows()
    with op.batch_alter_table("outcome_candidates", schema=None) as batch_op:
        batch_op.alter_column("figure_key", existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column("basis", existing_type=BASIS, nullable=False)
        batch_op.alter_column("restated_lines", existing_type=sa.Text(), nullable=False)
        batch_op.drop_constraint("uq_outcome_candidates_key", type_="unique")
        batch_op.create_unique_constraint("uq_outcome_candidates_figure", ["document", "figure_key"])
        batch_op.create_foreign_key(
            batch_op.f("fk_outcome_candidates_part_of_id_outcome_candidates"),
            "outcome_candidates",
            ["part_of_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_outcome_candidates_part_of_id"), ["part_of_id"], unique=False)


def _fill_existing_rows() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT id, document, source_line, metric, value, unit, quote, period_note, fiscal_year "
            "FROM outcome_candidates ORDER BY id"
        )
    ).all()
    keys: set[tuple[str, str]] = set()
    for row in rows:
        key = f"{row.source_line}:{row.metric}:{row.value:g}{row.unit}"
        while (row.document, key) in keys:
            key += "'"
        keys.add((row.document, key))
        end = None
        if row.period_note:
            try:
                end = resolve_period(row.period_note, row.fiscal_year)[0]
            except ValueError:
                end = None
        connection.execute(
            sa.text(
                "UPDATE outcome_candidates SET figure_key = :key, basis = :basis, period_end = :end, "
                "restated_lines = '' WHERE id = :id"
            ),
            {
                "key": key,
                "basis": "contacts" if re.search("延べ|述べ|のべ", row.quote) else "distinct",
                "end": end,
                "id": row.id,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("outcome_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_candidates_part_of_id"))
        batch_op.drop_constraint(batch_op.f("fk_outcome_candidates_part_of_id_outcome_candidates"), type_="foreignkey")
        batch_op.drop_constraint("uq_outcome_candidates_figure", type_="unique")
        batch_op.create_unique_constraint(
            "uq_outcome_candidates_key", ["document", "source_line", "metric", "value", "unit"]
        )
        for column in ("restated_lines", "part_label", "part_of_id", "confidence", "period_end", "basis", "figure_key"):
            batch_op.drop_column(column)

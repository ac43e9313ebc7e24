"""Official statistics: abolished municipalities, designations, planned programme counts

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN (SQLite has it): a batch operation would copy the tables and lose their expression indexes
    op.add_column("municipalities", sa.Column("abolished_on", sa.Date(), nullable=True))
    op.add_column("program_counts", sa.Column("planned", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "municipality_designations",
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("designation", sa.String(length=20), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_municipality_designations_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_municipality_designations_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("municipality_code", name=op.f("pk_municipality_designations")),
    )


def downgrade() -> None:
    op.drop_table("municipality_designations")
    op.drop_column("program_counts", "planned")
    op.drop_column("municipalities", "abolished_on")

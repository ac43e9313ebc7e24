"""District boundaries record the upload they came from

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("boundary_source_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_districts_boundary_source_id_sources"), "sources", ["boundary_source_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_districts_boundary_source_id_sources"), type_="foreignkey")
        batch_op.drop_column("boundary_source_id")

"""Auth events: logins, failed logins, lockouts, logouts and expiries

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column(
            "event",
            sa.Enum(
                "login_ok",
                "login_failed",
                "locked",
                "logout",
                "expired",
                name="autheventkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("client", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_events")),
    )
    with op.batch_alter_table("auth_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_events_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index("ix_auth_events_username_occurred_at", ["username", "occurred_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_events", schema=None) as batch_op:
        batch_op.drop_index("ix_auth_events_username_occurred_at")
        batch_op.drop_index(batch_op.f("ix_auth_events_occurred_at"))
    op.drop_table("auth_events")

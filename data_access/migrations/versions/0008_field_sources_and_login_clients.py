"""Optional fields keep their own source; auth events record the client's IP address for the per-client limit

Revision ID: 0008
Revises: 0007

An import that leaves out an optional column (つないだ件数, 設置日 …) must keep the stored value and the source it
came from: each such field gets `<field>_source_id` (NULL: the row's `source_id`).

SQLite cannot add a foreign key with ALTER TABLE, and Alembic's batch mode would copy the table without its
expression unique indexes (NULL-safe natural keys, which SQLite cannot reflect); so on SQLite the column and its
named foreign key are added in one ALTER TABLE … ADD COLUMN … REFERENCES, which SQLite allows for a NULL column.
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ("new_cases", "continuing_cases", "closed_cases", "referred_cases", "ongoing_cases")
TRAINING = (
    "municipalities",
    "teams",
    "staff_government",
    "staff_social_welfare_council",
    "staff_consultation_agencies",
    "participants",
)
LIMIT = 63  # PostgreSQL's identifier length
FIELD_SOURCES = {
    "consultation_stats": [f"{c}_source_id" for c in ("is_partial_year", *COUNTS)],
    "training_participation": [f"{c}_source_id" for c in TRAINING],
    "council_activities": ["event_date_source_id"],
    "targets": ["due_on_source_id"],
    "councils": ["established_source_id"],
}


def _foreign_key(table: str, column: str, limit: int | None = None) -> str:
    """The models' naming convention; beyond PostgreSQL's 63 characters cut as SQLAlchemy cuts it (with a hash)."""
    name = f"fk_{table}_{column}_sources"
    if limit is not None and len(name) > limit:
        name = f"{name[: limit - 8]}_{hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[-4:]}"
    return name


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in FIELD_SOURCES.items():
        for column in columns:
            if sqlite:
                op.execute(
                    f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
                    f"CONSTRAINT {_foreign_key(table, column)} REFERENCES sources (id)"
                )
            else:
                op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
                op.create_foreign_key(_foreign_key(table, column, LIMIT), table, "sources", [column], ["id"])
    op.add_column("auth_events", sa.Column("ip_address", sa.String(length=45), nullable=True))
    op.create_index("ix_auth_events_ip_address_occurred_at", "auth_events", ["ip_address", "occurred_at"])


# The expression unique indexes that a SQLite batch copy leaves behind (as created in 0002).
EXPRESSION_KEYS = {
    "consultation_stats": (
        "uq_consultation_stats_key",
        "municipality_code, coalesce(district_id, 0), fiscal_year, period_end, category, basis, unit",
    ),
    "council_activities": (
        "uq_council_activities_key",
        "municipality_code, coalesce(district_id, 0), fiscal_year, metric, period_end",
    ),
    "councils": ("uq_councils_key", "municipality_code, tier, coalesce(district_id, 0)"),
}


def downgrade() -> None:
    op.drop_index("ix_auth_events_ip_address_occurred_at", table_name="auth_events")
    op.drop_column("auth_events", "ip_address")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in FIELD_SOURCES.items():
        if not sqlite:
            for column in columns:
                op.drop_constraint(_foreign_key(table, column, LIMIT), table, type_="foreignkey")
                op.drop_column(table, column)
            continue
        with op.batch_alter_table(table, recreate="always") as batch_op:  # SQLite cannot drop a referencing column
            for column in columns:
                batch_op.drop_column(column)
        if table in EXPRESSION_KEYS:
            name, expression = EXPRESSION_KEYS[table]
            op.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {table} ({expression})")

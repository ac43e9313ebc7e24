"""Master data and provenance: prefectures, municipalities, sources, import batches

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_by", sa.String(length=120), nullable=False),
        sa.Column(
            "imported_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("rows_inserted", sa.Integer(), nullable=False),
        sa.Column("rows_updated", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batches_sha256"), ["sha256"], unique=False)

    op.create_table(
        "prefectures",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=10), nullable=False),
        sa.Column("kana", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_prefectures")),
        sa.UniqueConstraint("name", name=op.f("uq_prefectures_name")),
    )

    op.create_table(
        "municipalities",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("prefecture_code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("kana", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_code", sa.String(length=6), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["municipalities.code"], name=op.f("fk_municipalities_parent_code_municipalities")
        ),
        sa.ForeignKeyConstraint(
            ["prefecture_code"], ["prefectures.code"], name=op.f("fk_municipalities_prefecture_code_prefectures")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("prefecture_code", "name", name="uq_municipalities_pref_name"),
    )
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_municipalities_prefecture_code"), ["prefecture_code"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("document", "import_batch", "synthetic", "master", name="sourcekind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("document", sa.String(length=255), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=255), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind <> 'document' OR (document IS NOT NULL AND line IS NOT NULL)", name=op.f("ck_sources_document_line")
        ),
        sa.CheckConstraint("kind <> 'import_batch' OR import_batch_id IS NOT NULL", name=op.f("ck_sources_batch_ref")),
        sa.ForeignKeyConstraint(
            ["import_batch_id"], ["import_batches.id"], name=op.f("fk_sources_import_batch_id_import_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    op.create_index(
        "uq_sources_identity",
        "sources",
        [
            "kind",
            sa.text("coalesce(document, '')"),
            sa.text("coalesce(line, 0)"),
            sa.text("coalesce(import_batch_id, 0)"),
            "label",
        ],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("sources")
    op.drop_table("municipalities")
    op.drop_table("prefectures")
    op.drop_table("import_batches")

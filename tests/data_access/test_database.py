import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from data_access import loaders
from data_access.database import Database, DatabaseError
from data_access.models import Base, Municipality, Prefecture


def test_migrations_build_exactly_the_models(empty_db):
    empty_db.migrate()
    assert empty_db.is_up_to_date()
    with empty_db.engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be compared on every dialect
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


EXPRESSION_INDEXES = {
    "uq_sources_identity",
    "uq_program_counts_key",
    "uq_consultation_stats_key",
    "uq_council_activities_key",
    "uq_councils_key",
}


def test_migrations_keep_the_expression_unique_indexes(empty_db):
    """SQLite batch migrations copy a table and silently drop indexes on expressions (NULL-safe keys)."""
    empty_db.migrate()
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'index'"
        if empty_db.engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
    )
    with empty_db.engine.connect() as conn:
        assert set(conn.scalars(text(query))) >= EXPRESSION_INDEXES


def test_migrating_an_older_schema_keeps_its_data(empty_db):
    empty_db.migrate("0001")
    with empty_db.engine.begin() as conn:  # plain SQL: today's models have columns revision 0001 lacks
        conn.execute(
            text("INSERT INTO prefectures (code, name, kana, name_en) VALUES ('09', '栃木県', 'とちぎけん', 'Tochigi')")
        )
        conn.execute(
            text(
                "INSERT INTO municipalities (code, prefecture_code, name, kana, kind, lat, lng) "
                "VALUES ('092011', '09', '宇都宮市', 'うつのみやし', 'city', 36.55, 139.88)"
            )
        )
    assert "councils" not in empty_db.table_names()
    empty_db.migrate()
    loaders.load_master(empty_db)
    assert "councils" in empty_db.table_names()
    with empty_db.session() as session:
        assert session.get(Municipality, "092011").name == "宇都宮市"
        assert (
            session.scalar(select(func.count()).select_from(Municipality)) == 1912
        )  # 1,741 municipalities + 171 wards


def test_unique_keys_hold_with_missing_parts(migrated_db):
    """NULL district or prefecture must not let a duplicate in (expression indexes)."""
    insert = text(
        "INSERT INTO sources (kind, document, line, import_batch_id, label) VALUES ('synthetic', NULL, NULL, NULL, 'x')"
    )
    with migrated_db.engine.begin() as conn:
        conn.execute(insert)
    with pytest.raises(IntegrityError), migrated_db.engine.begin() as conn:
        conn.execute(insert)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "DATABASE_URL の形式"),
        ("mysql://u@h/db", "DATABASE_URL のデータベース種別"),
        ("postgresql+nosuchdriver://u@h/db", "DATABASE_URL"),
    ],
)
def test_malformed_database_url_is_explained_in_japanese(url, message):
    with pytest.raises(DatabaseError, match=message):
        Database(url)


def test_unreachable_database_names_the_setting():
    db = Database("postgresql+psycopg://app@127.0.0.1:1/none")
    with pytest.raises(DatabaseError, match="DATABASE_URL.*接続できません"):
        db.check_connection()


def test_a_failed_session_writes_nothing(migrated_db):
    def fail_after_adding() -> None:
        with migrated_db.session() as session:
            session.add(Prefecture(code="99", name="架空県", kana="かくうけん", name_en="Nowhere"))
            session.flush()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_after_adding()
    with migrated_db.session() as session:
        assert session.get(Prefecture, "99") is None

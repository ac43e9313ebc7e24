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


def test_migrating_an_older_schema_keeps_its_data(empty_db):
    empty_db.migrate("0001")
    with empty_db.session() as session:
        session.add(Prefecture(code="09", name="栃木県", kana="とちぎけん", name_en="Tochigi"))
        session.add(
            Municipality(
                code="092011",
                prefecture_code="09",
                name="宇都宮市",
                kana="うつのみやし",
                kind="city",
                lat=36.55,
                lng=139.88,
            )
        )
    assert "councils" not in empty_db.table_names()
    empty_db.migrate()
    loaders.load_master(empty_db)
    assert "councils" in empty_db.table_names()
    with empty_db.session() as session:
        assert session.get(Municipality, "092011").name == "宇都宮市"
        assert session.scalar(select(func.count()).select_from(Municipality)) == 1916


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

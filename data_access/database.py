"""The one owner of the database: engine creation, migrations, sessions and clear setup errors.

Everything else receives a `Database` (or its Engine) and never builds its own.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


SQLITE_BUSY_SECONDS = 30  # how long a SQLite writer waits for another one (an import holds the lock for seconds)


def take_turn(session: Session, name: str, wait_seconds: int) -> None:
    """Run this transaction alone among those taking a turn of the same `name`, waiting up to `wait_seconds`, until
    it ends (commit or rollback). PostgreSQL: a transaction-level advisory lock on the name. SQLite: BEGIN
    IMMEDIATE takes the database's write lock before this transaction reads anything, so what it reads is what it
    then writes over. A wait that runs out raises OperationalError."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait_seconds)}s'")
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(name.encode())})
    else:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_seconds) * 1000}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class DatabaseError(RuntimeError):
    """A database problem explained in Japanese, naming the setting to fix."""


def _describe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(解釈できないURL)"


def _enable_sqlite_foreign_keys(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """Engine for `url`; SQLite files get their directory created and foreign keys enforced."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            f"設定 DATABASE_URL の形式が正しくありません: {url!r}。"
            "例: sqlite:///data/dashboard.sqlite3 または postgresql+psycopg://user:pass@host:5432/db"
        ) from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"設定 DATABASE_URL のデータベース種別「{backend}」には対応していません。"
            "sqlite または postgresql を指定してください。"
        )
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        connect_args = {"connect_timeout": 5} if backend == "postgresql" else {"timeout": SQLITE_BUSY_SECONDS}
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(
            f"設定 DATABASE_URL（{_describe_url(url)}）のドライバが見つかりません。"
            "PostgreSQL は postgresql+psycopg:// の形で指定してください。"
        ) from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


class Database:
    """Engine + migrations + sessions for one DATABASE_URL."""

    def __init__(self, url: str):
        self.url = url
        self.engine = create_db_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def display_url(self) -> str:
        return _describe_url(self.url)

    def check_connection(self) -> None:
        """Raise DatabaseError (Japanese) when the server cannot be reached."""
        try:
            with self.engine.connect():
                pass
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseError(
                f"設定 DATABASE_URL のデータベース（{self.display_url}）に接続できません。"
                f"サーバーが起動しているか、ホスト名・ポート・ユーザー名を確認してください。（詳細: {reason}）"
            ) from exc

    def alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["engine"] = self.engine
        return config

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str:
        head = ScriptDirectory.from_config(self.alembic_config()).get_current_head()
        assert head is not None
        return head

    def is_up_to_date(self) -> bool:
        return self.current_revision() == self.head_revision()

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to `revision`, keeping existing data."""
        self.check_connection()
        try:
            command.upgrade(self.alembic_config(), revision)
        except SQLAlchemyError as exc:
            raise DatabaseError(
                f"データベース（{self.display_url}）の移行（マイグレーション）に失敗しました: {exc}"
            ) from exc

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

"""The one owner of the database: engine creation, migrations, sessions and clear setup errors.

Everything else receives a `Database` (or its Engine) and never builds its own. With a read URL (a PostgreSQL
streaming replica), `reading()` hands the cached screen queries a view on the replica; sessions, migrations and
every write stay on the primary.
"""

from __future__ import annotations

import contextlib
import copy
import zlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor, ExecutionContext
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


_READ_ONLY_STATEMENTS = ("SELECT", "SHOW", "WITH", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK")


def _mark_writes(
    conn: Connection,
    _cursor: DBAPICursor,
    statement: str,
    _parameters: object,
    _context: ExecutionContext | None,
    _executemany: bool,
) -> None:
    """Remember on the connection that this transaction wrote (anything but a read)."""
    if not statement.lstrip().upper().startswith(_READ_ONLY_STATEMENTS) or " FOR UPDATE" in statement.upper():
        conn.info["wrote"] = True


class Database:
    """Engine + migrations + sessions for one DATABASE_URL, and optionally a read replica (DATABASE_READ_URL).

    Read-your-writes: when a transaction on the primary that wrote commits, the next `reading()` takes the
    primary's WAL position and keeps reading from the primary until the replica has replayed past it (asked once
    per read while behind: a few milliseconds on one network). This holds for every session of the process, so the
    browser session that wrote (kept on its process by the load balancer's cookie) sees its write on the next
    screen, and a stale read never enters the shared query cache after a write in this process."""

    def __init__(self, url: str, read_url: str | None = None):
        self.url = url
        self.engine = create_db_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_url = read_url or None
        self.read_engine = create_db_engine(self.read_url) if self.read_url else self.engine
        self._write_pending = False
        self._wait_for_lsn: str | None = None
        if self.read_url:
            event.listen(self.engine, "before_cursor_execute", _mark_writes)
            event.listen(self.engine, "commit", self._on_commit)

    def _on_commit(self, conn: Connection) -> None:
        if conn.info.pop("wrote", False):
            self._write_pending = True

    def _note_write_position(self) -> None:
        """The primary's WAL position now, after the write committed: the replica must replay up to it. The insert
        position, which includes the commit record even with synchronous_commit=off (the write position may not)."""
        self._write_pending = False
        with self.engine.connect() as conn:
            self._wait_for_lsn = conn.execute(text("SELECT pg_current_wal_insert_lsn()::text")).scalar_one()

    def _reader_caught_up(self) -> bool:
        """Whether the replica has replayed the last write committed through this object (PostgreSQL LSNs)."""
        if self._write_pending:
            self._note_write_position()
        if self._wait_for_lsn is None:
            return True
        try:
            with self.read_engine.connect() as conn:
                replayed = conn.execute(
                    text("SELECT coalesce(pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn), true)"),
                    {"lsn": self._wait_for_lsn},
                ).scalar_one()
        except OperationalError:
            return False  # the replica is down: read from the primary
        if replayed:
            self._wait_for_lsn = None
        return bool(replayed)

    def reading(self) -> Database:
        """This database as the read queries should see it: the replica when there is one and it has replayed this
        process's last write, otherwise the primary. Only for reads: the view's sessions run on its engine."""
        if self.read_engine is self.engine or not self._reader_caught_up():
            return self
        view = copy.copy(self)
        view.engine = self.read_engine
        view._sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        return view

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
        if self._write_pending:  # committed: its position is known now, before any read asks
            self._note_write_position()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

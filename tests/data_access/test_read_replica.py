"""DATABASE_READ_URL: screen queries read from a PostgreSQL streaming replica, writes go to the primary, and the
process that wrote reads its write on the next screen (a primary and a `pg_basebackup -R` replica on loopback)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from data_access import accounts, loaders
from data_access.database import Database
from data_access.models import AuthEventKind
from ops.pg_cluster import Cluster, available, pg_cluster, wait_for_replay
from tests.conftest import unavailable

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("read_replica")]  # one worker starts the cluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not available():
        unavailable("PostgreSQL server binaries not found (apt-get install postgresql)")
    with pg_cluster(replica=True) as started:
        yield started


@pytest.fixture
def replicated(cluster) -> Iterator[Database]:
    """A migrated database on the primary with DATABASE_READ_URL on the replica, the replica caught up."""
    primary, replica = cluster.database(f"rr_{uuid.uuid4().hex[:10]}")
    db = Database(primary, read_url=replica)
    db.migrate()
    loaders.load_master(db)
    wait_for_replay(primary, replica)
    db.reading()  # the setup wrote: reading() notes that the replica has replayed it
    yield db
    db.dispose()


def _on_replica(db: Database) -> bool:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one()


def _replay(db: Database, paused: bool) -> None:
    """Pause or resume the replica's replay. A pause takes effect at the next WAL record the replica receives, so
    records are written (outside the Database object) until the replica says it has paused."""
    with db.read_engine.connect() as conn:
        conn.execute(text(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()"))
    if not paused:
        return
    primary = create_engine(db.url, isolation_level="AUTOCOMMIT")
    try:
        for _ in range(200):
            with primary.connect() as conn:
                conn.execute(text("SELECT pg_logical_emit_message(false, 'test', 'pause')"))
            with db.read_engine.connect() as conn:
                if conn.execute(text("SELECT pg_get_wal_replay_pause_state()")).scalar_one() == "paused":
                    return
            time.sleep(0.02)
    finally:
        primary.dispose()
    raise TimeoutError("the replica did not pause its replay")


def test_reads_go_to_the_replica_and_writes_to_the_primary(replicated):
    assert _on_replica(replicated.reading())
    assert not _on_replica(replicated)
    with replicated.session() as session:  # sessions (imports, reviews, logins) write to the primary
        assert not session.execute(text("SELECT pg_is_in_recovery()")).scalar_one()


def test_the_writer_reads_its_write_from_the_primary_until_the_replica_has_replayed_it(replicated):
    _replay(replicated, paused=True)
    try:
        accounts.record_event(replicated, "tanaka", AuthEventKind.LOGIN_OK, "127.0.0.1")
        view = replicated.reading()
        assert not _on_replica(view)  # the replica is behind this write: read it from the primary
        assert list(accounts.recent_events(view)["username"]) == ["tanaka"]
        assert accounts.recent_events(Database(replicated.read_url)).empty  # the replica has not seen it yet
    finally:
        _replay(replicated, paused=False)
    wait_for_replay(replicated.url, replicated.read_url)
    view = replicated.reading()
    assert _on_replica(view)
    assert list(accounts.recent_events(view)["username"]) == ["tanaka"]


def test_a_read_only_transaction_does_not_send_reads_to_the_primary(replicated):
    _replay(replicated, paused=True)
    try:
        accounts.events_since(replicated, "tanaka", accounts.now())  # a session that only reads
        assert _on_replica(replicated.reading())
    finally:
        _replay(replicated, paused=False)


def test_without_a_read_url_everything_is_on_the_primary(cluster):
    db = Database(cluster.primary_url)
    assert db.reading() is db and db.read_engine is db.engine
    db.dispose()

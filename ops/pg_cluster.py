"""A throwaway PostgreSQL primary with an optional streaming replica on loopback (scripts/pg_test_cluster.sh):
the read-replica tests, the replicas test, the benchmark and the load test start real servers this way."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.settings import PROJECT_ROOT
from ops.server import free_port

SCRIPT = PROJECT_ROOT / "scripts" / "pg_test_cluster.sh"


@dataclass(frozen=True)
class Cluster:
    """URLs of the primary and (when started) its streaming replica, both on the `postgres` database."""

    primary_url: str
    replica_url: str | None = None

    def database(self, name: str) -> tuple[str, str | None]:
        """Create database `name` on the primary and wait until the replica has it: (primary URL, replica URL)."""
        admin = create_engine(self.primary_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        primary = make_url(self.primary_url).set(database=name).render_as_string(hide_password=False)
        if self.replica_url is None:
            return primary, None
        replica = make_url(self.replica_url).set(database=name).render_as_string(hide_password=False)
        wait_for_replay(primary, replica)
        return primary, replica


def wait_for_replay(primary_url: str, replica_url: str, timeout: float = 30.0) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    engine = create_engine(primary_url)
    with engine.connect() as conn:
        lsn = conn.execute(text("SELECT pg_current_wal_insert_lsn()::text")).scalar_one()
    engine.dispose()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reader = create_engine(replica_url)
        try:
            with reader.connect() as conn:
                if conn.execute(text("SELECT pg_last_wal_replay_lsn() >= CAST(:l AS pg_lsn)"), {"l": lsn}).scalar():
                    return
        except Exception:  # noqa: BLE001 - the database may not exist on the replica yet: try again
            pass
        finally:
            reader.dispose()
        time.sleep(0.05)
    raise TimeoutError(f"the replica did not replay {lsn} within {timeout:.0f} s")


def _run(*args: str) -> str:
    done = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pg_test_cluster.sh {args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


@contextlib.contextmanager
def pg_cluster(replica: bool = True) -> Iterator[Cluster]:
    """A primary (and a streaming replica made with `pg_basebackup -R`) in a temp dir, stopped on exit."""
    root = Path(tempfile.mkdtemp(prefix="pg-cluster-"))
    root.chmod(0o755)  # as root, the clusters belong to the postgres user, who must reach them
    started: list[Path] = []
    try:
        primary_dir = root / "primary"
        primary_url = _run("start", str(primary_dir), str(free_port()))
        started.append(primary_dir)
        replica_url = None
        if replica:
            replica_dir = root / "replica"
            replica_url = _run("replica", str(primary_dir), str(replica_dir), str(free_port()))
            started.append(replica_dir)
        yield Cluster(primary_url, replica_url)
    finally:
        for directory in reversed(started):
            subprocess.run([str(SCRIPT), "stop", str(directory)], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def available() -> bool:
    return bool(list(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")))

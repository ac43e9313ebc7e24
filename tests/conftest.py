"""Shared fixtures: every database test runs on SQLite and on a PostgreSQL cluster the run starts itself.

Set TEST_POSTGRES_URL to use an existing server instead. With CI=true a missing PostgreSQL is a
failure, not a skip.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core import settings
from data_access import loaders
from data_access.database import Database
from data_access.official_statistics import load_statistics

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: CI must never pass by skipping the real parts."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_dir(prefix: str) -> str:
    """A temporary directory in memory (/dev/shm) where there is one: the test databases are thrown away, so their
    writes need not reach a disk."""
    shm = Path("/dev/shm")
    return tempfile.mkdtemp(prefix=prefix, dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None)


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once() -> Iterator[None]:
    """Each new AppTest has Streamlit scan every installed distribution's metadata for v2 components (0.87 s of a
    page's 1.3-s run in tests/dashboard/test_pages.py, 137 distributions parsed four times each). The installed
    packages do not change during a run, so each test process scans once: the same answer, once."""
    from streamlit.components.v2 import manifest_scanner

    patch = pytest.MonkeyPatch()
    patch.setattr(
        manifest_scanner, "scan_component_manifests", functools.cache(manifest_scanner.scan_component_manifests)
    )
    yield
    patch.undo()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server: TEST_POSTGRES_URL, or a throwaway cluster started for this run."""
    if os.environ.get("TEST_POSTGRES_URL"):
        yield os.environ["TEST_POSTGRES_URL"]
        return
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        unavailable("PostgreSQL server binaries not found (apt-get install postgresql, or `make test` as root)")
    cluster = scratch_dir("dashboard-pg-")
    script = ROOT / "scripts" / "pg_test_cluster.sh"
    started = subprocess.run([script, "start", cluster, str(free_port())], capture_output=True, text=True)
    if started.returncode != 0:
        unavailable(f"could not start PostgreSQL: {started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([script, "stop", cluster], check=False)
        shutil.rmtree(cluster, ignore_errors=True)


def _admin(server: str, statement: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(statement))
    admin.dispose()


def _fresh_database_url(
    backend: str, tmp_dir: Path, request: pytest.FixtureRequest, template: str | None = None
) -> str:
    """A new database, empty or a copy of `template` (a URL from this function): a SQLite file, or a new database
    on the PostgreSQL test server, dropped when the requesting test ends (a session's live as long as the server)."""
    if backend == "sqlite":
        path = tmp_dir / f"{uuid.uuid4().hex}.sqlite3"
        if template:
            shutil.copyfile(make_url(template).database or "", path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("postgres_server")
    name = f"test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{make_url(template).database}" STRATEGY FILE_COPY' if template else ""
    _admin(server, f'CREATE DATABASE "{name}"{copy}')
    if request.scope == "function":
        request.addfinalizer(lambda: _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return make_url(server).set(database=name).render_as_string(hide_password=False)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, tmp_path, request) -> str:
    """URL of a new, empty database on the current backend."""
    return _fresh_database_url(backend, tmp_path, request)


@pytest.fixture
def empty_db(database_url) -> Iterator[Database]:
    db = Database(database_url)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def database_templates(request, tmp_path_factory) -> Callable[[str, str, Callable[[Database], None]], str]:
    """`template(backend, name, build)`: the URL of a database `build` filled once per backend and test process.

    Migrating and loading take 1–3 s a test; a copy of the result takes milliseconds (a file copy on SQLite,
    CREATE DATABASE … TEMPLATE on PostgreSQL), so tests that write start from copies."""
    built: dict[tuple[str, str], str] = {}

    def template(backend: str, name: str, build: Callable[[Database], None]) -> str:
        if (backend, name) not in built:
            url = _fresh_database_url(backend, tmp_path_factory.mktemp(f"template-{name}"), request)
            db = Database(url)
            build(db)
            db.dispose()  # PostgreSQL copies a template only while nobody is connected to it
            built[backend, name] = url
        return built[backend, name]

    return template


@pytest.fixture
def database_copy(backend, tmp_path, request, database_templates) -> Iterator[Callable[..., Database]]:
    """`database_copy(name, build)`: a private copy of the template `name` on the current backend."""
    opened: list[Database] = []

    def copy(name: str, build: Callable[[Database], None]) -> Database:
        template = database_templates(backend, name, build)
        opened.append(Database(_fresh_database_url(backend, tmp_path, request, template)))
        return opened[-1]

    yield copy
    for db in opened:
        db.dispose()


def migrate_with_master(db: Database) -> None:
    db.migrate()
    loaders.load_master(db)


@pytest.fixture
def schema_db(database_copy) -> Database:
    """Schema at head, no rows."""
    return database_copy("schema", Database.migrate)


@pytest.fixture
def migrated_db(database_copy) -> Database:
    """Schema at head with the municipality master, no facts."""
    return database_copy("migrated", migrate_with_master)


@pytest.fixture
def statistics_db(database_copy, population_dir) -> Database:
    """What `init` leaves: the master and the official statistics."""

    def with_statistics(db: Database) -> None:
        migrate_with_master(db)
        load_statistics(db, population_dir)

    return database_copy("statistics", with_statistics)


@pytest.fixture(scope="session")
def population_dir() -> Path:
    """The official statistics directory (DASHBOARD_POPULATION_DIR); required in CI."""
    directory = settings.population_dir()
    if directory is None or not directory.is_dir():
        unavailable("official statistics not found (DASHBOARD_POPULATION_DIR)")
    return directory


def build_demo(db: Database, population: Path) -> None:
    """What `ensure-demo` builds: schema, master, national reference counts, official statistics, demo data."""
    db.migrate()
    loaders.load_master(db)
    loaders.load_reference(db)
    load_statistics(db, population)
    loaders.load_demo(db)


@pytest.fixture(scope="session")
def demo_sqlite_file(tmp_path_factory, population_dir) -> Path:
    """The demo database as a SQLite file, built once per test process; tests that write get a copy."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    db = Database(f"sqlite:///{path}")
    build_demo(db, population_dir)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def demo_sqlite(demo_sqlite_file, tmp_path_factory) -> Iterator[Database]:
    """The demo database on SQLite, shared by read-only tests (a copy: the file above is the template of others)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(demo_sqlite_file, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def demo_postgresql(request, tmp_path_factory, population_dir) -> Iterator[Database]:
    """The demo database on PostgreSQL, shared by read-only tests."""
    db = Database(_fresh_database_url("postgresql", tmp_path_factory.mktemp("demo"), request))
    build_demo(db, population_dir)
    yield db
    db.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def demo_db(request) -> Database:
    """The demo database on each backend, shared by read-only tests (do not write to it)."""
    return request.getfixturevalue(f"demo_{request.param}")


@pytest.fixture
def demo_copy_url(demo_sqlite_file, tmp_path) -> str:
    """URL of a private copy of the demo database (SQLite), for a test that writes."""
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_sqlite_file, copy)
    return f"sqlite:///{copy}"


SEED_004 = "004_2b585c156c0342d7.txt"


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The source documents directory (DASHBOARD_SEEDS_DIR); required in CI."""
    directory = settings.seeds_dir()
    if directory is None or not directory.is_dir():
        unavailable("seed documents not found (DASHBOARD_SEEDS_DIR)")
    return directory


@pytest.fixture(scope="session")
def seed_path(seeds) -> Path:
    """The model-project report compilation (seed 004)."""
    path = seeds / SEED_004
    if not path.is_file():
        unavailable(f"seed {SEED_004} not available")
    return path

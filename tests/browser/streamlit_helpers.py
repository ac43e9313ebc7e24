"""What the browser tests add to ops.server: the local test accounts every served app knows, and a pytest failure
(not an exception) when the app does not come up."""

from __future__ import annotations

import atexit
import contextlib
import functools
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from ops import server

# Local accounts of every served app (password: tests.dashboard.auth_helpers.PASSWORD): username -> role, name
TEST_ACCOUNTS = {
    "editor1": ("editor", "編集 太郎"),
    "admin1": ("admin", "管理 花子"),
    "viewer1": ("viewer", "閲覧 次郎"),
}


def account_secrets() -> dict[str, object]:
    """Secrets with the TEST_ACCOUNTS, hashed with the fast argon2 cost of the AppTest helpers."""
    from tests.dashboard.auth_helpers import account_entry  # imports the app: only when a server needs it

    return {"accounts": {name: account_entry(role, display) for name, (role, display) in TEST_ACCOUNTS.items()}}


@functools.cache
def demo_template() -> Path:
    """The demo database, built once per test process in a directory removed at exit."""
    directory = Path(tempfile.mkdtemp(prefix="demo-template-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return server.demo_template(directory)


@contextlib.contextmanager
def served_app(
    prepare: Callable[[str, Path], None] | None = None,
    *,
    demo: bool = True,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    secrets: Mapping[str, object] | None = None,
) -> Iterator[str]:
    """ops.server.served_app with the TEST_ACCOUNTS as default secrets and the demo database built once per test
    run; a server that does not come up fails the test with its log instead of raising."""
    started = False
    try:
        with server.served_app(
            prepare,
            demo=demo,
            database_url=database_url,
            extra_env=extra_env,
            secrets=account_secrets() if secrets is None else secrets,
            template=demo_template(),
        ) as url:
            started = True
            yield url
    except (RuntimeError, TimeoutError) as exc:
        if started:
            raise
        pytest.fail(str(exc), pytrace=False)

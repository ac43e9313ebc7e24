"""Start the dashboard as a server process on a free local port: the browser tests, the benchmark, the load test
and the replicas behind the load balancer all launch it this way."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from core.settings import PROJECT_ROOT

ENTRY_POINT = "app/streamlit_app.py"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(database_url: str, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    env = os.environ.copy() | (extra_env or {})
    env["DATABASE_URL"] = database_url
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def ensure_demo(database_url: str, log_file: Path) -> None:
    with open(log_file, "ab") as log:
        result = subprocess.run(
            [sys.executable, "-m", "data_access", "ensure-demo"],
            cwd=PROJECT_ROOT,
            env=app_env(database_url),
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=120,
        )
    if result.returncode != 0:
        raise RuntimeError(f"ensure-demo failed (exit {result.returncode}):\n{tail(log_file)}")


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def secrets_toml(secrets: Mapping[str, object], table: str = "") -> str:
    """TOML of nested tables whose values are strings, numbers, booleans or lists of them (the standard library
    only reads TOML; a JSON string or array is also a valid TOML one)."""
    lines: list[str] = []
    tables: list[str] = []
    for key, value in secrets.items():
        if isinstance(value, Mapping):
            name = f"{table}.{_toml_key(key)}" if table else _toml_key(key)
            tables.append(f"\n[{name}]\n{secrets_toml(value, name)}")
        else:
            lines.append(f"{_toml_key(key)} = {json.dumps(value, ensure_ascii=False)}\n")
    return "".join(lines + tables)


class StreamlitServer:
    """`streamlit run app/streamlit_app.py` (or `script`) in its own process group, logging to a file. With
    `secrets_file`, that
    file is the app's only secrets file (the developer's .streamlit/secrets.toml is not read)."""

    def __init__(
        self,
        database_url: str,
        log_file: Path,
        script: str = ENTRY_POINT,
        extra_env: dict[str, str] | None = None,
        secrets_file: Path | None = None,
        base_path: str = "",
        options: Mapping[str, str] | None = None,
    ):
        """`base_path`: served under that sub-path (server.baseUrlPath), e.g. "dashboard"; `options`: further
        `--name value` options of `streamlit run` (e.g. server.cookieSecret shared by replicas)."""
        self.port = free_port()
        self.base_path = base_path.strip("/")
        self.url = f"http://127.0.0.1:{self.port}" + (f"/{self.base_path}" if self.base_path else "")
        self.log_file = log_file
        self._log = open(log_file, "ab")  # noqa: SIM115 - the server writes to it until stop() closes it
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *(["--secrets.files", str(secrets_file)] if secrets_file else []),
                *(["--server.baseUrlPath", self.base_path] if self.base_path else []),
                *[part for name, value in (options or {}).items() for part in (f"--{name}", value)],
            ],
            cwd=PROJECT_ROOT,
            env=app_env(database_url, extra_env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{tail(self.log_file)}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise TimeoutError(f"streamlit not healthy after {timeout:.0f} s at {self.url}:\n{tail(self.log_file)}")

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._log.close()


def demo_template(directory: Path) -> Path:
    """Build the demo database once as a SQLite file in `directory` (what `ensure-demo` builds), to be copied by
    every server that needs a fresh one."""
    path = directory / "demo-template.sqlite3"
    ensure_demo(f"sqlite:///{path}", directory / "demo-template.log")
    return path


@contextlib.contextmanager
def served_app(
    prepare: Callable[[str, Path], None] | None = None,
    *,
    demo: bool = True,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    secrets: Mapping[str, object] | None = None,
    template: Path | None = None,
) -> Iterator[str]:
    """Base URL of the app served from a fresh demo database in a temp dir (optionally changed by
    `prepare(database_url, tmp_dir)` before the server starts); the server stops on exit.

    `template`: a demo SQLite file built once (`demo_template`) and copied, instead of building the demo again.
    Its secrets file (in the temp dir) holds `secrets` (accounts), none by default. Raises RuntimeError or
    TimeoutError with the end of the server's log when the app does not come up."""
    with tempfile.TemporaryDirectory(prefix="served-app-") as tmp:
        tmp_path = Path(tmp)
        log_file = tmp_path / "streamlit.log"
        url = database_url or f"sqlite:///{tmp_path / 'app.db'}"
        if demo and template is not None and database_url is None:
            shutil.copyfile(template, tmp_path / "app.db")
        elif demo:
            ensure_demo(url, log_file)
        if prepare:
            prepare(url, tmp_path)
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(secrets_toml(secrets or {}), encoding="utf-8")
        server = StreamlitServer(url, log_file, extra_env=extra_env, secrets_file=secrets_file)
        try:
            server.wait_healthy(timeout=60)
            yield server.url
        finally:
            server.stop()

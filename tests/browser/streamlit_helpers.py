"""Helpers for driving the Streamlit app in Playwright: start a server, open a page and wait for it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "build" / "screenshots"
MAX_SHOT_HEIGHT = 8000

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Streamlit sets data-test-script-state on stApp: initial -> running -> notRunning.
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SCRIPT_RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
EXCEPTION = '[data-testid="stException"]'
TABLE = '[data-testid="stHtml"] table.dt'  # a data table (dashboard.tables)
CHART = '[data-testid="stMarkdownContainer"] figure.dash-chart svg[role="img"]'  # a chart (dashboard.charts)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Console errors Streamlit itself produces on every load and that say nothing about the app:
# the frontend probes "<page path>/_stcore/health" and "/host-config" to find the base path (404s).
# Other 404s are still caught by URL: the `page` fixture records them in PageLog.http_errors.
BENIGN_CONSOLE = ("Failed to load resource: the server responded with a status of 404",)

# Local accounts of every served app (password: tests.dashboard.auth_helpers.PASSWORD): username -> role, name
TEST_ACCOUNTS = {
    "editor1": ("editor", "編集 太郎"),
    "admin1": ("admin", "管理 花子"),
    "viewer1": ("viewer", "閲覧 次郎"),
}
MAIN = '[data-testid="stMain"]'
LOGIN_FORM = f'{MAIN} [data-testid="stForm"]:has(input[type="password"])'
FILE_UPLOADER = '[data-testid="stFileUploader"]'


@dataclass
class PageLog:
    """What a browser page did that a test may want to assert on."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_urls: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)

    def unexpected_console_errors(self, allowed: tuple[str, ...] = ()) -> list[str]:
        return [m for m in self.console_errors if not any(a in m for a in BENIGN_CONSOLE + allowed)]


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return parsed.hostname in LOCAL_HOSTS or f"[{parsed.hostname}]" in LOCAL_HOSTS


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(database_url: str, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    env = os.environ.copy() | (extra_env or {})
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["DATABASE_URL"] = database_url
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def ensure_demo(database_url: str, log_file: Path) -> None:
    with open(log_file, "ab") as log:
        result = subprocess.run(
            [sys.executable, "-m", "data_access", "ensure-demo"],
            cwd=REPO_ROOT, env=app_env(database_url), stdout=log, stderr=subprocess.STDOUT, timeout=120,
        )
    if result.returncode != 0:
        raise RuntimeError(f"ensure-demo failed (exit {result.returncode}):\n{tail(log_file)}")


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def account_secrets() -> dict[str, object]:
    """Secrets with the TEST_ACCOUNTS, hashed with the fast argon2 cost of the AppTest helpers."""
    from tests.dashboard.auth_helpers import account_entry  # imports the app: only when a server needs it

    return {"accounts": {name: account_entry(role, display) for name, (role, display) in TEST_ACCOUNTS.items()}}


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
    """`streamlit run dashboard/app.py` in its own process group, logging to a file. With `secrets_file`, that
    file is the app's only secrets file (the developer's .streamlit/secrets.toml is not read)."""

    def __init__(self, database_url: str, log_file: Path, script: str = "dashboard/app.py",
                 extra_env: dict[str, str] | None = None, secrets_file: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = log_file
        self._log = open(log_file, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script,
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
             *(["--secrets.files", str(secrets_file)] if secrets_file else [])],
            cwd=REPO_ROOT, env=app_env(database_url, extra_env), stdout=self._log, stderr=subprocess.STDOUT,
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


@contextlib.contextmanager
def served_app(prepare: Callable[[str, Path], None] | None = None, *, demo: bool = True,
               database_url: str | None = None, extra_env: dict[str, str] | None = None,
               secrets: Mapping[str, object] | None = None) -> Iterator[str]:
    """Base URL of the app served from a fresh demo database in a temp dir (optionally changed by
    `prepare(database_url, tmp_dir)` before the server starts); the server stops on exit.

    Its secrets file (in the temp dir) holds `secrets`, by default the TEST_ACCOUNTS."""
    import pytest

    with tempfile.TemporaryDirectory(prefix="browser-app-") as tmp:
        tmp_path = Path(tmp)
        log_file = tmp_path / "streamlit.log"
        url = database_url or f"sqlite:///{tmp_path / 'app.db'}"
        if demo:
            ensure_demo(url, log_file)
        if prepare:
            prepare(url, tmp_path)
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(secrets_toml(account_secrets() if secrets is None else secrets), encoding="utf-8")
        server = StreamlitServer(url, log_file, extra_env=extra_env, secrets_file=secrets_file)
        try:
            try:
                server.wait_healthy(timeout=60)
            except (RuntimeError, TimeoutError) as exc:
                pytest.fail(str(exc), pytrace=False)
            yield server.url
        finally:
            server.stop()


def app_url(base_url: str, path: str, **params: object) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")


def wait_for_script(page, timeout: float = 30_000, settle_ms: int = 400) -> None:
    """Wait until the Streamlit script run has finished, then again after a short settle (reruns)."""
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=timeout)
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=timeout)


def open_app(page, base_url: str, path: str, **params: object) -> None:
    page.goto(app_url(base_url, path, **params), wait_until="domcontentloaded")
    wait_for_script(page)


def exception_text(page) -> str:
    boxes = page.locator(EXCEPTION)
    return "\n---\n".join(boxes.all_inner_texts()) if boxes.count() else ""


def assert_no_exception(page) -> None:
    text = exception_text(page)
    assert not text, f"Streamlit exception on {page.url}:\n{text}"


def expect_visible(page, selector: str, timeout: float = 15_000):
    """First visible match of `selector`; on timeout, fail with any exception box the app drew instead."""
    locator = page.locator(selector).filter(visible=True).first
    try:
        locator.wait_for(state="visible", timeout=timeout)
    except Exception as exc:  # playwright TimeoutError
        raise AssertionError(f"{selector} not visible on {page.url}\n{exception_text(page)}") from exc
    return locator


def submit_login(page, username: str, password: str) -> None:
    """Fill the login form that a gated screen shows in place of itself, submit it and wait for the run."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    form = expect_visible(page, LOGIN_FORM)
    form.locator('input[autocomplete="username"]').fill(username)
    form.locator('input[type="password"]').fill(password)
    form.locator('[data-testid="stFormSubmitButton"] button').click()
    with contextlib.suppress(PlaywrightTimeout):  # a fast run may be over before we look
        page.wait_for_selector(SCRIPT_RUNNING, state="attached", timeout=3_000)
    wait_for_script(page)


def log_in(page, username: str, password: str) -> None:
    """Log in on the gated screen the page shows and wait for that screen (its login form gone).

    The login lives in the Streamlit session: a page.goto starts a new one. Move between screens with
    `open_in_sidebar`, or log in again after a goto."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    submit_login(page, username, password)
    try:
        page.locator(LOGIN_FORM).wait_for(state="detached", timeout=15_000)
    except PlaywrightTimeout as exc:
        raise AssertionError(f"login as {username} failed on {page.url}:\n"
                             f"{page.locator(MAIN).inner_text()}\n{exception_text(page)}") from exc
    wait_for_script(page)


def open_in_sidebar(page, path: str) -> None:
    """Go to another screen with the sidebar's navigation link, staying in the same session (and login)."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path.lstrip("/")}"]').first
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if not link.is_visible() and more.is_visible():  # "View N more": the nav shows the first screens only
        more.click()
    link.click()
    page.wait_for_url(lambda url: urlparse(url).path.rstrip("/") == f"/{path.lstrip('/')}".rstrip("/"))
    wait_for_script(page)


def screenshot(page, name: str) -> Path:
    """Whole page as a PNG under build/screenshots/.

    Streamlit scrolls inside <main data-testid="stMain">, so `full_page` alone only captures the viewport:
    grow the viewport to the main area's scroll height for the shot, then put it back.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOT_DIR / f"{name}.png"
    viewport = page.viewport_size
    height = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight,"
        " ...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebarContent]')]"
        ".map(e => e.scrollHeight))"
    )
    if viewport and height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 20, MAX_SHOT_HEIGHT)})
        page.wait_for_timeout(500)  # let the data grids and charts lay out again
    try:
        page.screenshot(path=str(target), full_page=True)
    finally:
        if viewport:
            page.set_viewport_size(viewport)
    return target

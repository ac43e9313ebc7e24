"""Fixtures for the browser tests: one demo app server per session, headless Chromium, guarded pages.

Every test in this directory is marked `browser`. Without Chromium the tests are skipped, except in CI
(CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ops.browser import CHROMIUM, CHROMIUM_ARGS, OFFLINE, PageLog, is_local, watch_script_runs
from tests.browser.streamlit_helpers import served_app

BROWSER_DIR = Path(__file__).resolve().parent
VIEWPORT = {"width": 1400, "height": 1000}
STREAMLIT_PROBES = ("/_stcore/health", "/_stcore/host-config")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests need Chromium in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app_server():
    """Base URL of the dashboard, served from a fresh demo SQLite database in a temp dir."""
    with served_app() as url:
        yield url


@pytest.fixture(scope="session")
def public_server():
    """Base URL of the public edition (DASHBOARD_MODE=public) on its own demo database."""
    with served_app(extra_env={"DASHBOARD_MODE": "public"}) as url:
        yield url


@pytest.fixture(scope="session")
def playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        _unavailable(f"Playwright for Python is not installed ({exc})")
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (Debian package 'chromium'; see make system-deps)")
    with sync_playwright() as playwright:
        yield playwright


def _http_error(response) -> bool:
    """5xx, or a 404 other than Streamlit's base-path probes (<page>/_stcore/health, /host-config)."""
    if response.status == 404:
        return not urlparse(response.url).path.endswith(STREAMLIT_PROBES)
    return response.status >= 500


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture(scope="session")
def browser_contexts(playwright, tmp_path_factory):
    """One browser per kind of device, shared by the tests, each with a profile on disk (not an incognito context):
    its HTTP cache keeps Streamlit's scripts between pages and its code cache their compiled form (about 0.2 s of
    CPU a page). Each test still gets a page, and so a Streamlit session, of its own."""
    from playwright.sync_api import Error as PlaywrightError

    contexts: dict[str, object] = {}

    def context(device: str, **options):
        if device not in contexts:
            try:
                contexts[device] = playwright.chromium.launch_persistent_context(
                    tmp_path_factory.mktemp(f"chromium-{device}"),
                    executable_path=CHROMIUM,
                    headless=True,
                    args=[*CHROMIUM_ARGS, OFFLINE],
                    locale="ja-JP",
                    timezone_id="Asia/Tokyo",
                    **options,
                )
            except PlaywrightError as exc:
                _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
            watch_script_runs(contexts[device])
        return contexts[device]

    yield context
    for each in contexts.values():
        each.close()


@pytest.fixture
def page(browser_contexts, page_log):
    """A fresh page (1400x1000) that may only talk to the local server (the browser knows no other host)."""
    yield from _guarded_page(browser_contexts("desktop", viewport=VIEWPORT), page_log)


@pytest.fixture
def phone(playwright, browser_contexts, page_log):
    """A fresh page as a phone shows it (390x844, touch, a phone's user agent: Streamlit reads it, e.g. to fold the
    sidebar after a link), guarded like `page`."""
    context = browser_contexts(
        "phone",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        user_agent=playwright.devices[PHONE_MODEL]["user_agent"],
    )
    yield from _guarded_page(context, page_log)


PHONE = {"width": 390, "height": 844}
PHONE_MODEL = "Pixel 7"  # whose user agent the phone sends (Playwright's device list)


def _guarded_page(context, page_log):
    """A new page of `context`, its cookies cleared; every request for another host is logged (and fails: the
    browser resolves no name but 127.0.0.1, see OFFLINE)."""
    context.clear_cookies()
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("request", lambda r: is_local(r.url) or page_log.blocked_urls.append(r.url))
    page.on("console", lambda msg: msg.type == "error" and page_log.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page_log.page_errors.append(str(exc)))
    page.on("response", lambda r: _http_error(r) and page_log.http_errors.append(f"{r.status} {r.url}"))
    yield page
    page.close()

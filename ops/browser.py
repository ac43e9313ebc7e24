"""Driving the served dashboard in headless Chromium (Playwright): the browser settings of this closed network,
the selectors that say a screen is ready, waits, navigation and whole-page screenshots. Used by the browser tests
and the benchmark."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

from core.settings import PROJECT_ROOT

SCREENSHOTS_ENV = "DASHBOARD_SCREENSHOTS"  # set (to 1) to keep the browser tests' whole-page shots
SCREENSHOT_DIR = PROJECT_ROOT / "build" / "screenshots"
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
# The network closed as on a government network, by name resolution: every host but 127.0.0.1 is unknown. Not by
# request interception, which turns the browser's HTTP cache off (every page would load Streamlit's scripts again).
# Notes the end of every script run in the page (window.__scriptRunsFinished), read off Streamlit's websocket
SCRIPT_RUNS = (Path(__file__).with_name("script_runs.js")).read_text(encoding="utf-8")
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
# How often a wait re-evaluates its condition in the page. Playwright's default, at every animation frame, keeps the
# page drawing frames for as long as a wait lasts: about a tenth of the browser tests' CPU (tests/browser/test_smoke.py
# on one worker, back to back: 163-185 s with the default, 151-162 s polling). A condition checked every 50 ms ends a
# wait at most 50 ms late, and may see the page before its next frame: wait_for_script ends with two frames.
POLL_MS = 50
AFTER_TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Streamlit sets data-test-script-state on stApp: initial -> running -> notRunning.
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
COMPONENT = 'iframe[data-testid="stCustomComponentV1"]'  # st_folium's map
# st_folium reports its state 250 ms (debounced) after its map has drawn, when what it returns has changed, and that
# report runs the script again. Settled: the map is drawn and not zooming (Leaflet drops a tap during its zoom
# animation), and the run after a report later than `since` (the end of the run that sent the map) has finished, or
# the map has been drawn for 700 ms without one (a map that returns nothing).
COMPONENT_SETTLED = f"""(since) => {{
  const map = document.querySelector('{COMPONENT}')?.contentDocument?.querySelector('.leaflet-container');
  if (!map || map.classList.contains('leaflet-zoom-anim')) return false;
  const reports = window.__componentReports, runs = window.__scriptRunsFinished;
  if (reports.length && reports.at(-1) > since) return runs.at(-1) > reports.at(-1);
  window.__mapDrawnAt ??= performance.now();
  return performance.now() - window.__mapDrawnAt > 700;
}}"""
# Every run the page asked for has been answered: the last run to finish ended after the last request was sent.
RUNS_ANSWERED = """() => {
  const sent = window.__rerunsSent.at(-1);
  return !sent || window.__scriptRunsFinished.at(-1) > sent.at;
}"""
EXCEPTION = '[data-testid="stException"]'
TABLE = '[data-testid="stHtml"] table.dt'  # a data table (dashboard.tables)
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot svg.main-svg'  # a drawn chart (dashboard.charts, plotly)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Console errors Streamlit itself produces on every load and that say nothing about the app:
# the frontend probes "<page path>/_stcore/health" and "/host-config" to find the base path (404s).
# Other 404s are still caught by URL: the `page` fixture records them in PageLog.http_errors.
BENIGN_CONSOLE = ("Failed to load resource: the server responded with a status of 404",)
MAIN = '[data-testid="stMain"]'
EXPAND_SIDEBAR = '[data-testid="stExpandSidebarButton"]'
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


def app_url(base_url: str, path: str, **params: object) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")


def wait_for_script(page, timeout: float = 30_000, first_run: int = 0) -> None:
    """Wait until the page's script run has finished: its end received (SCRIPT_RUNS, which the page's context must
    load: `watch_script_runs`) and the app no longer running. A component (the map, st_folium) reports its state
    once drawn, which runs the script again: after a run that sent one, wait for that run too (COMPONENT_SETTLED).
    `first_run`: how many runs had finished before the action waited for. A run the page asked for in the meantime
    (a second widget change, the upload that follows a file's removal) is waited for too (RUNS_ANSWERED). Then two
    animation frames, so what the page does at the next frame after drawing the run has been done: dashboard/a11y.py
    names the sidebar's sections and puts Streamlit's own words into Japanese then."""
    page.wait_for_function(f"window.__scriptRunsFinished.length > {first_run}", polling=POLL_MS, timeout=timeout)
    page.wait_for_function(RUNS_ANSWERED, polling=POLL_MS, timeout=timeout)
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=timeout)
    if page.evaluate(f"window.__componentRuns.slice({first_run}).some(Boolean)"):
        since = page.evaluate(f"window.__mapDrawnAt = undefined; window.__scriptRunsFinished[{first_run}]")
        page.wait_for_function(COMPONENT_SETTLED, arg=since, polling=POLL_MS, timeout=timeout)
        page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=timeout)
    page.evaluate(AFTER_TWO_FRAMES)


@contextlib.contextmanager
def script_run(page, timeout: float = 30_000) -> Iterator[None]:
    """Wait, after the block, until the script run that its action (a click, a choice, an upload) causes has
    finished, however quick it was."""
    before = page.evaluate("window.__scriptRunsFinished.length")
    yield
    wait_for_script(page, timeout, first_run=before)


def upload_file(page, path: Path, timeout: float = 30_000) -> None:
    """Choose the file at `path` in the screen's file uploader and wait until the run that sees it has finished.
    Replacing a file asks for a run without the old file first; its end says nothing about the new one."""
    before = page.evaluate("[window.__scriptRunsFinished.length, window.__rerunsSent.length]")
    page.locator(f"{FILE_UPLOADER} input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        "([sent, name]) => window.__rerunsSent.slice(sent).some(run => run.files.includes(name))",
        arg=[before[1], path.name],
        polling=POLL_MS,
        timeout=timeout,
    )
    wait_for_script(page, timeout, first_run=before[0])


def wait_for_drawing(page, timeout: float = 15_000) -> None:
    """Wait until every chart of the screen has drawn its SVG and every frame has loaded (a map: its shapes)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
        ".every(chart => chart.querySelector('svg.main-svg'))",
        polling=POLL_MS,
        timeout=timeout,
    )
    for frame in page.frames:
        frame.wait_for_load_state("load", timeout=timeout)
        if frame.locator(".leaflet-container").count():
            frame.wait_for_selector(".leaflet-interactive", state="attached", timeout=timeout)


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


def click_and_wait(page, target) -> None:
    """Click `target` (a locator) and wait until the script run it causes has finished."""
    with script_run(page):
        target.click()


def watch_script_runs(context) -> None:
    """Load SCRIPT_RUNS into every page the browser context opens from now on."""
    context.add_init_script(SCRIPT_RUNS)


def submit_login(page, username: str, password: str) -> None:
    """Fill the login form that a gated screen shows in place of itself, submit it and wait for the run."""
    form = expect_visible(page, LOGIN_FORM)
    form.locator('input[autocomplete="username"]').fill(username)
    form.locator('input[type="password"]').fill(password)
    click_and_wait(page, form.locator('[data-testid="stFormSubmitButton"] button'))


def log_in(page, username: str, password: str) -> None:
    """Log in on the gated screen the page shows and wait for that screen (its login form gone).

    The login lives in the Streamlit session: a page.goto starts a new one. Move between screens with
    `open_in_sidebar`, or log in again after a goto."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    before = page.evaluate("window.__scriptRunsFinished.length")  # runs before the login's (the map's, say)
    submit_login(page, username, password)
    try:
        page.locator(LOGIN_FORM).wait_for(state="detached", timeout=15_000)
    except PlaywrightTimeout as exc:
        raise AssertionError(
            f"login as {username} failed on {page.url}:\n{page.locator(MAIN).inner_text()}\n{exception_text(page)}"
        ) from exc
    wait_for_script(page, first_run=before)


def sidebar_link(page, path: str):
    """The sidebar's navigation link to the screen at URL path `path` (under any server.baseUrlPath)."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path.lstrip("/")}"]').first
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if not link.is_visible() and more.is_visible():  # "View N more": the nav shows the first screens only
        more.click()
    return link


def open_in_sidebar(page, path: str, base_path: str = "") -> None:
    """Go to another screen with the sidebar's navigation link, staying in the same session (and login). A sidebar
    folded away (a phone's) is opened for the link first; Streamlit folds it again after the link on a phone (it
    reads the user agent)."""
    expand = page.locator(EXPAND_SIDEBAR)
    folded = expand.is_visible()
    if folded:
        expand.click()
    with script_run(page):
        sidebar_link(page, path).click()
    wanted = "/".join(part.strip("/") for part in ("", base_path, path) if part.strip("/"))
    page.wait_for_url(lambda url: urlparse(url).path.strip("/") == wanted)
    if folded:
        expand.wait_for(state="visible")


def choose_in_sidebar(page, label: str, option: str) -> None:
    """Pick `option` (its text) in the sidebar's drop-down labelled `label`, as a click would, and wait for the run."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator('button[aria-haspopup="listbox"]').click()  # the combo box's arrow opens its list
    click_and_wait(page, page.get_by_role("option", name=option, exact=True))


def screenshot(page, name: str) -> Path | None:
    """Whole page as a PNG under build/screenshots/ for a person to look at (`make screenshots`), when
    DASHBOARD_SCREENSHOTS is set; otherwise nothing (a shot costs the suite about 0.7 s and CI has nobody to look).

    Streamlit scrolls inside <main data-testid="stMain">, so `full_page` alone only captures the viewport:
    grow the viewport to the main area's scroll height for the shot, then put it back.
    """
    if not os.environ.get(SCREENSHOTS_ENV):
        return None
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

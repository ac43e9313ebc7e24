"""Interaction benchmark at national scale (`make bench`), on SQLite and on PostgreSQL.

Officials open the dashboard once, then click between screens and change filters: Streamlit keeps the page and
reruns the script. For each database this generates the synthetic nationwide dataset (timed), serves the app and
the empty app (app/empty_app.py: the same navigation and sidebar widgets, an empty page per screen) the same way,
each in its own Chromium window, with the network closed as on a government network (OFFLINE), and times in the
page, from the user's action until the screen is ready (the rerun it caused has finished and the screen's table,
chart or map is drawn):

- screen changes: a click in the sidebar navigation, from the screen before in a shuffled order (prefecture 01);
- filter changes: prefecture and fiscal year (on 概要), and each screen's own control (相談・成果's view and the
  funnel's 都道府県 / 全国 scope, the map's layer, 比較's way of choosing); the empty app answers each with the rerun
  of a sidebar filter on the same screen;
- opening the dashboard in a new browser profile.

ROUNDS shuffled rounds after a first, untimed-for-the-targets round (the tab's first visit of each screen: plotly.js
and Leaflet load then, reported on their own lines). Each ratio is paired: the median over the rounds of the app's
time divided by the empty app's time for the same action in the same round (the range in brackets), so that a slow
spell of the shared machine divides out. Each time is split into the script (until the rerun has finished) and the
drawing after it, and the page's main thread's busy time during the action is read from Chromium's counters (of it
JavaScript, and layout with style): the browser's profile of a miss. Also: server-side script time per screen
(AppTest), map payload bytes and CSV import throughput. Writes build/bench/results.json and results.md. Targets are
checked here, not in unit tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from data_access.database import Database
from ops.browser import CHART, CHROMIUM, CHROMIUM_ARGS, OFFLINE, SCRIPT_DONE, TABLE, is_local, watch_script_runs
from ops.server import StreamlitServer, free_port
from ops.streamlit_client import StreamlitSession

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
PREF, OTHER_PREF = "01", "13"  # 北海道 (the largest prefecture map, 179 municipalities) and 東京都
FY, OTHER_FY = 2022, 2021
ROUNDS = 9
OPEN_ROUNDS = 9
EXTERNAL_REQUESTS: set[str] = set()
TITLE = '[data-testid="stMain"] h1'
IMAGE = '[data-testid="stImage"] img'
TARGET = {"table": 2.5, "text": 2.5, "chart": 5.0, "map": 5.0}
FILTER_TARGET = {"table": 2.5, "text": 2.5, "chart": 5.0, "map": 5.0}
OPEN_TARGET = 1.5
# screen -> (URL path, label, what shows it is drawn, kind)
SCREENS = {
    "overview": ("", "概要", TABLE, "table"),
    "map": ("map", "地図", "iframe", "map"),
    "outcomes": ("outcomes", "相談・成果", TABLE, "table"),
    "compare": ("compare", "比較", CHART, "chart"),
    "briefing": ("briefing", "ブリーフィング", IMAGE, "chart"),
    "about": ("about", "このデータについて", TITLE, "text"),
    "profile": ("profile", "プロフィール", CHART, "chart"),
    "councils": ("councils", "協議体", CHART, "chart"),
    "sources": ("sources", "出典", TABLE, "table"),
}
# filter -> (screen it is changed on, label, widget kind, widget label or None, the two options it goes between,
# what shows the new view is drawn, kind). The first option is the view the screen opens with.
FILTERS = {
    "prefecture": ("overview", "都道府県 (01 → 13)", "select", "都道府県", ("北海道", "東京都"), TABLE, "table"),
    "fiscal_year": ("overview", "年度 (2022 → 2021)", "select", "年度",
                    ("令和4年度（2022年度）", "令和3年度（2021年度）"), TABLE, "table"),
    "outcomes_view": ("outcomes", "相談・成果の表示 (一覧表 ↔ ファンネル)", "segment", None,
                      ("一覧表", "ファンネルプロット"), f"{TABLE}, {CHART}", "chart"),
    "map_layer": ("map", "地図の指標 (重層事業 ↔ 終結率)", "radio", None, ("重層事業の実施状況", "終結率"), "iframe",
                  "map"),
    "compare_mode": ("compare", "比較の選び方 (選ぶ ↔ 似た自治体)", "radio", None,
                     ("自治体を選ぶ（2〜6団体）", "人口・世帯数・高齢化率・人口密度が近い自治体"), CHART, "chart"),
}  # fmt: skip
# The sidebar filters are changed there and back in one round (both timed), so that every screen is measured on
# prefecture 01 and fiscal year 2022.
THERE_AND_BACK = {"prefecture": "都道府県 (13 → 01)", "fiscal_year": "年度 (2021 → 2022)"}
# The empty app has only the sidebar's filters: a screen's own control is paired with its fiscal-year rerun there.
EMPTY_FY = ("令和4年度（2022年度）", "令和3年度（2021年度）")
EMPTY_PREF = ("北海道", "東京都")

PROBE = (ROOT / "scripts" / "bench_probe.js").read_text(encoding="utf-8")
# Opening: from the start of navigation until the screen is ready, checked every 5 ms inside the page.
OPEN_PROBE = """(() => {
  const [selector] = %s;
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const check = () => {
    if (window.__benchOpened != null) return;
    if (document.querySelector('%s') && [...document.querySelectorAll(selector)].some(visible))
      window.__benchOpened = performance.now();
    else setTimeout(check, 5);
  };
  check();
})();"""


def _link(path: str) -> str:
    """Script finding the sidebar's link to the screen at `path` ("" = the default screen)."""
    return (
        "[...document.querySelectorAll('[data-testid=\"stSidebarNav\"] a')]"
        f".find((a) => new URL(a.href).pathname.replace(/\\/$/, '') === {json.dumps('/' + path if path else '')})"
    )


def _option(text: str) -> str:
    return f"[...document.querySelectorAll('[role=option]')].find((o) => o.textContent.trim() === {json.dumps(text)})"


def _radio(text: str) -> str:
    return (
        "[...document.querySelectorAll('[data-testid=stMain] [data-testid=stRadio] label')]"
        f".find((l) => l.textContent.trim() === {json.dumps(text)})"
    )


def _segment(text: str) -> str:
    return (
        "[...document.querySelectorAll('[data-testid=stMain] [data-testid=stButtonGroup] button')]"
        f".find((b) => b.textContent.trim() === {json.dumps(text)})"
    )


# Chromium's counters of the page's main thread (CDP Performance.getMetrics, seconds): all its tasks, and of them
# JavaScript, layout and style recalculation; what is left is mostly painting and parsing.
MAIN_THREAD = {
    "busy_ms": "TaskDuration",
    "js_ms": "ScriptDuration",
    "layout_ms": ("LayoutDuration", "RecalcStyleDuration"),
}


def main_thread(cdp) -> dict[str, float]:
    """The page's main-thread counters (MAIN_THREAD), in ms since the page opened."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {
        key: 1000 * sum(metrics[name] for name in ((names,) if isinstance(names, str) else names))
        for key, names in MAIN_THREAD.items()
    }


def act(page, cdp, target: str, selector: str, kind: str) -> dict:
    """Perform one timed action in the page (its window in front) and wait until the screen is ready. Also how long
    the page's main thread was busy meanwhile, and with what (the browser's profile of the action)."""
    page.bring_to_front()
    before = main_thread(cdp)
    page.evaluate("([t, s, k]) => window.__benchAct(t, s, k)", [target, selector, kind])
    page.wait_for_function("window.__benchResult != null", timeout=70_000, polling=50)
    result = page.evaluate("window.__benchResult")
    if "error" in result:
        raise RuntimeError(f"{result['error']} ({target[-60:]})")
    page.wait_for_timeout(150)  # let any follow-up rerun (URL update, component value) settle before the next action
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=60_000)
    after = main_thread(cdp)
    return result | {key: after[key] - before[key] for key in MAIN_THREAD}


def open_dropdown(page, label: str, option: str) -> None:
    """Open the sidebar drop-down `label` and type `option` into it, as a user finds a prefecture among 47 (the list
    is virtual: only the options in view exist). Untimed: the timed part is the click on the option."""
    page.bring_to_front()
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=True).wait_for(state="visible", timeout=10_000)


class Window:
    """One app in its own browser window (context): the app or the empty app, on the current screen."""

    def __init__(self, browser, base_url: str, empty: bool):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
        watch_script_runs(self.context)
        self.context.add_init_script(PROBE)
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.page.on("request", lambda r: None if is_local(r.url) else EXTERNAL_REQUESTS.add(r.url))
        self.empty = empty
        self.screen = "overview"
        self.empty_fy = 0
        self.empty_pref = 0
        self.page.goto(f"{base_url}/?pref={PREF}&fy={FY}", wait_until="commit")
        ready = TITLE if empty else TABLE
        self.page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=120_000)
        self.page.locator(ready).first.wait_for(state="visible", timeout=120_000)

    def go(self, screen: str) -> dict:
        path, _label, selector, kind = SCREENS[screen]
        self.screen = screen
        return act(self.page, self.cdp, _link(path), TITLE if self.empty else selector, "text" if self.empty else kind)

    def change(self, name: str) -> dict:
        screen, _label, widget, label, options, selector, kind = FILTERS[name]
        assert screen == self.screen, f"{name} is changed on {screen}, the window is on {self.screen}"
        if self.empty:  # the same screen's rerun after a sidebar filter
            if name == "prefecture":
                self.empty_pref = 1 - self.empty_pref
                open_dropdown(self.page, "都道府県", EMPTY_PREF[self.empty_pref])
                return act(self.page, self.cdp, _option(EMPTY_PREF[self.empty_pref]), TITLE, "text")
            self.empty_fy = 1 - self.empty_fy
            open_dropdown(self.page, "年度", EMPTY_FY[self.empty_fy])
            return act(self.page, self.cdp, _option(EMPTY_FY[self.empty_fy]), TITLE, "text")
        # the other option than the one shown (a screen's own control is back at its default after a visit elsewhere)
        option = options[1] if self.current(widget, label) == options[0] else options[0]
        if widget == "select":
            assert label is not None, f"{name}: a drop-down is found by its label"
            open_dropdown(self.page, label, option)
            return act(self.page, self.cdp, _option(option), selector, kind)
        target = _radio(option) if widget == "radio" else _segment(option)
        return act(self.page, self.cdp, target, selector, kind)

    def current(self, widget: str, label: str | None) -> str:
        """The option the control shows now: a drop-down's text, a radio's checked label, a segment's active one."""
        if widget == "select":
            box = self.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label)
            return box.first.locator("input").input_value()
        if widget == "radio":
            return self.page.evaluate(
                "() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stRadio] label')]"
                ".filter((l) => l.querySelector('input:checked')).map((l) => l.textContent.trim()).join('|')"
            )
        return self.page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stButtonGroup] button')]"
            ".filter((b) => b.getAttribute('aria-checked') === 'true').map((b) => b.textContent.trim()).join('|')"
        )

    def close(self) -> None:
        self.context.close()


def round_plan(rng: random.Random, current: str) -> list[tuple[str, str]]:
    """One round: every screen once in a shuffled order, starting elsewhere than on `current` (a click on the screen
    already shown reruns nothing), each followed by the filters changed on it, in a shuffled order."""
    screens = list(SCREENS)
    rng.shuffle(screens)
    if screens[0] == current:
        screens.append(screens.pop(0))
    plan: list[tuple[str, str]] = []
    for screen in screens:
        plan.append(("screen", screen))
        changes = [name for name, spec in FILTERS.items() if spec[0] == screen]
        rng.shuffle(changes)
        plan += [("filter", name) for name in changes]
    return plan


def _open_ms(browser, url: str, selector: str) -> float:
    """Open `url` in a new browser profile: ms from the start of navigation until the screen is drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    context.add_init_script(OPEN_PROBE % (json.dumps([selector]), SCRIPT_DONE))
    page = context.new_page()
    page.on("request", lambda r: None if is_local(r.url) else EXTERNAL_REQUESTS.add(r.url))
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.__benchOpened != null", timeout=120_000, polling=100)
    elapsed = page.evaluate("window.__benchOpened")
    context.close()
    return elapsed


def paired_ratio(rounds: list[float], baseline_rounds: list[float]) -> dict:
    """A screen's time over its baseline's, round by round: the median and the range of the per-round ratios.

    The two visits of a round are close in time, so a slow spell of a shared machine divides out, where a ratio of
    two medians taken over the whole run moved by ± 0.3 between runs."""
    if not rounds or len(rounds) != len(baseline_rounds):
        raise ValueError(f"rounds do not pair: {len(rounds)} visits vs {len(baseline_rounds)} of the baseline")
    ratios = [value / base for value, base in zip(rounds, baseline_rounds)]
    return {"median": round(statistics.median(ratios), 2), "low": round(min(ratios), 2), "high": round(max(ratios), 2)}


def summarise(app: list[dict], empty: list[dict], target: float) -> dict:
    """The paired ratio of one action, its medians (total, script, drawing after the script) and the target."""
    ratio = paired_ratio([a["ms"] for a in app], [e["ms"] for e in empty])
    script = statistics.median(a["script_ms"] for a in app)
    total = statistics.median(a["ms"] for a in app)
    return {
        "ms": round(total, 1),
        "script_ms": round(script, 1),
        "draw_ms": round(statistics.median(a["ms"] - a["script_ms"] for a in app), 1),
        **{key: round(statistics.median(a[key] for a in app)) for key in MAIN_THREAD},
        "empty_busy_ms": round(statistics.median(e["busy_ms"] for e in empty)),
        "empty_ms": round(statistics.median(e["ms"] for e in empty), 1),
        "ratio": ratio["median"],
        "ratio_range": [ratio["low"], ratio["high"]],
        "target": target,
        "meets_target": ratio["median"] <= target,
        "rounds": len(app),
    }


def measure_interactions(app_url: str, empty_url: str, rounds: int = ROUNDS) -> dict:
    """The screen and filter changes, paired round by round, and opening in a new profile."""
    from playwright.sync_api import sync_playwright

    rng = random.Random(1)
    timed: dict[tuple[str, str], dict[str, list[dict]]] = {}
    first: dict[str, dict[str, dict]] = {}
    errors: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, OFFLINE])
        app, empty = Window(browser, app_url, False), Window(browser, empty_url, True)
        for number in range(rounds + 1):
            plan = round_plan(rng, app.screen)
            plan = [
                step
                for kind, name in plan
                for step in [(kind, name)] + ([(kind, f"{name}_back")] if name in THERE_AND_BACK else [])
            ]
            for kind, name in plan:
                key = (kind, name)
                action = name.removesuffix("_back")
                if f"{kind}:{name}" in errors:
                    if kind == "screen":  # still move there, so that the screen's filters can run
                        app.screen = empty.screen = name
                    continue
                pair = [(app, "app"), (empty, "empty")]
                rng.shuffle(pair)  # which window goes first alternates at random
                results: dict[str, dict] = {}
                try:
                    for window, who in pair:
                        failing = who
                        results[who] = window.go(action) if kind == "screen" else window.change(action)
                except Exception as exc:  # noqa: BLE001 - one broken action must not hide the others
                    errors[f"{kind}:{name}"] = f"{failing}: " + " ".join(str(exc).split())[:200]
                    print(f"  {kind} {name} failed in the {failing} window: {errors[f'{kind}:{name}']}", flush=True)
                    (window.page.screenshot(path=str(OUT / f"error_{kind}_{name}_{failing}.png")))
                    continue
                if number == 0:  # the tab's first visit: plotly.js, Leaflet and each screen's bundles load
                    first.setdefault(kind, {})[name] = results
                else:
                    timed.setdefault(key, {"app": [], "empty": []})
                    for who in ("app", "empty"):
                        timed[key][who].append(results[who])
        app.close()
        empty.close()
        opened: dict[str, list[float]] = {"app": [], "empty": []}
        for _ in range(OPEN_ROUNDS):
            order = [("app", f"{app_url}/?pref={PREF}&fy={FY}", TABLE), ("empty", f"{empty_url}/?pref={PREF}", TITLE)]
            rng.shuffle(order)
            for who, url, selector in order:
                opened[who].append(_open_ms(browser, url, selector))
        browser.close()
    screens = {
        name: summarise(timed[("screen", name)]["app"], timed[("screen", name)]["empty"], TARGET[SCREENS[name][3]])
        for name in SCREENS
        if ("screen", name) in timed
    }
    filters = {
        key: summarise(timed[("filter", key)]["app"], timed[("filter", key)]["empty"], FILTER_TARGET[spec[6]])
        for name, spec in FILTERS.items()
        for key in (name, f"{name}_back")
        if ("filter", key) in timed
    }
    first_visits = {
        name: {"ms": round(r["app"]["ms"], 1), "empty_ms": round(r["empty"]["ms"], 1),
               "ratio": round(r["app"]["ms"] / r["empty"]["ms"], 2), "script_ms": round(r["app"]["script_ms"], 1)}
        for name, r in first.get("screen", {}).items()
    }  # fmt: skip
    open_ratio = paired_ratio(opened["app"], opened["empty"])
    return {
        "screens": screens,
        "filters": filters,
        "first_visits": first_visits,
        "open": {
            "ms": round(statistics.median(opened["app"]), 1),
            "empty_ms": round(statistics.median(opened["empty"]), 1),
            "ratio": open_ratio["median"],
            "ratio_range": [open_ratio["low"], open_ratio["high"]],
            "target": OPEN_TARGET,
            "meets_target": open_ratio["median"] <= OPEN_TARGET,
        },
        "errors": errors,
        "external_requests": sorted(EXTERNAL_REQUESTS),
    }


def measure_browser(url: str, log: Path, rounds: int = ROUNDS) -> dict:
    app = StreamlitServer(url, log)
    empty = StreamlitServer(url, log, script=str(ROOT / "app" / "empty_app.py"))
    try:
        for server in (app, empty):
            server.wait_healthy(90)
        return {**measure_interactions(app.url, empty.url, rounds), "reruns": measure_reruns(app.url, empty.url)}
    finally:
        for server in (app, empty):
            server.stop()


def measure_reruns(app_url: str, empty_url: str, repeats: int = 7) -> dict:
    """Each screen's rerun through Streamlit's websocket with no browser (ops.streamlit_client), app and empty app,
    median of `repeats` after a first run: the server's share of a screen change (script, messages, transfer). Where
    a screen misses its target in the browser while this stays small, the difference is the page drawing."""
    sessions = {kind: StreamlitSession(base) for kind, base in (("app", app_url), ("empty", empty_url))}
    out = {}
    try:
        for session in sessions.values():
            session.open()
        query = f"pref={PREF}&fy={FY}"
        for name, (path, *_rest) in SCREENS.items():
            times: dict[str, list[float]] = {"app": [], "empty": []}
            for _ in range(repeats + 1):
                for kind, session in sessions.items():
                    started = time.perf_counter()
                    session.run(path, query)
                    times[kind].append((time.perf_counter() - started) * 1000)
            app_ms, empty_ms = (statistics.median(times[kind][1:]) for kind in ("app", "empty"))
            out[name] = {"ms": round(app_ms, 1), "empty_ms": round(empty_ms, 1)}
    finally:
        for session in sessions.values():
            session.close()
    return out


SERVER_SCREENS = {
    "overview": ("", {}),
    "map": ("map", {}),
    "outcomes": ("outcomes", {}),
    "outcomes_funnel_national": ("outcomes", {"outcomes_view": "funnel", "outcomes_scope": "national"}),
    "compare": ("compare", {}),
    "briefing": ("briefing", {}),
    "about": ("about", {}),
    "profile": ("profile", {}),
    "councils": ("councils", {}),
    "sources": ("sources", {}),
}


def measure_server_side(url: str, screens: dict) -> dict:
    """Script time per screen measured inside the script (AppTest runs it without a browser; its own overhead is
    left out): median of 3 runs after a warm-up run, and a profile of one more run (cProfile): the project's
    functions that took the most of it, the profile behind a slow screen."""
    import builtins
    import pstats

    os.environ["DATABASE_URL"] = url
    from streamlit.testing.v1 import AppTest

    modules = {"": "overview", "map": "rollout_map", "data-import": "data_import"}
    out, profiles = {}, {}
    for name, (path, params) in screens.items():
        timings = []
        for run_number in range(5):
            app = AppTest.from_function(
                _page_script, args=(modules.get(path, path), run_number == 4), default_timeout=120
            )
            app.query_params.update({"pref": PREF, "fy": str(FY), **params})
            app.run()
            if app.exception:
                out[name] = f"error: {app.exception[0].value[:80]}"
                break
            elapsed, profiler = builtins.__dict__.pop("_bench_script", (None, None))
            if profiler is None:
                timings.append(elapsed * 1000)
            else:
                profiles[name] = top_functions(pstats.Stats(profiler), elapsed)
        else:
            out[name] = round(statistics.median(timings[1:]), 1)
    return {"ms": out, "profile": profiles}


def top_functions(stats, total_s: float, count: int = 6) -> list[tuple[str, float]]:
    """The project's functions by cumulative time (ms), leaving out the wrappers that hold nearly all of it."""
    rows = []
    for (filename, _line, function), (_calls, _ncalls, _tottime, cumtime, _callers) in stats.stats.items():
        path = Path(filename)
        if ROOT not in path.parents or ".venv" in path.parts or function in ("_page_script", "<module>"):
            continue
        if cumtime >= 0.9 * total_s:
            continue
        rows.append((f"{path.relative_to(ROOT).with_suffix('')}.{function}".replace("/", "."), round(cumtime * 1000)))
    return sorted(rows, key=lambda row: -row[1])[:count]


def _page_script(module: str, profile: bool) -> None:
    import builtins
    import cProfile
    import importlib
    import time

    from dashboard import widgets

    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        widgets.sidebar_filters()
        importlib.import_module(f"pages.{module}").render()
    finally:
        if profiler:
            profiler.disable()
        builtins.__dict__["_bench_script"] = (time.perf_counter() - started, profiler)  # read back by the caller


def map_payloads() -> dict:
    from core import settings
    from geo import boundaries

    geo_dir = settings.geo_dir()
    national = boundaries.load_municipalities(geo_dir)
    sizes = {"national": boundaries.payload_size(national.gdf)}
    for pref in ("01", "09", "13", "47"):
        sizes[f"prefecture_{pref}"] = boundaries.payload_size(boundaries.load_municipalities(geo_dir, pref).gdf)
    sizes["detailed_boundaries"] = national.detailed
    return sizes


def consultation_csv(rows: int) -> bytes:
    """A consultations file in the template's layout: 10 municipalities × daily period ends."""
    import csv
    import io

    codes = ["092011", "092029", "092037", "092045", "092053", "092061", "092088", "092096", "092100", "092118"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "団体コード",
            "年度",
            "集計時点",
            "区分",
            "実数/延べ",
            "単位",
            "新規",
            "継続",
            "終結",
            "つないだ件数",
            "対応中",
        ]
    )
    per_code = rows // len(codes)
    for code in codes:
        for i in range(per_code):
            fiscal_year, day = 1990 + i // 250, i % 250
            end = dt.date(fiscal_year, 4, 1) + dt.timedelta(days=day)
            writer.writerow([code, f"{fiscal_year}年度", end.isoformat(), "全体", "実数", "件", 100, 20, 90, 5, 30])
    return out.getvalue().encode("utf-8-sig")


def import_throughput(url: str, rows: int = 100_000) -> float:
    """Rows per second to validate and write a 100,000-row consultations CSV into an empty database."""
    from data_access import loaders
    from data_access.imports.pipeline import import_file

    db = Database(url)
    db.migrate()
    loaders.load_master(db)
    data = consultation_csv(rows)
    started = time.perf_counter()
    outcome = import_file(db, data, "bench_consultations.csv", user="bench", today=dt.date(2031, 1, 1))
    elapsed = time.perf_counter() - started
    db.dispose()
    if outcome.problems or outcome.inserted != rows:
        raise RuntimeError(f"import failed: {outcome.problems[:3]}")
    return round(rows / elapsed)


def _empty_database(backend: str, tmp: str, server_url: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{Path(tmp) / 'import.sqlite3'}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('CREATE DATABASE "bench_import"'))
    admin.dispose()
    return make_url(server_url).set(database="bench_import").render_as_string(hide_password=False)


def run(backends: list[str], rounds: int = ROUNDS) -> list[dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    all_results = []
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            cluster = None
            if backend == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'national.sqlite3'}"
            else:
                cluster = tempfile.mkdtemp(prefix="bench-pg-")
                url = subprocess.run(
                    [str(ROOT / "scripts" / "pg_test_cluster.sh"), "start", cluster, str(free_port())],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.strip()
            try:
                started = time.perf_counter()
                for command in (["init"], ["generate-synthetic", "--scale", "national", "--seed", "1"]):
                    subprocess.run(
                        [sys.executable, "-m", "data_access", "--database-url", url, *command],
                        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                    )  # fmt: skip
                generate_s = time.perf_counter() - started
                result = {"db": backend, "generate_s": round(generate_s, 1)}
                print(f"{backend}: dataset in {generate_s:.1f} s; interactions …", flush=True)
                load_before = os.getloadavg()[0]
                result.update(measure_browser(url, OUT / f"streamlit_{backend}.log", rounds))
                result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
                server = measure_server_side(url, SERVER_SCREENS)
                result["server_ms"], result["server_profile"] = server["ms"], server["profile"]
                result["map_payload_bytes"] = map_payloads()
                result["import_rows_per_s"] = import_throughput(_empty_database(backend, tmp, url))
                all_results.append(result)
            finally:
                if cluster:
                    subprocess.run([str(ROOT / "scripts" / "pg_test_cluster.sh"), "stop", cluster], check=False)
    return all_results


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        // 1024
        // 1024
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, Python {platform.python_version()}"


def filter_label(name: str) -> str:
    return THERE_AND_BACK[name.removesuffix("_back")] if name.endswith("_back") else FILTERS[name][1]


def _ratio_cell(entry: dict) -> str:
    low, high = entry["ratio_range"]
    mark = "ok" if entry["meets_target"] else "**missed**"
    return f"{entry['ratio']} ({low}–{high}) | ≤ {entry['target']:g} {mark}"


def _timing_cells(entry: dict) -> str:
    """app ms | script | drawing after | browser busy (JS, layout) | empty app ms (busy)."""
    busy = f"{entry['busy_ms']} ({entry['js_ms']}, {entry['layout_ms']})" if "busy_ms" in entry else ""
    empty_busy = f" ({entry['empty_busy_ms']})" if "empty_busy_ms" in entry else ""
    return f"{entry['ms']} | {entry['script_ms']} | {entry['draw_ms']} | {busy} | {entry['empty_ms']}{empty_busy}"


def markdown(results: list[dict]) -> str:
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}; national synthetic dataset, prefecture {PREF} "
        f"(北海道), fiscal year {FY}; Chromium, network closed; median of the rounds after the tab's first visit.",
        "",
        "| DB | action | app ms | of which script ms | drawing after ms | browser busy ms (JS, layout) "
        "| empty app ms (busy) | × empty app (range) | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['db']} | **opening** in a new browser profile | {r['open']['ms']} | | | | {r['open']['empty_ms']} | "
            f"{_ratio_cell(r['open'])} |"
        )
        for name, entry in r["screens"].items():
            lines.append(f"| {r['db']} | screen → {SCREENS[name][1]} | {_timing_cells(entry)} | {_ratio_cell(entry)} |")
        for name, entry in r["filters"].items():
            lines.append(
                f"| {r['db']} | filter: {filter_label(name)} | {_timing_cells(entry)} | {_ratio_cell(entry)} |"
            )
        for key, error in r.get("errors", {}).items():
            lines.append(f"| {r['db']} | {key} | error: {error[:80]} | | | | | | |")
    for r in results:
        firsts = "; ".join(
            f"{SCREENS[name][1]} {v['ms']} ms (× {v['ratio']})" for name, v in r.get("first_visits", {}).items()
        )
        external = r.get("external_requests", [])
        payload = r["map_payload_bytes"]
        server = ", ".join(f"{name} {ms}" for name, ms in r["server_ms"].items())
        reruns = ", ".join(f"{SCREENS[name][1]} {v['ms']}" for name, v in r.get("reruns", {}).items())
        empty_reruns = [v["empty_ms"] for v in r.get("reruns", {}).values()] or [0]
        profile = "; ".join(
            f"{name} — " + ", ".join(f"{function} {ms}" for function, ms in rows)
            for name, rows in r.get("server_profile", {}).items()
        )
        lines += [
            "",
            f"**{r['db']}**, the tab's first visit of each screen (its scripts load: plotly.js, Leaflet): {firsts}.",
            "",
            f"**{r['db']}**: a screen change without a browser (the rerun through Streamlit's websocket: script, "
            f"messages and transfer, nothing drawn; median of 7, ms): {reruns}; the empty app "
            f"{min(empty_reruns)}–{max(empty_reruns)} ms.",
            "",
            f"**{r['db']}**: server script time per screen (inside the script, AppTest, ms): {server}.",
            "",
            f"**{r['db']}**: where a screen's script spends its time (cProfile, cumulative ms): {profile}.",
            "",
            f"**{r['db']}**: dataset generated in {r['generate_s']} s (init + generate-synthetic); map payload "
            f"national {payload['national']:,} B (≤ 2 MB), 北海道 {payload['prefecture_01']:,} B; import "
            f"{r['import_rows_per_s']:,} rows/s (target ≥ 20,000); requests that left the machine: "
            f"{', '.join(external) if external else 'none'}.",
        ]
        if "load_average" in r:
            before, after = r["load_average"]
            lines += [
                "",
                f"**{r['db']}**: the machine's load average (1 min) when the browser rounds began and ended: {before} "
                f"and {after} on {os.cpu_count()} cores (other work shared the machine; the paired ratios divide "
                "most of it out, the milliseconds do not).",
            ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--profile", metavar="DATABASE_URL", help="only the server-side times and profile")
    args = parser.parse_args()
    if args.profile:
        print(json.dumps(measure_server_side(args.profile, SERVER_SCREENS), ensure_ascii=False, indent=1))
        return 0
    results = run(["sqlite", "postgresql"] if args.db == "both" else [args.db], args.rounds)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    (OUT / "results.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

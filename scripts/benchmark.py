"""Page-speed benchmark at national scale (`make bench`), on SQLite and on PostgreSQL.

For each database: generate the synthetic nationwide dataset (timed), serve the app and two empty Streamlit
pages the same way (one at "/", as the overview; one at a URL path, as every other screen), and measure in headless
Chromium the time from the start of navigation until each screen is ready (script finished and its main element
drawn, taken inside the page): cold (first visit, server cache empty), warm (median of 5 revisits in the same
browser profile, its HTTP cache kept, as a daily user) and fresh profile (nothing in the browser cache), with the
network closed as on a government network (OFFLINE), each as a ratio to its empty page measured the same way, in
the same shuffled rounds and paired round by round (the targets), and to the app's frame (FRAME_APP), which tells a
screen's own content from what every screen carries. Also: server-side time per screen (AppTest), map payload
bytes, server memory with 20 concurrent sessions, and CSV import throughput. Writes build/bench/results.json and
results.md. Targets are checked here, not in unit tests."""

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
from data_access.synthetic_national import generate
from ops.browser import CHART, CHROMIUM, CHROMIUM_ARGS, TABLE, is_local
from ops.server import StreamlitServer, free_port

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "build" / "bench"
PREF = "01"  # 北海道: the largest prefecture map (179 municipalities)
FY = "2022"
WARM_RUNS = 5
FRESH_RUNS = 3
# The network is closed as on a government network, by name resolution: every host but 127.0.0.1 is unknown.
# Not by Playwright's request interception (context.route), which turns the browser's HTTP cache off, so that a
# "warm" revisit would fetch all of Streamlit's JavaScript again.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
EXTERNAL_REQUESTS: set[str] = set()  # URLs outside the machine that a measured page asked for
VEGA_CHART = '[data-testid="stVegaLiteChart"] svg.marks'  # a drawn Vega-Lite chart (the probe page)
SVG_CHART = '[data-testid="stMarkdownContainer"] svg[role="img"]'  # inline SVG, the charts' former form (probe)
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# screen -> (path, query, main element, kind); kind "map" waits for Leaflet shapes in the component iframe
SCREENS = {
    "overview": ("", {}, TABLE, "table"),
    "map_prefecture": ("map", {}, "iframe", "map"),
    "map_municipality": ("map", {"level": "municipality", "muni": "011002"}, "iframe", "map"),
    "councils": ("councils", {"muni": "011002"}, CHART, "chart"),
    "sources": ("sources", {}, TABLE, "table"),
    "about": ("about", {}, '[data-testid="stMain"] h1', "table"),
    "outcomes": ("outcomes", {}, TABLE, "table"),
    "outcomes_funnel": ("outcomes", {"outcomes_view": "funnel"}, CHART, "chart"),
    "compare": ("compare", {"cmp": "011002,012025,012033"}, CHART, "chart"),
    "profile": ("profile", {"profile": "011002"}, CHART, "chart"),
    "briefing": ("briefing", {}, '[data-testid="stImage"] img', "chart"),
    # behind the officials' login: a visit (new session) shows the login form, which is what is timed here
    "data_import_login": ("data-import", {}, '[data-testid="stMain"] h1', "table"),
    "review_login": ("review", {}, '[data-testid="stMain"] h1', "table"),
}
BASELINE, BASELINE_PATH = "empty page", "empty page at a path"
FRAME, FRAME_PATH = "frame", "frame at a path"
# The app with every screen's content replaced by a title: what each screen carries before its own content (page
# styles, navigation, the sidebar's filters, footer). Screens are also reported against it, to tell the cost of
# their own content from the frame's; the targets stay against the empty page.
FRAME_APP = """import dataclasses

import streamlit as st

import pages


def content():
    st.title("frame")


pages.SCREENS = tuple(dataclasses.replace(screen, render=content) for screen in pages.SCREENS)
__file__ = {!r}
exec(compile(open(__file__, encoding="utf-8").read(), __file__, "exec"))
""".format(str(ROOT / "app" / "streamlit_app.py"))
TARGETS = {"table": 1.5, "chart": 1.5, "map": 2.5}
EMPTY_APP = 'import streamlit as st\nst.title("empty")\n'
# The same empty page at a URL path, as st.navigation serves every screen but the overview: the browser first
# asks /<path>/_stcore/health before /_stcore/health, which costs a page at a path ~0.1 s over one at "/".
# The same app serves single-element pages (ELEMENT_PROBES), timed with the screens: what one element costs on
# this machine, the profile behind the screens' ratios.
EMPTY_PATH_APP = """import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

FRAME = pd.DataFrame(np.random.default_rng(1).random((180, 10)), columns=list("abcdefghij"))


def empty():
    st.title("empty")


def data_grid():
    st.title("data grid")
    st.dataframe(FRAME)


def vega_chart():
    st.title("chart")
    st.vega_lite_chart(FRAME, {"mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative"},
                                                            "y": {"field": "b", "type": "quantitative"}}})


def plotly_chart():
    st.title("plotly chart")
    st.plotly_chart(go.Figure(go.Scatter(x=FRAME["a"], y=FRAME["b"], mode="markers")), theme=None)


def svg_chart():
    st.title("SVG chart")
    dots = "".join(f'<circle cx="{a * 700 + 10:.1f}" cy="{b * 400 + 10:.1f}" r="3.5"><title>{a:.2f}, {b:.2f}</title>'
                   "</circle>" for a, b in zip(FRAME["a"], FRAME["b"]))
    st.markdown('<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 420" role="img" '
                f'aria-label="probe" style="width:100%;max-width:720px;height:auto" fill="#0072B2">{dots}'
                '</svg></figure>',
                unsafe_allow_html=True)


def html_table():
    st.title("HTML table")
    st.html(FRAME.to_html())


def filters():
    st.title("filters")
    st.sidebar.selectbox("都道府県", [f"{code:02d}" for code in range(1, 48)])
    st.sidebar.selectbox("年度", list(range(2025, 2014, -1)))
    st.sidebar.selectbox("言語", ["日本語", "English"])
    st.sidebar.toggle("サンプルを含める", value=True)


st.navigation([st.Page(empty, title="root", url_path="root", default=True),
               st.Page(empty, title="empty", url_path="empty"),
               st.Page(data_grid, title="data grid", url_path="data-grid"),
               st.Page(vega_chart, title="chart", url_path="vega-chart"),
               st.Page(plotly_chart, title="plotly chart", url_path="plotly-chart"),
               st.Page(svg_chart, title="SVG chart", url_path="svg-chart"),
               st.Page(html_table, title="HTML table", url_path="html-table"),
               st.Page(filters, title="filters", url_path="filters")], position="hidden").run()
"""
# probe -> (URL path in EMPTY_PATH_APP, element that is drawn when the probe is ready)
ELEMENT_PROBES = {
    "st.dataframe (180 × 10)": ("data-grid", '[data-testid="stDataFrame"]'),
    "Vega-Lite chart (180 points)": ("vega-chart", VEGA_CHART),
    "plotly chart (180 points)": ("plotly-chart", CHART),
    "SVG chart via st.markdown (180 points)": ("svg-chart", SVG_CHART),
    "HTML table via st.html (180 × 10)": ("html-table", '[data-testid="stMain"] table'),
    # what every screen carries: the sidebar's filters (Streamlit loads each widget's script after the run)
    "three drop-downs and a toggle in the sidebar": ("filters", '[data-testid="stSidebar"] [data-testid="stCheckbox"]'),
}
# The ready time is taken inside the page (performance.now(), from the start of navigation) by a check every
# 5 ms: Playwright's own waits poll at growing intervals (up to 0.5 s apart), which added 0-0.5 s at random.
READY_PROBE = """(() => {
  const [selector, kind] = %s;
  const visible = (el) => { const r = el.getBoundingClientRect();
                            return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const ready = () => {
    if (!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')) return false;
    if (![...document.querySelectorAll(selector)].some(visible)) return false;
    if (kind !== "map") return true;
    const frame = document.querySelector("iframe");
    try { return Boolean(frame && frame.contentDocument.querySelector(".leaflet-interactive")); }
    catch (error) { return false; }
  };
  const check = () => {
    if (window.__benchReady != null) return;
    if (ready()) window.__benchReady = performance.now(); else setTimeout(check, 5);
  };
  check();
})();"""


def _ready(page, selector: str, kind: str) -> None:
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=60_000)
    page.locator(selector).filter(visible=True).first.wait_for(state="visible", timeout=60_000)
    if kind == "map":
        for _ in range(600):
            frame = page.locator("iframe").first.element_handle().content_frame()
            if frame and frame.locator(".leaflet-interactive").count():
                return
            page.wait_for_timeout(50)
        raise TimeoutError("map shapes not drawn")


def _profile(browser, selector: str | None = None, kind: str = "table"):
    """A browser profile (context); with a selector, every page opened in it records when that screen is ready."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if selector:
        context.add_init_script(READY_PROBE % json.dumps([selector, kind]))
    return context


def _visit_ms(context, url: str) -> float:
    """Open the URL in a new tab of the profile: ms from the start of navigation until the screen is ready.
    A request that leaves the machine is recorded (it fails: OFFLINE)."""
    page = context.new_page()
    page.on("request", lambda request: None if is_local(request.url) else EXTERNAL_REQUESTS.add(request.url))
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.__benchReady != null", timeout=60_000, polling=100)
    elapsed = page.evaluate("window.__benchReady")
    page.close()
    return elapsed


def _timings(browser, targets: dict[str, tuple[str, str, str]]) -> dict[str, dict]:
    """name -> cold, warm and fresh-profile ms, for targets name -> (url, selector, kind).

    Cold: the first visit, in a new profile, before the server has cached the screen's data. Warm: median of
    WARM_RUNS revisits in that same profile, as an official who opens the dashboard every day (the browser keeps
    Streamlit's static JavaScript in its cache). Fresh profile: median of FRESH_RUNS visits each in a new profile
    (nothing cached in the browser, data cached on the server). Warm and fresh visits go round the screens in a
    shuffled order, so that a slow spell of a shared machine falls on all screens and the empty pages alike.
    """
    order = list(targets)
    shuffle = random.Random(1).shuffle
    errors: dict[str, str] = {}

    def visit(name: str, context) -> float | None:
        """One visit; a screen that fails is reported with its error and left out of the later rounds."""
        try:
            return _visit_ms(context, targets[name][0])
        except Exception as exc:  # noqa: BLE001 - one broken screen must not hide the others
            errors[name] = " ".join(str(exc).split())[:200]
            order.remove(name)
            return None

    contexts = {name: _profile(browser, selector, kind) for name, (_url, selector, kind) in targets.items()}
    cold = {name: visit(name, contexts[name]) for name in list(order)}
    warm: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(WARM_RUNS):
        shuffle(order)
        for name in list(order):
            warm[name].append(visit(name, contexts[name]))
    for context in contexts.values():
        context.close()
    fresh: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(FRESH_RUNS):
        shuffle(order)
        for name in list(order):
            _url, selector, kind = targets[name]
            context = _profile(browser, selector, kind)
            fresh[name].append(visit(name, context))
            context.close()
    return {
        name: {"error": errors[name]}
        if name in errors
        else {
            "cold": cold[name],
            "warm": statistics.median(warm[name]),
            "fresh": statistics.median(fresh[name]),
            "warm_rounds": warm[name],
            "fresh_rounds": fresh[name],
        }
        for name in targets
    }


def paired_ratio(rounds: list[float], baseline_rounds: list[float]) -> dict:
    """A screen's time over its baseline's, round by round: the median and the range of the per-round ratios.

    The two visits of a round are close in time, so a slow spell of a shared machine divides out, where a ratio of
    two medians taken over the whole run moved by ± 0.3 between runs."""
    if not rounds or len(rounds) != len(baseline_rounds):
        raise ValueError(f"rounds do not pair: {len(rounds)} visits vs {len(baseline_rounds)} of the baseline")
    ratios = [value / base for value, base in zip(rounds, baseline_rounds)]
    return {"median": round(statistics.median(ratios), 2), "low": round(min(ratios), 2), "high": round(max(ratios), 2)}


def _url(base: str, path: str, params: dict) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"pref": PREF, "fy": FY, **params}.items())
    return f"{base}/{path}?{query}"


def _rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of the server process and its children."""
    total = 0
    for proc in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def measure_browser(url: str, log: Path, screens: dict) -> dict:
    from playwright.sync_api import sync_playwright

    empty_file, empty_path_file, frame_file = OUT / "empty_app.py", OUT / "empty_path_app.py", OUT / "frame_app.py"
    empty_file.write_text(EMPTY_APP)
    empty_path_file.write_text(EMPTY_PATH_APP)
    frame_file.write_text(FRAME_APP)
    app = StreamlitServer(url, log)
    empty = StreamlitServer(url, log, script=str(empty_file))
    empty_path = StreamlitServer(url, log, script=str(empty_path_file))
    frame = StreamlitServer(url, log, script=str(frame_file))
    results: dict = {"pages": {}}
    try:
        for server in (app, empty, empty_path, frame):
            server.wait_healthy(90)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, OFFLINE]
            )
            title = '[data-testid="stMain"] h1'
            targets = {
                BASELINE: (f"{empty.url}/", title, "table"),
                BASELINE_PATH: (f"{empty_path.url}/empty", title, "table"),
                FRAME: (_url(frame.url, "", {}), title, "table"),
                FRAME_PATH: (_url(frame.url, "about", {}), title, "table"),
            }
            targets |= {
                probe: (f"{empty_path.url}/{path}", selector, "table")
                for probe, (path, selector) in ELEMENT_PROBES.items()
            }
            targets |= {
                name: (_url(app.url, path, params), selector, kind)
                for name, (path, params, selector, kind) in screens.items()
            }
            EXTERNAL_REQUESTS.clear()
            timings = _timings(browser, targets)
            results["external_requests"] = sorted(EXTERNAL_REQUESTS)
            for key, name in (("", BASELINE), ("_path", BASELINE_PATH), ("_frame", FRAME), ("_frame_path", FRAME_PATH)):
                if "error" in timings[name]:
                    raise RuntimeError(f"the {name} did not load: {timings[name]['error']} (log: {log})")
                results[f"baseline{key}_ms"] = round(timings[name]["warm"], 1)
                results[f"baseline{key}_cold_ms"] = round(timings[name]["cold"], 1)
                results[f"baseline{key}_fresh_profile_ms"] = round(timings[name]["fresh"], 1)
            results["frame_ratio"] = {
                key: paired_ratio(timings[frame_name]["warm_rounds"], timings[empty_name]["warm_rounds"])
                for key, frame_name, empty_name in (("root", FRAME, BASELINE), ("path", FRAME_PATH, BASELINE_PATH))
            }
            results["element_probes"] = {
                probe: timings[probe]
                if "error" in timings[probe]
                else {
                    "warm_ms": round(timings[probe]["warm"], 1),
                    "ratio": paired_ratio(timings[probe]["warm_rounds"], timings[BASELINE_PATH]["warm_rounds"])[
                        "median"
                    ],
                }
                for probe in ELEMENT_PROBES
            }
            for name, (path, _params, _selector, kind) in screens.items():
                timing = timings[name]
                if "error" in timing:
                    results["pages"][name] = timing
                    continue
                base, frame_base = (BASELINE, FRAME) if not path else (BASELINE_PATH, FRAME_PATH)
                ratio = paired_ratio(timing["warm_rounds"], timings[base]["warm_rounds"])
                results["pages"][name] = {
                    "cold_ms": round(timing["cold"], 1),
                    "warm_ms": round(timing["warm"], 1),
                    "baseline": "root" if not path else "path",
                    "ratio": ratio["median"],
                    "ratio_range": [ratio["low"], ratio["high"]],
                    "target_ratio": TARGETS[kind],
                    "meets_target": ratio["median"] <= TARGETS[kind],
                    "ratio_to_frame": paired_ratio(timing["warm_rounds"], timings[frame_base]["warm_rounds"])["median"],
                    "fresh_profile_ms": round(timing["fresh"], 1),
                    "fresh_profile_ratio": paired_ratio(timing["fresh_rounds"], timings[base]["fresh_rounds"])[
                        "median"
                    ],
                }
            contexts = []
            for i in range(20):  # 20 concurrent sessions, half on the map
                context = browser.new_context()
                page = context.new_page()
                path, params, selector, kind = screens["map_prefecture" if i % 2 else "overview"]
                page.goto(_url(app.url, path, params))
                contexts.append((context, page, selector, kind))
            for _context, page, selector, kind in contexts:
                _ready(page, selector, kind)
            results["rss_mb_20_sessions"] = round(_rss_mb(app.process.pid), 1)
            for context, *_ in contexts:
                context.close()
            browser.close()
    finally:
        for server in (app, empty, empty_path, frame):
            server.stop()
    return results


def measure_server_side(url: str, screens: dict) -> dict:
    """Script time per screen without the browser (AppTest): median of 3 runs after a warm-up run."""
    os.environ["DATABASE_URL"] = url
    from streamlit.testing.v1 import AppTest

    modules = {"": "overview", "map": "rollout_map", "data-import": "data_import"}
    out = {}
    for name, (path, params, _selector, _kind) in screens.items():
        timings = []
        for _ in range(4):
            app = AppTest.from_function(_page_script, args=(modules.get(path, path),), default_timeout=120)
            app.query_params.update({"pref": PREF, "fy": FY, **params})
            started = time.perf_counter()
            app.run()
            timings.append((time.perf_counter() - started) * 1000)
            if app.exception:
                out[name] = f"error: {app.exception[0].value[:80]}"
                break
        else:
            out[name] = round(statistics.median(timings[1:]), 1)
    return out


def _page_script(module: str) -> None:
    import importlib

    from dashboard import widgets

    widgets.sidebar_filters()
    importlib.import_module(f"pages.{module}").render()


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


def run(backends: list[str]) -> list[dict]:
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
                db = Database(url)
                started = time.perf_counter()
                counts = generate(db, seed=1)
                generate_s = time.perf_counter() - started
                db.dispose()
                screens = SCREENS
                result = {"db": backend, "generated_rows": counts, "generate_s": round(generate_s, 1)}
                result.update(measure_browser(url, OUT / f"streamlit_{backend}.log", screens))
                result["server_ms"] = measure_server_side(url, screens)
                result["map_payload_bytes"] = map_payloads()
                result["import_rows_per_s"] = import_throughput(_empty_database(backend, tmp, url))
                result["targets"] = {
                    "map_payload_national_le_2mb": result["map_payload_bytes"]["national"] <= 2_000_000,
                    "rss_le_600mb": result["rss_mb_20_sessions"] <= 600,
                    "import_ge_20000_rows_per_s": result["import_rows_per_s"] >= 20_000,
                }
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


def markdown(results: list[dict]) -> str:
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}; national synthetic dataset, prefecture {PREF}.",
        "",
        "| DB | screen | cold ms | warm ms | × empty page (range of rounds) | target | × frame | "
        "fresh-profile ms (×) | server ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for key, ratio, label in (
            ("", None, "*empty page* (baseline of the overview at /)"),
            ("_path", None, "*empty page at a path* (baseline of the other screens)"),
            ("_frame", r["frame_ratio"]["root"], "*frame* (the app, every screen's content a title) at /"),
            ("_frame_path", r["frame_ratio"]["path"], "*frame at a path*"),
        ):
            shown = f"{ratio['median']} ({ratio['low']}–{ratio['high']})" if ratio else "1"
            lines.append(
                f"| {r['db']} | {label} | {r[f'baseline{key}_cold_ms']} | {r[f'baseline{key}_ms']} | {shown} | | "
                f"| {r[f'baseline{key}_fresh_profile_ms']} | |"
            )
        for name, page in r["pages"].items():
            if "error" in page:
                lines.append(f"| {r['db']} | {name} | error: {page['error'][:60]} | | | | | | |")
                continue
            mark = "ok" if page["meets_target"] else "**missed**"
            low, high = page["ratio_range"]
            lines.append(
                f"| {r['db']} | {name} | {page['cold_ms']} | {page['warm_ms']} | {page['ratio']} ({low}–{high}) | "
                f"≤ {page['target_ratio']} {mark} | {page.get('ratio_to_frame', '')} | "
                f"{page['fresh_profile_ms']} ({page['fresh_profile_ratio']}) | {r['server_ms'].get(name, '')} |"
            )
    for r in results:
        probes = "; ".join(
            f"{probe} {value['warm_ms']} ms (× {value['ratio']})"
            for probe, value in r["element_probes"].items()
            if "error" not in value
        )
        lines += ["", f"**{r['db']}**, one element alone on the empty page at a path: {probes}."]
        external = r.get("external_requests", [])
        lines += [
            "",
            f"**{r['db']}**: requests that left the machine (the network is closed): "
            f"{', '.join(external) if external else 'none'}.",
        ]
    for r in results:
        payload = r["map_payload_bytes"]
        lines += [
            "",
            f"**{r['db']}**: generated {sum(r['generated_rows'].values()):,} rows in {r['generate_s']} s; "
            f"server peak RSS with 20 sessions {r['rss_mb_20_sessions']} MB (target ≤ 600); "
            f"map payload national {payload['national']:,} B (≤ 2 MB), 北海道 {payload['prefecture_01']:,} B; "
            f"import {r['import_rows_per_s']:,} rows/s (target ≥ 20,000).",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    results = run(["sqlite", "postgresql"] if args.db == "both" else [args.db])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=1, default=str)
    )
    (OUT / "results.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

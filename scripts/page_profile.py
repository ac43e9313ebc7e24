"""Where the page's time goes on a screen change: a Chromium CPU profile (V8 sampling, 0.2 ms) of one click in the
sidebar navigation, after two visits that load the screen's scripts.

    python scripts/page_profile.py http://127.0.0.1:8501 compare --pref 01 --fy 2022

Prints the sampled milliseconds by script file and the functions with the most self time. "(program)" is the
browser's own work outside JavaScript (style, layout, paint); "(idle)" includes the wait after the run. The
benchmark's "a screen change without a browser" line gives the server's share of the same click.
"""

from __future__ import annotations

import argparse
import collections

from ops.browser import CHROMIUM, CHROMIUM_ARGS, OFFLINE, open_app, open_in_sidebar, watch_script_runs


def page_profile(base_url: str, screen: str, pref: str, fiscal_year: str, other: str = "about") -> dict:
    """Self time in ms per (function, script file) over one click from `other` to `screen`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, OFFLINE])
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
        watch_script_runs(context)
        page = context.new_page()
        open_app(page, base_url, other, pref=pref, fy=fiscal_year)
        for _ in range(2):
            open_in_sidebar(page, screen)
            open_in_sidebar(page, other)
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
        open_in_sidebar(page, screen)
        profile = cdp.send("Profiler.stop")["profile"]
        browser.close()
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    self_ms: collections.Counter[tuple[str, str]] = collections.Counter()
    for node_id, delta_us in zip(profile["samples"], profile["timeDeltas"]):
        frame = frames[node_id]
        self_ms[(frame["functionName"] or "(anonymous)", frame["url"].rsplit("/", 1)[-1])] += delta_us / 1000
    return dict(self_ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="base URL of a running dashboard")
    parser.add_argument("screen", help="URL path of the screen, e.g. compare")
    parser.add_argument("--pref", default="01")
    parser.add_argument("--fy", default="2022")
    args = parser.parse_args()
    self_ms = page_profile(args.url.rstrip("/"), args.screen, args.pref, args.fy)
    by_file: collections.Counter[str] = collections.Counter()
    for (_function, script), ms in self_ms.items():
        by_file[script or "(browser)"] += ms
    print(f"sampled {sum(self_ms.values()):.0f} ms")
    for script, ms in by_file.most_common(8):
        print(f"{ms:8.1f} ms  {script}")
    for (function, script), ms in collections.Counter(self_ms).most_common(15):
        print(f"{ms:8.1f} ms  {function}  {script}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

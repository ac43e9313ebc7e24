"""The benchmark's arithmetic, plan and report (scripts/benchmark.py); the browser runs themselves are `make bench`."""

from __future__ import annotations

import importlib.util
import random

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("benchmark_script", ROOT / "scripts" / "benchmark.py")
benchmark = importlib.util.module_from_spec(spec)
spec.loader.exec_module(benchmark)


def test_paired_ratio_divides_out_a_slow_round():
    # round 2 was a slow spell: both actions took twice as long; the app is 1.5 × the empty app in every round
    screen, baseline = [150, 300, 150, 153, 147], [100, 200, 100, 102, 98]
    assert benchmark.paired_ratio(screen, baseline) == {"median": 1.5, "low": 1.5, "high": 1.5}


def test_paired_ratio_is_not_misled_by_a_spell_that_starts_mid_run():
    # the machine slowed down in round 3, after the empty app's action and before the app's: the ratio of the two
    # medians would say 3.0 (300 / 100); round by round the app is 1.5 × the empty app but in that one round
    screen, baseline = [150, 150, 300, 300, 300], [100, 100, 100, 200, 200]
    assert benchmark.paired_ratio(screen, baseline) == {"median": 1.5, "low": 1.5, "high": 3.0}


@pytest.mark.parametrize(("screen", "baseline"), [([], []), ([1.0, 2.0], [1.0])])
def test_paired_ratio_refuses_rounds_that_do_not_pair(screen, baseline):
    with pytest.raises(ValueError, match="do not pair"):
        benchmark.paired_ratio(screen, baseline)


@pytest.mark.parametrize("current", list(benchmark.SCREENS))
def test_a_round_visits_every_screen_once_never_clicks_the_one_shown_and_changes_filters_where_they_are(current):
    plan = benchmark.round_plan(random.Random(7), current)
    screens = [name for kind, name in plan if kind == "screen"]
    assert sorted(screens) == sorted(benchmark.SCREENS) and screens[0] != current
    shown = current
    for kind, name in plan:
        if kind == "screen":
            shown = name
        else:
            assert benchmark.FILTERS[name][0] == shown
    assert sorted(name for kind, name in plan if kind == "filter") == sorted(benchmark.FILTERS)


def _timed(ms: float, script_ms: float, busy_ms: float) -> dict:
    return {"ms": ms, "script_ms": script_ms, "busy_ms": busy_ms, "js_ms": busy_ms / 2, "layout_ms": busy_ms / 10}


def test_summary_pairs_the_rounds_and_splits_script_from_drawing():
    app = [_timed(300.0, 200.0, 250.0), _timed(600.0, 500.0, 400.0), _timed(330.0, 210.0, 300.0)]
    empty = [_timed(100.0, 80.0, 40.0), _timed(200.0, 150.0, 60.0), _timed(110.0, 90.0, 50.0)]
    summary = benchmark.summarise(app, empty, 2.5)
    assert summary["ratio"] == 3.0 and summary["ratio_range"] == [3.0, 3.0]
    assert summary["ms"] == 330.0 and summary["script_ms"] == 210.0 and summary["draw_ms"] == 100.0
    assert (summary["busy_ms"], summary["js_ms"], summary["layout_ms"], summary["empty_busy_ms"]) == (300, 150, 30, 50)
    assert summary["meets_target"] is False and summary["rounds"] == 3


def _entry(ratio: float, target: float) -> dict:
    return {
        "ms": 300.0, "script_ms": 250.0, "draw_ms": 50.0, "busy_ms": 240, "js_ms": 120, "layout_ms": 30,
        "empty_ms": 100.0, "empty_busy_ms": 40, "ratio": ratio,
        "ratio_range": [ratio - 0.2, ratio + 0.3], "target": target, "meets_target": ratio <= target, "rounds": 9,
    }  # fmt: skip


def _result() -> dict:
    return {
        "db": "sqlite",
        "open": {"ms": 1500.0, "empty_ms": 1200.0, "ratio": 1.25, "ratio_range": [1.1, 1.4], "target": 1.5,
                 "meets_target": True},
        "screens": {"compare": _entry(3.0, 5.0), "sources": _entry(3.0, 2.5)},
        "filters": {"fiscal_year": _entry(2.0, 2.5)},
        "first_visits": {"compare": {"ms": 900.0, "empty_ms": 60.0, "ratio": 15.0, "script_ms": 400.0}},
        "errors": {"screen:map": "not ready after 60 s"},
        "external_requests": [],
        "server_ms": {"compare": 210.5},
        "generate_s": 6.0,
        "map_payload_bytes": {"national": 900_000, "prefecture_01": 300_000},
        "import_rows_per_s": 25_000,
    }  # fmt: skip


def test_markdown_reports_each_action_with_its_paired_ratio_range_and_target():
    report = benchmark.markdown([_result()])
    cells = "| 300.0 | 250.0 | 50.0 | 240 (120, 30) | 100.0 (40) | 3.0 (2.8–3.3) |"
    assert f"| sqlite | screen → 比較 {cells} ≤ 5 ok |" in report
    assert f"| sqlite | screen → 出典 {cells} ≤ 2.5 **missed** |" in report
    assert "| sqlite | filter: 年度 (2022 → 2021) | 300.0 |" in report
    assert (
        "| sqlite | **opening** in a new browser profile | 1500.0 | | | | 1200.0 | 1.25 (1.1–1.4) | ≤ 1.5 ok |"
        in report
    )
    assert "比較 900.0 ms (× 15.0)" in report
    assert "requests that left the machine: none." in report


def test_markdown_shows_an_action_that_failed_instead_of_a_number():
    assert "| sqlite | screen:map | error: not ready after 60 s |" in benchmark.markdown([_result()])


def test_the_profile_names_the_project_functions_that_took_the_time_but_not_the_wrappers():
    class Stats:  # the part of pstats.Stats that top_functions reads: (file, line, function) -> (..., cumtime, ...)
        stats = {
            (str(ROOT / "pages" / "compare.py"), 60, "render"): (1, 1, 0.01, 0.95, {}),
            (str(ROOT / "dashboard" / "outcomes.py"), 64, "_year_frame"): (1, 1, 0.01, 0.6, {}),
            (str(ROOT / "data_access" / "queries.py"), 248, "council_coverage"): (1, 1, 0.01, 0.2, {}),
            (str(ROOT / ".venv" / "lib" / "pandas.py"), 1, "merge"): (9, 9, 0.3, 0.3, {}),
        }

    rows = benchmark.top_functions(Stats(), total_s=1.0)
    assert rows == [("dashboard.outcomes._year_frame", 600), ("data_access.queries.council_coverage", 200)]


def test_update_readme_replaces_only_what_is_between_the_markers():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "scripts" / "update_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = "before\n<!-- bench:start -->\nold\n<!-- bench:end -->\nafter\n"
    assert module.replace_between(text, "bench", "| new |\n") == (
        "before\n<!-- bench:start -->\n| new |\n<!-- bench:end -->\nafter\n"
    )
    with pytest.raises(ValueError, match="load markers"):
        module.replace_between(text, "load", "x")

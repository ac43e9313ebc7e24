"""The benchmark's arithmetic and report (scripts/benchmark.py); the browser runs themselves are `make bench`."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("benchmark_script", ROOT / "scripts" / "benchmark.py")
benchmark = importlib.util.module_from_spec(spec)
spec.loader.exec_module(benchmark)


def test_paired_ratio_divides_out_a_slow_round():
    # round 2 was a slow spell: both visits took twice as long; the screen is 1.5 × its baseline in every round
    screen, baseline = [1500, 3000, 1500, 1530, 1470], [1000, 2000, 1000, 1020, 980]
    assert benchmark.paired_ratio(screen, baseline) == {"median": 1.5, "low": 1.5, "high": 1.5}


def test_paired_ratio_is_not_misled_by_a_spell_that_starts_mid_run():
    # the machine slowed down in round 3, after the baseline's visit and before the screen's: the ratio of the two
    # medians would say 3.0 (3000 / 1000); round by round the screen is 1.5 × its baseline but in that one round
    screen, baseline = [1500, 1500, 3000, 3000, 3000], [1000, 1000, 1000, 2000, 2000]
    assert benchmark.paired_ratio(screen, baseline) == {"median": 1.5, "low": 1.5, "high": 3.0}


@pytest.mark.parametrize(("screen", "baseline"), [([], []), ([1.0, 2.0], [1.0])])
def test_paired_ratio_refuses_rounds_that_do_not_pair(screen, baseline):
    with pytest.raises(ValueError, match="do not pair"):
        benchmark.paired_ratio(screen, baseline)


def _result(page: dict) -> dict:
    baselines = {
        f"baseline{key}{kind}": ms
        for key, ms in (("", 1000), ("_path", 1100), ("_frame", 1200), ("_frame_path", 1300))
        for kind in ("_ms", "_cold_ms", "_fresh_profile_ms")
    }
    return {
        "db": "sqlite",
        **baselines,
        "frame_ratio": {
            "root": {"median": 1.2, "low": 1.1, "high": 1.3},
            "path": {"median": 1.18, "low": 1.05, "high": 1.4},
        },
        "pages": {"compare": page},
        "server_ms": {"compare": 210.5},
        "element_probes": {"filters": {"warm_ms": 1400.0, "ratio": 1.27}},
        "external_requests": [],
        "generated_rows": {"districts": 10},
        "generate_s": 6.0,
        "rss_mb_20_sessions": 450.0,
        "map_payload_bytes": {"national": 900_000, "prefecture_01": 300_000},
        "import_rows_per_s": 25_000,
    }


def test_markdown_reports_the_paired_ratio_with_its_range_and_the_missed_target():
    page = {
        "cold_ms": 3000.0,
        "warm_ms": 2100.0,
        "ratio": 1.91,
        "ratio_range": [1.7, 2.2],
        "target_ratio": 1.5,
        "meets_target": False,
        "ratio_to_frame": 1.6,
        "fresh_profile_ms": 2600.0,
        "fresh_profile_ratio": 1.4,
    }
    report = benchmark.markdown([_result(page)])
    assert (
        "| sqlite | compare | 3000.0 | 2100.0 | 1.91 (1.7–2.2) | ≤ 1.5 **missed** | 1.6 | 2600.0 (1.4) | 210.5 |"
        in report
    )
    assert "| sqlite | *frame at a path* | 1300 | 1300 | 1.18 (1.05–1.4) |" in report
    assert "requests that left the machine (the network is closed): none." in report


def test_markdown_shows_a_screen_that_failed_instead_of_a_number():
    report = benchmark.markdown([_result({"error": "Timeout 60000ms exceeded waiting for the chart"})])
    assert "| sqlite | compare | error: Timeout 60000ms exceeded waiting for the chart |" in report

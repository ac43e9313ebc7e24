"""Public edition (DASHBOARD_MODE=public) of 相談・成果, 比較 and 自治体プロフィール: small counts, their rates and
their complements are ＊ in every table and CSV, charts draw only shown values, officials see every number.

Demo data of 高知県 FY2022 with the threshold at 10 (values 1–9 hidden): 北川村 (5 new, 2 continuing, 4 closed),
三原村 (1 new) and 安田町 (2 new) lose every case figure; 佐川町 (24 new, 3 continuing, 23 closed) keeps its new
and closed cases and consultations per 10,000 but not its caseload or closure rate.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import comparison as calc
from analytics import public_outcomes as public
from analytics.suppression import MARK, is_small, to_text
from core.i18n import in_register, t
from data_access import outcomes
from data_access.database import Database
from tests.dashboard.figures import app_figures, hover_lines, points
from tests.dashboard.html_tables import tables
from tests.dashboard.page_runner import open_sections
from tests.dashboard.page_runner import run_page_keeping_csv as _run_page

THRESHOLD = 10


def plain(key: str) -> str:
    """A heading as the public edition words it (its plain register)."""
    return in_register("plain", key, "ja")


KOCHI = {"pref": "39", "fy": "2022"}
ALL_HIDDEN = ["北川村", "三原村", "安田町"]  # every case figure of these is ＊
COUNT_HEADERS = [
    t("col_new_cases", "ja"),
    t("outcomes_col_caseload", "ja"),
    t("outcomes_col_closed", "ja"),
    t("outcomes_col_numerator", "ja"),
]
# the counts a chart's hover names: numerators, and denominators that are numbers of cases
CHART_COUNTS = [
    *COUNT_HEADERS,
    t("outcomes_funnel_axis_cases", "ja"),
    t("col_referred", "ja"),
    t("col_new_cases", "ja"),
]


pytestmark = pytest.mark.xdist_group("public_outcomes_pages")  # one worker builds the module's fixture


@pytest.fixture(scope="module")
def kochi(app_database):
    """(frame, shown, mask) of 高知県 FY2022 built as the pages build it, suppressed at THRESHOLD."""
    db = Database(app_database)
    try:
        frame = _outcome_frame(db, "39", 2022)
    finally:
        db.dispose()
    shown, mask = public.suppress_outcomes(frame, THRESHOLD)
    return frame, shown, mask


def _outcome_frame(db: Database, pref: str | None, fy: int) -> pd.DataFrame:
    profiles = outcomes.profiles(db, pref, fy)
    coverage = outcomes.programme_and_coverage(db, tuple(profiles["code"]), fy)
    return calc.outcome_frame(outcomes.consultation_rows(db, pref, fy), profiles, set(), True, coverage)[0]


def run(page: str, url: str, monkeypatch, mode: str = "public", **params) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_MODE", mode)
    monkeypatch.setenv("DASHBOARD_SUPPRESSION_THRESHOLD", str(THRESHOLD))
    app = AppTest.from_function(_run_page, args=(page,), default_timeout=120)
    app.query_params.update({"lang": "ja", **params})
    app.run()
    open_sections(app)  # every table and download the screen can show
    assert not app.exception, [e.value for e in app.exception]
    return app


def csvs(app: AppTest) -> dict[str, pd.DataFrame]:
    return {
        key: pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for key, data in (app.session_state.get("csv", {})).items()
    }


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype=str, keep_default_na=False)


def small_values(frame: pd.DataFrame, columns) -> list:
    """Cells of the given columns that are whole numbers 1 … THRESHOLD−1."""
    found = []
    for column in columns:
        if column in frame:
            numbers = pd.to_numeric(frame[column], errors="coerce")
            found += [(column, v) for v in numbers.dropna() if v == round(v) and is_small(v, THRESHOLD)]
    return found


def charts(app: AppTest) -> list[dict]:
    """Everything each chart sends to the browser: its figure (widgets.chart), drawn or not."""
    return app_figures(app)


def chart_text(chart: dict) -> str:
    """The whole figure as text: traces, customdata, hover templates, titles, notes, description."""
    return json.dumps(chart, ensure_ascii=False)


def drawn_names(chart: dict) -> set[str]:
    """Municipalities a chart places (the first line of their hover), without a prefecture in brackets."""
    return {re.sub(r"（[^（）]+[都道府県]）$", "", hover_lines(p["hover"])["name"]) for p in points(chart)}


def small_chart_counts(chart: dict) -> list:
    """Counts 1 … THRESHOLD−1 in a chart's hover texts."""
    rows = pd.DataFrame([hover_lines(p["hover"]) for p in points(chart)])
    return small_values(rows.replace(",", "", regex=True), CHART_COUNTS)


def test_outcomes_table_and_csv_follow_the_analytics_pattern(app_database, kochi, monkeypatch):
    frame, shown, mask = kochi
    app = run("outcomes", app_database, monkeypatch, **KOCHI)
    table = tables(app)[0]
    rows = table.set_index(t("col_name", "ja"))
    new, caseload, closed = COUNT_HEADERS[:3]
    per_10k, closure = "相談件数（人口1万人当たり）", "終結率"
    for name in ALL_HIDDEN:
        assert (
            rows.loc[
                name,
                [
                    new,
                    per_10k,
                    closure,
                    f"{closure} {plain('outcomes_col_low')}",
                    f"{closure} {plain('outcomes_col_label')}",
                ],
            ].tolist()
            == [MARK] * 5
        ), name
    assert rows.loc["佐川町", [new, caseload, closed, per_10k, closure]].tolist() == ["24", MARK, "23", "20.3", MARK]
    assert rows.loc["高知市", [new, caseload, closed, per_10k, closure]].tolist() == [
        "330",
        "560",
        "302",
        "10.6",
        "53.9",
    ]
    assert small_values(table, COUNT_HEADERS) == []
    # exactly the analytics pattern, on screen and in the download
    expected = to_text(shown, {"new_cases": 0, "caseload": 0, "closed_cases": 0, "closure_rate": 1})
    for header, column in (
        (new, "new_cases"),
        (caseload, "caseload"),
        (closed, "closed_cases"),
        (closure, "closure_rate"),
    ):
        assert table[header].tolist() == expected[column].tolist(), header
    assert int(mask[["new_cases", "caseload", "closed_cases"]].to_numpy().sum()) == int(
        (table[[new, caseload, closed]] == MARK).to_numpy().sum()
    )
    sample = t("outcomes_col_synthetic", "ja")  # the screen marks the cells, the download has the column
    pd.testing.assert_frame_equal(csvs(app)["outcomes_table_csv"].drop(columns=sample), as_text(table))
    assert any(c.value.startswith("＊：秘匿。相談件数が1〜9件") for c in app.caption)


def test_outcomes_charts_draw_only_shown_values(app_database, kochi, monkeypatch):
    frame, _, mask = kochi
    app = run("outcomes", app_database, monkeypatch, **KOCHI, outcomes_view="bars")
    bar_10k, bar_closure = charts(app)
    funnel_app = run("outcomes", app_database, monkeypatch, **KOCHI, outcomes_view="funnel")
    (funnel,) = charts(funnel_app)
    (trend,) = charts(run("outcomes", app_database, monkeypatch, **KOCHI, outcomes_view="trend"))
    for chart, key in ((bar_10k, "consultations_per_10k"), (bar_closure, "closure_rate"), (funnel, "closure_rate")):
        drawn = drawn_names(chart)
        assert drawn == set(frame.loc[public.shown_rows(frame, mask, key), "name"]), key
    assert "佐川町" in drawn_names(bar_10k) and "佐川町" not in drawn_names(bar_closure)
    assert not any(name in chart_text(chart) for chart in (bar_10k, bar_closure, funnel, trend) for name in ALL_HIDDEN)
    assert all(small_chart_counts(chart) == [] for chart in (bar_10k, bar_closure, funnel, trend))
    kochi_city = next(hover_lines(p["hover"]) for p in points(funnel) if p["code"] == "392014")
    assert kochi_city[t("outcomes_col_closed", "ja")] == "302"  # counts are there when they may be shown
    captions = [c.value for c in app.caption]
    assert (
        "秘匿（＊）のため 11 団体はグラフに表示していません。" in captions
    )  # per 10,000: the 11 with fewer than 10 new cases (北川村, 三原村, 安田町 …)
    assert "秘匿（＊）のため 16 団体はグラフに表示していません。" in captions  # closure rate: those and 佐川町 …
    assert any(c.startswith("基準は、秘匿した団体も含む全団体の合計") for c in captions)
    tables = {**csvs(app), **csvs(funnel_app)}
    for key in ("outcomes_bar_csv_consultations_per_10k", "outcomes_bar_csv_closure_rate", "outcomes_funnel_csv"):
        names = set(tables[key].iloc[:, 0])
        assert not names & {*ALL_HIDDEN, "東洋町", "馬路村"}, key
        assert small_values(tables[key], COUNT_HEADERS) == [], key


@pytest.mark.parametrize("key", ["consultations_per_10k", "referral_rate"])
def test_every_funnel_places_only_shown_rows(key, app_database, kochi, monkeypatch):
    frame, _, mask = kochi
    app = run("outcomes", app_database, monkeypatch, **KOCHI, outcomes_view="funnel", outcomes_funnel=key)
    (funnel,) = charts(app)
    assert drawn_names(funnel) == set(frame.loc[public.shown_rows(frame, mask, key), "name"])
    assert small_chart_counts(funnel) == []
    assert public.hidden_rows(frame, mask, key) > 0
    assert set(csvs(app)["outcomes_funnel_csv"].iloc[:, 0]) == drawn_names(funnel)


def test_public_outcomes_csvs_have_no_small_count(app_database, monkeypatch):
    views = [
        ("outcomes", {**place, "outcomes_view": view})
        for place in (KOCHI, {"pref": "09", "fy": "2020"})
        for view in ("table", "bars", "funnel", "targets", "trend")
    ]
    for page, params in (
        *views,
        ("compare", {**KOCHI, "cmp": "392014,393053,394271,394025"}),
        ("profile", {**KOCHI, "profile": "393053"}),
    ):
        app = run(page, app_database, monkeypatch, **params)
        for key, table in csvs(app).items():
            assert small_values(table, COUNT_HEADERS) == [], (page, key)
        for table in tables(app):
            assert small_values(table, COUNT_HEADERS) == [], page
        for chart in charts(app):
            assert small_chart_counts(chart) == [], page


def test_outcomes_targets_keep_large_results(app_database, monkeypatch):
    """宇都宮市's targets (栃木県 FY2020): its results are large, so they stay (a hidden result: tests/analytics)."""
    app = run("outcomes", app_database, monkeypatch, pref="09", fy="2020", outcomes_view="targets")
    targets = csvs(app)["outcomes_targets_csv"]
    assert "宇都宮市" in set(targets.iloc[:, 0])
    assert MARK not in targets[t("outcomes_col_result", "ja")].tolist()


def test_compare_side_by_side_and_charts(app_database, monkeypatch):
    app = run("compare", app_database, monkeypatch, **KOCHI, cmp="392014,393053,394271,394025")
    table = tables(app)[0].set_index(t("detail_item", "ja"))
    assert table.loc[t("compare_item_new_cases", "ja")].tolist() == ["330", MARK, MARK, "24"]
    per_10k = table.loc["相談件数（人口1万人当たり）（95%CI）"].tolist()
    assert per_10k[1:3] == [MARK, MARK] and per_10k[3].startswith("20.3（")
    assert table.loc["終結率（95%CI）"].tolist()[1:] == [MARK, MARK, MARK]
    assert table.loc["第2層協議体の設置率"].tolist()[1].startswith("100.0%")  # councils are not suppressed
    pd.testing.assert_frame_equal(csvs(app)["compare_values_csv"], as_text(tables(app)[0]))
    interval_10k, interval_closure, scatter = charts(app)
    assert drawn_names(interval_10k) == {"高知市", "佐川町"}
    assert drawn_names(interval_closure) == {"高知市"}
    assert not any(name in chart_text(scatter) for name in ALL_HIDDEN)
    assert set(csvs(app)["compare_interval_csv_closure_rate"].iloc[:, 0]) == {"高知市"}
    assert "秘匿（＊）のため 3 団体はグラフに表示していません。" in [c.value for c in app.caption]


def test_profile_spine_hides_the_value_and_keeps_the_distribution_to_shown_values(app_database, monkeypatch):
    app = run("profile", app_database, monkeypatch, **KOCHI, profile="394025")
    spine = tables(app)[0].set_index(t("col_metric", "ja"))
    value, label, count = plain("outcomes_col_value_ci"), plain("outcomes_col_label"), t("profile_count", "ja")
    assert spine.loc["相談件数（人口1万人当たり）", value].startswith("20.3（")
    assert spine.loc["終結率", [value, label]].tolist() == [MARK, MARK]
    assert spine.loc["つないだ割合", [value, label]].tolist() == [MARK, MARK]
    db = Database(app_database)
    try:
        national = _outcome_frame(db, None, 2022)
    finally:
        db.dispose()
    hidden = public.suppress_outcomes(national, THRESHOLD)[1]
    full = ~national["is_partial_year"].eq(True)
    for key, name in (("closure_rate", "終結率"), ("consultations_per_10k", "相談件数（人口1万人当たり）")):
        shown_count = int((public.shown_rows(national, hidden, key) & full).sum())
        assert shown_count < int((national[key].notna() & full).sum())  # some were left out
        assert int(spine.loc[name, count]) == shown_count, key
    (chart,) = charts(app)
    marked = [
        (trace["name"], custom[1])
        for trace in chart["data"]
        if trace.get("type") == "scatter" and trace.get("name") != "高知県"
        for custom in trace.get("customdata") or []
    ]
    assert sorted(v for _, v in marked) == ["100.0%", "20.3（13.0–30.2）"]  # none for hidden rates
    assert MARK not in json.dumps(chart["data"], ensure_ascii=False)
    assert csvs(app)["profile_spine_csv"].equals(as_text(tables(app)[0]))


def test_official_edition_is_unchanged(app_database, monkeypatch):
    app = run("outcomes", app_database, monkeypatch, mode="official", **KOCHI)
    rows = tables(app)[0].set_index(t("col_name", "ja"))
    assert rows.loc["北川村", t("col_new_cases", "ja")] == 5
    assert not any(MARK in "".join(map(str, d.to_numpy().ravel())) for d in tables(app))
    assert not any("＊：秘匿" in c.value for c in app.caption)
    bars = run("outcomes", app_database, monkeypatch, mode="official", **KOCHI, outcomes_view="bars")
    assert "北川村" in drawn_names(charts(bars)[0])
    compare = run("compare", app_database, monkeypatch, mode="official", **KOCHI, cmp="392014,393053")
    assert tables(compare)[0].set_index(t("detail_item", "ja")).loc[t("compare_item_new_cases", "ja")].tolist() == [
        "330",
        "5",
    ]


def test_the_editions_never_share_a_cached_frame(app_database, monkeypatch):
    """The suppressed outcome frame is cached per database, year and edition (dashboard.outcomes.year_shown): a
    process may run both editions, as this one does, and an official count must never reach a public page."""
    for mode, expected in (("official", 5), ("public", MARK), ("official", 5)):
        rows = tables(run("outcomes", app_database, monkeypatch, mode=mode, **KOCHI))[0].set_index(t("col_name", "ja"))
        assert rows.loc["北川村", t("col_new_cases", "ja")] == expected, mode


@pytest.mark.parametrize("page", ["outcomes", "compare", "profile"])
def test_public_pages_run_in_english(page, app_database, monkeypatch):
    app = run(page, app_database, monkeypatch, lang="en", **KOCHI, cmp="392014,393053", profile="393053")
    assert app.title
    assert any(c.value.startswith("＊: suppressed") for c in app.caption)

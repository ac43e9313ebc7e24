"""AppTest smoke test: every page runs without an exception, in both languages, samples shown or hidden."""

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import t
from pages.overview import NO_DETAIL
from tests.dashboard.html_tables import kpi_values, tables
from tests.dashboard.page_runner import run_page as _run_page

PAGES = [
    "overview",
    "rollout_map",
    "outcomes",
    "compare",
    "profile",
    "councils",
    "sources",
    "data_import",
    "district_upload",
    "review",
    "about",
    "briefing",
    "users",
]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("sample", ["1", "0"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page, lang, sample, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, args=(page,), default_timeout=60)
    app.query_params.update({"lang": lang, "pref": "09", "fy": "2020", "sample": sample, "muni": "092011"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title, "every page has a title"


@pytest.mark.parametrize("pref", ["34", "39", "13"])
def test_overview_for_other_prefectures(pref, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, args=("overview",), default_timeout=60)
    app.query_params.update({"pref": pref, "fy": "2024"})
    app.run()
    assert not app.exception


def test_router_opens_the_overview(app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_file("../../app/streamlit_app.py", default_timeout=60)
    app.run()
    assert not app.exception


def test_footer_names_the_sources_the_data_cite(app_database, monkeypatch):
    """The demo cites four of the five seed documents and has samples: the footer names exactly those."""
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_file("../../app/streamlit_app.py", default_timeout=60)
    app.run()
    footer = app.caption[-1].value
    assert "データの出典: 宇都宮市「第2層協議体の進捗状況（令和2年12月）」、高知県「" in footer
    assert "、サンプル（合成データ）。自治体マスタ: japancode パッケージ。" in footer
    assert "モデル事業実施自治体" not in footer  # a seed document no fact cites
    assert footer.startswith("最終更新 ")
    assert app.title[0].value == "栃木県 概要"


def test_unreachable_database_shows_the_setting_in_japanese(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app@127.0.0.1:1/none")
    app = AppTest.from_file("../../app/streamlit_app.py", default_timeout=60)
    app.run()
    assert not app.exception
    assert any("DATABASE_URL" in e.value and "接続できません" in e.value for e in app.error)


@pytest.mark.parametrize("level", ["prefecture", "municipality"])
def test_map_without_boundary_files_falls_back_and_says_so(level, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    monkeypatch.setenv("DASHBOARD_GEO_DIR", "")
    app = AppTest.from_function(_run_page, args=("rollout_map",), default_timeout=60)
    app.query_params.update({"pref": "09", "fy": "2022", "level": level, "muni": "092011"})
    app.run()
    assert not app.exception
    if level == "prefecture":
        assert any("境界" in info.value for info in app.info)


def test_source_labels_reads_the_sources_once_for_a_column(app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    from dashboard import data, widgets

    sources = data.query("sources")
    document = int(sources.index[sources["kind"] == "document"][0])
    synthetic = int(sources.index[sources["kind"] == "synthetic"][0])
    calls = []
    real_query = widgets.query
    monkeypatch.setattr(widgets, "query", lambda *a: calls.append(a) or real_query(*a))
    labels = widgets.source_labels([document, synthetic, None, float("nan"), document], "ja", missing="—")
    assert calls == [("sources",)]
    assert labels[0] == labels[4] == widgets.source_label(document, "ja")
    assert "行" in labels[0] and labels[1] == widgets.source_label(synthetic, "ja")
    assert labels[2:4] == ["—", "—"]
    assert widgets.source_labels([None], "ja") == [widgets.source_label(None, "ja")]


def test_overview_shows_a_chosen_municipalitys_values_with_their_sources(app_database, monkeypatch):
    """The table is sortable HTML; choosing a municipality under it lists each value's source and cited line."""
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, args=("overview",), default_timeout=60)
    app.query_params.update({"pref": "09", "fy": "2020"})
    app.run()
    [table] = tables(app)
    assert "宇都宮市" in set(table["市町村"]) and len(table) == 25
    picker = app.selectbox(key="overview_detail_09_2020")
    assert picker.value == NO_DETAIL
    picker.set_value("092011").run()
    assert not app.exception
    assert app.header[-1].value == "宇都宮市 の値と出典"
    detail = tables(app)[1].set_index("項目")
    assert detail.loc["設置済地区", "値"] == "26 / 39 地区"
    assert "行目" in detail.loc["設置済地区", "出典"]
    assert app.code, "the cited lines are quoted"


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("councils", {"muni": "092011"}),
        ("rollout_map", {"level": "municipality", "muni": "092011"}),
    ],
)
def test_one_fact_one_value_utsunomiyas_coverage(page, params, app_database, monkeypatch):
    """宇都宮市 reported 26 of 39 districts set up on 2020-12-24: 協議体 and the map state that, as 概要 does, not a
    count of (sample) district rows at the year's end (27) — issue #18."""
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, args=(page,), default_timeout=60)
    app.query_params.update({"pref": "09", "fy": "2020", **params})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    values = kpi_values(app)
    assert "26 / 39 地区" in values and "27 / 39 地区" not in values


@pytest.mark.parametrize(
    ("lang", "kinds"), [("ja", ["デモデータ", "公的統計"]), ("en", ["Demo data", "Official statistics"])]
)
def test_the_import_history_names_each_kind_in_words(lang, kinds, app_database, monkeypatch):
    """The audit log says what each batch loaded in the reader's language, not the code it is stored under."""
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, args=("sources",), default_timeout=60)
    app.query_params.update({"lang": lang, "pref": "09", "fy": "2020"})
    app.run()
    history = next(table for table in tables(app) if t("col_batch_kind", lang) in table.columns)
    assert list(history[t("col_batch_kind", lang)]) == kinds  # newest first: the demo, then the statistics

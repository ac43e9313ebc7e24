"""Public transparency mode (DASHBOARD_MODE=public): navigation without data management, suppressed tables,
CSV downloads equal to what is shown, and the officials' edition unchanged."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.suppression import MARK, is_small
from core import settings
from core.i18n import t
from dashboard import navigation
from pages import SCREENS
from tests.dashboard.html_tables import kpi_captions, tables
from tests.dashboard.page_runner import run_page_keeping_csv as _run_page

KOCHI = {"pref": "39", "fy": "2022"}  # demo: 三原村 1 and 安田町 2 new consultations, 北川村 4 closed


def run(page: str, mode: str, url: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_MODE", mode)
    app = AppTest.from_function(_run_page, args=(page,), default_timeout=60)
    app.query_params.update({"lang": "ja", **params})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def csv_of(app: AppTest, key: str) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(app.session_state["csv"][key]), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as the CSV writes it (strings; missing = empty)."""
    return pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype=str, keep_default_na=False)


# ---------------------------------------------------------------------------------------------- settings


def test_mode_and_threshold_are_declared_once_with_defaults(monkeypatch):
    assert settings.SETTINGS["DASHBOARD_MODE"].default == "official"
    assert settings.SETTINGS["DASHBOARD_SUPPRESSION_THRESHOLD"].default == "5"
    monkeypatch.delenv("DASHBOARD_MODE", raising=False)
    monkeypatch.delenv("DASHBOARD_SUPPRESSION_THRESHOLD", raising=False)
    assert settings.mode() == "official" and not settings.is_public() and settings.suppression_threshold() == 5
    monkeypatch.setenv("DASHBOARD_MODE", "Public")
    monkeypatch.setenv("DASHBOARD_SUPPRESSION_THRESHOLD", "10")
    assert settings.is_public() and settings.suppression_threshold() == 10


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DASHBOARD_MODE", "pubilc"),
        ("DASHBOARD_MODE", ""),
        ("DASHBOARD_SUPPRESSION_THRESHOLD", "0"),
        ("DASHBOARD_SUPPRESSION_THRESHOLD", "five"),
    ],
)
def test_a_bad_value_is_an_error_not_a_silent_default(name, value, monkeypatch):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        settings.mode() if name == "DASHBOARD_MODE" else settings.suppression_threshold()


# -------------------------------------------------------------------------------------------- navigation


DATA_MANAGEMENT = {"data-import", "review", "district-boundaries", "users"}  # users: the 利用者 (admin) screen


def paths(sections) -> list[str]:
    return [s.url_path for members in sections.values() for s in members]


def test_public_navigation_has_no_data_management_section():
    public = navigation.screens(SCREENS, "public")
    assert list(public) == ["section_overall", "section_municipality"]
    assert not DATA_MANAGEMENT & set(paths(public))
    assert {"", "map", "outcomes", "compare", "profile", "about", "sources", "councils"} <= set(paths(public))
    assert set(paths(public)) <= set(paths(navigation.screens(SCREENS, "official"))) - DATA_MANAGEMENT


def test_official_navigation_keeps_data_management():
    official = navigation.screens(SCREENS, "official")
    assert list(official) == ["section_overall", "section_municipality", "section_data"]
    assert {s.url_path for s in official["section_data"]} == DATA_MANAGEMENT | {"sources"}
    assert official["section_overall"][0].url_path == ""  # 概要 stays the default page


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        navigation.screens(SCREENS, "guest")


def _navigation_of_app() -> None:
    """The router's navigation, recorded instead of run (what st.navigation receives)."""
    import streamlit as st

    from core import settings as config
    from dashboard import navigation as nav
    from dashboard import widgets
    from pages import SCREENS as screens

    pages = nav.app_pages(screens, config.mode(), "ja")
    st.session_state["sections"] = {section: [p.url_path for p in members] for section, members in pages.items()}
    page = st.navigation(pages)
    widgets.sidebar_filters()
    page.run()


@pytest.mark.parametrize("mode", ["public", "official"])
def test_registered_pages_per_mode(mode, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    monkeypatch.setenv("DASHBOARD_MODE", mode)
    app = AppTest.from_function(_navigation_of_app, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    sections = app.session_state["sections"]
    registered = {path for members in sections.values() for path in members}
    if mode == "public":
        assert "データ管理" not in sections and not DATA_MANAGEMENT & registered
        assert "sources" in sections["全体"]
    else:
        assert set(sections["データ管理"]) == DATA_MANAGEMENT | {"sources"}


@pytest.mark.parametrize("mode", ["public", "official"])
def test_router_runs_and_badges_the_public_edition(mode, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    monkeypatch.setenv("DASHBOARD_MODE", mode)
    app = AppTest.from_file("../../app/streamlit_app.py", default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "栃木県 概要"
    badges = [m.value for m in app.sidebar.markdown if "公開版" in m.value]
    assert badges == ([":blue-badge[公開版]"] if mode == "public" else [])


# ------------------------------------------------------------------------------------------------ 概要

SUPPRESSIBLE = ["新規相談", "人口1万人当たり", "終結率"]


def _case_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if any(c.startswith(prefix) for prefix in SUPPRESSIBLE)]


def test_public_overview_hides_small_counts_and_their_rates(app_database, monkeypatch):
    app = run("overview", "public", app_database, monkeypatch, **KOCHI)
    table = tables(app)[0]
    cases = _case_columns(table)
    assert len(cases) == 3, table.columns
    rows = table.set_index("市町村")
    assert rows.loc["三原村", cases].tolist() == [MARK, MARK, MARK]
    assert rows.loc["安田町", cases].tolist() == [MARK, MARK, MARK]
    assert rows.loc["北川村", cases].tolist() == ["5", "42.5", MARK]  # 4 closed cases: only the closure rate goes
    assert rows.loc["高知市", cases].tolist() == ["330", "10.6", "53.9"]
    for column in cases:  # no value between 1 and 4 in any case column
        numbers = pd.to_numeric(table[column], errors="coerce")
        assert not numbers[numbers.round(0) == numbers].map(is_small).any(), column
    assert any("＊：秘匿" in c.value for c in app.caption)


def test_public_overview_csv_is_exactly_the_table(app_database, monkeypatch):
    app = run("overview", "public", app_database, monkeypatch, **KOCHI)
    shown = as_text(tables(app)[0])
    downloaded = csv_of(app, "overview_csv")
    # the screen marks sample cells; the download keeps a column that says so per row
    assert set(downloaded["サンプル"]) <= {"サンプル", ""} and "サンプル" not in shown.columns
    pd.testing.assert_frame_equal(downloaded.drop(columns="サンプル"), shown)
    assert (downloaded.loc[downloaded.iloc[:, 0] == "三原村", _case_columns(downloaded)] == MARK).all(axis=None)


@pytest.mark.parametrize(("mode", "closure_caption"), [("public", "偶然のばらつきを考えた幅 "), ("official", "終結 ")])
def test_closure_kpi_caption_gives_counts_to_officials_only(mode, closure_caption, app_database, monkeypatch):
    app = run("overview", mode, app_database, monkeypatch, **KOCHI)
    captions = kpi_captions(app)
    assert any(c.startswith(closure_caption) for c in captions), captions
    assert any(c.startswith("終結 ") and " / 対象 " in c for c in captions) is (mode == "official")


def test_official_overview_is_unchanged(app_database, monkeypatch):
    app = run("overview", "official", app_database, monkeypatch, **KOCHI)
    table = tables(app)[0]
    row = table[table.iloc[:, 0] == "三原村"].iloc[0]
    assert row["新規相談(件)"] == 1
    assert not any("＊：秘匿" in c.value for c in app.caption)
    assert MARK not in csv_of(app, "overview_csv").to_string()


def test_the_editions_never_share_a_cached_year(app_database, monkeypatch):
    """概要's year is cached per database, year and edition (dashboard.widgets.prefecture_year): a server runs one
    edition, but a process may run both, as this one does, and an official number must never reach a public page."""
    for mode, expected in (("official", 1), ("public", MARK), ("official", 1)):
        table = tables(run("overview", mode, app_database, monkeypatch, **KOCHI))[0]
        assert table.set_index(table.columns[0]).loc["三原村", _case_columns(table)[0]] == expected, mode


# --------------------------------------------------------------------------------------- map, councils


def test_public_map_table_and_csv_are_suppressed(app_database, monkeypatch):
    app = run("rollout_map", "public", app_database, monkeypatch, layer="consultations_per_10k", **KOCHI)
    table = tables(app)[0]
    by_name = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    assert by_name["安田町"] == MARK and by_name["三原村"] == MARK and by_name["高知市"] == "10.6"
    pd.testing.assert_frame_equal(csv_of(app, "map_csv").drop(columns="サンプル"), as_text(table))


def test_public_councils_activity_counts_are_suppressed(app_database, monkeypatch):
    app = run("councils", "public", app_database, monkeypatch, pref="09", fy="2020", muni="092011")
    activity = tables(app)[-1]
    values = dict(zip(activity["指標"] if "指標" in activity else activity.iloc[:, 1], activity["値"]))
    assert values["情報交換会の開催回数"] == MARK  # 1 回
    assert values["情報交換会の参加者数"] == "114"
    pd.testing.assert_frame_equal(csv_of(app, "activity_csv"), as_text(activity))
    districts = tables(app)[-2]
    meetings = pd.to_numeric(
        districts["開催回数"] if "開催回数" in districts else districts.iloc[:, 4], errors="coerce"
    )
    assert not meetings.map(is_small).any()


def test_official_councils_activity_shows_every_count(app_database, monkeypatch):
    app = run("councils", "official", app_database, monkeypatch, pref="09", fy="2020", muni="092011")
    assert 1 in tables(app)[-1].iloc[:, 2].tolist()


def test_public_sources_page_has_no_audit_log(app_database, monkeypatch):
    public = run("sources", "public", app_database, monkeypatch, pref="34", fy="2024")
    official = run("sources", "official", app_database, monkeypatch, pref="34", fy="2024")
    assert len(official.header) == len(public.header) + 1
    assert "取り込み履歴" in official.header[-1].value


def test_about_page_states_the_rule_in_both_languages(app_database, monkeypatch):
    for lang, words in (("ja", ["公開版の秘匿のルール", "1〜4件"]), ("en", ["Suppression rule", "1–4"])):
        app = run("about", "public", app_database, monkeypatch, lang=lang)
        text = " ".join(m.value for m in app.markdown)
        assert all(w in text for w in words), lang


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("overview", {"pref": "09", "fy": "2020", "sample": "0"}),
        ("rollout_map", {"pref": "39", "fy": "2022", "layer": "closure_rate"}),
        ("rollout_map", {"pref": "09", "fy": "2020", "level": "municipality", "muni": "092011"}),
        ("councils", {"pref": "09", "fy": "2020", "muni": "092011", "sample": "0"}),
        ("sources", {"pref": "34", "fy": "2024"}),
        ("about", {}),
        ("outcomes", {"pref": "39", "fy": "2022"}),
        ("compare", {"pref": "39", "fy": "2022"}),
        ("profile", {"pref": "39", "fy": "2022", "profile": "392014"}),
    ],
)
def test_public_pages_run_in_both_languages(page, params, lang, app_database, monkeypatch):
    app = run(page, "public", app_database, monkeypatch, lang=lang, **params)
    assert app.title


# --------------------------------------------------------------------------------------- plain words
# The statistical words the residents' edition leaves to the about page (officials keep them)
JARGON = ("良くない", "管理限界", "Wilson", "p = ", "信頼区間", "ファンネル", "SHA-256", "ハッシュ", ".txt")
PLAIN_SCREENS = [
    ("overview", {}),
    ("rollout_map", {"layer": "council_coverage"}),
    *[("outcomes", {"outcomes_view": view}) for view in ("table", "bars", "funnel", "targets", "trend")],
    ("compare", {}),
    ("profile", {"profile": "392014"}),
    ("councils", {"pref": "09", "fy": "2020", "muni": "092011"}),
    ("sources", {}),
]


def _screen_text(app: AppTest) -> str:
    """Every word a screen sent: headings, text, captions, notices, widget labels and options, tables (HTML) and
    the charts' JSON (titles, legends, hover texts)."""
    parts = [e.value for kind in ("title", "header", "markdown", "caption", "info", "warning") for e in app.get(kind)]
    # 「この指標について」, opened on request, keeps the indicator's method like the about page
    parts = [part for part in parts if not part.startswith(f"**{t('outcomes_about_definition', 'ja')}**")]
    parts += [e.proto.body for e in app.get("html")]
    parts += [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in app.get("plotly_chart")]
    for kind in ("radio", "selectbox", "segmented_control", "button", "expander"):
        for widget in app.get(kind):
            parts.append(str(getattr(widget, "label", "")))
            parts += [str(o) for o in getattr(widget, "options", [])]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("page", "params"), PLAIN_SCREENS, ids=[f"{p}-{'-'.join(q.values())}" for p, q in PLAIN_SCREENS]
)
def test_public_screens_speak_plain_words_and_officials_keep_theirs(page, params, app_database, monkeypatch):
    query = {**KOCHI, "muni": "392014", **params}
    public = _screen_text(run(page, "public", app_database, monkeypatch, **query))
    found = {
        word: public[max(0, public.index(word) - 60) : public.index(word) + 9] for word in JARGON if word in public
    }
    assert not found, found
    if page == "outcomes" and params["outcomes_view"] in ("bars", "funnel"):
        official = _screen_text(run(page, "official", app_database, monkeypatch, **query))
        assert "信頼区間" in official or "管理限界" in official  # the officials' vocabulary is still theirs


@pytest.mark.parametrize(
    ("page", "term"), [("overview", "第2層協議体："), ("rollout_map", "重層事業（重層的支援体制整備事業）：")]
)
def test_public_screens_define_the_terms_they_use_first(page, term, app_database, monkeypatch):
    public = run(page, "public", app_database, monkeypatch, **KOCHI)
    official = run(page, "official", app_database, monkeypatch, **KOCHI)
    assert any(term in c.value for c in public.caption)
    assert not any(term in c.value for c in official.caption)


def test_public_judgements_say_which_side_of_the_benchmark(app_database, monkeypatch):
    app = run("outcomes", "public", app_database, monkeypatch, **KOCHI, outcomes_view="table")
    text = _screen_text(app)
    assert "基準より高い" in text or "基準より低い" in text
    assert "良い" not in text.replace("望ましい", "")

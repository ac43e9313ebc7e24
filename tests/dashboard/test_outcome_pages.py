"""AppTest for the comparison screens: 相談・成果, 比較, 自治体プロフィール."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.chart_markup import app_charts, facts
from tests.dashboard.html_tables import tables
from tests.dashboard.page_runner import open_sections
from tests.dashboard.page_runner import run_page as _run_page

PAGES = ["outcomes", "compare", "profile"]


def _app(page, app_database, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, args=(page,), default_timeout=120)
    app.query_params.update(params)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _charts(app: AppTest) -> list:
    return app_charts(app)  # the server-rendered SVG figures (widgets.chart)


def _text(app: AppTest) -> str:
    cells = [str(v) for d in tables(app) for v in d.astype(str).to_numpy().ravel()]
    parts = (
        [m.value for m in app.markdown if 'class="dash-chart"' not in m.value] + [c.value for c in app.caption] + cells
    )
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("sample", ["1", "0"])
@pytest.mark.parametrize("pref", ["09", "34", "39", "13"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs(page, pref, sample, lang, app_database, monkeypatch):
    app = _app(page, app_database, monkeypatch, lang=lang, pref=pref, fy="2024", sample=sample, outcomes_view="bars")
    assert app.title
    if sample == "1" and pref != "13":
        assert _charts(app), "the main chart is drawn"
    if page == "outcomes" and (sample == "0" or pref == "13"):
        # every consultation row of the demo is synthetic: hidden samples leave no data, and says so
        assert app.info
        assert not _charts(app)


def test_outcomes_shows_the_pooled_benchmark_and_the_utsunomiya_target(app_database, monkeypatch):
    bars = _app("outcomes", app_database, monkeypatch, pref="09", fy="2020", sample="1", outcomes_view="bars")
    assert "基準値: 55.3%（25団体の合計から算出）" in _text(bars)  # Σ closed / Σ (new + continuing), 栃木県 FY2020
    assert len(_charts(bars)) == 2  # one bar chart per indicator
    targets = _app("outcomes", app_database, monkeypatch, pref="09", fy="2020", sample="1", outcomes_view="targets")
    assert "対象期間が異なるため比較できません" in _text(targets)  # 26/39 as of 2020-12-24 against 39 by 2021-03-31
    assert not _charts(targets)


@pytest.mark.parametrize(
    ("view", "charts", "table_count", "opened"),
    [
        ("table", 0, 1, 1),
        ("bars", 2, 0, 2),
        ("funnel", 1, 0, 1),
        ("targets", 0, 1, 1),
        ("trend", 1, 0, 1),
    ],
)
def test_outcomes_draws_only_the_chosen_view(view, charts, table_count, opened, app_database, monkeypatch):
    """The heavy sections are lazy: only the chosen view's charts and tables are sent, the view is in the URL; a
    chart's 「表で見る」 table only once opened."""
    app = _app("outcomes", app_database, monkeypatch, pref="09", fy="2020", sample="1", outcomes_view=view)
    assert len(_charts(app)) == charts
    assert len(tables(app)) == table_count
    assert app.query_params["outcomes_view"] == view
    assert app.radio[0].value == "prefecture"  # the benchmark stays above every view
    assert app.caption[0].value == "年度: 令和2年度（2020年度）"
    open_sections(app)
    assert len(tables(app)) == opened  # the 「表で見る」 alternative of each chart, or the view's table
    assert len(_charts(app)) == charts


def test_outcomes_opens_on_the_table_and_switches_views(app_database, monkeypatch):
    app = _app("outcomes", app_database, monkeypatch, pref="09", fy="2020", sample="1")
    control = app.get("button_group")[0]
    assert control.value == "table" and app.query_params["outcomes_view"] == "table"
    assert not _charts(app)
    control.set_value("funnel").run()
    assert app.query_params["outcomes_view"] == "funnel"
    assert len(_charts(app)) == 1


def test_outcomes_view_labels_follow_the_language(app_database, monkeypatch):
    app = _app("outcomes", app_database, monkeypatch, pref="09", fy="2020", lang="en")
    assert list(app.get("button_group")[0].proto.options)[2].content == "Funnel plot"


def test_outcomes_national_benchmark(app_database, monkeypatch):
    app = _app(
        "outcomes",
        app_database,
        monkeypatch,
        pref="09",
        fy="2020",
        sample="1",
        outcomes_bench="national",
        outcomes_view="bars",
    )
    assert "82団体" in _text(app)


def test_compare_keeps_the_chosen_municipalities_in_the_url(app_database, monkeypatch):
    app = _app("compare", app_database, monkeypatch, pref="09", fy="2020", cmp="092011,342025,392014")
    assert app.multiselect[0].value == ["092011", "342025", "392014"]
    assert app.query_params["cmp"] == "092011,342025,392014"
    table = tables(app)[0]
    assert list(table.columns[1:]) == ["宇都宮市", "広島市", "高知市"] or "宇都宮市" in table.columns


def test_compare_scatter_names_each_municipalitys_prefecture(app_database, monkeypatch):
    """Names repeat across the country (府中市 in 東京都 and 広島県): the scatter's table has a prefecture column and
    a grey point's tooltip says 「市町村名（都道府県）」."""
    app = _app("compare", app_database, monkeypatch, pref="09", fy="2020", cmp="092011,342025,392014")
    open_sections(app)
    scatter_table = next(table for table in tables(app) if "都道府県" in table.columns)
    rows = scatter_table.set_index("市町村")
    assert rows.loc["宇都宮市", "都道府県"] == "栃木県" and rows.loc["広島市", "都道府県"] == "広島県"
    assert scatter_table["都道府県"].notna().all()
    chosen = {"宇都宮市", "呉市", "高知市"}
    grey = [row["name"] for row in facts(_charts(app)[-1]) if row["name"].removesuffix("（サンプル）") not in chosen]
    assert grey and not [n for n in grey if not re.fullmatch(r".+（.+[都道府県]）(（サンプル）)?", n)]


def test_compare_similar_municipalities(app_database, monkeypatch):
    app = _app(
        "compare", app_database, monkeypatch, pref="09", fy="2020", cmp_mode="similar", cmp_base="092011", cmp_k="4"
    )
    neighbours = tables(app)[0]
    assert len(neighbours) == 4
    assert tables(app)[1].shape[1] == 1 + 5  # item column + 宇都宮市 and four neighbours


def test_profile_spine_has_one_row_per_indicator(app_database, monkeypatch):
    app = _app("profile", app_database, monkeypatch, pref="09", fy="2020", profile="092011")
    assert app.title[0].value == "宇都宮市 プロフィール"
    spine = tables(app)[0]
    assert len(spine) == 4
    assert spine.iloc[3]["値（95%信頼区間）"].startswith("66.7%")  # 26 of 39 districts (reported)
    assert app.query_params["profile"] == "092011"

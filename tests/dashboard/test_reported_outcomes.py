"""AppTest: accepted report figures reach 相談・成果, 比較 and プロフィール for FY2018 with unit and period, partial
years flagged and never pooled with full years."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import seeds_dir
from data_access import cli, review
from data_access.database import Database
from tests.conftest import SEED_004, unavailable
from tests.dashboard.html_tables import tables
from tests.dashboard.page_runner import run_page

YAHABA, TENDO, TAKANEZAWA = "033227", "062103", "093866"


pytestmark = pytest.mark.xdist_group("reported_outcomes")  # one worker builds the module's fixture


@pytest.fixture(scope="module")
def reviewed_url(app_database) -> str:
    """The demo database with the seed imported and a few of its figures accepted."""
    directory = seeds_dir()
    if directory is None or not (directory / SEED_004).is_file():
        unavailable(f"seed {SEED_004} not available")
    assert cli.main(["--database-url", app_database, "import-report", str(directory / SEED_004)]) == 0
    db = Database(app_database)
    queue = review.review_queue(db)
    for code in (YAHABA, TENDO, TAKANEZAWA):
        for candidate_id in queue.loc[queue["municipality_code"] == code, "id"]:
            review.accept(db, int(candidate_id), "reviewer")
    db.dispose()
    return app_database


def _app(page: str, url: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_function(run_page, args=(page,), default_timeout=120)
    app.query_params.update({"fy": "2018", "sample": "1", **params})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _reported(app: AppTest):
    return next(table for table in tables(app) if "実数/延べ" in table.columns)


def test_outcomes_lists_the_accepted_figures_with_unit_and_period(reviewed_url, monkeypatch):
    app = _app("outcomes", reviewed_url, monkeypatch, pref="03", outcomes_view="table")
    figures = _reported(app)
    yahaba = figures[figures["市町村"] == "矢巾町"].set_index("項目")
    assert yahaba.loc["前年度からの継続件数", "値"] == "32"
    assert yahaba.loc["終結率", ["値", "単位", "目標"]].tolist() == ["57.6", "%", "70.0"]
    assert set(yahaba["集計期間の終わり"]) == {"年度途中（2019-02-28まで）"}
    assert any("矢巾町（2019-02-28）" in w.value for w in app.warning)  # the partial year is flagged, not pooled


def test_other_units_and_contacts_are_listed_not_added(reviewed_url, monkeypatch):
    app = _app("profile", reviewed_url, monkeypatch, pref="06", muni=TENDO, profile=TENDO)
    figures = _reported(app)
    assert sorted(zip(figures["値"], figures["単位"], figures["実数/延べ"], strict=True)) == [
        ("110", "回", "延べ"),
        ("372", "回", "延べ"),
        ("482", "回", "延べ"),
        ("57", "世帯", "実数"),
    ]
    assert set(figures.loc[figures["値"].isin(["110", "372"]), "内訳"]) == {
        "内訳 支援（訪問・同行支援）",
        "内訳 相談（面談・電話による相談）",
    }


def test_compare_shows_the_figures_of_the_chosen_municipalities(reviewed_url, monkeypatch):
    app = _app("compare", reviewed_url, monkeypatch, pref="09", cmp=f"{TAKANEZAWA},092011")
    figures = _reported(app)
    assert figures[["市町村", "項目", "値", "単位", "集計期間の終わり"]].values.tolist() == [
        ["高根沢町", "相談件数", "91", "件", "年度途中（2019-02-28まで）"]
    ]
    side = tables(app)[0]
    assert "年度途中（2019-02-28まで）" in set(side.iloc[:, 1:].to_numpy().ravel())  # the period row of 比較

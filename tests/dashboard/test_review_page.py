"""AppTest of the review screen: empty-queue guidance, the imported candidates, and the review buttons."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import seeds_dir
from data_access import cli, queries, review
from data_access.database import Database
from tests.dashboard.auth_helpers import log_in
from tests.dashboard.html_tables import tables

SEED_NAME = "004_2b585c156c0342d7.txt"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("review_app") / "demo.sqlite3"
    assert cli.main(["--database-url", f"sqlite:///{path}", "ensure-demo"]) == 0
    return path


@pytest.fixture
def imported_url(demo_file, tmp_path) -> str:
    directory = seeds_dir()
    seed = directory / SEED_NAME if directory else None
    if seed is None or not seed.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed {SEED_NAME} is required in CI (DASHBOARD_SEEDS_DIR)")
        pytest.skip(f"seed {SEED_NAME} not available")
    copy = tmp_path / "imported.sqlite3"
    shutil.copy(demo_file, copy)
    url = f"sqlite:///{copy}"
    assert cli.main(["--database-url", url, "import-report", str(seed)]) == 0
    return url


def _run_page() -> None:
    from dashboard import widgets
    from pages import review as review_page

    widgets.sidebar_filters()
    review_page.render()


def _app(url: str, monkeypatch, lang: str = "ja") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = log_in(AppTest.from_function(_run_page, default_timeout=60))
    app.query_params.update({"lang": lang, "pref": "09", "fy": "2020"})
    return app.run()


def _candidate_id(url: str, code: str, metric: str) -> int:
    db = Database(url)
    queue = review.review_queue(db)
    db.dispose()
    return int(queue[(queue["municipality_code"] == code) & (queue["metric"] == metric)]["id"].iloc[0])


def test_empty_queue_says_how_to_fill_it(demo_file, tmp_path, monkeypatch):
    copy = tmp_path / "empty.sqlite3"
    shutil.copy(demo_file, copy)
    app = _app(f"sqlite:///{copy}", monkeypatch)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "成果値のレビュー"
    assert "まだありません" in app.info[0].value
    assert "python -m data_access import-report" in app.code[0].value
    assert not tables(app)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_imported_candidates_of_the_sidebar_prefecture_are_listed(imported_url, monkeypatch, lang):
    app = _app(imported_url, monkeypatch, lang)
    assert not app.exception, [e.value for e in app.exception]
    table = tables(app)[0]
    assert len(table) == 7  # 栃木県: 栃木市 3, 市貝町 2, 高根沢町 1, 那珂川町 1 pending
    if lang == "ja":
        assert list(table["自治体"]) == ["栃木市"] * 3 + ["市貝町"] * 2 + ["高根沢町", "那珂川町"]
        assert list(table["項目"])[:3] == ["相談件数", "終結件数", "複合的な課題の相談件数"]
        assert list(table["単位"])[:3] == ["件", "世帯", "世帯"]
        assert set(table["状態"]) == {"レビュー待ち"}
    # the first candidate's quote and the document lines around it
    assert any("40" in code.value for code in app.code)
    assert any("▶ 10323:" in code.value for code in app.code)


def test_accept_changes_the_status_and_reaches_the_consultation_table(imported_url, monkeypatch):
    takanezawa = _candidate_id(imported_url, "093866", "consultations")  # 91 件, 2月まで
    app = _app(imported_url, monkeypatch)
    app.selectbox(key="review_candidate").set_value(takanezawa).run()
    app.button(key="review_accept").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(f"#{takanezawa} を承認しました" in s.value and "2019-02-28" in s.value for s in app.success)
    assert len(tables(app)[0]) == 6  # gone from the pending list
    db = Database(imported_url)
    assert review.review_queue(db).set_index("id").loc[takanezawa, ["status", "reviewed_by"]].tolist() == [
        "accepted",
        "local",
    ]
    row = queries.consultations(db, "09", 2018).loc["093866"]
    db.dispose()
    assert (row["new_cases"], row["period_end"], row["is_partial_year"]) == (91, dt.date(2019, 2, 28), True)


def test_correct_and_reject_from_the_page(imported_url, monkeypatch):
    ichikai = _candidate_id(imported_url, "093441", "consultations")  # 市貝町 464 件 (target 50)
    app = _app(imported_url, monkeypatch)
    app.selectbox(key="review_candidate").set_value(ichikai).run()
    app.number_input(key=f"review_value_{ichikai}").set_value(460).run()
    app.button(key="review_correct").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("460件 に修正して承認しました" in s.value for s in app.success)
    app.selectbox(key="review_status").set_value("corrected").run()
    table = tables(app)[0]
    assert (list(table["番号"]), list(table["修正値"]), list(table["担当者"])) == ([ichikai], ["460"], ["local"])
    app.button(key="review_reject").click().run()
    assert any(f"#{ichikai} を却下しました" in s.value for s in app.success)
    assert any("外しました" in s.value for s in app.success)
    db = Database(imported_url)
    assert review.review_queue(db).set_index("id").loc[ichikai, "status"] == "rejected"
    assert "093441" not in queries.consultations(db, "09", 2018).index
    db.dispose()

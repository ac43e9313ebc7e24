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


pytestmark = pytest.mark.xdist_group("review_page")  # one worker builds the module's fixture


@pytest.fixture(scope="module")
def imported_file(demo_sqlite_file, tmp_path_factory) -> Path:
    """The demo with seed 004's report imported, once per module; each test reviews a copy."""
    directory = seeds_dir()
    seed = directory / SEED_NAME if directory else None
    if seed is None or not seed.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed {SEED_NAME} is required in CI (DASHBOARD_SEEDS_DIR)")
        pytest.skip(f"seed {SEED_NAME} not available")
    path = tmp_path_factory.mktemp("review_app") / "imported.sqlite3"
    shutil.copy(demo_sqlite_file, path)
    assert cli.main(["--database-url", f"sqlite:///{path}", "import-report", str(seed)]) == 0
    return path


@pytest.fixture
def imported_url(imported_file, tmp_path) -> str:
    copy = tmp_path / "imported.sqlite3"
    shutil.copy(imported_file, copy)
    return f"sqlite:///{copy}"


def _run_page() -> None:
    from dashboard import widgets
    from pages import review as review_page

    widgets.sidebar_filters()
    review_page.render()


def _app(url: str, monkeypatch, lang: str = "ja", pref: str = "09") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = log_in(AppTest.from_function(_run_page, default_timeout=60))
    app.query_params.update({"lang": lang, "pref": pref, "fy": "2020"})
    return app.run()


def _candidate_id(url: str, code: str, metric: str) -> int:
    db = Database(url)
    queue = review.review_queue(db)
    db.dispose()
    found = queue[(queue["municipality_code"] == code) & (queue["metric"] == metric)]
    return int(found.sort_values("source_line")["id"].iloc[0])


def test_empty_queue_says_how_to_fill_it(demo_sqlite_file, tmp_path, monkeypatch):
    copy = tmp_path / "empty.sqlite3"
    shutil.copy(demo_sqlite_file, copy)
    app = _app(f"sqlite:///{copy}", monkeypatch)
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "成果値のレビュー"
    assert "まだありません" in app.info[0].value
    assert "python -m data_access import-report" in app.code[0].value
    assert not tables(app)


def _candidate_key(app: AppTest) -> str:
    return next(box.key for box in app.selectbox if box.key.startswith("review_candidate_"))


def _open_report(app: AppTest, url: str, code: str) -> None:
    """Choose the report of a municipality."""
    db = Database(url)
    queue = review.review_queue(db)
    db.dispose()
    row = queue[queue["municipality_code"] == code].iloc[0]
    app.selectbox(key="review_report").set_value(f"{row['document']}#{row['report_index']}").run()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_candidates_of_the_sidebar_prefecture_are_grouped_by_report(imported_url, monkeypatch, lang):
    app = _app(imported_url, monkeypatch, lang)
    assert not app.exception, [e.value for e in app.exception]
    reports = app.selectbox(key="review_report")
    assert len(reports.options) == 4  # 栃木県: 栃木市, 市貝町, 高根沢町, 那珂川町
    table = tables(app)[0]
    assert len(table) == 8  # 栃木市's candidates, the most certain first
    if lang == "ja":
        assert "栃木市（8 件）" in reports.options[0]
        assert set(table["自治体"]) == {"栃木市"}
        confidence = [float(v) for v in table["読み取りの確かさ"]]
        assert confidence == sorted(confidence, reverse=True)
        assert set(table["状態"]) == {"レビュー待ち"}
        assert {"実数"} == set(table["実数/延べ"])
        assert "10357, 10363" in set(table["行"])  # 2 世帯 closed, stated twice
    # the chosen candidate's quote and the document lines around it
    assert any("▶" in code.value for code in app.code)


def test_a_breakdown_part_names_its_total(imported_url, monkeypatch):
    db = Database(imported_url)
    queue = review.review_queue(db)
    db.dispose()
    koriyama = queue[queue["municipality_code"] == "072036"]  # 郡山市, the only report of 福島県
    part = koriyama[koriyama["part_of_id"].notna()].sort_values("source_line").iloc[0]
    app = _app(imported_url, monkeypatch, pref="07")
    app.selectbox(key=_candidate_key(app)).set_value(int(part["id"])).run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(f"合計 #{int(part['part_of_id'])}（130件）の内訳" in c.value for c in app.caption)
    table = tables(app)[0]
    assert f"#{int(part['part_of_id'])} の内訳 北東エリア" in set(table["内訳"])


def test_accept_changes_the_status_and_reaches_the_consultation_table(imported_url, monkeypatch):
    takanezawa = _candidate_id(imported_url, "093866", "consultations")  # 91 件, 2月まで
    app = _app(imported_url, monkeypatch)
    _open_report(app, imported_url, "093866")
    app.selectbox(key=_candidate_key(app)).set_value(takanezawa).run()
    app.button(key="review_accept").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(f"#{takanezawa} を承認しました" in s.value and "2019-02-28" in s.value for s in app.success)
    db = Database(imported_url)
    assert review.review_queue(db).set_index("id").loc[takanezawa, ["status", "reviewed_by"]].tolist() == [
        "accepted",
        "local",
    ]
    row = queries.consultations(db, "09", 2018).loc["093866"]
    db.dispose()
    assert (row["new_cases"], row["period_end"], row["is_partial_year"]) == (91, dt.date(2019, 2, 28), True)


def test_accept_a_report_at_once(imported_url, monkeypatch):
    app = _app(imported_url, monkeypatch)
    _open_report(app, imported_url, "094111")  # 那珂川町: 27 件, 14 件 closed and its five reasons
    button = app.button(key="review_accept_report")
    assert "7 件をまとめて承認" in button.label
    button.click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("7 件をまとめて承認しました" in s.value for s in app.success)
    assert not any("那珂川町" in option for option in app.selectbox(key="review_report").options)  # none pending
    db = Database(imported_url)
    row = queries.consultations(db, "09", 2018).loc["094111"]
    db.dispose()
    assert (row["new_cases"], row["closed_cases"]) == (27, 14)  # the reasons are parts, not added


def test_correct_and_reject_from_the_page(imported_url, monkeypatch):
    ichikai = _candidate_id(imported_url, "093441", "consultations")  # 市貝町 464 件 (target 50)
    app = _app(imported_url, monkeypatch)
    _open_report(app, imported_url, "093441")
    app.selectbox(key=_candidate_key(app)).set_value(ichikai).run()
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

"""Login in Chromium (officials' edition, local accounts from the server's secrets file): a wrong password, an
editor's import recorded under their name, a viewer refused, the 利用者 screen without hashes, logout, and the
lock after five failures (its own server, so the lock does not shut the other tests out)."""

from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import pytest

from data_access import accounts
from data_access.database import Database
from ops.browser import (
    FILE_UPLOADER,
    LOGIN_FORM,
    MAIN,
    TABLE,
    assert_no_exception,
    click_and_wait,
    expect_visible,
    log_in,
    open_app,
    open_in_sidebar,
    screenshot,
    submit_login,
    upload_file,
    wait_for_script,
)
from tests.browser.streamlit_helpers import account_secrets, served_app
from tests.dashboard.auth_helpers import PASSWORD

pytestmark = pytest.mark.xdist_group("login")  # one worker starts the module's servers

VIEW = {"pref": "09", "fy": "2020", "lang": "ja"}
HEADING = f"{MAIN} h1"
GATE = f"{MAIN} h2"  # the import screen's gate sits under its title and blank templates (no login needed)
ALERT = '[data-testid="stAlert"]'
WRONG = "not the password"
HEADER = "団体コード,年度,集計時点,区分,実数/延べ,単位,新規,継続,終結,つないだ件数,対応中\n"
IMPORT_FILE = "相談件数_佐野市_R2.csv"
JAPAN = ZoneInfo("Asia/Tokyo")


@pytest.fixture(scope="module")
def login_secrets() -> dict[str, object]:
    return account_secrets()


@pytest.fixture(scope="module")
def login_server(login_secrets):
    with served_app(secrets=login_secrets) as url:
        yield url


def _main_text(page) -> str:
    return page.locator(MAIN).inner_text()


def _table_rows(page, column: str) -> list[list[str]]:
    """Cell texts per row (header first) of the data table with `column`."""
    expect_visible(page, TABLE)
    table = page.locator(TABLE).filter(has=page.get_by_role("columnheader", name=column, exact=True))
    return table.evaluate("(el) => [...el.rows].map(r => [...r.cells].map(c => c.textContent.trim()))")


def _events(database_url: str, username: str) -> list[str]:
    db = Database(database_url)
    try:
        return list(accounts.recent_events(db, username=username)["event"])[::-1]  # oldest first
    finally:
        db.dispose()


def _wait_for_events(database_url: str, username: str, count: int, timeout_s: float = 20) -> list[str]:
    """The auth events of `username` once there are `count`: proof the server has handled every submission."""
    deadline = time.monotonic() + timeout_s
    while len(events := _events(database_url, username)) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} auth events of {username} expected, got {events}")
        time.sleep(0.2)
    return events


def test_wrong_password_is_refused_in_japanese(page, page_log, login_server):
    open_app(page, login_server, "data-import", **VIEW)
    expect_visible(page, LOGIN_FORM)
    assert page.get_by_role("button", name="Excel").count() == 6  # blank templates without a login
    screenshot(page, "login_form_ja")

    submit_login(page, "editor1", WRONG)
    error = expect_visible(page, f'{MAIN} {ALERT}:has-text("正しくありません")')
    assert error.inner_text().strip() == "ユーザー名またはパスワードが正しくありません。"
    assert (
        page.locator(HEADING).all_inner_texts() == ["データの取り込み"]
        and page.locator(GATE).all_inner_texts()[-1] == "ログインが必要です"
    )
    assert page.locator(FILE_UPLOADER).count() == 0
    assert "ログイン中" not in page.locator('[data-testid="stSidebar"]').inner_text()
    assert_no_exception(page)
    assert page_log.blocked_urls == []


def test_editor_imports_and_the_batch_records_the_username(page, page_log, login_server, tmp_path):
    """An editor who was reading the map goes to the import screen, logs in there, imports, and finds the batch
    under 出典 with their username."""
    open_app(page, login_server, "map", **VIEW)
    open_in_sidebar(page, "data-import")
    log_in(page, "editor1", PASSWORD)
    assert "ログイン中: 編集 太郎（editor1・編集者）" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert "データの取り込み" in expect_visible(page, HEADING).inner_text()

    upload = tmp_path / IMPORT_FILE
    upload.write_bytes((HEADER + "092045,令和2年度,R3.3.31,全体,実数,件,40,5,20,3,25\n").encode("utf-8-sig"))
    upload_file(page, upload)
    click_and_wait(page, page.get_by_role("button", name="検証"))
    assert "問題はありません" in _main_text(page)
    click_and_wait(page, page.get_by_role("button", name="取り込む"))
    assert "取り込みました" in _main_text(page)

    open_in_sidebar(page, "sources")  # same session: still logged in
    assert "出典・取り込み履歴" in expect_visible(page, HEADING).inner_text()
    rows = _table_rows(page, "登録者")
    header = rows[0]
    ours = [row for row in rows if IMPORT_FILE in row]
    assert len(ours) == 1, rows
    assert ours[0][header.index("登録者")] == "editor1"
    assert "ログイン中: 編集 太郎（editor1・" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert_no_exception(page)
    assert page_log.blocked_urls == []


def test_viewer_is_refused_the_import_screen(page, page_log, login_server):
    open_app(page, login_server, "data-import", **VIEW)
    log_in(page, "viewer1", PASSWORD)

    assert (
        page.locator(HEADING).all_inner_texts() == ["データの取り込み"]
        and page.locator(GATE).all_inner_texts()[-1] == "権限がありません"
    )
    error = expect_visible(page, f"{MAIN} {ALERT}").inner_text()
    assert "権限がありません" in error and "「編集者」以上" in error and "現在: 閲覧者" in error
    assert page.locator(FILE_UPLOADER).count() == 0
    assert "ログイン中: 閲覧 次郎（viewer1・閲覧者）" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert_no_exception(page)


def test_admin_sees_the_accounts_but_never_a_hash(page, page_log, login_server, login_secrets):
    open_app(page, login_server, "users", **VIEW)
    log_in(page, "admin1", PASSWORD)

    assert page.locator(HEADING).all_inner_texts() == ["利用者"]
    rows = _table_rows(page, "表示名")
    assert rows[0] == ["ユーザー名", "表示名", "権限"]
    assert sorted(rows[1:]) == [
        ["admin1", "管理 花子", "管理者"],
        ["editor1", "編集 太郎", "編集者"],
        ["viewer1", "閲覧 次郎", "閲覧者"],
    ]
    html = page.content()
    for entry in login_secrets["accounts"].values():
        hash_value = entry["password_hash"]
        assert hash_value not in html and hash_value.rsplit("$", 1)[-1] not in html  # neither hash nor digest
    assert "m=8,t=1,p=1" not in html  # the test hashes' parameters: no hash at all, not even cut short
    # "$argon2" only in the how-to-add example (a placeholder), nowhere else on the screen
    outside_examples = page.locator(MAIN).evaluate(
        """(el) => { const copy = el.cloneNode(true);
             copy.querySelectorAll('[data-testid=stCode]').forEach(c => c.remove()); return copy.innerText; }"""
    )
    assert "$argon2" not in outside_examples
    assert "$argon2" not in page.locator('[data-testid="stSidebar"]').inner_text()
    assert_no_exception(page)
    assert page_log.blocked_urls == []
    screenshot(page, "users_ja")


def test_logout_returns_to_the_login_form(page, page_log, login_server):
    open_app(page, login_server, "data-import", **VIEW)
    log_in(page, "editor1", PASSWORD)
    expect_visible(page, FILE_UPLOADER)

    click_and_wait(page, page.locator('[data-testid="stSidebar"]').get_by_role("button", name="ログアウト"))
    expect_visible(page, LOGIN_FORM)
    assert (
        page.locator(HEADING).all_inner_texts() == ["データの取り込み"]
        and page.locator(GATE).all_inner_texts()[-1] == "ログインが必要です"
    )
    assert "ログアウトしました。" in _main_text(page)
    assert page.locator(FILE_UPLOADER).count() == 0
    assert "ログイン中" not in page.locator('[data-testid="stSidebar"]').inner_text()
    assert_no_exception(page)


def test_five_failures_lock_the_username_even_for_the_right_password(page, page_log):
    served_database: list[str] = []
    with served_app(lambda url, _tmp: served_database.append(url)) as lock_server:  # its own copy of the demo
        database_url = served_database[0]
        open_app(page, lock_server, "data-import", **VIEW)
        for attempt in range(1, accounts.MAX_FAILURES + 1):
            submit_login(page, "editor1", f"{WRONG} {attempt}")
            _wait_for_events(database_url, "editor1", attempt)
        locked = expect_visible(page, f'{MAIN} {ALERT}:has-text("までログインできません")')

        submit_login(page, "editor1", PASSWORD)
        events = _wait_for_events(database_url, "editor1", accounts.MAX_FAILURES + 1)
        assert events == ["login_failed"] * accounts.MAX_FAILURES + ["locked"]
        wait_for_script(page)
        message = locked.inner_text().strip()
        until = re.search(r"(\d{1,2})月(\d{1,2})日 (\d{1,2})時(\d{2})分（日本時間）までログインできません", message)
        assert until, message
        expected = dt.datetime.now(JAPAN) + accounts.LOCK_DURATION
        month, day, hour, minute = map(int, until.groups())
        shown = expected.replace(month=month, day=day, hour=hour, minute=minute, second=0, microsecond=0)
        assert abs(shown - expected) < dt.timedelta(minutes=2), (shown, expected)
        assert message.startswith("ログインの失敗が続いたため")
        assert (
            page.locator(HEADING).all_inner_texts() == ["データの取り込み"]
            and page.locator(GATE).all_inner_texts()[-1] == "ログインが必要です"
        )
        assert page.locator(FILE_UPLOADER).count() == 0
        assert "ログイン中" not in page.locator('[data-testid="stSidebar"]').inner_text()
        assert_no_exception(page)
        assert page_log.blocked_urls == []
        screenshot(page, "login_locked_ja")

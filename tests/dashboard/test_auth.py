"""Login in the officials' edition: the gate of the data-management screens (as navigation registers them), the
password form with its rate limit and auth events, roles, expiry, logout, the 利用者 screen, and the OIDC path
(st.user as AppTest seeds it; the provider round trip itself needs a real identity provider)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, widgets
from data_access import accounts
from data_access.database import Database
from tests.dashboard.auth_helpers import PASSWORD, account_entry, log_in
from tests.dashboard.html_tables import tables


def _gated_screen(url_path: str) -> None:
    """Sidebar (filters and login box) + one registered screen, run through its gate as the router runs it."""
    from dashboard import auth as glue
    from dashboard import navigation, state, widgets
    from pages import SCREENS

    widgets.sidebar_filters()
    glue.sidebar(state.lang())
    screen = next(s for s in SCREENS if s.url_path == url_path)
    navigation.gated(screen)()


LOCAL = {"tanaka": ("editor", "田中 花子"), "sato": ("viewer", "佐藤 一郎"), "suzuki": ("admin", "鈴木 次郎")}


def _app(url: str, monkeypatch, path: str = "data-import", secrets: dict | None = None, lang: str = "ja") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DASHBOARD_MODE", raising=False)
    app = AppTest.from_function(_gated_screen, args=(path,), default_timeout=60)
    app.query_params.update({"lang": lang, "pref": "09", "fy": "2020"})
    app.secrets.update(
        secrets
        if secrets is not None
        else {"accounts": {name: account_entry(role, display) for name, (role, display) in LOCAL.items()}}
    )
    return app


def _ok(app: AppTest) -> AppTest:
    assert not app.exception, [e.value for e in app.exception]
    return app


def _submit(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input(key="auth_username_page").set_value(username)
    app.text_input(key="auth_password_page").set_value(password)
    next(b for b in app.main.button if b.label == "ログイン").click()
    return _ok(app.run())


def _events(url: str, username: str) -> list[str]:
    db = Database(url)
    try:
        return list(accounts.recent_events(db, username=username)["event"])[::-1]  # oldest first
    finally:
        db.dispose()


def _texts(app: AppTest) -> str:
    """Everything the screen says, tables included (to prove what is never shown)."""
    parts = [
        e.value
        for kind in ("title", "subheader", "markdown", "caption", "code", "info", "warning", "error", "success", "text")
        for e in getattr(app, kind)
    ]
    parts += [frame.to_string() for frame in tables(app)]
    return "\n".join(str(p) for p in parts)


def _heading(app: AppTest) -> str:
    """What the gate says: the title of a gated screen, or the heading under the import screen's open part."""
    return app.subheader[-1].value if app.title[0].value in ("データの取り込み", "Import data") else app.title[0].value


def test_anonymous_gets_the_templates_and_the_login_form_instead_of_the_upload(app_database, monkeypatch):
    """Issue #18: blank templates need no login; the upload does."""
    app = _ok(_app(app_database, monkeypatch).run())
    assert [t.value for t in app.title] == ["データの取り込み"] and _heading(app) == "ログインが必要です"
    password = app.text_input(key="auth_password_page").proto
    assert password.type == password.PASSWORD
    assert len(app.get("download_button")) == 12 and not app.get("file_uploader")


@pytest.mark.parametrize("path", ["review", "district-boundaries", "users"])
def test_every_gated_screen_asks_for_a_login(path, app_database, monkeypatch):
    app = _ok(_app(app_database, monkeypatch, path).run())
    assert [t.value for t in app.title] == ["ログインが必要です"] and not tables(app)


def test_read_screens_stay_open_without_login(app_database, monkeypatch):
    app = _ok(_app(app_database, monkeypatch, "sources").run())
    assert app.title[0].value == "出典・取り込み履歴" and tables(app)


def test_wrong_password_is_refused_and_logged(app_database, monkeypatch):
    app = _submit(_ok(_app(app_database, monkeypatch).run()), "tanaka", "not the password")
    assert [e.value for e in app.error] == ["ユーザー名またはパスワードが正しくありません。"]
    assert _heading(app) == "ログインが必要です"
    assert _events(app_database, "tanaka")[-1] == "login_failed"
    app = _submit(app, "nobody", PASSWORD)  # an unknown name gets the same answer
    assert [e.value for e in app.error] == ["ユーザー名またはパスワードが正しくありません。"]
    assert _events(app_database, "nobody") == ["login_failed"]


def test_editor_logs_in_and_the_import_page_names_them(app_database, monkeypatch):
    app = _submit(_ok(_app(app_database, monkeypatch).run()), "tanaka", PASSWORD)
    assert app.title[0].value == "データの取り込み"
    assert len(app.get("download_button")) == 12 and app.get("file_uploader")
    assert any(c.value == "取り込み履歴に登録者として記録されます: 田中 花子（tanaka）" for c in app.caption)
    assert any(c.value == "ログイン中: 田中 花子（tanaka・編集者）" for c in app.sidebar.caption)
    assert app.sidebar.button(key="auth_logout").label == "ログアウト"
    assert _events(app_database, "tanaka")[-1] == "login_ok"
    assert auth.SESSION_KEY in app.session_state and app.session_state[auth.SESSION_KEY].role == "editor"
    # the password never stays in the session
    assert PASSWORD not in repr(app.session_state.to_dict())


def test_review_page_shows_the_logged_in_reviewer(app_database, monkeypatch):
    app = _ok(log_in(_app(app_database, monkeypatch, "review"), "tanaka", "editor", "田中 花子").run())
    assert app.title[0].value == "成果値のレビュー"
    assert any(c.value.startswith("レビュー担当者: 田中 花子（tanaka）") for c in app.caption)


def test_viewer_may_log_in_but_not_import(app_database, monkeypatch):
    app = _submit(_ok(_app(app_database, monkeypatch).run()), "sato", PASSWORD)
    assert _heading(app) == "権限がありません"
    assert app.error[0].value == "権限がありません。この画面には「編集者」以上の権限が必要です（現在: 閲覧者）。"
    assert not app.get("file_uploader")
    assert any("佐藤 一郎（sato・閲覧者）" in c.value for c in app.sidebar.caption)


def test_editor_is_refused_the_users_screen(app_database, monkeypatch):
    app = _ok(log_in(_app(app_database, monkeypatch, "users"), "tanaka", "editor").run())
    assert app.title[0].value == "権限がありません" and "「管理者」以上" in app.error[0].value


def test_admin_sees_accounts_without_hashes_and_the_login_history(app_database, monkeypatch):
    app = _app(app_database, monkeypatch, "users")
    hashes = [entry["password_hash"] for entry in app.secrets["accounts"].values()]
    app = _submit(_ok(app.run()), "suzuki", PASSWORD)
    assert app.title[0].value == "利用者"
    listed = tables(app)[0]
    assert list(listed.columns) == ["ユーザー名", "表示名", "権限"]
    assert sorted(zip(listed["ユーザー名"], listed["権限"])) == [
        ("sato", "閲覧者"),
        ("suzuki", "管理者"),
        ("tanaka", "編集者"),
    ]
    shown = _texts(app)
    assert not any(h in shown for h in hashes) and "$argon2id$v=19$m=8," not in shown
    history = tables(app)[1]
    assert history.iloc[0]["ユーザー名"] == "suzuki" and history.iloc[0]["種類"] == "ログイン"
    assert "python -m data_access hash-password" in [c.value for c in app.code]
    settings_table = dict(tables(app)[2].values.tolist())
    assert settings_table["DASHBOARD_SESSION_HOURS"] == "8" and settings_table["DASHBOARD_IDLE_MINUTES"] == "30"
    assert settings_table["ログイン失敗の制限"] == (
        "15分以内に、同じ接続元から同じユーザー名で5回、同じ接続元から20回、同じユーザー名に全体で50回失敗すると15分間ロック"
    )
    app.text_input(key="auth_users_username").set_value("suzuki").run()
    assert set(tables(_ok(app))[1]["ユーザー名"]) == {"suzuki"}


def test_five_failures_lock_the_username_and_say_until_when(app_database, monkeypatch):
    app = _ok(_app(app_database, monkeypatch).run())
    for _ in range(accounts.MAX_FAILURES):
        app = _submit(app, "suzuki-lock", "wrong password")
    message = app.error[0].value
    assert (
        message.startswith("ログインの失敗が続いたため、このユーザー名は ")
        and "（日本時間）までログインできません" in message
    )
    until = accounts.now().astimezone(auth.JAPAN) + accounts.LOCK_DURATION
    assert any(
        f"{m.month}月{m.day}日 {m.hour}時{m.minute:02d}分" in message for m in (until, until - dt.timedelta(minutes=1))
    )
    assert _events(app_database, "suzuki-lock") == ["login_failed"] * 5


def test_a_locked_username_is_refused_even_with_the_right_password(app_database, monkeypatch):
    db = Database(app_database)
    for _ in range(accounts.MAX_FAILURES):
        accounts.record_event(db, "tanaka-locked", accounts.AuthEventKind.LOGIN_FAILED)
    db.dispose()
    secrets = {"accounts": {"tanaka-locked": account_entry("editor", "田中")}}
    app = _submit(_ok(_app(app_database, monkeypatch, secrets=secrets).run()), "tanaka-locked", PASSWORD)
    assert "までログインできません" in app.error[0].value and _heading(app) == "ログインが必要です"
    assert _events(app_database, "tanaka-locked")[-1] == "locked"


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        (
            {"logged_in_at": dt.timedelta(hours=9)},
            "ログインの有効期限（8時間）が切れたため、ログアウトしました。もう一度ログインしてください。",
        ),
        (
            {"last_seen_at": dt.timedelta(minutes=31)},
            "30分間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
        ),
    ],
)
def test_an_expired_login_is_ended_with_a_message_and_an_event(shift, message, app_database, monkeypatch):
    app = _ok(log_in(_app(app_database, monkeypatch), "expiring", "editor").run())
    assert app.title[0].value == "データの取り込み"
    login = app.session_state[auth.SESSION_KEY]
    app.session_state[auth.SESSION_KEY] = dataclasses.replace(
        login, **{field: getattr(login, field) - delta for field, delta in shift.items()}
    )
    _ok(app.run())
    assert [w.value for w in app.warning] == [message]
    assert _heading(app) == "ログインが必要です" and auth.SESSION_KEY not in app.session_state
    assert _events(app_database, "expiring")[-1] == "expired"


def test_a_removed_account_is_logged_out(app_database, monkeypatch):
    app = _ok(log_in(_app(app_database, monkeypatch), "leaving", "editor").run())
    del app.secrets["accounts"]["leaving"]
    _ok(app.run())
    assert app.warning[0].value == "アカウントが無効になったため、ログアウトしました。"
    assert _events(app_database, "leaving")[-1] == "expired"


def test_logout_from_the_sidebar(app_database, monkeypatch):
    app = _ok(log_in(_app(app_database, monkeypatch), "leaver", "editor").run())
    app.sidebar.button(key="auth_logout").click()
    _ok(app.run())
    assert app.info[0].value == "ログアウトしました。" and _heading(app) == "ログインが必要です"
    assert _events(app_database, "leaver")[-1] == "logout"
    assert not any("ログイン中" in c.value for c in app.sidebar.caption)


def test_english_login_screen(app_database, monkeypatch):
    app = _ok(_app(app_database, monkeypatch, lang="en").run())
    assert _heading(app) == "Login required"
    app = _ok(log_in(_app(app_database, monkeypatch, lang="en"), "reader", "viewer").run())
    assert app.error[0].value == (
        "You do not have permission. This screen needs the role 'Editor' or higher (yours: Viewer)."
    )


def test_without_accounts_an_official_is_sent_to_the_administrator(app_database, monkeypatch, caplog):
    """Issue #18: an official is not told to edit .streamlit/secrets.toml; the administrator finds it in the log."""
    app = _ok(
        _app(
            app_database, monkeypatch, secrets={"accounts": {"broken": {"role": "editor", "password_hash": "secret"}}}
        ).run()
    )
    assert app.info[0].value == "ログインできるアカウントがありません。管理者にお問い合わせください。"
    assert "secrets" not in _texts(app)
    assert not app.text_input
    assert "[accounts.<username>]" in caplog.text


def test_public_mode_has_no_login(app_database, monkeypatch):
    app = _app(app_database, monkeypatch, "sources")
    monkeypatch.setenv("DASHBOARD_MODE", "public")
    _ok(app.run())
    assert not app.sidebar.button and not app.text_input
    assert not any("ログイン" in c.value for c in app.sidebar.caption)


# ------------------------------------------------------------------------------------------ OIDC (st.user)


OIDC = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "dashboard",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "https://idp.example.invalid/.well-known/openid-configuration",
    },
    "roles": {"editors": ["editor@pref.example.jp"], "admins": ["admin@pref.example.jp"]},
}


def _oidc_user(email: str, issued: dt.datetime | None = None) -> dict:
    return {"is_logged_in": True, "email": email, "name": "県 太郎", "iat": int((issued or accounts.now()).timestamp())}


def test_oidc_anonymous_sees_the_single_sign_on_button_not_a_password_form(app_database, monkeypatch):
    app = _app(app_database, monkeypatch, secrets=OIDC)
    app.user = {"is_logged_in": False}
    _ok(app.run())
    assert not app.text_input and app.button(key="auth_oidc_page").label == "ログイン"
    app.button(key="auth_oidc_page").click()
    _ok(app.run())
    assert app.error  # this environment has no Authlib: explained instead of a traceback


@pytest.mark.parametrize(
    ("email", "title"),
    [("Editor@pref.example.jp", "ファイルの取り込み"), ("someone@pref.example.jp", "権限がありません")],
)
def test_oidc_roles_come_from_the_secrets(email, title, app_database, monkeypatch):
    app = _app(app_database, monkeypatch, secrets=OIDC)
    app.user = _oidc_user(email)
    _ok(app.run())
    assert _heading(app) == title
    assert any(f"県 太郎（{widgets.plain(email)}・" in c.value for c in app.sidebar.caption)  # Markdown, escaped
    assert _events(app_database, email)[-1] == "login_ok"


def test_oidc_lifetime_counts_from_the_token_and_ends_with_st_logout(app_database, monkeypatch):
    app = _app(app_database, monkeypatch, secrets=OIDC)
    app.user = _oidc_user("admin@pref.example.jp", accounts.now() - dt.timedelta(hours=9))
    _ok(app.run())
    assert _heading(app) == "ログインが必要です"
    assert app.user == {"is_logged_in": False}  # st.logout() ran: the identity cookie is gone
    assert _events(app_database, "admin@pref.example.jp")[-2:] == ["login_ok", "expired"]

"""利用者 (administrators only): the configured accounts and roles (never a hash), the login history, how to add
an account, and the login settings in effect."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import settings
from core.i18n import t
from dashboard import auth, state, widgets
from dashboard.data import database
from data_access import accounts
from data_access.models import AuthEventKind

EVENT_LIMIT = 200
HASH_COMMAND = "python -m data_access hash-password"
ACCOUNT_EXAMPLE = """[accounts.tanaka]
display_name = "田中 花子"
role = "editor"  # viewer / editor / admin
password_hash = "$argon2id$v=19$m=65536,t=3,p=4$..."
"""


def render() -> None:
    lang = state.lang()
    st.title(t("auth_users_title", lang))
    _accounts(lang)
    _events(lang)
    _how_to_add(lang)
    _settings(lang)


def _accounts(lang: str) -> None:
    st.subheader(t("auth_users_accounts", lang))
    if auth.oidc_configured():
        st.caption(t("auth_users_oidc", lang))
        roles = auth.oidc_roles()
        rows = [
            (email, role) for role, key in (("admin", "admins"), ("editor", "editors")) for email in roles.get(key, [])
        ]
        columns = ["auth_users_col_email", "auth_users_col_role"]
    else:
        st.caption(t("auth_users_local", lang))
        usable, problems = auth.local_accounts()
        rows = [(a.username, a.display_name, a.role) for a in usable.values()]
        columns = ["auth_users_col_username", "auth_users_col_display_name", "auth_users_col_role"]
        if problems:
            st.warning("\n".join([t("auth_users_problems", lang), *(f"- {widgets.plain(p)}" for p in problems)]))
    if not rows:
        st.info(t("auth_users_none", lang))
        return
    table = pd.DataFrame(rows, columns=[t(c, lang) for c in columns])
    role_column = t("auth_users_col_role", lang)
    table[role_column] = table[role_column].map(lambda r: auth.role_label(r, lang))
    widgets.table(table)


def _events(lang: str) -> None:
    st.subheader(t("auth_users_events", lang, limit=EVENT_LIMIT))
    left, right = st.columns(2)
    username = left.text_input(t("auth_users_filter_username", lang), key="auth_users_username").strip()
    kinds = right.multiselect(
        t("auth_users_filter_event", lang),
        [k.value for k in AuthEventKind],
        key="auth_users_events",
        format_func=lambda k: t(f"auth_event_{k}", lang),
        placeholder=t("auth_users_filter_all", lang),
    )
    events = accounts.recent_events(database(lang), EVENT_LIMIT, username or None, [AuthEventKind(k) for k in kinds])
    if events.empty:
        st.info(t("auth_users_events_none", lang))
        return
    table = pd.DataFrame(
        {
            t("auth_users_col_time", lang): events["occurred_at"].map(auth.japan_time),
            t("auth_users_col_username", lang): events["username"],
            t("auth_users_col_event", lang): events["event"].map(lambda e: t(f"auth_event_{e}", lang)),
            t("auth_users_col_client", lang): events["client"].fillna("—"),
        }
    )
    widgets.table(table)
    widgets.csv_download(table, "auth_events.csv", lang, key="auth_events_csv")


def _how_to_add(lang: str) -> None:
    st.subheader(t("auth_users_add", lang))
    st.markdown(t("auth_users_add_steps", lang))
    st.code(HASH_COMMAND, language="bash")
    st.code(ACCOUNT_EXAMPLE, language="toml")


def _settings(lang: str) -> None:
    """What governs logins here; values only, nothing secret (no hash, key or password)."""
    st.subheader(t("auth_users_settings", lang))
    method = "auth_users_method_oidc" if auth.oidc_configured() else "auth_users_method_password"
    lockout = t(
        "auth_users_lockout_value",
        lang,
        failures=accounts.MAX_FAILURES,
        client=accounts.MAX_CLIENT_FAILURES,
        username=accounts.MAX_USERNAME_FAILURES,
        window=int(accounts.FAILURE_WINDOW.total_seconds() // 60),
        lock=int(accounts.LOCK_DURATION.total_seconds() // 60),
    )
    rows = [
        (t("auth_users_method", lang), t(method, lang)),
        ("DASHBOARD_MODE", settings.mode()),
        ("DASHBOARD_SESSION_HOURS", settings.get("DASHBOARD_SESSION_HOURS")),
        ("DASHBOARD_IDLE_MINUTES", settings.get("DASHBOARD_IDLE_MINUTES")),
        (t("auth_users_lockout", lang), lockout),
        (t("auth_users_password_length", lang), str(accounts.MIN_PASSWORD_LENGTH)),
        (t("auth_users_database", lang), database(lang).display_url),
    ]
    widgets.table(pd.DataFrame(rows, columns=[t("auth_users_col_setting", lang), t("auth_users_col_value", lang)]))

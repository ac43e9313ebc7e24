"""Officials' login in the app: who is logged in, the permission gate of the data-management screens, the
login form and logout.

Identity comes from Streamlit's OIDC login (st.login / st.user) when an [auth] section is in the secrets,
otherwise from local accounts ([accounts.<username>], argon2id hashes). The decisions themselves (passwords,
roles, rate limit, expiry) live in data_access.accounts; this module only connects them to the session.
Public mode has no login at all: those screens are not registered there. An official who cannot log in is told to
ask the administrator; what the administrator must change (secrets file, Authlib) goes to the server log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st
from streamlit.errors import StreamlitAuthError, StreamlitMissingAuthlibError

from core import settings
from core.i18n import t
from dashboard import state, widgets
from dashboard.data import database
from data_access import accounts
from data_access.models import AuthEventKind

SESSION_KEY = "auth_login"  # accounts.Login of this browser session
NOTICE_KEY = "auth_notice"  # (text key, values) shown once after an expiry or a logout
JAPAN = ZoneInfo("Asia/Tokyo")
LOG = logging.getLogger(__name__)  # what only the administrator can fix goes to the server log, not to the screen


def japan_time(moment: dt.datetime) -> str:
    return moment.astimezone(JAPAN).strftime("%Y-%m-%d %H:%M")


def japan_clock(moment: dt.datetime, lang: str) -> str:
    """A moment as written in a notice: 11月23日 9時47分 (Japan time) / 2026-11-23 09:47."""
    local = moment.astimezone(JAPAN)
    return f"{local.month}月{local.day}日 {local.hour}時{local.minute:02d}分" if lang == "ja" else japan_time(moment)


def secrets() -> dict[str, Any]:
    """The secrets as plain data ({} when there is no secrets file)."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        return {}


def oidc_configured() -> bool:
    """An identity provider is configured ([auth] in the secrets): then it is the only way to log in."""
    return bool(secrets().get("auth"))


def local_accounts() -> tuple[dict[str, accounts.Account], list[str]]:
    """Usable local accounts and the problems of the entries left out."""
    return accounts.parse_accounts(secrets().get("accounts", {}))


def oidc_roles() -> dict[str, list[str]]:
    return secrets().get("roles", {})


def role_label(role: str, lang: str) -> str:
    return t(f"auth_role_{role}", lang)


def user_label(login: accounts.Login | None, lang: str) -> str:
    if login is None:
        return t("auth_anonymous", lang)
    return t("with_note", lang, text=login.display_name, note=login.username)


def _client() -> str | None:
    """IP address and browser of the request, for the auth log."""
    parts = [_ip(), st.context.headers.get("User-Agent")]
    return " / ".join(p for p in parts if isinstance(p, str) and p) or None


def _ip() -> str | None:
    """The request's IP address (the per-client login limit counts by it); None when Streamlit does not know it."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else None


def _oidc_user() -> dict[str, Any]:
    user = st.user.to_dict()
    return user if user.get("is_logged_in") else {}


def _oidc_login(user: dict[str, Any], at: dt.datetime) -> accounts.Login:
    """A Login for the identity provider's user; the token's issue time starts the lifetime, so reloading the
    page does not renew it."""
    identity = str(user.get("email") or user.get("sub") or "")
    issued = user.get("iat")
    started = dt.datetime.fromtimestamp(issued, dt.UTC) if isinstance(issued, int | float) else at
    return accounts.Login(
        identity, str(user.get("name") or identity), accounts.oidc_role(identity, oidc_roles()), "oidc", started, at
    )


def _still_valid(login: accounts.Login) -> accounts.Login | None:
    """The login with its role and name as configured now; None when its account or provider login is gone."""
    if login.method == "oidc":
        user = _oidc_user() if oidc_configured() else {}
        if not user:
            return None
        return dataclasses.replace(login, role=accounts.oidc_role(login.username, oidc_roles()))
    account = None if oidc_configured() else local_accounts()[0].get(login.username)
    if account is None:
        return None
    return dataclasses.replace(login, role=account.role, display_name=account.display_name)


def _end(login: accounts.Login, event: AuthEventKind, lang: str) -> None:
    """Log the end of a login and forget it (an OIDC login also loses its identity cookie)."""
    accounts.record_event(database(lang), login.username, event, _client(), ip=_ip())
    st.session_state.pop(SESSION_KEY, None)
    if login.method == "oidc":
        st.logout()


def current_user() -> accounts.Login | None:
    """The logged-in official, or None. Ends the login (event `expired`, a message on the next screen) when it
    is past DASHBOARD_SESSION_HOURS, idle for DASHBOARD_IDLE_MINUTES or its account was removed; otherwise
    counts this run as activity."""
    if settings.is_public():
        return None
    lang = state.lang()
    at = accounts.now()
    login: accounts.Login | None = st.session_state.get(SESSION_KEY)
    if login is None and oidc_configured() and (user := _oidc_user()):
        login = _oidc_login(user, at)
        accounts.record_event(database(lang), login.username, AuthEventKind.LOGIN_OK, _client(), at, _ip())
    if login is None:
        return None
    reason = accounts.expiry_reason(login, at, settings.session_lifetime(), settings.idle_timeout())
    valid = _still_valid(login) if reason is None else None
    if valid is None:
        reason = reason or "revoked"
        _end(login, AuthEventKind.EXPIRED, lang)
        st.session_state[NOTICE_KEY] = (
            f"auth_expired_{reason}",
            {
                "hours": int(settings.session_lifetime().total_seconds() // 3600),
                "minutes": int(settings.idle_timeout().total_seconds() // 60),
            },
        )
        return None
    login = dataclasses.replace(valid, last_seen_at=at)
    st.session_state[SESSION_KEY] = login
    return login


def acting_username(lang: str) -> str:
    """The username recorded with a write. A page reached without the gate writes nothing: it shows why and
    stops."""
    login = current_user()
    if login is None or not accounts.has_role(login.role, "editor"):
        st.error(t("auth_write_needs_login", lang))
        st.stop()
    return login.username


def _show_notice(lang: str) -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice is not None:
        key, values = notice
        (st.info if key == "auth_logged_out" else st.warning)(t(key, lang, **values))


def login_form(lang: str, place: str) -> None:
    """The way to log in: the identity provider's button, or username and password (rate-limited)."""
    if oidc_configured():
        st.caption(t("auth_oidc_intro", lang))
        if st.button(t("auth_login", lang), key=f"auth_oidc_{place}", type="primary", icon=":material/login:"):
            try:
                st.login()
            except StreamlitMissingAuthlibError:
                LOG.error("Single sign-on needs the Authlib package: pip install Authlib")
                st.error(t("auth_oidc_unavailable", lang))
            except StreamlitAuthError as exc:
                LOG.error("The [auth] section of .streamlit/secrets.toml has a problem: %s", exc)
                st.error(t("auth_oidc_error", lang))
        return
    usable, problems = local_accounts()
    if not usable:
        LOG.warning(
            "No usable login account: add [accounts.<username>] to .streamlit/secrets.toml (README, ログインと権限)%s",
            "".join(f"; {p}" for p in problems),
        )
        st.info(t("auth_not_configured", lang))
        return
    with st.form(f"auth_form_{place}", clear_on_submit=True):
        username = st.text_input(
            t("auth_username", lang),
            key=f"auth_username_{place}",
            max_chars=accounts.USERNAME_LENGTH,
            autocomplete="username",
        )
        password = st.text_input(
            t("auth_password", lang), type="password", key=f"auth_password_{place}", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("auth_login", lang), type="primary")
    if not submitted:
        return
    if not username.strip():
        st.error(t("auth_failed", lang))
        return
    attempt = accounts.attempt_login(database(lang), usable, username, password, _client(), ip=_ip())
    if attempt.login is not None:
        st.session_state[SESSION_KEY] = attempt.login
        st.rerun()
    elif attempt.lock is not None:
        key = "auth_locked" if attempt.lock.scope == "username" else "auth_locked_client"
        st.error(t(key, lang, until=japan_clock(attempt.lock.until, lang)))
    else:
        st.error(t("auth_failed", lang))


def require(role: str, render: Callable[[], None], titled: bool = False) -> None:
    """Run a screen's render() for a user with at least `role`; otherwise the login form or a refusal (under the
    screen's own title when it has an open part, `titled`)."""
    lang = state.lang()
    login = current_user()
    _show_notice(lang)
    if login is None:
        (st.header if titled else st.title)(t("auth_login_heading", lang))
        st.caption(t("auth_login_intro", lang))
        login_form(lang, "page")
        return
    if not accounts.has_role(login.role, role):
        (st.header if titled else st.title)(t("auth_forbidden_title", lang))
        st.error(t("auth_forbidden", lang, required=role_label(role, lang), role=role_label(login.role, lang)))
        return
    render()


def logout(lang: str) -> None:
    login = st.session_state.get(SESSION_KEY)
    if login is not None:
        _end(login, AuthEventKind.LOGOUT, lang)
    st.session_state[NOTICE_KEY] = ("auth_logged_out", {})
    if login is None or login.method != "oidc":
        st.rerun()


def sidebar(lang: str) -> None:
    """Who is logged in, with a logout button; or a way to log in. Officials' mode only."""
    if settings.is_public():
        return
    login = current_user()
    _show_notice(lang)
    with st.sidebar:
        st.divider()
        if login is not None:
            st.caption(
                t(
                    "auth_signed_in_as",
                    lang,
                    name=widgets.plain(login.display_name),
                    username=widgets.plain(login.username),
                    role=role_label(login.role, lang),
                )
            )
            if st.button(t("auth_logout", lang), key="auth_logout", icon=":material/logout:"):
                logout(lang)
        elif oidc_configured() or local_accounts()[0]:
            with st.popover(t("auth_login", lang), icon=":material/login:"):
                login_form(lang, "sidebar")

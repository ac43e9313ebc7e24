"""View state shared by every page and kept in the URL query string, so a copied link reopens the view.

Keys: lang, pref (2-digit code), fy (fiscal year), muni (6-digit code), sample (1/0).
"""

from __future__ import annotations

import streamlit as st

from core import settings
from core.i18n import LANGUAGES

DEFAULT_PREFECTURE = "09"  # 栃木県: the demo's most complete prefecture


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def init(key: str, allowed: list, default) -> None:
    """Set session_state[key] from the query string (if valid) or the default, once per session."""
    if key in st.session_state and st.session_state[key] in allowed:
        return
    raw = _param(key)
    by_text = {str(int(v)) if isinstance(v, bool) else str(v): v for v in allowed}
    fallback = default if default in allowed else (allowed[0] if allowed else None)
    st.session_state[key] = fallback if raw is None else by_text.get(raw, fallback)


def publish(*keys: str) -> None:
    """Write the current values back to the query string."""
    for key in keys:
        value = st.session_state.get(key)
        if value is None:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = str(int(value) if isinstance(value, bool) else value)


def shared() -> dict[str, str]:
    """The view every screen shares (language, prefecture, fiscal year, samples) as URL parameters: what a link
    to another screen carries over."""
    return {
        key: str(int(value) if isinstance(value, bool) else value)
        for key in ("lang", "pref", "fy", "sample")
        if (value := st.session_state.get(key)) is not None
    }


def codes(key: str) -> list[str]:
    """A list of municipality codes kept under `key` (session, else the URL), as `092011,092029`."""
    if key not in st.session_state:
        st.session_state[key] = _param(key)
    raw = st.session_state[key] or ""
    return [code for code in raw.split(",") if code.isdigit() and len(code) == 6]


def lang() -> str:
    if "lang" not in st.session_state:
        init("lang", list(LANGUAGES), settings.get("DASHBOARD_LANG"))
    return st.session_state["lang"]


def show_synthetic() -> bool:
    return bool(st.session_state.get("sample", True))

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


def publish(*keys: str, **texts: str) -> None:
    """Write the current values of `keys` (and `texts`, already as URL text) back to the query string: what changed,
    in one message. Each message is an entry in the browser's history, written by the page while it draws (on 比較,
    9 a click, up to 17 ms each while the page was being drawn)."""
    changed: dict[str, str] = {}
    for key in keys:
        value = st.session_state.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        else:
            texts[key] = str(int(value) if isinstance(value, bool) else value)
    for key, text in texts.items():
        if st.query_params.get(key) != text:
            changed[key] = text
    if changed:
        st.query_params.update(changed)


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


# Keyed drop-downs whose shown choice is worded in the reader's language (format_func). Streamlit's frontend keeps a
# chosen value worded as it was when chosen while its key stays the same: after switching to English in place, the
# sidebar still read 令和2年度（2020年度）. A value set again through the session state is sent with the widget, worded
# anew. Such a drop-down takes its first choice from `init`, not from an `index` (with both, Streamlit warns).
_WORDED = "_worded_choices"  # the keys of the worded drop-downs this session has drawn
_WORDED_IN = "_choices_worded_in"  # the language their choices were last sent in


def worded(key: str) -> str:
    """`key`, noted as the key of a drop-down whose choices are worded in the reader's language: after a language
    switch, `reword_choices` sends its choice again."""
    st.session_state.setdefault(_WORDED, set()).add(key)
    return key


def reword_choices() -> None:
    """After a language switch, send every kept worded choice again, in the new language. Call before any widget
    of the run."""
    current = lang()
    if st.session_state.get(_WORDED_IN, current) != current:
        for key in st.session_state.get(_WORDED, ()):
            if st.session_state.get(key) is not None:  # None: nothing chosen (set again, it would empty the box)
                st.session_state[key] = st.session_state[key]
    st.session_state[_WORDED_IN] = current


def lang() -> str:
    if "lang" not in st.session_state:
        init("lang", list(LANGUAGES), settings.get("DASHBOARD_LANG"))
    return st.session_state["lang"]


def show_synthetic() -> bool:
    return bool(st.session_state.get("sample", True))

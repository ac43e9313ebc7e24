"""Which screens the app registers, per mode.

In public mode (DASHBOARD_MODE=public) the data-management screens (import, review, boundary upload) are not
registered at all, so no URL reaches them: Streamlit answers their paths with "page not found" and runs the
default page. The sources list stays, read-only, under 全体.

A widget callback that must open another screen (a click on a chart point opens that municipality's profile) calls
`request`; the entry point calls `follow_request` before the screen runs, since st.switch_page cannot be called in a
callback.

In officials' mode a screen with a `role` (the data-management screens, 利用者) runs behind dashboard.auth.require:
the login form in its place without a login, a refusal when the role is too low. The read screens stay open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from core.i18n import t
from dashboard import auth


@dataclass(frozen=True)
class Screen:
    """One page: its section and title (text keys), icon, URL path ("" = the default page), and whether
    residents may see it (public mode), in which section."""

    section: str
    render: Callable[[], None]
    title: str
    icon: str
    url_path: str
    public_section: str | None  # None: official mode only
    role: str | None = None  # None: open; else the least role (data_access.accounts.ROLES) that may use it
    open_part: Callable[[], None] | None = None  # shown to anyone above the gated part (blank templates)


def screens(all_screens: Sequence[Screen], mode: str) -> dict[str, list[Screen]]:
    """Section text key -> screens, in navigation order, for "official" or "public"."""
    if mode not in ("official", "public"):
        raise ValueError(f"unknown mode {mode!r}")
    sections: dict[str, list[Screen]] = {}
    for screen in all_screens:
        section = screen.section if mode == "official" else screen.public_section
        if section is not None:
            sections.setdefault(section, []).append(screen)
    return sections


def gated(screen: Screen) -> Callable[[], None]:
    """The screen's render, behind the login and role check when it has a role."""
    if screen.role is None:
        return screen.render
    role, open_part = screen.role, screen.open_part

    def render() -> None:
        if open_part is not None:
            open_part()
        auth.require(role, screen.render, titled=open_part is not None)

    return render


def app_pages(all_screens: Sequence[Screen], mode: str, lang: str) -> dict[str, list[st.Page]]:
    """The argument of st.navigation: section title -> st.Page list."""
    return {
        t(section, lang): [
            st.Page(gated(s), title=t(s.title, lang), icon=s.icon, default=True)
            if not s.url_path
            else st.Page(gated(s), title=t(s.title, lang), icon=s.icon, url_path=s.url_path)
            for s in members
        ]
        for section, members in screens(all_screens, mode).items()
    }


REQUEST = "navigation_request"


def request(url_path: str, params: dict[str, str]) -> None:
    """From a widget callback: open the screen at `url_path` with these URL parameters before the next run draws
    anything."""
    st.session_state[REQUEST] = (url_path, params)


def follow_request(pages: dict[str, list[st.Page]]) -> None:
    """Switch to the screen a callback asked for, if any (and if this edition has it)."""
    wanted = st.session_state.pop(REQUEST, None)
    if wanted is None:
        return
    url_path, params = wanted
    target = next((page for members in pages.values() for page in members if page.url_path == url_path), None)
    if target is not None:
        st.switch_page(target, query_params=params)

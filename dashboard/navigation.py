"""Which screens the app registers, per mode.

In public mode (DASHBOARD_MODE=public) the data-management screens (import, review, boundary upload) are not
registered at all, so no URL reaches them: Streamlit answers their paths with "page not found" and runs the
default page. The sources list stays, read-only, under 全体.

In officials' mode a screen with a `role` (the data-management screens, 利用者) runs behind dashboard.auth.require:
the login form in its place without a login, a refusal when the role is too low. The read screens stay open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboard import auth
from dashboard.i18n import t
from pages import (
    about,
    briefing,
    compare,
    councils,
    data_import,
    district_upload,
    outcomes,
    overview,
    profile,
    review,
    rollout_map,
    sources,
    users,
)


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


SCREENS = (
    Screen("section_overall", overview.render, "page_overview", ":material/dashboard:", "", "section_overall"),
    Screen("section_overall", rollout_map.render, "page_map", ":material/map:", "map", "section_overall"),
    Screen("section_overall", outcomes.render, "outcomes_page", ":material/monitoring:", "outcomes",
           "section_overall"),
    Screen("section_overall", compare.render, "compare_page", ":material/compare_arrows:", "compare",
           "section_overall"),
    Screen("section_overall", briefing.render, "briefing_page", ":material/picture_as_pdf:", "briefing",
           "section_overall"),
    Screen("section_overall", about.render, "page_about", ":material/info:", "about", "section_overall"),
    Screen("section_municipality", profile.render, "profile_page", ":material/person_pin_circle:", "profile",
           "section_municipality"),
    Screen("section_municipality", councils.render, "page_councils", ":material/groups:", "councils",
           "section_municipality"),
    Screen("section_data", sources.render, "page_sources", ":material/library_books:", "sources", "section_overall"),
    Screen("section_data", data_import.render, "data_import_title", ":material/upload:", "data-import", None,
           "editor"),
    Screen("section_data", review.render, "review_title", ":material/fact_check:", "review", None, "editor"),
    Screen("section_data", district_upload.render, "page_district_upload", ":material/upload_file:",
           "district-boundaries", None, "editor"),
    Screen("section_data", users.render, "auth_users_title", ":material/manage_accounts:", "users", None, "admin"),
)


def screens(mode: str) -> dict[str, list[Screen]]:
    """Section text key -> screens, in navigation order, for "official" or "public"."""
    if mode not in ("official", "public"):
        raise ValueError(f"unknown mode {mode!r}")
    sections: dict[str, list[Screen]] = {}
    for screen in SCREENS:
        section = screen.section if mode == "official" else screen.public_section
        if section is not None:
            sections.setdefault(section, []).append(screen)
    return sections


def gated(screen: Screen) -> Callable[[], None]:
    """The screen's render, behind the login and role check when it has a role."""
    if screen.role is None:
        return screen.render
    role = screen.role

    def render() -> None:
        auth.require(role, screen.render)

    return render


def app_pages(mode: str, lang: str) -> dict[str, list[st.Page]]:
    """The argument of st.navigation: section title -> st.Page list."""
    return {
        t(section, lang): [
            st.Page(gated(s), title=t(s.title, lang), icon=s.icon, default=True) if not s.url_path
            else st.Page(gated(s), title=t(s.title, lang), icon=s.icon, url_path=s.url_path)
            for s in members
        ]
        for section, members in screens(mode).items()
    }

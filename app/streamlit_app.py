"""Entry point: `streamlit run app/streamlit_app.py`. Checks the settings, builds the navigation from the screens and
runs the chosen one.

It lives outside every package so that the UI package never imports the screens (the layers point down), and
not beside `pages/`, which Streamlit would otherwise read as an old-style pages directory.
"""

from pathlib import Path

import streamlit as st

from core import settings
from core.i18n import t

st.set_page_config(
    page_title="地域支援体制ダッシュボード", page_icon=str(Path(__file__).parent / "favicon.png"), layout="wide"
)
if problems := settings.problems():  # before anything reads them: a bad value stops here, never after a login
    st.error("\n".join([t("settings_invalid_title"), *(f"- {p}" for p in problems)]))
    st.stop()

from dashboard import auth, memory, navigation, state, widgets  # noqa: E402 - they read the settings just checked
from pages import SCREENS  # noqa: E402 - idem

widgets.page_style()

pages = navigation.app_pages(SCREENS, settings.mode(), state.lang())
page = st.navigation(pages, expanded=True)  # expanded: no "View more"
navigation.follow_request(pages)
widgets.sidebar_filters()
auth.sidebar(state.lang())
page.run()
widgets.footer(state.lang())
memory.freeze_long_lived()

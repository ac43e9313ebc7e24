"""Entry point: `streamlit run dashboard/app.py`. Builds the navigation and runs the chosen page."""

import sys
from pathlib import Path

# `streamlit run` puts only dashboard/ on sys.path; the pages and layers live beside it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import auth, memory, navigation, settings, state, widgets  # noqa: E402

st.set_page_config(page_title="地域支援体制ダッシュボード", page_icon=str(Path(__file__).parent / "favicon.png"), layout="wide")
widgets.page_style()

page = st.navigation(navigation.app_pages(settings.mode(), state.lang()), expanded=True)  # every screen, no "View more"
widgets.sidebar_filters()
auth.sidebar(state.lang())
page.run()
widgets.footer(state.lang())
memory.freeze_long_lived()

"""Entry point: `streamlit run dashboard/app.py`. Builds the navigation and runs the chosen page."""

import sys
from pathlib import Path

# `streamlit run` puts only dashboard/ on sys.path; the pages and layers live beside it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import state, widgets  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from pages import (  # noqa: E402
    about,
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
)

st.set_page_config(page_title="地域支援体制ダッシュボード", page_icon=str(Path(__file__).parent / "favicon.png"), layout="wide")
st.html("<style>.kpi-value{font-size:2rem;font-weight:700;line-height:1.2}</style>")

lang = state.lang()
navigation = st.navigation(
    {
        t("section_overall", lang): [
            st.Page(overview.render, title=t("page_overview", lang), icon=":material/dashboard:", default=True),
            st.Page(rollout_map.render, title=t("page_map", lang), icon=":material/map:", url_path="map"),
            st.Page(outcomes.render, title=t("outcomes_page", lang), icon=":material/monitoring:", url_path="outcomes"),
            st.Page(compare.render, title=t("compare_page", lang), icon=":material/compare_arrows:", url_path="compare"),
            st.Page(about.render, title=t("page_about", lang), icon=":material/info:", url_path="about"),
        ],
        t("section_municipality", lang): [
            st.Page(profile.render, title=t("profile_page", lang), icon=":material/person_pin_circle:", url_path="profile"),
            st.Page(councils.render, title=t("page_councils", lang), icon=":material/groups:", url_path="councils"),
        ],
        t("section_data", lang): [
            st.Page(sources.render, title=t("page_sources", lang), icon=":material/library_books:", url_path="sources"),
            st.Page(data_import.render, title=t("data_import_title", lang), icon=":material/upload:",
                    url_path="data-import"),
            st.Page(review.render, title=t("review_title", lang), icon=":material/fact_check:", url_path="review"),
            st.Page(district_upload.render, title=t("page_district_upload", lang), icon=":material/upload_file:",
                    url_path="district-boundaries"),
        ],
    }
)
widgets.sidebar_filters()
navigation.run()
widgets.footer(state.lang())

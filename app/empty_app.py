"""The empty app, the baseline of `make bench`: the dashboard's navigation (same sections, titles, icons and URL
paths) and its sidebar widgets (language, prefecture, fiscal year, samples; same keys, kept in the query string),
and on every screen only its title. Served the same way as the app in the same run, it times what Streamlit itself
costs for a click or a filter change on this machine, so the app's times are reported as a ratio to it."""

from pathlib import Path

import streamlit as st

from core.domain import fiscal_year_label
from core.i18n import LANGUAGES, t
from dashboard.navigation import screens
from data_access.master import prefectures
from pages import SCREENS

LANG = "ja"
PREFECTURES = {p.code: p.name for p in prefectures()}
YEARS = list(range(2025, 2015, -1))


def _empty(title: str):
    def render() -> None:
        st.title(title)

    render.__name__ = f"empty_{abs(hash(title))}"
    return render


def _sidebar() -> None:
    for key, default in (("lang", LANG), ("pref", "01"), ("fy", "2022"), ("sample", "1")):
        if key not in st.session_state:
            raw = st.query_params.get(key, default)
            st.session_state[key] = int(raw) if key == "fy" else (raw == "1" if key == "sample" else raw)
    with st.sidebar:
        st.selectbox(t("language", LANG), list(LANGUAGES), format_func=lambda code: LANGUAGES[code], key="lang")
        st.selectbox(t("prefecture", LANG), list(PREFECTURES), format_func=lambda code: PREFECTURES[code], key="pref")
        st.selectbox(t("fiscal_year", LANG), YEARS, key="fy", format_func=lambda y: fiscal_year_label(y, LANG))
        st.toggle(t("show_synthetic", LANG), key="sample")
    texts = {key: str(int(value) if isinstance(value, bool) else value) for key in ("lang", "pref", "fy", "sample")
             if (value := st.session_state[key]) is not None}  # fmt: skip
    changed = {key: text for key, text in texts.items() if st.query_params.get(key) != text}
    if changed:  # as the app's dashboard.state.publish: what changed, in one message
        st.query_params.update(changed)


st.set_page_config(
    page_title="地域支援体制ダッシュボード", page_icon=str(Path(__file__).parent / "favicon.png"), layout="wide"
)
pages = {
    t(section, LANG): [
        st.Page(_empty(t(s.title, LANG)), title=t(s.title, LANG), icon=s.icon, url_path=s.url_path or "overview",
                default=not s.url_path)
        for s in members
    ]
    for section, members in screens(SCREENS, "official").items()
}  # fmt: skip
page = st.navigation(pages, expanded=True)
_sidebar()
page.run()

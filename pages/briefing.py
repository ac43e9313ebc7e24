"""ブリーフィング: a one-page A4 PDF (and the same page as PNG) of the selected prefecture and fiscal year.

The page is assembled and drawn below the UI (briefing.content, briefing.render); this screen picks the area,
shows the preview and offers the downloads. Results are cached per view and data version, so a second
download of the same briefing costs nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from analytics.disclosure import Disclosure
from briefing.content import build_briefing
from briefing.fonts import BriefingFontError
from briefing.render import file_stem
from briefing.render import render as render_page
from core import settings
from core.domain import fiscal_year_label
from core.i18n import t
from dashboard import state, widgets
from dashboard.data import TTL, database, query
from data_access.database import Database


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _briefing(
    _db: Database,
    url: str,
    pref: str,
    fy: int,
    lang: str,
    disclosure: Disclosure,
    show_synthetic: bool,
    municipality: str | None,
    geo_dir: Path | None,
    font: Path | None,
    data_version: object,
    today: dt.date,
) -> dict:
    """PDF, PNG and what the page holds; cached by everything that changes the page (url and data_version
    stand for the database and its content)."""
    page = build_briefing(
        _db,
        pref,
        fy,
        lang=lang,
        disclosure=disclosure,
        show_synthetic=show_synthetic,
        geo_dir=geo_dir,
        municipality=municipality,
        generated_on=today,
    )
    pdf, png = render_page(page, font)
    return {
        "pdf": pdf,
        "png": png,
        "stem": file_stem(page),
        "kpis": len(page.kpis),
        "map": page.map.title,
        "outliers": len(page.outliers),
        "notes": len(page.notes),
        "sample": page.has_synthetic and show_synthetic,
    }


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    prefectures = query("prefectures").set_index("code")
    pref_name = prefectures.loc[pref, "name" if lang == "ja" else "name_en"]
    names = query("municipalities", pref).set_index("code")["name"]
    state.init("muni", list(names.index), None)
    st.title(t("briefing_title", lang, area=pref_name))
    st.caption(t("briefing_intro", lang))
    options = [None, *names.index]
    current = st.session_state.get("muni")
    municipality = st.selectbox(
        t("briefing_municipality", lang),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda c: t("briefing_whole_prefecture", lang) if c is None else names[c],
        key=f"briefing_area_{pref}",
    )
    try:
        with st.spinner(t("briefing_generating", lang)):
            result = _briefing(
                database(lang),
                settings.database_url(),
                pref,
                fy,
                lang,
                widgets.disclosure(),
                state.show_synthetic(),
                municipality,
                settings.geo_dir(),
                settings.cjk_font(),
                query("last_updated"),
                dt.date.today(),
            )
    except BriefingFontError as exc:
        st.error(str(exc))
        return
    cols = st.columns(2)
    with cols[0]:
        st.download_button(
            t("briefing_download_pdf", lang),
            result["pdf"],
            file_name=f"{result['stem']}.pdf",
            mime="application/pdf",
            key="briefing_pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
        )
    with cols[1]:
        st.download_button(
            t("briefing_download_png", lang),
            result["png"],
            file_name=f"{result['stem']}.png",
            mime="image/png",
            key="briefing_png",
            icon=":material/image:",
            on_click="ignore",
        )
    st.caption(
        t(
            "briefing_contents",
            lang,
            fy=fiscal_year_label(fy, lang),
            kpis=result["kpis"],
            map=result["map"],
            outliers=result["outliers"],
            notes=result["notes"],
            sample=t("briefing_contents_sample", lang) if result["sample"] else "",
            public=t("briefing_contents_public", lang) if widgets.disclosure().hides_small_counts else "",
        )
    )
    st.header(t("briefing_preview", lang))  # <h2> after the page's <h1> (#18)
    st.image(result["png"], width="stretch", alt=t("briefing_preview_alt", lang))  # what it shows: the caption above

"""ブリーフィング: the one-page A4 PDF and the 16:9 slide (PNG) of a prefecture, or one of its municipalities, for a
fiscal year.

The page is assembled and drawn below the UI (briefing.content, briefing.render); this screen picks the area and
the year, shows both previews and offers the downloads. Results are cached per view and data version, so a second
download of the same briefing costs nothing.

Where it opens: on the whole prefecture (the municipality chosen on other screens is not carried over: a director
asks for the prefecture first) and, the first time the screen opens in a session, on the latest fiscal year with
data for the prefecture. The sidebar's year is moved there too, so the sidebar and the page never show two years.
After that the screen follows the sidebar, so an official who picks a year gets that year. A copied link of the
screen carries its year (``brief_fy``) and area (``brief_area``) and reopens the same briefing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from analytics.disclosure import Disclosure
from briefing.content import build_briefing, latest_fiscal_year
from briefing.fonts import BriefingFontError
from briefing.render import file_name
from briefing.render import render as render_page
from core import settings
from core.domain import fiscal_year_label
from core.i18n import t
from dashboard import state, widgets
from dashboard.data import TTL, database, query
from data_access.database import Database

ARRIVED = "briefing_arrived"  # session: the screen has opened once (from then on it follows the sidebar's year)
YEAR_PARAM = "brief_fy"
AREA = "brief_area"
WHOLE_PREFECTURE = "pref"  # an option the box shows by name (a None value would show the placeholder instead)


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
    """PDF, PNGs and what the page holds; cached by everything that changes the page (url and data_version
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
    files = render_page(page, font)
    return {
        "pdf": files.pdf,
        "png": files.png,
        "slide": files.slide,
        "png_preview": widgets.screen_sized_png(files.png),
        "slide_preview": widgets.screen_sized_png(files.slide),
        "pdf_name": file_name(page, ".pdf"),
        "slide_name": file_name(page, ".png", slide=True),
        "kpis": len(page.kpis),
        "map": page.map.title,
        "outliers": len({o.code for o in page.outliers}),
        "notes": len(page.notes),
        "sample": bool(page.sample_note),
    }


@st.cache_data(ttl=TTL, show_spinner=False)
def _latest_year(_db: Database, url: str, pref: str, data_version: object) -> int | None:
    return latest_fiscal_year(_db, pref)


def _linked_year(years: list[int]) -> int | None:
    raw = st.query_params.get(YEAR_PARAM)
    return int(raw) if isinstance(raw, str) and raw.isdigit() and int(raw) in years else None


def _open_on_latest_year(latest: int | None) -> None:
    """First opening in the session: the year of a briefing link, else the latest year with data; the sidebar is
    moved to it (its widget has been drawn in this run, so its value is dropped and read back from the URL on
    a fresh run)."""
    if st.session_state.get(ARRIVED):
        return
    st.session_state[ARRIVED] = True
    wanted = _linked_year(query("fiscal_years")) or latest
    if wanted is not None and wanted != st.session_state["fy"]:
        st.query_params["fy"] = str(wanted)
        del st.session_state["fy"]
        st.rerun()


def _to_year(year: int) -> None:
    st.session_state["fy"] = year


def render() -> None:
    lang = state.lang()
    pref = st.session_state["pref"]
    db = database(lang)
    version = query("last_updated")
    latest = _latest_year(db, settings.database_url(), pref, version)
    _open_on_latest_year(latest)
    fy = st.session_state["fy"]
    st.query_params[YEAR_PARAM] = str(fy)

    prefectures = query("prefectures").set_index("code")
    pref_name = prefectures.loc[pref, "name" if lang == "ja" else "name_en"]
    names = query("municipalities", pref).set_index("code")["name"]
    st.title(t("briefing_title", lang, area=pref_name))
    st.caption(t("briefing_intro", lang))
    if latest is not None and fy > latest:
        st.info(t("briefing_no_data_yet", lang, fy=fiscal_year_label(fy, lang), latest=fiscal_year_label(latest, lang)))
        st.button(
            t("briefing_to_latest", lang, latest=fiscal_year_label(latest, lang)),
            on_click=_to_year,
            args=(latest,),
            key="briefing_to_latest",
        )
    options = [WHOLE_PREFECTURE, *names.index]
    state.init(AREA, options, WHOLE_PREFECTURE)
    chosen = st.selectbox(
        t("briefing_municipality", lang),
        options,
        format_func=lambda c: t("briefing_whole_prefecture", lang) if c == WHOLE_PREFECTURE else names[c],
        key=state.worded(AREA),
    )
    state.publish(AREA)
    municipality = None if chosen == WHOLE_PREFECTURE else chosen
    try:
        with st.spinner(t("briefing_generating", lang)):
            result = _briefing(
                db,
                settings.database_url(),
                pref,
                fy,
                lang,
                widgets.disclosure(),
                state.show_synthetic(),
                municipality,
                settings.geo_dir(),
                settings.cjk_font(),
                version,
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
            file_name=result["pdf_name"],
            mime="application/pdf",
            key="briefing_pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
        )
    with cols[1]:
        st.download_button(
            t("briefing_download_png", lang),
            result["slide"],
            file_name=result["slide_name"],
            mime="image/png",
            key="briefing_png",
            icon=":material/slideshow:",
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
    a4, slide = st.tabs([t("briefing_preview_a4", lang), t("briefing_preview_slide", lang)])
    with a4:
        st.image(result["png_preview"], width="stretch", alt=t("briefing_preview_a4_alt", lang))
    with slide:
        st.image(result["slide_preview"], width="stretch", alt=t("briefing_preview_slide_alt", lang))

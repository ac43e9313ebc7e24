"""地区境界の取り込み: upload district boundaries, review matches and problems, then save in one go."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from core import settings
from core.i18n import t
from dashboard import auth, state, widgets
from dashboard.data import database, query
from data_access.district_shapes import save_district_shapes
from geo import boundaries, maps
from geo.district_boundaries import DistrictBoundaryError, read_district_boundaries, shapes_to_geojson

ACCEPTED = ["geojson", "json", "gpkg", "zip"]


def render() -> None:
    lang = state.lang()
    st.title(t("page_district_upload", lang))
    st.caption(t("upload_intro", lang))
    pref = st.session_state["pref"]
    municipalities = query("municipalities", pref)
    coverage = query("council_coverage", pref, st.session_state["fy"])
    codes = sorted(municipalities["code"], key=lambda c: (c not in coverage.index, c))
    names = dict(zip(municipalities["code"], municipalities["name"]))
    state.init("muni", codes, codes[0] if codes else None)
    code = st.selectbox(t("municipality", lang), codes, format_func=lambda c: names[c], key=state.worded("muni"))
    state.publish("muni")
    districts = query("districts_with_councils", code, pd.Timestamp.today().date())
    if districts.empty:
        st.info(t("councils_no_districts", lang))
        return
    upload = st.file_uploader(t("upload_file", lang), type=ACCEPTED, key=f"boundary_upload_{code}")
    if upload is None:
        return
    data = upload.getvalue()
    try:
        result = read_district_boundaries(data, upload.name, districts[["district_id", "code", "name"]], lang=lang)
    except DistrictBoundaryError as exc:
        st.error(t("upload_rejected", lang, file=widgets.plain(upload.name), reason=widgets.plain(exc)))
        return
    _report(result, lang)
    if result.matched.empty:
        st.error(t("upload_nothing_matched", lang))
        return
    _preview(districts, result, lang)
    if st.button(t("upload_save", lang, count=len(result.matched)), type="primary", key="boundary_save"):
        saved = save_district_shapes(
            database(lang),
            code,
            shapes_to_geojson(result.matched),
            file_name=upload.name,
            sha256=hashlib.sha256(data).hexdigest(),
            user=auth.acting_username(lang),
        )
        st.cache_data.clear()
        if saved.already_imported:
            st.info(t("upload_already", lang))
        else:
            st.success(t("upload_saved", lang, batch=saved.batch_id, updated=saved.updated, unchanged=saved.unchanged))


def _report(result, lang: str) -> None:
    cols = st.columns(3)
    cols[0].metric(t("upload_matched", lang), len(result.matched))
    cols[1].metric(t("upload_unmatched", lang), len(result.unmatched))
    cols[2].metric(t("upload_missing", lang), len(result.missing))
    if result.source_crs:
        st.caption(t("upload_crs", lang, crs=result.source_crs))
    for problem in result.problems:
        (st.error if problem.severity == "error" else st.warning)(widgets.plain(problem))
    headers = _headers(lang)
    if not result.unmatched.empty:
        st.markdown(f"**{t('upload_unmatched', lang)}**")
        widgets.table(pd.DataFrame(result.unmatched.drop(columns="geometry")).rename(columns=headers))
    if not result.missing.empty:
        st.markdown(f"**{t('upload_missing', lang)}**")
        widgets.table(result.missing.drop(columns="district_id").rename(columns=headers))


def _headers(lang: str) -> dict[str, str]:
    return {
        "feature": t("col_feature", lang),
        "features": t("col_feature", lang),
        "label": t("col_label", lang),
        "file_code": t("col_file_code", lang),
        "file_name": t("col_file_name", lang),
        "code": t("col_district_code", lang),
        "name": t("col_district", lang),
        "matched_by": t("col_matched_by", lang),
    }


def _preview(districts: pd.DataFrame, result, lang: str) -> None:
    st.markdown(f"**{t('upload_preview', lang)}**")
    frame = pd.DataFrame(
        {
            "district_id": districts["district_id"],
            "code": districts["code"],
            "name": districts["name"],
            "status": districts["status_at"],
        }
    )
    fmap = maps.district_map(
        frame,
        shapes=result.matched[["district_id", "geometry"]],
        mode="polygons",
        credit=boundaries.boundary_credit(settings.geo_dir(), lang),
        lang=lang,
    )
    st_folium(fmap, height=480, use_container_width=True, returned_objects=[], key="boundary_preview")
    matched = pd.DataFrame(result.matched.drop(columns=["geometry", "district_id"]))
    widgets.table(matched.rename(columns=_headers(lang)))
    widgets.csv_download(matched, "matched_districts.csv", lang, key="matched_csv")

"""地図: municipalities coloured by a chosen layer; a click drills into one municipality's districts.

The level (prefecture / municipality), the layer and the municipality live in the query string, so a
link reopens the same map. Boundaries come from DASHBOARD_GEO_DIR (cached in geo), scripts from the app.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analytics import overview as calc
from analytics import suppression
from analytics.overview import coverage_series
from core import settings
from core.domain import JUSOU_START, fiscal_year_label
from core.i18n import t
from dashboard import charts, state, widgets
from dashboard.data import query
from data_access.japanese_dates import fiscal_year_end
from data_access.vocabulary import COUNCIL_STATUS_LABELS
from geo import assets, boundaries, maps
from geo.district_boundaries import shapes_from_geojson

LEVELS = ["prefecture", "municipality"]
# map layer -> column of the overview frame (after analytics.overview.with_rates)
LAYER_COLUMNS = {
    "jusou_status": "jusou_stage",
    "council_coverage": "coverage_pct",
    "consultations_per_10k": "consultations_per_10k",
    "closure_rate": "closure_rate_pct",
}
# 重層事業 stages on the map: 検討中 is not running yet
STAGE_ON_MAP = {"full": "本格実施", "preparing": "移行準備", "considering": "未実施", "none": "未実施"}


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    names = query("municipalities", pref).set_index("code")["name"]
    state.init("level", LEVELS, "prefecture")
    state.init("layer", list(maps.LAYERS), "jusou_status")
    state.init("muni", list(names.index), None)
    if st.session_state["level"] == "municipality" and st.session_state["muni"] not in names.index:
        st.session_state["level"] = "prefecture"
    pref_name = query("prefectures").set_index("code").loc[pref, "name" if lang == "ja" else "name_en"]

    missing = assets.missing_assets_message()
    if missing:
        st.warning(missing)
    if st.session_state["level"] == "prefecture":
        st.title(f"{pref_name} {t('page_map', lang)}")
        _prefecture_view(pref, fy, names, lang)
    else:
        code = st.session_state["muni"]
        st.button(f"← {pref_name}", on_click=_go_up, key="breadcrumb_up")
        st.title(f"{pref_name} › {names[code]}")
        _municipality_view(code, fy, lang)
    state.publish("level", "layer", "muni")


def _go_up() -> None:
    st.session_state["level"] = "prefecture"


def _drill(code: str) -> None:
    st.session_state["muni"] = code
    st.session_state["level"] = "municipality"


def _prefecture_view(pref: str, fy: int, names: pd.Series, lang: str) -> None:
    layer_labels = {key: t(f"layer_{key}", lang) for key in maps.LAYERS}
    cols = st.columns([3, 1])
    with cols[0]:
        layer = st.radio(
            t("map_layer", lang), list(maps.LAYERS), format_func=layer_labels.get, key="layer", horizontal=True
        )
    with cols[1]:
        wards = st.toggle(t("map_wards", lang), key="map_wards", help=t("map_wards_help", lang))
    geo_dir = settings.geo_dir()
    shapes = boundaries.load_municipalities(geo_dir, pref, wards=wards)
    if not shapes.detailed:
        st.info(shapes.message or t("map_no_boundaries", lang))

    frame, mask, hidden = _layer_values(pref, fy)
    column = LAYER_COLUMNS[layer]
    values = pd.DataFrame(
        {
            "code": frame["code"],
            "value": frame[column],
            "sample": mask[column].to_numpy(),
            "suppressed": hidden[column].to_numpy(),
        }
    )
    if layer == "jusou_status":
        values["value"] = values["value"].map(STAGE_ON_MAP)
    values = values[values["value"].notna() | values["suppressed"]]
    values["value"] = values["value"].where(~values["suppressed"])  # a hidden value never reaches the page
    notes = [t("map_before_jusou", lang)] if layer == "jusou_status" and fy < JUSOU_START else []
    tiles, tile_attribution = settings.base_tiles()
    fmap = maps.prefecture_map(
        shapes.gdf,
        values,
        layer,
        credit=boundaries.boundary_credit(geo_dir),
        tiles=tiles,
        tile_attribution=tile_attribution,
        title=f"{layer_labels[layer]}（{fiscal_year_label(fy, lang)}）",
        notes=notes,
    )
    clicked = st_folium(
        fmap,
        height=600,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        key=f"prefecture_map_{pref}_{fy}_{layer}_{int(wards)}",
    )
    code = ((clicked or {}).get("last_active_drawing") or {}).get("properties", {}).get("c")
    if code:
        parent = code if code in names.index else _parent_city(code)
        if parent in names.index:
            _drill(parent)
            st.rerun()
    _credit(geo_dir, lang)
    st.selectbox(
        t("map_pick", lang),
        [None, *names.index],
        format_func=lambda c: "—" if c is None else names[c],
        key="map_pick",
        on_change=lambda: _drill(st.session_state["map_pick"]) if st.session_state["map_pick"] else None,
    )
    with st.expander(t("map_table", lang)):
        shown = frame[column].map(STAGE_ON_MAP) if layer == "jusou_status" else frame[column]
        if settings.is_public() and layer != "jusou_status":
            shown = suppression.to_text(frame.where(~hidden, suppression.MARK), {column: 1})[column]
        table = pd.DataFrame(
            {
                t("col_name", lang): frame["name"],
                layer_labels[layer]: shown,
                t("col_sample", lang): mask[column].map({True: t("synthetic_badge", lang), False: ""}).to_numpy(),
            }
        )
        widgets.table(table)
        if settings.is_public():
            widgets.suppression_note(lang)
        widgets.csv_download(
            table, f"map_{pref}_{fy}_{layer}.csv", lang, key="map_csv", codes=list(frame["code"]), fiscal_year=fy
        )


def _parent_city(code: str) -> str | None:
    parents = query("municipalities", code[:2], True).set_index("code")["parent_code"]
    return parents.get(code)


def _layer_values(pref: str, fy: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(values, synthetic mask, suppressed mask); the suppressed mask is all False in official mode and, in
    public mode, the same pattern as the 概要 table so neither page reveals what the other hides."""
    frame = query("municipality_overview", pref, fy)
    mask = calc.synthetic_mask(frame, widgets.synthetic_ids())
    if not state.show_synthetic():
        frame = calc.hide(frame, mask)
        mask[:] = False
    frame = calc.with_rates(frame)
    if settings.is_public():
        hidden = suppression.suppress_overview(frame, settings.suppression_threshold())[1]
    else:
        hidden = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    return frame, calc.extend_mask_to_rates(mask), hidden


def _credit(geo_dir, lang: str) -> None:
    credit = boundaries.boundary_credit(geo_dir)
    if credit:
        st.caption(f"{t('map_credit', lang)}: {credit}")


def _meetings(meetings: pd.Series) -> pd.Series:
    """Meetings per district; in public mode small counts (and their complements) read 秘匿 in the tooltip."""
    if not settings.is_public():
        return meetings
    return suppression.suppress_parts(meetings, settings.suppression_threshold(), mark=maps.SUPPRESSED)[0]


def _municipality_view(code: str, fy: int, lang: str) -> None:
    as_of = min(fiscal_year_end(fy), dt.date.today())
    districts = query("districts_with_councils", code, as_of)
    synthetic = widgets.synthetic_ids()
    if not state.show_synthetic():
        districts = districts[~districts["council_source_id"].isin(synthetic)]
    if districts.empty:
        st.info(t("councils_no_districts", lang))
        return
    labels = {k: v[0] for k, v in COUNCIL_STATUS_LABELS.items()}
    frame = pd.DataFrame(
        {
            "district_id": districts["district_id"],
            "code": districts["code"],
            "name": districts["name"],
            "status": districts["status_at"].map(labels),
            "established": [
                d if s == "established" else None for d, s in zip(districts["established_on"], districts["status_at"])
            ],
            "sc_placed": districts["has_coordinator"],
            "meetings": _meetings(districts["meetings"]),
            "sample": districts["council_source_id"].isin(synthetic),
            "tile_row": districts["tile_row"],
            "tile_col": districts["tile_col"],
        }
    )
    map_col, side = st.columns([3, 2])
    stored = query("district_shapes", code)
    shapes = shapes_from_geojson(stored) if not stored.empty else None
    with map_col:
        tiles, tile_attribution = settings.base_tiles()
        fmap = maps.district_map(
            frame,
            shapes=shapes,
            credit=boundaries.boundary_credit(settings.geo_dir()),
            tiles=tiles,
            tile_attribution=tile_attribution,
            title=f"{t('map_district_title', lang)}（{as_of}）",
        )
        st_folium(fmap, height=560, use_container_width=True, returned_objects=[], key=f"district_map_{code}_{fy}")
    with side:
        established = int((districts["status_at"] == "established").sum())
        widgets.kpis(
            [
                widgets.Kpi(
                    t("kpi_coverage", lang),
                    t("kpi_districts", lang, established=established, districts=len(districts)),
                    f"{t('councils_as_of', lang)} {as_of}",
                    bool(frame["sample"].any()),
                )
            ],
            lang,
        )
        timeline = query("coverage_timeline", code)
        if not state.show_synthetic():
            timeline = timeline[~timeline["source_id"].isin(synthetic)]
        facts = query("reported_facts", code)
        targets = query("targets", code)
        widgets.chart(
            charts.coverage_curve(
                coverage_series(timeline["established_on"], end=as_of),
                facts[facts["metric"] == "tier2_councils_established"],
                targets[targets["metric"] == "tier2_councils_established"],
                lang,
                height=260,
                width=360,
            )
        )
        st.caption(t("map_to_councils", lang))

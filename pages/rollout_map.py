"""地図: municipalities coloured by a chosen layer; a click drills into one municipality's districts.

The level (prefecture / municipality), the layer and the municipality live in the query string, so a
link reopens the same map. Boundaries come from DASHBOARD_GEO_DIR (cached in geo), scripts from the app.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analytics import suppression
from analytics.overview import coverage_series
from core import settings
from core.domain import JUSOU_STAGE_CATEGORY, JUSOU_START, date_label, fiscal_year_label
from core.i18n import t
from dashboard import state, widgets
from dashboard.charts.councils import coverage_curve
from dashboard.data import query
from data_access.japanese_dates import fiscal_year_end
from geo import assets, boundaries, maps
from geo.district_boundaries import shapes_from_geojson

LEVELS = ["prefecture", "municipality"]
# st_folium renders the map and its Leaflet script itself; with render=True it first renders the whole map document
# once more, which changes none of what it sends (checked) and cost 北海道's map ~50 ms of ~140 ms a run
RENDER_PAGE_FIRST = False
# map layer -> column of the overview frame (after analytics.overview.with_rates)
LAYER_COLUMNS = {
    "jusou_status": "jusou_stage",
    "council_coverage": "coverage_pct",
    "consultations_per_10k": "consultations_per_10k",
    "closure_rate": "closure_rate_pct",
}


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
        widgets.terms("terms_map", lang)
        _prefecture_view(pref, fy, names, lang)
    else:
        code = st.session_state["muni"]
        st.button(f"← {pref_name}", on_click=_go_up, key="breadcrumb_up")
        st.title(f"{pref_name} › {names[code]}")
        _municipality_view(code, names[code], fy, lang)
    state.publish("level", "layer", "muni")


def _go_up() -> None:
    st.session_state["level"] = "prefecture"


def _drill(code: str) -> None:
    st.session_state["muni"] = code
    st.session_state["level"] = "municipality"


def _prefecture_view(pref: str, fy: int, names: pd.Series, lang: str) -> None:
    layer_labels = {key: t(f"layer_{key}", lang) for key in maps.LAYERS}
    frame, mask, hidden = _layer_values(pref, fy)
    with_data = [key for key, column in LAYER_COLUMNS.items() if frame[column].notna().any()]
    switched = st.session_state["layer"] not in with_data and bool(with_data)
    if switched:  # e.g. 重層事業 before 令和3年度: open on a layer that has values, and say so
        st.session_state["layer"] = with_data[0]
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
        st.info(t("map_no_boundaries", lang))
    if switched:
        st.caption(t("map_layer_switched", lang, year=fiscal_year_label(fy, lang), layer=layer_labels[layer]))

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
        values["value"] = values["value"].map(JUSOU_STAGE_CATEGORY)
    values = values[values["value"].notna() | values["suppressed"]]
    values["value"] = values["value"].where(~values["suppressed"])  # a hidden value never reaches the page
    notes = [t("map_before_jusou", lang)] if layer == "jusou_status" and fy < JUSOU_START else []
    if layer == "consultations_per_10k":
        widgets.population_note(frame, lang)
    tiles, tile_attribution = settings.base_tiles()
    fmap = maps.prefecture_map(
        shapes.gdf,
        values,
        layer,
        credit=boundaries.boundary_credit(geo_dir, lang),
        tiles=tiles,
        tile_attribution=tile_attribution,
        title=t("with_note", lang, text=layer_labels[layer], note=fiscal_year_label(fy, lang)),
        notes=notes,
        # without boundary files the municipalities are points: the prefecture's outline (japanmap) places them
        outlines=None if shapes.detailed else boundaries.load_prefectures(geo_dir, pref),
        lang=lang,
    )
    # A click or a tap picks the municipality (its tooltip shows the value on the map, the line under it the same
    # value in words); its districts open only from the button under the map: a second, deliberate action.
    map_key = f"prefecture_map_{pref}_{fy}_{layer}_{int(wards)}"
    st_folium(
        fmap,
        render=RENDER_PAGE_FIRST,
        height=600,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked_count"],  # the count: the same area again
        key=map_key,
        on_change=_picked_on_map(map_key, names),
    )
    st.caption(t("map_touch_hint", lang))
    _credit(geo_dir, lang)
    state.init("map_pick", [None, *names.index], None)
    chosen = st.selectbox(
        t("map_pick", lang),
        [None, *names.index],
        format_func=lambda c: "—" if c is None else names[c],
        key=state.worded("map_pick"),
    )
    if chosen is not None:
        row = values.set_index("code")
        value = row["value"].get(chosen)
        suppressed = bool(row["suppressed"].get(chosen, False))
        sample = bool(row["sample"].get(chosen, False)) and not suppressed and not pd.isna(value)
        st.markdown(
            t(
                "map_selected",
                lang,
                name=widgets.plain(names[chosen]),
                layer=layer_labels[layer],
                value=_value_text(maps.LAYERS[layer], value, suppressed, lang),
            )
            + (t("map_selected_sample", lang) if sample else "")
        )
        st.button(
            t("map_open_districts", lang, name=widgets.plain(names[chosen])),
            on_click=_drill,
            args=(chosen,),
            icon=":material/arrow_forward:",
            key="map_open_districts",
        )
    with st.expander(t("map_table", lang)):
        shown = (
            frame[column].map(
                lambda s: maps.LAYERS[layer].category_label(JUSOU_STAGE_CATEGORY[s], lang), na_action="ignore"
            )
            if layer == "jusou_status"
            else widgets.disclosure().displayed(frame.where(~hidden, suppression.MARK), {column: 1})[column]
        )
        table = pd.DataFrame(
            {
                t("col_name", lang): frame["name"],
                layer_labels[layer]: shown,
                t("col_sample", lang): mask[column].map({True: t("synthetic_badge", lang), False: ""}).to_numpy(),
            }
        )
        widgets.table(*widgets.sample_rows(table, t("col_sample", lang)))
        widgets.suppression_note(lang)
        widgets.csv_download(
            table, f"map_{pref}_{fy}_{layer}.csv", lang, key="map_csv", codes=list(frame["code"]), fiscal_year=fy
        )


def _picked_on_map(map_key: str, names: pd.Series):
    """The map's callback: the clicked municipality (a ward: its city) becomes the picked one."""

    def callback() -> None:
        drawing = (st.session_state.get(map_key) or {}).get("last_active_drawing") or {}
        code = (drawing.get("properties") or {}).get("c")
        if code:
            parent = code if code in names.index else _parent_city(code)
            if parent in names.index:
                st.session_state["map_pick"] = parent

    return callback


def _value_text(layer: maps.Layer, value, suppressed: bool, lang: str) -> str:
    """A municipality's value as its tooltip says it: a category's name, a rate with its unit, 秘匿 or データなし."""
    if suppressed:
        return t("map_suppressed", lang)
    if value is None or pd.isna(value):
        return t("no_data", lang)
    if layer.kind == "category":
        return layer.category_label(str(value), lang)
    return maps.format_value(float(value), layer.unit(lang))


def _parent_city(code: str) -> str | None:
    parents = query("municipalities", code[:2], True).set_index("code")["parent_code"]
    return parents.get(code)


def _layer_values(pref: str, fy: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(values, synthetic mask, hidden mask): the 概要 pipeline, so neither page reveals what the other hides."""
    year = widgets.prefecture_year(pref, fy)
    return year.frame, year.mask, year.hidden


def _credit(geo_dir, lang: str) -> None:
    credit = boundaries.boundary_credit(geo_dir, lang)
    if credit:
        st.caption(f"{t('map_credit', lang)}: {credit}")


def _municipality_view(code: str, name: str, fy: int, lang: str) -> None:
    as_of = min(fiscal_year_end(fy), dt.date.today())
    districts = query("districts_with_councils", code, as_of)
    synthetic = widgets.synthetic_ids()
    if not state.show_synthetic():
        districts = districts[~districts["council_source_id"].isin(synthetic)]
    if districts.empty:
        st.info(t("councils_no_districts", lang))
        return
    frame = pd.DataFrame(
        {
            "district_id": districts["district_id"],
            "code": districts["code"],
            "name": districts["name"],
            "status": districts["status_at"],
            "established": [
                d if s == "established" else None for d, s in zip(districts["established_on"], districts["status_at"])
            ],
            "sc_placed": districts["has_coordinator"],
            "meetings": widgets.disclosure().parts(districts["meetings"]),
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
            credit=boundaries.boundary_credit(settings.geo_dir(), lang),
            tiles=tiles,
            tile_attribution=tile_attribution,
            title=t("with_note", lang, text=t("map_district_title", lang), note=date_label(as_of, lang)),
            lang=lang,
        )
        st_folium(
            fmap,
            render=RENDER_PAGE_FIRST,
            height=560,
            use_container_width=True,
            returned_objects=[],
            key=f"district_map_{code}_{fy}",
        )
    with side:
        coverage = widgets.coverage_kpi(code[:2], code, fy, lang)
        if coverage is not None:
            widgets.kpis([coverage], lang)
        timeline = query("coverage_timeline", code)
        if not state.show_synthetic():
            timeline = timeline[~timeline["source_id"].isin(synthetic)]
        facts = query("reported_facts", code)
        targets = query("targets", code)
        reported = facts[facts["metric"] == "tier2_councils_established"]
        target = targets[targets["metric"] == "tier2_councils_established"]
        sources = [*timeline["source_id"], *reported["source_id"], *target["source_id"]]
        widgets.chart(
            coverage_curve(
                coverage_series(timeline["established_on"], end=as_of),
                reported,
                target,
                widgets.curve_heading(name, code, fy, sources, lang),
                lang,
                sample=bool(timeline["source_id"].isin(synthetic).any()),
                height=240,
            ),
            lang,
        )
        st.caption(t("map_to_councils", lang))

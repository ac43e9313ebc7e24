"""自治体プロフィール: one municipality against its prefecture and the nation, Fingertips spine-chart style.

In the public edition a hidden value (analytics.public_outcomes) is ＊ with no marker, and the distribution
behind each row uses only values that are shown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import comparison as calc
from analytics import public_outcomes as public
from analytics import spine
from analytics.indicators import get_indicator
from analytics.suppression import MARK
from core.domain import date_label, fiscal_year_label, format_number
from core.i18n import t
from dashboard import state, widgets
from dashboard.charts import Heading
from dashboard.charts import outcomes as charts
from dashboard.outcomes import (
    BENCHMARKS,
    edition_labels,
    indicator_expander,
    indicator_name,
    label_text,
    prefecture_name,
    reported_figures,
    unit_suffix,
    value_with_interval,
    year_frame,
    year_shown,
)
from data_access.master import KINDS_EN, MUNICIPALITY_KINDS

SPINE_INDICATORS = ("consultations_per_10k", "closure_rate", "referral_rate", "council_coverage")


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    frame, _ = year_frame(pref, fy)
    national, _ = year_frame(None, fy)
    codes = list(frame["code"])
    if not codes:
        st.title(t("profile_page", lang))
        st.info(t("no_municipalities_data", lang))
        return
    names = dict(zip(frame["code"], frame["name"]))
    with_values = frame[list(SPINE_INDICATORS)].notna().any(axis=1)
    default = (
        st.session_state.get("muni")
        if st.session_state.get("muni") in codes
        else (frame.loc[with_values, "code"].iloc[0] if with_values.any() else codes[0])
    )
    state.init("profile", codes, default)
    state.init("profile_bench", BENCHMARKS, "national")
    code = st.selectbox(
        t("profile_municipality", lang), codes, format_func=lambda c: names[c], key=state.worded("profile")
    )
    st.title(t("profile_title", lang, name=names[code]))
    st.caption(
        prefecture_name(pref, lang)
        + t("separator_dot", lang)
        + f"{t('fiscal_year', lang)}: {fiscal_year_label(fy, lang)}"
    )
    widgets.terms("terms_profile", lang)
    st.radio(
        t("outcomes_benchmark", lang),
        BENCHMARKS,
        key="profile_bench",
        horizontal=True,
        format_func=lambda b: t(f"outcomes_benchmark_{b}", lang),
    )
    state.publish("profile", "profile_bench")
    row = frame.set_index("code").loc[code]
    shown, hidden = year_shown(pref, fy)
    shown_row = shown.set_index("code").loc[code]
    row_hidden = hidden.set_index(frame["code"]).loc[code]
    national_hidden = year_shown(None, fy)[1]
    national_sources = pd.concat([national["cases_source_id"], national["coverage_source_id"]])  # the distribution
    widgets.synthetic_notice(lang, bool(row["synthetic"]))
    _facts(row, lang)

    pref_values = {key: calc.pooled_value(frame, key) for key in SPINE_INDICATORS}
    nation_values = {key: calc.pooled_value(national, key) for key in SPINE_INDICATORS}
    centre = pref_values if st.session_state["profile_bench"] == "prefecture" else nation_values
    table = _spine_table(
        row, shown_row, row_hidden, national, national_hidden, pref_values, nation_values, centre, pref, lang
    )
    st.header(t("profile_spine", lang))
    if table.empty:
        st.info(t("profile_no_values", lang))
    else:
        st.caption(t("profile_spine_hint", lang, pref=prefecture_name(pref, lang)))
        heading = Heading(
            t("charts_title_spine", lang, name=names[code]),
            prefecture_name(pref, lang),
            fiscal_year_label(fy, lang),
            widgets.source_origins(pd.concat([row[["cases_source_id", "coverage_source_id"]], national_sources]), lang),
        )
        widgets.chart(charts.spine(table, prefecture_name(pref, lang), heading, lang), lang)
        display = table.drop(columns=[c for c in table.columns if c.startswith("_")])
        widgets.table(display)
        if widgets.disclosure().hides_small_counts:
            st.caption(t("public_outcomes_spine_note", lang))
        widgets.suppression_note(lang)
        widgets.csv_download(display, f"profile_{code}_{fy}.csv", lang, key="profile_spine_csv", fiscal_year=fy)
    _notes(row, lang)
    reported_figures(pref, fy, lang, f"profile_{code}", (code,))
    for key in SPINE_INDICATORS:
        indicator_expander(key, lang)


# The profile's basic facts: metric, digits, unit suffix. Each shows the day it describes and its source.
PROFILE_FACTS = (
    ("population", 0, ""),
    ("households", 0, ""),
    ("aging_rate", 1, "%"),
    ("share_75_over", 1, "%"),
    ("area", 1, ""),
    ("population_density", 1, ""),
    ("census_population_preliminary", 0, ""),
)


def _facts(row: pd.Series, lang: str) -> None:
    st.header(t("profile_facts", lang))
    kind = MUNICIPALITY_KINDS[row["kind"]] if lang == "ja" else KINDS_EN[row["kind"]]
    band = calc.peer_bands(row.to_frame().T).iloc[0]
    synthetic = widgets.synthetic_ids()
    cards = [
        widgets.Kpi(t("compare_item_kind", lang), kind, t("source_master", lang)),
        widgets.Kpi(
            t("compare_band", lang),
            t(f"peer_band_{band}", lang),
            widgets.short_source_label(row["designation_source_id"], lang)
            if not pd.isna(row["designation_source_id"])
            else t("source_master", lang),
        ),
    ]
    for metric, digits, unit in PROFILE_FACTS:
        source, as_of = row[f"{metric}_source_id"], row[f"{metric}_as_of"]
        has_value = not pd.isna(row[metric])
        detail = (
            t(
                "profile_fact_detail",
                lang,
                date=date_label(as_of, lang),
                source=widgets.short_source_label(source, lang),
            )
            if has_value and not pd.isna(as_of)
            else (widgets.source_label(source, lang) if has_value else t("no_data", lang))
        )
        cards.append(
            widgets.Kpi(
                t(f"profile_fact_{metric}", lang),
                format_number(row[metric], digits, unit),
                detail,
                has_value and int(source) in synthetic,
            )
        )
    widgets.kpis(cards, lang)


def _spine_table(
    row: pd.Series,
    shown_row: pd.Series,
    row_hidden: pd.Series,
    national: pd.DataFrame,
    national_hidden: pd.DataFrame,
    pref_values: dict,
    nation_values: dict,
    centre: dict,
    pref: str,
    lang: str,
) -> pd.DataFrame:
    """One row per indicator: the municipality's value and label, prefecture, nation and the distribution.

    A hidden value (public edition) is ＊ with no marker and no label; the distribution leaves hidden values
    out, so that no extreme or quartile is a hidden municipality's value.
    """
    records = []
    for key in SPINE_INDICATORS:
        indicator = get_indicator(key)
        distribution = public.shown_values(national, national_hidden, key)[~national["is_partial_year"].eq(True)]
        own = None if row_hidden[key] else row[key]
        scaled = spine.spine_row(distribution, own, centre[key], indicator.polarity)
        if scaled is None:
            continue
        labels = edition_labels(calc.benchmark_labels(row.to_frame().T, key, centre[key]), key)
        label = "hidden" if row_hidden[key] else labels.iloc[0]
        pref_pos = spine.position(pref_values[key], scaled.benchmark, scaled.half_width, indicator.polarity)
        digits = 1
        records.append(
            {
                t("col_metric", lang): indicator_name(key, lang),
                t("outcomes_col_value_ci", lang): value_with_interval(
                    shown_row[key], shown_row[f"{key}_low"], shown_row[f"{key}_high"], key, lang
                ),
                t("outcomes_col_label", lang): MARK if label == "hidden" else label_text(label, lang),
                prefecture_name(pref, lang): format_number(pref_values[key], digits, unit_suffix(key)),
                t("outcomes_nation", lang): format_number(nation_values[key], digits, unit_suffix(key)),
                t("profile_left", lang): format_number(scaled.left_value, digits),
                t("profile_q25", lang): format_number(scaled.q25, digits),
                t("profile_median", lang): format_number(scaled.median, digits),
                t("profile_q75", lang): format_number(scaled.q75, digits),
                t("profile_right", lang): format_number(scaled.right_value, digits),
                t("profile_count", lang): scaled.count,
                t("source", lang): _source(row, key, lang),
                "_metric": indicator_name(key, lang),
                "_value_text": value_with_interval(
                    shown_row[key], shown_row[f"{key}_low"], shown_row[f"{key}_high"], key, lang
                ),
                "_pref_text": format_number(pref_values[key], digits, unit_suffix(key)),
                "_left": format_number(scaled.left_value, digits),
                "_q25": format_number(scaled.q25, digits),
                "_median": format_number(scaled.median, digits),
                "_q75": format_number(scaled.q75, digits),
                "_right": format_number(scaled.right_value, digits),
                "_count": scaled.count,
                "_label": label,
                "_min": min(scaled.minimum_pos, scaled.maximum_pos),
                "_max": max(scaled.minimum_pos, scaled.maximum_pos),
                "_q_low": min(scaled.q25_pos, scaled.q75_pos),
                "_q_high": max(scaled.q25_pos, scaled.q75_pos),
                "_value": scaled.value_pos,
                "_pref": pref_pos,
                "_synthetic": bool(
                    row["coverage_synthetic"]
                    if key == "council_coverage"
                    else row["cases_synthetic"] or (key == "consultations_per_10k" and row["population_synthetic"])
                ),
            }
        )
    return pd.DataFrame(records)


def _source(row: pd.Series, key: str, lang: str) -> str:
    source = row["coverage_source_id"] if key == "council_coverage" else row["cases_source_id"]
    if key == "council_coverage" and pd.isna(source) and not pd.isna(row["districts"]):
        return t("source_mixed", lang)
    return "—" if pd.isna(source) else widgets.source_label(source, lang)


def _notes(row: pd.Series, lang: str) -> None:
    if row["synthetic"]:
        st.caption(t("profile_note_synthetic", lang, name=row["name"]))
    if row["is_partial_year"] is True or row["is_partial_year"] == 1:
        st.caption(t("profile_note_partial", lang, name=row["name"], date=row["period_end"]))

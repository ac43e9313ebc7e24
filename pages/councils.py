"""協議体の設置状況: one municipality's districts, its set-up curve against the target, and activity."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.overview import coverage_series
from core.domain import COUNCIL_STATUSES, date_label, fiscal_year_label
from core.i18n import t
from dashboard import state, widgets
from dashboard.charts.councils import coverage_curve
from dashboard.data import query
from data_access.japanese_dates import fiscal_year_end
from data_access.vocabulary import ACTIVITY_METRICS, council_status_name, unit_name


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    municipalities = query("municipalities", pref)
    coverage = query("council_coverage", pref, fy)
    with_councils = [c for c in municipalities["code"] if c in coverage.index]
    codes = sorted(municipalities["code"], key=lambda c: (c not in with_councils, c))
    names = dict(zip(municipalities["code"], municipalities["name"]))
    state.init("muni", codes, codes[0] if codes else None)
    code = st.selectbox(t("municipality", lang), codes, format_func=lambda c: names[c], key=state.worded("muni"))
    state.publish("muni")
    if code is None:
        st.info(t("no_municipalities_data", lang))
        return
    st.title(t("councils_heading", lang, name=names[code]))
    widgets.terms("terms_councils", lang)

    as_of = min(fiscal_year_end(fy), dt.date.today())
    districts = query("districts_with_councils", code, as_of)
    synthetic = widgets.synthetic_ids()
    if not state.show_synthetic():
        districts = districts[~districts["council_source_id"].isin(synthetic) | districts["council_source_id"].isna()]
    widgets.synthetic_notice(lang, bool(districts["council_source_id"].isin(synthetic).any()))
    _summary(code, fy, lang)
    if districts.empty:
        st.info(t("councils_no_districts", lang))
    else:
        _curve(code, names[code], fy, synthetic, lang)
        _district_table(districts, synthetic, code, fy, lang)
    _activity(code, synthetic, lang)


def _summary(code: str, fy: int, lang: str) -> None:
    """The year's coverage as 概要 states it, an earlier report when the year has none, and the target."""
    facts = query("reported_facts", code)
    targets = query("targets", code)
    synthetic = widgets.synthetic_ids()
    coverage = widgets.coverage_kpi(code[:2], code, fy, lang)
    cards = [coverage] if coverage is not None else []
    reported = facts[facts["metric"].isin(["tier2_councils_established", "tier2_districts_total"])]
    if not reported.empty:
        latest = reported.sort_values("as_of").groupby("metric").last()
        row = latest.loc["tier2_councils_established"]
        if row["fiscal_year"] != fy:  # the year's own report is the first card already
            cards.append(
                widgets.Kpi(
                    t("legend_reported", lang),
                    t(
                        "kpi_districts",
                        lang,
                        established=int(row["value"]),
                        districts=int(latest.loc["tier2_districts_total", "value"]),
                    ),
                    date_label(row["as_of"], lang)
                    + t("separator_dot", lang)
                    + widgets.source_label(row["source_id"], lang),
                )
            )
    target = targets[targets["metric"] == "tier2_councils_established"]
    if not target.empty:
        row = target.iloc[-1]
        cards.append(
            widgets.Kpi(
                t("legend_target", lang),
                t("unit_districts", lang, value=int(row["value"])),
                date_label(row["due_on"], lang)
                + t("separator_dot", lang)
                + widgets.source_label(row["source_id"], lang),
                int(row["source_id"]) in synthetic,
            )
        )
    widgets.kpis(cards, lang)


def _curve(code: str, name: str, fy: int, synthetic: set[int], lang: str) -> None:
    st.header(t("councils_curve", lang))
    timeline = query("coverage_timeline", code)
    if not state.show_synthetic():
        timeline = timeline[~timeline["source_id"].isin(synthetic)]
    facts = query("reported_facts", code)
    targets = query("targets", code)
    series = coverage_series(timeline["established_on"], end=min(fiscal_year_end(fy), dt.date.today()))
    reported = facts[facts["metric"] == "tier2_councils_established"]
    target = targets[targets["metric"] == "tier2_councils_established"]
    sources = [*timeline["source_id"], *reported["source_id"], *target["source_id"]]
    heading = widgets.curve_heading(name, code, fy, sources, lang)
    sample = bool(timeline["source_id"].isin(synthetic).any())
    widgets.chart(coverage_curve(series, reported, target, heading, lang, sample), lang)
    with st.expander(t("councils_curve_alt", lang)):
        widgets.table(series)


def _district_table(districts: pd.DataFrame, synthetic: set[int], code: str, fy: int, lang: str) -> None:
    st.header(t("councils_districts", lang))
    labels = {k: council_status_name(k, lang) for k in COUNCIL_STATUSES}
    display = pd.DataFrame(
        {
            t("col_district", lang): districts["name"],
            t("col_status", lang): districts["status_at"].map(labels),
            t("col_established_on", lang): [
                str(d) if s == "established" and d is not None and not pd.isna(d) else "—"
                for d, s in zip(districts["established_on"], districts["status_at"])
            ],
            t("col_coordinator", lang): [
                str(d)[:7] if ok else ""
                for d, ok in zip(districts["coordinator_placed_on"], districts["has_coordinator"])
            ],
            t("col_meetings", lang): widgets.disclosure().counts(
                pd.to_numeric(districts["meetings"]).fillna(0).astype(int), parts=True
            ),
            t("source", lang): widgets.source_labels(districts["council_source_id"], lang),
        }
    )
    mask = pd.DataFrame(False, index=display.index, columns=display.columns)  # each cell marked by its own source
    for col, source in (
        (t("col_district", lang), "district_source_id"),
        (t("col_status", lang), "council_source_id"),
        (t("col_established_on", lang), "established_source_id"),
        (t("col_coordinator", lang), "coordinator_source_id"),
        (t("col_meetings", lang), "meetings_source_id"),
    ):
        mask[col] = districts[source].isin(synthetic).to_numpy()
    widgets.table(display, mask)
    widgets.suppression_note(lang)
    widgets.csv_download(
        display, f"districts_{code}_{fy}.csv", lang, key="districts_csv", codes=[code] * len(display), fiscal_year=fy
    )
    coordinator_rows = districts[districts["has_coordinator"]]
    for _, row in coordinator_rows.iterrows():
        st.caption(
            f"{widgets.plain(row['name'])}: {t('col_coordinator', lang)} {str(row['coordinator_placed_on'])[:7]}"
            + t("separator_dot", lang)
            + widgets.plain(widgets.source_label(row["coordinator_source_id"], lang))
        )
        widgets.show_cited_lines(row["coordinator_source_id"], lang)


def _activity(code: str, synthetic: set[int], lang: str) -> None:
    activity = query("council_activity", code)
    if activity.empty:
        return
    if not state.show_synthetic():
        activity = activity[~activity["source_id"].isin(synthetic)]
    st.header(t("councils_activity", lang))
    names = {k: m.name(lang) for k, m in ACTIVITY_METRICS.items()}
    basis = {"reported": t("basis_reported", lang), "districts": t("basis_districts", lang)}
    display = pd.DataFrame(
        {
            t("fiscal_year", lang): [fiscal_year_label(int(y), lang) for y in activity["fiscal_year"]],
            t("col_metric", lang): activity["metric"].map(names),
            t("col_value", lang): widgets.disclosure().counts(activity["value"], parts=False),
            t("col_unit", lang): activity["unit"].map(lambda unit: unit_name(unit, lang)),
            t("col_period_end", lang): activity["period_end"].astype(str),
            t("col_basis", lang): activity["basis"].map(basis),
            t("source", lang): widgets.source_labels(activity["source_id"], lang),
        }
    )
    mask = pd.DataFrame(False, index=display.index, columns=display.columns)
    mask[t("col_value", lang)] = activity["source_id"].isin(synthetic).to_numpy()
    widgets.table(display, mask)
    widgets.suppression_note(lang)
    widgets.csv_download(display, f"council_activity_{code}.csv", lang, key="activity_csv", codes=[code] * len(display))

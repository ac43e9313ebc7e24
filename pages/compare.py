"""比較: 2–6 municipalities side by side (picked, or the ones most similar to a municipality).

Every value carries its source and the sample marking; consultations and closure rates carry intervals.
The chosen codes stay in the URL (`cmp=092011,092029`), so a copied link reopens the comparison. In the
public edition counts and rates hidden on 相談・成果 are ＊ here too, and charts draw only shown values.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import comparison as calc
from analytics import public_outcomes as public
from core.domain import SERIES_COLOURS, date_label, fiscal_year_label, format_number
from core.i18n import t
from dashboard import state, widgets
from dashboard.charts import Axis, Heading
from dashboard.charts import outcomes as charts
from dashboard.charts.selection import picked
from dashboard.data import query
from dashboard.outcomes import (
    axis_title,
    chart_points,
    hidden_note,
    hidden_points_note,
    indicator_expander,
    indicator_name,
    measure,
    period_texts,
    profile_on_click,
    reported_figures,
    show_table,
    synthetic_values,
    unit_suffix,
    value_label,
    value_sources,
    value_with_interval,
    year_frame,
    year_shown,
)
from data_access.master import KINDS_EN, MUNICIPALITY_KINDS
from data_access.vocabulary import PROGRAM_STAGES, stage_name

MODES = ["pick", "similar"]
SCOPES = ["prefecture", "national"]
INTERVAL_INDICATORS = ("consultations_per_10k", "closure_rate")
MAX_CHOSEN = 6
LOG_AXES = {"population", "households", "area"}
SCATTER_CHART = "compare_scatter_chart"
SCATTER_COLUMNS = (
    "consultations_per_10k",
    "closure_rate",
    "referral_rate",
    "council_coverage",
    "population",
    "aging_rate",
    "households",
    "area",
    "population_density",
)


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    st.title(t("compare_title", lang))
    st.caption(f"{t('fiscal_year', lang)}: {fiscal_year_label(fy, lang)}")
    widgets.terms("terms_outcomes", lang)
    national, _ = year_frame(None, fy)
    prefectures = query("prefectures").set_index("code")
    pref_names = prefectures["name" if lang == "ja" else "name_en"]
    pref_text = pref_names.to_dict()
    labels = {
        code: t("with_note", lang, text=name, note=pref_text[pref])
        for code, name, pref in zip(national["code"], national["name"], national["prefecture_code"])
    }
    in_pref = list(national.loc[national["prefecture_code"] == pref, "code"])

    state.init("cmp_mode", MODES, "pick")
    st.radio(
        t("compare_mode", lang),
        MODES,
        key="cmp_mode",
        horizontal=True,
        format_func=lambda m: t(f"compare_mode_{m}", lang),
    )
    url: dict[str, str] = {}
    if st.session_state["cmp_mode"] == "pick":
        codes = _pick(national, in_pref, labels, lang)
        neighbours = None
        url["cmp"] = ",".join(codes)  # the choice, read back from the `cmp` parameter on a new session
    else:
        codes, neighbours = _similar(national, in_pref, pref, labels, lang)
    state.publish("cmp_mode", **url)
    if len(codes) < 2:
        st.info(t("compare_pick_hint", lang))
        return
    shown, hidden = year_shown(None, fy)
    rows = pd.Index(national["code"]).get_indexer(codes)
    chosen = national.iloc[rows].reset_index(drop=True)
    widgets.synthetic_notice(lang, bool(chosen["synthetic"].any()))
    if neighbours is not None:
        _neighbour_table(neighbours, lang)
    _side_by_side(chosen, shown.iloc[rows].reset_index(drop=True), fy, pref_names, lang)
    reported_figures(None, fy, lang, "compare", tuple(codes))
    _intervals(chosen, shown, hidden.iloc[rows].reset_index(drop=True), fy, pref_names, lang)
    _scatter(national, hidden, chosen, fy, pref_names, lang)
    for key in ("consultations_per_10k", "closure_rate", "council_coverage"):
        indicator_expander(key, lang)


def _pick(national: pd.DataFrame, in_pref: list[str], labels: dict[str, str], lang: str) -> list[str]:
    """Multiselect of municipalities; the choice is read from the `cmp` query parameter (and written back to it by
    `render`)."""
    known = set(national["code"])
    if "cmp_codes" not in st.session_state:
        raw = st.query_params.get("cmp") or ""
        from_url = [c for c in raw.split(",") if c in known][:6]
        reporting = set(national.loc[national["new_cases"].notna(), "code"])
        with_data = [c for c in in_pref if c in reporting]
        st.session_state["cmp_codes"] = from_url if len(from_url) >= 2 else (with_data or in_pref)[:3]
    options = list(dict.fromkeys([*st.session_state["cmp_codes"], *in_pref, *national["code"]]))
    return st.multiselect(
        t("compare_pick", lang),
        options,
        key=state.worded("cmp_codes"),
        format_func=lambda c: labels[c],
        max_selections=MAX_CHOSEN,
    )


def _similar(
    national: pd.DataFrame, in_pref: list[str], pref: str, labels: dict[str, str], lang: str
) -> tuple[list[str], pd.DataFrame | None]:
    if not in_pref:
        st.info(t("no_municipalities_data", lang))
        return [], None
    state.init("cmp_base", in_pref, in_pref[0])
    state.init("cmp_k", [1, 2, 3, 4, 5], 3)
    state.init("cmp_scope", SCOPES, "prefecture")
    columns = st.columns([3, 2, 2])
    with columns[0]:
        base = st.selectbox(
            t("compare_base", lang), in_pref, key=state.worded("cmp_base"), format_func=lambda c: labels[c]
        )
    with columns[1]:
        k = st.radio(t("compare_k", lang), [1, 2, 3, 4, 5], key="cmp_k", horizontal=True)
    with columns[2]:
        scope = st.radio(
            t("compare_scope", lang),
            SCOPES,
            key="cmp_scope",
            horizontal=True,
            format_func=lambda s: t(f"compare_scope_{s}", lang),
        )
    state.publish("cmp_base", "cmp_k", "cmp_scope")
    candidates = national[national["prefecture_code"] == pref] if scope == "prefecture" else national
    try:
        result, neighbours = calc.similar_municipalities(candidates, base, k)
    except ValueError:
        st.info(t("compare_no_profile", lang))
        return [], None
    features = "、".join(t(f"compare_feature_{f}", lang) for f in result.features)
    st.caption(t("compare_similar_caption", lang, features=features, excluded=len(result.excluded_codes)))
    return [base, *neighbours["code"]], neighbours


def _neighbour_table(neighbours: pd.DataFrame, lang: str) -> None:
    """Nearest first, by rank: a standardised distance (1.188) means nothing to a reader."""
    widgets.table(
        pd.DataFrame(
            {
                t("compare_distance", lang): range(1, len(neighbours) + 1),
                t("col_name", lang): neighbours["name"],
                t("compare_band", lang): [t(f"peer_band_{band}", lang) for band in neighbours["peer_band"]],
            }
        )
    )


def _side_by_side(chosen: pd.DataFrame, shown: pd.DataFrame, fy: int, pref_names: pd.Series, lang: str) -> None:
    """One column per municipality: values (`shown`: with ＊ in the public edition), then the same layout with
    each value's source."""
    st.header(t("compare_side_by_side", lang))
    stages = {k: stage_name(k, lang) for k in PROGRAM_STAGES}
    bands = calc.peer_bands(chosen)
    ids = widgets.synthetic_ids()
    items: list[tuple[str, list[str], list, list[bool]]] = []

    def fact(metric: str, digits: int) -> list[str]:
        """Each value with the day it describes (2025年1月1日), or its fiscal year when the source gives none."""
        return [
            "—"
            if pd.isna(value)
            else t(
                "compare_fact_as_of",
                lang,
                value=format_number(value, digits),
                date=date_label(as_of, lang) if not pd.isna(as_of) else fiscal_year_label(int(year), lang),
            )
            for value, as_of, year in zip(
                chosen[metric], chosen[f"{metric}_as_of"], chosen[f"{metric}_fiscal_year"].fillna(0)
            )
        ]

    def synthetic_of(column: str) -> list[bool]:
        return [not pd.isna(s) and int(s) in ids for s in chosen[column]]

    none = [None] * len(chosen)
    items += [
        (
            t("compare_item_prefecture", lang),
            [pref_names[p] for p in chosen["prefecture_code"]],
            none,
            [False] * len(chosen),
        ),
        (
            t("compare_item_kind", lang),
            [MUNICIPALITY_KINDS[k] if lang == "ja" else KINDS_EN[k] for k in chosen["kind"]],
            none,
            [False] * len(chosen),
        ),
        (
            t("compare_band", lang),
            [t(f"peer_band_{band}", lang) for band in bands],
            list(chosen["population_source_id"]),
            synthetic_of("population_source_id"),
        ),
        (
            t("col_population", lang),
            fact("population", 0),
            list(chosen["population_source_id"]),
            synthetic_of("population_source_id"),
        ),
        (
            t("compare_item_households", lang),
            fact("households", 0),
            list(chosen["households_source_id"]),
            synthetic_of("households_source_id"),
        ),
        (
            t("compare_item_aging", lang),
            fact("aging_rate", 1),
            list(chosen["aging_rate_source_id"]),
            synthetic_of("aging_rate_source_id"),
        ),
        (t("compare_item_area", lang), fact("area", 1), list(chosen["area_source_id"]), synthetic_of("area_source_id")),
        (
            t("compare_feature_population_density", lang),
            fact("population_density", 1),
            list(chosen["population_density_source_id"]),
            synthetic_of("population_density_source_id"),
        ),
        (
            t("compare_item_jusou", lang),
            [stages.get(s, "—") if isinstance(s, str) else "—" for s in chosen["jusou_stage"]],
            list(chosen["jusou_source_id"]),
            synthetic_of("jusou_source_id"),
        ),
        (
            t("compare_item_coverage", lang),
            [
                t("kpi_districts", lang, established=int(e), districts=int(d))
                if not pd.isna(d) and not pd.isna(e)
                else "—"
                for e, d in zip(chosen["established"], chosen["districts"])
            ],
            list(chosen["coverage_source_id"]),
            list(chosen["coverage_synthetic"]),
        ),
        (
            t("compare_item_new_cases", lang),
            [v if isinstance(v, str) else format_number(pd.to_numeric(v, errors="coerce")) for v in shown["new_cases"]],
            list(chosen["cases_source_id"]),
            list(chosen["cases_synthetic"]),
        ),
        (
            t("compare_item_period", lang),
            period_texts(chosen, lang),
            list(chosen["cases_source_id"]),
            list(chosen["cases_synthetic"]),
        ),
    ]
    for key in ("consultations_per_10k", "closure_rate", "council_coverage"):
        synthetic = (
            chosen["coverage_synthetic"]
            if key == "council_coverage"
            else (
                chosen["cases_synthetic"]
                | (chosen["population_synthetic"] if key == "consultations_per_10k" else False)
            )
        )
        source = chosen["coverage_source_id"] if key == "council_coverage" else chosen["cases_source_id"]
        items.append(
            (
                value_label(key, lang),
                [
                    value_with_interval(v, lo, hi, key, lang)
                    for v, lo, hi in zip(shown[key], shown[f"{key}_low"], shown[f"{key}_high"])
                ],
                list(source),
                list(synthetic),
            )
        )
    headers = list(chosen["name"])
    item_col = t("detail_item", lang)
    values = pd.DataFrame([[label, *vals] for label, vals, _, _ in items], columns=[item_col, *headers])
    values.columns = pd.Index(_unique([item_col, *headers]))
    mask = pd.DataFrame([[False, *flags] for _, _, _, flags in items], columns=values.columns)
    widgets.table(values, mask)
    widgets.suppression_note(lang)
    widgets.csv_download(values, f"compare_{fy}.csv", lang, key="compare_values_csv", fiscal_year=fy)
    cited = iter(widgets.source_labels([s for _, _, srcs, _ in items for s in srcs], lang, missing="—"))  # one read
    sources = pd.DataFrame(
        [
            [label, *[t("source_master", lang) if s is None else text for s, text in zip(srcs, cited)]]
            for label, _, srcs, _ in items
        ],
        columns=values.columns,
    )
    with st.expander(t("compare_sources", lang)):
        widgets.table(sources)


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (two 池田町 from different prefectures get a suffix)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _intervals(
    chosen: pd.DataFrame, shown: pd.DataFrame, hidden: pd.DataFrame, fy: int, pref_names: pd.Series, lang: str
) -> None:
    st.header(t("compare_intervals", lang))
    st.caption(t("compare_intervals_click_hint", lang))
    columns = st.columns(len(INTERVAL_INDICATORS))
    named = chosen.assign(
        name=[
            t("with_note", lang, text=n, note=pref_names[p]) for n, p in zip(chosen["name"], chosen["prefecture_code"])
        ]
    )  # from anywhere in the country: the prefecture says which 府中市
    colours = pd.Series(SERIES_COLOURS[: len(chosen)], index=chosen.index)  # each keeps its colour on the scatter
    for column, key in zip(columns, INTERVAL_INDICATORS):
        with column:
            drawn = ~hidden[key]  # a hidden value is neither drawn nor listed
            rows = chosen[drawn]
            hidden_count = public.hidden_rows(chosen, hidden, key)
            title = t("charts_title_bars", lang, indicator=indicator_name(key, lang))
            figure = charts.interval_dots(
                chart_points(named[drawn], shown, key, lang),
                list(colours[drawn]),
                measure(key, lang),
                Heading(
                    title,
                    t("compare_title", lang),
                    fiscal_year_label(fy, lang),
                    widgets.source_origins(value_sources(rows, key), lang),
                    hidden_note(hidden_count, lang),
                ),
                lang,
            )
            chart_key = f"compare_dots_chart_{key}"
            widgets.chart(figure, lang, key=chart_key, on_select=profile_on_click(chart_key))
            hidden_points_note(hidden_count, lang)
            show_table(
                pd.DataFrame(
                    {
                        t("col_name", lang): rows["name"],
                        indicator_name(key, lang): rows[key].round(2),
                        t("outcomes_col_low", lang): rows[f"{key}_low"].round(2),
                        t("outcomes_col_high", lang): rows[f"{key}_high"].round(2),
                        t("outcomes_col_synthetic", lang): rows["synthetic"].map(
                            {True: t("synthetic_badge", lang), False: ""}
                        ),
                    }
                ),
                f"compare_{key}_{fy}.csv",
                lang,
                f"compare_interval_csv_{key}",
            )


def _column_name(column: str, lang: str) -> str:
    if column in calc.OUTCOME_INDICATORS:
        return indicator_name(column, lang)
    return t(f"compare_feature_{column}", lang)


def _axis(column: str, lang: str) -> Axis:
    """An indicator with its unit in the axis title (「終結率（%）」); profile facts carry theirs in their name."""
    if column in calc.OUTCOME_INDICATORS:
        return Axis(column, axis_title(column, lang), False, unit_suffix(column))
    digits = 1 if column in ("aging_rate", "area") else 0  # people and households are whole numbers
    return Axis(column, _column_name(column, lang), column in LOG_AXES, digits=digits)


def _synthetic(frame: pd.DataFrame, column: str) -> pd.Series:
    """Whether a row's value of `column` rests on samples."""
    if column in calc.OUTCOME_INDICATORS:
        return synthetic_values(frame, column)
    if column == "population":
        return frame["population_synthetic"].astype(bool)
    return frame[f"{column}_source_id"].isin(widgets.synthetic_ids())


def _sources(frame: pd.DataFrame, column: str) -> pd.Series:
    return value_sources(frame, column) if column in calc.OUTCOME_INDICATORS else frame[f"{column}_source_id"]


def _scatter_points(rows: pd.DataFrame, x: str, y: str, pref_names: pd.Series, lang: str) -> pd.DataFrame:
    """The scatter's points: both values with their intervals (NaN for a column without one), the period, whether
    either value is a sample, and the sources of both."""
    x_sources, y_sources = (widgets.source_labels(_sources(rows, c), lang, missing="—") for c in (x, y))
    points = pd.DataFrame(
        {
            "code": rows["code"],
            "name": rows["name"],
            "prefecture": rows["prefecture_code"].map(pref_names),
            "period": period_texts(rows, lang),
            "synthetic": _synthetic(rows, x) | _synthetic(rows, y),
            "source": [a if a == b else f"{a} ／ {b}" for a, b in zip(x_sources, y_sources)],
        }
    )
    for column in (x, y):
        for suffix in ("", "_low", "_high"):
            name = f"{column}{suffix}"
            points[name] = pd.to_numeric(rows[name], errors="coerce") if name in rows else float("nan")
    return points


def _scatter(
    national: pd.DataFrame,
    hidden: pd.DataFrame,
    chosen: pd.DataFrame,
    fy: int,
    pref_names: pd.Series,
    lang: str,
) -> None:
    """Every municipality of the country; a grey point's hover and the table name its prefecture, as names repeat
    across the country (府中市 in 東京都 and 広島県). A click on a point adds that municipality to the comparison."""
    st.header(t("compare_scatter", lang))
    available = [c for c in SCATTER_COLUMNS if national[c].notna().any()]
    if len(available) < 2:
        return
    state.init("cmp_x", available, available[0])
    state.init("cmp_y", available, available[1])
    columns = st.columns(2)
    with columns[0]:
        x = st.selectbox(
            t("compare_scatter_x", lang),
            available,
            key=state.worded("cmp_x"),
            format_func=lambda c: _column_name(c, lang),
        )
    with columns[1]:
        y = st.selectbox(
            t("compare_scatter_y", lang),
            available,
            key=state.worded("cmp_y"),
            format_func=lambda c: _column_name(c, lang),
        )
    state.publish("cmp_x", "cmp_y")
    st.caption(t("compare_scatter_hint", lang) + t("compare_scatter_click_hint", lang, max=MAX_CHOSEN))
    drawn = public.shown_rows(national, hidden, x) & public.shown_rows(national, hidden, y)
    others = national[~national["code"].isin(chosen["code"]) & drawn]
    placed = chosen["code"].isin(set(national.loc[drawn, "code"]))
    picked_rows = chosen[placed]
    colours = [c for c, shown in zip(SERIES_COLOURS, placed) if shown]  # each keeps its colour of the interval charts
    hidden_count = int((national[x].notna() & national[y].notna() & ~drawn).sum())
    both = pd.concat([others, picked_rows])
    figure = charts.scatter(
        _scatter_points(others, x, y, pref_names, lang),
        _scatter_points(picked_rows, x, y, pref_names, lang),
        colours,
        _axis(x, lang),
        _axis(y, lang),
        Heading(
            t("charts_title_scatter", lang, x=_column_name(x, lang), y=_column_name(y, lang)),
            t("outcomes_nation", lang),
            fiscal_year_label(fy, lang),
            widgets.source_origins(pd.concat([_sources(both, x), _sources(both, y)]), lang),
            hidden_note(hidden_count, lang),
        ),
        lang,
    )
    widgets.chart(figure, lang, key=SCATTER_CHART, on_select=_join_on_click(list(chosen["code"])))
    if st.session_state.pop("cmp_full", False):
        st.info(t("compare_full", lang, max=MAX_CHOSEN))
    hidden_points_note(hidden_count, lang)
    show_table(
        pd.DataFrame(
            {
                t("col_name", lang): both["name"],
                t("prefecture", lang): both["prefecture_code"].map(pref_names),
                _column_name(x, lang): both[x].round(2),
                _column_name(y, lang): both[y].round(2),
                t("outcomes_col_synthetic", lang): both["synthetic"].map({True: t("synthetic_badge", lang), False: ""}),
            }
        ),
        f"compare_scatter_{x}_{y}_{fy}.csv",
        lang,
        "compare_scatter_csv",
    )


def _join_on_click(codes: list[str]):
    """The scatter's callback: a clicked municipality joins the comparison (as a pick), up to MAX_CHOSEN."""

    def callback() -> None:
        pick = picked(st.session_state.get(SCATTER_CHART))
        if pick.kind != "click" or pick.codes[0] in codes:
            return
        if len(codes) >= MAX_CHOSEN:
            st.session_state["cmp_full"] = True
            return
        st.session_state["cmp_mode"] = "pick"
        st.session_state["cmp_codes"] = [*codes, pick.codes[0]]

    return callback

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
from core import settings
from core.domain import fiscal_year_label, format_number
from core.i18n import t
from dashboard import charts, state, widgets
from dashboard.data import query
from dashboard.outcomes import (
    hidden_points_note,
    indicator_expander,
    indicator_name,
    period_text,
    show_table,
    suppressed,
    value_with_interval,
    year_frame,
)
from data_access.master import KINDS_EN, MUNICIPALITY_KINDS
from data_access.vocabulary import PROGRAM_STAGE_LABELS

MODES = ["pick", "similar"]
SCOPES = ["prefecture", "national"]
INTERVAL_INDICATORS = ("consultations_per_10k", "closure_rate")
SCATTER_COLUMNS = (
    "consultations_per_10k",
    "closure_rate",
    "referral_rate",
    "council_coverage",
    "population",
    "aging_rate",
    "households",
    "area",
)


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    st.title(t("compare_title", lang))
    st.caption(f"{t('fiscal_year', lang)}: {fiscal_year_label(fy, lang)}")
    national, _ = year_frame(None, fy)
    prefectures = query("prefectures").set_index("code")
    pref_names = prefectures["name" if lang == "ja" else "name_en"]
    labels = {
        c: f"{n}（{pref_names[p]}）" for c, n, p in zip(national["code"], national["name"], national["prefecture_code"])
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
    if st.session_state["cmp_mode"] == "pick":
        codes = _pick(national, in_pref, labels, lang)
        neighbours = None
    else:
        codes, neighbours = _similar(national, in_pref, pref, labels, lang)
    state.publish("cmp_mode")
    if len(codes) < 2:
        st.info(t("compare_pick_hint", lang))
        return
    shown, hidden = suppressed(national)
    rows = pd.Index(national["code"]).get_indexer(codes)
    chosen = national.iloc[rows].reset_index(drop=True)
    widgets.synthetic_notice(lang, bool(chosen["synthetic"].any()))
    if neighbours is not None:
        _neighbour_table(neighbours, lang)
    _side_by_side(chosen, shown.iloc[rows].reset_index(drop=True), fy, pref_names, lang)
    _intervals(chosen, hidden.iloc[rows].reset_index(drop=True), fy, lang)
    _scatter(national, hidden, chosen, fy, labels, pref_names, lang)
    for key in ("consultations_per_10k", "closure_rate", "council_coverage"):
        indicator_expander(key, lang)


def _pick(national: pd.DataFrame, in_pref: list[str], labels: dict[str, str], lang: str) -> list[str]:
    """Multiselect of municipalities; the choice is read from and written to the `cmp` query parameter."""
    known = set(national["code"])
    if "cmp_codes" not in st.session_state:
        raw = st.query_params.get("cmp") or ""
        from_url = [c for c in raw.split(",") if c in known][:6]
        reporting = set(national.loc[national["new_cases"].notna(), "code"])
        with_data = [c for c in in_pref if c in reporting]
        st.session_state["cmp_codes"] = from_url if len(from_url) >= 2 else (with_data or in_pref)[:3]
    options = list(dict.fromkeys([*st.session_state["cmp_codes"], *in_pref, *national["code"]]))
    codes = st.multiselect(t("compare_pick", lang), options, key="cmp_codes", format_func=labels.get, max_selections=6)
    st.query_params["cmp"] = ",".join(codes)
    return codes


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
        base = st.selectbox(t("compare_base", lang), in_pref, key="cmp_base", format_func=labels.get)
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
    st.caption(
        t(
            "compare_similar_caption",
            lang,
            area=t("compare_area", lang) if "area" in result.features else "",
            features=features,
            excluded=len(result.excluded_codes),
        )
    )
    return [base, *neighbours["code"]], neighbours


def _neighbour_table(neighbours: pd.DataFrame, lang: str) -> None:
    widgets.table(
        pd.DataFrame(
            {
                t("col_name", lang): neighbours["name"],
                t("compare_distance", lang): neighbours["distance"].round(3),
                t("compare_band", lang): neighbours["peer_band"],
            }
        ),
        digits={t("compare_distance", lang): 3},
    )


def _side_by_side(chosen: pd.DataFrame, shown: pd.DataFrame, fy: int, pref_names: pd.Series, lang: str) -> None:
    """One column per municipality: values (`shown`: with ＊ in the public edition), then the same layout with
    each value's source."""
    st.subheader(t("compare_side_by_side", lang))
    stages = {k: v[0 if lang == "ja" else 1] for k, v in PROGRAM_STAGE_LABELS.items()}
    bands = calc.peer_bands(chosen)
    ids = widgets.synthetic_ids()
    items: list[tuple[str, list[str], list, list[bool]]] = []

    def fact(metric: str, digits: int) -> list[str]:
        return [
            t("compare_fact_year", lang, value=format_number(v, digits), year=int(y)) if not pd.isna(v) else "—"
            for v, y in zip(chosen[metric], chosen[f"{metric}_fiscal_year"].fillna(0))
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
            list(bands),
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
            [period_text(row, lang) for _, row in chosen.iterrows()],
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
                f"{indicator_name(key, lang)}（95%CI）",
                [
                    value_with_interval(v, lo, hi, key)
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
    if settings.is_public():
        widgets.suppression_note(lang)
    widgets.csv_download(values, f"compare_{fy}.csv", lang, key="compare_values_csv", fiscal_year=fy)
    sources = pd.DataFrame(
        [
            [
                label,
                *[
                    widgets.source_label(s, lang)
                    if s is not None and not pd.isna(s)
                    else (t("source_master", lang) if s is None else "—")
                    for s in srcs
                ],
            ]
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


def _intervals(chosen: pd.DataFrame, hidden: pd.DataFrame, fy: int, lang: str) -> None:
    st.subheader(t("compare_intervals", lang))
    columns = st.columns(len(INTERVAL_INDICATORS))
    names = pd.Series(
        _unique([charts.sample_name(n, s, lang) for n, s in zip(chosen["name"], chosen["synthetic"])]),
        index=chosen.index,
    )
    colours = pd.Series(charts.GROUP_COLOURS[: len(chosen)], index=chosen.index)
    for column, key in zip(columns, INTERVAL_INDICATORS):
        with column:
            drawn = ~hidden[key]  # a hidden value is neither drawn nor listed
            rows = chosen[drawn]
            widgets.chart(
                charts.interval_dots(
                    rows, key, list(names[drawn]), list(colours[drawn]), indicator_name(key, lang), lang
                )
            )
            hidden_points_note(public.hidden_rows(chosen, hidden, key), lang)
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


def _scatter(
    national: pd.DataFrame,
    hidden: pd.DataFrame,
    chosen: pd.DataFrame,
    fy: int,
    labels: dict[str, str],
    pref_names: pd.Series,
    lang: str,
) -> None:
    """Every municipality of the country; a grey point's tooltip and the table name its prefecture, as names repeat
    across the country (府中市 in 東京都 and 広島県)."""
    st.subheader(t("compare_scatter", lang))
    available = [c for c in SCATTER_COLUMNS if national[c].notna().any()]
    if len(available) < 2:
        return
    state.init("cmp_x", available, available[0])
    state.init("cmp_y", available, available[1])
    columns = st.columns(2)
    with columns[0]:
        x = st.selectbox(
            t("compare_scatter_x", lang), available, key="cmp_x", format_func=lambda c: _column_name(c, lang)
        )
    with columns[1]:
        y = st.selectbox(
            t("compare_scatter_y", lang), available, key="cmp_y", format_func=lambda c: _column_name(c, lang)
        )
    state.publish("cmp_x", "cmp_y")
    st.caption(t("compare_scatter_hint", lang))
    drawn = public.shown_rows(national, hidden, x) & public.shown_rows(national, hidden, y)
    others = national[~national["code"].isin(chosen["code"]) & drawn]
    drawn_codes = set(national.loc[drawn, "code"])
    log_axes = {"population", "households", "area"}
    placed = chosen["code"].isin(drawn_codes)
    picked = chosen[placed]
    colours = [
        c for c, shown in zip(charts.GROUP_COLOURS, placed) if shown
    ]  # each keeps its colour of the interval charts
    widgets.chart(
        charts.scatter_chart(
            others.assign(name=others["code"].map(labels)),
            picked,
            colours,
            x,
            y,
            _column_name(x, lang),
            _column_name(y, lang),
            x in log_axes,
            y in log_axes,
            lang,
        )
    )
    hidden_points_note(int((national[x].notna() & national[y].notna() & ~drawn).sum()), lang)
    shown = pd.concat([others, picked])
    show_table(
        pd.DataFrame(
            {
                t("prefecture", lang): shown["prefecture_code"].map(pref_names),
                t("col_name", lang): shown["name"],
                _column_name(x, lang): shown[x].round(2),
                _column_name(y, lang): shown[y].round(2),
                t("outcomes_col_synthetic", lang): shown["synthetic"].map(
                    {True: t("synthetic_badge", lang), False: ""}
                ),
            }
        ),
        f"compare_scatter_{x}_{y}_{fy}.csv",
        lang,
        "compare_scatter_csv",
    )

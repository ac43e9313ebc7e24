"""相談・成果: consultations per 10,000 and closure rate per municipality, judged fairly against a benchmark.

Intervals on every value, funnel limits instead of a league table, labels only when the whole interval is on
one side of the benchmark, partial-year and other-unit rows shown apart. The helpers at the bottom are
shared with the 比較 and 自治体プロフィール screens. In the public edition small counts, their rates and their
complements are ＊ (analytics.public_outcomes) and charts draw only what is shown.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from analytics import comparison as calc
from analytics import public_outcomes as public
from analytics import suppression
from analytics.indicators import get_indicator
from core.domain import fiscal_year_label, format_number
from core.i18n import t
from dashboard import state, widgets
from dashboard.charts import Heading
from dashboard.charts import outcomes as charts
from dashboard.charts.selection import picked
from dashboard.charts.style import listed
from dashboard.data import query
from dashboard.outcomes import (
    BENCHMARKS,
    chart_points,
    edition_labels,
    heading,
    hidden_note,
    hidden_points_note,
    indicator_expander,
    indicator_name,
    label_text,
    measure,
    open_profile,
    partial_note,
    period_texts,
    prefecture_name,
    profile_on_click,
    reported_figures,
    show_table,
    shown_numbers,
    unit_suffix,
    year_frame,
    year_shown,
)
from data_access.vocabulary import quantity

BAR_INDICATORS = ("consultations_per_10k", "closure_rate")
FUNNEL_INDICATORS = ("closure_rate", "consultations_per_10k", "referral_rate")
VIEWS = ["table", "bars", "funnel", "targets", "trend"]  # one section at a time: charts load only when asked for
DATA_VIEWS = ("table", "bars", "funnel")  # the views that need this year's values and the benchmark
SCOPES = ["prefecture", "national"]  # the municipalities a funnel places
FUNNEL_CHART = "outcomes_funnel_chart"  # + a generation number: a new one clears the chart's own selection


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    st.title(t("outcomes_title", lang, pref=prefecture_name(pref, lang)))
    st.caption(f"{t('fiscal_year', lang)}: {fiscal_year_label(fy, lang)}")
    widgets.terms("terms_outcomes", lang)
    state.init("outcomes_bench", BENCHMARKS, "prefecture")
    state.init("outcomes_funnel", list(FUNNEL_INDICATORS), "closure_rate")
    state.init("outcomes_view", VIEWS, "table")
    state.init("outcomes_scope", SCOPES, "prefecture")
    state.codes("outcomes_sel")  # read from the URL before it is written back

    frame, other = year_frame(pref, fy)
    shown, hidden = year_shown(pref, fy)
    has_values = frame[list(BAR_INDICATORS)].notna().any(axis=None)
    widgets.synthetic_notice(lang, bool(frame["synthetic"].any()))
    if has_values:
        st.radio(
            t("outcomes_benchmark", lang),
            BENCHMARKS,
            key="outcomes_bench",
            horizontal=True,
            format_func=lambda b: t(f"outcomes_benchmark_{b}", lang),
        )
        partial_note(frame, lang)
        widgets.population_note(frame, lang)
    view = st.segmented_control(
        t("outcomes_view", lang),
        VIEWS,
        key="outcomes_view",
        required=True,
        format_func=lambda v: t(f"outcomes_view_{v}", lang),
    )
    state.publish("outcomes_bench", "outcomes_funnel", "outcomes_view", "outcomes_scope", "outcomes_sel")
    if view in DATA_VIEWS and not has_values:
        st.info(t("outcomes_no_data", lang))
        if view == "table":
            reported_figures(pref, fy, lang, f"outcomes_{pref}")
    elif view in DATA_VIEWS:
        reference = frame if st.session_state["outcomes_bench"] == "prefecture" else year_frame(None, fy)[0]
        benchmarks = {key: calc.pooled_value(reference, key) for key in FUNNEL_INDICATORS}
        if view == "table":
            _table(frame, shown, hidden, benchmarks, pref, fy, lang)
            if not other.empty:
                _other_units(other, lang)
            reported_figures(pref, fy, lang, f"outcomes_{pref}")
        elif view == "bars":
            pooled_over = {key: int(calc.usable_rows(reference, key).sum()) for key in FUNNEL_INDICATORS}
            _bars(frame, shown, hidden, benchmarks, pooled_over, pref, fy, lang)
        else:
            _funnel(frame, shown, hidden, benchmarks, pref, fy, lang)
    elif view == "targets":
        _targets(frame, hidden, pref, fy, lang)
    else:
        _trend(pref, lang)
    for key in FUNNEL_INDICATORS:
        indicator_expander(key, lang)


def calc_counts() -> list[str]:
    return ["new_cases", "continuing_cases", "closed_cases", "referred_cases"]


def _table(
    frame: pd.DataFrame,
    shown: pd.DataFrame,
    hidden: pd.DataFrame,
    benchmarks: dict[str, float],
    pref: str,
    fy: int,
    lang: str,
) -> None:
    st.header(t("outcomes_table", lang))
    labels = {
        key: edition_labels(calc.benchmark_labels(frame, key, benchmarks[key]), key)
        .map(lambda lab: label_text(lab, lang))
        .where(~hidden[key], suppression.MARK)
        for key in BAR_INDICATORS
    }
    rates = {col: 1 for key in BAR_INDICATORS for col in (key, f"{key}_low", f"{key}_high")}
    numbers = shown_numbers(shown, {"new_cases": 0, "caseload": 0, "closed_cases": 0, **rates})
    display = pd.DataFrame(
        {
            t("col_name", lang): frame["name"],
            t("col_population", lang): frame["population"],
            t("col_new_cases", lang): numbers["new_cases"],
            t("outcomes_col_caseload", lang): numbers["caseload"],
            t("outcomes_col_closed", lang): numbers["closed_cases"],
            t("outcomes_col_partial", lang): period_texts(frame, lang),
        }
    )
    mask = pd.DataFrame(False, index=display.index, columns=display.columns)
    mask[t("col_population", lang)] = frame["population_synthetic"]
    for col in ("col_new_cases", "outcomes_col_caseload", "outcomes_col_closed"):
        mask[t(col, lang)] = frame["cases_synthetic"]
    for key in BAR_INDICATORS:
        name = indicator_name(key, lang)
        display[name] = numbers[key]
        display[f"{name} {t('outcomes_col_low', lang)}"] = numbers[f"{key}_low"]
        display[f"{name} {t('outcomes_col_high', lang)}"] = numbers[f"{key}_high"]
        display[f"{name} {t('outcomes_col_label', lang)}"] = labels[key]
        mask[name] = frame["cases_synthetic"] | (
            frame["population_synthetic"] if key == "consultations_per_10k" else False
        )
    display[t("source", lang)] = widgets.source_labels(frame["cases_source_id"], lang, missing="—")
    widgets.table(
        display,
        mask,
        short=[indicator_name(key, lang) for key in BAR_INDICATORS],
        digits={c: 1 for c in display.columns if display[c].dtype.kind == "f" and c != t("col_population", lang)},
    )
    widgets.suppression_note(lang)
    # the screen marks sample cells; the open data says per row whether it rests on samples
    download = display.copy()
    download.insert(
        1, t("outcomes_col_synthetic", lang), frame["synthetic"].map({True: t("synthetic_badge", lang), False: ""})
    )
    widgets.csv_download(
        download, f"outcomes_{pref}_{fy}.csv", lang, key="outcomes_table_csv", codes=list(frame["code"]), fiscal_year=fy
    )


def _bars(
    frame: pd.DataFrame,
    shown_frame: pd.DataFrame,
    hidden: pd.DataFrame,
    benchmarks: dict[str, float],
    pooled_over: dict[str, int],
    pref: str,
    fy: int,
    lang: str,
) -> None:
    st.header(t("outcomes_bars", lang))
    st.caption(t("outcomes_bars_hint", lang) + t("outcomes_click_hint", lang))
    columns = st.columns(2)
    for column, key in zip(columns, BAR_INDICATORS):
        with column:
            st.markdown(f"**{indicator_name(key, lang)}**")
            if pd.isna(benchmarks[key]):
                st.info(t("outcomes_no_data", lang))
                continue
            st.caption(
                t(
                    "outcomes_benchmark_value",
                    lang,
                    value=format_number(benchmarks[key], 1, unit_suffix(key)),
                    municipalities=pooled_over[key],
                )
            )
            drawn = frame[public.shown_rows(frame, hidden, key)]
            labels = edition_labels(calc.benchmark_labels(drawn, key, benchmarks[key]), key)
            hidden_count = public.hidden_rows(frame, hidden, key)
            title = t("charts_title_bars", lang, indicator=indicator_name(key, lang))
            figure = charts.interval_bars(
                chart_points(drawn, shown_frame, key, lang).assign(label=labels.to_numpy()),
                measure(key, lang),
                benchmarks[key],
                heading(title, pref, fy, lang, drawn["cases_source_id"], hidden_note(hidden_count, lang)),
                lang,
            )
            chart_key = f"outcomes_bars_chart_{key}"
            widgets.chart(figure, lang, key=chart_key, on_select=profile_on_click(chart_key))
            hidden_points_note(hidden_count, lang)
            shown = drawn.assign(label=labels).sort_values(key)
            display = pd.DataFrame(
                {
                    t("col_name", lang): shown["name"],
                    indicator_name(key, lang): shown[key].round(2),
                    t("outcomes_col_low", lang): shown[f"{key}_low"].round(2),
                    t("outcomes_col_high", lang): shown[f"{key}_high"].round(2),
                    t("outcomes_col_benchmark", lang): round(benchmarks[key], 2),
                    t("outcomes_col_label", lang): shown["label"].map(lambda lab: label_text(lab, lang)),
                    t("outcomes_col_synthetic", lang): shown["synthetic"].map(
                        {True: t("synthetic_badge", lang), False: ""}
                    ),
                }
            )
            show_table(display, f"outcomes_{key}_{pref}_{fy}.csv", lang, f"outcomes_bar_csv_{key}")
    if widgets.disclosure().hides_small_counts:
        st.caption(t("public_outcomes_pooled_note", lang))


def _funnel(
    frame: pd.DataFrame,
    shown: pd.DataFrame,
    hidden: pd.DataFrame,
    benchmarks: dict[str, float],
    pref: str,
    fy: int,
    lang: str,
) -> None:
    st.header(t("outcomes_funnel", lang))
    columns = st.columns([3, 2])
    with columns[0]:
        key = st.selectbox(
            t("outcomes_funnel_indicator", lang),
            list(FUNNEL_INDICATORS),
            key=state.worded("outcomes_funnel"),
            format_func=lambda k: indicator_name(k, lang),
        )
    with columns[1]:
        national = (
            st.radio(
                t("outcomes_scope", lang),
                SCOPES,
                key="outcomes_scope",
                horizontal=True,
                format_func=lambda s: prefecture_name(None if s == "national" else pref, lang),
            )
            == "national"
        )
    benchmark = benchmarks[key]
    if national:  # every municipality of the country around the nation's value
        frame = year_frame(None, fy)[0]
        shown, hidden = year_shown(None, fy)
        benchmark = calc.pooled_value(frame, key)
        st.caption(t("outcomes_scope_national_note", lang))
    st.caption(t("outcomes_funnel_hint", lang) + t("outcomes_funnel_click_hint", lang))
    if pd.isna(benchmark):
        st.info(t("outcomes_no_data", lang))
        return
    # only shown rows are placed, and the limits reach only as far as the largest shown denominator
    points, curve = calc.funnel(frame[public.shown_rows(frame, hidden, key)], key, benchmark)
    hidden_count = public.hidden_rows(frame, hidden, key)
    num_col, den_col = calc.OUTCOME_INDICATORS[key]
    x_title = t(
        "outcomes_funnel_axis_population" if key == "consultations_per_10k" else "outcomes_funnel_axis_cases", lang
    )
    chart_key = f"{FUNNEL_CHART}_{st.session_state.setdefault('outcomes_sel_gen', 0)}"
    drawn = set(points["code"])
    selected = [code for code in state.codes("outcomes_sel") if code in drawn]
    live = picked(st.session_state.get(chart_key)).codes  # the chart shows its own selection: keep its zoom
    figure = charts.funnel(
        chart_points(points, shown, key, lang, national).assign(position=points["position"].to_numpy()),
        curve,
        replace(measure(key, lang), denominator=x_title),
        benchmark,
        heading(
            t("charts_title_funnel", lang, indicator=indicator_name(key, lang)),
            None if national else pref,
            fy,
            lang,
            points["cases_source_id"],
            hidden_note(hidden_count, lang),
        ),
        lang,
        selected=() if live else selected,
        height=560 if national else 440,
    )
    widgets.chart(
        figure, lang, key=chart_key, on_select=_funnel_picked(chart_key), selection_mode=("points", "box", "lasso")
    )
    hidden_points_note(hidden_count, lang)
    area = "00" if national else pref
    _selection(points, key, selected, national, f"outcomes_funnel_selection_{key}_{area}_{fy}.csv", lang)
    names = query("prefectures").set_index("code")["name" if lang == "ja" else "name_en"]
    display = pd.DataFrame(
        {
            **({t("prefecture", lang): points["prefecture_code"].map(names)} if national else {}),
            t("col_name", lang): points["name"],
            t("outcomes_col_numerator", lang): points[num_col],
            t("outcomes_col_denominator", lang): points[den_col],
            indicator_name(key, lang): points["value"].round(2),
            f"{t('outcomes_col_limit_95', lang)} {t('outcomes_col_low', lang)}": points["low_95"].round(2),
            f"{t('outcomes_col_limit_95', lang)} {t('outcomes_col_high', lang)}": points["high_95"].round(2),
            f"{t('outcomes_col_limit_998', lang)} {t('outcomes_col_low', lang)}": points["low_998"].round(2),
            f"{t('outcomes_col_limit_998', lang)} {t('outcomes_col_high', lang)}": points["high_998"].round(2),
            t("outcomes_col_position", lang): points["position"].map(lambda p: t(f"outcomes_position_{p}", lang)),
            t("outcomes_col_synthetic", lang): points["synthetic"].map({True: t("synthetic_badge", lang), False: ""}),
        }
    )
    show_table(display, f"outcomes_funnel_{key}_{area}_{fy}.csv", lang, "outcomes_funnel_csv")


def _funnel_picked(chart_key: str):
    """A click opens the municipality's profile; a box or a lasso lists what it caught (kept in the URL)."""

    def callback() -> None:
        pick = picked(st.session_state.get(chart_key))
        if pick.kind == "click":
            open_profile(pick.codes[0])
        else:
            st.session_state["outcomes_sel"] = ",".join(pick.codes) or None

    return callback


def _clear_selection() -> None:
    """Forget the listed municipalities, and the chart's own selection with them (a new chart key)."""
    st.session_state["outcomes_sel"] = None
    st.session_state["outcomes_sel_gen"] = st.session_state.get("outcomes_sel_gen", 0) + 1


def _selection(points: pd.DataFrame, key: str, codes: list[str], national: bool, file_name: str, lang: str) -> None:
    """The municipalities boxed on the funnel, with their values, largest first."""
    if not codes:
        return
    rows = points.set_index("code").loc[codes].reset_index().sort_values("value", ascending=False)
    num_col, den_col = calc.OUTCOME_INDICATORS[key]
    names = query("prefectures").set_index("code")["name" if lang == "ja" else "name_en"]
    display = pd.DataFrame(
        {
            **({t("prefecture", lang): rows["prefecture_code"].map(names)} if national else {}),
            t("col_name", lang): rows["name"],
            indicator_name(key, lang): rows["value"].round(1),
            t("outcomes_col_low", lang): rows[f"{key}_low"].round(1),
            t("outcomes_col_high", lang): rows[f"{key}_high"].round(1),
            t("outcomes_col_numerator", lang): rows[num_col],
            t("outcomes_col_denominator", lang): rows[den_col],
            t("outcomes_col_position", lang): rows["position"].map(lambda p: t(f"outcomes_position_{p}", lang)),
            t("outcomes_col_synthetic", lang): rows["synthetic"].map({True: t("synthetic_badge", lang), False: ""}),
        }
    )
    st.markdown(f"**{t('outcomes_selection', lang, count=len(display))}**")
    screen, samples = widgets.sample_rows(display, t("outcomes_col_synthetic", lang))
    widgets.table(screen, samples, digits={c: 1 for c in screen.columns if screen[c].dtype.kind == "f"})
    widgets.csv_download(display, file_name, lang, key="outcomes_selection_csv")
    st.button(t("outcomes_selection_clear", lang), on_click=_clear_selection, key="outcomes_selection_clear")


def _targets(frame: pd.DataFrame, hidden: pd.DataFrame, pref: str, fy: int, lang: str) -> None:
    st.header(t("outcomes_targets", lang))
    targets = query("outcomes.targets", pref, fy)
    if not state.show_synthetic():
        targets = targets[~targets["synthetic"]]
    if targets.empty:
        st.caption(t("outcomes_targets_none", lang))
        return
    st.caption(t("outcomes_targets_hint", lang))
    table = widgets.disclosure().attainment(calc.attainment_table(targets, frame, lang), frame, hidden)
    names = {
        "new_consultations": t("col_new_cases", lang),
        "closure_rate": t("col_closure_rate", lang),
        "tier2_councils_established": t("col_established", lang),
    }
    display = pd.DataFrame(
        {
            t("col_name", lang): table["name"],
            t("col_metric", lang): table["metric"].map(names).fillna(table["metric"]),
            t("outcomes_col_target", lang): [quantity(v, u, lang) for v, u in zip(table["value"], table["unit"])],
            t("outcomes_col_due", lang): table["due_on"].astype(str),
            t("outcomes_col_result", lang): [
                v if isinstance(v, str) else quantity(v, u, lang)
                for v, u in zip(table["result_value"], table["result_unit"])
            ],
            t("col_period_end", lang): table["result_period_end"].astype(str).replace({"None": "—", "nan": "—"}),
            t("outcomes_col_attainment", lang): shown_numbers(table, {"attainment_pct": 1})["attainment_pct"],
            t("outcomes_col_reason", lang): table["reason"].fillna(""),
            t("outcomes_col_synthetic", lang): table["synthetic"].map({True: t("synthetic_badge", lang), False: ""}),
            t("source", lang): widgets.source_labels(table["source_id"], lang),
        }
    )
    widgets.table(*widgets.sample_rows(display, t("outcomes_col_synthetic", lang)))
    widgets.suppression_note(lang)
    widgets.csv_download(display, f"outcomes_targets_{pref}_{fy}.csv", lang, key="outcomes_targets_csv")


def _trend(pref: str, lang: str) -> None:
    st.header(t("outcomes_trend", lang))
    show = state.show_synthetic()
    series = {
        prefecture_name(pref, lang): calc.yearly_rates(query("outcomes.yearly_totals", pref, show)),
        t("outcomes_nation", lang): calc.yearly_rates(query("outcomes.yearly_totals", None, show)),
    }
    series = {name: rows.dropna(subset=["closure_rate"]).reset_index(drop=True) for name, rows in series.items()}
    if series[prefecture_name(pref, lang)].empty:
        st.caption(t("outcomes_trend_none", lang))
        return
    shown = {name: widgets.disclosure().yearly(rows) for name, rows in series.items()}
    drawn = {name: rows[~shown[name][1]["closure_rate"]] for name, rows in series.items()}  # a shown rate: shown counts
    hidden_years = sum(len(series[name]) - len(drawn[name]) for name in series)
    chart_rows = pd.concat(
        [
            pd.DataFrame(
                {
                    "area": name,
                    "fiscal_year": rows["fiscal_year"],
                    "value": rows["closure_rate"],
                    "low": rows["closure_rate_low"],
                    "high": rows["closure_rate_high"],
                    "numerator": rows["closure_closed"],
                    "denominator": rows["closure_caseload"],
                    "municipalities": rows["municipalities"],
                    "synthetic": pd.to_numeric(rows["synthetic_rows"]) > 0,
                }
            )
            for name, rows in drawn.items()
        ],
        ignore_index=True,
    )
    years = pd.to_numeric(chart_rows["fiscal_year"])
    widgets.chart(
        charts.trend(
            chart_rows,
            list(drawn),
            measure("closure_rate", lang),
            Heading(
                t("charts_title_trend", lang, indicator=indicator_name("closure_rate", lang)),
                listed(drawn, lang),
                t("charts_years", lang, first=int(years.min()), last=int(years.max())),
                widgets.database_origins(lang, bool(chart_rows["synthetic"].any())),
                hidden_note(hidden_years, lang, "public_outcomes_hidden_years"),
            ),
            lang,
        ),
        lang,
    )
    hidden_points_note(hidden_years, lang, "public_outcomes_hidden_years")
    own = drawn[prefecture_name(pref, lang)]
    result = calc.trend(own["fiscal_year"], own["closure_closed"], own["closure_caseload"], "proportion")
    judgement = calc.trend_judgement(result.direction, get_indicator("closure_rate").polarity)
    label = t(f"outcomes_trend_{result.direction}", lang) + (
        t(f"outcomes_trend_{judgement}", lang) if judgement else ""
    )
    if result.direction not in ("too_few_points", "not_calculated"):
        label += t("outcomes_trend_detail", lang, points=result.points, p=f"{result.p_value:.3f}")
    st.markdown(t("outcomes_trend_label", lang, pref=prefecture_name(pref, lang), label=label))
    display = pd.concat([rows.assign(area=name) for name, (rows, _) in shown.items()], ignore_index=True)
    numbers = shown_numbers(
        display,
        {"closure_closed": 0, "closure_caseload": 0, "closure_rate": 2, "closure_rate_low": 2, "closure_rate_high": 2},
    )
    display = pd.DataFrame(
        {
            t("compare_item_prefecture", lang): display["area"],
            t("fiscal_year", lang): display["fiscal_year"],
            t("outcomes_col_closed", lang): numbers["closure_closed"],
            t("outcomes_col_caseload", lang): numbers["closure_caseload"],
            indicator_name("closure_rate", lang): numbers["closure_rate"],
            t("outcomes_col_low", lang): numbers["closure_rate_low"],
            t("outcomes_col_high", lang): numbers["closure_rate_high"],
            t("outcomes_col_municipalities_reported", lang): display["municipalities"],
        }
    )
    show_table(display, f"outcomes_trend_{pref}.csv", lang, "outcomes_trend_csv")


def _other_units(other: pd.DataFrame, lang: str) -> None:
    """Rows in another unit or count basis: listed, never added; suppressed like the others when public."""
    st.caption(t("outcomes_other_units", lang))
    columns = ["name", "period_end", "basis", "unit"]
    shown = widgets.disclosure().other_units(other)
    widgets.table(pd.concat([other[columns], shown_numbers(shown, dict.fromkeys(calc_counts(), 0))], axis=1))
    widgets.suppression_note(lang)

"""概要: headline figures and the municipality table for the selected prefecture and fiscal year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import overview as calc
from analytics import suppression
from core.domain import JUSOU_START, fiscal_year_label, format_number
from core.i18n import t
from dashboard import state, widgets
from dashboard.data import query
from data_access.master import KINDS_EN, MUNICIPALITY_KINDS
from data_access.vocabulary import PROGRAM_STAGES, stage_name


def render() -> None:
    lang = state.lang()
    pref, fy = st.session_state["pref"], st.session_state["fy"]
    prefectures = query("prefectures").set_index("code")
    pref_name = prefectures.loc[pref, "name" if lang == "ja" else "name_en"]
    st.title(f"{pref_name} {t('page_overview', lang)}")
    st.caption(f"{t('fiscal_year', lang)}: {fiscal_year_label(fy, lang)}")
    widgets.terms("terms_overview", lang)

    frame = query("municipality_overview", pref, fy)
    if frame.empty:
        st.info(t("no_municipalities_data", lang))
        return
    year = widgets.prefecture_year(pref, fy)
    widgets.synthetic_notice(lang, bool(year.mask.to_numpy().any()))
    _headline(year.frame, year.mask, pref, fy, lang)
    _table(year.shown, year.mask, pref, fy, lang)


def _headline(frame: pd.DataFrame, mask: pd.DataFrame, pref: str, fy: int, lang: str) -> None:
    head = calc.headline(frame)
    policy = widgets.disclosure()
    hide_cases = policy.hides(head.new_cases)
    hide_closure = policy.hides(head.closed) or hide_cases
    counts = query("program_counts", pref)
    published = counts[(counts["fiscal_year"] == fy) & (counts["program"] == "jusou")].set_index("stage")
    cards = [widgets.Kpi(t("kpi_municipalities", lang), f"{head.municipalities}", t("source_master", lang))]
    for stage, key, count in (
        ("full", "kpi_jusou_full", head.jusou_full),
        ("preparing", "kpi_jusou_preparing", head.jusou_preparing),
    ):
        if fy < JUSOU_START:
            cards.append(widgets.Kpi(t(key, lang), "—", t("kpi_before_jusou", lang)))
        elif stage in published.index:
            row = published.loc[stage]
            cards.append(
                widgets.Kpi(
                    t(key, lang),
                    f"{int(row['municipalities'])}",
                    t("kpi_reported_count", lang, source=widgets.source_label(row["source_id"], lang)),
                )
            )
        else:
            synthetic = bool(mask.loc[frame["jusou_stage"].notna(), "jusou_stage"].any())
            cards.append(
                widgets.Kpi(
                    t(key, lang),
                    f"{count}" if head.jusou_known else "—",
                    t("source_synthetic", lang) if synthetic else t("kpi_counted", lang),
                    synthetic,
                )
            )
    cards.append(
        widgets.Kpi(
            t("kpi_coverage", lang),
            format_number(head.coverage_pct, 1, "%"),
            t("kpi_districts", lang, established=f"{head.established:,}", districts=f"{head.districts:,}"),
            bool(mask.loc[frame["districts"].notna(), "established"].any()),
        )
    )
    synthetic = bool(mask.loc[frame["new_cases"].notna(), "new_cases"].any())
    mark = suppression.MARK
    cards.append(
        widgets.Kpi(
            t("kpi_consultations", lang),
            mark if hide_cases else t("unit_cases", lang, value=format_number(head.new_cases)),
            t("population_none", lang)
            if head.new_cases and not head.population_with_cases
            else t("kpi_per_10k", lang, value=mark if hide_cases else format_number(head.consultations_per_10k, 1)),
            synthetic,
        )
    )
    low = mark if hide_closure else format_number(head.closure_low_pct, 1)
    high = mark if hide_closure else format_number(head.closure_high_pct, 1)
    cards.append(
        widgets.Kpi(
            t("kpi_closure_rate", lang),
            mark if hide_closure else format_number(head.closure_rate_pct, 1, "%"),
            t("public_kpi_closure_detail", lang, low=low, high=high)
            if not policy.shows_counts_beside_rates
            else t(
                "kpi_closure_detail",
                lang,
                closed=f"{head.closed:,}",
                cases=f"{head.closure_denominator:,}",
                low=low,
                high=high,
            ),
            synthetic,
        )
    )
    widgets.kpis(cards, lang)
    widgets.national_jusou_note(fy, lang)
    widgets.population_note(frame, lang)
    reported = frame[frame["coverage_basis"] == "reported"]
    if not reported.empty:
        st.caption(t("reported_note", lang, as_of=", ".join(sorted({str(d) for d in reported["coverage_as_of"]}))))


def _table(frame: pd.DataFrame, mask: pd.DataFrame, pref: str, fy: int, lang: str) -> None:
    st.header(t("table_heading", lang))
    st.caption(t("table_hint", lang))
    stage_labels = {k: stage_name(k, lang) for k in PROGRAM_STAGES}
    columns = {
        "name": t("col_name", lang),
        "kind": t("col_kind", lang),
        "population": t("col_population", lang),
        "jusou_stage": t("col_jusou", lang),
        "coverage_pct": t("col_coverage", lang),
        "established": t("col_established", lang),
        "districts": t("col_districts", lang),
        "new_cases": t("col_new_cases", lang),
        "consultations_per_10k": t("col_per_10k", lang),
        "closure_rate_pct": t("col_closure_rate", lang),
    }
    display = frame[list(columns)].copy()
    display["kind"] = display["kind"].map(lambda kind: MUNICIPALITY_KINDS[kind] if lang == "ja" else KINDS_EN[kind])
    display["jusou_stage"] = display["jusou_stage"].map(stage_labels)
    for col in ("population", "established", "districts", "coverage_pct"):
        display[col] = pd.to_numeric(display[col], errors="coerce")
    display["coverage_pct"] = display["coverage_pct"].round(1)  # the CSV holds what the screen shows
    # public: text with ＊, identical on screen and in the CSV; officials: rounded numbers
    displayed = widgets.disclosure().displayed(display, SUPPRESSIBLE_DIGITS)
    display = display.drop(columns=list(SUPPRESSIBLE_DIGITS)).join(displayed)[list(columns)]
    display["jusou_stage"] = display["jusou_stage"].fillna("—")
    shown = display.rename(columns=columns)
    widgets.table(
        shown,
        mask.rename(columns=columns),
        short=[columns[c] for c in SHORT_COLUMNS],
        bars={columns["coverage_pct"]: 100},
        digits={columns[c]: 1 for c in ("coverage_pct", "consultations_per_10k", "closure_rate_pct")},
    )
    widgets.suppression_note(lang)
    # the screen marks sample cells; the open data says per row whether it rests on samples
    sample = mask[list(VALUE_COLUMNS)].any(axis=1).map({True: t("synthetic_badge", lang), False: ""})
    download = shown.copy()
    download.insert(1, t("col_sample", lang), sample)
    widgets.csv_download(
        download, f"overview_{pref}_{fy}.csv", lang, key="overview_csv", codes=list(frame["code"]), fiscal_year=fy
    )
    names = dict(zip(frame["code"], frame["name"]))
    chosen = st.selectbox(
        t("detail_choose", lang),
        [NO_DETAIL, *names],
        format_func=lambda i: names.get(i, t("detail_none", lang)),
        key=state.worded(f"overview_detail_{pref}_{fy}"),
    )
    if chosen != NO_DETAIL:
        _detail(frame.set_index("code").loc[chosen], lang)


NO_DETAIL = ""  # the detail drop-down's first choice, 「（市町村を選ぶ）」 (a value, so that it is worded again)


VALUE_COLUMNS = ("population", "jusou_stage", "established", "new_cases")
SHORT_COLUMNS = ("jusou_stage", "coverage_pct", "closure_rate_pct")  # what a phone shows before 「すべての列」
SUPPRESSIBLE_DIGITS = {"new_cases": 0, "consultations_per_10k": 1, "closure_rate_pct": 1}


def _detail(row: pd.Series, lang: str) -> None:
    """Each value of one municipality with its source and, for documents, the cited lines."""
    st.header(t("detail_heading", lang, name=row["name"]))
    stage_labels = {k: stage_name(k, lang) for k in PROGRAM_STAGES}
    items = [
        (
            t("col_population", lang),
            format_number(row["population"]),
            row["population_as_of"],
            row["population_source_id"],
        ),
        (t("col_jusou", lang), stage_labels.get(row["jusou_stage"], "—"), None, row["jusou_source_id"]),
        (
            t("col_established", lang),
            t(
                "kpi_districts",
                lang,
                established=format_number(row["established"]),
                districts=format_number(row["districts"]),
            ),
            row["coverage_as_of"],
            row["coverage_source_id"],
        ),
        (
            t("col_new_cases", lang),
            format_number(row["new_cases"]),
            row["cases_period_end"],
            row["cases_source_id"],
        ),
        (
            t("col_closure_rate", lang),
            row["closure_rate_pct"]
            if isinstance(row["closure_rate_pct"], str)
            else t(
                "with_note",
                lang,
                text=format_number(row["closure_rate_pct"], 1, "%"),
                note=f"95%CI {format_number(row['closure_rate_low_pct'], 1)}–"
                f"{format_number(row['closure_rate_high_pct'], 1)}",
            ),
            row["cases_period_end"],
            row["cases_source_id"],
        ),
    ]
    table = pd.DataFrame(
        [
            (
                label,
                value,
                "" if as_of is None or pd.isna(as_of) else str(as_of),
                widgets.source_label(source, lang) if value not in ("—", "") else "",
            )
            for label, value, as_of, source in items
        ],
        columns=[t("detail_item", lang), t("detail_value", lang), t("detail_as_of", lang), t("source", lang)],
    )
    widgets.table(table)
    for label, value, _as_of, source in items:
        if value != "—" and not pd.isna(source) and query("sources").loc[int(source), "kind"] == "document":
            st.markdown(f"**{t('cited_lines', lang)}: {label}**")
            widgets.show_cited_lines(source, lang)

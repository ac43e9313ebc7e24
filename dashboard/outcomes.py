"""Outcome views shared by the 相談・成果, 比較 and 自治体プロフィール screens: the year's outcome frame of a
prefecture or the nation, what the edition may show of it, and the texts around each indicator (value with its
interval, period, 「この指標について」, the 「表で見る」 table), and the report figures accepted in レビュー."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import comparison as calc
from analytics.disclosure import Disclosure
from analytics.indicators import get_indicator
from core import settings
from core.domain import fiscal_year_label, format_number
from core.i18n import t
from dashboard import navigation, state, widgets
from dashboard.charts import Heading, Measure
from dashboard.charts.selection import picked
from dashboard.data import TTL, query
from data_access.documents import document_title
from data_access.vocabulary import OUTCOME_METRICS

BENCHMARKS = ["prefecture", "national"]
# the words for each indicator's numerator and denominator (analytics.comparison.OUTCOME_INDICATORS columns)
COUNT_WORDS = {
    "new_cases": "col_new_cases",
    "population": "col_population",
    "closed_cases": "outcomes_col_closed",
    "caseload": "outcomes_col_caseload",
    "referred_cases": "col_referred",
    "established": "col_established",
    "districts": "col_districts",
}


def shown_numbers(shown: pd.DataFrame, digits: dict[str, int]) -> pd.DataFrame:
    """Columns as displayed: text with ＊ in the public edition (the same text goes into the CSV), numbers
    rounded to `digits` for officials."""
    return widgets.disclosure().displayed(shown, digits)


def hidden_points_note(count: int, lang: str, key: str = "public_outcomes_hidden_points") -> None:
    """Under a public chart: what ＊ means and how many points were left out."""
    if count:
        st.caption(t(key, lang, count=count))
        widgets.suppression_note(lang)


def prefecture_name(pref: str | None, lang: str) -> str:
    if pref is None:
        return t("outcomes_nation", lang)
    prefectures = query("prefectures").set_index("code")
    return prefectures.loc[pref, "name" if lang == "ja" else "name_en"]


def year_frame(pref: str | None, fy: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outcome frame of a prefecture (None: nation) for the year, samples hidden when the user chose so."""
    return _year_frame(settings.database_url(), pref, fy, state.show_synthetic())


def year_shown(pref: str | None, fy: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, hidden) of `year_frame(pref, fy)`: in the public edition small counts, their rates and complements
    are ＊ (analytics.public_outcomes); officials get the frame and a mask that hides nothing."""
    policy = widgets.disclosure()
    return _year_shown(settings.database_url(), pref, fy, state.show_synthetic(), policy.public, policy.threshold)


@st.cache_data(ttl=TTL, show_spinner=False)
def _year_shown(
    url: str, pref: str | None, fy: int, show_synthetic: bool, public: bool, threshold: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cached with the frame it hides values of: the public edition's pattern takes 0.1-0.3 s a frame (it solves
    linear programmes), and 相談・成果, 比較 and プロフィール ran it again at every click (2.8 s of the server's
    6 s over two public walks of every screen)."""
    frame = _year_frame(url, pref, fy, show_synthetic)[0]
    return Disclosure(public, threshold).outcomes(frame)


@st.cache_data(ttl=TTL, show_spinner=False)
def _year_frame(url: str, pref: str | None, fy: int, show_synthetic: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cached like the queries it reads (per database URL): the intervals of 1,741 municipalities take 0.1-0.2 s,
    and 相談・成果, 比較 and プロフィール each need the nation's frame."""
    rows = query("outcomes.consultation_rows", pref, fy)
    profiles = query("outcomes.profiles", pref, fy)
    coverage = query("outcomes.programme_and_coverage", tuple(profiles["code"]), fy)
    return calc.outcome_frame(rows, profiles, widgets.synthetic_ids(), show_synthetic, coverage)


def indicator_name(key: str, lang: str) -> str:
    indicator = get_indicator(key)
    return indicator.name(lang)


def axis_title(key: str, lang: str) -> str:
    """「指標名（単位）」 for a chart axis."""
    return t("label_with_unit", lang, label=indicator_name(key, lang), unit=get_indicator(key).unit_label(lang))


def has_interval(key: str) -> bool:
    """Whether an indicator's values carry a 95 % interval (not a complete count such as council coverage)."""
    return get_indicator(key).statistic in ("proportion", "rate")


def value_label(key: str, lang: str) -> str:
    """An indicator's name as a table row names it: 「終結率（95%CI）」, or the name alone for a complete count."""
    return t("value_with_ci", lang, name=indicator_name(key, lang)) if has_interval(key) else indicator_name(key, lang)


def unit_suffix(key: str) -> str:
    return "%" if get_indicator(key).unit == "%" else ""


def value_with_interval(value, low, high, key: str, lang: str) -> str:
    """「33.9（32.3–35.5）」; a complete count (council coverage) has no interval: 「66.7%」."""
    digits = 1
    if isinstance(value, str):  # the suppression mark
        return value
    if value is None or pd.isna(value):
        return "—"
    if not has_interval(key):
        return format_number(value, digits, unit_suffix(key))
    return t(
        "with_note",
        lang,
        text=format_number(value, digits, unit_suffix(key)),
        note=f"{format_number(low, digits)}–{format_number(high, digits)}",
    )


def period_text(row: pd.Series, lang: str) -> str:
    return _period(row.get("period_end"), row.get("is_partial_year"), lang)


def period_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    """period_text of every row of `frame`, read column by column: a national frame's 1,741 rows through
    `iterrows` (a Series built per row) took 130–170 ms of each rerun of 比較 and the national funnel (#21)."""
    ends = frame["period_end"] if "period_end" in frame else [None] * len(frame)
    partial = frame["is_partial_year"] if "is_partial_year" in frame else [None] * len(frame)
    return [_period(end, part, lang) for end, part in zip(ends, partial)]


def _period(end, partial, lang: str) -> str:
    if pd.isna(end):
        return "—"
    if partial is True or partial == 1:
        return t("outcomes_col_period_partial", lang, date=str(end))
    return t("outcomes_col_period_full", lang)


def partial_note(frame: pd.DataFrame, lang: str) -> None:
    partial = frame[frame["is_partial_year"].eq(True)]
    if not partial.empty:
        names = t("list_separator", lang).join(
            t("with_note", lang, text=n, note=d) for n, d in zip(partial["name"], partial["period_end"])
        )
        st.warning(t("outcomes_partial_note", lang, names=names), icon=":material/event_busy:")


def label_text(label: str, lang: str) -> str:
    return t(f"outcomes_label_{label}", lang)


DIRECTIONS = {
    "higher_is_better": {"better": "higher", "worse": "lower"},
    "lower_is_better": {"better": "lower", "worse": "higher"},
}


def edition_labels(labels: pd.Series, key: str) -> pd.Series:
    """Judgements against the benchmark as the edition words them: officials read 「良い／良くない」 where the
    indicator has a better direction; residents read which side of the benchmark the value is (「基準より高い」),
    the direction being the indicator's fact and the judgement the officials' reading of it."""
    if not widgets.disclosure().plain_words:
        return labels
    return labels.replace(DIRECTIONS.get(get_indicator(key).polarity, {}))


def show_table(display: pd.DataFrame, file_name: str, lang: str, key: str, mask: pd.DataFrame | None = None) -> None:
    """The 「表で見る」 alternative of a chart: exactly its data, with a CSV download. Sent only once opened (a
    national scatter's table alone is 1,741 rows): `key`_open in the session."""
    section = st.expander(t("outcomes_show_table", lang), key=f"{key}_open", on_change="rerun")
    if section.open:
        with section:
            screen, samples = display, mask
            if (column := t("outcomes_col_synthetic", lang)) in display.columns:  # marked in the cells instead
                screen, samples = widgets.sample_rows(display, column)
                samples = samples if mask is None else samples | mask.reindex_like(samples).fillna(False)
            widgets.table(screen, samples)
            widgets.csv_download(display, file_name, lang, key=key)


def indicator_expander(key: str, lang: str) -> None:
    """「この指標について」: definition, unit, polarity, caveats and source from the catalogue."""
    indicator = get_indicator(key)
    caveats = "\n".join(f"- {caveat}" for caveat in indicator.caveats(lang))
    paragraphs = [
        f"**{t('outcomes_about_definition', lang)}**: {indicator.definition(lang)}",
        f"**{t('outcomes_about_unit', lang)}**: {indicator.unit_label(lang)}",
        f"**{t('outcomes_about_polarity', lang)}**: {t('outcomes_polarity_' + indicator.polarity, lang)}",
        *(
            [t("outcomes_about_min", lang, value=f"{indicator.min_denominator:,}")]
            if indicator.min_denominator is not None
            else []
        ),
        f"**{t('outcomes_about_caveats', lang)}**\n\n{caveats}",
        f"**{t('outcomes_about_source', lang)}**: {indicator.source(lang)}",
    ]
    with st.expander(t("outcomes_about", lang, name=indicator_name(key, lang))):  # one block: fewer elements to draw
        st.markdown("\n\n".join(paragraphs))


def measure(key: str, lang: str) -> Measure:
    """An indicator as charts name it: 「終結率（%）」, its numerator's and denominator's words, its unit."""
    num_col, den_col = calc.OUTCOME_INDICATORS[key]
    words = t(COUNT_WORDS[num_col], lang), t(COUNT_WORDS[den_col], lang)
    return Measure(axis_title(key, lang), *words, unit=unit_suffix(key))


def synthetic_values(frame: pd.DataFrame, key: str) -> pd.Series:
    """Whether a row's value of `key` rests on samples: its cases, its population (per 10,000) or its councils."""
    if key == "council_coverage":
        return frame["coverage_synthetic"].astype(bool)
    flags = frame["cases_synthetic"].astype(bool)
    return flags | frame["population_synthetic"].astype(bool) if key == "consultations_per_10k" else flags


def value_sources(frame: pd.DataFrame, key: str) -> pd.Series:
    """The source id each row's value of `key` cites (its consultation row, or its councils)."""
    return frame["coverage_source_id" if key == "council_coverage" else "cases_source_id"]


def chart_points(rows: pd.DataFrame, shown: pd.DataFrame, key: str, lang: str, national: bool = False) -> pd.DataFrame:
    """The points of an outcome chart (dashboard.charts.outcomes.POINT_COLUMNS) for `rows` of an outcome frame
    (only the rows the edition may draw): counts as `shown` has them (＊ when hidden), the prefecture named in
    national views, the period and the source in words."""
    num_col, den_col = calc.OUTCOME_INDICATORS[key]
    counts = shown.set_index("code").loc[rows["code"], [num_col, den_col]]
    names = query("prefectures").set_index("code")["name" if lang == "ja" else "name_en"]
    return pd.DataFrame(
        {
            "code": rows["code"].to_numpy(),
            "name": rows["name"].to_numpy(),
            "prefecture": rows["prefecture_code"].map(names).to_numpy() if national else "",
            "value": pd.to_numeric(rows[key], errors="coerce").to_numpy(),
            "low": pd.to_numeric(rows[f"{key}_low"], errors="coerce").to_numpy(),
            "high": pd.to_numeric(rows[f"{key}_high"], errors="coerce").to_numpy(),
            "numerator": counts[num_col].to_numpy(),
            "denominator": counts[den_col].to_numpy(),
            "period": period_texts(rows, lang),
            "synthetic": synthetic_values(rows, key).to_numpy(),
            "source": widgets.source_labels(value_sources(rows, key), lang, missing="—"),
        }
    )


def heading(title: str, pref: str | None, fy: int, lang: str, source_ids=(), notes: tuple[str, ...] = ()) -> Heading:
    """A chart's title with the area and fiscal year, the origins of its values and its notes."""
    return Heading(
        title,
        prefecture_name(pref, lang),
        fiscal_year_label(fy, lang),
        widgets.source_origins(source_ids, lang),
        notes,
    )


def hidden_note(count: int, lang: str, key: str = "public_outcomes_hidden_points") -> tuple[str, ...]:
    """The note a public chart carries (on screen and in its saved image) when it leaves suppressed values out."""
    return (t(key, lang, count=count),) if count else ()


def open_profile(code: str) -> None:
    """From a chart's callback: open the municipality's プロフィール, in its own prefecture."""
    st.session_state["pref"] = code[:2]
    st.session_state.pop("profile", None)
    navigation.request("profile", {**state.shared(), "pref": code[:2], "profile": code})


def profile_on_click(chart_key: str):
    """The callback of a chart whose point, once clicked, opens that municipality's profile."""

    def callback() -> None:
        pick = picked(st.session_state.get(chart_key))
        if pick.kind == "click":
            open_profile(pick.codes[0])

    return callback


def reported_figures(pref: str | None, fy: int, lang: str, key: str, codes: tuple[str, ...] = ()) -> None:
    """The report figures a reviewer accepted for the year (レビュー), each with its unit, 実数/延べ, period and
    line: stated rates, other units, groups and prefectures included, a partial year named as such. Listed as
    stated, never added up. Officials only: a free-text figure can be a small count with no published total."""
    if not widgets.disclosure().shows_report_figures:
        return
    figures = query("review.accepted_outcomes", pref, fy, codes)
    if figures.empty:
        return
    st.header(t("outcomes_figures", lang))
    st.caption(t("outcomes_figures_hint", lang))
    metrics = {k: m.name(lang) for k, m in OUTCOME_METRICS.items()}

    def number(value, unit: str) -> str:
        return "—" if pd.isna(value) else format_number(value, 1 if unit == "%" else 0)

    display = pd.DataFrame(
        {
            t("col_name", lang): figures["name"],
            t("col_metric", lang): figures["metric"].map(metrics).fillna(figures["metric"]),
            t("outcomes_figures_value", lang): [number(v, u) for v, u in zip(figures["value"], figures["unit"])],
            t("outcomes_figures_unit", lang): figures["unit"],
            t("outcomes_figures_basis", lang): [t(f"outcomes_figures_basis_{b}", lang) for b in figures["basis"]],
            t("col_period_end", lang): period_texts(figures, lang),
            t("outcomes_col_target", lang): [number(v, u) for v, u in zip(figures["target"], figures["unit"])],
            t("outcomes_figures_part", lang): [
                ""
                if pd.isna(total)
                else t("outcomes_figures_part_of", lang, label=label if isinstance(label, str) else "")
                for total, label in zip(figures["part_of_id"], figures["part_label"])
            ],
            t("source", lang): [
                t("source_document", lang, title=document_title(d, lang), line=int(n))
                for d, n in zip(figures["document"], figures["source_line"])
            ],
        }
    )
    widgets.table(display)
    widgets.csv_download(display, f"reported_{key}_{fy}.csv", lang, key=f"reported_{key}_csv")

"""Shared UI pieces: sidebar filters, source labels, synthetic marking, KPI cards, charts, tables, footer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd
import streamlit as st

from core import settings
from core.domain import fiscal_year_label
from core.i18n import LANGUAGES, t
from dashboard import open_data, state, tables
from dashboard.charts import Figure
from dashboard.data import query
from data_access.documents import cited_lines, document_title

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sidebar_filters() -> None:
    """Language, prefecture, fiscal year and the synthetic toggle; all kept in the query string."""
    lang = state.lang()
    prefectures = query("prefectures")
    with_data = query("prefectures_with_data")
    years = query("fiscal_years") or [dt.date.today().year]
    codes = sorted(prefectures["code"], key=lambda c: (c not in with_data, c))
    names = dict(zip(prefectures["code"], prefectures["name" if lang == "ja" else "name_en"]))
    state.init("pref", codes, state.DEFAULT_PREFECTURE)
    state.init("fy", years, 2020 if 2020 in years else years[-1])
    state.init("sample", [True, False], True)
    with st.sidebar:
        st.selectbox(t("language", lang), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")
        st.selectbox(t("prefecture", lang), codes, format_func=lambda c: names[c], key="pref")
        # a drop-down, newest year first (a slider would load its own script bundle on every screen)
        st.selectbox(
            t("fiscal_year", lang),
            sorted(years, reverse=True),
            format_func=lambda y: fiscal_year_label(y, lang),
            key="fy",
        )
        st.toggle(t("show_synthetic", lang), key="sample", help=t("show_synthetic_help", lang))
        if settings.is_public():
            st.markdown(f":blue-badge[{t('public_badge', lang)}]")
            st.caption(t("public_badge_caption", lang))
    state.publish("lang", "pref", "fy", "sample")


_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'])")


def plain(text: object) -> str:
    """User-supplied text (a district, display or file name) placed into Markdown, shown exactly as written: every
    character Markdown or Streamlit reads as syntax is escaped, so `![p](http://host/x.png)` is text and makes no
    browser fetch anything; line breaks become spaces."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def suppression_note(lang: str) -> None:
    """The meaning of ＊ under a suppressed table (public mode)."""
    st.caption(t("public_suppression_note", lang, max=settings.suppression_threshold() - 1))


def synthetic_ids() -> set[int]:
    sources = query("sources")
    return set(sources.index[sources["kind"] == "synthetic"])


def source_label(source_id, lang: str) -> str:
    """Human-readable origin of a value: document and line, import batch, or synthetic."""
    return source_labels([source_id], lang)[0]


def source_labels(source_ids, lang: str, missing: str | None = None) -> list[str]:
    """`source_label` of every id, reading the sources once (a table column cites hundreds of rows). A missing id
    reads `missing`, by default "several sources"."""
    sources = query("sources")
    labels: dict[int, str] = {}
    out = []
    for source_id in source_ids:
        if source_id is None or pd.isna(source_id):
            out.append(t("source_mixed", lang) if missing is None else missing)
            continue
        key = int(source_id)
        if key not in labels:
            labels[key] = _describe_source(sources.loc[key], lang)
        out.append(labels[key])
    return out


def _describe_source(row: pd.Series, lang: str) -> str:
    if row["kind"] == "synthetic":
        return t("source_synthetic", lang)
    if row["kind"] == "document":
        return t("source_document", lang, title=document_title(row["document"], lang), line=int(row["line"]))
    if row["kind"] == "import_batch":
        return t("source_batch", lang, batch=int(row["import_batch_id"]), file=row["batch_file_name"])
    return t("source_master", lang)


def show_cited_lines(source_id, lang: str) -> None:
    """Quote the cited lines of a document source (read from DASHBOARD_SEEDS_DIR at run time)."""
    if source_id is None or pd.isna(source_id):
        return
    row = query("sources").loc[int(source_id)]
    if row["kind"] != "document":
        return
    lines = cited_lines(settings.seeds_dir(), row["document"], int(row["line"]))
    if lines is None:
        st.caption(t("cited_unavailable", lang))
        return
    quoted = "\n".join(f"{'▶' if n == int(row['line']) else ' '} {n:>5}: {text}" for n, text in lines)
    st.code(quoted, language=None)


def synthetic_notice(lang: str, has_synthetic: bool) -> None:
    if not state.show_synthetic():
        st.caption(t("synthetic_hidden", lang))
    elif has_synthetic:
        st.warning(t("synthetic_notice", lang), icon=":material/science:")


@dataclass(frozen=True)
class Kpi:
    """A headline figure with its source under it; synthetic figures carry a visible badge."""

    label: str
    value: str
    caption: str
    synthetic: bool = False


def kpis(cards: list[Kpi], lang: str) -> None:
    """A row of headline figures as one HTML block (a card each; they wrap on a narrow screen): one element to
    draw instead of four per card."""
    badge = f'<span class="kpi-badge">{escape(t("synthetic_badge", lang))}</span>'
    st.html(
        '<div class="kpi-row">'
        + "".join(
            f'<div class="kpi-card"><p class="kpi-label">{escape(card.label)}{badge if card.synthetic else ""}</p>'
            f'<p class="kpi-value">{escape(card.value)}</p><p class="kpi-caption">{escape(card.caption)}</p></div>'
            for card in cards
        )
        + "</div>"
    )


KPI_STYLE = """<style>
.kpi-row{display:grid;grid-template-columns:repeat(auto-fit,minmax(8rem,1fr));gap:.6rem;margin-bottom:.5rem}
.kpi-card{border:1px solid #d6d6d9;border-radius:.5rem;padding:.75rem 1rem}
.kpi-card p{margin:0}
.kpi-label{font-weight:600}
.kpi-badge{margin-left:.4rem;padding:0 .35rem;border-radius:.25rem;background:#fde7d1;color:#8a4500;font-size:.8rem;
font-weight:400;white-space:nowrap}
.kpi-value{font-size:2rem;font-weight:700;line-height:1.3}
.kpi-caption{color:#6b6d76;font-size:.875rem}
</style>"""


def page_style() -> None:
    """Styles of headline figures and tables, and the table-sorting script: one element, once per page run."""
    st.html(KPI_STYLE + tables.STYLE + tables.SORT_SCRIPT, unsafe_allow_javascript=True)


def chart(figure: Figure) -> None:
    """A server-rendered chart: its one-line `<figure class="dash-chart">` markup as Markdown HTML (st.html would
    strip the SVG; a Vega-Lite chart would load its script bundle)."""
    st.markdown(figure.markup, unsafe_allow_html=True)


def table(frame: pd.DataFrame, synthetic: pd.DataFrame | None = None, **options) -> None:
    """A data table (dashboard.tables.html_table; options: digits, bars). Synthetic values are
    yellow italic, as the notice above the table says."""
    st.html(tables.html_table(frame, synthetic, **options))


def csv_download(
    frame: pd.DataFrame,
    file_name: str,
    lang: str,
    key: str,
    codes: Sequence[str] | None = None,
    fiscal_year: int | None = None,
) -> None:
    """Exactly what a table shows, as open data: CSV in UTF-8 with BOM (Excel opens Japanese text correctly),
    in Shift_JIS for older Excel, an Excel workbook (with 団体コード and 年度 when given: `codes` per row, the
    table's `fiscal_year`), and a ZIP with both CSVs, the data dictionary and the terms (CC BY 4.0)."""
    stem = file_name.removesuffix(".csv")
    public, sources = settings.is_public(), sources_text(lang)
    # The files are written when a button is clicked (a callable), not on every run of the page; on_click="ignore":
    # a download does not rerun the page.
    with st.container(horizontal=True):
        st.download_button(
            t("download_csv", lang),
            lambda: open_data.csv_bytes(frame),
            file_name=file_name,
            mime="text/csv",
            key=key,
            on_click="ignore",
        )
        st.download_button(
            t("open_data_csv_sjis", lang),
            lambda: open_data.csv_bytes(frame, "cp932"),
            file_name=f"{stem}_sjis.csv",
            mime="text/csv",
            key=f"{key}_sjis",
            on_click="ignore",
        )
        st.download_button(
            t("download_xlsx", lang),
            lambda: open_data.xlsx_bytes(frame, lang, codes, fiscal_year, sources),
            file_name=f"{stem}.xlsx",
            mime=XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
        )
        st.download_button(
            t("open_data_zip", lang),
            lambda: open_data.package(frame, file_name, lang, sources, public),
            file_name=f"{stem}.zip",
            mime="application/zip",
            key=f"{key}_zip",
            on_click="ignore",
        )
    st.caption(t("open_data_caption", lang))


def sources_text(lang: str) -> str:
    """What the data in the database come from, in one line: the documents its facts cite, the imported files, the
    samples, and the municipality master."""
    summary = query("source_summary")
    parts = [document_title(name, lang) for name in summary.documents]
    if summary.import_batches:
        parts.append(t("footer_import_batches", lang, count=summary.import_batches))
    if summary.synthetic:
        parts.append(t("footer_samples", lang))
    separator = "、" if lang == "ja" else "; "
    return t("footer_sources", lang, documents=separator.join(parts) or t("footer_no_sources", lang))


def footer(lang: str) -> None:
    updated = query("last_updated")
    stamp = t("footer_updated", lang, date=updated.date().isoformat()) if updated else t("footer_never", lang)
    st.divider()
    st.caption(f"{stamp} ｜ {sources_text(lang)}")

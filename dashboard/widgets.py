"""Shared UI pieces: sidebar filters, source labels, synthetic marking, KPI cards, charts, tables, footer."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.disclosure import Disclosure
from analytics.overview import OverviewYear, overview_year
from core import settings
from core.domain import date_label, fiscal_year_label
from core.i18n import LANGUAGES, has, t, use_register
from dashboard import a11y, open_data, state, tables
from dashboard.charts import Heading
from dashboard.charts import style as chart_style
from dashboard.data import TTL, query
from data_access.documents import cited_lines, document_title, reference_title
from data_access.templates import TEMPLATES

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Streamlit shows an image at most this wide (image_utils.MAXIMUM_CONTENT_WIDTH) and shrinks a wider one on every rerun
SHOWN_IMAGE_WIDTH = 1460


def sidebar_filters() -> None:
    """Language, prefecture, fiscal year and the synthetic toggle; all kept in the query string. First of every run:
    it also chooses the run's words (use_edition_words)."""
    use_edition_words()
    state.reword_choices()
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
        st.selectbox(t("language", lang), list(LANGUAGES), format_func=lambda code: LANGUAGES[code], key="lang")
        st.selectbox(t("prefecture", lang), codes, format_func=lambda c: names[c], key=state.worded("pref"))
        # a drop-down, newest year first (a slider would load its own script bundle on every screen)
        st.selectbox(
            t("fiscal_year", lang),
            sorted(years, reverse=True),
            format_func=lambda y: fiscal_year_label(y, lang),
            key=state.worded("fy"),
        )
        st.toggle(t("show_synthetic", lang), key="sample", help=t("show_synthetic_help", lang))
        if disclosure().public:
            st.markdown(f":blue-badge[{t('public_badge', lang)}]")
            st.caption(t("public_badge_caption", lang))
    state.publish("lang", "pref", "fy", "sample")


def screen_sized_png(png: bytes) -> bytes:
    """The PNG shrunk to the width a screen shows it at, once: given a wider one, st.image decodes, shrinks and
    encodes it again on every rerun (120 ms for the briefing's two previews)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    if image.width <= SHOWN_IMAGE_WIDTH:
        return png
    height = round(image.height * SHOWN_IMAGE_WIDTH / image.width)
    out = io.BytesIO()
    image.resize((SHOWN_IMAGE_WIDTH, height), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=False)
    return out.getvalue()


def use_edition_words() -> None:
    """The words of this run: plain in the residents' edition (the policy decides), else the officials' own."""
    use_register("plain" if disclosure().plain_words else "standard")


def terms(key: str, lang: str) -> None:
    """One-line definitions of the terms a screen first uses, where its register has them (the residents'
    edition: 第2層協議体, 重層的支援体制整備事業 …); officials' screens leave them out (the text is empty)."""
    if text := t(key, lang):
        st.caption(text)


def disclosure() -> Disclosure:
    """The edition's disclosure policy (official: everything; public: small counts hidden)."""
    return Disclosure.from_settings()


_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'])")


def plain(text: object) -> str:
    """User-supplied text (a district, display or file name) placed into Markdown, shown exactly as written: every
    character Markdown or Streamlit reads as syntax is escaped, so `![p](http://host/x.png)` is text and makes no
    browser fetch anything; line breaks become spaces."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def suppression_note(lang: str) -> None:
    """The meaning of ＊ under a table or chart of the public edition (nothing in the officials' edition)."""
    policy = disclosure()
    if policy.public:
        st.caption(t("public_suppression_note", lang, max=policy.threshold - 1))


def synthetic_ids() -> set[int]:
    sources = query("sources")
    return set(sources.index[sources["kind"] == "synthetic"])


def prefecture_year(pref: str, fy: int) -> OverviewYear:
    """The prefecture's year through the 概要 pipeline (analytics.overview.overview_year), as 概要 and 地図 show
    it: samples marked or left out, rates, the edition's suppression."""
    policy = disclosure()
    return _prefecture_year(settings.database_url(), pref, fy, state.show_synthetic(), policy.public, policy.threshold)


@st.cache_data(ttl=TTL, show_spinner=False)
def _prefecture_year(url: str, pref: str, fy: int, show_synthetic: bool, public: bool, threshold: int) -> OverviewYear:
    """Cached like the query it reads (per database URL): the rates' intervals and the public edition's pattern
    took 0.1-0.3 s at every click on 概要 and 地図."""
    frame = query("municipality_overview", pref, fy)
    return overview_year(frame, synthetic_ids(), show_synthetic, Disclosure(public, threshold))


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


def import_kind_label(kind: str, lang: str) -> str:
    """What an import batch or a template holds, in words: a template's name, or the catalogue's word for what the
    system loads itself (official statistics, the demo, reports, district boundaries); an unknown kind as stored."""
    if kind in TEMPLATES:
        return TEMPLATES[kind].ja if lang == "ja" else TEMPLATES[kind].en
    return t(f"batch_kind_{kind}", lang) if has(f"batch_kind_{kind}") else kind


def short_source_label(source_id, lang: str) -> str:
    """A source as a card under a figure can hold it: an official statistic by its short name (住民基本台帳), the
    rest as `source_label` (the full title is on the sources screen)."""
    if source_id is not None and not pd.isna(source_id):
        row = query("sources").loc[int(source_id)]
        if row["kind"] == "statistic" and isinstance(row["note"], str) and has(f"statistic_short_{row['note']}"):
            return t(f"statistic_short_{row['note']}", lang)
    return source_label(source_id, lang)


def source_origins(source_ids, lang: str) -> tuple[str, ...]:
    """Where the values of a chart come from, each once, as the note under the chart names them: documents by
    title (their lines are in each point's hover), import files, samples last."""
    sources = query("sources")
    ids = {int(s) for s in source_ids if s is not None and not pd.isna(s)}
    rows = sources.loc[sorted(ids)]
    named = [
        document_title(row["document"], lang) if row["kind"] == "document" else _describe_source(row, lang)
        for _, row in rows.sort_values("kind", key=lambda kind: kind.eq("synthetic")).iterrows()
    ]
    return tuple(dict.fromkeys(named))


def database_origins(lang: str, synthetic: bool) -> tuple[str, ...]:
    """Where totals pooled over the whole database come from (a yearly trend): its documents, its imported files
    and, when the totals include them, the samples."""
    summary = query("source_summary")
    origins = [document_title(name, lang) for name in summary.documents]
    if summary.import_batches:
        origins.append(t("footer_import_batches", lang, count=summary.import_batches))
    return (*origins, *([t("footer_samples", lang)] if synthetic else []))


def _describe_source(row: pd.Series, lang: str) -> str:
    if row["kind"] == "synthetic":
        return t("source_synthetic", lang)
    if row["kind"] == "document":
        return t("source_document", lang, title=document_title(row["document"], lang), line=int(row["line"]))
    if row["kind"] == "import_batch":
        return t("source_batch", lang, batch=int(row["import_batch_id"]), file=row["batch_file_name"])
    if row["kind"] == "statistic":
        if not pd.isna(row["line"]):  # a published reference figure: its document's title, a proper name
            return t("source_reference", lang, title=reference_title(row["label"], lang), line=int(row["line"]))
        if lang != "ja" and isinstance(row["note"], str) and has(f"statistic_short_{row['note']}"):
            # the stored title is the publisher's Japanese one; English names the statistic and its file
            return t(
                "source_statistic_file", lang, name=t(f"statistic_short_{row['note']}", lang), file=row["document"]
            )
        return row["label"]
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
    # long lines wrap: a box that scrolls sideways would need a keyboard focus of its own (Streamlit gives none)
    st.code(quoted, language=None, wrap_lines=True)


def population_note(frame: pd.DataFrame, lang: str) -> None:
    """Under a rate per 10,000 residents: which populations it rests on (the day and the statistic, or a
    municipality's own report for that year), and how many municipalities have none (their rate is not shown)."""
    sources = query("sources")
    bases: dict[str, None] = {}
    for as_of, source_id in zip(frame["population_as_of"], frame["population_source_id"]):
        if source_id is None or pd.isna(source_id):
            continue
        kind = sources.loc[int(source_id), "kind"]
        date = date_label(as_of, lang) if as_of is not None and not pd.isna(as_of) else "—"
        key = "population_basis_statistic" if kind == "statistic" else "population_basis_reported"
        bases[t(key, lang, date=date)] = None
    missing = int(frame["population"].isna().sum())
    if bases:
        st.caption(t("population_basis", lang, bases="、".join(bases) if lang == "ja" else "; ".join(bases)))
    if missing:
        st.caption(t("population_missing", lang, count=missing))


def coverage_kpi(pref: str, code: str, fiscal_year: int, lang: str) -> Kpi | None:
    """A municipality's tier-2 council coverage as every screen states it (queries.council_coverage, the row 概要
    and 比較 show): the figure it reported within the year wins over a count of district rows, and a count is a
    sample as soon as one of its rows is. None when the municipality has no districts."""
    coverage = query("council_coverage", pref, fiscal_year)
    if code not in coverage.index:
        return None
    row = coverage.loc[code]
    source = row["source_id"]
    counted = row["basis"] == "districts"
    synthetic = counted and (pd.isna(source) or int(source) in synthetic_ids())
    return Kpi(
        t("kpi_coverage", lang),
        t("kpi_districts", lang, established=f"{int(row['established']):,}", districts=f"{int(row['districts']):,}"),
        t(
            "coverage_kpi_detail",
            lang,
            basis=t("basis_districts" if counted else "basis_reported", lang),
            date=date_label(row["as_of"], lang),
            source=source_label(source, lang),
        ),
        bool(synthetic),
    )


def national_jusou_note(fiscal_year: int, lang: str) -> None:
    """The published national count of municipalities running 重層事業 that year, beside a prefecture's own."""
    counts = query("program_counts", None)
    row = counts[(counts["program"] == "jusou") & (counts["stage"] == "full") & (counts["fiscal_year"] == fiscal_year)]
    if row.empty:
        return
    row = row.iloc[0]
    key = "national_jusou_planned" if row["planned"] else "national_jusou_count"
    st.caption(
        t(
            key,
            lang,
            count=f"{int(row['municipalities']):,}",
            year=fiscal_year_label(fiscal_year, lang),
            source=source_label(row["source_id"], lang),
        )
    )


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
    """Styles of headline figures and tables, the table script and the work-arounds for Streamlit's own controls
    (page language, their names, navigation markup, caption contrast): one element, once per page run."""
    st.html(
        KPI_STYLE
        + tables.STYLE
        + a11y.STYLE
        + tables.SORT_SCRIPT.removesuffix("</script>")  # one <script>: st.html runs the first one only
        + a11y.script(state.lang())
        + "</script>",
        unsafe_allow_javascript=True,
    )


def chart(
    figure: go.Figure,
    lang: str,
    key: str | None = None,
    on_select: Callable[[], None] | None = None,
    selection_mode: tuple[str, ...] = ("points",),
):
    """A figure of dashboard.charts on the page with its own look (not Streamlit's theme), its mode bar in the UI
    language and its description for screen readers. With `on_select` (a callback), a click or a selection reruns
    the page with the chart's state under `key` (dashboard.charts.selection reads it).

    The figure is handed over: it is sent without its `meta` (read here for the mode bar and the description), and
    with on_select it says itself how a click and a drag behave, as Streamlit would set them. Streamlit sets what the
    figure leaves open (clickmode, hovermode, a false dragmode) in the page after the first drawing, and a changed
    clickmode makes plotly.js draw the whole chart again (see dashboard.charts.style.figure)."""
    options = dict(key=key, on_select=on_select, selection_mode=selection_mode) if on_select else dict(key=key)
    config, alt = chart_style.config(figure, lang), figure.layout.meta["description"]
    figure.layout.meta = None
    if on_select:
        _select_modes(figure, selection_mode)
    return st.plotly_chart(figure, theme=None, config=config, alt=alt, **options)


def _select_modes(figure: go.Figure, selection_mode: tuple[str, ...]) -> None:
    """hovermode, dragmode and clickmode of a chart that answers a click or a selection, as Streamlit's chart sets
    them: the figure's own hovermode and dragmode, else closest and (for a chart without a drag) pan when points can
    be selected, box or lasso when only those select; a click selects a point when points can be selected and the
    drag does not select."""
    layout, points = figure.layout, "points" in selection_mode
    layout.hovermode = layout.hovermode or "closest"
    if not layout.dragmode:
        box, lasso = "box" in selection_mode, "lasso" in selection_mode
        layout.dragmode = "pan" if points or not (box or lasso) else "select" if box else "lasso"
    layout.clickmode = "event" if layout.dragmode in ("select", "lasso") else "event+select" if points else "none"


def curve_heading(name: str, code: str, fy: int, source_ids, lang: str) -> Heading:
    """The heading of a municipality's set-up curve (協議体の設置状況 and the map's panel)."""
    prefectures = query("prefectures").set_index("code")
    return Heading(
        t("charts_title_coverage", lang, name=name),
        prefectures.loc[code[:2], "name" if lang == "ja" else "name_en"],
        fiscal_year_label(fy, lang),
        source_origins(source_ids, lang),
    )


def table(
    frame: pd.DataFrame,
    synthetic: pd.DataFrame | None = None,
    short: Sequence[str] | None = None,
    **options,
) -> None:
    """A data table (dashboard.tables.html_table; options: digits, bars): the first column stays in view, `short`
    names the columns a phone shows first, samples are marked in their cells and said once above the table."""
    st.html(tables.html_table(frame, synthetic, short=short, lang=state.lang(), **options))


def sample_rows(frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(screen frame, synthetic mask) of a table whose `column` flags sample rows (「サンプル」 or empty): the screen
    marks the row's values instead of repeating the word in a column of its own; the CSV keeps the column."""
    flags = frame[column].fillna("").astype(str).ne("").to_numpy()
    screen = frame.drop(columns=column)
    mask = pd.DataFrame(dict.fromkeys(screen.columns[1:], flags), index=screen.index)
    return screen, mask


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
    public, sources = disclosure().public, sources_text(lang)
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
    parts += [reference_title(label, lang) for label in summary.references]
    if summary.import_batches:
        parts.append(t("footer_import_batches", lang, count=summary.import_batches))
    if summary.synthetic:
        parts.append(t("footer_samples", lang))
    separator = "、" if lang == "ja" else "; "
    text = t("footer_sources", lang, documents=separator.join(parts) or t("footer_no_sources", lang))
    return f"{text} {t('credit_statistics', lang)}" if summary.official_statistics else text


def footer(lang: str) -> None:
    updated = query("last_updated")
    stamp = t("footer_updated", lang, date=updated.date().isoformat()) if updated else t("footer_never", lang)
    st.divider()
    st.caption(stamp + t("separator_bar", lang) + sources_text(lang))

"""Lay a :class:`briefing.content.Briefing` out twice: an A4 portrait page for print (PDF, and the same page as
PNG for the screen's preview) and a 16:9 slide (PNG, 1920 × 1080) for a meeting's projector.

Both place the blocks of briefing.drawing at their own sizes. The A4 page is laid out from its footer up: the
outlier list and the notes are measured first and the map and trends take the height that is left, so nothing
runs into the footer, however many sources a page cites. The slide keeps what a room reads from a screen
(headline figures, map, trends, outliers) in type no smaller than 11 pt on a 13.3-inch slide, and refers to
the A4 page for the full sources and notes. The CJK font is embedded as TrueType (``pdf.fonttype`` 42): the
PDF text stays searchable and copyable, and the file stays small.
"""

from __future__ import annotations

import io
import re
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import NamedTuple

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from briefing import drawing
from briefing.content import Briefing
from briefing.drawing import ACCENT, Page, Style
from briefing.fonts import page_family
from core.domain import ERAS, MUTED, wareki_fiscal_year
from core.i18n import LANGUAGES, catalogue, t

PAGE_W, PAGE_H = 8.27, 11.69  # A4 portrait, inches
MARGIN = 0.5
CONTENT_W = PAGE_W - 2 * MARGIN
PNG_DPI = 150
FOOTER_Y = PAGE_H - 0.42
MIDDLE_MIN = 3.2  # the map and trends never get less than this height (inches)

SLIDE_DPI = 144
SLIDE_W, SLIDE_H = 1920 / SLIDE_DPI, 1080 / SLIDE_DPI  # 16:9, a PowerPoint slide's 13.33 × 7.5 inches, full HD
SLIDE_MARGIN = 0.4

A4 = Style(
    title=17,
    subtitle=11,
    heading=11.5,
    card_label=9.5,
    card_value=24,
    card_unit=11,
    small=9,
    body=9.5,
    note=8.5,
    source=8,
    tick=8.5,
    legend=9,
    marker=10,
    heading_gap=0.06,
    detail_lines=2,
)
SLIDE = Style(
    title=24,
    subtitle=14,
    heading=16,
    card_label=13,
    card_value=30,
    card_unit=15,
    small=12,
    body=14,
    note=11,
    source=11,
    tick=11.5,
    legend=11.5,
    marker=11,
    heading_gap=0.08,
    detail_lines=2,
)


class Rendered(NamedTuple):
    """The files of one briefing: the A4 page as PDF and PNG, and the 16:9 slide as PNG."""

    pdf: bytes
    png: bytes
    slide: bytes


# ----------------------------------------------------------------------------------------------- header


def _header(page: Page, b: Briefing, left: float, right: float, top: float, style: Style, *, slide: bool) -> float:
    """Accent rule, title, edition (boxed, top right), fiscal year; then the date (A4, where the sample notice
    gets a strip of its own below) or the sample notice (the slide, whose footer carries the date). Returns
    the y below."""
    page.ax.add_patch(Rectangle((left, top), right - left, style.title / 72 * 0.25, color=ACCENT, lw=0))
    y = top + style.title / 72 * 0.75
    edition_w = drawing.badge(page, right, y + style.title / 72 * 0.05, b.edition, style.subtitle * 0.86)
    y = page.paragraph(left, y, b.title, right - left - edition_w - 0.2, style.title, bold=True, leading=1.3)
    y += style.subtitle / 72 * 0.4
    page.text(left, y, b.subtitle, style.subtitle, color=MUTED)
    if not slide:
        page.text(right, y, b.generated, style.subtitle * 0.9, color=MUTED, ha="right")
    elif b.sample_note:
        room = right - left - page.width(b.subtitle, style.subtitle) - 0.4
        width = min(room, page.width(b.sample_note, style.note) + 0.25)
        drawing.sample_strip(page, right - width, y - style.note / 72 * 0.2, width, b.sample_note, style.note)
    return y + style.subtitle / 72 * 1.6


# ------------------------------------------------------------------------------------------------ A4 page


def _a4(b: Briefing) -> Figure:
    page = Page.new(PAGE_W, PAGE_H, PNG_DPI)
    right = PAGE_W - MARGIN
    y = _header(page, b, MARGIN, right, 0.38, A4, slide=False)
    if b.sample_note:
        y = drawing.sample_strip(page, MARGIN, y - 0.04, CONTENT_W, b.sample_note, A4.small) + 0.06
    page.rule(MARGIN, right, y)
    y = drawing.heading(page, MARGIN, y + 0.14, t("brief_section_kpis", b.lang), CONTENT_W, A4)
    drawing.cards(page, b, MARGIN, y, CONTENT_W, 1.62, A4)
    y += 1.62 + 0.22

    # from the footer up: notes, outliers, then the map and trends take what is left
    floor = FOOTER_Y - 0.22
    source_lines = None
    notes_h = drawing.notes_block(page, b, MARGIN, 0, CONTENT_W, A4, draw=False)
    outliers_h = drawing.outlier_list(page, b, MARGIN, 0, CONTENT_W, A4, draw=False)
    spare = floor - y - outliers_h - notes_h - 0.4 - MIDDLE_MIN
    if spare < 0:  # cut the sources paragraph (the sources screen lists them all), never the page's own notes
        lines = drawing.notes_block(page, b, MARGIN, 0, CONTENT_W, A4, draw=False) - drawing.notes_block(
            page, b, MARGIN, 0, CONTENT_W, A4, draw=False, source_lines=1
        )
        source_lines = max(1, round((lines + spare) / (A4.source / 72 * 1.4)) + 1)
        notes_h = drawing.notes_block(page, b, MARGIN, 0, CONTENT_W, A4, draw=False, source_lines=source_lines)
    middle_bottom = floor - notes_h - outliers_h - 0.4
    left_w = 4.4
    drawing.map_block(page, b, MARGIN, y, left_w, middle_bottom, A4)
    trends_left = MARGIN + left_w + 0.3
    _trends(page, b, trends_left, y, right - trends_left, middle_bottom, A4)
    y = drawing.outlier_list(page, b, MARGIN, middle_bottom + 0.2, CONTENT_W, A4) + 0.2
    drawing.notes_block(page, b, MARGIN, y, CONTENT_W, A4, source_lines=source_lines)
    drawing.footer(page, b, MARGIN, right, FOOTER_Y, A4.note, slide=False)
    return page.fig


def _trends(page: Page, b: Briefing, left: float, top: float, width: float, bottom: float, style: Style) -> None:
    """The three trend charts stacked, with the yellow-point legend under them when a year includes samples."""
    y = drawing.heading(page, left, top, t("brief_section_trends", b.lang), width, style)
    legend = drawing.sample_years_legend(b)
    legend_h = (len(page.wrap(t("brief_trend_sample_legend", b.lang), width, style.note)) * 1.4 + 0.4) * style.note / 72
    legend_h = legend_h if legend else 0.0
    block = (bottom - y - legend_h) / len(b.trends)
    for i, trend in enumerate(b.trends):
        drawing.trend_chart(page, trend, b, left, y + i * block, width, block, style)
    if legend:
        page.paragraph(
            left, bottom - legend_h + 0.06, t("brief_trend_sample_legend", b.lang), width, style.note, color=MUTED
        )


# -------------------------------------------------------------------------------------------------- slide


def _slide(b: Briefing) -> Figure:
    """16:9: title, edition and the sample notice across the top; the map down the left; on the right the
    headline cards, the trends side by side and the outlier list; the footer at the bottom."""
    page = Page.new(SLIDE_W, SLIDE_H, SLIDE_DPI)
    left, right = SLIDE_MARGIN, SLIDE_W - SLIDE_MARGIN
    top = _header(page, b, left, right, 0.3, SLIDE, slide=True) + 0.05
    footer_y = SLIDE_H - 0.32
    bottom = footer_y - 0.22

    map_w = 4.6
    drawing.map_block(page, b, left, top, map_w, bottom, SLIDE)
    x = left + map_w + 0.35
    side_w = right - x
    card_h = 1.8
    drawing.cards(page, b, x, top + 0.1, side_w, card_h, SLIDE)
    y = top + 0.1 + card_h + 0.2
    trends_top = y
    y = drawing.heading(page, x, y, t("brief_section_trends", b.lang), side_w, SLIDE)
    if drawing.sample_years_legend(b):
        page.text(right, trends_top + 0.04, t("brief_trend_sample_legend", b.lang), SLIDE.note, color=MUTED, ha="right")
    trends_bottom = y + 1.5
    gap = 0.3
    chart_w = (side_w - 2 * gap) / 3
    for i, trend in enumerate(b.trends):
        drawing.trend_chart(page, trend, b, x + i * (chart_w + gap), y, chart_w, trends_bottom - y, SLIDE)
    outliers_top = trends_bottom + 0.12
    # the list in the largest type that fits, naming fewer municipalities per line before going below 12 pt
    for size, names in ((14, None), (13, None), (12, None), (12, 5), (12, 3), (11, 3), (11, 2)):
        style = replace(SLIDE, body=size)
        if drawing.outlier_list(page, b, x, outliers_top, side_w, style, draw=False, names=names) <= bottom:
            break
    drawing.outlier_list(page, b, x, outliers_top, side_w, style, names=names)
    drawing.footer(page, b, left, right, footer_y, SLIDE.note, slide=True)
    return page.fig


# --------------------------------------------------------------------------------------------- the files


def _characters(value: object) -> set[str]:
    """Every character in the strings of a briefing (dataclasses, tuples; DataFrames hold no printed text
    but the trend and map values, which are digits)."""
    if isinstance(value, str):
        return set(value)
    if is_dataclass(value):
        return set().union(*(_characters(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, (tuple, list)):
        return set().union(set(), *(_characters(v) for v in value))
    return set()


FIXED_CHARACTERS = frozenset(
    "".join(text for lang in LANGUAGES for text in catalogue(lang).values())
    + "".join(name for name, _start, _offset in ERAS)  # year ticks in 和暦
    + "元年度0123456789"
)


def render(briefing: Briefing, font_path: str | Path | None = None) -> Rendered:
    """The A4 page (PDF and PNG, one figure saved twice) and the slide (PNG).

    ``font_path``: the DASHBOARD_CJK_FONT setting; raises :class:`BriefingFontError` (Japanese message) when
    no CJK font can be found.
    """
    family = page_family(str(font_path) if font_path else None, frozenset(_characters(briefing)) | FIXED_CHARACTERS)
    with matplotlib.rc_context(
        {
            "pdf.fonttype": 42,
            "font.family": [family, "DejaVu Sans"],
            "hatch.linewidth": 0.6,
            "svg.fonttype": "none",
            # text measured on the font's own advance widths, as the PDF viewer sets it
            "text.hinting": "no_hinting",
        }
    ):
        fig = _a4(briefing)
        pdf, png, slide = io.BytesIO(), io.BytesIO(), io.BytesIO()
        metadata = {
            "Title": briefing.title,
            "Subject": briefing.subtitle,
            "Creator": "地域支援体制 整備状況ダッシュボード",
        }
        fig.savefig(pdf, format="pdf", metadata=metadata)
        fig.savefig(png, format="png", dpi=PNG_DPI, pil_kwargs={"compress_level": 3})
        _slide(briefing).savefig(slide, format="png", dpi=SLIDE_DPI, pil_kwargs={"compress_level": 3})
    return Rendered(pdf.getvalue(), png.getvalue(), slide.getvalue())


UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]+')


def file_name(briefing: Briefing, suffix: str, *, slide: bool = False) -> str:
    """ブリーフィング_広島県_令和6年度_内部資料.pdf (…_広島県広島市_…, …_スライド.png): what the download is
    called, in the page's language, with area, fiscal year and edition, so a saved file says what it holds."""
    year = wareki_fiscal_year(briefing.fiscal_year) if briefing.lang == "ja" else f"FY{briefing.fiscal_year}"
    stem = t("brief_file_name", briefing.lang, area=briefing.area, fiscal_year=year, edition=briefing.edition_short)
    if slide:
        stem += "_" + t("brief_file_slide", briefing.lang)
    return UNSAFE_IN_FILE_NAMES.sub("_" if briefing.lang != "ja" else "", stem) + suffix

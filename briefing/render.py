"""Lay a :class:`briefing.content.Briefing` out on one A4 portrait page and save it as PDF and PNG.

matplotlib (Agg, no pyplot: no global figure state in a server) draws the whole page in inches from the
top-left corner, so blocks never overlap. Text is measured with the renderer to wrap lines (Japanese breaks
between any two characters, never before 、。）」). The CJK font is embedded as TrueType (``pdf.fonttype`` 42):
the PDF text stays searchable and copyable, and the file stays small.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

import matplotlib
from matplotlib import font_manager, ticker
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from briefing.content import Briefing, Kpi, Trend
from briefing.fonts import page_family
from core.domain import GRID, INK, MUTED, PALETTE, SAMPLE_FILL
from core.i18n import LANGUAGES, catalogue, t
from geo.static_map import legend_handles, status_map

PAGE_W, PAGE_H = 8.27, 11.69  # A4 portrait, inches
MARGIN = 0.5
CONTENT_W = PAGE_W - 2 * MARGIN
PNG_DPI = 150

ACCENT = PALETTE["blue"]
SAMPLE_BADGE = PALETTE["orange"]
CARD_FILL = "#f4f6f9"
CARD_EDGE = "#c5ced9"
NO_LINE_START = set("、。，．）」』】〕!?！？ー・：；,.)%")


# ------------------------------------------------------------------------------------------- text layout


@dataclass
class _Page:
    """The figure, a full-page axes in inches (y down) and a renderer to measure text."""

    fig: Figure
    ax: Axes
    renderer: RendererAgg
    _widths: dict = field(default_factory=dict)

    def width(self, s: str, size: float, bold: bool = False) -> float:
        """Width of ``s`` in inches (sum of the character advances; the CJK font has no kerning)."""
        return sum(self._char_width(c, size, bold) for c in s)

    def _char_width(self, c: str, size: float, bold: bool) -> float:
        key = (c, size, bold)
        if key not in self._widths:
            prop = font_manager.FontProperties(size=size, weight="bold" if bold else "normal")
            renderer = self.renderer
            # measured between two bars so that a space keeps its advance
            w, _h, _d = renderer.get_text_width_height_descent(f"|{c}|", prop, ismath=False)
            bars, _h, _d = renderer.get_text_width_height_descent("||", prop, ismath=False)
            self._widths[key] = (w - bars) / self.fig.dpi
        return self._widths[key]

    def wrap(self, s: str, width: float, size: float, bold: bool = False) -> list[str]:
        """Lines of ``s`` no wider than ``width`` inches, broken at a space or before 「（」 when one is in the
        last two thirds of the line, else between any two characters (never before 、。）」)."""
        tokens = re.findall(r"[A-Za-z0-9.,%+\-–−#/()'’:]+ ?| |.", s)
        lines, line = [], ""
        for token in tokens:
            candidate = line + token
            if not line or token[0] in NO_LINE_START or self.width(candidate.rstrip(), size, bold) <= width:
                line = candidate
                continue
            cut = max(line.rfind(" ") + 1, line.rfind("（"))
            if cut > len(line) / 3:
                lines.append(line[:cut].rstrip())
                line = line[cut:] + token
            else:
                lines.append(line.rstrip())
                line = token.lstrip()
        if line.strip():
            lines.append(line.rstrip())
        return lines

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float,
        *,
        bold: bool = False,
        color: str = INK,
        ha: str = "left",
        va: str = "top",
    ) -> None:
        self.ax.text(x, y, s, fontsize=size, fontweight="bold" if bold else "normal", color=color, ha=ha, va=va)

    def paragraph(
        self,
        x: float,
        y: float,
        s: str,
        width: float,
        size: float,
        *,
        bold: bool = False,
        color: str = INK,
        leading: float = 1.45,
        max_lines: int | None = None,
    ) -> float:
        """Draw wrapped text from ``y`` down; return the y below it."""
        lines = self.wrap(s, width, size, bold)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][:-1] + "…"
        step = size / 72 * leading
        for i, line in enumerate(lines):
            self.text(x, y + i * step, line, size, bold=bold, color=color)
        return y + len(lines) * step

    def axes(self, left: float, top: float, width: float, height: float) -> Axes:
        """A new axes at a rectangle given in inches from the top-left corner."""
        return self.fig.add_axes((left / PAGE_W, 1 - (top + height) / PAGE_H, width / PAGE_W, height / PAGE_H))


def _heading(page: _Page, x: float, y: float, s: str, width: float) -> float:
    page.ax.add_patch(Rectangle((x, y + 0.03), 0.07, 0.16, color=ACCENT, lw=0))
    bottom = page.paragraph(x + 0.13, y, s, width - 0.13, 11.5, bold=True)
    return bottom + 0.06


# ------------------------------------------------------------------------------------------------ blocks


def _header(page: _Page, b: Briefing) -> float:
    page.ax.add_patch(Rectangle((MARGIN, 0.38), CONTENT_W, 0.06, color=ACCENT, lw=0))
    edition_w = page.width(b.edition, 9.5, True) + 0.24
    y = page.paragraph(MARGIN, 0.56, b.title, CONTENT_W - edition_w - 0.15, 17, bold=True, leading=1.3)
    page.ax.add_patch(
        FancyBboxPatch(
            (PAGE_W - MARGIN - edition_w, 0.58),
            edition_w,
            0.26,
            boxstyle="round,pad=0,rounding_size=0.05",
            fc="#ffffff",
            ec=ACCENT,
            lw=1.2,
        )
    )
    page.text(PAGE_W - MARGIN - edition_w / 2, 0.71, b.edition, 9.5, bold=True, color=ACCENT, ha="center", va="center")
    y += 0.08
    page.text(MARGIN, y, b.subtitle, 11, color=MUTED)
    page.text(PAGE_W - MARGIN, y, b.generated, 10, color=MUTED, ha="right")
    y += 0.28
    if b.has_synthetic and b.show_synthetic:
        page.ax.add_patch(Rectangle((MARGIN, y - 0.02), CONTENT_W, 0.27, color=SAMPLE_FILL, lw=0))
        page.text(MARGIN + 0.1, y + 0.115, t("brief_note_synthetic", b.lang), 9, color="#5c4a00", va="center")
        y += 0.32
    page.ax.plot([MARGIN, PAGE_W - MARGIN], [y, y], color="#b0b8c4", lw=0.8)
    return y + 0.14


def _card(page: _Page, kpi: Kpi, left: float, top: float, width: float, height: float, lang: str) -> None:
    page.ax.add_patch(
        FancyBboxPatch(
            (left, top),
            width,
            height,
            boxstyle="round,pad=0,rounding_size=0.07",
            fc=SAMPLE_FILL if kpi.synthetic else CARD_FILL,
            ec=CARD_EDGE,
            lw=0.9,
        )
    )
    inner = width - 0.2
    x = left + 0.1
    if kpi.synthetic:  # a tab on the top edge, so the label keeps the full width
        badge = t("brief_sample_badge", lang)
        badge_w = page.width(badge, 9, True) + 0.16
        page.ax.add_patch(
            FancyBboxPatch(
                (left + width - badge_w - 0.08, top - 0.11),
                badge_w,
                0.22,
                boxstyle="round,pad=0,rounding_size=0.04",
                fc=SAMPLE_BADGE,
                ec="none",
            )
        )
        page.text(left + width - 0.08 - badge_w / 2, top, badge, 9, bold=True, ha="center", va="center")
    label_bottom = page.paragraph(x, top + 0.12, kpi.label, inner, 9.5, bold=True, leading=1.3, max_lines=2)
    size = 24 if page.width(kpi.value, 24, True) <= inner - 0.35 else 17
    baseline = max(label_bottom, top + 0.46) + size / 72 * 0.95
    page.text(x, baseline, kpi.value, size, bold=True, va="baseline")
    if kpi.unit:
        page.text(x + page.width(kpi.value, size, True) + 0.04, baseline, kpi.unit, 11, color=MUTED, va="baseline")
    y = baseline + 0.1
    if kpi.detail:
        y = page.paragraph(x, y, kpi.detail, inner, 9, color=MUTED, leading=1.3, max_lines=2)
    if kpi.change:
        colour = INK if kpi.direction is not None else MUTED
        page.paragraph(
            x,
            max(y + 0.02, top + height - 0.3),
            kpi.change,
            inner,
            9,
            bold=kpi.direction not in (None, 0),
            color=colour,
            leading=1.25,
            max_lines=2,
        )


def _kpis(page: _Page, b: Briefing, top: float) -> float:
    y = _heading(page, MARGIN, top, t("brief_section_kpis", b.lang), CONTENT_W)
    gap = 0.1
    width = (CONTENT_W - gap * (len(b.kpis) - 1)) / len(b.kpis)
    height = 1.62
    for i, kpi in enumerate(b.kpis):
        _card(page, kpi, MARGIN + i * (width + gap), y, width, height, b.lang)
    return y + height + 0.22


def _map(page: _Page, b: Briefing, top: float, width: float, bottom: float) -> None:
    y = _heading(page, MARGIN, top, b.map.title, width)
    notes = list(b.map.notes) + [c for c in [_credit_text(b)] if c]
    notes_h = sum(len(page.wrap(n, width, 9)) for n in notes) * 9 / 72 * 1.4
    ax = page.axes(MARGIN, y, width, 1.0)
    entries = status_map(ax, b.map.shapes, b.map.values, b.map.layer, lang=b.lang, highlight=b.map.highlight)
    legend_h = 0.23 * math.ceil(len(entries) / 2)
    map_h = bottom - y - legend_h - notes_h - 0.12
    ax.set_position((MARGIN / PAGE_W, 1 - (y + map_h) / PAGE_H, width / PAGE_W, map_h / PAGE_H))
    legend_ax = page.axes(MARGIN, y + map_h + 0.04, width, legend_h)
    legend_ax.set_axis_off()
    legend_ax.legend(
        handles=legend_handles(entries),
        loc="upper left",
        ncol=2,
        frameon=False,
        fontsize=9,
        handlelength=1.6,
        handleheight=1.0,
        columnspacing=1.2,
        borderaxespad=0,
        borderpad=0,
        labelspacing=0.4,
    )
    ny = y + map_h + legend_h + 0.1
    for note in notes:
        ny = page.paragraph(MARGIN, ny, note, width, 9, color=MUTED, leading=1.4)


def _credit_text(b: Briefing) -> str | None:
    """The boundary credit line (from the notes, where content put it)."""
    prefix = t("brief_note_boundary", b.lang, credit="")
    for note in b.notes:
        if note.startswith(prefix) and b.map.detailed:
            return note[len(prefix) :]
    return None


def _trend_chart(page: _Page, trend: Trend, b: Briefing, left: float, top: float, width: float, height: float) -> None:
    page.text(left, top, trend.title, 9.5, bold=True)
    ax = page.axes(left + 0.42, top + 0.24, width - 0.55, height - 0.5)
    if trend.suppressed_years:  # inside the plot's lower left, on white: never over a title or the next chart
        ax.text(
            0.02,
            0.04,
            t("brief_trend_suppressed", b.lang, years=", ".join(map(str, trend.suppressed_years))),
            transform=ax.transAxes,
            fontsize=8,
            color=MUTED,
            ha="left",
            va="bottom",
            zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )
    points = trend.points
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(MUTED)  # axes, grid, line and hollow samples as on the screen's charts
    ax.spines["bottom"].set_color(MUTED)
    ax.tick_params(labelsize=8.5, colors=MUTED, length=2)
    ax.grid(axis="y", color=GRID, lw=0.6)
    ax.set_axisbelow(True)
    if points.empty:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            t("brief_trend_none", b.lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            color=MUTED,
        )
        return
    years, values = points["fiscal_year"].to_numpy(), points["value"].to_numpy()
    ax.plot(years, values, color=ACCENT, lw=1.8, zorder=2)
    for sample in (False, True):
        part = points[points["synthetic"] == sample]
        ax.scatter(
            part["fiscal_year"],
            part["value"],
            s=26,
            zorder=3,
            linewidths=1.4,
            edgecolors=ACCENT,
            facecolors="#ffffff" if sample else ACCENT,
        )
    percent = trend.key in ("coverage", "closure")
    top_value = 100 if percent else max(values.max() * 1.25, 1)
    ax.set_ylim(0, top_value)
    if percent:
        ax.set_yticks([0, 50, 100])
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    span = list(range(int(years.min()), int(max(years.max(), b.fiscal_year)) + 1))
    step = 1 if len(span) <= 5 else 2
    ticks = span[::-1][::step][::-1]
    ax.set_xticks(ticks)
    ax.set_xticklabels([str(y) for y in ticks])
    ax.set_xlim(span[0] - 0.5, span[-1] + 0.5)
    last = points.iloc[-1]
    label = f"{last['value']:,.1f}%" if percent else f"{last['value']:,.0f}"
    ax.annotate(
        label,
        (last["fiscal_year"], last["value"]),
        xytext=(0, 6),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        color=INK,
    )


def _trends(page: _Page, b: Briefing, left: float, top: float, width: float, bottom: float) -> None:
    y = _heading(page, left, top, t("brief_section_trends", b.lang), width)
    legend = b.show_synthetic and any(t.points["synthetic"].any() for t in b.trends)
    legend_h = 0.3 if legend else 0.0
    block = (bottom - y - legend_h) / len(b.trends)
    for i, trend in enumerate(b.trends):
        _trend_chart(page, trend, b, left, y + i * block, width, block)
    if legend:
        page.paragraph(left, bottom - legend_h + 0.04, t("brief_trend_sample_legend", b.lang), width, 9, color=MUTED)


def _outliers(page: _Page, b: Briefing, top: float) -> float:
    y = _heading(page, MARGIN, top, t("brief_section_outliers", b.lang), CONTENT_W)
    lines = list(b.outlier_lines)
    for line in lines[:-1]:
        y = page.paragraph(MARGIN + 0.15, y, "・" + line, CONTENT_W - 0.15, 9.5, leading=1.4)
    return page.paragraph(MARGIN + 0.15, y + 0.02, lines[-1], CONTENT_W - 0.15, 9, color=MUTED, leading=1.4) + 0.16


def _notes(page: _Page, b: Briefing, top: float) -> float:
    y = _heading(page, MARGIN, top, t("brief_section_notes", b.lang), CONTENT_W)
    credit = _credit_text(b)
    for note in b.notes:
        if credit and note == t("brief_note_boundary", b.lang, credit=credit):
            continue  # printed under the map
        y = page.paragraph(MARGIN + 0.15, y, "・" + note, CONTENT_W - 0.15, 9, color=INK, leading=1.4)
    return y


def _footer(page: _Page, b: Briefing) -> None:
    y = PAGE_H - 0.42
    page.ax.plot([MARGIN, PAGE_W - MARGIN], [y - 0.06, y - 0.06], color="#b0b8c4", lw=0.6)
    page.text(MARGIN, y, t("brief_footer", b.lang, generated=b.generated), 9, color=MUTED)
    page.text(PAGE_W - MARGIN, y, f"{b.prefecture_code}-{b.fiscal_year}", 9, color=MUTED, ha="right")


# -------------------------------------------------------------------------------------------------- page


def _figure(b: Briefing) -> Figure:
    # no Agg canvas on the figure while drawing: geopandas asks for a redraw after each layer, which is
    # a no-op on the base canvas; text is measured on a separate renderer
    fig = Figure(figsize=(PAGE_W, PAGE_H), dpi=PNG_DPI, facecolor="#ffffff")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, PAGE_W)
    ax.set_ylim(PAGE_H, 0)
    ax.set_axis_off()
    page = _Page(fig, ax, RendererAgg(1, 1, PNG_DPI))
    y = _header(page, b)
    y = _kpis(page, b, y)
    middle_bottom = y + 3.95
    left_w = 4.4
    _map(page, b, y, left_w, middle_bottom)
    _trends(page, b, MARGIN + left_w + 0.3, y, CONTENT_W - left_w - 0.3, middle_bottom)
    y = _outliers(page, b, middle_bottom + 0.2)
    _notes(page, b, y)
    _footer(page, b)
    return fig


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


FIXED_CHARACTERS = frozenset("".join(text for lang in LANGUAGES for text in catalogue(lang).values()) + "0123456789")


def render(briefing: Briefing, font_path: str | Path | None = None) -> tuple[bytes, bytes]:
    """(PDF bytes, PNG bytes) of the page; the figure is drawn once and saved twice.

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
        fig = _figure(briefing)
        pdf, png = io.BytesIO(), io.BytesIO()
        metadata = {
            "Title": briefing.title,
            "Subject": briefing.subtitle,
            "Creator": "地域支援体制 整備状況ダッシュボード",
        }
        fig.savefig(pdf, format="pdf", metadata=metadata)
        fig.savefig(png, format="png", dpi=PNG_DPI, pil_kwargs={"compress_level": 3})
    return pdf.getvalue(), png.getvalue()


def file_stem(briefing: Briefing) -> str:
    """briefing_09_2024 (prefecture) or briefing_092011_2024 (municipality): the download file name."""
    area = briefing.municipality_code or briefing.prefecture_code
    return f"briefing_{area}_{briefing.fiscal_year}"

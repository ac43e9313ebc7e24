"""The blocks a briefing is made of (headline cards, the map with its outlier marks, trend charts, the outlier
list, notes), drawn with matplotlib on a page measured in inches from the top-left corner.

The A4 page and the 16:9 slide (briefing.render) place the same blocks at their own sizes (:class:`Style`), so
both say the same thing the same way. Text is measured with the renderer to wrap lines (Japanese breaks between
any two characters, never before 、。）」) and to shrink a headline figure until it fits its card.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib import font_manager, ticker
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.path import Path as MarkerPath

from briefing.content import Briefing, Kpi, OutlierGroup, Trend
from core.domain import ERAS, GRID, INK, MUTED, PALETTE, SAMPLE_FILL, wareki_fiscal_year
from core.i18n import t
from geo.static_map import legend_handles, status_map

ACCENT = PALETTE["blue"]
SAMPLE_MARK = PALETTE["yellow"]  # a sample's tag and trend point: yellow means サンプル and nothing else
SAMPLE_INK = "#5c4a00"  # text on yellow, as in the screen's tables
CARD_FILL = "#f4f6f9"
CARD_EDGE = "#c5ced9"
RULE = "#b0b8c4"
NO_LINE_START = set("、。，．）」』】〕!?！？ー・：；,.)%")
_ADVANCES: dict[tuple[tuple[str, ...], str, bool], float] = {}

# ↑ and ↓ as marker outlines (no font glyph: the PDF embeds the Japanese font only)
_ARROW = [(0, 1), (0.62, 0.25), (0.2, 0.25), (0.2, -1), (-0.2, -1), (-0.2, 0.25), (-0.62, 0.25), (0, 1)]
ARROWS = {
    "above": MarkerPath(_ARROW, closed=True),
    "below": MarkerPath([(x, -y) for x, y in _ARROW], closed=True),
}


@dataclass(frozen=True)
class Style:
    """Type sizes (points) and spacing (inches) of one layout."""

    title: float
    subtitle: float
    heading: float
    card_label: float
    card_value: float
    card_unit: float
    small: float
    body: float
    note: float
    source: float
    tick: float
    legend: float
    marker: float
    heading_gap: float
    detail_lines: int  # what a headline figure counts, in at most this many lines


# ------------------------------------------------------------------------------------------- text layout


@dataclass
class Page:
    """A figure ``width`` × ``height`` inches, a full-page axes in inches (y down) and a renderer to measure text."""

    fig: Figure
    ax: Axes
    renderer: RendererAgg
    width_in: float
    height_in: float

    @classmethod
    def new(cls, width: float, height: float, dpi: int) -> Page:
        # no Agg canvas on the figure while drawing: geopandas asks for a redraw after each layer, which is
        # a no-op on the base canvas; text is measured on a separate renderer
        fig = Figure(figsize=(width, height), dpi=dpi, facecolor="#ffffff")
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        return cls(fig, ax, RendererAgg(1, 1, dpi), width, height)

    def width(self, s: str, size: float, bold: bool = False) -> float:
        """Width of ``s`` in inches (sum of the character advances; the CJK font has no kerning)."""
        family = tuple(matplotlib.rcParams["font.family"])
        return sum(self._advance(family, c, bold) for c in s) * size

    def _advance(self, family: tuple[str, ...], c: str, bold: bool) -> float:
        """A character's advance in inches per point of type size: measured once per font at 100 pt (text is not
        hinted, so advances scale with the size), shared by the A4 page and the slide."""
        key = (family, c, bold)
        if key not in _ADVANCES:
            if len(_ADVANCES) > 100_000:  # a long-running server meets many pages' fonts
                _ADVANCES.clear()
            prop = font_manager.FontProperties(size=100, weight="bold" if bold else "normal")
            measure = self.renderer.get_text_width_height_descent
            # measured between two bars so that a space keeps its advance
            bars_key = (family, "||", bold)
            if bars_key not in _ADVANCES:
                _ADVANCES[bars_key] = measure("||", prop, ismath=False)[0]
            w, _h, _d = measure(f"|{c}|", prop, ismath=False)
            _ADVANCES[key] = (w - _ADVANCES[bars_key]) / self.fig.dpi / 100
        return _ADVANCES[key]

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
        draw: bool = True,
    ) -> float:
        """Draw wrapped text from ``y`` down (or only measure it, ``draw=False``); return the y below it."""
        lines = self.wrap(s, width, size, bold)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][:-1] + "…"
        step = size / 72 * leading
        if draw:
            for i, line in enumerate(lines):
                self.text(x, y + i * step, line, size, bold=bold, color=color)
        return y + len(lines) * step

    def axes(self, left: float, top: float, width: float, height: float) -> Axes:
        """A new axes at a rectangle given in inches from the top-left corner."""
        return self.fig.add_axes(self.rect(left, top, width, height))

    def rect(self, left: float, top: float, width: float, height: float) -> tuple[float, float, float, float]:
        """A rectangle in inches from the top-left corner, in figure fractions."""
        w, h = self.width_in, self.height_in
        return (left / w, 1 - (top + height) / h, width / w, height / h)

    def rule(self, x0: float, x1: float, y: float, lw: float = 0.8) -> None:
        self.ax.plot([x0, x1], [y, y], color=RULE, lw=lw)


def heading(page: Page, x: float, y: float, s: str, width: float, style: Style, *, draw: bool = True) -> float:
    """A section heading with the accent mark; returns the y where the section's content starts."""
    size = style.heading
    if draw:
        page.ax.add_patch(Rectangle((x, y + size / 72 * 0.2), size / 72 * 0.45, size / 72, color=ACCENT, lw=0))
    bottom = page.paragraph(x + size / 72 * 0.8, y, s, width - size / 72 * 0.8, size, bold=True, draw=draw)
    return bottom + style.heading_gap


def badge(page: Page, right: float, top: float, s: str, size: float, *, colour: str = ACCENT) -> float:
    """The edition, boxed at the top right (``right`` is its right edge); returns its width."""
    width = page.width(s, size, True) + size / 72 * 1.6
    height = size / 72 * 1.9
    page.ax.add_patch(
        FancyBboxPatch(
            (right - width, top),
            width,
            height,
            boxstyle=f"round,pad=0,rounding_size={height / 5:.3f}",
            fc="#ffffff",
            ec=colour,
            lw=1.2,
        )
    )
    page.text(right - width / 2, top + height / 2, s, size, bold=True, color=colour, ha="center", va="center")
    return width


def sample_strip(page: Page, x: float, y: float, width: float, s: str, size: float) -> float:
    """The sample notice on yellow across ``width``; returns the y below it."""
    lines = page.wrap(s, width - 0.2, size)
    height = len(lines) * size / 72 * 1.4 + size / 72 * 0.9
    page.ax.add_patch(Rectangle((x, y), width, height, color=SAMPLE_FILL, lw=0))
    page.paragraph(x + 0.1, y + size / 72 * 0.45, s, width - 0.2, size, color=SAMPLE_INK, leading=1.4)
    return y + height


# ------------------------------------------------------------------------------------------------ cards


def card(page: Page, kpi: Kpi, left: float, top: float, width: float, height: float, style: Style, lang: str) -> None:
    """A headline figure: label, value (shrunk until it fits), unit, what it counts, change from last year.
    A value that includes samples is on yellow with a サンプル tag (yellow means サンプル on every block)."""
    page.ax.add_patch(
        FancyBboxPatch(
            (left, top),
            width,
            height,
            boxstyle=f"round,pad=0,rounding_size={min(0.07, width / 20):.3f}",
            fc=SAMPLE_FILL if kpi.synthetic else CARD_FILL,
            ec=CARD_EDGE,
            lw=0.9,
        )
    )
    pad = width * 0.07
    inner = width - 2 * pad
    x = left + pad
    if kpi.synthetic:  # a tab on the top edge, so the label keeps the full width
        tag = t("brief_sample_badge", lang)
        tag_size = style.small
        tag_w, tag_h = page.width(tag, tag_size, True) + tag_size / 72 * 1.2, tag_size / 72 * 1.75
        page.ax.add_patch(
            FancyBboxPatch(
                (left + width - tag_w - pad, top - tag_h / 2),
                tag_w,
                tag_h,
                boxstyle="round,pad=0,rounding_size=0.03",
                fc=SAMPLE_MARK,
                ec=SAMPLE_INK,
                lw=0.6,
            )
        )
        page.text(
            left + width - pad - tag_w / 2, top, tag, tag_size, bold=True, color=SAMPLE_INK, ha="center", va="center"
        )
    label_bottom = page.paragraph(
        x, top + style.small / 72 * 1.1, kpi.label, inner, style.card_label, bold=True, leading=1.25, max_lines=2
    )
    unit, below = kpi.unit.strip(), ""
    unit_w = page.width(" " + unit, style.card_unit) if unit else 0.0
    if unit_w > inner * 0.3 and page.width(kpi.value, style.card_value * 0.8, True) + unit_w > inner:
        # a long unit (件/1万人) beside the value would shrink it: it gets the line under the value instead
        unit, unit_w, below = "", 0.0, unit
    line_h = style.small / 72 * 1.25
    change_lines = min(2, len(page.wrap(kpi.change, inner, style.small, True))) if kpi.change else 0
    change_top = top + height - pad * 0.6 - change_lines * line_h
    value_top = max(label_bottom, top + style.card_label / 72 * 2.6)
    size = style.card_value
    while size > style.card_value * 0.45 and (
        page.width(kpi.value, size, True) + unit_w > inner  # wider than the card
        or value_top + size / 72 * 0.95 + style.small / 72 * 0.7 + (line_h if below else 0) > change_top  # too tall
    ):
        size *= 0.92
    baseline = value_top + size / 72 * 0.95
    page.text(x, baseline, kpi.value, size, bold=True, va="baseline")
    if unit:
        page.text(
            x + page.width(kpi.value, size, True) + 0.04, baseline, unit, style.card_unit, color=MUTED, va="baseline"
        )
    y = baseline + style.small / 72 * 0.7
    if below:  # the unit is never left out
        y = page.paragraph(x, y, below, inner, style.small, color=MUTED, leading=1.25, max_lines=1)
    room = min(style.detail_lines - (1 if below else 0), int((change_top - y) / line_h + 0.05))
    if kpi.detail and len(page.wrap(kpi.detail, inner, style.small)) <= room:  # what it counts: whole or not at all
        y = page.paragraph(x, y, kpi.detail, inner, style.small, color=MUTED, leading=1.25)
    if kpi.change:
        page.paragraph(
            x,
            max(y + 0.02, change_top),
            kpi.change,
            inner,
            style.small,
            bold=kpi.direction not in (None, 0),
            color=INK if kpi.direction is not None else MUTED,
            leading=1.25,
            max_lines=2,
        )


def cards(page: Page, b: Briefing, left: float, top: float, width: float, height: float, style: Style) -> None:
    gap = width * 0.014
    card_w = (width - gap * (len(b.kpis) - 1)) / len(b.kpis)
    for i, kpi in enumerate(b.kpis):
        card(page, kpi, left + i * (card_w + gap), top, card_w, height, style, b.lang)


# -------------------------------------------------------------------------------------------------- map


def _mark_handle(side: str, style: Style) -> tuple[Line2D, Line2D]:
    disc = Line2D([], [], marker="o", markersize=style.marker, mfc="#ffffff", mec=INK, mew=0.9, ls="None")
    arrow = Line2D([], [], marker=ARROWS[side], markersize=style.marker * 0.62, mfc=INK, mec=INK, mew=0, ls="None")
    return disc, arrow


def map_block(page: Page, b: Briefing, left: float, top: float, width: float, bottom: float, style: Style) -> None:
    """The map with its legends (classes and samples; the outlier marks under their own title) and notes under
    it, filling down to ``bottom``. A municipality of the outlier list carries ↑ or ↓ in a white disc at a point
    inside it (both, side by side, when it is above on one indicator and below on the other)."""
    y = heading(page, left, top, b.map.title, width, style)
    notes = [*b.map.notes, b.map.credit]
    notes_h = sum(len(page.wrap(n, width, style.note)) for n in notes) * style.note / 72 * 1.35
    ax = page.axes(left, y, width, 1.0)
    entries = status_map(ax, b.map.shapes, b.map.values, b.map.layer, lang=b.lang, highlight=b.map.highlight)
    # (handles, labels, title) of each legend under the map; a mark's handle is its disc and arrow drawn as one
    legends: list[tuple[Sequence[Artist | tuple[Artist, ...]], list[str], str | None]] = [
        (legend_handles(entries), [e.label for e in entries], None)
    ]
    marks, shapes = b.map.marks, b.map.shapes.set_index("code")
    mark_handles, mark_labels = [], []
    for side in ("above", "below"):
        codes = [c for c in marks.loc[marks["side"] == side, "code"] if c in shapes.index]
        if not codes:
            continue
        both = set(marks.loc[marks["side"] != side, "code"])
        points = shapes.loc[codes].geometry.representative_point()
        shift = (ax.get_xlim()[1] - ax.get_xlim()[0]) * 0.02 * (1 if side == "above" else -1)
        xs = [x + (shift if c in both else 0) for c, x in zip(points.index, points.x, strict=True)]
        disc, arrow = _mark_handle(side, style)
        ax.plot(xs, points.y, **_marker_style(disc), zorder=6)
        ax.plot(xs, points.y, **_marker_style(arrow), zorder=7)
        mark_handles.append((disc, arrow))
        mark_labels.append(t(f"brief_map_outlier_{side}", b.lang, count=len(codes)))
    if mark_handles:
        legends.append((mark_handles, mark_labels, t("brief_map_outlier_title", b.lang)))
    row_h = style.legend / 72 * 1.7
    layout = []
    for handles, labels, title in legends:
        columns = _legend_columns(page, labels, width, style.legend)
        rows = math.ceil(len(labels) / columns) + (1 if title else 0)
        layout.append((handles, labels, title, columns, rows * row_h))
    legend_h = sum(h for *_rest, h in layout)
    map_h = max(bottom - y - legend_h - notes_h - 0.1, 0.5)
    ax.set_position(page.rect(left, y, width, map_h))
    ly = y + map_h + 0.04
    for handles, labels, title, columns, height in layout:
        legend_ax = page.axes(left, ly, width, height)
        legend_ax.set_axis_off()
        legend = legend_ax.legend(
            handles=handles,
            labels=labels,
            title=title,
            title_fontsize=style.legend,
            alignment="left",
            handler_map={tuple: HandlerTuple(ndivide=1, pad=0)},
            loc="upper left",
            ncol=columns,
            frameon=False,
            fontsize=style.legend,
            handlelength=1.6,
            handleheight=1.0,
            columnspacing=1.2,
            borderaxespad=0,
            borderpad=0,
            labelspacing=0.4,
        )
        if title:
            legend.get_title().set_color(INK)
        ly += height
    ny = ly + 0.04
    for note in notes:
        ny = page.paragraph(left, ny, note, width, style.note, color=MUTED, leading=1.35)


def _legend_columns(page: Page, labels: list[str], width: float, size: float) -> int:
    """The most columns (up to 3) whose labels fit side by side in ``width``; matplotlib fills a legend
    column by column, so each column is as wide as its widest label plus the handle and the spacing."""
    em = size / 72
    for columns in (3, 2):
        rows = math.ceil(len(labels) / columns)
        groups = [labels[i : i + rows] for i in range(0, len(labels), rows)]
        needed = sum(max(page.width(label, size) for label in group) + em * 2.4 for group in groups)
        if len(groups) == columns and needed + em * 1.2 * (columns - 1) <= width:
            return columns
    return 1


def _marker_style(line: Line2D) -> dict:
    return {
        "marker": line.get_marker(),
        "markersize": line.get_markersize(),
        "mfc": line.get_markerfacecolor(),
        "mec": line.get_markeredgecolor(),
        "mew": line.get_markeredgewidth(),
        "ls": "None",
    }


# ----------------------------------------------------------------------------------------------- trends


def year_ticks(years: list[int], lang: str) -> list[str]:
    """Tick labels of fiscal years: 和暦 in Japanese, the era written on its first tick only (平成28, 30, 令和2,
    4), as the page's header writes the year 和暦 first; western years in English."""
    if lang != "ja":
        return [str(y) for y in years]
    labels, era = [], None
    for year in years:
        text = wareki_fiscal_year(year).removesuffix("年度")
        name = next((n for n, _start, _offset in ERAS if text.startswith(n)), None)
        labels.append(text if name is None or name != era else text.removeprefix(name))
        era = name
    return labels


def years_text(years: tuple[int, ...], lang: str) -> str:
    """令和2・3年度 / FY2020, 2021: the years a trend hides."""
    if lang != "ja":
        return "FY" + ", ".join(str(y) for y in years)
    return "・".join(year_ticks(list(years), lang)) + "年度"


def trend_span(b: Briefing) -> list[int]:
    """The fiscal years every trend chart spans (one x axis for all three, up to the briefing's year)."""
    starts = [int(tr.points["fiscal_year"].min()) for tr in b.trends if not tr.points.empty]
    starts += [min(tr.suppressed_years) for tr in b.trends if tr.suppressed_years]
    return list(range(min(starts, default=b.fiscal_year), b.fiscal_year + 1))


def trend_chart(
    page: Page, trend: Trend, b: Briefing, left: float, top: float, width: float, height: float, style: Style
) -> None:
    """One indicator by fiscal year: the line, a yellow point where the year includes samples, the last value."""
    page.text(left, top, trend.title, style.card_label, bold=True)
    tick_w = page.width("10,000", style.tick) + 0.08
    title_h = style.card_label / 72 * 1.5
    ax = page.axes(left + tick_w, top + title_h, width - tick_w - 0.12, height - title_h - style.tick / 72 * 2.4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(MUTED)  # axes, grid, line as on the screen's charts
    ax.spines["bottom"].set_color(MUTED)
    ax.tick_params(labelsize=style.tick, colors=MUTED, length=2)
    ax.grid(axis="y", color=GRID, lw=0.6)
    ax.set_axisbelow(True)
    span = trend_span(b)
    year_w = ax.get_position().width * page.width_in / len(span)
    for step in range(1, len(span) + 1):  # every year, else every 2nd, 3rd … counted back from the latest
        ticks = span[::-1][::step][::-1]
        labels = year_ticks(ticks, b.lang)
        widths = [page.width(s, style.tick) for s in labels]
        if all((w0 + w1) / 2 + style.tick / 72 <= year_w * step for w0, w1 in zip(widths, widths[1:], strict=False)):
            break
    ax.set_xlim(span[0] - 0.5, span[-1] + 0.5)
    ax.set_xticks(ticks)
    ax.set_xticklabels(labels)
    points = trend.points
    hidden = t("brief_trend_suppressed", b.lang, years=years_text(trend.suppressed_years, b.lang))
    if points.empty:
        ax.set_yticks([])
        room = ax.get_position().width * page.width_in * 0.95
        lines = page.wrap(t("brief_trend_none", b.lang), room, style.tick)
        if trend.suppressed_years:
            lines += page.wrap(hidden, room, style.tick)
        ax.text(0.5, 0.5, "\n".join(lines), transform=ax.transAxes, ha="center", va="center", fontsize=style.tick)
        return
    if trend.suppressed_years:  # inside the plot's lower left, on white: never over a title or the next chart
        ax.text(
            0.02,
            0.04,
            hidden,
            transform=ax.transAxes,
            fontsize=style.tick * 0.95,
            color=MUTED,
            ha="left",
            va="bottom",
            zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )
    years, values = points["fiscal_year"].to_numpy(), points["value"].to_numpy()
    runs = np.split(np.arange(len(years)), np.flatnonzero(np.diff(years) != 1) + 1)
    for run in runs:  # no line across a year without a value or hidden (＊): it would invent one
        ax.plot(years[run], values[run], color=ACCENT, lw=1.8, zorder=2)
    for sample in (False, True):
        part = points[points["synthetic"] == sample]
        ax.scatter(
            part["fiscal_year"],
            part["value"],
            s=(style.marker * 0.55) ** 2,
            zorder=3,
            linewidths=1.2,
            edgecolors=ACCENT,
            facecolors=SAMPLE_MARK if sample else ACCENT,
        )
    percent = trend.key in ("coverage", "closure")
    top = 120 if percent else max(values.max() * 1.3, 1)  # room above for the last value's label
    ax.set_ylim(0, top)
    if percent:
        ax.set_yticks([0, 50, 100])
        ax.spines["left"].set_bounds(0, 100)
    else:
        ax.yaxis.set_major_locator(ticker.MaxNLocator(3, integer=True))
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    last = points.iloc[-1]
    label = f"{last['value']:,.1f}%" if percent else f"{last['value']:,.0f}"
    high = last["value"] > top * 0.8  # near the top (100%): under the line, clear of the chart's title
    ax.annotate(
        label,
        (last["fiscal_year"], last["value"]),
        xytext=(0, -6 if high else 5),
        textcoords="offset points",
        ha="right" if last["fiscal_year"] == span[-1] and len(span) > 1 else "center",
        va="top" if high else "bottom",
        fontsize=style.tick * 1.05,
        fontweight="bold",
        color=INK,
    )


def sample_years_legend(b: Briefing) -> bool:
    return b.show_synthetic and any(tr.points["synthetic"].any() for tr in b.trends)


# --------------------------------------------------------------------------------------------- outliers


def _group_text(group: OutlierGroup, lang: str, names: int | None) -> str:
    entries = group.entries[:names]
    more = group.more + len(group.entries) - len(entries)
    joined = ("、" if lang == "ja" else ", ").join(entries)
    if more:
        joined += ("　" if lang == "ja" else "; ") + t("brief_outlier_more", lang, count=more)
    return joined


def outlier_list(
    page: Page,
    b: Briefing,
    left: float,
    top: float,
    width: float,
    style: Style,
    *,
    draw: bool = True,
    names: int | None = None,
) -> float:
    """The outlier list under its heading: per indicator and side, a bold line then the municipalities with
    their values (the first ``names`` of them; the rest counted, and marked on the map); or why there is none.
    Returns the y below it (``draw=False`` only measures)."""
    y = heading(page, left, top, t("brief_section_outliers", b.lang), width, style, draw=draw)
    indent = style.body / 72
    if b.outlier_empty:
        return page.paragraph(left + indent, y, b.outlier_empty, width - indent, style.body, draw=draw)
    for group in b.outlier_groups:
        y = page.paragraph(left + indent, y, group.heading, width - indent, style.body, bold=True, draw=draw)
        y = page.paragraph(
            left + 2 * indent,
            y,
            _group_text(group, b.lang, names),
            width - 2 * indent,
            style.body,
            leading=1.4,
            draw=draw,
        )
        y += style.body / 72 * 0.3
    return y


# ------------------------------------------------------------------------------------------------ notes


def notes_block(
    page: Page,
    b: Briefing,
    left: float,
    top: float,
    width: float,
    style: Style,
    *,
    draw: bool = True,
    source_lines: int | None = None,
) -> float:
    """「データについて」: the notes as a list, then the sources in one paragraph (at most ``source_lines``
    lines). Returns the y below it (``draw=False`` only measures)."""
    y = heading(page, left, top, t("brief_section_notes", b.lang), width, style, draw=draw)
    indent = style.note / 72
    for note in b.notes:
        y = page.paragraph(
            left + indent, y, t("list_bullet", b.lang) + note, width - indent, style.note, leading=1.4, draw=draw
        )
    joiner = t("brief_sources_joiner", b.lang)
    sources = t("brief_sources_line", b.lang, sources=joiner.join(s.rstrip("。.") for s in b.sources))
    return page.paragraph(
        left + indent,
        y + style.note / 72 * 0.3,
        sources,
        width - indent,
        style.source,
        color=MUTED,
        leading=1.4,
        max_lines=source_lines,
        draw=draw,
    )


def footer(page: Page, b: Briefing, left: float, right: float, y: float, size: float, *, slide: bool) -> None:
    """Prefecture, fiscal year and edition on the left; date made and page on the right. The slide has no page
    number and says where the full sources and notes are."""
    page.rule(left, right, y - size / 72 * 0.6, lw=0.6)
    text = t("brief_footer_slide", b.lang, footer=b.footer) if slide else b.footer
    page.text(left, y, text, size, color=MUTED)
    date = b.generated if slide else t("brief_footer_page", b.lang, generated=b.generated, page=1, pages=1)
    page.text(right, y, date, size, color=MUTED, ha="right")

"""One look for every chart: its layout (LOOK), a title and notes that travel with an exported image, the mode bar.

A chart pasted into a council paper must explain itself, so the figure itself carries its title, the area and
fiscal year (subtitle), the sources of what it draws and notes such as how many suppressed values it leaves out
(under the plot); the PNG the mode bar saves is that figure, named after title, area and year. Plotly does not wrap
text, so titles and notes are broken into lines that fit a phone's width. The legend sits under the title with its
top edge fixed in pixels: plotly then grows the top margin by the legend's height, whether it takes one row on a
desktop or four on a phone.

Colours and the font stack come from core.domain, words from the catalogue (the mode bar's words too: they are
given to plotly.js as its locale). Samples (synthetic data) are hollow points, dashed lines and hatched bars.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import SupportsFloat, SupportsIndex

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from core.domain import FONT_FAMILY, GRID, INK, MUTED, PALETTE, SERIES_COLOURS, format_number
from core.i18n import t

TITLE_SIZE, SUBTITLE_SIZE, FONT_SIZE, NOTE_SIZE = 16, 12, 13, 11
LINE_HEIGHT = 1.4  # × the font size
TITLE_WIDTH = 21  # full-width characters per title line: a 390-px phone's plot width at 16 px
NOTE_WIDTH = 29  # full-width characters per note line at 11 px
AXIS_BLOCK = 46  # px under the plot area: tick labels, the axis title and a gap, above the notes
MODE_BAR = 30  # px above the title: the mode bar's row (on a phone it would cover the title)
AXIS_LEFT = 64  # px left of the plot for a numeric y axis: its labels and title
PHONE_WIDTH = 330  # px a legend row has on a 390-px phone
PHONE_PLOT_WIDTH = 280  # px of a chart's plot area on a 390-px phone (between the axis labels and the right margin)
LEGEND_SIZE, LEGEND_SYMBOL, LEGEND_ROW = 12, 46, 24  # legend font, symbol and gap, row height (px)
LEGEND_DRAWN_ROW = 29  # px a legend row takes as plotly.js draws it (12-px text, its padding)
AUTOMARGIN_PAD = 12  # px plotly.js adds around what an axis's automargin pushes (the least of the margins, ≤ 12)
EXPORT_WIDTH = 960  # px of a saved image (× 2 for print), whatever the screen it was saved from
GREY = PALETTE["grey"]
WHITE = "#ffffff"
SAMPLE_DASH = "dash"
SAMPLE_HATCH = "/"

_AXIS = dict(
    showline=True,
    linecolor=MUTED,
    ticks="outside",
    tickcolor=MUTED,
    ticklen=4,
    tickfont=dict(color=MUTED, size=12),
    gridcolor=GRID,
    zeroline=False,
    automargin=True,
    title=dict(standoff=8, font=dict(size=12, color=INK)),
)
# The look every figure's layout starts from, under its own values (`figure`). Written into each layout rather than
# given as a plotly template: Streamlit hands plotly.js a copy of the figure right after drawing it, and plotly.js
# draws a whole chart again when its template is another object than before (see `figure`).
LOOK = dict(
    font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=INK),
    colorway=list(SERIES_COLOURS),
    paper_bgcolor=WHITE,
    plot_bgcolor=WHITE,
    separators=".,",
    hovermode="closest",
    hoverlabel=dict(bgcolor=WHITE, bordercolor=MUTED, align="left", font=dict(family=FONT_FAMILY, size=12, color=INK)),
    title=dict(
        x=0,
        xref="container",
        xanchor="left",
        y=1,
        yref="container",
        yanchor="top",
        pad=dict(l=8, t=MODE_BAR),
        font=dict(size=TITLE_SIZE, color=INK),
        subtitle=dict(font=dict(size=SUBTITLE_SIZE, color=MUTED)),
    ),
    legend=dict(
        orientation="h",
        x=0,
        xref="container",
        xanchor="left",
        yref="container",
        yanchor="top",
        font=dict(size=12),
        itemsizing="constant",
        indentation=4,
    ),
    xaxis=_AXIS,
    yaxis=_AXIS,
)

# plotly.js's own words (the keys of its locale dictionary) -> catalogue keys
PLOTLY_WORDS = {
    "Download plot as a PNG": "plotly_download",
    "Preparing image - this may take a few seconds": "plotly_preparing",
    "Image download succeeded": "plotly_downloaded",
    "Sorry, there was a problem downloading your image!": "plotly_download_failed",
    "Zoom": "plotly_zoom",
    "Pan": "plotly_pan",
    "Zoom in": "plotly_zoom_in",
    "Zoom out": "plotly_zoom_out",
    "Reset axes": "plotly_reset",
    "Autoscale": "plotly_autoscale",
    "Box Select": "plotly_box",
    "Lasso Select": "plotly_lasso",
    "Double-click to zoom back out": "plotly_double_click",
    "Double-click on legend to isolate one trace": "plotly_legend_double_click",
}
# the mode bar per kind of chart: what officials use, nothing else (no plotly logo, no cloud, no JSON)
TOOLS = {
    "image": ["toImage"],
    "zoom": ["toImage", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "resetScale2d"],
    "select": ["toImage", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "resetScale2d", "select2d", "lasso2d"],
}
_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\s_]+')  # not allowed in a Windows file name, spaces: one "_"


@dataclass(frozen=True)
class Heading:
    """What makes a chart explain itself once pasted into a report: its title, the area and period (the subtitle
    and the saved image's file name), the sources of what it draws, notes (what it leaves out)."""

    title: str
    area: str
    period: str
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def subtitle(self, lang: str) -> str:
        return t("charts_subtitle", lang, area=self.area, period=self.period)

    @property
    def file_stem(self) -> str:
        """「終結率のファンネルプロット_栃木県_令和2年度（2020年度）」: what a saved image is called."""
        return _FILE_UNSAFE.sub("_", "_".join(p for p in (self.title, self.area, self.period) if p)).strip("_")


def figure(
    heading: Heading,
    lang: str,
    *,
    height: int,
    description: str,
    tools: str,
    traces: Iterable[go.BaseTraceType] = (),
    axis_block: int = AXIS_BLOCK,
    left: int = AXIS_LEFT,
    legend_title: str = "",
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    annotations: Sequence[dict] = (),
    **layout: object,
) -> go.Figure:
    """A figure with the app's look (LOOK), `heading` as title and subtitle, the legend under them, and the sources
    and notes under the plot. `tools`: a key of TOOLS. `description` is the chart's text for screen readers.

    `height` is the plot's own: the figure adds the title, the notes and the legend as a phone would wrap it (on a
    wider screen the plot gets the rows the legend does not need; plotly would otherwise squeeze it). `left`: the
    width of the y axis's labels, where the notes begin. `xaxis`, `yaxis`, `annotations` (after the notes) and
    `layout`: the chart's own layout.

    The figure is made in one go from the whole layout: each later `update_layout` or `update_xaxes` costs plotly
    a walk through its property paths, a few milliseconds per chart.

    Drawn once, not twice: Streamlit gives plotly.js a deep copy of the figure (its theme pass) right after the first
    drawing, and plotly.js draws the whole chart again (every point) when it finds an attribute changed. It compares
    a data array by identity, unless the layout has a `datarevision` (then only that is compared): the figure has
    one, and its data arrays are lists (`plain`), since plotly.py's typed arrays are decoded anew each time and
    always differ.
    Nor does it carry objects compared by identity: the look is written into the layout (LOOK) rather than given as
    a template; `meta` (description, file name, tools) is read by `config` and `dashboard.widgets.chart`, which
    sends the figure without it."""
    traces = list(traces)
    title_lines = wrap(heading.title, TITLE_WIDTH)
    subtitle_lines = wrap(heading.subtitle(lang), TITLE_WIDTH * TITLE_SIZE / SUBTITLE_SIZE)
    top = MODE_BAR + _block(len(title_lines), TITLE_SIZE) + _block(len(subtitle_lines), SUBTITLE_SIZE) + 10
    notes = [*wrap(sources_note(heading.sources, lang), NOTE_WIDTH)] if heading.sources else []
    for note in heading.notes:
        notes += wrap(note, NOTE_WIDTH)
    bottom = axis_block + _block(len(notes), NOTE_SIZE) + 8
    total = height + top + legend_height(traces, legend_title) + bottom
    # plotly reserves the legend's rows under its top edge, and once an axis's automargin has run it adds its pad:
    # a top margin that holds both is not moved after the first drawing (which would draw the chart again). It holds
    # the fewest rows the legend can take (its entries in one row, under its title): where they wrap into more (a
    # phone, a narrow column) plotly grows the margin and draws again; reserving more would leave a gap on a PC.
    rows = legend_rows(traces, legend_title, math.inf)
    margin_top = max(top, top - 6 + rows * LEGEND_DRAWN_ROW + AUTOMARGIN_PAD) if rows else top
    layout = dict(
        template={},  # none: plotly.py would add its own (see LOOK); removed below
        datarevision=1,  # the data arrays never change in place: a new figure is a new chart on the page
        height=total,
        margin=dict(t=margin_top, b=bottom, l=left, r=16),
        title=dict(text=_lines(title_lines), subtitle=dict(text=_lines(subtitle_lines))),
        legend=dict(y=1 - (top - 6) / total, title=dict(text=escape(legend_title), side="top")),  # items wrap under it
        meta=dict(description=description, file_stem=heading.file_stem, tools=tools),
        # without zoom, no drag either: plotly would take a finger's swipe over the plot and the page not scroll
        dragmode="zoom" if tools in ("zoom", "select") else False,
        **layout,
    )
    notes_box = (
        [
            dict(
                text=_lines(notes),
                xref="paper",
                x=0,
                xanchor="left",
                xshift=8 - left,  # from the figure's left edge, not the plot's
                yref="paper",
                y=0,
                yanchor="top",
                yshift=-axis_block,
                align="left",
                showarrow=False,
                font=dict(size=NOTE_SIZE, color=MUTED),
            )
        ]
        if notes
        else []
    )
    if notes_box or annotations:
        layout["annotations"] = [*notes_box, *annotations]
    for name, axis in (("xaxis", xaxis), ("yaxis", yaxis)):
        if axis is not None:
            layout[name] = axis
    made = go.Figure(data=traces, layout=_over(LOOK, layout))
    made.layout.template = None
    return made


def _over(base: dict, own: dict) -> dict:
    """`own` over `base`, nested dictionaries merged (own values win), as a template's values would be applied."""
    merged = dict(base)
    for key, value in own.items():
        below = base.get(key)
        merged[key] = _over(below, value) if isinstance(value, dict) and isinstance(below, dict) else value
    return merged


def legend_height(traces: Sequence[go.BaseTraceType], title: str = "", width: int = PHONE_WIDTH) -> int:
    """Pixels the legend takes when `width` px wide (a phone): its entries (symbol and name) packed in rows."""
    rows = legend_rows(traces, title, width)
    return rows * LEGEND_ROW + 6 if rows else 0


def legend_rows(traces: Sequence[go.BaseTraceType], title: str = "", width: float = PHONE_WIDTH) -> int:
    """Rows of the legend when `width` px wide: its title's, then its entries (symbol and name) packed in rows."""
    items = [
        LEGEND_SYMBOL + _width(html.unescape(trace.name)) * LEGEND_SIZE
        for trace in traces
        if trace.name and trace.showlegend is not False
    ]
    if not items:
        return 0
    rows, used = (2 if title else 1), 0.0  # a title has its own row
    for item in items:
        if used and used + item > width:
            rows, used = rows + 1, 0
        used += item
    return rows


def label_width(labels: Iterable[str], size: int = 12) -> int:
    """Pixels the widest of `labels` takes at `size` px (a category axis's margin), with the tick, its gap and the
    pad of plotly's automargin: a margin it holds is not moved after the first drawing (which draws it again)."""
    return math.ceil(max((_width(label) for label in labels), default=0) * size) + 8 + AUTOMARGIN_PAD


LABEL_PLACES = ("top center", "bottom center", "middle right", "middle left")  # plotly textposition, in preference
HIDDEN_POINT = 10  # a name over another point hides a value: weighed as ten times the overlap of two names


def label_positions(
    points: Sequence[tuple[float, float]],
    names: Sequence[str],
    span: tuple[tuple[float, float], tuple[float, float]],
    *,
    width: float = PHONE_PLOT_WIDTH,
    height: float = 300,
    size: int = 13,
    radius: float = 7,
) -> list[str]:
    """Where each point's name is written (a textposition of LABEL_PLACES) so that no name covers another or another
    of the points, which plotly does not avoid: from the top point down, the first place whose box (the text's width
    at `size` px, on a plot of `width` × `height` px spanning `span` = ((x min, x max), (y min, y max)), in the axes'
    own scale: log10 of a log axis) misses the names already written and the other points' markers (`radius` px);
    where every place is taken, the least covered one (a covered point weighs HIDDEN_POINT times a covered name)."""
    (x0, x1), (y0, y1) = span
    pixels = [((x - x0) / ((x1 - x0) or 1) * width, (y - y0) / ((y1 - y0) or 1) * height) for x, y in points]
    tall = size * LINE_HEIGHT

    def box(place: str, px: float, py: float, wide: float) -> tuple[float, float, float, float]:
        if place == "top center":
            return px - wide / 2, px + wide / 2, py + radius, py + radius + tall
        if place == "bottom center":
            return px - wide / 2, px + wide / 2, py - radius - tall, py - radius
        if place == "middle right":
            return px + radius, px + radius + wide, py - tall / 2, py + tall / 2
        return px - radius - wide, px - radius, py - tall / 2, py + tall / 2

    def covered(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
        return max(0.0, min(a[1], b[1]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[2], b[2]))

    markers = [(px - radius, px + radius, py - radius, py + radius) for px, py in pixels]
    written: list[tuple[float, float, float, float]] = []
    places = [LABEL_PLACES[0]] * len(points)
    for i in sorted(range(len(points)), key=lambda i: -pixels[i][1]):
        wide = _width(names[i]) * size
        others = markers[:i] + markers[i + 1 :]
        options = [(place, box(place, *pixels[i], wide)) for place in LABEL_PLACES]
        place, chosen = min(
            options,
            key=lambda option: (
                sum(covered(option[1], name) for name in written)
                + HIDDEN_POINT * sum(covered(option[1], marker) for marker in others)
            ),
        )
        places[i] = place
        written.append(chosen)
    return places


def config(fig: go.Figure, lang: str) -> dict:
    """plotly.js configuration of a figure made by `figure`: its mode bar in the UI language, the saved image's
    name and size, nothing fetched (no MathJax typesetting) and no logo."""
    meta = fig.layout.meta
    return {
        "locale": lang,
        "locales": {lang: {"dictionary": {word: t(key, lang) for word, key in PLOTLY_WORDS.items()}}},
        "modeBarButtons": [list(TOOLS[meta["tools"]])],
        "displayModeBar": True,
        "displaylogo": False,
        "showTips": False,
        "typesetMath": False,
        "scrollZoom": False,
        "doubleClick": "reset",
        "toImageButtonOptions": {
            "format": "png",
            "filename": meta["file_stem"],
            "width": EXPORT_WIDTH,
            "height": fig.layout.height,
            "scale": 2,
        },
    }


def sources_note(sources: Sequence[str], lang: str, shown: int = 3) -> str:
    """「出典: A、B、C ほか2件」: the distinct origins of what a chart draws, the first `shown` by name."""
    names = list(dict.fromkeys(sources))
    listed = ("、" if lang == "ja" else "; ").join(names[:shown])
    if len(names) > shown:
        listed += ("" if lang == "ja" else " ") + t("charts_sources_more", lang, count=len(names) - shown)
    return t("charts_source", lang, sources=listed)


# --- marks -----------------------------------------------------------------------------------------------------


def point_marker(colour: str, sample: bool, size: int = 10, symbol: str = "circle") -> dict:
    """A point in `colour`: filled, or hollow (its outline in the colour) when it is a sample."""
    if sample:
        return dict(symbol=f"{symbol}-open", size=size, color=colour, line=dict(width=2, color=colour))
    return dict(symbol=symbol, size=size, color=colour, line=dict(width=1, color=WHITE))


def bar_marker(colour: str, sample: bool) -> dict:
    """A bar in `colour`: solid, or pale and hatched when it is a sample."""
    if sample:
        return dict(
            color=WHITE,
            line=dict(width=1.5, color=colour),
            pattern=dict(shape=SAMPLE_HATCH, fgcolor=colour, size=6, solidity=0.35),
        )
    return dict(color=colour, line=dict(width=0))


def sample_key(lang: str, kind: str = "point") -> go.BaseTraceType:
    """A legend entry that shows how a sample is drawn (hollow point or hatched bar); it draws nothing."""
    if kind == "bar":
        return go.Bar(x=[None], y=[None], orientation="h", name=t("charts_sample", lang), marker=bar_marker(GREY, True))
    return go.Scatter(
        x=[None], y=[None], mode="markers", name=t("charts_sample", lang), marker=point_marker(GREY, True)
    )


def hover(head: str | None, rows: Sequence[tuple[str, str]]) -> str:
    """A hover template: a bold first line, then `label: value` lines (labels are catalogue words, escaped; values
    are `%{customdata[i]}` fields or escaped words)."""
    lines = ([f"<b>{head}</b>"] if head else []) + [f"{escape(label)}: {value}" for label, value in rows]
    return "<br>".join(lines) + "<extra></extra>"


def points_hover(
    codes: Iterable[str], heads: Iterable[str], fields: Sequence[tuple[str, Sequence[str]]]
) -> tuple[np.ndarray, str]:
    """customdata and hover template of a trace's points: [code, head, *fields] per point, each `(label, texts)`
    field a line of the hover. A field with one text over the whole trace is written into the template instead:
    a national trace would otherwise repeat 「年度」 and its source 1,741 times. Texts are escaped already.

    The customdata is one object array: plotly copies an array as it is, where it walks a list of lists value by
    value (1,741 points × 5 fields)."""
    columns = [[str(c) for c in codes], list(heads)]
    lines = []
    for label, texts in fields:
        texts = list(texts)
        if texts and texts.count(texts[0]) == len(texts):
            lines.append((label, texts[0]))
        else:
            lines.append((label, f"%{{customdata[{len(columns)}]}}"))
            columns.append(texts)
    custom = np.empty((len(columns[0]), len(columns)), dtype=object)
    for i, column in enumerate(columns):
        custom[:, i] = column
    return custom, hover("%{customdata[1]}", lines)


# --- text ------------------------------------------------------------------------------------------------------


def escape(text: object) -> str:
    """Text as plotly shows it: its markup characters as entities (a name cannot add a link or a tag), and `%{` kept
    out of hover templates' reach."""
    return html.escape(str(text), quote=False).replace("%{", "%&#123;")


def escape_each(texts: Iterable[object]) -> list[str]:
    """`escape` of each text, each distinct text once: a national column of 1,741 often holds a handful (its
    periods, its sources)."""
    known: dict[object, str] = {}
    return [known[text] if text in known else known.setdefault(text, escape(text)) for text in texts]


def plain(values: ArrayLike) -> np.ndarray:
    """A data column as a plain JSON list for plotly.js, not one of plotly.py's typed arrays (see `figure`): held as
    an object array, which plotly.py copies as it is where it would check a list item by item (1,733 × 2 a scatter)."""
    return np.asarray(values, dtype=object)


def number(value: object, digits: int = 0, unit: str = "") -> str:
    return format_number(value, digits, unit)


def with_interval(value: object, low: object, high: object, lang: str, digits: int = 1, unit: str = "") -> str:
    """「55.7%（52.6–58.8）」 (English: 55.7% (52.6–58.8)): a value with its 95% interval (without the interval when it
    has none)."""
    if not finite(value):
        return number(value, digits, unit)
    if not (finite(low) and finite(high)):
        return number(value, digits, unit)
    return t("with_note", lang, text=number(value, digits, unit), note=f"{number(low, digits)}–{number(high, digits)}")


def numbers(values: ArrayLike, digits: int = 0, unit: str = "") -> list[str]:
    """`number` of each of `values`; a column of numbers at once, without a type check per value (a national
    chart formats 1,741 × 3 of them on every rerun)."""
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":  # text (＊), None, pandas' NA: one by one
        return [number(value, digits, unit) for value in array]
    return [f"{v:,.{digits}f}{unit}" if v == v else "—" for v in array.astype(float).tolist()]


def with_intervals(
    values: ArrayLike, lows: ArrayLike, highs: ArrayLike, lang: str, digits: int = 1, unit: str = ""
) -> list[str]:
    """`with_interval` of each value with its low and high; columns of numbers at once."""
    arrays = [np.asarray(column) for column in (values, lows, highs)]
    if any(array.dtype.kind not in "biuf" for array in arrays):
        return [with_interval(v, lo, hi, lang, digits, unit) for v, lo, hi in zip(*arrays)]
    value, low, high = (array.astype(float) for array in arrays)
    texts, low_texts, high_texts = numbers(value, digits, unit), numbers(low, digits), numbers(high, digits)
    for i in np.flatnonzero(np.isfinite(value) & np.isfinite(low) & np.isfinite(high)).tolist():
        texts[i] = t("with_note", lang, text=texts[i], note=f"{low_texts[i]}–{high_texts[i]}")
    return texts


def wrap(text: str, width: float) -> list[str]:
    """`text` in lines of at most `width` full-width characters (a half-width one counts 0.55), broken after 、。,
    or a space when one is in the last half of the line, never before closing punctuation."""
    lines, line = [], ""
    for char in text:
        if _width(line + char) > width and line and char not in "、。，．）」』,.)":
            cut = max(line.rfind(c) for c in "、。， ")
            if cut >= len(line) / 2:
                lines.append(line[: cut + 1].rstrip())
                line = line[cut + 1 :].lstrip()
            else:
                lines.append(line)
                line = ""
        line += char
    return [*lines, line] if line else lines


def listed(names: Iterable[str], lang: str) -> str:
    return ("、" if lang == "ja" else ", ").join(names)


def _width(text: str) -> float:
    return sum(1.0 if ord(c) >= 0x2E80 else 0.55 for c in text)


def _block(lines: int, size: int) -> int:
    return math.ceil(lines * size * LINE_HEIGHT)


def _lines(lines: Sequence[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


def finite(value: object) -> bool:
    """Whether `value` is a number that can be drawn (not None, NaN, ＊ or text)."""
    if isinstance(value, float | int):  # most values, first: the protocol check below costs microseconds
        return math.isfinite(value)
    if not isinstance(value, str | bytes | SupportsFloat | SupportsIndex):  # what float() takes
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False

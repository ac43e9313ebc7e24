"""Charts of the outcome screens (相談・成果, 比較, 自治体プロフィール): values with intervals per municipality, the
funnel plot, the yearly trend, the chosen municipalities' intervals, the two-indicator scatter, the spine chart.

Builders take *points*, one row per municipality as the page may show it (in the public edition the page passes
only shown rows, so a suppressed value never reaches a figure's data), with the columns of POINT_COLUMNS:
code, name, prefecture ("" when the chart stays in one prefecture), value, low, high (95% interval), numerator
and denominator (numbers, or the mark ＊), period (full or partial year, text), synthetic, source (text). Each
point carries [code, name, value, numerator, denominator, period, source] as customdata: the hover text reads it,
and a click or a box selection hands the codes back to the page (dashboard.charts.selection).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.domain import (
    FUNNEL_COLOURS,
    INK,
    JUDGEMENT_COLOURS,
    MUTED,
    QUARTILE_FILL,
    RANGE_FILL,
    SERIES_COLOURS,
    fiscal_year_label,
)
from core.i18n import t
from dashboard.charts.style import (
    GREY,
    WHITE,
    Heading,
    bar_marker,
    escape,
    escape_each,
    figure,
    finite,
    hover,
    label_positions,
    label_width,
    listed,
    number,
    numbers,
    plain,
    point_marker,
    points_hover,
    sample_key,
    with_interval,
    with_intervals,
    wrap,
)

POINT_COLUMNS = (
    "code",
    "name",
    "prefecture",
    "value",
    "low",
    "high",
    "numerator",
    "denominator",
    "period",
    "synthetic",
    "source",
)
LIMIT_DASHES = {"95": "6px,4px", "998": "2px,2px"}  # 95% and 99.8% limits, as patterns a legend swatch shows
BAR_ROW, DOT_ROW, SPINE_ROW = 24, 40, 56  # px per municipality or indicator
BENCHMARK_LINE = dict(color=INK, width=1.5, dash="6px,4px")
SPINE_LABEL_WIDTH = 10  # full-width characters per line of an indicator's name on the spine chart


@dataclass(frozen=True)
class Measure:
    """An indicator as a chart names it: axis title 「終結率（%）」, the words for its numerator and denominator,
    the unit written after a value (「%」 or none) and its decimals."""

    title: str
    numerator: str
    denominator: str
    unit: str = ""
    digits: int = 1


def interval_bars(points: pd.DataFrame, measure: Measure, benchmark: float, heading: Heading, lang: str) -> go.Figure:
    """Horizontal bars, largest on top, with 95% whiskers, coloured by their label against the benchmark (column
    `label`, analytics.comparison.benchmark_labels), the benchmark as a dashed rule. A bar is a municipality: a
    click on it names its code."""
    rows = _drawable(points).sort_values("value", kind="stable")
    traces = []
    for label, colour in JUDGEMENT_COLOURS.items():
        for sample in (False, True):
            part = rows[(rows["label"] == label) & (rows["synthetic"] == sample)]
            if part.empty:
                continue
            traces.append(
                go.Bar(
                    x=plain(part["value"]),
                    y=plain(part["code"]),
                    orientation="h",
                    name=t(f"outcomes_label_{label}", lang),
                    legendgroup=label,
                    showlegend=not sample or not bool((rows["label"].eq(label) & ~rows["synthetic"]).any()),
                    marker=bar_marker(colour, sample),
                    error_x=_whiskers(part),
                    **_point_data(part, measure, lang, sample, (t("outcomes_col_label", lang), _label(label, lang))),
                )
            )
    if rows["synthetic"].any():
        traces.append(sample_key(lang, "bar"))
    if finite(benchmark):  # the rule crosses the bars: named in the legend, not written over them
        traces.append(
            go.Scatter(
                x=[None], y=[None], mode="lines", line=BENCHMARK_LINE, name=_benchmark_text(benchmark, measure, lang)
            )
        )
        shapes = [
            dict(type="line", x0=benchmark, x1=benchmark, xref="x", yref="paper", y0=0, y1=1, line=BENCHMARK_LINE)
        ]
    else:
        shapes = []
    description = t(
        "charts_desc_bars", lang, title=measure.title, n=len(rows), benchmark=number(benchmark, 1, measure.unit)
    )
    return figure(
        heading,
        lang,
        height=max(BAR_ROW * len(rows), 120),
        description=description,
        tools="image",
        traces=traces,
        left=label_width(rows["name"]),
        legend_title=t("outcomes_col_label", lang),
        xaxis=dict(title=dict(text=measure.title), rangemode="tozero", fixedrange=True),
        yaxis=_categories(rows) | dict(fixedrange=True, showgrid=False),
        barmode="overlay",
        bargap=0.25,
        shapes=shapes,
    )


def funnel(
    points: pd.DataFrame,
    curve: pd.DataFrame,
    measure: Measure,
    benchmark: float,
    heading: Heading,
    lang: str,
    selected: Sequence[str] = (),
    height: int = 440,
) -> go.Figure:
    """Funnel plot: the value against its denominator (log axis), coloured by its place against the 95% (dashed)
    and 99.8% (dotted) control limits around the benchmark (column `position`, analytics.funnel). `selected` codes
    are shown as the selection (a link that reopens a selection); zoom, pan, box and lasso in the mode bar."""
    rows = _drawable(points)
    rows = rows[pd.to_numeric(rows["denominator"], errors="coerce") > 0]
    traces = []
    for level, dash in LIMIT_DASHES.items():
        for side in ("high", "low"):
            line = curve[(curve["denominator"] > 0) & curve[f"{side}_{level}"].notna()]
            traces.append(
                go.Scatter(
                    x=plain(line["denominator"]),
                    y=plain(line[f"{side}_{level}"]),
                    mode="lines",
                    line=dict(color=MUTED, width=1.2, dash=dash),
                    name=t(f"outcomes_col_limit_{level}", lang),
                    legendgroup=f"limit_{level}",
                    showlegend=side == "high",
                    hoverinfo="skip",
                )
            )
    for position, colour in FUNNEL_COLOURS.items():
        for sample in (False, True):
            part = rows[(rows["position"] == position) & (rows["synthetic"] == sample)]
            if part.empty:
                continue
            codes = list(part["code"])
            traces.append(
                go.Scatter(
                    x=plain(pd.to_numeric(part["denominator"])),
                    y=plain(part["value"]),
                    mode="markers",
                    name=t(f"outcomes_position_{position}", lang),
                    legendgroup=position,
                    showlegend=not sample or not bool((rows["position"].eq(position) & ~rows["synthetic"]).any()),
                    marker=point_marker(colour, sample),
                    **_point_data(
                        part, measure, lang, sample, (t("outcomes_col_position", lang), _position(position, lang))
                    ),
                    selectedpoints=[i for i, code in enumerate(codes) if code in selected] if selected else None,
                    unselected=dict(marker=dict(opacity=0.25)),
                )
            )
    if rows["synthetic"].any():
        traces.append(sample_key(lang))
    description = t(
        "charts_desc_funnel",
        lang,
        title=measure.title,
        n=len(rows),
        benchmark=number(benchmark, 1, measure.unit),
        x=measure.denominator,
    )
    ruled = finite(benchmark)  # a rule across the funnel's middle, named at its left end
    return figure(
        heading,
        lang,
        height=height,
        description=description,
        tools="select",
        traces=traces,
        xaxis=dict(type="log", title=dict(text=measure.denominator), dtick=1, tickformat=",d", showgrid=True),
        yaxis=dict(title=dict(text=measure.title), showgrid=True),
        shapes=[_rule("y", benchmark, BENCHMARK_LINE)] if ruled else [],
        annotations=[
            dict(
                text=_benchmark_text(benchmark, measure, lang),
                font=dict(size=12, color=INK),
                showarrow=False,
                xref="x domain",
                x=0,
                xanchor="left",
                yref="y",
                y=benchmark,
                yanchor="bottom",
            )
        ]
        if ruled
        else [],
    )


def trend(rows: pd.DataFrame, areas: Sequence[str], measure: Measure, heading: Heading, lang: str) -> go.Figure:
    """A value by fiscal year with 95% whiskers, one line per area (the first solid, the others dashed); a year
    whose totals include samples is a hollow point. `rows`: area, fiscal_year, value, low, high, numerator,
    denominator, municipalities, synthetic."""
    data = rows[pd.to_numeric(rows["value"], errors="coerce").notna()].sort_values("fiscal_year")
    traces = []
    for i, area in enumerate(areas):
        own = data[data["area"] == area]
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        samples = own["synthetic"].astype(bool).tolist()
        traces.append(
            go.Scatter(
                x=plain(own["fiscal_year"]),
                y=plain(own["value"]),
                mode="lines+markers",
                name=escape(area),
                line=dict(color=colour, width=3, dash="solid" if i == 0 else "dash"),
                marker=dict(
                    size=10,
                    color=[WHITE if s else colour for s in samples],
                    line=dict(width=2, color=colour),
                ),
                error_y=_whiskers(own, colour=colour),
                customdata=[
                    [
                        escape(area),
                        escape(fiscal_year_label(int(year), lang)),
                        escape(with_interval(v, lo, hi, lang, measure.digits, measure.unit)),
                        escape(number(num)),
                        escape(number(den)),
                        number(n),
                        escape(t("charts_sample" if s else "charts_real", lang)),
                    ]
                    for year, v, lo, hi, num, den, n, s in zip(
                        own["fiscal_year"],
                        own["value"],
                        own["low"],
                        own["high"],
                        own["numerator"],
                        own["denominator"],
                        own["municipalities"],
                        samples,
                    )
                ],
                hovertemplate=hover(
                    "%{customdata[0]}",
                    [
                        (t("fiscal_year", lang), "%{customdata[1]}"),
                        (measure.title, "%{customdata[2]}"),
                        (measure.numerator, "%{customdata[3]}"),
                        (measure.denominator, "%{customdata[4]}"),
                        (t("outcomes_reported", lang), "%{customdata[5]}"),
                        (t("charts_data", lang), "%{customdata[6]}"),
                    ],
                ),
            )
        )
    if data["synthetic"].astype(bool).any():
        traces.append(sample_key(lang))
    years = sorted({int(y) for y in data["fiscal_year"]})
    description = t(
        "charts_desc_trend",
        lang,
        title=measure.title,
        areas=listed(areas, lang),
        first=years[0] if years else "—",
        last=years[-1] if years else "—",
    )
    return figure(
        heading,
        lang,
        height=300,
        description=description,
        tools="image",
        traces=traces,
        xaxis=dict(
            title=dict(text=t("fiscal_year", lang)), tickvals=years, ticktext=[str(y) for y in years], fixedrange=True
        ),
        yaxis=dict(title=dict(text=measure.title), showgrid=True, fixedrange=True),
    )


def interval_dots(
    points: pd.DataFrame, colours: Sequence[str], measure: Measure, heading: Heading, lang: str
) -> go.Figure:
    """One dot per chosen municipality, in the order chosen (the first on top), in its own colour (hollow when a
    sample) with its 95% whiskers; a municipality without a value keeps its row, empty."""
    traces = []
    names, samples = points["name"].tolist(), points["synthetic"].astype(bool).tolist()
    for i, (value, colour) in enumerate(zip(points["value"].tolist(), colours)):
        if not finite(value):
            continue
        part, sample = points.iloc[i : i + 1], samples[i]  # a slice: cheaper than a row Series and .loc
        traces.append(
            go.Scatter(
                x=plain(part["value"]),
                y=plain(part["code"]),
                mode="markers",
                name=escape(names[i]),
                showlegend=False,
                marker=point_marker(colour, sample, size=14),
                error_x=_whiskers(part, colour=INK),
                **_point_data(part, measure, lang, sample),
            )
        )
    if points["synthetic"].astype(bool).any():
        traces.append(sample_key(lang))
    description = t("charts_desc_dots", lang, title=measure.title, names=listed(points["name"], lang))
    return figure(
        heading,
        lang,
        height=max(DOT_ROW * len(points), 80),
        description=description,
        tools="image",
        traces=traces,
        left=label_width(points["name"]),
        xaxis=dict(title=dict(text=measure.title), rangemode="tozero", showgrid=True, fixedrange=True),
        yaxis=_categories(points.iloc[::-1]) | dict(fixedrange=True, showgrid=False),
    )


@dataclass(frozen=True)
class Axis:
    """One axis of the scatter: the column, its title, whether it is drawn on a log scale, its unit and decimals."""

    column: str
    title: str
    log: bool = False
    unit: str = ""
    digits: int = 1


def scatter(
    others: pd.DataFrame,
    chosen: pd.DataFrame,
    colours: Sequence[str],
    x: Axis,
    y: Axis,
    heading: Heading,
    lang: str,
) -> go.Figure:
    """Every other municipality in grey (hollow when a sample), the chosen ones in their `colours` with their
    names written by them. Frames: code, name, prefecture, the two columns with `_low` / `_high` (NaN when the
    column has no interval), period, synthetic, source. Zoom and pan in the mode bar; a click names a code."""

    def placed(rows: pd.DataFrame) -> pd.DataFrame:
        a, b = pd.to_numeric(rows[x.column], errors="coerce"), pd.to_numeric(rows[y.column], errors="coerce")
        keep = a.notna() & b.notna() & ((a > 0) | (not x.log)) & ((b > 0) | (not y.log))
        return rows[keep]

    grey, mine = placed(others), placed(chosen)
    colour_of = dict(zip(chosen["code"], colours))

    def scale(rows: pd.DataFrame, axis: Axis) -> np.ndarray:
        values = pd.to_numeric(rows[axis.column]).to_numpy(dtype=float)
        return np.log10(values) if axis.log else values

    def extent(values: np.ndarray) -> tuple[float, float]:
        return (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)

    every = pd.concat([grey, mine])
    span = extent(scale(every, x)), extent(scale(every, y))
    places = dict(
        zip(mine["code"], label_positions(list(zip(scale(mine, x), scale(mine, y))), list(mine["name"]), span))
    )
    traces = []
    for sample in (False, True):
        part = grey[grey["synthetic"].astype(bool) == sample]
        if part.empty:
            continue
        traces.append(
            go.Scatter(
                x=plain(part[x.column]),
                y=plain(part[y.column]),
                mode="markers",
                name=t("charts_all_municipalities", lang),
                legendgroup="others",
                showlegend=not sample or bool(grey["synthetic"].astype(bool).all()),
                marker=point_marker(GREY, sample, size=7) | dict(opacity=0.6),  # the chosen stand out
                **_scatter_data(part, x, y, lang, sample),
            )
        )
    for code, row in mine.set_index("code", drop=False).iterrows():
        sample, colour = bool(row["synthetic"]), colour_of.get(code, SERIES_COLOURS[0])
        part = mine[mine["code"] == code]
        traces.append(
            go.Scatter(
                x=plain(part[x.column]),
                y=plain(part[y.column]),
                mode="markers+text",
                name=escape(row["name"]),
                showlegend=False,
                text=[escape(row["name"])],
                textposition=places[code],  # names near each other written apart
                textfont=dict(color=colour, size=13, weight="bold", shadow="auto"),  # legible over the grey
                marker=point_marker(colour, sample, size=14),
                **_scatter_data(part, x, y, lang, sample),
            )
        )
    if pd.concat([grey["synthetic"], mine["synthetic"]]).astype(bool).any():
        traces.append(sample_key(lang))
    description = t(
        "charts_desc_scatter", lang, x=x.title, y=y.title, n=len(grey) + len(mine), names=listed(mine["name"], lang)
    )
    x_axis, y_axis = (
        dict(title=dict(text=axis.title), showgrid=True)
        | (dict(type="log", dtick=1, tickformat=",d") if axis.log else {})
        for axis in (x, y)
    )
    return figure(
        heading, lang, height=440, description=description, tools="zoom", traces=traces, xaxis=x_axis, yaxis=y_axis
    )


def spine(table: pd.DataFrame, pref_name: str, heading: Heading, lang: str) -> go.Figure:
    """Fingertips-style spine chart: per indicator (top to bottom) the national range (light) and its middle half
    (darker) scaled around the benchmark (the centre line), the prefecture as a white diamond and the municipality
    as a dot coloured by its label (hollow when a sample; no dot for a hidden value).

    `table` (pages.profile): `_metric`, `_value_text`, `_label`, `_synthetic`, `_pref_text`, the distribution's
    texts `_left`, `_q25`, `_median`, `_q75`, `_right`, `_count`, and its 0–1 positions `_min`, `_max`, `_q_low`,
    `_q_high`, `_pref`, `_value`."""
    metrics = [escape(m) for m in table["_metric"]]
    distribution = [
        [escape(m), *(escape(v) for v in row)]
        for m, row in zip(
            table["_metric"], table[["_left", "_q25", "_median", "_q75", "_right", "_count"]].astype(str).to_numpy()
        )
    ]
    bands = hover(
        "%{customdata[0]}",
        [
            (t("profile_left", lang), "%{customdata[1]}"),
            (t("profile_q25", lang), "%{customdata[2]}"),
            (t("profile_median", lang), "%{customdata[3]}"),
            (t("profile_q75", lang), "%{customdata[4]}"),
            (t("profile_right", lang), "%{customdata[5]}"),
            (t("profile_count", lang), "%{customdata[6]}"),
        ],
    )
    traces: list[go.BaseTraceType] = [
        go.Bar(
            x=plain(table[high] - table[low]),
            base=plain(table[low]),
            y=metrics,
            orientation="h",
            width=0.6,
            name=t(name, lang),
            marker=dict(color=fill, line=dict(width=0)),
            customdata=distribution,
            hovertemplate=bands,
        )
        for low, high, fill, name in (
            ("_min", "_max", RANGE_FILL, "charts_spine_range"),
            ("_q_low", "_q_high", QUARTILE_FILL, "charts_spine_middle"),
        )
    ]
    prefecture = table.loc[table["_pref"].map(finite).astype(bool)]
    traces.append(
        go.Scatter(
            x=plain(prefecture["_pref"]),
            y=[escape(m) for m in prefecture["_metric"]],
            mode="markers",
            name=escape(pref_name),
            marker=dict(symbol="diamond", size=15, color=WHITE, line=dict(width=2, color=INK)),
            customdata=[[escape(m), escape(v)] for m, v in zip(prefecture["_metric"], prefecture["_pref_text"])],
            hovertemplate=hover(
                escape(pref_name),
                [(t("col_metric", lang), "%{customdata[0]}"), (t("col_value", lang), "%{customdata[1]}")],
            ),
        )
    )
    shown = table.loc[table["_label"].isin(list(JUDGEMENT_COLOURS)) & table["_value"].map(finite).astype(bool)]
    for label, colour in JUDGEMENT_COLOURS.items():
        for sample in (False, True):
            part = shown[(shown["_label"] == label) & (shown["_synthetic"].astype(bool) == sample)]
            if part.empty:
                continue
            traces.append(
                go.Scatter(
                    x=plain(part["_value"]),
                    y=[escape(m) for m in part["_metric"]],
                    mode="markers",
                    name=t(f"outcomes_label_{label}", lang),
                    legendgroup=label,
                    showlegend=not sample
                    or not bool((shown["_label"].eq(label) & ~shown["_synthetic"].astype(bool)).any()),
                    marker=point_marker(colour, sample, size=16),
                    customdata=[[escape(m), escape(v)] for m, v in zip(part["_metric"], part["_value_text"])],
                    hovertemplate=hover(
                        "%{customdata[0]}",
                        [
                            (t("outcomes_col_value_ci", lang), "%{customdata[1]}"),
                            (t("outcomes_col_label", lang), escape(_label(label, lang))),
                            (t("charts_data", lang), escape(t("charts_sample" if sample else "charts_real", lang))),
                        ],
                    ),
                )
            )
    if shown["_synthetic"].astype(bool).any():
        traces.append(sample_key(lang))
    description = t("charts_desc_spine", lang, n=len(table), pref=pref_name)
    lines = [wrap(m, SPINE_LABEL_WIDTH) for m in table["_metric"]]
    return figure(
        heading,
        lang,
        height=SPINE_ROW * len(table),
        description=description,
        tools="image",
        traces=traces,
        axis_block=12,
        left=label_width(line for name in lines for line in name),
        xaxis=dict(range=[-0.02, 1.02], visible=False, fixedrange=True),
        yaxis=dict(
            categoryorder="array",
            categoryarray=metrics[::-1],
            tickvals=metrics,
            ticktext=["<br>".join(escape(line) for line in name) for name in lines],
            showline=False,
            ticks="",
            fixedrange=True,
            showgrid=False,
        ),
        barmode="overlay",
        shapes=[_rule("x", 0.5, dict(color=INK, width=2))],
    )


# --- pieces ----------------------------------------------------------------------------------------------------


def _drawable(points: pd.DataFrame) -> pd.DataFrame:
    """Rows with a value to draw, with `synthetic` as booleans."""
    missing = [c for c in POINT_COLUMNS if c not in points]
    if missing:
        raise ValueError(f"points without {missing}")
    rows = points[pd.to_numeric(points["value"], errors="coerce").notna()].copy()
    rows["synthetic"] = rows["synthetic"].astype(bool)
    return rows


def _point_data(rows: pd.DataFrame, measure: Measure, lang: str, sample: bool, *extra: tuple[str, str]) -> dict:
    """customdata and hover template of outcome points: name (with its prefecture in national views), value with
    its interval, numerator, denominator, period, `extra` lines, real or sample, source."""
    return _compact(
        rows,
        lang,
        [
            (measure.title, _intervals(rows, "value", lang, measure.digits, measure.unit)),
            (measure.numerator, numbers(rows["numerator"])),
            (measure.denominator, numbers(rows["denominator"])),
            (t("outcomes_col_partial", lang), rows["period"].tolist()),
            *((label, [value] * len(rows)) for label, value in extra),
            (t("charts_data", lang), [t("charts_sample" if sample else "charts_real", lang)] * len(rows)),
            (t("source", lang), rows["source"].tolist()),
        ],
    )


def _scatter_data(rows: pd.DataFrame, x: Axis, y: Axis, lang: str, sample: bool) -> dict:
    return _compact(
        rows,
        lang,
        [
            (x.title, _intervals(rows, x.column, lang, x.digits, x.unit)),
            (y.title, _intervals(rows, y.column, lang, y.digits, y.unit)),
            (t("outcomes_col_partial", lang), rows["period"].tolist()),
            (t("charts_data", lang), [t("charts_sample" if sample else "charts_real", lang)] * len(rows)),
            (t("source", lang), rows["source"].tolist()),
        ],
    )


def _compact(rows: pd.DataFrame, lang: str, fields: list[tuple[str, list[str]]]) -> dict:
    """The points' customdata (their code first, for a click or a selection) and hover template, texts escaped.
    Columns are read as lists (`tolist`): pandas hands out a text column's values one by one far slower."""
    heads = [
        t("with_note", lang, text=n, note=p) if p else n
        for n, p in zip(rows["name"].tolist(), rows["prefecture"].tolist())
    ]
    custom, template = points_hover(
        rows["code"].tolist(), escape_each(heads), [(label, escape_each(texts)) for label, texts in fields]
    )
    return dict(customdata=custom, hovertemplate=template)


def _intervals(rows: pd.DataFrame, column: str, lang: str, digits: int, unit: str) -> list[str]:
    """「55.7%（52.6–58.8）」 per row: `column` with its interval (`value`: the points' low and high; else
    `column`_low / _high)."""
    low, high = ("low", "high") if column == "value" else (f"{column}_low", f"{column}_high")
    return with_intervals(rows[column], rows[low], rows[high], lang, digits, unit)


def _whiskers(rows: pd.DataFrame, colour: str = INK) -> dict:
    """95% whiskers of `value` from `low` to `high` (none where either end is missing)."""
    value = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float)
    low = pd.to_numeric(rows["low"], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(rows["high"], errors="coerce").to_numpy(dtype=float)
    up, down = high - value, value - low
    return dict(
        type="data",
        symmetric=False,
        array=[None if np.isnan(v) else float(v) for v in up],
        arrayminus=[None if np.isnan(v) else float(v) for v in down],
        color=colour,
        thickness=1.4,
        width=4,
        visible=True,
    )


def _categories(rows: pd.DataFrame) -> dict:
    """A category axis of codes (names repeat across the country) labelled with the names, in the rows' order
    from the bottom up."""
    codes = list(rows["code"])
    return dict(
        type="category",
        categoryorder="array",
        categoryarray=codes,
        tickvals=codes,
        ticktext=[escape(n) for n in rows["name"]],
    )


def _rule(axis: str, at: float, line: dict) -> dict:
    """A line across the plot at `at` on `axis` ("x": from bottom to top, "y": from left to right): the shape
    plotly's add_vline / add_hline make, without their cost (they copy the whole figure, 1,741 points, to find
    its axes)."""
    other = "y" if axis == "x" else "x"
    return {
        "type": "line",
        f"{axis}ref": axis,
        f"{axis}0": at,
        f"{axis}1": at,
        f"{other}ref": f"{other} domain",
        f"{other}0": 0,
        f"{other}1": 1,
        "line": line,
    }


def _benchmark_text(benchmark: float, measure: Measure, lang: str) -> str:
    return escape(t("charts_benchmark", lang, value=number(benchmark, measure.digits, measure.unit)))


def _label(label: str, lang: str) -> str:
    return t(f"outcomes_label_{label}", lang)


def _position(position: str, lang: str) -> str:
    return t(f"outcomes_position_{position}", lang)

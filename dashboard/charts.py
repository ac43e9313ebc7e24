"""Charts shared by the screens, rendered on the server as inline SVG (no JavaScript).

A Vega-Lite chart made Streamlit load and evaluate its 775 KB vega-embed bundle, which alone cost a chart screen
about 1.4 × an empty page; inline SVG inside one `<figure>` costs nothing but its bytes. Each builder returns a
`Figure`: one line of XHTML (legends as HTML rows, the plot as SVG) and a one-sentence description for screen
readers. Each mark carries a `<title>` with its facts: the browser shows it on hover. Every text is escaped.
Colours are the colour-vision-safe Okabe–Ito set. Samples (synthetic data) keep the （サンプル） suffix in their
names and are drawn pale with a dashed outline (points hollow), explained in a 「データ」 legend.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from core.i18n import t

LABEL_COLOURS = {  # legend order: the favourable or higher side first
    "better": "#0072B2",
    "higher": "#009E73",
    "similar": "#E69F00",
    "worse": "#D55E00",
    "lower": "#CC79A7",
    "not_compared": "#999999",
}
POSITION_COLOURS = {
    "above_998": "#D55E00",
    "above_95": "#E69F00",
    "within": "#0072B2",
    "below_95": "#56B4E9",
    "below_998": "#CC79A7",
    "not_compared": "#999999",
}
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
AREA_COLOURS = ("#0072B2", "#E69F00")
INK = "#333333"
GRID = "#E0E0E0"
MUTED = "#555555"
DASHED = "5 3"  # a sample's outline
LIMIT_DASHES = {"95": "6 4", "998": "2 2"}  # the funnel's control limits
WIDE, NARROW = 760, 440  # design widths (px) of a chart across the page and of one in a column
FONT = 12
HALO = ' stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'  # a label legible over marks


@dataclass(frozen=True)
class Figure:
    """A chart as one line of XHTML (`<figure class="dash-chart">`: legends and an inline SVG) and a one-sentence
    description (the SVG's accessible name)."""

    markup: str
    description: str


def sample_name(name: str, synthetic: bool, lang: str) -> str:
    """A name as charts show it: samples carry 「（サンプル）」 so the mark is readable without colour."""
    return f"{name}（{t('synthetic_badge', lang)}）" if synthetic else name


# --- builders -------------------------------------------------------------------------------------------------


def coverage_curve(
    series: pd.DataFrame, reported: pd.DataFrame, targets: pd.DataFrame, lang: str, height: int = 300, width: int = WIDE
) -> Figure:
    """Step curve of councils set up, the municipality's reported figures as diamonds, its target as a line."""
    names = [t("legend_cumulative", lang), t("legend_reported", lang), t("legend_target", lang)]
    count_title, date_title = t("col_established", lang), t("charts_date", lang)
    steps = _dated(series["date"], series["established"])
    shown = _dated(reported["as_of"], reported["value"]) if not reported.empty else []
    goals = [(float(v), str(d)) for v, d in zip(pd.to_numeric(targets["value"]), targets["due_on"]) if pd.notna(v)]
    days = [d for d, _ in steps + shown]
    start, end = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
    plot = _Plot(width, height, left=56, right=12, top=24, bottom=30)
    x = _Scale(*_date_domain(start, end), plot.x0, plot.x1)
    values = [v for _, v in steps + shown] + [v for v, _ in goals]
    y = _Scale(*_nice_domain([0.0, *values]), plot.y1, plot.y0)
    body = [_grid_y(plot, y), _date_axis(plot, x, start, end), _axis_y(plot, y, count_title)]

    def fact(day: dt.date, value: float, series_name: str) -> str:
        return _facts(series_name, (date_title, day.isoformat()), (count_title, _number(value, 0)))

    if steps:
        path = [f"M{_c(x(_ordinal(steps[0][0])))} {_c(y(steps[0][1]))}"]
        for (_, before), (day, value) in zip(steps, steps[1:]):
            path.append(f"H{_c(x(_ordinal(day)))}" + (f"V{_c(y(value))}" if value != before else ""))
        dots = "".join(_circle(x(_ordinal(d)), y(v), 3, fact(d, v, names[0])) for d, v in steps)
        body.append(
            f'<g stroke="#0072B2" fill="#0072B2"><path d="{"".join(path)}" fill="none" stroke-width="3"/>{dots}</g>'
        )
    if shown:
        marks = "".join(
            f"<g>{_title(fact(d, v, names[1]))}{_diamond(x(_ordinal(d)), y(v), 8)}"
            f'<text x="{_c(x(_ordinal(d)) - 9)}" y="{_c(y(v) - 9)}"{HALO}>{_number(v, 0)}</text></g>'
            for d, v in shown
        )
        body.append(f'<g fill="#D55E00" text-anchor="end" font-weight="bold">{marks}</g>')
    for value, due in goals:
        note = f"{names[2]} {_number(value, 0)}（{due}）"
        goal = _facts(names[2], (date_title, due), (count_title, _number(value, 0)))
        body.append(
            f'<g stroke="#CC79A7" fill="#CC79A7">{_title(goal)}'
            f'<path d="M{plot.x0} {_c(y(value))}H{plot.x1}" stroke-width="2" stroke-dasharray="{DASHED}"/>'
            f'<text x="{plot.x1}" y="{_c(y(value) - 4)}" text-anchor="end"{HALO}>{_e(note)}</text></g>'
        )
    legend = _legend(
        None,
        [
            (n, _line_swatch(c, "" if i != 2 else DASHED) if i != 1 else _diamond_swatch(c))
            for i, (n, c, d) in enumerate(
                zip(names, ("#0072B2", "#D55E00", "#CC79A7"), (True, bool(shown), bool(goals)))
            )
            if d
        ],
    )
    latest = steps[-1][1] if steps else 0
    description = t(
        "charts_desc_coverage",
        lang,
        start=start.isoformat(),
        end=end.isoformat(),
        count=_number(latest, 0),
        reported=len(shown),
        targets=len(goals),
    )
    return _figure(description, plot, body, top=[legend])


def interval_bars(
    frame: pd.DataFrame, key: str, labels: pd.Series, benchmark: float, axis_title: str, lang: str, width: int = NARROW
) -> Figure:
    """Horizontal bars (largest on top) with 95% whiskers, coloured by the benchmark label, the benchmark as a
    dashed rule; one 22-pixel row per municipality."""
    rows = frame.assign(label=labels).dropna(subset=[key]).sort_values(key, ascending=False)
    names = [sample_name(n, s, lang) for n, s in zip(rows["name"], rows["synthetic"])]
    value, low, high = (pd.to_numeric(rows[c]).tolist() for c in (key, f"{key}_low", f"{key}_high"))
    samples = [bool(s) for s in rows["synthetic"]]
    label_title = t("outcomes_col_label", lang)
    left = _label_width(names, 240) + 10
    plot = _Plot(width, 22 * len(rows), left=left, right=20, top=20, bottom=38)
    x = _Scale(*_nice_domain([0.0, *value, *low, *high, benchmark]), plot.x0, plot.x1)
    body = [_grid_x(plot, x), _axis_x(plot, x, axis_title)]
    bars, labels_svg = [], []
    for i, (name, v, lo, hi, lab, sample) in enumerate(zip(names, value, low, high, rows["label"], samples)):
        top = plot.y0 + 22 * i
        colour = LABEL_COLOURS.get(lab, LABEL_COLOURS["not_compared"])
        facts = _facts(
            name,
            (axis_title, _number(v, 1)),
            (t("charts_interval", lang), _interval(lo, hi)),
            (label_title, t(f"outcomes_label_{lab}", lang)),
        )
        start, stop = sorted((x(0), x(v)))
        bars.append(
            f"<g{_sample_attrs(sample, colour, hollow=False)}>{_title(facts)}"
            f'<rect x="{_c(start)}" y="{top + 3}" width="{_c(stop - start)}" height="16"/>'
            f"{_whisker_h(x, lo, hi, top + 11)}</g>"
        )
        labels_svg.append(f'<text x="{plot.x0 - 6}" y="{top + 15}">{_e(_fit(name, left - 10))}</text>')
    body.append(f'<g stroke-width="1.5">{"".join(bars)}</g>')
    body.append(f'<g text-anchor="end" fill="{INK}">{"".join(labels_svg)}</g>')
    body.append(_benchmark_x(plot, x, benchmark, lang))
    palette = _palette(LABEL_COLOURS, rows["label"], "outcomes_label_", lang)
    legends = [_legend(label_title, [(n, _box_swatch(c)) for n, c in palette])]
    description = t("charts_desc_bars", lang, title=axis_title, n=len(rows), benchmark=_number(benchmark, 1))
    return _figure(description, plot, body, top=legends, bottom=_data_legend(samples, lang, hollow=False))


def funnel_chart(
    points: pd.DataFrame,
    curve: pd.DataFrame,
    numerator: str,
    denominator: str,
    benchmark: float,
    x_title: str,
    y_title: str,
    lang: str,
    width: int = WIDE,
) -> Figure:
    """Funnel plot: points coloured by their position against the 95% (dashed) and 99.8% (dotted) control
    limits around the benchmark; the denominator on a log axis."""
    limit_names = {level: t(f"outcomes_col_limit_{level}", lang) for level in LIMIT_DASHES}
    grid = pd.to_numeric(curve["denominator"]).astype(float).tolist()
    lines = {
        (level, side): [(d, v) for d, v in zip(grid, pd.to_numeric(curve[f"{side}_{level}"])) if d > 0 and _finite(v)]
        for level in LIMIT_DASHES
        for side in ("low", "high")
    }
    rows = [
        (sample_name(n, s, lang), float(v), num, float(den), pos, lo, hi, bool(s))
        for n, s, v, num, den, pos, lo, hi in zip(
            points["name"],
            points["synthetic"],
            pd.to_numeric(points["value"]),
            pd.to_numeric(points[numerator]),
            pd.to_numeric(points[denominator]),
            points["position"],
            pd.to_numeric(points["low_95"]),
            pd.to_numeric(points["high_95"]),
        )
        if _finite(v) and _finite(den) and den > 0
    ]
    plot = _Plot(width, 420, left=60, right=24, top=16, bottom=42)
    xs = [r[3] for r in rows] + [d for line in lines.values() for d, _ in line]
    ys = [r[1] for r in rows] + [v for line in lines.values() for _, v in line] + [benchmark]
    x = _Scale(*_log_domain(xs), plot.x0, plot.x1, log=True)
    y = _Scale(*_nice_domain(ys), plot.y1, plot.y0)
    body = [_grid_x(plot, x), _grid_y(plot, y), _axis_x(plot, x, x_title), _axis_y(plot, y, y_title)]
    paths = "".join(
        f'<path d="{_polyline((x(d), y(v)) for d, v in line)}" stroke-dasharray="{LIMIT_DASHES[level]}">'
        f"{_title(limit_names[level])}</path>"
        for (level, _), line in lines.items()
        if len(line) > 1
    )
    body.append(f'<g fill="none" stroke="{MUTED}" stroke-width="1.2">{paths}</g>')
    body.append(_benchmark_y(plot, y, benchmark, lang))
    position_title = t("outcomes_col_position", lang)
    dots = []
    for name, v, num, den, pos, lo, hi, sample in rows:
        colour = POSITION_COLOURS.get(pos, POSITION_COLOURS["not_compared"])
        facts = _facts(
            name,
            (y_title, _number(v, 1)),
            (t("outcomes_col_numerator", lang), _number(num, 0)),
            (x_title, _number(den, 0)),
            (limit_names["95"], _interval(lo, hi)),
            (position_title, t(f"outcomes_position_{pos}", lang)),
        )
        dots.append(f"<g{_sample_attrs(sample, colour, hollow=True)}>{_circle(x(den), y(v), 6, facts)}</g>")
    body.append(f'<g stroke-width="2">{"".join(dots)}</g>')
    palette = _palette(POSITION_COLOURS, [r[4] for r in rows], "outcomes_position_", lang)
    top = [_legend(position_title, [(n, _dot_swatch(c)) for n, c in palette])]
    bottom = [
        _legend(None, [(limit_names[level], _line_swatch(MUTED, dash)) for level, dash in LIMIT_DASHES.items()]),
        *_data_legend([r[7] for r in rows], lang, hollow=True),
    ]
    description = t("charts_desc_funnel", lang, title=y_title, n=len(rows), benchmark=_number(benchmark, 1), x=x_title)
    return _figure(description, plot, body, top=top, bottom=bottom)


def trend_chart(
    rows: pd.DataFrame, areas: Sequence[str], x_title: str, y_title: str, lang: str, width: int = WIDE
) -> Figure:
    """Closure rate by fiscal year with 95% whiskers, one line per area (own prefecture solid, nation dashed).
    `rows`: area, fiscal_year, closure_rate, closure_rate_low, closure_rate_high, municipalities."""
    data = (
        pd.DataFrame(
            {
                "area": list(rows["area"]),
                "year": pd.to_numeric(rows["fiscal_year"]).tolist(),
                "value": pd.to_numeric(rows["closure_rate"]).tolist(),
                "low": pd.to_numeric(rows["closure_rate_low"]).tolist(),
                "high": pd.to_numeric(rows["closure_rate_high"]).tolist(),
                "municipalities": list(rows["municipalities"]),
            }
        )
        .dropna(subset=["year", "value"])
        .sort_values("year")
    )
    years = [int(v) for v in data["year"]] or [dt.date.today().year]
    plot = _Plot(width, 300, left=56, right=14, top=12, bottom=42)
    x = _Scale(min(years) - 0.3, max(years) + 0.3, plot.x0, plot.x1)
    y = _Scale(*_nice_domain([*data["value"], *data["low"], *data["high"]]), plot.y1, plot.y0)
    body = [_grid_y(plot, y), _year_axis(plot, x, sorted(set(years)), x_title), _axis_y(plot, y, y_title)]
    legend = []
    for i, area in enumerate(areas):
        colour, dash = AREA_COLOURS[i % len(AREA_COLOURS)], ("" if i == 0 else "6 4")
        own = data[data["area"] == area]
        legend.append((area, _line_swatch(colour, dash)))
        line = _polyline((x(yr), y(v)) for yr, v in zip(own["year"], own["value"]))
        marks = []
        for yr, v, lo, hi, n in zip(own["year"], own["value"], own["low"], own["high"], own["municipalities"]):
            facts = _facts(
                None,
                (t("compare_item_prefecture", lang), area),
                (x_title, str(int(yr))),
                (y_title, _number(v, 1)),
                (t("charts_interval", lang), _interval(lo, hi)),
                (t("outcomes_reported", lang), _number(n, 0)),
            )
            whisker = (
                f'<path d="M{_c(x(yr))} {_c(y(lo))}V{_c(y(hi))}" stroke-width="1.5"/>'
                if _finite(lo) and _finite(hi)
                else ""
            )
            marks.append(f"<g>{_title(facts)}{whisker}{_circle(x(yr), y(v), 4.5)}</g>")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<g stroke="{colour}" fill="{colour}">'
            + (f'<path d="{line}" fill="none" stroke-width="3"{dash_attr}/>' if len(own) > 1 else "")
            + "".join(marks)
            + "</g>"
        )
    description = t(
        "charts_desc_trend", lang, title=y_title, areas=_listed(areas, lang), first=min(years), last=max(years)
    )
    return _figure(description, plot, body, top=[_legend(None, legend)])


def interval_dots(
    frame: pd.DataFrame,
    key: str,
    names: Sequence[str],
    colours: Sequence[str],
    title: str,
    lang: str,
    width: int = NARROW,
) -> Figure:
    """One dot per chosen municipality (its own colour, hollow when a sample) with its 95% whiskers, in the
    order chosen; `names` are the display names of the rows of `frame`."""
    value, low, high = (pd.to_numeric(frame[c]).tolist() for c in (key, f"{key}_low", f"{key}_high"))
    samples = [bool(s) for s in frame["synthetic"]]
    left = _label_width(names, 240) + 10
    plot = _Plot(width, 40 * len(names), left=left, right=20, top=28, bottom=38)
    x = _Scale(*_nice_domain([0.0, *value, *low, *high]), plot.x0, plot.x1)
    body = [
        f'<text x="{plot.x0}" y="16" font-weight="bold" font-size="13" fill="{INK}">{_e(title)}</text>',
        _grid_x(plot, x),
        _axis_x(plot, x, title),
    ]
    marks, labels = [], []
    for i, (name, colour, v, lo, hi, sample) in enumerate(zip(names, colours, value, low, high, samples)):
        middle = plot.y0 + 40 * i + 20
        labels.append(f'<text x="{plot.x0 - 6}" y="{middle + 4}">{_e(_fit(name, left - 10))}</text>')
        if not _finite(v):
            continue
        facts = _facts(name, (title, _number(v, 1)), (t("charts_interval", lang), _interval(lo, hi)))
        marks.append(
            f'<g>{_title(facts)}<g stroke="{INK}" stroke-width="1.2">{_whisker_h(x, lo, hi, middle)}</g>'
            f'<g stroke-width="2"{_sample_attrs(sample, colour, hollow=True)}>'
            f"{_circle(x(v), middle, 7)}</g></g>"
        )
    body += ["".join(marks), f'<g text-anchor="end" fill="{INK}">{"".join(labels)}</g>']
    description = t("charts_desc_dots", lang, title=title, names=_listed(names, lang))
    return _figure(description, plot, body, bottom=_data_legend(samples, lang, hollow=True))


def scatter_chart(
    others: pd.DataFrame,
    chosen: pd.DataFrame,
    colours: Sequence[str],
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    log_x: bool,
    log_y: bool,
    lang: str,
    width: int = WIDE,
) -> Figure:
    """All municipalities in grey, the chosen ones in their `colours` with their names; samples hollow."""

    def points(rows: pd.DataFrame) -> list[tuple[str, float, float, bool]]:
        return [
            (sample_name(n, s, lang), float(a), float(b), bool(s))
            for n, s, a, b in zip(rows["name"], rows["synthetic"], pd.to_numeric(rows[x]), pd.to_numeric(rows[y]))
            if _finite(a) and _finite(b) and (a > 0 or not log_x) and (b > 0 or not log_y)
        ]

    grey, mine = points(others), points(chosen)
    colour_of = dict(zip([sample_name(n, s, lang) for n, s in zip(chosen["name"], chosen["synthetic"])], colours))
    plot = _Plot(width, 420, left=64, right=24, top=20, bottom=42)
    xs, ys = [p[1] for p in grey + mine], [p[2] for p in grey + mine]
    sx = _Scale(*(_log_domain(xs) if log_x else _nice_domain(xs)), plot.x0, plot.x1, log=log_x)
    sy = _Scale(*(_log_domain(ys) if log_y else _nice_domain(ys)), plot.y1, plot.y0, log=log_y)
    body = [_grid_x(plot, sx), _grid_y(plot, sy), _axis_x(plot, sx, x_title), _axis_y(plot, sy, y_title)]

    def facts(name: str, a: float, b: float, short: bool = False) -> str:
        keys = (t("charts_x_axis", lang), t("charts_y_axis", lang)) if short else (x_title, y_title)
        return _facts(name, (keys[0], _number(a, 1)), (keys[1], _number(b, 1)))

    # one group per kind (the colour and the dash written once); the grey dots, up to every municipality of the
    # nation, name their axes 横軸/縦軸 rather than the indicators, which keeps the markup to about 200 KB
    for sample in (False, True):
        dots = "".join(_circle(sx(a), sy(b), 3.5, facts(n, a, b, short=True)) for n, a, b, s in grey if s == sample)
        if dots:
            body.append(f'<g stroke-width="1"{_sample_attrs(sample, "#999999", hollow=True)}>{dots}</g>')
    for name, a, b, sample in mine:
        colour = colour_of.get(name, GROUP_COLOURS[0])
        body.append(
            f'<g stroke-width="3"{_sample_attrs(sample, colour, hollow=True)}>'
            f"{_circle(sx(a), sy(b), 7.5, facts(name, a, b))}</g>"
            f'<text x="{_c(sx(a))}" y="{_c(sy(b) - 13)}" text-anchor="middle" font-weight="bold" '
            f'fill="{colour}"{HALO}>{_e(name)}</text>'
        )
    nation = t("outcomes_nation", lang)
    legend = _legend(
        None,
        [(nation, _dot_swatch("#999999"))] + [(n, _dot_swatch(colour_of.get(n, GROUP_COLOURS[0]))) for n, *_ in mine],
    )
    description = t(
        "charts_desc_scatter",
        lang,
        x=x_title,
        y=y_title,
        n=len(grey) + len(mine),
        names=_listed([n for n, *_ in mine], lang),
    )
    return _figure(
        description, plot, body, top=[legend], bottom=_data_legend([p[3] for p in grey + mine], lang, hollow=True)
    )


def spine_chart(
    table: pd.DataFrame, metrics: Sequence[str], values: Sequence[str], pref_name: str, lang: str, width: int = WIDE
) -> Figure:
    """Fingertips-style spine chart: per indicator the national range (light) and 25–75% (darker) around the
    benchmark (centre line), the prefecture as a white diamond and the municipality as a dot coloured by its
    label (hollow when a sample; no dot for a hidden value). Positions `_min` … `_pref` are 0–1 scaled."""
    columns = {c: pd.to_numeric(table[f"_{c}"]).tolist() for c in ("min", "max", "q_low", "q_high", "pref", "value")}
    labels, samples = list(table["_label"]), [bool(s) for s in table["_synthetic"]]
    left = _label_width(metrics, 260) + 10
    plot = _Plot(width, 64 * len(metrics), left=left, right=14, top=4, bottom=4)
    x = _Scale(-0.02, 1.02, plot.x0, plot.x1)
    label_title = t("outcomes_col_label", lang)
    light, dark, diamonds, dots, names = [], [], [], [], []
    drawn_labels, drawn_samples = [], []
    for i, metric in enumerate(metrics):
        middle = plot.y0 + 64 * i + 32
        row = {c: v[i] for c, v in columns.items()}
        names.append(f'<text x="{plot.x0 - 8}" y="{middle + 4}">{_e(_fit(metric, left - 10))}</text>')
        for band, (lo, hi) in ((light, ("min", "max")), (dark, ("q_low", "q_high"))):
            if _finite(row[lo]) and _finite(row[hi]):
                band.append(
                    f'<rect x="{_c(x(row[lo]))}" y="{middle - 15}" width="{_c(x(row[hi]) - x(row[lo]))}" height="30"/>'
                )
        if _finite(row["pref"]):
            diamonds.append(_diamond(x(row["pref"]), middle, 9, _facts(pref_name, (t("col_metric", lang), metric))))
        if labels[i] in LABEL_COLOURS and _finite(row["value"]):  # a hidden value gets no dot
            facts = _facts(
                None,
                (t("col_metric", lang), metric),
                (t("outcomes_col_value_ci", lang), values[i]),
                (label_title, t(f"outcomes_label_{labels[i]}", lang)),
            )
            dots.append(
                f"<g{_sample_attrs(samples[i], LABEL_COLOURS[labels[i]], hollow=True)}>"
                f"{_circle(x(row['value']), middle, 9.5, facts)}</g>"
            )
            drawn_labels.append(labels[i])
            drawn_samples.append(samples[i])
    body = [
        f'<g fill="#E5E5E5">{"".join(light)}</g><g fill="#BBBBBB">{"".join(dark)}</g>',
        f'<path d="M{_c(x(0.5))} {plot.y0}V{plot.y1}" stroke="#000000" stroke-width="2"/>',
        f'<g fill="#FFFFFF" stroke="#000000" stroke-width="2">{"".join(diamonds)}</g>',
        f'<g stroke-width="3">{"".join(dots)}</g>',
        f'<g text-anchor="end" fill="{INK}">{"".join(names)}</g>',
    ]
    items = [(pref_name, _diamond_swatch("#FFFFFF", "#000000"))]
    legends = [_legend(None, items)]
    if dots:
        palette = _palette(LABEL_COLOURS, drawn_labels, "outcomes_label_", lang)
        legends.append(_legend(label_title, [(n, _dot_swatch(c)) for n, c in palette]))
    description = t("charts_desc_spine", lang, n=len(metrics), pref=pref_name)
    return _figure(description, plot, body, top=legends, bottom=_data_legend(drawn_samples, lang, hollow=True))


# --- scales and axes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plot:
    """The drawing area inside a `width` × (`top` + `height` + `bottom`) canvas."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def x0(self) -> int:
        return self.left

    @property
    def x1(self) -> int:
        return self.width - self.right

    @property
    def y0(self) -> int:
        return self.top

    @property
    def y1(self) -> int:
        return self.top + self.height

    @property
    def total_height(self) -> int:
        return self.top + self.height + self.bottom


@dataclass(frozen=True)
class _Scale:
    """Maps a value in [lo, hi] (log10 when `log`) to a pixel in [start, stop]."""

    lo: float
    hi: float
    start: float
    stop: float
    log: bool = False

    def __call__(self, value: float) -> float:
        lo, hi, v = (
            (math.log10(self.lo), math.log10(self.hi), math.log10(value))
            if self.log
            else (self.lo, self.hi, float(value))
        )
        return self.start + (v - lo) / (hi - lo) * (self.stop - self.start)

    def ticks(self) -> list[float]:
        if self.log:
            return [10.0**k for k in range(round(math.log10(self.lo)), round(math.log10(self.hi)) + 1)]
        step = _step(self.lo, self.hi)
        first = math.ceil(self.lo / step - 1e-9)
        return [round((first + i) * step, 10) for i in range(int((self.hi - first * step) / step + 1e-9) + 1)]

    def label(self, value: float) -> str:
        if self.log:
            return f"{value:,.0f}" if value >= 1 else f"{value:g}"
        return f"{value:,.{max(0, -math.floor(math.log10(_step(self.lo, self.hi)) + 1e-9))}f}"


def _step(lo: float, hi: float, count: int = 5) -> float:
    """A 1, 2 or 5 × 10ⁿ step giving about `count` intervals over [lo, hi]."""
    raw = (hi - lo) / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))


def _nice_domain(values: Iterable) -> tuple[float, float]:
    """[lo, hi] covering the finite values, widened to whole ticks ([0, 1] when there are none)."""
    finite = [float(v) for v in values if _finite(v)]
    if not finite:
        return 0.0, 1.0
    lo, hi = min(finite), max(finite)
    if hi == lo:
        lo, hi = (lo - 1, hi + 1) if lo else (0.0, 1.0)
    step = _step(lo, hi)
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


def _log_domain(values: Iterable) -> tuple[float, float]:
    """[10ᵃ, 10ᵇ] covering the positive values (at least one decade)."""
    positive = [float(v) for v in values if _finite(v) and v > 0]
    if not positive:
        return 1.0, 10.0
    lo, hi = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    return 10.0**lo, 10.0 ** max(hi, lo + 1)


def _grid_x(plot: _Plot, x: _Scale) -> str:
    lines = "".join(f"M{_c(x(v))} {plot.y0}V{plot.y1}" for v in x.ticks())
    return f'<path d="{lines}" stroke="{GRID}"/>'


def _grid_y(plot: _Plot, y: _Scale) -> str:
    lines = "".join(f"M{plot.x0} {_c(y(v))}H{plot.x1}" for v in y.ticks())
    return f'<path d="{lines}" stroke="{GRID}"/>'


def _axis_x(plot: _Plot, x: _Scale, title: str) -> str:
    labels = "".join(f'<text x="{_c(x(v))}" y="{plot.y1 + 15}">{x.label(v)}</text>' for v in x.ticks())
    return (
        f'<path d="M{plot.x0} {plot.y1}H{plot.x1}" stroke="{MUTED}"/>'
        f'<g text-anchor="middle" fill="{MUTED}">{labels}'
        f'<text x="{_c((plot.x0 + plot.x1) / 2)}" y="{plot.y1 + 33}" font-weight="bold" fill="{INK}">'
        f"{_e(title)}</text></g>"
    )


def _axis_y(plot: _Plot, y: _Scale, title: str) -> str:
    labels = "".join(f'<text x="{plot.x0 - 5}" y="{_c(y(v) + 4)}">{y.label(v)}</text>' for v in y.ticks())
    middle = _c((plot.y0 + plot.y1) / 2)
    return (
        f'<path d="M{plot.x0} {plot.y0}V{plot.y1}" stroke="{MUTED}"/>'
        f'<g text-anchor="end" fill="{MUTED}">{labels}</g>'
        f'<text transform="translate(14 {middle}) rotate(-90)" text-anchor="middle" font-weight="bold" '
        f'fill="{INK}">{_e(title)}</text>'
    )


def _year_axis(plot: _Plot, x: _Scale, years: list[int], title: str) -> str:
    step = max(1, math.ceil(len(range(years[0], years[-1] + 1)) / 10))
    shown = list(range(years[0], years[-1] + 1, step))
    labels = "".join(f'<text x="{_c(x(v))}" y="{plot.y1 + 15}">{v}</text>' for v in shown)  # no separator
    return (
        f'<path d="M{plot.x0} {plot.y1}H{plot.x1}" stroke="{MUTED}"/>'
        f'<g text-anchor="middle" fill="{MUTED}">{labels}'
        f'<text x="{_c((plot.x0 + plot.x1) / 2)}" y="{plot.y1 + 33}" font-weight="bold" fill="{INK}">'
        f"{_e(title)}</text></g>"
    )


def _date_domain(start: dt.date, end: dt.date) -> tuple[float, float]:
    """Ordinal days from the first of `start`'s month to the first of the month after `end`."""
    first = start.replace(day=1)
    after = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return float(first.toordinal()), float(after.toordinal())


def _date_axis(plot: _Plot, x: _Scale, start: dt.date, end: dt.date) -> str:
    """Ticks on the first of every 1, 2, 3, 6, 12, 24 or 60 months (at most 7), labelled YYYY/MM."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 7), 120)
    index = start.year * 12 + start.month - 1
    index += (-index) % step
    ticks = []
    while True:
        day = dt.date(index // 12, index % 12 + 1, 1)
        if day.toordinal() > x.hi:
            break
        ticks.append(day)
        index += step
    lines = "".join(f"M{_c(x(day.toordinal()))} {plot.y0}V{plot.y1}" for day in ticks)
    labels = "".join(f'<text x="{_c(x(day.toordinal()))}" y="{plot.y1 + 15}">{day:%Y/%m}</text>' for day in ticks)
    return (
        f'<path d="{lines}" stroke="{GRID}"/><path d="M{plot.x0} {plot.y1}H{plot.x1}" stroke="{MUTED}"/>'
        f'<g text-anchor="middle" fill="{MUTED}">{labels}</g>'
    )


def _benchmark_x(plot: _Plot, x: _Scale, benchmark: float, lang: str) -> str:
    """The benchmark as a dashed vertical rule with its value written above it."""
    if not _finite(benchmark):
        return ""
    text = f"{t('outcomes_col_benchmark', lang)} {_number(benchmark, 1)}"
    at = _c(x(benchmark))
    return (
        f'<g stroke="{INK}" fill="{INK}">{_title(text)}<path d="M{at} {plot.y0 - 2}V{plot.y1}" stroke-width="1.5" '
        f'stroke-dasharray="6 4"/><text x="{at}" y="{plot.y0 - 5}" text-anchor="middle" stroke="none">'
        f"{_e(text)}</text></g>"
    )


def _benchmark_y(plot: _Plot, y: _Scale, benchmark: float, lang: str) -> str:
    """The benchmark as a dashed horizontal rule with its value written above its left end."""
    if not _finite(benchmark):
        return ""
    text = f"{t('outcomes_col_benchmark', lang)} {_number(benchmark, 1)}"
    at = _c(y(benchmark))
    return (
        f'<g stroke="{INK}" fill="{INK}">{_title(text)}<path d="M{plot.x0} {at}H{plot.x1}" stroke-width="1.5" '
        f'stroke-dasharray="6 4"/><text x="{plot.x0 + 4}" y="{_c(y(benchmark) - 4)}"{HALO}>'
        f"{_e(text)}</text></g>"
    )


# --- marks ----------------------------------------------------------------------------------------------------


def _circle(cx: float, cy: float, r: float, title: str | None = None) -> str:
    if title is None:
        return f'<circle cx="{_c(cx)}" cy="{_c(cy)}" r="{r}"/>'
    return f'<circle cx="{_c(cx)}" cy="{_c(cy)}" r="{r}">{_title(title)}</circle>'


def _diamond(cx: float, cy: float, half: float, title: str | None = None) -> str:
    d = f"M{_c(cx)} {_c(cy - half)}l{half} {half}l{-half} {half}l{-half} {-half}z"
    return f'<path d="{d}"/>' if title is None else f'<path d="{d}">{_title(title)}</path>'


def _whisker_h(x: _Scale, low: float, high: float, at: float) -> str:
    """A 95% interval as a horizontal line with short end caps (nothing when either end is missing)."""
    if not (_finite(low) and _finite(high)):
        return ""
    a, b = _c(x(low)), _c(x(high))
    return (
        f'<path d="M{a} {at}H{b}M{a} {at - 4}v8M{b} {at - 4}v8" stroke="{INK}" stroke-width="1.2" '
        'stroke-dasharray="none"/>'
    )


def _sample_attrs(sample: bool, colour: str, hollow: bool) -> str:
    """Fill and outline in the mark's colour; a sample pale (points: hollow) with a dashed outline."""
    if not sample:
        return f' fill="{colour}" stroke="{colour}"'
    fill = 'fill="none"' if hollow else f'fill="{colour}" fill-opacity=".35"'
    return f' {fill} stroke="{colour}" stroke-dasharray="{DASHED}"'


def _polyline(points: Iterable[tuple[float, float]]) -> str:
    return "".join(f"{'M' if i == 0 else 'L'}{_c(a)} {_c(b)}" for i, (a, b) in enumerate(points))


def _title(text: str) -> str:
    """A mark's tooltip and accessible name; its lines are kept as character references (one line of markup)."""
    return f"<title>{_e(text).replace(chr(10), '&#10;')}</title>"


def _facts(name: str | None, *pairs: tuple[str, str]) -> str:
    return "\n".join(([name] if name else []) + [f"{key}: {value}" for key, value in pairs])


# --- legends and the figure -----------------------------------------------------------------------------------

Swatch = str


def _legend(title: str | None, items: Sequence[tuple[str, Swatch]]) -> str:
    if not items:
        return ""
    head = f'<b style="font-weight:600">{_e(title)}</b>' if title else ""
    cells = "".join(
        f'<span style="display:inline-flex;align-items:center;gap:5px">{swatch}{_e(name)}</span>'
        for name, swatch in items
    )
    return (
        f'<div style="display:flex;flex-wrap:wrap;align-items:center;gap:2px 14px;font-size:13px;'
        f'margin:2px 0">{head}{cells}</div>'
    )


def _swatch(inner: str) -> Swatch:
    return f'<svg width="18" height="14" viewBox="0 0 18 14" aria-hidden="true">{inner}</svg>'


def _box_swatch(colour: str, sample: bool = False) -> Swatch:
    return _swatch(
        f'<rect x="2" y="2" width="14" height="10"{_sample_attrs(sample, colour, hollow=False)} stroke-width="1.5"/>'
    )


def _dot_swatch(colour: str, sample: bool = False) -> Swatch:
    return _swatch(f'<circle cx="9" cy="7" r="5"{_sample_attrs(sample, colour, hollow=True)} stroke-width="1.5"/>')


def _line_swatch(colour: str, dash: str = "") -> Swatch:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return _swatch(f'<path d="M0 7H18" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')


def _diamond_swatch(fill: str, stroke: str | None = None) -> Swatch:
    return _swatch(f'<path d="M9 1l6 6l-6 6l-6 -6z" fill="{fill}" stroke="{stroke or fill}" stroke-width="1.5"/>')


def _data_legend(samples: Iterable[bool], lang: str, hollow: bool) -> list[str]:
    """The 「データ: 実データ / サンプル」 legend, when any sample is drawn."""
    if not any(samples):
        return []
    swatch = _dot_swatch if hollow else _box_swatch
    return [
        _legend(
            t("charts_data", lang),
            [(t("charts_real", lang), swatch("#777777")), (t("charts_sample", lang), swatch("#777777", sample=True))],
        )
    ]


def _palette(colours: dict[str, str], present: Iterable, prefix: str, lang: str) -> list[tuple[str, str]]:
    """(name, colour) of the categories that are drawn, in a fixed order."""
    drawn = set(present)
    return [(t(prefix + k, lang), c) for k, c in colours.items() if k in drawn]


def _figure(
    description: str, plot: _Plot, body: list[str], top: Sequence[str] = (), bottom: Sequence[str] = ()
) -> Figure:
    """Legends above and below an SVG of `plot`'s size that scales down with its column, as one line."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {plot.width} {plot.total_height}" role="img" '
        f'aria-label="{_e(description)}" font-size="{FONT}" '
        f'style="display:block;width:100%;max-width:{plot.width}px;height:auto;font-family:inherit">'
        f"<desc>{_e(description)}</desc>{''.join(body)}</svg>"
    )
    markup = f'<figure class="dash-chart" style="margin:0 0 1rem 0">{"".join(top)}{svg}{"".join(bottom)}</figure>'
    return Figure(markup=markup.replace("\n", " "), description=description)


# --- text and numbers -----------------------------------------------------------------------------------------


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _c(value: float) -> str:
    """A coordinate to one decimal, without a trailing .0."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _finite(value) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _number(value, digits: int) -> str:
    return f"{float(value):,.{digits}f}" if _finite(value) else "—"


def _interval(low, high) -> str:
    return f"{float(low):,.1f}–{float(high):,.1f}" if _finite(low) and _finite(high) else "—"


def _listed(names: Iterable[str], lang: str) -> str:
    return ("、" if lang == "ja" else ", ").join(names)


def _text_width(text: str) -> float:
    """Rough width (px) of `text` at 12 px: full-width characters ~12 px, others ~6.5 px."""
    return sum(12.0 if ord(ch) >= 0x2E80 else 6.5 for ch in text)


def _label_width(names: Iterable[str], limit: int) -> int:
    return math.ceil(min(limit, max([_text_width(n) for n in names] or [0])))


def _fit(text: str, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` pixels (the mark's title keeps the whole name)."""
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _dated(dates: Iterable, values: Iterable) -> list[tuple[dt.date, float]]:
    days = pd.to_datetime(pd.Series(list(dates)), errors="coerce")
    return [
        (d.date(), float(v)) for d, v in zip(days, pd.to_numeric(pd.Series(list(values)))) if pd.notna(d) and _finite(v)
    ]


def _ordinal(day: dt.date) -> float:
    return float(day.toordinal())

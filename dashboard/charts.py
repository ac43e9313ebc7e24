"""Vega-Lite (Altair) charts shared by the screens.

Streamlit draws Vega-Lite with its own frontend bundle, so a chart adds no plotting library to the page load
(Plotly's bundle alone made a chart screen 2.5 × slower than an empty page). Colours are the
colour-vision-safe Okabe–Ito set. Samples (synthetic data) keep the （サンプル） suffix in their names and are
drawn pale with a dashed outline (points hollow), explained in a 「データ」 legend. Each builder takes only the
columns it draws, so the data sent to the browser stays small.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from dashboard.i18n import t

LABEL_COLOURS = {  # legend order: the favourable or higher side first
    "better": "#0072B2", "higher": "#009E73", "similar": "#E69F00", "worse": "#D55E00", "lower": "#CC79A7",
    "not_compared": "#999999",
}
POSITION_COLOURS = {
    "above_998": "#D55E00", "above_95": "#E69F00", "within": "#0072B2",
    "below_95": "#56B4E9", "below_998": "#CC79A7", "not_compared": "#999999",
}
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
AREA_COLOURS = ("#0072B2", "#E69F00")
INK = "#333333"
SOLID, DASHED = [1, 0], [5, 3]


def sample_name(name: str, synthetic: bool, lang: str) -> str:
    """A name as charts show it: samples carry 「（サンプル）」 so the mark is readable without colour."""
    return f"{name}（{t('synthetic_badge', lang)}）" if synthetic else name


def coverage_curve(series: pd.DataFrame, reported: pd.DataFrame, targets: pd.DataFrame, lang: str,
                   height: int = 300) -> alt.LayerChart:
    """Step curve of councils set up, the municipality's reported figures as diamonds, its target as a line."""
    names = [t("legend_cumulative", lang), t("legend_reported", lang), t("legend_target", lang)]
    drawn = [True, not reported.empty, not targets.empty]
    colour = alt.Color("series:N", legend=alt.Legend(title=None, orient="top"), scale=alt.Scale(
        domain=[n for n, d in zip(names, drawn) if d],
        range=[c for c, d in zip(("#0072B2", "#D55E00", "#CC79A7"), drawn) if d]))
    x = alt.X("date:T", title=None, scale=alt.Scale(type="utc"), axis=alt.Axis(format="%Y/%m"))
    y = alt.Y("value:Q", title=t("col_established", lang))
    tooltip = [alt.Tooltip("series:N", title=" "), alt.Tooltip("day:N", title=t("charts_date", lang)),
               alt.Tooltip("value:Q", title=t("col_established", lang))]
    curve = alt.Chart(_dated(series["date"], series["established"], names[0])).mark_line(
        interpolate="step-after", strokeWidth=3).encode(x=x, y=y, color=colour, tooltip=tooltip)
    layers: list[alt.Chart] = [curve]
    if not reported.empty:
        points = alt.Chart(_dated(reported["as_of"], reported["value"], names[1]))
        layers += [points.mark_point(shape="diamond", size=170, filled=True).encode(x=x, y=y, color=colour,
                                                                                     tooltip=tooltip),
                   points.mark_text(align="right", dx=-9, dy=-9, fontWeight="bold", color="#D55E00").encode(
                       x=x, y=y, text=alt.Text("value:Q", format="d"))]
    if not targets.empty:
        goal = pd.DataFrame({"series": names[2], "value": pd.to_numeric(targets["value"]).to_numpy(),
                             "day": targets["due_on"].astype(str).to_numpy()})
        goal["note"] = [f"{names[2]} {int(v)}（{d}）" for v, d in zip(goal["value"], goal["day"])]
        rule = alt.Chart(goal)
        layers += [rule.mark_rule(strokeDash=DASHED, strokeWidth=2).encode(y=y, color=colour, tooltip=tooltip),
                   rule.mark_text(align="right", baseline="bottom", x="width", dy=-3, color="#CC79A7").encode(
                       y=y, text="note:N")]
    return alt.layer(*layers).properties(height=height)


def _dated(dates: pd.Series, values: pd.Series, series: str) -> pd.DataFrame:
    days = pd.to_datetime(pd.Series(list(dates)))
    return pd.DataFrame({"series": series, "date": days.to_numpy(), "day": days.dt.strftime("%Y-%m-%d").to_numpy(),
                         "value": pd.to_numeric(pd.Series(list(values))).to_numpy()})


def interval_bars(frame: pd.DataFrame, key: str, labels: pd.Series, benchmark: float, axis_title: str,
                  lang: str) -> alt.LayerChart:
    """Horizontal bars (largest on top) with 95% whiskers, coloured by the benchmark label, the benchmark as a
    dashed rule; one 22-pixel row per municipality."""
    rows = frame.assign(label=labels).dropna(subset=[key]).sort_values(key, ascending=False)
    data = pd.DataFrame({
        "name": [sample_name(n, s, lang) for n, s in zip(rows["name"], rows["synthetic"])],
        "value": pd.to_numeric(rows[key]).to_numpy(),
        "low": pd.to_numeric(rows[f"{key}_low"]).to_numpy(),
        "high": pd.to_numeric(rows[f"{key}_high"]).to_numpy(),
        "label": [t(f"outcomes_label_{label}", lang) for label in rows["label"]],
        "sample": _sample_text(rows["synthetic"], lang),
    })
    data["interval"] = _interval_text(data["low"], data["high"])
    colour = _coloured("label", _palette(LABEL_COLOURS, rows["label"], "outcomes_label_", lang),
                       alt.Legend(title=t("outcomes_col_label", lang), orient="top", columns=3))
    y = alt.Y("name:N", sort=list(dict.fromkeys(data["name"])), title=None, axis=alt.Axis(labelLimit=240))
    tooltip = _tooltip(axis_title, lang, extra=[alt.Tooltip("label:N", title=t("outcomes_col_label", lang))])
    base = alt.Chart(data)
    bars = base.mark_bar(strokeWidth=1.5).encode(
        x=alt.X("value:Q", title=axis_title), y=y, tooltip=tooltip, **colour,
        **_sample_marks(rows["synthetic"], lang, hollow=False))
    whiskers = base.mark_rule(color=INK, strokeWidth=1.2).encode(x="low:Q", x2="high:Q", y=y, tooltip=tooltip)
    return alt.layer(bars, whiskers, _benchmark_rule("x", benchmark, lang)).properties(height=alt.Step(22))


def funnel_chart(points: pd.DataFrame, curve: pd.DataFrame, numerator: str, denominator: str, benchmark: float,
                 x_title: str, y_title: str, lang: str) -> alt.LayerChart:
    """Funnel plot: points coloured by their position against the 95% (dashed) and 99.8% (dotted) control
    limits around the benchmark; the denominator on a log axis."""
    limit_names = {level: t(f"outcomes_col_limit_{level}", lang) for level in ("95", "998")}
    limits = pd.concat([pd.DataFrame({"denominator": curve["denominator"].astype(float), "limit": name,
                                      "side": side, "value": pd.to_numeric(curve[f"{side}_{level}"])})
                        for level, name in limit_names.items() for side in ("low", "high")], ignore_index=True)
    x = alt.X("denominator:Q", title=x_title, scale=alt.Scale(type="log"))
    y = alt.Y("value:Q", title=y_title)
    lines = alt.Chart(limits.dropna()).mark_line(color="#555555", strokeWidth=1.2).encode(
        x=x, y=y, detail="side:N",
        strokeDash=alt.StrokeDash("limit:N", scale=alt.Scale(domain=list(limit_names.values()),
                                                             range=[[6, 4], [2, 2]]),
                                  legend=alt.Legend(title=None, orient="bottom", symbolStrokeColor="#555555")))
    data = pd.DataFrame({
        "name": [sample_name(n, s, lang) for n, s in zip(points["name"], points["synthetic"])],
        "value": pd.to_numeric(points["value"]).to_numpy(),
        "numerator": pd.to_numeric(points[numerator]).to_numpy(),
        "denominator": pd.to_numeric(points[denominator]).astype(float).to_numpy(),
        "position": [t(f"outcomes_position_{p}", lang) for p in points["position"]],
        "interval": _interval_text(points["low_95"], points["high_95"]).to_numpy(),
        "sample": _sample_text(points["synthetic"], lang),
    })
    colour = _coloured("position", _palette(POSITION_COLOURS, points["position"], "outcomes_position_", lang),
                       alt.Legend(title=t("outcomes_col_position", lang), orient="top"))
    tooltip = [alt.Tooltip("name:N", title=t("col_name", lang)),
               alt.Tooltip("value:Q", title=y_title, format=",.1f"),
               alt.Tooltip("numerator:Q", title=t("outcomes_col_numerator", lang), format=",.0f"),
               alt.Tooltip("denominator:Q", title=x_title, format=",.0f"),
               alt.Tooltip("interval:N", title=t("outcomes_col_limit_95", lang)),
               alt.Tooltip("position:N", title=t("outcomes_col_position", lang))]
    dots = alt.Chart(data).mark_point(filled=True, size=110, strokeWidth=2).encode(
        x=x, y=y, tooltip=tooltip, **colour, **_sample_marks(points["synthetic"], lang, hollow=True))
    # the limits' dashes and the samples' dashed outlines are two separate scales and legends
    return alt.layer(lines, _benchmark_rule("y", benchmark, lang), dots).resolve_scale(
        strokeDash="independent").properties(height=460)


def trend_chart(rows: pd.DataFrame, areas: Sequence[str], x_title: str, y_title: str, lang: str) -> alt.LayerChart:
    """Closure rate by fiscal year with 95% whiskers, one line per area (own prefecture solid, nation dashed).
    `rows`: area, fiscal_year, closure_rate, closure_rate_low, closure_rate_high, municipalities."""
    data = pd.DataFrame({
        "area": rows["area"].to_numpy(), "fiscal_year": rows["fiscal_year"].astype(int).to_numpy(),
        "value": pd.to_numeric(rows["closure_rate"]).to_numpy(),
        "low": pd.to_numeric(rows["closure_rate_low"]).to_numpy(),
        "high": pd.to_numeric(rows["closure_rate_high"]).to_numpy(),
        "municipalities": rows["municipalities"].to_numpy(),
    })
    data["interval"] = _interval_text(data["low"], data["high"])
    domain = list(areas)
    colour = alt.Color("area:N", scale=alt.Scale(domain=domain, range=list(AREA_COLOURS[: len(domain)])),
                       legend=alt.Legend(title=None, orient="top"))
    dash = alt.StrokeDash("area:N", scale=alt.Scale(domain=domain, range=[SOLID, [6, 4]][: len(domain)]),
                          legend=None)
    x = alt.X("fiscal_year:Q", title=x_title, scale=alt.Scale(zero=False, nice=False),
              axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("value:Q", title=y_title)
    tooltip = [alt.Tooltip("area:N", title=t("compare_item_prefecture", lang)),
               alt.Tooltip("fiscal_year:Q", title=x_title, format="d"),
               alt.Tooltip("value:Q", title=y_title, format=".1f"),
               alt.Tooltip("interval:N", title=t("charts_interval", lang)),
               alt.Tooltip("municipalities:Q", title=t("outcomes_reported", lang))]
    base = alt.Chart(data)
    return alt.layer(
        base.mark_line(strokeWidth=3).encode(x=x, y=y, color=colour, strokeDash=dash),
        base.mark_rule(strokeWidth=1.5).encode(x=x, y="low:Q", y2="high:Q", color=colour, tooltip=tooltip),
        base.mark_point(filled=True, size=70).encode(x=x, y=y, color=colour, tooltip=tooltip),
    ).properties(height=320)


def interval_dots(frame: pd.DataFrame, key: str, names: Sequence[str], colours: Sequence[str], title: str,
                  lang: str) -> alt.LayerChart:
    """One dot per chosen municipality (its own colour, hollow when a sample) with its 95% whiskers, in the
    order chosen; `names` are the display names of the rows of `frame`."""
    data = pd.DataFrame({
        "name": list(names), "value": pd.to_numeric(frame[key]).to_numpy(),
        "low": pd.to_numeric(frame[f"{key}_low"]).to_numpy(), "high": pd.to_numeric(frame[f"{key}_high"]).to_numpy(),
        "sample": _sample_text(frame["synthetic"], lang),
    })
    data["interval"] = _interval_text(data["low"], data["high"])
    colour = _coloured("name", alt.Scale(domain=list(names), range=list(colours)), None)
    y = alt.Y("name:N", sort=list(names), title=None, axis=alt.Axis(labelLimit=240))
    tooltip = _tooltip(title, lang)
    base = alt.Chart(data)
    return alt.layer(
        base.mark_rule(color=INK, strokeWidth=1.2).encode(x=alt.X("low:Q", title=title), x2="high:Q", y=y,
                                                          tooltip=tooltip),
        base.mark_point(filled=True, size=150, strokeWidth=2).encode(
            x="value:Q", y=y, tooltip=tooltip, **colour, **_sample_marks(frame["synthetic"], lang, hollow=True)),
    ).properties(height=alt.Step(40), title=title)


def scatter_chart(others: pd.DataFrame, chosen: pd.DataFrame, colours: Sequence[str], x: str, y: str, x_title: str,
                  y_title: str, log_x: bool, log_y: bool, lang: str) -> alt.LayerChart:
    """All municipalities in grey, the chosen ones in their `colours` with their names; samples hollow."""
    nation = t("outcomes_nation", lang)

    def points(rows: pd.DataFrame) -> pd.DataFrame:
        names = [sample_name(n, s, lang) for n, s in zip(rows["name"], rows["synthetic"])]
        return pd.DataFrame({"name": names, "x": pd.to_numeric(rows[x]).to_numpy(),
                             "y": pd.to_numeric(rows[y]).to_numpy(), "sample": _sample_text(rows["synthetic"], lang)})

    picked = points(chosen).assign(group=lambda d: d["name"])
    colour = _coloured("group", alt.Scale(domain=[nation, *picked["group"]], range=["#999999", *colours]),
                       alt.Legend(title=None, orient="top"))
    x_enc = alt.X("x:Q", title=x_title, scale=alt.Scale(type="log" if log_x else "linear", zero=False))
    y_enc = alt.Y("y:Q", title=y_title, scale=alt.Scale(type="log" if log_y else "linear", zero=False))
    tooltip = [alt.Tooltip("name:N", title=t("col_name", lang)), alt.Tooltip("x:Q", title=x_title, format=",.1f"),
               alt.Tooltip("y:Q", title=y_title, format=",.1f")]
    synthetic = pd.concat([others["synthetic"], chosen["synthetic"]])
    grey = alt.Chart(points(others).assign(group=nation)).mark_point(filled=True, size=40, strokeWidth=1).encode(
        x=x_enc, y=y_enc, tooltip=tooltip, **colour, **_sample_marks(synthetic, lang, hollow=True))
    mine = alt.Chart(picked)
    return alt.layer(
        grey,
        mine.mark_point(filled=True, size=190, strokeWidth=3).encode(
            x=x_enc, y=y_enc, tooltip=tooltip, **colour, **_sample_marks(synthetic, lang, hollow=True)),
        mine.mark_text(dy=-14, fontWeight="bold").encode(x=x_enc, y=y_enc, text="group:N", color=colour["color"]),
    ).properties(height=460)


def spine_chart(table: pd.DataFrame, metrics: Sequence[str], values: Sequence[str], pref_name: str,
                lang: str) -> alt.LayerChart:
    """Fingertips-style spine chart: per indicator the national range (light) and 25–75% (darker) around the
    benchmark (centre line), the prefecture as a white diamond and the municipality as a dot coloured by its
    label (hollow when a sample; no dot for a hidden value). Positions `_min` … `_pref` are 0–1 scaled."""
    bands = pd.DataFrame({"metric": list(metrics), "prefecture": pref_name,
                          **{col: table[f"_{col}"].to_numpy() for col in ("min", "max", "q_low", "q_high", "pref")}})
    dots = pd.DataFrame({"metric": list(metrics), "value_text": list(values), "value": table["_value"].to_numpy(),
                         "label": table["_label"].to_numpy(), "synthetic": table["_synthetic"].to_numpy()})
    dots = dots[dots["label"].isin(list(LABEL_COLOURS)) & dots["value"].notna()]  # a hidden value gets no dot
    dots = dots.assign(label_text=[t(f"outcomes_label_{k}", lang) for k in dots["label"]],
                       sample=_sample_text(dots["synthetic"], lang))
    y = alt.Y("metric:N", sort=list(metrics), title=None, axis=alt.Axis(labelLimit=260))

    def x(field: str) -> alt.X:
        return alt.X(f"{field}:Q", scale=alt.Scale(domain=[-0.02, 1.02]), axis=None)

    base = alt.Chart(bands)
    layers = [
        base.mark_bar(color="#E5E5E5", size=30).encode(x=x("min"), x2="max:Q", y=y),
        base.mark_bar(color="#BBBBBB", size=30).encode(x=x("q_low"), x2="q_high:Q", y=y),
        alt.Chart(pd.DataFrame({"centre": [0.5]})).mark_rule(color="#000000", strokeWidth=2).encode(x=x("centre")),
        base.transform_filter("isValid(datum.pref)").mark_point(
            filled=True, fill="#FFFFFF", stroke="#000000", strokeWidth=2, size=170, opacity=1).encode(
            x=x("pref"), y=y,
            shape=alt.Shape("prefecture:N", scale=alt.Scale(domain=[pref_name], range=["diamond"]),
                            legend=alt.Legend(title=None, orient="top"))),
    ]
    if not dots.empty:
        colour = _coloured("label_text", _palette(LABEL_COLOURS, table["_label"], "outcomes_label_", lang),
                           alt.Legend(title=t("outcomes_col_label", lang), orient="top"))
        layers.append(alt.Chart(dots).mark_point(filled=True, size=300, strokeWidth=3).encode(
            x=x("value"), y=y, **colour,
            tooltip=[alt.Tooltip("metric:N", title=t("col_metric", lang)),
                     alt.Tooltip("value_text:N", title=t("outcomes_col_value_ci", lang)),
                     alt.Tooltip("label_text:N", title=t("outcomes_col_label", lang))],
            **_sample_marks(dots["synthetic"], lang, hollow=True)))
    return alt.layer(*layers).properties(height=alt.Step(64))


def _palette(colours: dict[str, str], present: pd.Series, prefix: str, lang: str) -> alt.Scale:
    """Colour scale of a category listing only the categories that are drawn, in a fixed order."""
    keys = [k for k in colours if k in set(present)]
    return alt.Scale(domain=[t(prefix + k, lang) for k in keys], range=[colours[k] for k in keys])


def _coloured(field: str, scale: alt.Scale, legend: alt.Legend | None) -> dict:
    """Fill and outline in the same colour (the outline carries the sample's dash); Vega-Lite merges the two
    channels' identical legends into one."""
    return {"color": alt.Color(f"{field}:N", scale=scale, legend=legend),
            "stroke": alt.Stroke(f"{field}:N", scale=scale, legend=legend)}


def _sample_text(synthetic: pd.Series, lang: str) -> list[str]:
    return [t("charts_sample", lang) if bool(s) else t("charts_real", lang) for s in synthetic]


def _sample_marks(synthetic: pd.Series, lang: str, hollow: bool) -> dict:
    """Samples pale (points: hollow) with a dashed outline; the 「データ」 legend appears when any is drawn."""
    domain = [t("charts_real", lang), t("charts_sample", lang)]
    legend = alt.Legend(title=t("charts_data", lang), orient="bottom", symbolFillColor="#777777",
                        symbolStrokeColor=INK, symbolStrokeWidth=1.5) if bool(pd.Series(synthetic).any()) else None
    return {"fillOpacity": alt.FillOpacity("sample:O", scale=alt.Scale(domain=domain, range=[1, 0 if hollow else 0.35]),
                                           legend=legend),
            "strokeDash": alt.StrokeDash("sample:O", scale=alt.Scale(domain=domain, range=[SOLID, DASHED]),
                                         legend=legend)}


def _interval_text(low: pd.Series, high: pd.Series) -> pd.Series:
    return pd.Series([f"{lo:,.1f}–{hi:,.1f}" if pd.notna(lo) and pd.notna(hi) else "—"
                      for lo, hi in zip(pd.to_numeric(low), pd.to_numeric(high))])


def _tooltip(value_title: str, lang: str, extra: list | None = None) -> list[alt.Tooltip]:
    return [alt.Tooltip("name:N", title=t("col_name", lang)),
            alt.Tooltip("value:Q", title=value_title, format=",.1f"),
            alt.Tooltip("interval:N", title=t("charts_interval", lang)), *(extra or [])]


def _benchmark_rule(channel: str, benchmark: float, lang: str) -> alt.LayerChart:
    """The benchmark as a dashed rule with its value written beside it."""
    text = f"{t('outcomes_col_benchmark', lang)} {benchmark:,.1f}"
    base = alt.Chart(pd.DataFrame({"benchmark": [benchmark], "text": [text]}))
    position = {channel: alt.X("benchmark:Q") if channel == "x" else alt.Y("benchmark:Q")}
    rule = base.mark_rule(color=INK, strokeDash=[6, 4], strokeWidth=1.5).encode(
        tooltip=alt.Tooltip("text:N", title=t("outcomes_col_benchmark", lang)), **position)
    note = (base.mark_text(align="center", baseline="bottom", y=0, dy=-3, color=INK) if channel == "x" else
            base.mark_text(align="left", baseline="bottom", x=4, dy=-3, color=INK))
    return alt.layer(rule, note.encode(text="text:N", **position))

"""The set-up curve of one municipality's tier-2 councils (協議体の設置状況, and the map's municipality panel)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from core.domain import PALETTE, date_label
from core.i18n import t
from dashboard.charts.style import (
    SAMPLE_DASH,
    Heading,
    escape,
    figure,
    hover,
    number,
    plain,
    point_marker,
    sample_key,
)

CURVE, REPORTED, TARGET = PALETTE["blue"], PALETTE["vermillion"], PALETTE["reddish_purple"]


def coverage_curve(
    series: pd.DataFrame,
    reported: pd.DataFrame,
    targets: pd.DataFrame,
    heading: Heading,
    lang: str,
    sample: bool = False,
    height: int = 280,
) -> go.Figure:
    """Councils set up over time as a step curve (`series`: date, established; dashed with hollow points when
    `sample`: it counts sample districts), the municipality's own reported figures as labelled diamonds
    (`reported`: as_of, value) and each target as a dashed line with its due date (`targets`: value, due_on)."""
    steps = _dated(series, "date", "established")
    shown = _dated(reported, "as_of", "value")
    goals = _dated(targets, "due_on", "value")
    count, date = t("col_established", lang), t("charts_date", lang)

    def facts(rows: pd.DataFrame) -> list[list[str]]:
        return [[escape(date_label(d, lang)), number(v)] for d, v in zip(rows["day"], rows["value"])]

    def trace(rows: pd.DataFrame, name: str, **style) -> go.Scatter:
        return go.Scatter(
            x=plain(rows["day"]),
            y=plain(rows["value"]),
            name=name,
            customdata=facts(rows),
            hovertemplate=hover(escape(name), [(date, "%{customdata[0]}"), (count, "%{customdata[1]}")]),
            **style,
        )

    traces = [
        trace(
            steps,
            t("legend_cumulative", lang),
            mode="lines+markers",
            line=dict(color=CURVE, width=3, shape="hv", dash=SAMPLE_DASH if sample else "solid"),
            marker=point_marker(CURVE, sample, size=7),
        )
    ]
    if not shown.empty:
        traces.append(
            trace(
                shown,
                t("legend_reported", lang),
                mode="markers+text",
                marker=dict(symbol="diamond", size=13, color=REPORTED),
                text=[number(v) for v in shown["value"]],
                textposition="top left",
                textfont=dict(color=REPORTED, size=13),
            )
        )
    days = [*steps["day"], *shown["day"], *goals["day"]]
    start, end = (min(days), max(days)) if days else (dt.date.today(),) * 2
    due = t("outcomes_col_due", lang)
    for i, (_, goal) in enumerate(goals.iterrows()):
        when = escape(date_label(goal["day"], lang))
        traces.append(
            go.Scatter(
                x=[start, max(end, goal["day"])],
                y=[goal["value"]] * 2,
                mode="lines",
                name=t("legend_target", lang),
                legendgroup="target",
                showlegend=i == 0,
                line=dict(color=TARGET, width=2, dash="dash"),
                hovertemplate=hover(escape(t("legend_target", lang)), [(count, number(goal["value"])), (due, when)]),
            )
        )
    if sample:
        traces.append(sample_key(lang))
    description = t(
        "charts_desc_coverage",
        lang,
        start=start.isoformat(),
        end=end.isoformat(),
        count=number(steps["value"].iloc[-1] if not steps.empty else 0),
        reported=len(shown),
        targets=len(goals),
    )
    return figure(
        heading,
        lang,
        height=height,
        description=description,
        tools="image",
        traces=traces,
        xaxis=dict(type="date", tickformat="%Y/%m", hoverformat="%Y-%m-%d", fixedrange=True),
        yaxis=dict(title=dict(text=count), rangemode="tozero", showgrid=True, fixedrange=True),
        annotations=[
            dict(
                x=max(end, goal["day"]),
                y=goal["value"],
                text=escape(
                    t(
                        "with_note",
                        lang,
                        text=f"{t('legend_target', lang)} {number(goal['value'])}",
                        note=date_label(goal["day"], lang),
                    )
                ),
                xanchor="right",
                yanchor="bottom",
                showarrow=False,
                font=dict(color=TARGET, size=12),
            )
            for goal in goals.to_dict("records")
        ],
    )


def _dated(rows: pd.DataFrame, day: str, value: str) -> pd.DataFrame:
    """(day, value) of the rows with a date and a number, in date order."""
    days = pd.to_datetime(pd.Series(list(rows[day]), dtype=object), errors="coerce")
    values = pd.to_numeric(pd.Series(list(rows[value]), dtype=object), errors="coerce")
    keep = days.notna() & values.notna()
    return (
        pd.DataFrame({"day": [d.date() for d in days[keep]], "value": values[keep].astype(float).tolist()})
        .sort_values("day", kind="stable")
        .reset_index(drop=True)
    )

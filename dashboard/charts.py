"""Plotly figures shared by several screens (colour-vision-safe Okabe–Ito colours)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t


def coverage_curve(series: pd.DataFrame, reported: pd.DataFrame, targets: pd.DataFrame, lang: str,
                   height: int = 360) -> go.Figure:
    """Step curve of councils set up, the municipality's reported figures, and its target as a line."""
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=series["date"], y=series["established"], mode="lines", line_shape="hv",
                                name=t("legend_cumulative", lang), line={"color": "#0072B2", "width": 3}))
    if not reported.empty:
        figure.add_trace(go.Scatter(x=reported["as_of"], y=reported["value"], mode="markers+text",
                                    text=[f"{int(v)}" for v in reported["value"]], textposition="top left",
                                    name=t("legend_reported", lang),
                                    marker={"symbol": "diamond", "size": 14, "color": "#D55E00"}))
    for _, row in targets.iterrows():
        figure.add_hline(y=row["value"], line_dash="dash", line_color="#CC79A7",
                         annotation_text=f"{t('legend_target', lang)} {int(row['value'])}（{row['due_on']}）")
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h"},
                         yaxis_title=t("col_established", lang), xaxis_title=None)
    return figure

"""Reading plotly figures back as the browser gets them: the JSON a screen sent (or a builder made), its traces'
points with their codes and hover texts. Shared by the chart builders' tests and the screens' tests."""

from __future__ import annotations

import base64
import html
import json
import re

import numpy as np
import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

FIELD = re.compile(r"%\{customdata\[(\d+)\]\}")


def as_json(figure: go.Figure) -> dict:
    """A builder's figure as the browser receives it (typed arrays decoded to lists)."""
    return decoded(json.loads(figure.to_json()))


def app_figures(app: AppTest) -> list[dict]:
    """The figures a screen sent, in order: each one's spec (decoded), config and description."""
    return [
        {**decoded(json.loads(chart.proto.spec)), "config": json.loads(chart.proto.config), "alt": chart.proto.alt}
        for chart in app.get("plotly_chart")
    ]


def app_specs(app: AppTest) -> list[str]:
    """The figures' JSON exactly as sent: what a reader's browser holds, drawn or not."""
    return [chart.proto.spec for chart in app.get("plotly_chart")]


def decoded(value):
    """Plotly's base64 typed arrays ({"dtype", "bdata"}) as lists, at any depth."""
    if isinstance(value, list):
        return [decoded(v) for v in value]
    if isinstance(value, dict):
        if set(value) <= {"dtype", "bdata", "shape"} and "bdata" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<"))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {key: decoded(v) for key, v in value.items()}
    return value


def hover_text(template: str, custom: list) -> str:
    """What a point's hover box says, as plain text (lines, no markup)."""
    text = FIELD.sub(lambda m: str(custom[int(m.group(1))]), template)
    text = re.sub(r"<extra>.*?</extra>", "", text).replace("<br>", "\n")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def points(figure: dict) -> list[dict]:
    """Every point that names a municipality (its code first in customdata): code, trace, x, y, hover text."""
    found = []
    for trace in figure["data"]:
        for i, custom in enumerate(trace.get("customdata") or []):
            if isinstance(custom, list) and custom and re.fullmatch(r"\d{6}", str(custom[0])):
                found.append(
                    {
                        "code": custom[0],
                        "trace": trace,
                        "x": (trace.get("x") or [None] * (i + 1))[i],
                        "y": (trace.get("y") or [None] * (i + 1))[i],
                        "hover": hover_text(trace["hovertemplate"], custom),
                    }
                )
    return found


def hover_lines(text: str) -> dict[str, str]:
    """A hover text's `label: value` lines as a dict (its first line under "name")."""
    first, *rest = text.split("\n")
    return {"name": first, **dict(line.split(": ", 1) for line in rest if ": " in line)}

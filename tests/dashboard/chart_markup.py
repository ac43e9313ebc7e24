"""Reading the server-rendered charts (dashboard/charts.py) back: the markup parsed as XML, what it writes and what
its marks' tooltips (`<title>`) say. Shared by the chart and screen tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from streamlit.testing.v1 import AppTest

CHART_CLASS = 'class="dash-chart"'


def parse(markup: str) -> ET.Element:
    """The `<figure>` as an element tree with the SVG namespace taken off the tags."""
    root = ET.fromstring(markup)
    for element in root.iter():
        element.tag = element.tag.rsplit("}", 1)[-1]
    return root


def app_charts(app: AppTest) -> list[ET.Element]:
    """The charts a screen sent, in order: its Markdown elements holding a `<figure class="dash-chart">`."""
    return [parse(m.value) for m in app.markdown if CHART_CLASS in m.value]


def plot(figure: ET.Element) -> ET.Element:
    """The chart's own SVG (the legends' swatches are small SVGs of their own)."""
    return next(svg for svg in figure.iter("svg") if svg.get("role") == "img")


def titles(figure: ET.Element) -> list[str]:
    return [element.text or "" for element in plot(figure).iter("title")]


def all_text(figure: ET.Element) -> str:
    """Everything the chart lets a reader see or hear: texts, tooltips, legends and its description."""
    return "\n".join([*figure.itertext(), plot(figure).get("aria-label", "")])


def drawn_names(figure: ET.Element, suffix: str = "（サンプル）") -> set[str]:
    """Names heading a mark's tooltip (a first line that is not `key: value`), without the sample suffix."""
    names = set()
    for text in titles(figure):
        lines = text.split("\n")
        if len(lines) > 1 and ": " not in lines[0]:
            names.add(lines[0].removesuffix(suffix))
    return names


def facts(figure: ET.Element) -> list[dict[str, str]]:
    """Each multi-line tooltip as {key: value} (its name line under "name")."""
    found = []
    for text in titles(figure):
        lines = text.split("\n")
        if len(lines) < 2:
            continue
        row = {} if ": " in lines[0] else {"name": lines.pop(0)}
        row.update(line.split(": ", 1) for line in lines)
        found.append(row)
    return found

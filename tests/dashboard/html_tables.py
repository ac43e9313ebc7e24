"""Read back the HTML a page sent: its tables (dashboard.tables) as DataFrames, its headline figures."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest


class _Tables(HTMLParser):
    """Headings and cells of every `table.dt`; a cell of a number column (heading class "num", not "num text")
    is the number it shows, any other cell its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[list[str], list[list]]] = []
        self._numeric: list[bool] = []
        self._cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "dt" in (attributes.get("class") or "").split():
            self.tables.append(([], []))
            self._numeric = []
        elif self.tables and tag == "tr":
            self._row: list = []
        elif self.tables and tag in ("th", "td"):
            self._cell = {"tag": tag, "text": "", "class": (attributes.get("class") or "").split()}

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data

    def handle_endtag(self, tag):
        if self._cell is not None and tag in ("th", "td"):
            cell, self._cell = self._cell, None
            if cell["tag"] == "th":
                self.tables[-1][0].append(cell["text"])
                self._numeric.append(cell["class"] == ["num"])
            else:
                numeric = self._numeric[len(self._row)] and _NUMBER.fullmatch(cell["text"])
                self._row.append(_number(cell["text"]) if numeric else cell["text"])
        elif self.tables and tag == "tr" and self._row:
            self.tables[-1][1].append(self._row)
            self._row = []


_NUMBER = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?")


def _number(text: str) -> int | float:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def read_tables(markup: str) -> list[pd.DataFrame]:
    parser = _Tables()
    parser.feed(markup)
    return [pd.DataFrame(rows, columns=headings) for headings, rows in parser.tables]


def tables(app: AppTest) -> list[pd.DataFrame]:
    """Every data table on the page, in order."""
    return [frame for element in app.get("html") for frame in read_tables(element.proto.body)]


def kpi_captions(app: AppTest) -> list[str]:
    """The caption under each headline figure (dashboard.widgets.kpis)."""
    return [
        unescape(text)
        for element in app.get("html")
        for text in re.findall(r'<p class="kpi-caption">(.*?)</p>', element.proto.body)
    ]


def kpi_values(app: AppTest) -> list[str]:
    """The figure of each headline card (dashboard.widgets.kpis)."""
    return [
        unescape(text)
        for element in app.get("html")
        for text in re.findall(r'<p class="kpi-value">(.*?)</p>', element.proto.body)
    ]

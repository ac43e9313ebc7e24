"""User-supplied text on screen and in downloads (issue #20): a district, display or file name is shown as text —
never Markdown that makes a browser fetch an image, never a spreadsheet formula in a CSV or workbook."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from dashboard import open_data, widgets
from data_access.database import Database
from data_access.imports.pipeline import import_file
from tests.dashboard.auth_helpers import log_in
from tests.dashboard.page_runner import run_page, run_page_keeping_csv

IMAGE = "![p](http://host.example/x.png)"
FORMULAS = ['=HYPERLINK("http://host.example","x")', "=cmd|' /C calc'!A0", "+1+2", "-1+A1", "@SUM(A1)", "\tx", "\rx"]
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough", "linkify"])


def _links(source: str) -> list[str]:
    """Every image and link target that a Markdown renderer would make of `source`."""
    targets = []
    for token in MARKDOWN.parse(source):
        for child in token.children or []:
            if child.type in ("image", "link_open"):
                targets.append(str(child.attrs.get("src") or child.attrs.get("href")))
    return targets


def _markdown_sources(app: AppTest) -> list[str]:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    return [str(e.value) for kind in kinds for e in app.get(kind)] + [
        str(e.value) for kind in ("caption", "markdown") for e in app.sidebar.get(kind)
    ]


def test_markdown_syntax_in_a_name_stays_text():
    assert _links(IMAGE) == ["http://host.example/x.png"]  # what the attack relied on
    assert _links(widgets.plain(IMAGE)) == []
    assert MARKDOWN.renderInline(widgets.plain(IMAGE)) == "![p](http://host.example/x.png)"


pytestmark = pytest.mark.xdist_group("injection_page")  # one worker builds the module's fixture


@pytest.fixture(scope="module")
def injected(app_database):
    """A district named with image Markdown and a coordinator date, imported from a file with a formula name."""
    text = (
        "団体コード,地区コード,地区名,地区の種類,協議体の状況,設置日,第2層SC配置日\n"
        f'092011,77,"{IMAGE}",日常生活圏域,設置済,2019-04-01,2019-04\n'
    )
    db = Database(app_database)
    outcome = import_file(db, text.encode("utf-8-sig"), f"{FORMULAS[0]}.csv", user="local")
    db.dispose()
    assert outcome.batch_id is not None, [str(p) for p in outcome.problems]
    return app_database


@pytest.mark.parametrize("mode", ["official", "public"])
def test_a_district_name_with_image_markdown_fetches_nothing(mode, injected, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", injected)
    monkeypatch.setenv("DASHBOARD_MODE", mode)
    app = AppTest.from_function(run_page, args=("councils",), default_timeout=60)
    app.query_params.update({"pref": "09", "fy": "2020", "muni": "092011", "lang": "ja"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    sources = _markdown_sources(app)
    assert any("\\!\\[p\\]" in s for s in sources)  # the caption names the district, escaped
    assert [link for s in sources for link in _links(s) if "host.example" in link] == []
    assert all(IMAGE not in e.proto.body or "<img" not in e.proto.body for e in app.get("html"))


def _sidebar() -> None:
    from dashboard import auth, state, widgets

    widgets.sidebar_filters()
    auth.sidebar(state.lang())


def test_a_display_name_with_image_markdown_fetches_nothing(injected, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", injected)
    app = log_in(AppTest.from_function(_sidebar, default_timeout=60), "mallory", "viewer", IMAGE)
    app.query_params.update({"pref": "09", "fy": "2020", "lang": "ja"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    sources = _markdown_sources(app)
    assert any("\\!\\[p\\]" in s and "mallory" in s for s in sources)
    assert [link for s in sources for link in _links(s) if "host.example" in link] == []


def test_text_cells_that_start_a_formula_are_neutralised_in_csv_and_xlsx():
    frame = pd.DataFrame({"名前": [*FORMULAS, "-5", "宇都宮市"], "件数": range(len(FORMULAS) + 2)})
    frame[FORMULAS[2]] = "x"  # a header can carry a formula too
    text = open_data.csv_bytes(frame).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    assert [r[0] for r in rows] == [f"'{f}" for f in FORMULAS] + ["-5", "宇都宮市"]
    assert '"\'\rx"' in text  # a carriage return in a cell is quoted, not a line break
    assert [r[1] for r in rows] == [str(n) for n in range(len(FORMULAS) + 2)] and header[2] == f"'{FORMULAS[2]}"
    sheet = load_workbook(
        io.BytesIO(open_data.xlsx_bytes(frame, "ja", codes=["092011"] * len(frame), fiscal_year=2020))
    )
    rows = list(sheet["データ"].iter_rows(values_only=True))
    assert rows[0][:3] == ("団体コード", "年度", "名前")
    expected = [f"'{f}".replace("\r", "\n") for f in FORMULAS]  # XML reads a carriage return as a line feed
    assert [r[2] for r in rows[1:]] == [*expected, "-5", "宇都宮市"]
    assert all(cell.data_type != "f" for row in sheet["データ"].iter_rows() for cell in row)
    assert sheet["データ"].auto_filter.ref == f"A1:E{len(frame) + 1}" and sheet.sheetnames == [
        "データ",
        "項目の説明",
        "利用条件",
    ]


def test_the_public_sources_csv_neutralises_an_imported_file_name(injected, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", injected)
    monkeypatch.setenv("DASHBOARD_MODE", "public")
    app = AppTest.from_function(run_page_keeping_csv, args=("sources",), default_timeout=60)
    app.query_params.update({"pref": "09", "fy": "2020", "lang": "ja"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    text = app.session_state["csv"]["sources_csv"].decode("utf-8-sig")
    assert "=HYPERLINK" in text and ",=HYPERLINK" not in text and '"=HYPERLINK' not in text

"""Public edition in Chromium (its own server with DASHBOARD_MODE=public): data-management URLs are unknown
to the app, the sidebar says 公開版, and the overview's CSV download (what the grid shows) has no small count."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analytics.suppression import MARK, is_small
from core.i18n import LANGUAGES, t
from ops.browser import (
    POLL_MS,
    assert_no_exception,
    choose_in_sidebar,
    click_and_wait,
    expect_visible,
    open_app,
    open_in_sidebar,
    screenshot,
)
from pages.outcomes import VIEWS as OUTCOME_VIEWS  # in the order of the screen's buttons

HEADING = '[data-testid="stMain"] h1'
SIDEBAR_NAV = '[data-testid="stSidebarNav"]'
DOWNLOAD = '[data-testid="stDownloadButton"] button'
PAGE_NOT_FOUND = "Page not found"


@pytest.mark.parametrize("path", ["review", "district-boundaries", "data-import"])
def test_data_management_pages_are_unreachable(page, public_server, path):
    open_app(page, public_server, path, pref="09", fy="2020")
    expect_visible(page, f"text={PAGE_NOT_FOUND}")
    assert "栃木県 概要" in expect_visible(page, HEADING).inner_text()  # the default page runs instead
    assert_no_exception(page)


def test_sidebar_badges_the_public_edition_without_data_management(page, public_server):
    open_app(page, public_server, "", pref="09", fy="2020")
    sidebar = expect_visible(page, '[data-testid="stSidebar"]')
    assert "公開版" in sidebar.inner_text()
    nav = expect_visible(page, SIDEBAR_NAV).inner_text()
    assert "データ管理" not in nav and "成果値のレビュー" not in nav and "地区境界の取り込み" not in nav
    assert "出典・取り込み履歴" in nav


def test_overview_download_is_suppressed(page, public_server):
    open_app(page, public_server, "", pref="39", fy="2022")
    assert_no_exception(page)
    with page.expect_download() as info:
        expect_visible(page, DOWNLOAD).click()
    table = pd.read_csv(
        io.BytesIO(Path(info.value.path()).read_bytes()), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    cases = ["新規相談(件)", "人口1万人当たり", "終結率(%)"]
    rows = table.set_index("市町村")
    assert rows.loc["三原村", cases].tolist() == [MARK, MARK, MARK]
    assert rows.loc["高知市", "新規相談(件)"] == "330"
    for column in cases:
        numbers = pd.to_numeric(table[column], errors="coerce")
        assert not numbers[numbers.round(0) == numbers].map(is_small).any(), column
    assert page.get_by_text("＊：秘匿", exact=False).count() >= 1


def _tables(file_name: str, data: bytes) -> list[pd.DataFrame]:
    """The data tables of one download: a CSV (UTF-8 or Shift_JIS), the Excel workbook's データ sheet or the CSVs
    inside the open-data ZIP."""

    def read(raw: bytes, encoding: str) -> pd.DataFrame:
        return pd.read_csv(io.BytesIO(raw), encoding=encoding, dtype=str, keep_default_na=False)

    if file_name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert "CC BY 4.0" in archive.read("README.txt").decode("utf-8-sig")
            return [
                read(archive.read(n), "cp932" if n.endswith("_sjis.csv") else "utf-8-sig")
                for n in archive.namelist()
                if n.endswith(".csv") and not n.endswith("_dictionary.csv")
            ]
    if file_name.endswith(".xlsx"):
        return [pd.read_excel(io.BytesIO(data), sheet_name="データ", dtype=str, na_filter=False)]
    return [read(data, "cp932" if file_name.endswith("_sjis.csv") else "utf-8-sig")]


def test_outcomes_downloads_are_suppressed(page, public_server):
    """Every CSV of each 相談・成果 view (its table, each chart's 表で見る) for 高知県: no count of 1–4. The views are
    switched on the page, as a reader does."""
    open_app(page, public_server, "outcomes", pref="39", fy="2022")
    for number, view in enumerate(OUTCOME_VIEWS):
        if number:
            click_and_wait(page, page.locator('[data-testid="stButtonGroup"] button').nth(number))
        assert f"outcomes_view={view}" in page.url or view == "table", page.url
        _assert_downloads_suppressed(page, view)


def _assert_downloads_suppressed(page, view: str) -> None:
    assert_no_exception(page)
    tables = page.locator('[data-testid="stExpander"] summary').filter(has_text="表で見る").all()
    for summary in tables:
        click_and_wait(page, summary)  # open every 表で見る so its table and download buttons are sent
    expected = max(4 * len(tables), 0 if view == "targets" else 4)
    page.wait_for_function(  # a loaded machine sends the opened sections' buttons after the settle time
        f"() => document.querySelectorAll('{DOWNLOAD}').length >= {expected}", polling=POLL_MS, timeout=20_000
    )
    count_headers = ("新規", "継続", "終結", "つなぎ", "件数", "相談")
    checked = 0
    for button in page.locator(DOWNLOAD).all():
        button.scroll_into_view_if_needed()
        with page.expect_download() as info:
            button.click()
        for table in _tables(info.value.suggested_filename, Path(info.value.path()).read_bytes()):
            for column in (c for c in table.columns if any(h in c for h in count_headers) and "率" not in c):
                numbers = pd.to_numeric(table[column], errors="coerce")
                assert not numbers[numbers.round(0) == numbers].map(is_small).any(), (view, column)
        checked += 1
    assert checked >= expected, view


def test_every_public_screen_renders_offline(page, page_log, public_server):
    """Each screen reached from the sidebar, in the language the reader had, then in the other (switched in place)."""
    screens = ["", "map", "outcomes", "compare", "profile", "about", "councils", "sources"]
    lang = "ja"
    open_app(page, public_server, screens[0], pref="39", fy="2022", lang=lang, muni="392014")
    for path in screens:
        if path != screens[0]:
            open_in_sidebar(page, path)
        for switch in (True, False):
            expect_visible(page, HEADING)
            assert_no_exception(page)
            assert page_log.blocked_urls == []
            assert page.evaluate("document.documentElement.lang") == lang
            screenshot(page, f"public_{path or 'overview'}_{lang}")
            if switch:
                lang = "en" if lang == "ja" else "ja"
                choose_in_sidebar(page, t("language", "ja"), LANGUAGES[lang])

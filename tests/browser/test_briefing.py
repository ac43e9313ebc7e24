"""ブリーフィング in Chromium: the screen opens on the whole prefecture and the latest year (the sidebar moves there
too); the PDF a director downloads is named for its area, year and edition, holds the Japanese text (extracted with
pypdf) and renders as one A4 portrait page (PyMuPDF → PNG, kept in build/screenshots); the slide is a 16:9 PNG;
the public edition's PDF is marked and suppressed."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pypdf

from ops.browser import SCREENSHOT_DIR, assert_no_exception, expect_visible, open_app

PDF_BUTTON = '[data-testid="stDownloadButton"] button:has-text("PDF")'
SLIDE_BUTTON = '[data-testid="stDownloadButton"] button:has-text("PNG")'
PREVIEW = '[data-testid="stImage"] img'
SIDEBAR_YEAR = '[data-testid="stSidebar"] input[aria-label="年度"]'


def _download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.locator(button).first.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def _text_and_png(pdf: bytes, name: str) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    document = pymupdf.open(stream=pdf, filetype="pdf")
    first = document[0]
    assert round(first.rect.width) == 595 and round(first.rect.height) == 842  # A4 portrait, points
    assert all("NotoSansCJK" in font[3] for font in first.get_fonts())  # the Japanese font is embedded
    pixmap = first.get_pixmap(dpi=80)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    pixmap.save(str(SCREENSHOT_DIR / f"{name}.png"))
    samples = set(pixmap.samples[::97])
    assert len(samples) > 10, "the page is not blank"
    return reader.pages[0].extract_text()


def test_officials_briefing_opens_on_the_prefecture_and_latest_year(page, app_server):
    """Arriving with 広島市 chosen elsewhere and the sidebar on 令和2年度: the briefing is 広島県's, 令和6年度."""
    open_app(page, app_server, "briefing", pref="34", fy="2020", muni="341002")
    expect_visible(page, PREVIEW)
    assert_no_exception(page)
    assert page.locator(SIDEBAR_YEAR).input_value() == "令和6年度（2024年度）"  # the sidebar agrees with the page
    name, pdf = _download(page, PDF_BUTTON)
    assert name == "ブリーフィング_広島県_令和6年度_内部資料.pdf"
    text = _text_and_png(pdf, "briefing_pdf_34_2024")
    for expected in (
        "広島県 地域支援体制 整備状況ブリーフィング",
        "令和6年度（2024年度）",
        "内部資料（全ての値を表示）",
        "主要指標",
        "重層事業",
        "第2層協議体",
        "終結率",
        "県全体と比べて差が大きい市町村",
        "出典",
        "作成日",
        "1 / 1 ページ",
    ):
        assert expected in text, expected
    assert "職員向け" not in text and "広島市 地域支援体制" not in text and "34-2024" not in text
    name, slide = _download(page, SLIDE_BUTTON)
    assert name == "ブリーフィング_広島県_令和6年度_内部資料_スライド.png"
    image = pymupdf.Pixmap(slide)
    assert (image.width, image.height) == (1920, 1080)


def test_public_briefing_pdf_is_marked_and_suppressed(page, public_server):
    open_app(page, public_server, "briefing", pref="39", brief_fy="2022")
    expect_visible(page, PREVIEW)
    assert_no_exception(page)
    name, pdf = _download(page, PDF_BUTTON)
    assert name == "ブリーフィング_高知県_令和4年度_公開版.pdf"
    text = _text_and_png(pdf, "briefing_pdf_public_39_2022")
    assert "公開版（少ない件数は＊で秘匿）" in text and "内部資料" not in text
    assert "＊" in text or "秘匿" in text

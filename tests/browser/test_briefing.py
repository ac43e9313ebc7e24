"""ブリーフィング in Chromium: the PDF an executive downloads holds the Japanese text (extracted with pypdf),
renders as one A4 portrait page (PyMuPDF → PNG, kept in build/screenshots), and the public edition's PDF is
marked and suppressed."""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pypdf

from ops.browser import SCREENSHOT_DIR, assert_no_exception, expect_visible, open_app

PDF_BUTTON = '[data-testid="stDownloadButton"] button:has-text("PDF")'
PREVIEW = '[data-testid="stImage"] img'


def _download_pdf(page, base_url: str, **params) -> bytes:
    open_app(page, base_url, "briefing", **params)
    expect_visible(page, PREVIEW)
    assert_no_exception(page)
    with page.expect_download() as info:
        page.locator(PDF_BUTTON).first.click()
    assert info.value.suggested_filename.endswith(".pdf")
    return Path(info.value.path()).read_bytes()


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


def test_officials_briefing_pdf_has_the_japanese_text(page, app_server):
    text = _text_and_png(_download_pdf(page, app_server, pref="34", fy="2024"), "briefing_pdf_34_2024")
    for expected in (
        "広島県",
        "令和6年度（2024年度）",
        "職員向け",
        "主要指標",
        "重層事業",
        "第2層協議体",
        "終結率",
        "出典",
        "作成日",
    ):
        assert expected in text, expected


def test_public_briefing_pdf_is_marked_and_suppressed(page, public_server):
    text = _text_and_png(_download_pdf(page, public_server, pref="39", fy="2022"), "briefing_pdf_public_39_2022")
    assert "公開版" in text and "職員向け" not in text
    assert "＊" in text or "秘匿" in text

"""The briefing PDF is one A4 portrait page with extractable Japanese text and an embedded CJK font."""

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pymupdf
import pypdf
import pytest

from briefing.content import build_briefing
from briefing.fonts import BriefingFontError
from briefing.render import file_stem, render
from core import settings

TODAY = dt.date(2026, 11, 23)
OUT = Path("/tmp/briefing")


@pytest.fixture(
    scope="module",
    params=[("09", 2020, "ja"), ("34", 2024, "ja"), ("34", 2024, "en")],
    ids=lambda p: f"{p[0]}-{p[1]}-{p[2]}",
)
def rendered(request, demo_db):
    pref, fy, lang = request.param
    briefing = build_briefing(demo_db, pref, fy, lang=lang, geo_dir=settings.geo_dir(), generated_on=TODAY)
    pdf, png = render(briefing, settings.cjk_font())
    OUT.mkdir(exist_ok=True)
    (OUT / f"{file_stem(briefing)}_{lang}.png").write_bytes(png)
    return briefing, pdf, png


EXPECTED = {
    ("09", 2020, "ja"): [
        "栃木県 地域支援体制 整備状況ブリーフィング",
        "令和2年度（2020年度）",
        "作成日 2026年11月23日",
        "第2層協議体 設置率",
        "45.6",
        "終結率",
        "前年度比 ▲ 5.6pt増",
        "出典",
        "宇都宮市",
        "サンプル",
    ],
    ("34", 2024, "ja"): [
        "広島県",
        "令和6年度（2024年度）",
        "重層事業 本格実施",
        "11",
        "公表値",
        "終結率",
        "55.1",
        "出典",
        "広島県「支え合いコーディネート機能強化研修（令和6年度）」",
        "国土数値情報",
    ],
    ("34", 2024, "en"): [
        "Hiroshima: community support rollout briefing",
        "FY2024",
        "Generated 2026-11-23",
        "Sources",
        "Multi-tier project:",
        "Closure rate",
        "Officials' edition",
    ],
}


def test_pdf_text_is_extractable(rendered):
    briefing, pdf, _png = rendered
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    key = (briefing.prefecture_code, briefing.fiscal_year, briefing.lang)
    for expected in EXPECTED[key]:
        assert expected in text, expected
    assert reader.metadata.title == briefing.title


def test_a4_portrait_non_blank_with_embedded_cjk_font(rendered):
    _briefing, pdf, png = rendered
    document = pymupdf.open(stream=pdf, filetype="pdf")
    page = document[0]
    assert page.rect.width == pytest.approx(595.4, abs=1) and page.rect.height == pytest.approx(841.7, abs=1)
    pixmap = page.get_pixmap(dpi=60)
    assert pixmap.height / pixmap.width == pytest.approx(297 / 210, rel=0.01)
    pixels = np.frombuffer(pixmap.samples, dtype=np.uint8)
    assert (pixels < 128).mean() > 0.01 and (pixels > 250).mean() > 0.4  # ink on a white page
    fonts = {font[3] for font in page.get_fonts()}
    assert fonts and all("NotoSansCJKjp" in name for name in fonts), fonts
    assert all(font[1] == "ttf" for font in page.get_fonts())  # embedded TrueType/CFF, not a reference
    assert len(pdf) < 250_000
    image = pymupdf.Pixmap(png)
    assert (image.width, image.height) == (1240, 1753)


def test_embedded_fonts_have_truetype_outlines_and_viewers_draw_the_text(rendered):
    """PDF viewers read an embedded Type 42 font as TrueType: CFF outlines there draw nothing or wrong glyphs
    (MuPDF showed an empty page while pypdf still extracted the text). So: glyf outlines, and MuPDF's drawing
    of the PDF carries as much ink as matplotlib's own PNG of the page."""
    from fontTools.ttLib import TTFont

    _briefing, pdf, png = rendered
    document = pymupdf.open(stream=pdf, filetype="pdf")
    for xref, *_ in document[0].get_fonts():
        font_bytes = document.extract_font(xref)[3]
        font = TTFont(io.BytesIO(font_bytes))
        assert "glyf" in font and "CFF " not in font
    drawn = document[0].get_pixmap(dpi=150)
    viewer = np.frombuffer(drawn.samples, dtype=np.uint8).reshape(drawn.height, drawn.width, drawn.n)[..., :3]
    own = pymupdf.Pixmap(png)
    reference = np.frombuffer(own.samples, dtype=np.uint8).reshape(own.height, own.width, own.n)[..., :3]
    title_band = slice(60, 260)  # title, subtitle and the sample notice: text only
    ink = [(image[title_band] < 128).mean() for image in (viewer, reference)]
    assert ink[0] == pytest.approx(ink[1], rel=0.25), ink


def test_missing_font_says_which_setting(demo_db, tmp_path):
    briefing = build_briefing(demo_db, "09", 2021, generated_on=TODAY)
    with pytest.raises(BriefingFontError, match="DASHBOARD_CJK_FONT"):
        render(briefing, tmp_path / "missing.ttc")


def test_file_names(demo_db):
    assert file_stem(build_briefing(demo_db, "09", 2024)) == "briefing_09_2024"
    assert file_stem(build_briefing(demo_db, "09", 2024, municipality="092011")) == "briefing_092011_2024"

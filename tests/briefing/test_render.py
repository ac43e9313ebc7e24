"""The briefing PDF is one A4 portrait page with extractable Japanese text and an embedded CJK font, nothing runs into
its footer, its year axes are 和暦 under a 和暦 header; the slide is a 16:9 full-HD PNG; yellow means サンプル only."""

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pymupdf
import pypdf
import pytest

from analytics.disclosure import Disclosure
from briefing.drawing import SAMPLE_MARK, Page, trend_chart, year_ticks, years_text
from briefing.fonts import BriefingFontError
from briefing.render import A4, file_name, render
from core import settings
from core.domain import BLUES5, NO_DATA_FILL, PALETTE, SAMPLE_FILL, STAGE_COLOURS
from tests.japanese import JAPANESE, PROPER_NAMES

TODAY = dt.date(2026, 11, 23)
OUT = Path("/tmp/briefing")
PUBLIC = Disclosure(public=True, threshold=5)

CASES = {
    "09-2020-ja": ("09", 2020, "ja", None, None),
    "34-2024-ja": ("34", 2024, "ja", None, None),
    "34-2024-en": ("34", 2024, "en", None, None),
    "34-2024-ja-public": ("34", 2024, "ja", PUBLIC, None),
    "34-2024-ja-public-341002": ("34", 2024, "ja", PUBLIC, "341002"),
}


pytestmark = pytest.mark.xdist_group("briefing_render")  # one worker builds the module's fixture


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def rendered(request, briefing_of, demo_sqlite):
    pref, fy, lang, disclosure, municipality = CASES[request.param]
    briefing = briefing_of(
        demo_sqlite,
        pref,
        fy,
        lang=lang,
        geo_dir=settings.geo_dir(),
        generated_on=TODAY,
        municipality=municipality,
        **({"disclosure": disclosure} if disclosure else {}),
    )
    files = render(briefing, settings.cjk_font())
    OUT.mkdir(exist_ok=True)
    (OUT / f"{request.param}.png").write_bytes(files.png)
    (OUT / f"{request.param}_slide.png").write_bytes(files.slide)
    return request.param, briefing, files


EXPECTED = {
    "09-2020-ja": [
        "栃木県 地域支援体制 整備状況ブリーフィング",
        "令和2年度（2020年度）",
        "作成日 2026年11月23日",
        "内部資料（全ての値を表示）",
        "第2層協議体 設置率",
        "45.6",
        "終結率",
        "前年度比 +5.6pt",
        "出典",
        "宇都宮市",
        "サンプル",
        "栃木県　令和2年度（2020年度） ブリーフィング（内部資料）",
        "1 / 1 ページ",
    ],
    "34-2024-ja": [
        "広島県",
        "令和6年度（2024年度）",
        "重層事業 本格実施",
        "11",
        "公表値",
        "終結率",
        "55.1",
        "県全体と比べて差が大きい市町村",
        "↑ 新規相談が多い",
        "出典",
        "広島県「支え合いコーディネート機能強化研修（令和6年度）」",
        "国土数値情報",
    ],
    "34-2024-en": [
        "Hiroshima: community support rollout",
        "FY2024",
        "Generated 2026-11-23",
        "Sources",
        "Multi-tier:",
        "Closure rate",
        "Internal: every value shown",
        "Hiroshima · FY2024 briefing (Internal)",
        "page 1 of 1",
    ],
    "34-2024-ja-public": [
        "公開版（少ない件数は＊で秘匿）",
        "公開版: 値を秘匿した市町村は、差が大きくても挙げていません。",
        "広島県　令和6年度（2024年度） ブリーフィング（公開版）",
        "自治体マスタ（japancode パッケージ）",  # the last source, above the footer
    ],
    "34-2024-ja-public-341002": [
        "広島県 広島市",
        "公開版（少ない件数は＊で秘匿）",
        "広島県 広島市　令和6年度（2024年度） ブリーフィング（公開版）",
        "95%信頼区間",
    ],
}


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_pdf_text_is_extractable(rendered):
    case, briefing, files = rendered
    text = _text(files.pdf)
    for expected in EXPECTED[case]:
        assert expected in text, expected
    for meaningless in ("職員向け", "Officials'", f"{briefing.prefecture_code}-{briefing.fiscal_year}"):
        assert meaningless not in text
    assert pypdf.PdfReader(io.BytesIO(files.pdf)).metadata.title == briefing.title
    if briefing.lang == "en":  # what the page draws around the content too: legends, bullets, the sources line
        assert not set(JAPANESE.findall(text)) - PROPER_NAMES


def _spans(pdf: bytes) -> list[tuple[str, pymupdf.Rect]]:
    page = pymupdf.open(stream=pdf, filetype="pdf")[0]
    return [
        (span["text"], pymupdf.Rect(span["bbox"]))
        for block in page.get_text("dict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
        if span["text"].strip()
    ]


def test_nothing_runs_into_the_footer_or_off_the_page(rendered):
    """Issue #18: the public PDF's last source line overlapped the footer."""
    _case, briefing, files = rendered
    spans = _spans(files.pdf)
    footer = [rect for text, rect in spans if text.startswith(briefing.footer)]
    assert len(footer) == 1
    above = [(text, rect) for text, rect in spans if rect.y0 < footer[0].y0 - 1]
    assert len(above) == len(spans) - 2  # all but the footer's two ends
    lowest = max(rect.y1 for _text, rect in above)
    assert lowest <= footer[0].y0 - 2, [text for text, rect in above if rect.y1 > footer[0].y0 - 2]
    assert all(rect.x0 >= 0 and rect.x1 <= 595.5 for _text, rect in spans)


def test_year_axes_are_wareki_under_a_wareki_header(rendered):
    """Issue #18: axes were in 西暦 under a 和暦 header (English keeps western years)."""
    _case, briefing, files = rendered
    ticks = {text for text, _rect in _spans(files.pdf)}
    if briefing.lang == "ja":
        assert "平成28" in ticks and any(t.startswith("令和") for t in ticks), ticks
        assert not {str(year) for year in range(2016, 2025)} & ticks
    else:
        assert "2024" in ticks and not any(t.startswith(("平成", "令和")) for t in ticks)


@pytest.mark.parametrize(
    ("years", "ja", "en"),
    [
        ([2016, 2018, 2020, 2022, 2024], ["平成28", "30", "令和2", "4", "6"], ["2016", "2018", "2020", "2022", "2024"]),
        ([2018, 2019, 2020], ["平成30", "令和元", "2"], ["2018", "2019", "2020"]),
        # before 昭和 a year has no era: written western, not an error (removeprefix(None) raised TypeError)
        ([1924, 1925, 1927], ["1924", "1925", "昭和2"], ["1924", "1925", "1927"]),
    ],
)
def test_year_ticks_write_the_era_once(years, ja, en):
    assert year_ticks(years, "ja") == ja
    assert year_ticks(years, "en") == en


def test_hidden_years_are_named_as_the_header_names_them():
    assert years_text((2019, 2020), "ja") == "令和元・2年度"
    assert years_text((2018, 2019), "ja") == "平成30・令和元年度"
    assert years_text((2019, 2020), "en") == "FY2019, 2020"


def test_a4_portrait_non_blank_with_embedded_cjk_font(rendered):
    _case, _briefing, files = rendered
    document = pymupdf.open(stream=files.pdf, filetype="pdf")
    page = document[0]
    assert page.rect.width == pytest.approx(595.4, abs=1) and page.rect.height == pytest.approx(841.7, abs=1)
    pixmap = page.get_pixmap(dpi=60)
    assert pixmap.height / pixmap.width == pytest.approx(297 / 210, rel=0.01)
    pixels = np.frombuffer(pixmap.samples, dtype=np.uint8)
    assert (pixels < 128).mean() > 0.01 and (pixels > 250).mean() > 0.4  # ink on a white page
    fonts = {font[3] for font in page.get_fonts()}
    assert fonts and all("NotoSansCJKjp" in name for name in fonts), fonts
    assert all(font[1] == "ttf" for font in page.get_fonts())  # embedded TrueType/CFF, not a reference
    assert len(files.pdf) < 250_000
    image = pymupdf.Pixmap(files.png)
    assert (image.width, image.height) == (1240, 1753)


def _rgb(png: bytes) -> np.ndarray:
    image = pymupdf.Pixmap(png)
    return np.frombuffer(image.samples, dtype=np.uint8).reshape(image.height, image.width, image.n)[..., :3]


def test_the_slide_is_16_9_full_hd_with_map_and_figures(rendered):
    """Issue #18: 「PNG（スライド用）」 was the portrait A4 page."""
    _case, _briefing, files = rendered
    pixels = _rgb(files.slide)
    assert pixels.shape[:2] == (1080, 1920)
    dark = pixels.max(axis=2) < 100
    for region in (dark[:160], dark[200:1000, :650], dark[200:500, 700:], dark[700:1000, 700:]):
        assert region.mean() > 0.004  # title; map; headline cards; outlier list: each has ink
    assert (pixels > 250).all(axis=2).mean() > 0.5


def _has_colour(pixels: np.ndarray, colour: str, tolerance: int = 6) -> bool:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(pixels.astype(int) - rgb).max(axis=2) <= tolerance).any())


def test_yellow_means_sample_and_nothing_else():
    """Issue #18: yellow meant both 未実施 (map) and サンプル (cards). No map class, no 重層事業 stage is yellow;
    the sample tag is not orange (移行準備)."""
    map_colours = {*STAGE_COLOURS.values(), *BLUES5, NO_DATA_FILL}
    assert not {SAMPLE_MARK, SAMPLE_FILL} & map_colours


def test_samples_on_yellow_only_where_samples_are_shown(briefing_of, demo_sqlite):
    """栃木県 令和2年度 maps coverage (blues): with samples shown the page has yellow (cards, tags, trend points)
    and no orange at all (the tag is not 移行準備's colour); without samples, no yellow anywhere."""
    shown = render(briefing_of(demo_sqlite, "09", 2020, generated_on=TODAY), settings.cjk_font())
    hidden = render(briefing_of(demo_sqlite, "09", 2020, show_synthetic=False, generated_on=TODAY), settings.cjk_font())
    for files in (shown, hidden):
        for png in (files.png, files.slide):
            assert not _has_colour(_rgb(png), PALETTE["orange"], tolerance=12)
    for png in (shown.png, shown.slide):
        assert _has_colour(_rgb(png), SAMPLE_MARK) and _has_colour(_rgb(png), SAMPLE_FILL)
    for png in (hidden.png, hidden.slide):
        assert not _has_colour(_rgb(png), SAMPLE_MARK, tolerance=12) and not _has_colour(_rgb(png), SAMPLE_FILL)


def test_the_map_legend_counts_the_marked_outliers(rendered):
    _case, briefing, files = rendered
    text = _text(files.pdf)
    marks = briefing.map.marks
    for side, label in (("above", "上回る（{}）"), ("below", "下回る（{}）")):
        count = int((marks["side"] == side).sum())
        if briefing.lang == "en":
            label = {"above": "Above ({})", "below": "Below ({})"}[side]
        assert (label.format(count) in text) == (count > 0), (side, count)


def test_embedded_fonts_have_truetype_outlines_and_viewers_draw_the_text(rendered):
    """PDF viewers read an embedded Type 42 font as TrueType: CFF outlines there draw nothing or wrong glyphs
    (MuPDF showed an empty page while pypdf still extracted the text). So: glyf outlines, and MuPDF's drawing
    of the PDF carries as much ink as matplotlib's own PNG of the page."""
    from fontTools.ttLib import TTFont

    _case, _briefing, files = rendered
    document = pymupdf.open(stream=files.pdf, filetype="pdf")
    for xref, *_ in document[0].get_fonts():
        font_bytes = document.extract_font(xref)[3]
        font = TTFont(io.BytesIO(font_bytes))
        assert "glyf" in font and "CFF " not in font
    drawn = document[0].get_pixmap(dpi=150)
    viewer = np.frombuffer(drawn.samples, dtype=np.uint8).reshape(drawn.height, drawn.width, drawn.n)[..., :3]
    reference = _rgb(files.png)
    title_band = slice(60, 180)  # title and subtitle: text only
    ink = [(image[title_band] < 128).mean() for image in (viewer, reference)]
    assert ink[0] == pytest.approx(ink[1], rel=0.25), ink


def test_missing_font_says_which_setting(briefing_of, demo_sqlite, tmp_path):
    briefing = briefing_of(demo_sqlite, "09", 2021, generated_on=TODAY)
    with pytest.raises(BriefingFontError, match="DASHBOARD_CJK_FONT"):
        render(briefing, tmp_path / "missing.ttc")


def test_file_names_say_area_year_and_edition(briefing_of, demo_sqlite):
    """Issue #18: the download is named in Japanese with prefecture and year (and which edition it is)."""
    prefecture = briefing_of(demo_sqlite, "34", 2024)
    assert file_name(prefecture, ".pdf") == "ブリーフィング_広島県_令和6年度_内部資料.pdf"
    assert file_name(prefecture, ".png", slide=True) == "ブリーフィング_広島県_令和6年度_内部資料_スライド.png"
    town = briefing_of(demo_sqlite, "09", 2019, municipality="092011", disclosure=PUBLIC)
    assert file_name(town, ".pdf") == "ブリーフィング_栃木県宇都宮市_令和元年度_公開版.pdf"
    english = briefing_of(demo_sqlite, "34", 2024, lang="en")
    assert file_name(english, ".png", slide=True) == "Briefing_Hiroshima_FY2024_Internal_slide.png"


def test_no_line_is_drawn_across_a_hidden_year(briefing_of, demo_sqlite):
    """北川村 (public edition, 令和4年度): new consultations shown in 2019, 2020 and 2022, hidden (＊) in 2021. A line
    from 2020 to 2022 would draw a value for 2021; the chart leaves the gap."""
    briefing = briefing_of(demo_sqlite, "39", 2022, lang="en", municipality="393053", disclosure=PUBLIC)
    trend = next(tr for tr in briefing.trends if tr.key == "new_cases")
    assert trend.suppressed_years == (2021,) and list(trend.points["fiscal_year"]) == [2019, 2020, 2022]
    page = Page.new(4, 2, 72)
    trend_chart(page, trend, briefing, 0, 0, 4, 2, A4)
    lines = [list(line.get_xdata()) for line in page.fig.axes[-1].get_lines()]
    assert sorted(lines) == [[2019, 2020], [2022]]

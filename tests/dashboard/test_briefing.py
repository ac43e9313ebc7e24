"""AppTest: the ブリーフィング screen renders its preview and both downloads for two prefectures, ja and en."""

import pytest
from streamlit.testing.v1 import AppTest


def _run_page() -> None:
    from dashboard import widgets
    from pages import briefing

    widgets.sidebar_filters()
    briefing.render()


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("pref", "fy", "title"), [("09", "2020", "栃木県"), ("34", "2024", "広島県")])
def test_briefing_page_offers_pdf_and_png(pref, fy, title, lang, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, default_timeout=90)
    app.query_params.update({"lang": lang, "pref": pref, "fy": fy})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert (title if lang == "ja" else {"09": "Tochigi", "34": "Hiroshima"}[pref]) in app.title[0].value
    buttons = app.download_button
    assert len(buttons) == 2
    assert len(app.image) == 1, "the PNG preview is shown"
    assert [b.label for b in buttons] == (
        ["PDFをダウンロード（A4縦）", "PNGをダウンロード（スライド用）"]
        if lang == "ja"
        else ["Download PDF (A4 portrait)", "Download PNG (for slides)"]
    )
    contents = "内容: 令和" if lang == "ja" else f"headline figures for FY{fy}"
    assert any(contents in c.value for c in app.caption), [c.value for c in app.caption]


def test_missing_font_is_reported_in_japanese(app_database, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", app_database)
    monkeypatch.setenv("DASHBOARD_CJK_FONT", str(tmp_path / "none.ttc"))
    app = AppTest.from_function(_run_page, default_timeout=90)
    app.query_params.update({"pref": "09", "fy": "2021"})
    app.run()
    assert not app.exception
    assert any("DASHBOARD_CJK_FONT" in e.value and "日本語フォント" in e.value for e in app.error)

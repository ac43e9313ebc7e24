"""AppTest: the ブリーフィング screen renders both previews and both downloads, ja and en; it opens on the whole
prefecture and the latest year with data, then follows the sidebar's year."""

import pytest
from streamlit.testing.v1 import AppTest


def _run_page() -> None:
    from dashboard import widgets
    from pages import briefing

    widgets.sidebar_filters()
    briefing.render()


def _app(database_url: str, monkeypatch, **params: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", database_url)
    app = AppTest.from_function(_run_page, default_timeout=90)
    app.query_params.update(params)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _contents(app: AppTest) -> str:
    return next(c.value for c in app.caption if c.value.startswith(("内容:", "Contents:")))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("pref", "title"), [("09", "栃木県"), ("34", "広島県")])
def test_briefing_page_offers_pdf_and_slide(pref, title, lang, app_database, monkeypatch):
    app = _app(app_database, monkeypatch, lang=lang, pref=pref)
    assert (title if lang == "ja" else {"09": "Tochigi", "34": "Hiroshima"}[pref]) in app.title[0].value
    assert [b.label for b in app.download_button] == (
        ["PDFをダウンロード（A4縦・印刷用）", "スライドをダウンロード（PNG・16:9）"]
        if lang == "ja"
        else ["Download PDF (A4 portrait, for print)", "Download slide (PNG, 16:9)"]
    )
    assert len(app.image) == 2, "the A4 page and the slide are previewed"
    assert [tab.label for tab in app.tabs] == (
        ["A4（印刷用）", "スライド（16:9）"] if lang == "ja" else ["A4 (print)", "Slide (16:9)"]
    )
    assert ("令和6年度（2024年度）" if lang == "ja" else "FY2024") in _contents(app)


def test_opens_on_the_whole_prefecture_and_the_latest_year(app_database, monkeypatch):
    """Issue #18: it opened on a city (広島市, the municipality chosen on another screen) and FY2020 (the sidebar's
    default); a director wants the prefecture and the latest year with data, and the sidebar shows that year."""
    app = _app(app_database, monkeypatch, pref="34", fy="2020", muni="341002")
    area = app.selectbox(key="brief_area")
    assert area.options[area.index] == "県全体"  # a chosen option, not the empty box's placeholder
    assert app.session_state["fy"] == 2024 and app.query_params["brief_fy"] == "2024"
    assert app.sidebar.selectbox(key="fy").value == 2024
    assert "令和6年度（2024年度）" in _contents(app)


def test_then_follows_the_year_an_official_picks(app_database, monkeypatch):
    app = _app(app_database, monkeypatch, pref="34")
    app.sidebar.selectbox(key="fy").select(2021).run()
    assert not app.exception
    assert "令和3年度（2021年度）" in _contents(app) and app.query_params["brief_fy"] == "2021"
    app.selectbox(key="brief_area").select("341002").run()  # the area does not reset the year
    assert "令和3年度（2021年度）" in _contents(app) and app.query_params["brief_area"] == "341002"


def test_a_briefing_link_reopens_its_year_and_area(app_database, monkeypatch):
    app = _app(app_database, monkeypatch, pref="39", fy="2024", brief_fy="2022", brief_area="393053")
    assert app.session_state["fy"] == 2022 and app.selectbox(key="brief_area").value == "393053"
    assert "令和4年度（2022年度）" in _contents(app)


def test_a_year_without_data_says_which_year_has_some(app_database, monkeypatch):
    app = _app(app_database, monkeypatch, pref="34")
    app.sidebar.selectbox(key="fy").select(2025).run()
    assert [i.value for i in app.info] == [
        "令和7年度（2025年度）の市町村別データはまだありません。データのある最新の年度は令和6年度（2024年度）です。"
    ]
    app.button(key="briefing_to_latest").click().run()
    assert app.session_state["fy"] == 2024 and not app.info


def test_missing_font_is_reported_in_japanese(app_database, monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_CJK_FONT", str(tmp_path / "none.ttc"))
    app = _app(app_database, monkeypatch, pref="09", brief_fy="2021")
    assert any("DASHBOARD_CJK_FONT" in e.value and "日本語フォント" in e.value for e in app.error)


@pytest.mark.parametrize(
    ("size", "shown"), [((2480, 3508), (1460, 2065)), ((1920, 1080), (1460, 821)), ((800, 600), None)]
)
def test_previews_are_sent_at_the_width_a_screen_shows(size, shown):
    """A wider PNG is shrunk once to Streamlit's widest image; a narrower one is passed on as it is."""
    import io

    from PIL import Image

    from dashboard import widgets

    data = io.BytesIO()
    Image.new("RGB", size, "white").save(data, format="PNG")
    preview = widgets.screen_sized_png(data.getvalue())
    if shown is None:
        assert preview == data.getvalue()
    else:
        image = Image.open(io.BytesIO(preview))
        assert (image.format, image.size) == ("PNG", shown)

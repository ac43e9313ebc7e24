"""dashboard.a11y (Streamlit's own controls named in the UI language, its navigation as lists, readable captions) and
the map's rule that a click or a tap shows a municipality's value before its districts open."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import catalogue, placeholders
from dashboard import a11y, tables
from tests.dashboard.page_runner import run_page

# DOMPurify (st.html) drops a <script> whose text has "<" before a letter, "/" or "!": the whole script, silently
DOMPURIFY_DROPS = re.compile(r"<[/\w!]")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_page_script_survives_streamlits_sanitiser(lang):
    script = tables.SORT_SCRIPT.removesuffix("</script>").removeprefix("<script>") + a11y.script(lang)
    assert not DOMPURIFY_DROPS.search(script), DOMPURIFY_DROPS.search(script)


def test_every_streamlit_word_has_a_japanese_and_an_english_name():
    for key in [*a11y.WORDS.values(), *a11y.PREFIXES.values()]:
        assert key in catalogue("ja") and key in catalogue("en"), key
    for key in a11y.PREFIXES.values():
        assert placeholders(catalogue("ja")[key]) == {"name"}


def test_the_script_names_controls_and_the_page_in_its_language():
    japanese, english = a11y.script("ja"), a11y.script("en")
    assert 'document.documentElement.lang = "ja"' in japanese and '"Expand sidebar": "サイドバーを開く"' in japanese
    assert '"Remove ": "{name} を外す"' in japanese
    assert 'document.documentElement.lang = "en"' in english and '"Expand sidebar": "Expand sidebar"' in english
    assert 'set(section, "role", "list")' in japanese  # each navigation section is a list of its links


def test_the_script_writes_an_attribute_only_when_it_differs():
    """Writing an attribute's own value again is a change the script's observer sees: a pass that always wrote one
    (the navigation's aria-label) started the next pass at every animation frame, for as long as a tab was open."""
    script = a11y.script("ja")
    assert script.count(".setAttribute(") == 1 and "if (element.getAttribute(attribute) !== value)" in script


def test_captions_are_drawn_at_full_opacity_in_a_readable_grey():
    """Streamlit's 60 % opacity grey is 3.88:1 on white; ours must reach 4.5:1 on white and on the sidebar."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    colour = re.search(r'\[data-testid="stCaptionContainer"\] p\{color:(#[0-9a-f]{6})\}', a11y.STYLE).group(1)
    assert '[data-testid="stCaptionContainer"]{opacity:1}' in a11y.STYLE
    for background in ("#ffffff", "#f0f2f6"):
        ratio = (luminance(background) + 0.05) / (luminance(colour) + 0.05)
        assert ratio >= 4.5, (background, ratio)


def _map(app_database, monkeypatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(run_page, args=("rollout_map",), default_timeout=60)
    app.query_params.update({"pref": "09", "fy": "2020", "layer": "council_coverage", "lang": "ja"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_picking_a_municipality_shows_its_value_and_opens_its_districts_only_on_request(app_database, monkeypatch):
    app = _map(app_database, monkeypatch)
    assert not [b for b in app.button if b.key == "map_open_districts"]  # nothing picked yet
    app.selectbox(key="map_pick").select("092011").run()
    assert app.title[0].value == "栃木県 地図"  # still the prefecture: the value first
    line = next(m.value for m in app.markdown if m.value.startswith("宇都宮市"))
    assert "第2層協議体の設置率: 66.7%" in line
    button = next(b for b in app.button if b.key == "map_open_districts")
    assert button.label == "宇都宮市の地区ごとの状況を見る"
    button.click().run()
    assert app.title[0].value == "栃木県 › 宇都宮市"


def test_a_click_on_the_map_picks_the_municipality(app_database, monkeypatch):
    """What st_folium hands back after a click (its callback runs before the page): the pick, not the districts."""
    monkeypatch.setenv("DATABASE_URL", app_database)
    from pages import rollout_map

    map_key = "prefecture_map_09_2020_council_coverage_0"
    state: dict = {map_key: {"last_active_drawing": {"properties": {"c": "092029"}}, "last_object_clicked_count": 1}}
    monkeypatch.setattr(rollout_map.st, "session_state", state)
    names = rollout_map.query("municipalities", "09").set_index("code")["name"]
    rollout_map._picked_on_map(map_key, names)()
    assert state["map_pick"] == "092029" and "level" not in state and "muni" not in state

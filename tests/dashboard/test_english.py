"""English mode shows no Japanese but proper names (issue #16): every screen's headings, captions, notices,
buttons, choices and headline cards, on the demo data. Tables are data (municipality names are proper names)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.html_tables import kpi_captions, kpi_values
from tests.dashboard.page_runner import run_page as _run_page
from tests.japanese import JAPANESE, PROPER_NAMES

PAGES = ["overview", "rollout_map", "outcomes", "compare", "profile", "councils", "sources", "data_import",
         "district_upload", "review", "about", "briefing", "users"]  # fmt: skip
# names that stay as they are: places, the language choice (shown in its own language), sample district names
PROPER = {*PROPER_NAMES, "表示言語", "日本語", "清原地区", "サンプル地区"}


def _texts(app: AppTest) -> list[str]:
    out: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        out += [str(element.value) for element in app.get(kind)]
    for kind in ("button", "selectbox", "radio", "toggle", "expander", "multiselect", "text_input"):
        out += [str(getattr(element, "label", "")) for element in app.get(kind)]
        out += [str(option) for element in app.get(kind) for option in getattr(element, "options", ())]
    return [*out, *kpi_values(app), *kpi_captions(app)]


@pytest.mark.parametrize("page", PAGES)
def test_english_mode_shows_no_japanese_but_proper_names(page, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = AppTest.from_function(_run_page, args=(page,), default_timeout=120)
    app.query_params.update({"lang": "en", "pref": "09", "fy": "2020", "muni": "092011", "profile": "092011"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    words = {word for text in _texts(app) for word in JAPANESE.findall(text)}
    assert not {w for w in words if not any(w in name for name in PROPER)}, page

"""Scripts for AppTest.from_function: the sidebar, then one page, as the router runs them.

AppTest runs a function's source as its own script, so each function imports what it needs.
"""


def run_page(module_name: str) -> None:
    """The screen's open part (if any) and its render, without the login gate (tests log in themselves)."""
    import importlib

    from dashboard import widgets
    from pages import SCREENS

    widgets.sidebar_filters()
    render = importlib.import_module(f"pages.{module_name}").render
    screen = next(s for s in SCREENS if s.render is render)
    if screen.open_part is not None:
        screen.open_part()
    render()


def run_page_keeping_csv(module_name: str) -> None:
    """Sidebar + one page; every CSV download's bytes are kept in session_state["csv"][key]."""
    import importlib

    import streamlit as st

    from dashboard import open_data, widgets

    original = widgets.csv_download

    def recording(frame, file_name, lang, key, **options):
        st.session_state.setdefault("csv", {})[key] = open_data.csv_bytes(frame)
        original(frame, file_name, lang, key, **options)

    widgets.csv_download = recording
    try:
        widgets.sidebar_filters()
        importlib.import_module(f"pages.{module_name}").render()
    finally:
        widgets.csv_download = original


def open_sections(app) -> None:
    """Open every lazily sent expander (st.expander with a key, e.g. 「表で見る」) and run again, as a reader who
    clicks each one: the tests then see every table and download a screen can show."""
    keys = [expander.key for expander in app.expander if expander.key]
    for key in keys:
        app.session_state[key] = True
    if keys:
        app.run()


def upload_page() -> None:
    """The import screen's upload part (what an editor sees after logging in)."""
    from dashboard import widgets
    from pages import data_import

    widgets.sidebar_filters()
    data_import.render()


def upload(database_url: str, monkeypatch, name: str, data: bytes, lang: str = "ja"):
    """The upload screen as an editor uses it: log in, choose the file, press 検証. Returns the AppTest."""
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.auth_helpers import log_in

    monkeypatch.setenv("DATABASE_URL", database_url)
    app = log_in(AppTest.from_function(upload_page, default_timeout=60))
    app.query_params.update({"lang": lang, "pref": "09", "fy": "2020"})
    app.run()
    app.get("file_uploader")[0].set_value((name, data, "application/octet-stream"))
    app.run()
    app.button(key="data_import_validate").click()
    return app.run()

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

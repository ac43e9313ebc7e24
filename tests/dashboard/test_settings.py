from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import settings


def test_every_setting_has_a_default_and_help():
    for setting in settings.SETTINGS.values():
        assert setting.help and setting.env.isupper()


def test_environment_overrides_the_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    assert settings.database_url() == "sqlite:///elsewhere.db"


def test_default_database_is_an_embedded_sqlite_file_under_data(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert settings.database_url().startswith("sqlite:///")
    assert settings.database_url().endswith("data/dashboard.sqlite3")


def test_empty_geo_dir_means_no_boundaries(monkeypatch):
    monkeypatch.setenv("DASHBOARD_GEO_DIR", "")
    assert settings.geo_dir() is None
    monkeypatch.setenv("DASHBOARD_GEO_DIR", "/srv/geo")
    assert settings.geo_dir() == Path("/srv/geo")


def test_undeclared_setting_is_an_error():
    with pytest.raises(KeyError):
        settings.get("NOT_A_SETTING")


def test_base_tiles_need_url_and_attribution(monkeypatch):
    monkeypatch.setenv("DASHBOARD_TILE_URL", "https://example.invalid/{z}/{x}/{y}.png")
    monkeypatch.delenv("DASHBOARD_TILE_ATTRIBUTION", raising=False)
    assert settings.base_tiles() == (None, None)
    monkeypatch.setenv("DASHBOARD_TILE_ATTRIBUTION", "地理院タイル")
    assert settings.base_tiles() == ("https://example.invalid/{z}/{x}/{y}.png", "地理院タイル")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DASHBOARD_SESSION_HOURS", "abc"),
        ("DASHBOARD_SESSION_HOURS", "99999999999999"),
        ("DASHBOARD_IDLE_MINUTES", "0"),
        ("DASHBOARD_CACHE_TTL", "-1"),
        ("DASHBOARD_IMPORT_MAX_MB", "１０"),
        ("DASHBOARD_LANG", "fr"),
        ("DASHBOARD_MODE", "pubilc"),
        ("DASHBOARD_TILE_URL", "ftp://tiles/{z}/{x}/{y}.png"),
    ],
)
def test_every_bad_value_is_named_at_start_up(name, value, monkeypatch):
    """Issue #20: DASHBOARD_SESSION_HOURS=abc was found only after a login, then every screen was a traceback."""
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("DASHBOARD_TILE_ATTRIBUTION", "地理院タイル" if name == "DASHBOARD_TILE_URL" else "")
    found = settings.problems()
    assert len(found) == 1 and found[0].startswith(f"設定 {name} の値 {value!r} は使えません。")


def test_tiles_need_both_settings(monkeypatch):
    monkeypatch.setenv("DASHBOARD_TILE_URL", "https://example.invalid/{z}/{x}/{y}.png")
    monkeypatch.delenv("DASHBOARD_TILE_ATTRIBUTION", raising=False)
    assert settings.problems() == [settings.t("settings_tiles_pair", "ja")]


def test_the_defaults_are_valid(monkeypatch):
    for name in settings.SETTINGS:
        monkeypatch.delenv(name, raising=False)
    assert settings.problems() == []


def test_the_app_stops_with_the_message_before_any_screen(app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    monkeypatch.setenv("DASHBOARD_SESSION_HOURS", "abc")
    app = AppTest.from_file("../../app/streamlit_app.py", default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.error[0].value.startswith("設定に誤りがあるため、起動できません。")
    assert "DASHBOARD_SESSION_HOURS" in app.error[0].value and not app.title


def test_the_cli_stops_with_the_message(monkeypatch, capsys):
    from data_access import cli

    monkeypatch.setenv("DASHBOARD_IDLE_MINUTES", "thirty")
    assert cli.main(["settings"]) == 2
    assert "エラー: 設定 DASHBOARD_IDLE_MINUTES の値 'thirty' は使えません。" in capsys.readouterr().err

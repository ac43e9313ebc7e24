from pathlib import Path

import pytest

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

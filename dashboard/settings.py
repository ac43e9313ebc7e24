"""Every setting of the product, declared once (name, default, help).

Read from the environment so that the app, the CLI and the tests agree. This module must not import
streamlit: the data_access CLI reads it too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_geo_dir() -> str:
    shared = PROJECT_ROOT.parent / "shared" / "geo"
    return str(shared) if shared.is_dir() else ""


def _default_seeds_dir() -> str:
    shared = PROJECT_ROOT.parent / "shared" / "seeds"
    return str(shared) if shared.is_dir() else ""


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env, self.default)


SETTINGS: dict[str, Setting] = {
    s.env: s
    for s in (
        Setting(
            "DATABASE_URL",
            f"sqlite:///{PROJECT_ROOT / 'data' / 'dashboard.sqlite3'}",
            "SQLAlchemy URL of the database. Default: an embedded SQLite file under data/ (git-ignored). "
            "Production: postgresql+psycopg://user:password@host:5432/dbname",
        ),
        Setting(
            "DASHBOARD_GEO_DIR",
            _default_geo_dir(),
            "Directory with the boundary GeoJSON files (municipalities_s0001.geojson, prefectures_s0001.geojson, "
            "s0010/…). Default: ../shared/geo when it exists; empty = no detailed boundaries.",
        ),
        Setting(
            "DASHBOARD_SEEDS_DIR",
            _default_seeds_dir(),
            "Directory with the source documents (plain text). Used to show the cited line of a fact and "
            "to rebuild the demo data files. Default: ../shared/seeds when it exists.",
        ),
        Setting("DASHBOARD_LANG", "ja", "Default UI language: ja (日本語) or en (English)."),
        Setting(
            "DASHBOARD_TILE_URL",
            "",
            "Base-map tile URL for deployments with internet access, e.g. the GSI pale map "
            "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png. Empty (default): no base map, nothing "
            "is fetched from outside.",
        ),
        Setting(
            "DASHBOARD_TILE_ATTRIBUTION",
            "",
            "Attribution shown with the base map, required with DASHBOARD_TILE_URL (for GSI: "
            "<a href='https://maps.gsi.go.jp/development/ichiran.html'>地理院タイル</a>).",
        ),
        Setting(
            "DASHBOARD_CACHE_TTL",
            "600",
            "Seconds a query result stays cached in the app before it is read again from the database.",
        ),
    )
}


def get(name: str) -> str:
    """Current value of a declared setting (KeyError for an undeclared name, on purpose)."""
    return SETTINGS[name].value()


def database_url() -> str:
    return get("DATABASE_URL")


def geo_dir() -> Path | None:
    value = get("DASHBOARD_GEO_DIR")
    return Path(value) if value else None


def base_tiles() -> tuple[str | None, str | None]:
    """(tile URL, attribution) or (None, None): maps have no base layer unless both are set."""
    url, attribution = get("DASHBOARD_TILE_URL"), get("DASHBOARD_TILE_ATTRIBUTION")
    return (url, attribution) if url and attribution else (None, None)


def seeds_dir() -> Path | None:
    value = get("DASHBOARD_SEEDS_DIR")
    return Path(value) if value else None

"""Every setting of the product, declared once (name, default, help, the values it accepts).

Read from the environment so that the app, the CLI and the tests agree. `problems()` checks them all at start-up
(the app's entry point and the CLI call it and stop with a Japanese message), so a typo is never found only after
a login, as a traceback. This module must not import streamlit: the data_access CLI reads it too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from core.i18n import LANGUAGES, t

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_geo_dir() -> str:
    shared = PROJECT_ROOT.parent / "shared" / "geo"
    return str(shared) if shared.is_dir() else ""


def _default_seeds_dir() -> str:
    shared = PROJECT_ROOT.parent / "shared" / "seeds"
    return str(shared) if shared.is_dir() else ""


DEBIAN_CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _default_population_dir() -> str:
    shared = PROJECT_ROOT.parent / "shared" / "population"
    return str(shared) if shared.is_dir() else ""


def _default_cjk_font() -> str:
    """Debian's fonts-noto-cjk file when installed; otherwise empty (the briefing then asks matplotlib's
    font list for "Noto Sans CJK JP" and reports in Japanese when there is none)."""
    return str(DEBIAN_CJK_FONT) if DEBIAN_CJK_FONT.is_file() else ""


MODES = ("official", "public")
Check = Callable[[str], str | None]  # a value -> what is expected of it (Japanese), or None when it is fine


def _integer(low: int, high: int) -> Check:
    def check(value: str) -> str | None:
        raw = value.strip()
        ok = raw.isascii() and raw.isdigit() and low <= int(raw) <= high
        return None if ok else t("settings_expected_integer", "ja", low=f"{low:,}", high=f"{high:,}")

    return check


def _choice(*allowed: str) -> Check:
    def check(value: str) -> str | None:
        ok = value.strip().lower() in allowed
        return None if ok else t("settings_expected_choice", "ja", choices=" / ".join(allowed))

    return check


def _tile_url(value: str) -> str | None:
    ok = not value or (re.match(r"https?://", value) and all(p in value for p in ("{z}", "{x}", "{y}")))
    return None if ok else t("settings_expected_tile_url", "ja")


def _read_url(value: str) -> str | None:
    ok = not value.strip() or value.strip().startswith("postgresql")
    return None if ok else t("settings_expected_read_url", "ja")


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str
    check: Check | None = None

    def value(self) -> str:
        return os.environ.get(self.env, self.default)

    def problem(self) -> str | None:
        """What is wrong with the current value (Japanese), or None."""
        expected = self.check(self.value()) if self.check else None
        return (
            t("settings_invalid", "ja", name=self.env, value=repr(self.value()), expected=expected)
            if expected
            else None
        )


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
        Setting(
            "DASHBOARD_POPULATION_DIR",
            _default_population_dir(),
            "Directory with the official municipality statistics (住民基本台帳 jumin<YYYY>.csv and "
            "jumin<YYYY>demog.csv, 国土地理院 area<YYYYMMDD>.csv, 国勢調査 kokusei<YYYY>sokuho.csv, "
            "designations<YYYY>.json), loaded by `python -m data_access load-population`. Default: "
            "../shared/population when it exists; empty = no official statistics (rates per population are "
            "then shown as 人口データなし).",
        ),
        Setting(
            "DATABASE_READ_URL",
            "",
            "SQLAlchemy URL of a PostgreSQL streaming replica of DATABASE_URL (same user and database). When set, "
            "the screens' queries read from it; imports, reviews, logins and audit records are written to "
            "DATABASE_URL, and after a write the app reads from the primary until the replica has replayed it. "
            "Empty (default): everything on DATABASE_URL.",
            _read_url,
        ),
        Setting("DASHBOARD_LANG", "ja", "Default UI language: ja (日本語) or en (English).", _choice(*LANGUAGES)),
        Setting(
            "DASHBOARD_TILE_URL",
            "",
            "Base-map tile URL for deployments with internet access, e.g. the GSI pale map "
            "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png. Empty (default): no base map, nothing "
            "is fetched from outside.",
            _tile_url,
        ),
        Setting(
            "DASHBOARD_TILE_ATTRIBUTION",
            "",
            "Attribution shown with the base map, required with DASHBOARD_TILE_URL (for GSI: "
            "<a href='https://maps.gsi.go.jp/development/ichiran.html'>地理院タイル</a>).",
        ),
        Setting(
            "DASHBOARD_MODE",
            "official",
            "official (default): the officials' dashboard with every number and the data-management screens. "
            "public: the transparency view for residents: read-only (no import, review or upload screen is "
            "registered), counts of 1 to DASHBOARD_SUPPRESSION_THRESHOLD-1 and what would reveal them are shown "
            "as ＊, and the sidebar says 公開版.",
            _choice(*MODES),
        ),
        Setting(
            "DASHBOARD_SUPPRESSION_THRESHOLD",
            "5",
            "Public mode only: consultation counts below this value (and above 0) are suppressed, together with "
            "the rates derived from them and the complementary cells that would reveal them. 5 = 1–4 are hidden; "
            "1 = nothing is hidden.",
            _integer(1, 1000),
        ),
        Setting(
            "DASHBOARD_CJK_FONT",
            _default_cjk_font(),
            "Font file (TTF/OTF/TTC) with Japanese glyphs, embedded in the briefing PDF/PNG. Default: "
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc when it exists (Debian fonts-noto-cjk); "
            'empty = look for "Noto Sans CJK JP" among the fonts matplotlib knows.',
        ),
        Setting(
            "DASHBOARD_SESSION_HOURS",
            "8",
            "Officials' mode: a login ends this many hours after it began, whatever the activity (the "
            "data-management screens then ask for the password again). 1–720.",
            _integer(1, 720),
        ),
        Setting(
            "DASHBOARD_IDLE_MINUTES",
            "30",
            "Officials' mode: a login ends after this many minutes without any action in the browser. 1–1440.",
            _integer(1, 1440),
        ),
        Setting(
            "DASHBOARD_IMPORT_MAX_MB",
            "20",
            "Largest file (MB) the importer reads, on the upload screen and in the CLI. A 100,000-row consultations "
            "CSV is about 7 MB; bigger files are refused before they are read. 1–200.",
            _integer(1, 200),
        ),
        Setting(
            "DASHBOARD_CACHE_TTL",
            "600",
            "Seconds a query result stays cached in the app before it is read again from the database. 0–86400.",
            _integer(0, 86_400),
        ),
    )
}


def get(name: str) -> str:
    """Current value of a declared setting (KeyError for an undeclared name, on purpose)."""
    return SETTINGS[name].value()


def database_url() -> str:
    return get("DATABASE_URL")


def database_read_url() -> str | None:
    """The read replica's URL, or None: reads then go to DATABASE_URL."""
    return get("DATABASE_READ_URL").strip() or None


def geo_dir() -> Path | None:
    value = get("DASHBOARD_GEO_DIR")
    return Path(value) if value else None


def base_tiles() -> tuple[str | None, str | None]:
    """(tile URL, attribution) or (None, None): maps have no base layer unless both are set."""
    url, attribution = get("DASHBOARD_TILE_URL"), get("DASHBOARD_TILE_ATTRIBUTION")
    return (url, attribution) if url and attribution else (None, None)


def mode() -> str:
    """official or public; any other value is an error (a typo must not silently publish every number)."""
    return _checked("DASHBOARD_MODE").strip().lower()


def is_public() -> bool:
    return mode() == "public"


def suppression_threshold() -> int:
    return int(_checked("DASHBOARD_SUPPRESSION_THRESHOLD"))


def population_dir() -> Path | None:
    value = get("DASHBOARD_POPULATION_DIR")
    return Path(value) if value else None


def seeds_dir() -> Path | None:
    value = get("DASHBOARD_SEEDS_DIR")
    return Path(value) if value else None


def cjk_font() -> Path | None:
    """The configured CJK font file for the briefing, or None (then the briefing searches installed fonts)."""
    value = get("DASHBOARD_CJK_FONT")
    return Path(value) if value else None


def _checked(name: str) -> str:
    """The value of a setting, or ValueError (Japanese, naming the setting) when it is not one it accepts."""
    problem = SETTINGS[name].problem()
    if problem:
        raise ValueError(problem)
    return get(name)


def _positive_int(name: str) -> int:
    return int(_checked(name))


def cache_ttl() -> int:
    return int(_checked("DASHBOARD_CACHE_TTL"))


def problems() -> list[str]:
    """Every setting whose value cannot be used, in Japanese (empty when all is well): checked at start-up."""
    found = [problem for setting in SETTINGS.values() if (problem := setting.problem())]
    if bool(get("DASHBOARD_TILE_URL")) != bool(get("DASHBOARD_TILE_ATTRIBUTION")):
        found.append(t("settings_tiles_pair", "ja"))
    return found


def session_lifetime() -> timedelta:
    """Absolute lifetime of a login (DASHBOARD_SESSION_HOURS)."""
    return timedelta(hours=_positive_int("DASHBOARD_SESSION_HOURS"))


def idle_timeout() -> timedelta:
    """A login ends after this long without activity (DASHBOARD_IDLE_MINUTES)."""
    return timedelta(minutes=_positive_int("DASHBOARD_IDLE_MINUTES"))


def import_max_bytes() -> int:
    """DASHBOARD_IMPORT_MAX_MB in bytes."""
    return _positive_int("DASHBOARD_IMPORT_MAX_MB") * 1024 * 1024

"""Municipality and prefecture boundaries, joined to the municipality master.

Source files (GeoJSON, EPSG:4326, boundaries as of 2021-01-01) live outside the repository in a directory
the caller passes in (``core.settings.geo_dir()``; this module never reads settings itself):

- ``municipalities_designated_city_s0001.geojson``: national view, designated cities merged;
- ``municipalities_s0001.geojson``: national view, designated-city wards separate;
- ``prefectures_s0001.geojson``: prefecture outlines;
- ``s0010/N03-21_PP_210101.geojson``: one finer file per prefecture (wards separate; merged here on demand).

The 5-digit GIS code ``N03_007`` becomes the 6-digit 全国地方公共団体コード (with check digit); several features
of one code (islands, or the wards of a designated city when wards are not wanted) are dissolved into one row.
Features without a code (所属未定地) belong to no municipality and are dropped from the municipality layer.

Simplification uses :func:`shapely.coverage_simplify`, which simplifies the shared edges of neighbouring
municipalities once, so no gaps or slivers appear between them (falls back to per-polygon
``simplify(preserve_topology=True)`` when the layer is not a valid coverage).

Caching: the loaders keep their results in an in-process :func:`functools.lru_cache` keyed by
``(directory, prefecture, wards, tolerance)``; switching layer, year or indicator in the app never reads the
disk again. Callers get a copy, so mutating a result cannot corrupt the cache. :func:`clear_cache` empties it
(tests, or after the files were replaced). The Streamlit layer may add ``st.cache_data`` on top.

Without the files (directory ``None``, missing or empty) the loaders fall back to coarse prefecture outlines
from the ``japanmap`` package and to municipality *points* at the master's centroids; the result says so
(``detailed=False``; the screen explains it in its own words).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from data_access.master import abolished_units, full_code, municipalities, prefectures

CRS = "EPSG:4326"
#: Simplification tolerance in degrees (≈100 m). The shipped files are already simplified (0.1 % / 1 %),
#: so this mostly smooths the finer per-prefecture files; 0 disables simplification.
DEFAULT_TOLERANCE = 0.001
#: Decimals kept for coordinates in GeoJSON payloads (5 decimals ≈ 1 m).
DEFAULT_PRECISION = 5

NATIONAL_MERGED = "municipalities_designated_city_s0001.geojson"
NATIONAL_WARDS = "municipalities_s0001.geojson"
PREFECTURES = "prefectures_s0001.geojson"
PREFECTURE_FILE = "s0010/N03-21_{pref}_210101.geojson"
ATTRIBUTION = "ATTRIBUTION.md"

#: Columns of every municipality layer (plus ``geometry``).
COLUMNS = ["code", "code5", "prefecture_code", "name", "kind", "parent_code", "in_master"]


@dataclass(frozen=True)
class MunicipalityBoundaries:
    """A municipality layer and how it was obtained.

    ``gdf`` has :data:`COLUMNS` + ``geometry`` (EPSG:4326), one row per 6-digit ``code``; ``in_master`` is
    False for areas the master does not list (the six 北方領土 villages). Polygons when ``detailed``,
    points at the master's centroids otherwise.
    """

    gdf: gpd.GeoDataFrame
    detailed: bool


# --------------------------------------------------------------------------------------------- helpers


def _read_geojson(path: Path) -> gpd.GeoDataFrame:
    """The one place that reads a boundary file from disk (tests count calls to it)."""
    gdf = gpd.read_file(path)
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    return gdf.to_crs(CRS)


def has_boundaries(geo_dir: Path | str | None) -> bool:
    """True when ``geo_dir`` holds the national boundary files."""
    if geo_dir is None or str(geo_dir) == "":
        return False
    d = Path(geo_dir)
    return (d / NATIONAL_MERGED).is_file() and (d / PREFECTURES).is_file()


def normalize_prefecture(prefecture: str | int | None) -> str | None:
    """2-digit prefecture code from a code ("9", "09", 9) or a name ("栃木県"); None stays None."""
    if prefecture is None:
        return None
    text = unicodedata.normalize("NFKC", str(prefecture)).strip()
    if text.isdigit() and 1 <= int(text) <= 47:
        return f"{int(text):02d}"
    for p in prefectures():
        short = p.name[:-1] if p.name[-1] in "都府県" else p.name
        if text in (p.name, p.name_en, short):
            return p.code
    raise ValueError(f"都道府県を特定できません: {prefecture!r}（01〜47 のコードまたは都道府県名で指定してください）")


def _dir_key(geo_dir: Path | str | None) -> str | None:
    if not has_boundaries(geo_dir):
        return None
    return str(Path(geo_dir).resolve())  # type: ignore[arg-type]


def _simplify(geoms: Any, tolerance: float) -> Any:
    if not tolerance:
        return geoms
    arr = gpd.GeoSeries(geoms).values
    try:
        if shapely.coverage_is_valid(arr):
            out = shapely.coverage_simplify(arr, tolerance)
            if not shapely.is_empty(out).any():
                return out
    except Exception:  # noqa: BLE001 - fall back to per-polygon simplification
        pass
    return shapely.simplify(arr, tolerance, preserve_topology=True)


def _gis_name(row: pd.Series) -> str:
    parts = [p for p in (row.get("N03_003"), row.get("N03_004")) if isinstance(p, str) and p]
    if len(parts) == 2 and parts[0].endswith("郡"):
        return parts[1]
    return "".join(parts)


def _join_master(raw: gpd.GeoDataFrame, wards: bool) -> gpd.GeoDataFrame:
    """Codes 5 → 6 digits, attributes from the master, one row per code (dissolved).

    Wards abolished since the boundary files were made (浜松市's 7 wards, 2024) always become part of their
    city: their shapes are not today's wards, so even the wards layer draws that city whole."""
    master = {m.code: m for m in municipalities()}
    raw = raw[raw["N03_007"].notna() & raw.geometry.notna()].copy()
    raw["code5"] = raw["N03_007"].astype(str).str.zfill(5)
    raw["code"] = raw["code5"].map(full_code)
    parent = {code: rec.parent_code for code, (rec, _ended) in abolished_units().items() if rec.parent_code}
    if not wards:  # a ward's polygon becomes part of its designated city
        parent |= {c: m.parent_code for c, m in master.items() if m.parent_code}
    raw["code"] = raw["code"].map(lambda c: parent.get(c, c))
    raw["code5"] = raw["code"].str[:5]
    raw["gis_name"] = raw.apply(_gis_name, axis=1)
    dissolved = raw[["code", "code5", "N03_001", "gis_name", "geometry"]].dissolve(
        by="code", as_index=False, aggfunc="first"
    )
    pref_by_name = {p.name: p.code for p in prefectures()}
    rows = []
    for rec in dissolved.itertuples(index=False):
        code = str(rec.code)  # 6-digit text (pandas types a row's fields only as scalars)
        m = master.get(code)
        rows.append(
            {
                "code": code,
                "code5": rec.code5,
                "prefecture_code": m.prefecture_code if m else pref_by_name.get(str(rec.N03_001), code[:2]),
                "name": m.name if m else rec.gis_name,
                "kind": m.kind if m else None,
                "parent_code": m.parent_code if m else None,
                "in_master": m is not None,
                "geometry": rec.geometry,
            }
        )
    gdf = gpd.GeoDataFrame(rows, columns=[*COLUMNS, "geometry"], geometry="geometry", crs=CRS)
    return gdf.sort_values("code", ignore_index=True)


# --------------------------------------------------------------------------------------- municipalities


@lru_cache(maxsize=64)
def _load_detailed(directory: str, prefecture: str | None, wards: bool, tolerance: float) -> gpd.GeoDataFrame:
    d = Path(directory)
    if prefecture is None:
        raw = _read_geojson(d / (NATIONAL_WARDS if wards else NATIONAL_MERGED))
        # The national files lost a few tiny municipalities to simplification (利島村, 青ヶ島村, 向日市, …:
        # null geometry or no feature at all). Take those from the finer per-prefecture files.
        present = {full_code(c) for c in raw.loc[raw.geometry.notna(), "N03_007"].dropna().astype(str)}
        expected = [m for m in municipalities() if m.kind != ("designated_city" if wards else "ward")]
        missing = [m for m in expected if m.code not in present]
        parts = [raw]
        for pref in sorted({m.prefecture_code for m in missing}):
            path = d / PREFECTURE_FILE.format(pref=pref)
            if path.is_file():
                finer = _read_geojson(path)
                want = {m.code[:5] for m in missing if m.prefecture_code == pref}
                parts.append(finer[finer["N03_007"].isin(want)])
        raw = pd.concat(parts, ignore_index=True)
    else:
        path = d / PREFECTURE_FILE.format(pref=prefecture)
        if not path.is_file():  # no finer file: cut the prefecture out of the national layer
            national = _load_detailed(directory, None, wards, tolerance)
            return national[national["prefecture_code"] == prefecture].reset_index(drop=True)
        raw = _read_geojson(path)
    gdf = _join_master(gpd.GeoDataFrame(raw, geometry="geometry", crs=CRS), wards)
    gdf["geometry"] = _simplify(gdf.geometry.values, tolerance)
    return gdf


@lru_cache(maxsize=64)
def _load_points(prefecture: str | None, wards: bool) -> gpd.GeoDataFrame:
    rows = []
    for m in municipalities():
        if prefecture is not None and m.prefecture_code != prefecture:
            continue
        if wards and m.kind == "designated_city":
            continue  # represented by its wards
        if not wards and m.kind == "ward":
            continue
        rows.append(
            {
                "code": m.code,
                "code5": m.code[:5],
                "prefecture_code": m.prefecture_code,
                "name": m.name,
                "kind": m.kind,
                "parent_code": m.parent_code,
                "in_master": True,
                "geometry": shapely.Point(m.lng, m.lat),
            }
        )
    return gpd.GeoDataFrame(rows, columns=[*COLUMNS, "geometry"], geometry="geometry", crs=CRS)


def load_municipalities(
    geo_dir: Path | str | None,
    prefecture: str | int | None = None,
    *,
    wards: bool = False,
    tolerance: float = DEFAULT_TOLERANCE,
) -> MunicipalityBoundaries:
    """Municipality layer for Japan (``prefecture=None``) or one prefecture (code or name).

    ``wards=False`` (default) merges the wards of each designated city into the city; ``wards=True`` gives
    the wards instead of their city. The per-prefecture ``s0010`` file is used for a prefecture, the
    national ``s0001`` files for Japan. Results are cached in-process (see the module docstring).
    """
    pref = normalize_prefecture(prefecture)
    directory = _dir_key(geo_dir)
    if directory is None:
        return MunicipalityBoundaries(_load_points(pref, wards).copy(), detailed=False)
    gdf = _load_detailed(directory, pref, bool(wards), float(tolerance))
    return MunicipalityBoundaries(gdf.copy(), detailed=True)


# ---------------------------------------------------------------------------------------- prefectures


@lru_cache(maxsize=8)
def _load_prefecture_outlines(directory: str | None, tolerance: float) -> gpd.GeoDataFrame:
    names = {p.name: p.code for p in prefectures()}
    if directory is None:
        return _japanmap_outlines()
    raw = _read_geojson(Path(directory) / PREFECTURES)
    raw = raw[raw.geometry.notna()]
    gdf = gpd.GeoDataFrame(
        {"code": raw["N03_001"].map(names), "name": raw["N03_001"]}, geometry=raw.geometry.values, crs=CRS
    )
    gdf = gdf.dissolve(by="code", as_index=False, aggfunc="first").sort_values("code", ignore_index=True)
    gdf["geometry"] = _simplify(gdf.geometry.values, tolerance)
    return gdf[["code", "name", "geometry"]]


def _japanmap_outlines() -> gpd.GeoDataFrame:
    """Coarse outlines from ``japanmap`` (lon/lat rings; a few self-intersect; outlying islands missing)."""
    import japanmap  # optional dependency, installed with --no-deps

    qpqo = japanmap.get_data()  # not moved: the default of pref_points() would shift Hokkaido and Okinawa
    rings = japanmap.pref_points(qpqo)
    rows = []
    for p, ring in zip(prefectures(), rings, strict=True):
        geom = shapely.make_valid(shapely.Polygon(ring))
        geom = _polygonal_part(geom)
        rows.append({"code": p.code, "name": p.name, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def _polygonal_part(geom: Any) -> Any:
    if geom is None or geom.is_empty:
        return geom
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    polys: list[shapely.Polygon] = []
    for g in parts:
        polys.extend(g.geoms if g.geom_type == "MultiPolygon" else [g])
    return shapely.MultiPolygon(polys) if polys else shapely.Polygon()


def load_prefectures(
    geo_dir: Path | str | None, prefecture: str | int | None = None, *, tolerance: float = DEFAULT_TOLERANCE
) -> gpd.GeoDataFrame:
    """Prefecture outlines (``code`` 2-digit, ``name``, polygons) from the files, or from ``japanmap``.

    ``prefecture`` limits the result to one prefecture. Cached like :func:`load_municipalities`.
    """
    pref = normalize_prefecture(prefecture)
    gdf = _load_prefecture_outlines(_dir_key(geo_dir), float(tolerance))
    if pref is not None:
        gdf = gdf[gdf["code"] == pref]
    return gdf.reset_index(drop=True).copy()


def clear_cache() -> None:
    """Forget every cached boundary layer (next call reads the files again)."""
    _load_detailed.cache_clear()
    _load_points.cache_clear()
    _load_prefecture_outlines.cache_clear()


# --------------------------------------------------------------------------------------------- credit

_CREDIT_RE = re.compile(r"「[^」\n]+」[^\n「]*?作成")
_CREDIT_EN_RE = re.compile(r'\(English:\s*"([^"\n]+)"\)')


def boundary_credit(geo_dir: Path | str | None, lang: str = "ja") -> str | None:
    """The credit line every map built from the files must show (read from ``ATTRIBUTION.md``), in English when
    the file gives it (「(English: "…")」 after the Japanese line) and ``lang`` is not Japanese.

    None when the detailed files are not used (fallback outlines need no MLIT credit) or when the
    attribution file has no line of the form 「…」…作成.
    """
    if not has_boundaries(geo_dir):
        return None
    path = Path(geo_dir) / ATTRIBUTION  # type: ignore[arg-type]
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    match = _CREDIT_RE.search(text)
    if match is None:
        return None
    english = _CREDIT_EN_RE.search(text, match.end())
    return english.group(1).strip() if lang != "ja" and english else match.group(0).strip()


# ------------------------------------------------------------------------------------------- payloads


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def geojson_payload(
    gdf: gpd.GeoDataFrame,
    properties: Sequence[str] | None = ("code", "name"),
    *,
    precision: int = DEFAULT_PRECISION,
) -> dict:
    """FeatureCollection dict with only ``properties`` (None = every column) and rounded coordinates."""
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(CRS)
    cols = [c for c in gdf.columns if c != gdf.geometry.name] if properties is None else list(properties)
    features = []
    records = gdf[cols].to_dict("records") if cols else [{} for _ in range(len(gdf))]
    # every coordinate rounded at once in numpy (a Python loop over them cost 北海道's map ~70 ms per rerun)
    rounded = shapely.transform(gdf.geometry.values, lambda xy: np.round(xy, precision))
    for props, geom in zip(records, rounded):
        if geom is None or geom.is_empty:
            continue
        features.append(
            {"type": "Feature", "properties": {k: _jsonable(v) for k, v in props.items()}, "geometry": mapping(geom)}
        )
    return {"type": "FeatureCollection", "features": features}


def payload_size(
    gdf: gpd.GeoDataFrame,
    properties: Sequence[str] | None = ("code", "name"),
    *,
    precision: int = DEFAULT_PRECISION,
) -> int:
    """Bytes of the compact UTF-8 GeoJSON a map embeds for ``gdf`` (what the 2 MB / 0.5 MB budgets measure)."""
    payload = geojson_payload(gdf, properties, precision=precision)
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

"""Read an uploaded district boundary file and match its features to a municipality's districts.

Input: the file's bytes and name (GeoJSON ``.geojson``/``.json``, GeoPackage ``.gpkg``, or a zipped
Shapefile ``.zip``). Everything happens in memory; nothing is written anywhere (persisting the result is
the caller's job).

- Any CRS is reprojected to EPSG:4326. A file without a CRS is accepted only when its coordinates are plainly
  longitude/latitude within Japan; otherwise it is rejected. A GeoJSON whose coordinates are not lon/lat
  (GeoJSON has no CRS member since RFC 7946, so GDAL reads it as EPSG:4326) is rejected too.
- Invalid polygons are repaired with :func:`shapely.make_valid`, keeping only the polygonal parts; features
  that are not polygons, or nothing polygonal survives the repair, are rejected (listed in ``problems``).
- Features are matched to ``districts`` (columns ``district_id``, ``code``, ``name``) by a code column first,
  then by name (NFKC: full-/half-width unified; spaces and a trailing 地区 ignored). Several features of one
  district are merged. Shapefile attribute tables without a ``.cpg`` are read as UTF-8 or else CP932
  (Shift_JIS), the usual encoding of Japanese GIS files.

All messages are Japanese and say which feature (1-based position and its name/code) and why.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
import shapely

from core.i18n import t

CRS = "EPSG:4326"
#: Longitude/latitude box that certainly contains Japan (used for files without a CRS).
JAPAN_BOUNDS = (122.0, 20.0, 154.0, 46.0)
MAX_BYTES = 50 * 1024 * 1024

CODE_FIELD_HINTS = ("code", "district_code", "地区コード", "コード", "id", "no", "番号")
NAME_FIELD_HINTS = ("name", "district_name", "地区名", "名称", "name_ja", "地区")
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


class DistrictBoundaryError(ValueError):
    """The file cannot be used at all (format, CRS, no features). Message in the language it was read in."""


@dataclass(frozen=True)
class Problem:
    """One issue with one feature (``feature`` = 1-based position in the file) or with the whole file."""

    feature: int | None
    label: str
    message: str
    severity: Literal["error", "warning"] = "error"
    lang: str = "ja"

    def __str__(self) -> str:
        where = (
            t("boundary_where_feature", self.lang, n=self.feature)
            if self.feature is not None
            else t("boundary_where_file", self.lang)
        )
        if self.label:
            where = t("boundary_where_labelled", self.lang, where=where, label=self.label)
        return t("boundary_problem", self.lang, where=where, message=self.message)


@dataclass
class DistrictBoundaryResult:
    """Outcome of reading and matching; nothing has been stored.

    - ``matched``: one row per matched district: ``district_id``, ``code``, ``name``, ``matched_by``
      ("code"/"name"), ``features`` (1-based positions in the file), geometry in EPSG:4326;
    - ``unmatched``: usable features that match no district: ``feature``, ``label``, ``file_code``,
      ``file_name``, geometry;
    - ``missing``: districts without a shape (``district_id``, ``code``, ``name``);
    - ``problems``: rejected or repaired features and file-level notes.
    """

    matched: gpd.GeoDataFrame
    unmatched: gpd.GeoDataFrame
    missing: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    source_crs: str | None = None
    code_field: str | None = None
    name_field: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def messages(self) -> list[str]:
        """Every problem as one sentence (in the language the file was read in)."""
        return [str(p) for p in self.problems]


# -------------------------------------------------------------------------------------- normalising


def normalize_name(value: Any) -> str:
    """Comparable district name: NFKC (全角英数→半角, 半角カナ→全角), no spaces, no trailing 地区, casefolded."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\s+", "", text).casefold()
    if text.endswith("地区") and len(text) > 2:
        text = text[:-2]
    return text


def normalize_code(value: Any) -> str:
    """Comparable code: NFKC, trimmed; "007" and 7 and 7.0 compare equal."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if text.isdigit():
        return str(int(text))
    return text.casefold()


# -------------------------------------------------------------------------------------------- reading


def _flat_shapefile_zip(data: bytes, lang: str) -> tuple[bytes, str | None, list[str]]:
    """A zip with one shapefile at its root (in memory), the DBF encoding, notes."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DistrictBoundaryError(t("boundary_zip_unreadable", lang)) from None
    members = [n for n in zf.namelist() if not n.endswith("/") and not PurePosixPath(n).name.startswith(".")]
    members = [n for n in members if "__MACOSX" not in n]
    shps = sorted(n for n in members if n.lower().endswith(".shp"))
    if not shps:
        raise DistrictBoundaryError(t("boundary_zip_no_shapefile", lang))
    notes = []
    if len(shps) > 1:
        notes.append(t("boundary_zip_many_shapefiles", lang, name=PurePosixPath(shps[0]).name))
    stem = shps[0][:-4]
    parts = {
        n[len(stem) :].lower(): n
        for n in members
        if n[: len(stem)] == stem and n[len(stem) :].lower() in SHAPEFILE_PARTS
    }
    for required in (".shp", ".shx", ".dbf"):
        if required not in parts:
            raise DistrictBoundaryError(t("boundary_zip_missing_part", lang, part=required))
    encoding = None
    if ".cpg" not in parts:
        dbf = zf.read(parts[".dbf"])
        try:
            dbf.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp932"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as flat:
        for ext, name in parts.items():
            flat.writestr(f"layer{ext}", zf.read(name))
    return out.getvalue(), encoding, notes


def _read(data: bytes, filename: str, lang: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    suffix = PurePosixPath(filename.lower()).suffix
    notes: list[str] = []
    kwargs: dict[str, Any] = {}
    if suffix in (".geojson", ".json"):
        payload = data
    elif suffix == ".gpkg":
        payload = data
        import pyogrio

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                layers = pyogrio.list_layers(io.BytesIO(data))
            except Exception as exc:  # noqa: BLE001 - GDAL raises many kinds for a damaged file; each is named
                raise DistrictBoundaryError(t("boundary_gpkg_unreadable", lang, error=exc)) from None
        polygon_layers = [str(name) for name, gtype in layers if gtype and "polygon" in str(gtype).lower()]
        chosen = polygon_layers[0] if polygon_layers else (str(layers[0][0]) if len(layers) else None)
        if chosen is None:
            raise DistrictBoundaryError(t("boundary_gpkg_no_layer", lang))
        if len(layers) > 1:
            notes.append(t("boundary_gpkg_many_layers", lang, layer=chosen))
        kwargs["layer"] = chosen
    elif suffix == ".zip":
        payload, encoding, notes = _flat_shapefile_zip(data, lang)
        if encoding:
            kwargs["encoding"] = encoding
    else:
        raise DistrictBoundaryError(t("boundary_unsupported_format", lang, file=filename))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            gdf = gpd.read_file(io.BytesIO(payload), **kwargs)
        except Exception as exc:  # noqa: BLE001 - GDAL raises many kinds
            raise DistrictBoundaryError(t("boundary_unreadable", lang, file=filename, error=exc)) from None
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry is None:
        raise DistrictBoundaryError(t("boundary_no_geometry_column", lang))
    return gdf, notes


def _looks_lonlat_japan(gdf: gpd.GeoDataFrame) -> bool:
    geoms = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty].geometry
    if geoms.empty:
        return False
    minx, miny, maxx, maxy = geoms.total_bounds
    x0, y0, x1, y1 = JAPAN_BOUNDS
    return bool(x0 <= minx <= maxx <= x1 and y0 <= miny <= maxy <= y1)


def _to_wgs84(gdf: gpd.GeoDataFrame, lang: str) -> tuple[gpd.GeoDataFrame, str | None, list[Problem]]:
    problems: list[Problem] = []
    if gdf.crs is None:
        if not _looks_lonlat_japan(gdf):
            raise DistrictBoundaryError(t("boundary_no_crs", lang))
        problems.append(Problem(None, "", t("boundary_assumed_lonlat", lang), "warning", lang))
        return gdf.set_crs(CRS), None, problems
    source = gdf.crs.to_string()
    try:
        out = gdf.to_crs(CRS)
    except Exception as exc:  # noqa: BLE001 - pyproj raises many kinds for an unusable CRS; each is named
        raise DistrictBoundaryError(t("boundary_crs_unusable", lang, crs=source, error=exc)) from None
    if not _looks_lonlat_japan(out):
        raise DistrictBoundaryError(t("boundary_outside_japan", lang, crs=source))
    return out, source, problems


# ------------------------------------------------------------------------------------------- geometry


def _polygonal(geom: Any) -> Any:
    """Polygonal part of a geometry (MultiPolygon/Polygon), None when there is none."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys: list[Any] = []
    for part in getattr(geom, "geoms", []):
        sub = _polygonal(part)
        if sub is not None:
            polys.extend(sub.geoms if sub.geom_type == "MultiPolygon" else [sub])
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def repair_geometry(geom: Any, lang: str = "ja") -> tuple[Any, str | None]:
    """(usable polygon or None, note in `lang`). Note is set when repaired or rejected."""
    if geom is None or geom.is_empty:
        return None, t("boundary_geometry_empty", lang)
    kind = geom.geom_type
    if kind not in ("Polygon", "MultiPolygon"):
        if kind == "GeometryCollection" and _polygonal(geom) is not None:
            pass
        else:
            return None, t("boundary_not_polygon", lang, kind=kind)
    if geom.is_valid and kind in ("Polygon", "MultiPolygon"):
        return geom, None
    reason = shapely.is_valid_reason(geom)
    fixed = _polygonal(shapely.make_valid(geom))
    if fixed is None or fixed.area == 0:
        return None, t("boundary_unrepairable", lang, reason=reason)
    return fixed, t("boundary_repaired", lang, reason=reason)


# ------------------------------------------------------------------------------------------- matching


def _pick_field(gdf: gpd.GeoDataFrame, wanted: set[str], normalise, hints: tuple[str, ...]) -> str | None:
    """Attribute column whose normalised values hit ``wanted`` most often (ties: name hints first)."""
    best, best_hits = None, 0
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    order = sorted(columns, key=lambda c: 0 if str(c).lower() in hints else 1)
    for col in order:
        values = {normalise(v) for v in gdf[col]}
        hits = len(values & wanted)
        if hits > best_hits:
            best, best_hits = col, hits
    return best


def _label(row: Mapping[Hashable, Any], code_field: str | None, name_field: str | None, lang: str) -> str:
    parts = []
    if name_field and not _blank(row.get(name_field)):
        parts.append(t("boundary_label_name", lang, value=row[name_field]))
    if code_field and not _blank(row.get(code_field)):
        parts.append(t("boundary_label_code", lang, value=row[code_field]))
    return t("list_separator", lang).join(parts)


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def read_district_boundaries(
    data: bytes,
    filename: str,
    districts: pd.DataFrame,
    *,
    code_field: str | None = None,
    name_field: str | None = None,
    lang: str = "ja",
) -> DistrictBoundaryResult:
    """Read ``data`` (the uploaded file named ``filename``) and match it to ``districts``.

    ``code_field`` / ``name_field`` name the file's attribute columns; by default the column whose values
    match the districts' codes (names) most often is used. Raises :class:`DistrictBoundaryError` when the
    file cannot be used at all; per-feature issues are listed in the result's ``problems``. Every message is in
    ``lang``.
    """
    for col in ("district_id", "code", "name"):
        if col not in districts.columns:
            raise ValueError(f"districts に列 {col} がありません")
    if len(data) > MAX_BYTES:
        raise DistrictBoundaryError(t("boundary_too_large", lang, mb=MAX_BYTES // 1024 // 1024))
    if not data:
        raise DistrictBoundaryError(t("boundary_empty_file", lang))

    raw, notes = _read(data, filename, lang)
    problems = [Problem(None, "", n, "warning", lang) for n in notes]
    if raw.empty:
        raise DistrictBoundaryError(t("boundary_no_features", lang))
    raw = raw.reset_index(drop=True)
    gdf, source_crs, crs_problems = _to_wgs84(raw, lang)
    problems.extend(crs_problems)

    dist = districts[["district_id", "code", "name"]].copy().reset_index(drop=True)
    dist["_code"] = dist["code"].map(normalize_code)
    dist["_name"] = dist["name"].map(normalize_name)
    for column, attr in ((code_field, "code"), (name_field, "name")):
        if column is not None and column not in gdf.columns:
            raise DistrictBoundaryError(
                t(
                    "boundary_missing_column",
                    lang,
                    attribute=t(f"boundary_attribute_{attr}", lang),
                    column=column,
                    columns=", ".join(map(str, gdf.columns)),
                )
            )
    if code_field is None:
        code_field = _pick_field(gdf, set(dist["_code"]) - {""}, normalize_code, CODE_FIELD_HINTS)
    if name_field is None:
        name_field = _pick_field(gdf, set(dist["_name"]) - {""}, normalize_name, NAME_FIELD_HINTS)
    if code_field is None and name_field is None:
        problems.append(Problem(None, "", t("boundary_no_matching_columns", lang), lang=lang))

    code_index: dict[str, int] = {}
    for i, c in enumerate(dist["_code"]):
        if c:
            code_index.setdefault(c, i)
    name_counts = dist["_name"].value_counts()
    name_index = {n: i for i, n in enumerate(dist["_name"]) if n and name_counts[n] == 1}
    ambiguous_names = {n for n, k in name_counts.items() if n and k > 1}

    assigned: dict[int, list[tuple[int, Any, str]]] = {}  # district row -> [(feature no, geometry, how)]
    unmatched_rows: list[dict[str, Any]] = []
    records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    for pos, (attrs, geom) in enumerate(zip(records, gdf.geometry.values), start=1):
        label = _label(attrs, code_field, name_field, lang)
        fixed, note = repair_geometry(geom, lang)
        if fixed is None:
            problems.append(Problem(pos, label, note or t("boundary_geometry_empty", lang), lang=lang))
            continue
        if note:
            problems.append(Problem(pos, label, note, "warning", lang))
        hit: int | None = None
        how = ""  # "code" or "name": what matched
        if code_field is not None:
            c = normalize_code(attrs.get(code_field))
            if c and c in code_index:
                hit, how = code_index[c], "code"
        if hit is None and name_field is not None:
            n = normalize_name(attrs.get(name_field))
            if n in name_index:
                hit, how = name_index[n], "name"
            elif n in ambiguous_names:
                problems.append(Problem(pos, label, t("boundary_ambiguous_name", lang), lang=lang))
        if hit is None:
            unmatched_rows.append(
                {
                    "feature": pos,
                    "label": label,
                    "file_code": None if code_field is None else attrs.get(code_field),
                    "file_name": None if name_field is None else attrs.get(name_field),
                    "geometry": fixed,
                }
            )
            problems.append(Problem(pos, label, t("boundary_unmatched", lang), "warning", lang))
            continue
        assigned.setdefault(hit, []).append((pos, fixed, how))

    matched_rows = []
    for i, items in sorted(assigned.items()):
        geoms = [g for _, g, _ in items]
        geom = geoms[0] if len(geoms) == 1 else _polygonal(shapely.union_all(geoms))
        positions = [p for p, _, _ in items]
        district_name = str(dist.at[i, "name"])
        if len(items) > 1:
            problems.append(
                Problem(
                    positions[0],
                    district_name,
                    t(
                        "boundary_merged",
                        lang,
                        name=district_name,
                        positions=t("list_separator", lang).join(map(str, positions)),
                    ),
                    "warning",
                    lang,
                )
            )
        matched_rows.append(
            {
                "district_id": dist.at[i, "district_id"],
                "code": dist.at[i, "code"],
                "name": dist.at[i, "name"],
                "matched_by": "code" if any(h == "code" for _, _, h in items) else "name",
                "features": positions,
                "geometry": geom,
            }
        )
    matched = gpd.GeoDataFrame(
        matched_rows,
        columns=["district_id", "code", "name", "matched_by", "features", "geometry"],
        geometry="geometry",
        crs=CRS,
    )
    unmatched = gpd.GeoDataFrame(
        unmatched_rows, columns=["feature", "label", "file_code", "file_name", "geometry"], geometry="geometry", crs=CRS
    )
    missing = dist.loc[~dist.index.isin(assigned), ["district_id", "code", "name"]].reset_index(drop=True)
    return DistrictBoundaryResult(
        matched=matched,
        unmatched=unmatched,
        missing=missing,
        problems=problems,
        source_crs=source_crs,
        code_field=code_field,
        name_field=name_field,
    )


def shapes_to_geojson(matched: gpd.GeoDataFrame, precision: int = 6) -> dict[int, str]:
    """{district_id: GeoJSON geometry text} of matched shapes, for storing (coordinates rounded)."""
    rounded = shapely.set_precision(matched.geometry.values, 10**-precision)
    return {int(i): shapely.to_geojson(g) for i, g in zip(matched["district_id"], rounded)}


def shapes_from_geojson(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """GeoDataFrame (EPSG:4326) from stored rows with ``district_id`` and ``boundary_geojson``."""
    geometry = [shapely.from_geojson(text) for text in frame["boundary_geojson"]]
    return gpd.GeoDataFrame({"district_id": frame["district_id"].to_numpy()}, geometry=geometry, crs="EPSG:4326")

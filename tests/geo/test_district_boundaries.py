"""geo.district_boundaries: formats, reprojection, repair, matching (code, then name)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.district_boundaries import (
    DistrictBoundaryError,
    normalize_name,
    read_district_boundaries,
    repair_geometry,
)

# EPSG:6677 = JGD2011 / Japan Plane Rectangular CS IX (関東); origin 36°N 139°50'E.
ORIGIN_LON, ORIGIN_LAT = 139 + 50 / 60, 36.0


def districts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "district_id": [101, 102, 103, 104],
            "code": ["01", "02", "03", "04"],
            "name": ["清原地区", "ABC", "平石", "横川"],
        }
    )


def projected(crs: str = "EPSG:6677") -> gpd.GeoDataFrame:
    """Four 1 km squares east of the CS IX origin; feature 4 matches nothing."""
    gdf = gpd.GeoDataFrame(
        {
            "CODE": ["1", None, "", "99"],
            "NAME": ["清原", "ＡＢＣ 地区", "平石地区", "架空地区"],
        },
        geometry=[shapely.box(1000 * i, 0, 1000 * i + 900, 900) for i in range(4)],
        crs="EPSG:6677",
    )
    return gdf.to_crs(crs)


def to_bytes(
    gdf: gpd.GeoDataFrame, fmt: str, tmp_path: Path, *, drop: tuple[str, ...] = (), encoding: str = "utf-8"
) -> tuple[bytes, str]:
    if fmt == "geojson":
        buf = io.BytesIO()
        gdf.to_file(buf, driver="GeoJSON")
        return buf.getvalue(), "districts.geojson"
    if fmt == "gpkg":
        buf = io.BytesIO()
        gdf.to_file(buf, driver="GPKG", layer="districts")
        return buf.getvalue(), "districts.gpkg"
    folder = tmp_path / "shp"
    folder.mkdir(parents=True)
    gdf.to_file(folder / "地区.shp", encoding=encoding)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in folder.iterdir():
            if f.suffix.lower() not in drop:
                zf.write(f, f"data/{f.name}")  # in a sub-folder, as people zip them
    return buf.getvalue(), "districts.zip"


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp"])
@pytest.mark.parametrize("crs", ["EPSG:6677", "EPSG:3857"])
def test_reprojected_to_lonlat(fmt, crs, tmp_path):
    data, name = to_bytes(projected(crs), fmt, tmp_path)
    result = read_district_boundaries(data, name, districts())
    assert result.matched.crs.to_epsg() == 4326
    assert result.source_crs is not None and "4326" not in result.source_crs
    first = result.matched.set_index("district_id").loc[101].geometry
    c = first.centroid
    assert c.x == pytest.approx(ORIGIN_LON + 0.005, abs=0.002)  # ≈ 450 m east of the origin
    assert c.y == pytest.approx(ORIGIN_LAT + 0.004, abs=0.002)
    assert len(result.matched) == 3


def test_matching_by_code_then_name(tmp_path):
    data, name = to_bytes(projected(), "geojson", tmp_path)
    result = read_district_boundaries(data, name, districts())
    assert result.code_field == "CODE" and result.name_field == "NAME"
    by_id = result.matched.set_index("district_id")
    assert by_id.loc[101, "matched_by"] == "code"  # "1" == "01"
    assert by_id.loc[102, "matched_by"] == "name"  # ＡＢＣ 地区 == ABC (full-width, space, 地区)
    assert by_id.loc[103, "matched_by"] == "name"  # 平石地区 == 平石
    assert by_id.loc[101, "features"] == [1]
    assert result.unmatched["feature"].tolist() == [4]
    assert result.unmatched["file_name"].tolist() == ["架空地区"]
    assert result.missing["name"].tolist() == ["横川"]
    messages = result.messages()
    assert any("4番目の図形" in m and "架空地区" in m and "対応しません" in m for m in messages)
    assert result.errors == []


def test_code_wins_over_name(tmp_path):
    gdf = projected().iloc[:1].copy()
    gdf["NAME"] = ["平石"]  # name says 03 but code says 01
    data, name = to_bytes(gdf, "geojson", tmp_path)
    result = read_district_boundaries(data, name, districts(), code_field="CODE", name_field="NAME")
    assert result.matched["district_id"].tolist() == [101]


def test_explicit_field_that_does_not_exist(tmp_path):
    data, name = to_bytes(projected(), "geojson", tmp_path)
    with pytest.raises(DistrictBoundaryError, match="列"):
        read_district_boundaries(data, name, districts(), code_field="KEY")


def test_several_features_of_one_district_are_merged(tmp_path):
    gdf = projected().iloc[[0, 0]].copy()
    gdf.geometry = [shapely.box(0, 0, 500, 500), shapely.box(2000, 0, 2500, 500)]
    data, name = to_bytes(gdf, "geojson", tmp_path)
    result = read_district_boundaries(data, name, districts())
    assert len(result.matched) == 1
    assert result.matched.geometry.iloc[0].geom_type == "MultiPolygon"
    assert result.matched["features"].iloc[0] == [1, 2]
    assert any("まとめました" in m for m in result.messages())


def geojson(features: list[dict], crs: str | None = None) -> bytes:
    doc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode()


def feature(geometry, name: str = "清原") -> dict:
    return {"type": "Feature", "properties": {"name": name}, "geometry": shapely.geometry.mapping(geometry)}


def test_bow_tie_polygon_is_repaired():
    bow_tie = shapely.Polygon([(139.80, 36.50), (139.82, 36.52), (139.82, 36.50), (139.80, 36.52), (139.80, 36.50)])
    assert not bow_tie.is_valid
    fixed, note = repair_geometry(bow_tie)
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon" and fixed.area > 0
    assert "修復" in note
    result = read_district_boundaries(geojson([feature(bow_tie)]), "d.geojson", districts())
    assert len(result.matched) == 1 and result.matched.geometry.iloc[0].is_valid
    warning = next(p for p in result.problems if "修復" in p.message)
    assert warning.severity == "warning" and warning.feature == 1 and "清原" in str(warning)


@pytest.mark.parametrize(
    ("geometry", "kind"),
    [
        (shapely.LineString([(139.8, 36.5), (139.9, 36.6)]), "LineString"),
        (shapely.Point(139.8, 36.5), "Point"),
    ],
)
def test_non_polygon_is_rejected(geometry, kind):
    good = shapely.box(139.80, 36.50, 139.81, 36.51)
    data = geojson([feature(geometry, "清原"), feature(good, "平石")])
    result = read_district_boundaries(data, "d.geojson", districts())
    assert result.matched["name"].tolist() == ["平石"]
    error = result.errors[0]
    assert error.feature == 1 and kind in error.message and "ポリゴン" in error.message
    assert "1番目の図形（名称: 清原）" in str(error)


def test_missing_crs_accepted_only_for_lonlat_in_japan(tmp_path):
    # zipped shapefile without .prj: plain lon/lat in Japan -> accepted with a warning
    lonlat = projected().to_crs("EPSG:4326")
    data, name = to_bytes(lonlat, "shp", tmp_path, drop=(".prj",))
    result = read_district_boundaries(data, name, districts())
    assert len(result.matched) == 3 and result.source_crs is None
    assert any("CRS" in p.message and p.severity == "warning" for p in result.problems)
    # projected metres without .prj -> rejected
    data, name = to_bytes(projected(), "shp", tmp_path / "b", drop=(".prj",))
    with pytest.raises(DistrictBoundaryError, match="座標参照系"):
        read_district_boundaries(data, name, districts())


def test_geojson_with_metres_but_no_crs_is_rejected():
    data = geojson([feature(shapely.box(1000, 0, 1900, 900))])
    with pytest.raises(DistrictBoundaryError, match="範囲外"):
        read_district_boundaries(data, "d.geojson", districts())


def test_shift_jis_shapefile_without_cpg(tmp_path):
    data, name = to_bytes(projected(), "shp", tmp_path / "b", drop=(".cpg",), encoding="cp932")
    result = read_district_boundaries(data, name, districts())
    assert set(result.matched["district_id"]) == {101, 102, 103}
    assert result.unmatched["file_name"].tolist() == ["架空地区"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "d.geojson", "空"),
        (b"hello", "d.csv", "対応していない"),
        (b"not a zip", "d.zip", "ZIP"),
        (b"{broken", "d.geojson", "読み込めません"),
    ],
)
def test_unusable_files(data, name, message):
    with pytest.raises(DistrictBoundaryError, match=message):
        read_district_boundaries(data, name, districts())


def test_zip_without_shapefile():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "x")
    with pytest.raises(DistrictBoundaryError, match=r"\.shp"):
        read_district_boundaries(buf.getvalue(), "d.zip", districts())


def test_ambiguous_district_names_are_reported():
    dup = pd.DataFrame({"district_id": [1, 2], "code": ["a", "b"], "name": ["中央", "中央地区"]})
    data = geojson([feature(shapely.box(139.80, 36.50, 139.81, 36.51), "中央")])
    result = read_district_boundaries(data, "d.geojson", dup)
    assert result.matched.empty
    assert any("同じ名前" in p.message for p in result.problems)
    assert len(result.missing) == 2


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("清原地区", "清原"),
        ("ＡＢＣ", "abc"),
        ("ｷﾖﾊﾗ", "キヨハラ"),
        (" 平石 地区 ", "平石"),
        ("地区", "地区"),
        (None, ""),
    ],
)
def test_normalize_name(raw, normal):
    assert normalize_name(raw) == normal


def test_nothing_is_written(tmp_path, monkeypatch):
    data, name = to_bytes(projected(), "shp", tmp_path)
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.rglob("*"))
    read_district_boundaries(data, name, districts())
    assert set(tmp_path.rglob("*")) == before


def test_messages_are_in_the_language_the_file_was_read_in(tmp_path):
    """Issue #16: the upload screen's English edition reported a file's problems in Japanese."""
    with pytest.raises(DistrictBoundaryError, match="^Unsupported file type: districts.kml"):
        read_district_boundaries(b"<kml/>", "districts.kml", districts(), lang="en")
    with pytest.raises(DistrictBoundaryError, match="^対応していないファイル形式です"):
        read_district_boundaries(b"<kml/>", "districts.kml", districts())
    data, name = to_bytes(projected(), "geojson", tmp_path)
    messages = read_district_boundaries(data, name, districts(), lang="en").messages()
    assert "Feature 4 (name: 架空地区, code: 99): Matches no district (check the district code and name)" in messages

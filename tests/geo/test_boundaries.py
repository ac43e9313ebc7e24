"""geo.boundaries: code join, payload budgets, cache, fallback without files, credit line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import shapely

from data_access.master import full_code, municipalities
from data_access.official_statistics import NORTHERN_TERRITORIES
from geo import boundaries

PROJECT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------------------------------ code join


def test_full_code_of_utsunomiya():
    assert full_code("09201") == "092011"


def test_tochigi_all_25_municipalities_matched(geo_dir):
    result = boundaries.load_municipalities(geo_dir, "09")
    gdf = result.gdf
    assert result.detailed and result.message is None
    assert len(gdf) == 25
    assert gdf["code"].is_unique
    assert gdf["in_master"].all()
    expected = {m.code for m in municipalities() if m.prefecture_code == "09"}
    assert set(gdf["code"]) == expected
    utsunomiya = gdf.set_index("code").loc["092011"]
    assert utsunomiya["name"] == "宇都宮市"
    assert utsunomiya["code5"] == "09201"
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf.geometry.is_valid.all()


@pytest.mark.parametrize("prefecture", ["09", 9, "栃木県", "栃木", "Tochigi"])
def test_prefecture_given_as_code_or_name(geo_dir, prefecture):
    assert len(boundaries.load_municipalities(geo_dir, prefecture).gdf) == 25


def test_unknown_prefecture_is_an_error():
    with pytest.raises(ValueError, match="都道府県"):
        boundaries.normalize_prefecture("48")


def test_national_layer_has_every_municipality_once(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir).gdf
    expected = {m.code for m in municipalities() if m.kind != "ward"}
    assert expected <= set(gdf["code"])  # including tiny islands lost by the national simplification
    assert gdf["code"].is_unique
    assert (gdf["kind"] != "ward").all()
    # only the six 北方領土 villages are not in the master
    assert set(gdf.loc[~gdf["in_master"], "code"].str[:5]) == {f"0{c}" for c in range(1695, 1701)}
    assert gdf.geometry.notna().all() and not gdf.geometry.is_empty.any()


def test_designated_city_merged_or_wards(geo_dir):
    merged = boundaries.load_municipalities(geo_dir, "14").gdf.set_index("code")
    wards = boundaries.load_municipalities(geo_dir, "14", wards=True).gdf.set_index("code")
    assert "141003" in merged.index and "141011" not in merged.index  # 横浜市, not 鶴見区
    assert "141011" in wards.index and "141003" not in wards.index
    assert merged.loc["141003", "kind"] == "designated_city"
    assert wards.loc["141011", "parent_code"] == "141003"
    yokohama_wards = wards[wards["parent_code"] == "141003"]
    assert len(yokohama_wards) == 18
    area_wards = shapely.union_all(yokohama_wards.geometry.values).area
    assert merged.loc["141003"].geometry.area == pytest.approx(area_wards, rel=0.02)


def test_national_wards_layer(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir, wards=True).gdf
    hamamatsu_wards = {m.code for m in municipalities() if m.parent_code == "221309"}
    expected = {m.code for m in municipalities() if m.kind != "designated_city"} - hamamatsu_wards
    assert expected <= set(gdf["code"])
    assert "011002" not in set(gdf["code"])  # 札幌市 is drawn as its wards
    # the files (2021) have 浜松市's 7 former wards, not its 3 wards of 2024: the city is drawn whole
    assert "221309" in set(gdf["code"]) and not hamamatsu_wards & set(gdf["code"])
    assert set(gdf.loc[~gdf["in_master"], "code5"]) == NORTHERN_TERRITORIES  # drawn, but no municipality


def test_features_without_code_are_dropped(geo_dir):
    # 所属未定地 (no N03_007) in 東京都 must not become a municipality
    gdf = boundaries.load_municipalities(geo_dir, "13").gdf
    assert gdf["code"].notna().all()
    assert (gdf["code"].str.len() == 6).all()


# ------------------------------------------------------------------------------------ payload budgets


def test_national_payload_under_2_mb(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir).gdf
    size = boundaries.payload_size(gdf)
    assert size < 2_000_000, size


def test_tochigi_payload_under_half_mb(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir, "09").gdf
    size = boundaries.payload_size(gdf)
    assert size < 500_000, size


@pytest.mark.parametrize("pref", [f"{i:02d}" for i in range(1, 48)])
def test_every_prefecture_payload_under_half_mb(geo_dir, pref):
    assert boundaries.payload_size(boundaries.load_municipalities(geo_dir, pref).gdf) < 500_000


def test_payload_rounds_coordinates_and_keeps_only_asked_properties(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir, "09").gdf
    payload = boundaries.geojson_payload(gdf, ("code",), precision=3)
    feature = payload["features"][0]
    assert set(feature["properties"]) == {"code"}
    ring = feature["geometry"]["coordinates"][0]
    if feature["geometry"]["type"] == "MultiPolygon":
        ring = ring[0]
    assert all(round(v, 3) == v for v in ring[0])


def test_tolerance_reduces_vertices(geo_dir, fresh_cache):
    fine = boundaries.load_municipalities(geo_dir, "13", tolerance=0).gdf
    coarse = boundaries.load_municipalities(geo_dir, "13", tolerance=0.005).gdf
    n_fine = shapely.get_num_coordinates(fine.geometry.values).sum()
    n_coarse = shapely.get_num_coordinates(coarse.geometry.values).sum()
    assert n_coarse < n_fine
    assert coarse.geometry.is_valid.all()
    assert len(coarse) == len(fine)


# ---------------------------------------------------------------------------------------------- cache


def test_second_call_does_not_read_disk(geo_dir, fresh_cache, monkeypatch):
    calls: list[Path] = []
    real = boundaries._read_geojson

    def counting(path):
        calls.append(Path(path))
        return real(path)

    monkeypatch.setattr(boundaries, "_read_geojson", counting)
    first = boundaries.load_municipalities(geo_dir, "09")
    assert len(calls) == 1
    second = boundaries.load_municipalities(str(geo_dir), "栃木県")  # same key after normalisation
    assert len(calls) == 1
    assert first.gdf.equals(second.gdf)
    boundaries.load_municipalities(geo_dir, "09", tolerance=0.002)  # another key: read again
    assert len(calls) == 2
    boundaries.load_prefectures(geo_dir)
    boundaries.load_prefectures(geo_dir, "09")
    assert len(calls) == 3


def test_callers_cannot_corrupt_the_cache(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir, "09").gdf
    gdf.loc[:, "name"] = "x"
    assert (boundaries.load_municipalities(geo_dir, "09").gdf["name"] != "x").all()


# ------------------------------------------------------------------------------------------- fallback


@pytest.mark.parametrize("directory", [None, "", "missing", "empty"])
def test_fallback_without_files(tmp_path, directory):
    if directory == "missing":
        directory = tmp_path / "nope"
    elif directory == "empty":
        directory = tmp_path
    prefs = boundaries.load_prefectures(directory)
    assert len(prefs) == 47
    assert prefs["code"].tolist() == [f"{i:02d}" for i in range(1, 48)]
    assert prefs.geometry.is_valid.all()
    assert set(prefs.geom_type) <= {"Polygon", "MultiPolygon"}
    minx, miny, maxx, maxy = prefs.total_bounds  # lon/lat, not moved (北海道 and 沖縄 in place)
    assert 122 < minx < maxx < 154 and 20 < miny < maxy < 46
    hokkaido = prefs.set_index("code").loc["01"].geometry.centroid
    assert hokkaido.x > 140 and hokkaido.y > 42
    tochigi = prefs.set_index("code").loc["09"].geometry
    assert tochigi.contains(shapely.Point(139.88, 36.56))  # 宇都宮市

    result = boundaries.load_municipalities(directory, "09")
    assert result.detailed is False
    assert "インストールされていない" in result.message
    assert len(result.gdf) == 25 and (result.gdf.geom_type == "Point").all()
    national = boundaries.load_municipalities(directory)
    assert len(national.gdf) == sum(1 for m in municipalities() if m.kind != "ward")
    assert boundaries.boundary_credit(directory) is None


# --------------------------------------------------------------------------------------------- credit


def test_credit_line_read_from_attribution_file(geo_dir):
    text = (Path(geo_dir) / "ATTRIBUTION.md").read_text(encoding="utf-8")
    credit = boundaries.boundary_credit(geo_dir)
    assert credit is not None
    assert credit.startswith("「") and credit.endswith("作成")
    assert credit in text
    assert "国土数値情報" in credit


def test_credit_is_parsed_not_hard_coded(tmp_path):
    for name in (boundaries.NATIONAL_MERGED, boundaries.PREFECTURES):
        (tmp_path / name).write_text('{"type":"FeatureCollection","features":[]}', encoding="utf-8")
    (tmp_path / "ATTRIBUTION.md").write_text(
        "# Credit\n\n- Credit line:\n  「テスト地図データ」（テスト省）を加工して作成\n(English: test)\n",
        encoding="utf-8",
    )
    assert boundaries.boundary_credit(tmp_path) == "「テスト地図データ」（テスト省）を加工して作成"
    (tmp_path / "ATTRIBUTION.md").write_text("no credit here\n", encoding="utf-8")
    assert boundaries.boundary_credit(tmp_path) is None


# ------------------------------------------------------------------------------------------- layering


def test_geo_imports_without_streamlit():
    code = (
        "import sys; sys.modules['streamlit'] = None\n"
        "import geo.boundaries, geo.maps, geo.assets, geo.tile_grid, geo.district_boundaries\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=True)
    for path in (PROJECT / "geo").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import streamlit" not in source and "from streamlit" not in source, path


def test_the_credit_line_in_english_when_the_attribution_gives_it(geo_dir):
    assert boundaries.boundary_credit(geo_dir, "en") == (
        "Processed from National Land Numerical Information (Administrative Areas), MLIT Japan"
    )
    assert boundaries.boundary_credit(geo_dir, "ja") == "「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"

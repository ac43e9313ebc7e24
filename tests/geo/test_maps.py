"""geo.maps: colours, no-data, escaping, legend, credit, tiles, fallback points, tile grid, size."""

from __future__ import annotations

import html
import json

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from core.i18n import t
from geo import assets, boundaries, maps

HOSTILE = "<script>alert(1)</script>"


def squares(n: int = 3) -> gpd.GeoDataFrame:
    """Tiny fake municipalities (lon/lat squares in 栃木県)."""
    return gpd.GeoDataFrame(
        {"code": [f"09{i:03d}1" for i in range(n)], "name": [f"町{i}" for i in range(n)]},
        geometry=[shapely.box(139.5 + 0.1 * i, 36.5, 139.58 + 0.1 * i, 36.58) for i in range(n)],
        crs="EPSG:4326",
    )


def layer_of(m: folium.Map) -> folium.GeoJson:
    layers = [c for c in m._children.values() if isinstance(c, folium.GeoJson) and c.options.get("interactive", True)]
    assert len(layers) == 1
    return layers[0]


def props(m: folium.Map) -> list[dict]:
    return [f["properties"] for f in layer_of(m).data["features"]]


# ------------------------------------------------------------------------------------------ prefecture


def test_category_layer_colours_and_no_data():
    gdf = squares(4)
    values = pd.DataFrame({"code": gdf["code"][:3], "value": ["full", "preparing", "none"]})
    m = maps.prefecture_map(gdf, values, "jusou_status")
    p = props(m)
    assert [x["k"] for x in p] == ["full", "preparing", "none", "na"]
    assert p[3]["v"] == "データなし"
    rendered = maps.map_html(m)
    for colour in maps.LAYERS["jusou_status"].colours.values():
        assert colour in rendered
    assert maps.NO_DATA_FILL in rendered and "4 3" in rendered  # dashed border for no data


def test_rate_layer_zero_is_not_no_data():
    gdf = squares(3)
    values = pd.DataFrame({"code": gdf["code"][:2], "value": [0.0, 95.0]})
    m = maps.prefecture_map(gdf, values, "council_coverage")
    keys = [x["k"] for x in props(m)]
    assert keys == ["0", "4", "na"]
    assert [x["v"] for x in props(m)] == ["0%", "95%", "データなし"]
    rendered = maps.map_html(m)
    assert maps.BLUES5[0] in rendered and maps.BLUES5[4] in rendered


def test_rate_layer_unit_and_custom_bins():
    gdf = squares(3)
    values = pd.DataFrame({"code": gdf["code"], "value": [1.5, 12, 30]})
    m = maps.prefecture_map(gdf, values, "consultations_per_10k", bins=[0, 10, 20, 40])
    assert [x["k"] for x in props(m)] == ["0", "1", "2"]
    assert [x["v"] for x in props(m)] == ["1.5 件/1万人", "12 件/1万人", "30 件/1万人"]
    with pytest.raises(ValueError, match="bins"):
        maps.prefecture_map(gdf, values, "closure_rate", bins=[0, 0, 1])


@pytest.mark.parametrize(
    ("values", "unit", "edges"),
    [
        ([5, 50, 99], "%", [0, 20, 40, 60, 80, 100]),
        ([3, 47], "件/1万人", [0, 10, 20, 30, 40, 50]),
        ([0.3, 0.9], "", [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        ([120], "件", [0, 25, 50, 75, 100, 125]),
        ([], "件", [0, 1, 2, 3, 4, 5]),
        ([0, 0], "件", [0, 1, 2, 3, 4, 5]),
    ],
)
def test_rate_bins(values, unit, edges):
    assert maps.rate_bins(values, unit) == pytest.approx(edges)


@pytest.mark.parametrize(("value", "index"), [(0, 0), (19.99, 0), (20, 1), (99, 4), (100, 4), (130, 4), (-1, 0)])
def test_bin_index(value, index):
    assert maps.bin_index(value, [0, 20, 40, 60, 80, 100]) == index


def test_sample_values_are_marked():
    gdf = squares(2)
    values = pd.DataFrame({"code": gdf["code"], "value": ["full", "none"], "sample": [True, False]})
    m = maps.prefecture_map(gdf, values, "jusou_status")
    assert [x.get("s") for x in props(m)] == [1, None]
    rendered = maps.map_html(m)
    assert json.dumps(html.escape(t("map_sample_mark", "ja"))) in rendered  # the tooltip suffix
    assert json.dumps("（サンプル）はサンプル（架空）の値です")[1:-1] in rendered  # legend note


def test_hostile_names_are_escaped():
    gdf = squares(2)
    gdf.loc[0, "name"] = HOSTILE
    values = pd.DataFrame({"code": gdf["code"], "value": ["full", "none"]})
    m = maps.prefecture_map(gdf, values, "jusou_status", title=HOSTILE + "凡例", credit=HOSTILE + "出典")
    assert props(m)[0]["n"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    rendered = maps.map_html(m)
    assert "<script>alert" not in rendered
    assert "alert(1)</script>" not in rendered
    assert rendered.count("<script") == rendered.count("</script>")  # no stray script tag


def test_hostile_district_name_is_escaped():
    df = pd.DataFrame({"district_id": [1], "code": ["1"], "name": [HOSTILE], "status": ["established"]})
    m = maps.district_map(df)
    rendered = maps.map_html(m)
    assert "<script>alert" not in rendered
    assert props(m)[0]["n"] == html.escape(HOSTILE)


def test_unknown_status_is_an_error():
    gdf = squares(1)
    with pytest.raises(ValueError, match="不明"):
        maps.prefecture_map(gdf, pd.DataFrame({"code": gdf["code"], "value": ["実施中"]}), "jusou_status")


def test_legend_lists_classes_with_counts():
    gdf = squares(3)
    values = pd.DataFrame({"code": gdf["code"][:2], "value": ["full", "full"]})
    m = maps.prefecture_map(gdf, values, "jusou_status")
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert "本格実施（2）" in legend.html and "データなし（1）" in legend.html
    assert "重層事業の実施状況" in legend.html


def test_credit_is_the_attribution_and_no_tiles_by_default():
    m = maps.prefecture_map(squares(), None, "closure_rate", credit="「テスト」（テスト省）を加工して作成")
    rendered = maps.map_html(m)
    assert "addAttribution(" + json.dumps("「テスト」（テスト省）を加工して作成") in rendered
    assert not any(isinstance(c, folium.TileLayer) for c in m._children.values())
    assert "tile_layer" not in rendered


def test_optional_tiles_need_an_attribution():
    url = "/tiles/{z}/{x}/{y}.png"
    m = maps.prefecture_map(squares(), None, "closure_rate", tiles=url, tile_attribution="地理院タイル")
    assert any(isinstance(c, folium.TileLayer) for c in m._children.values())
    with pytest.raises(ValueError, match="出典"):
        maps.prefecture_map(squares(), None, "closure_rate", tiles=url)


def test_fits_bounds_to_the_data():
    m = maps.prefecture_map(squares(3), None, "closure_rate")
    rendered = maps.map_html(m)
    assert "fitBounds" in rendered
    bounds = next(c for c in m._children.values() if c._name == "FitBounds").bounds
    assert bounds == [[36.5, 139.5], [36.58, pytest.approx(139.78)]]


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def test_rendered_map_needs_no_remote_url():
    m = maps.prefecture_map(squares(), None, "jusou_status")
    assert assets.remote_urls(maps.map_html(m)) == []
    # st_folium injects CDN d3 links for any branca colormap: legends must stay plain HTML
    import branca.colormap

    assert not any(isinstance(e, branca.colormap.ColorMap) for e in _walk(m))
    assert all(u.startswith("/app/static/vendor/") for u in assets.component_urls(m))


def test_fallback_points_are_circle_markers():
    result = boundaries.load_municipalities(None, "09")
    values = pd.DataFrame({"code": result.gdf["code"], "value": 50.0})
    m = maps.prefecture_map(result.gdf, values, "council_coverage", outlines=boundaries.load_prefectures(None, "09"))
    layer = layer_of(m)
    assert isinstance(layer.marker, folium.CircleMarker)
    assert "L.CircleMarker" in maps.map_html(m)
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert "代表点" in legend.html


def test_real_tochigi_map(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir, "09").gdf
    values = pd.DataFrame({"code": gdf["code"], "value": ["full"] * 25})
    m = maps.prefecture_map(
        gdf,
        values,
        "jusou_status",
        credit=boundaries.boundary_credit(geo_dir),
        outlines=boundaries.load_prefectures(geo_dir, "09"),
    )
    assert len(props(m)) == 25
    assert maps.html_size(m) < 500_000
    assert assets.remote_urls(maps.map_html(m)) == []


def test_real_national_map_under_2_mb(geo_dir):
    gdf = boundaries.load_municipalities(geo_dir).gdf
    values = pd.DataFrame({"code": gdf["code"], "value": [float(i % 100) for i in range(len(gdf))], "sample": True})
    m = maps.prefecture_map(gdf, values, "council_coverage", credit=boundaries.boundary_credit(geo_dir))
    assert maps.html_size(m) < 2_000_000


def test_only_needed_properties_in_geojson():
    gdf = squares(2).assign(extra="secret", population=100)
    m = maps.prefecture_map(gdf, None, "closure_rate")
    assert set().union(*[set(p) for p in props(m)]) <= {"c", "k", "n", "v", "s"}
    assert "secret" not in maps.map_html(m)


# --------------------------------------------------------------------------------------- municipality


def district_frame(n: int = 39) -> pd.DataFrame:
    statuses = ["established", "preparing", "not_started", None]
    return pd.DataFrame(
        {
            "district_id": range(1, n + 1),
            "code": [str(i) for i in range(n, 0, -1)],
            "name": [f"第{i}地区" for i in range(n, 0, -1)],
            "status": [statuses[i % 4] for i in range(n)],
            "established": [pd.Timestamp("2020-12-24") if i % 4 == 0 else None for i in range(n)],
            "sc_placed": [True if i == 0 else None for i in range(n)],
            "meetings": [3 if i % 2 else None for i in range(n)],
        }
    )


def test_district_tile_grid_without_shapes():
    m = maps.district_map(district_frame())
    rendered = maps.map_html(m)
    assert "L.CRS.Simple" in rendered
    p = props(m)
    assert len(p) == 39
    assert {x["k"] for x in p} == {"established", "preparing", "not_started", "na"}
    first = next(x for x in p if x["n"] == "第39地区")
    assert "2020年12月24日" in first["t"] and "配置あり" in first["t"]
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert "正方形" in legend.html
    assert assets.remote_urls(rendered) == []


def test_district_polygons_when_every_district_has_a_shape():
    df = district_frame(3)
    shapes = gpd.GeoDataFrame(
        {"district_id": [1, 2, 3]},
        geometry=[shapely.box(139.8 + 0.01 * i, 36.5, 139.805 + 0.01 * i, 36.505) for i in range(3)],
        crs="EPSG:4326",
    )
    m = maps.district_map(df, shapes=shapes)
    assert "L.CRS.Simple" not in maps.map_html(m)
    assert len(props(m)) == 3
    # one shape missing: auto falls back to the tile grid, polygons mode lists the missing district
    assert "L.CRS.Simple" in maps.map_html(maps.district_map(df, shapes=shapes.iloc[:2]))
    m = maps.district_map(df, shapes=shapes.iloc[:2], mode="polygons")
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert "境界データのない地区" in legend.html and df.loc[2, "name"] in legend.html
    assert len(props(m)) == 2


def test_district_unknown_status_is_an_error():
    df = district_frame(2).assign(status=["established", "done"])
    with pytest.raises(ValueError, match="done"):
        maps.district_map(df)


def test_suppressed_values_are_drawn_apart_from_no_data_and_do_not_set_the_scale():
    gdf = squares(4)
    values = pd.DataFrame({"code": gdf["code"][:3], "value": [10.0, 99.0, 20.0], "suppressed": [False, True, False]})
    m = maps.prefecture_map(gdf, values, "consultations_per_10k")
    p = props(m)
    assert [x["k"] for x in p] == ["2", "sup", "4", "na"]  # classes of 0,5,…,25: the 99 is not in the scale
    assert [x["v"] for x in p] == ["10 件/1万人", "秘匿", "20 件/1万人", "データなし"]
    rendered = maps.map_html(m)
    assert "99" not in json.dumps(p)  # the hidden value never reaches the page
    assert maps.SUPPRESSED_FILL in rendered and "1 3" in rendered
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert "秘匿（1）" in legend.html and "データなし（1）" in legend.html
    assert maps.rate_bins([10.0, 20.0], "件/1万人") == [0, 5, 10, 15, 20, 25]  # the scale without the 99


def test_suppressed_category_value_is_not_an_unknown_status():
    gdf = squares(2)
    values = pd.DataFrame({"code": gdf["code"], "value": ["full", None], "suppressed": [False, True]})
    assert [x["k"] for x in props(maps.prefecture_map(gdf, values, "jusou_status"))] == ["full", "sup"]


def test_maps_load_only_leaflet():
    """The maps use no icon markers or Bootstrap: the browser is not sent jQuery, Bootstrap or Font Awesome."""
    for m in (maps.prefecture_map(squares(), None, "jusou_status"), maps.district_map(district_frame())):
        loaded = {
            name
            for element in _walk(m)
            for name, _ in [
                *(getattr(element, "default_js", None) or []),
                *(getattr(element, "default_css", None) or []),
            ]
        }
        assert loaded == {"leaflet", "leaflet_css"}


def test_english_maps_speak_english():
    """Legend, categories, notes and tooltips in the UI language (no Japanese but names)."""
    gdf = squares(3)
    values = pd.DataFrame({"code": gdf["code"][:2], "value": ["full", "none"], "sample": [True, False]})
    m = maps.prefecture_map(gdf, values, "jusou_status", lang="en", localize=False)
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert "Running (1)" in legend.html and "Not running (1)" in legend.html and "No data (1)" in legend.html
    assert "synthetic" in legend.html
    rendered = maps.map_html(m)
    assert json.dumps(html.escape(t("map_sample_mark", "en"))) in rendered
    districts = maps.district_map(district_frame(2), lang="en", localize=False)
    tips = [x["t"] for x in props(districts)]
    assert all("Tier-2 council: " in tip and "Set up on" in tip for tip in tips)


@pytest.mark.parametrize(
    ("names", "labels"),
    [
        (["清原地区", "宝木・細谷地区"], ["清原", "宝木・細谷"]),
        ([f"サンプル地区{i:02d}" for i in range(1, 12)], [f"{i:02d}" for i in range(1, 12)]),
        (["とても長い名前の地区センター"], ["とても長い名前…"]),
    ],
)
def test_tiles_show_the_district_names(names, labels):
    assert maps.tile_labels(names) == labels


def test_units_outside_the_statistics_are_named_not_counted_as_no_data():
    """The 北方領土 villages are in the boundary files but are no municipality of the statistics."""
    gdf = squares(3).assign(in_master=[True, True, False])
    values = pd.DataFrame({"code": gdf["code"][:1], "value": [10.0]})
    m = maps.prefecture_map(gdf, values, "council_coverage")
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert "データなし（1）" in legend.html and "北方領土の1村" in legend.html
    assert props(m)[2]["v"] == t("map_outside_statistics", "ja")


# ------------------------------------------------------------------------------------------ phone, reader's zoom


@pytest.mark.parametrize("build", ["prefecture", "districts"])
def test_the_frame_lets_the_reader_zoom_the_page(build):
    """folium writes `maximum-scale=1.0, user-scalable=no` into the frame's head (axe: meta-viewport)."""
    m = (
        maps.prefecture_map(squares(2), None, "jusou_status")
        if build == "prefecture"
        else maps.district_map(pd.DataFrame({"district_id": [1], "code": ["a"], "name": ["清原"], "status": [None]}))
    )
    page = maps.map_html(m)
    assert '<meta name="viewport"' in page and "initial-scale=1.0" in page
    assert "user-scalable=no" not in page and "maximum-scale" not in page
    header = m.get_root().header.render()  # what st_folium puts into its frame
    assert "user-scalable" not in header


def test_legend_folds_to_its_title_on_a_phone():
    m = maps.prefecture_map(squares(2), None, "council_coverage", title="第2層協議体の設置率")
    legend = next(c for c in m._children.values() if isinstance(c, maps.HtmlControl))
    assert legend.html.startswith("<details open") and "<summary" in legend.html
    assert "第2層協議体の設置率</summary>" in legend.html
    script = maps.map_html(m)
    assert f"map.getSize().x < {maps.COMPACT_BELOW}" in script and "folded.open = false" in script


@pytest.mark.parametrize(("lang", "zoom_in", "zoom_out"), [("ja", "拡大", "縮小"), ("en", "Zoom in", "Zoom out")])
def test_zoom_buttons_speak_the_ui_language_and_one_finger_scrolls_a_touch_page(lang, zoom_in, zoom_out):
    page = maps.map_html(maps.prefecture_map(squares(2), None, "jusou_status", lang=lang))
    assert f"zoomInTitle: {json.dumps(zoom_in)}" in page and f"zoomOutTitle: {json.dumps(zoom_out)}" in page
    assert "map.dragging.disable()" in page and 'setPrefix("Leaflet")' in page
    assert f"document.documentElement.lang = {json.dumps(lang)}" in page

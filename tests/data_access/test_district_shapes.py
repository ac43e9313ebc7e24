"""Uploaded district boundaries: matched shapes are saved in one transaction, once."""

import datetime as dt
import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from data_access import loaders, queries
from data_access.district_shapes import save_district_shapes
from geo.district_boundaries import read_district_boundaries, shapes_from_geojson, shapes_to_geojson
from tests.conftest import migrate_with_master

UTSUNOMIYA = "092011"


@pytest.fixture
def demo(database_copy):
    def with_demo(db):
        migrate_with_master(db)
        loaders.load_demo(db)

    return database_copy("master-and-demo", with_demo)


def _file(districts, bow_tie_for: str | None = None) -> bytes:
    """GeoJSON with one square per district (and a self-intersecting ring for one of them)."""
    features = []
    for i, row in enumerate(districts.itertuples()):
        geometry = box(139.8 + i * 0.01, 36.5, 139.809 + i * 0.01, 36.509).__geo_interface__
        if row.name == bow_tie_for:
            x = 139.8 + i * 0.01
            geometry = {
                "type": "Polygon",
                "coordinates": [[[x, 36.5], [x + 0.009, 36.509], [x + 0.009, 36.5], [x, 36.509], [x, 36.5]]],
            }
        features.append(
            {"type": "Feature", "properties": {"地区コード": row.code, "地区名": row.name}, "geometry": geometry}
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def test_matched_shapes_are_saved_with_their_import_batch(demo):
    districts = queries.districts_with_councils(demo, UTSUNOMIYA, dt.date(2021, 3, 31))
    data = _file(districts, bow_tie_for="清原地区")
    result = read_district_boundaries(data, "utsunomiya.geojson", districts[["district_id", "code", "name"]])
    assert len(result.matched) == 39  # the bow-tie was repaired, not dropped
    saved = save_district_shapes(
        demo,
        UTSUNOMIYA,
        shapes_to_geojson(result.matched),
        file_name="utsunomiya.geojson",
        sha256="a" * 64,
        user="tester",
    )
    assert (saved.updated, saved.unchanged) == (39, 0)
    stored = shapes_from_geojson(queries.district_shapes(demo, UTSUNOMIYA))
    assert len(stored) == 39 and stored.geometry.is_valid.all()
    batch = queries.import_batches(demo).iloc[0]
    assert (batch["kind"], batch["file_name"], batch["imported_by"]) == (
        "district_boundaries",
        "utsunomiya.geojson",
        "tester",
    )
    again = save_district_shapes(
        demo, UTSUNOMIYA, shapes_to_geojson(result.matched), file_name="copy.geojson", sha256="a" * 64, user="tester"
    )
    assert again.already_imported


def test_a_district_of_another_municipality_writes_nothing(demo):
    districts = queries.districts_with_councils(demo, UTSUNOMIYA, dt.date(2021, 3, 31))
    other = queries.districts_with_councils(demo, "092029", dt.date(2021, 3, 31))
    shapes = {
        int(districts["district_id"].iloc[0]): json.dumps(box(0, 0, 1, 1).__geo_interface__),
        int(other["district_id"].iloc[0]): json.dumps(box(0, 0, 1, 1).__geo_interface__),
    }
    with pytest.raises(ValueError, match="地区ではない"):
        save_district_shapes(demo, UTSUNOMIYA, shapes, file_name="x.geojson", sha256="b" * 64, user="tester")
    assert queries.district_shapes(demo, UTSUNOMIYA).empty
    assert (queries.import_batches(demo)["kind"] != "district_boundaries").all()


def test_shapes_round_trip_through_geojson():
    frame = gpd.GeoDataFrame({"district_id": [7]}, geometry=[box(139.1234567, 36.1, 139.2, 36.2)], crs="EPSG:4326")
    back = shapes_from_geojson(pd.DataFrame({"district_id": [7], "boundary_geojson": [shapes_to_geojson(frame)[7]]}))
    assert back.crs.to_epsg() == 4326
    assert back.geometry.iloc[0].normalize().equals_exact(frame.geometry.iloc[0].normalize(), tolerance=1e-6)

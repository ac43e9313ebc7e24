"""geo.tile_grid: one square per district, near-square grid, ordering by code, explicit layout."""

from __future__ import annotations

import random

import pandas as pd
import pytest
import shapely

from geo.tile_grid import grid_shape, tile_grid


def districts(n: int, shuffle: bool = True) -> pd.DataFrame:
    codes = [str(i) for i in range(1, n + 1)]
    if shuffle:
        random.Random(7).shuffle(codes)
    return pd.DataFrame(
        {"district_id": [int(c) * 10 for c in codes], "code": codes, "name": [f"地区{c}" for c in codes]}
    )


@pytest.mark.parametrize(
    ("n", "shape"),
    [(0, (0, 0)), (1, (1, 1)), (2, (1, 2)), (4, (2, 2)), (5, (2, 3)), (10, (3, 4)), (39, (6, 7)), (49, (7, 7))],
)
def test_grid_shape_is_near_square(n, shape):
    assert grid_shape(n) == shape


def test_39_districts_give_39_squares_ordered_by_code():
    grid = tile_grid(districts(39))
    assert len(grid) == 39
    assert grid.crs is None  # not geographic
    assert grid["tile_row"].max() == 5 and grid["tile_col"].max() == 6
    ordered = grid.sort_values(["tile_row", "tile_col"])
    assert ordered["code"].tolist() == [str(i) for i in range(1, 40)]  # natural order: "2" before "10"
    assert shapely.union_all(grid.geometry.values).area == pytest.approx(grid.geometry.area.sum())  # no overlap
    for geom, r, c in zip(grid.geometry, grid["tile_row"], grid["tile_col"]):
        assert geom.geom_type == "Polygon"
        assert geom.area == pytest.approx((1 - 0.08) ** 2)
        assert geom.centroid.x == pytest.approx(c + 0.5)
        assert geom.centroid.y == pytest.approx(-r - 0.5)  # row 0 on top
    assert grid["district_id"].tolist() == districts(39)["district_id"].tolist()  # input order and columns kept


def test_full_width_codes_sort_naturally():
    df = pd.DataFrame({"code": ["１０", "２", "1"], "name": ["c", "b", "a"]})
    grid = tile_grid(df).sort_values(["tile_row", "tile_col"])
    assert grid["name"].tolist() == ["a", "b", "c"]


def test_explicit_layout_is_kept():
    df = pd.DataFrame(
        {
            "code": ["1", "2", "3"],
            "name": ["北", "西", "東"],
            "tile_row": [0, 1, 1],
            "tile_col": [1, 0, 2],
        }
    )
    grid = tile_grid(df).set_index("name")
    assert (grid.loc["北", "tile_row"], grid.loc["北", "tile_col"]) == (0, 1)
    assert (grid.loc["東", "tile_row"], grid.loc["東", "tile_col"]) == (1, 2)
    assert grid.loc["西"].geometry.centroid.x == pytest.approx(0.5)


def test_partial_layout_puts_the_rest_below():
    df = pd.DataFrame(
        {
            "code": ["3", "1", "2"],
            "name": ["c", "a", "b"],
            "tile_row": [0, None, None],
            "tile_col": [2, None, None],
        }
    )
    grid = tile_grid(df).set_index("name")
    assert (grid.loc["a", "tile_row"], grid.loc["a", "tile_col"]) == (1, 0)
    assert (grid.loc["b", "tile_row"], grid.loc["b", "tile_col"]) == (1, 1)


def test_two_districts_on_one_tile_is_an_error():
    df = pd.DataFrame({"code": ["1", "2"], "name": ["a", "b"], "tile_row": [0, 0], "tile_col": [0, 0]})
    with pytest.raises(ValueError, match="重複"):
        tile_grid(df)


def test_negative_position_is_an_error():
    df = pd.DataFrame({"code": ["1"], "name": ["a"], "tile_row": [-1], "tile_col": [0]})
    with pytest.raises(ValueError, match="0 以上"):
        tile_grid(df)


def test_fixed_number_of_columns():
    grid = tile_grid(districts(10), columns=5)
    assert grid["tile_col"].max() == 4 and grid["tile_row"].max() == 1


def test_empty_input():
    assert len(tile_grid(pd.DataFrame({"code": [], "name": []}))) == 0

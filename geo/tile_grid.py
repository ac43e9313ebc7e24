"""Tile-grid layout: one square per district when no district boundaries exist.

A tile grid is an honest view of districts without shapes: equal squares, no invented geography. The
squares live in a plain Cartesian plane (no CRS; drawn with folium ``crs="Simple"``): column ``c`` spans
x ∈ [c, c+1), row ``r`` spans y ∈ (−r−1, −r] so row 0 is at the top.
"""

from __future__ import annotations

import math
import re
import unicodedata

import geopandas as gpd
import pandas as pd
import shapely

ROW, COL = "tile_row", "tile_col"


def grid_shape(n: int) -> tuple[int, int]:
    """(rows, columns) of a near-square grid for ``n`` tiles (columns ≥ rows; 39 -> (6, 7))."""
    if n <= 0:
        return (0, 0)
    cols = math.ceil(math.sqrt(n))
    return (math.ceil(n / cols), cols)


def _natural_key(value: object) -> tuple:
    text = unicodedata.normalize("NFKC", "" if value is None or value != value else str(value))
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", text))


def tile_grid(
    districts: pd.DataFrame,
    *,
    order_by: str = "code",
    columns: int | None = None,
    gap: float = 0.08,
) -> gpd.GeoDataFrame:
    """Squares for ``districts`` (every column kept, plus ``tile_row``, ``tile_col``, ``geometry``).

    Layout: rows that have both ``tile_row`` and ``tile_col`` keep that position; the others fill a
    near-square grid (``columns`` wide when given) in natural order of ``order_by`` (district code: "2"
    before "10"), below any explicitly placed tiles. Two districts on one cell are an error (ValueError,
    Japanese message). ``gap`` is the blank margin between squares, as a fraction of a cell.
    """
    if not 0 <= gap < 1:
        raise ValueError("gap は 0 以上 1 未満で指定してください")
    if isinstance(districts, gpd.GeoDataFrame):
        districts = pd.DataFrame(districts.drop(columns=districts.geometry.name))
    df = pd.DataFrame(districts).copy().reset_index(drop=True)
    n = len(df)
    rows = pd.Series([None] * n, dtype="object")
    cols = pd.Series([None] * n, dtype="object")
    explicit = pd.Series(False, index=df.index)
    if ROW in df.columns and COL in df.columns:
        explicit = df[ROW].notna() & df[COL].notna()
        for i in df.index[explicit]:
            r, c = df[ROW][i], df[COL][i]  # numbers as given (an integral float from a CSV is fine)
            if float(r) != int(r) or float(c) != int(c) or int(r) < 0 or int(c) < 0:
                raise ValueError(f"タイル位置は 0 以上の整数で指定してください（{_label(df, i)}: {r}, {c}）")
            rows[i], cols[i] = int(r), int(c)
    taken: dict[tuple[int, int], int] = {}
    for i in df.index[explicit]:
        cell = (rows[i], cols[i])
        if cell in taken:
            raise ValueError(f"タイル位置 {cell} が重複しています（{_label(df, taken[cell])} と {_label(df, i)}）")
        taken[cell] = i

    auto = [i for i in df.index if not explicit[i]]
    if order_by in df.columns:
        auto.sort(key=lambda i: _natural_key(df.at[i, order_by]))
    if auto:
        if columns:
            width = columns
        elif taken:
            width = max(c for _, c in taken) + 1
        else:
            width = grid_shape(len(auto))[1]
        start_row = max(r for r, _ in taken) + 1 if taken else 0
        for k, i in enumerate(auto):
            rows[i], cols[i] = start_row + k // width, k % width

    half = (1 - gap) / 2
    geoms = [shapely.box(c + 0.5 - half, -r - 0.5 - half, c + 0.5 + half, -r - 0.5 + half) for r, c in zip(rows, cols)]
    df[ROW] = rows.astype("int64") if n else rows
    df[COL] = cols.astype("int64") if n else cols
    return gpd.GeoDataFrame(df, geometry=geoms, crs=None)


def _label(df: pd.DataFrame, i: int) -> str:
    for col in ("name", "district_id", "code"):
        if col in df.columns and pd.notna(value := df[col][i]):
            return str(value)
    return f"{i + 1}行目"

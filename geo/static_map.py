"""Static (matplotlib) prefecture map for print: the briefing PDF/PNG.

Same layers, categories, colours and legend wording as the folium maps in :mod:`geo.maps` (Okabe–Ito for
重層事業 status, ColorBrewer Blues for rates, データなし grey with a dashed border, 秘匿 lighter grey with a
dotted border), so a printed page and the screen read alike. Synthetic values are hatched, because a tooltip
does not exist on paper. The caller passes boundaries from :func:`geo.boundaries.load_municipalities`
(already simplified and cached) and draws the credit line :func:`geo.boundaries.boundary_credit` nearby.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.typing import LineStyleType as LineStyle

from core.domain import BLUES5, NO_DATA_FILL
from core.i18n import t
from geo.maps import LAYERS, SUPPRESSED_FILL, Layer, bin_index, bin_label, rate_bins

SAMPLE_HATCH = "////"
_BORDER = "#333333"


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: text and how its polygons are drawn."""

    label: str
    facecolor: str
    edgecolor: str = _BORDER
    linestyle: LineStyle = "-"
    hatch: str | None = None


def _classes(
    gdf: gpd.GeoDataFrame, spec: Layer, bins: list[float] | None, lang: str
) -> tuple[pd.Series, list[tuple[str, str, str]]]:
    """(class key per row, [(key, fill colour, legend text)]) for the values that are not missing/hidden."""
    shown = gdf["value"].notna() & ~gdf["suppressed"]
    if spec.kind == "category":
        unknown = sorted(set(gdf.loc[shown, "value"].astype(str)) - set(spec.categories))
        if unknown:
            raise ValueError(
                f"{spec.label('ja')} の値として不明です: {', '.join(unknown)}（{'/'.join(spec.categories)}）"
            )
        keys = gdf["value"].where(shown).astype(object)
        return keys, [(cat, spec.colours[cat], spec.category_label(cat, lang)) for cat in spec.categories]
    numeric = pd.to_numeric(gdf["value"].where(shown), errors="coerce")
    edges = bins if bins is not None else rate_bins(numeric.dropna(), spec.unit("ja"), k=len(BLUES5))
    if len(edges) != len(BLUES5) + 1:
        raise ValueError(f"区分の境界は {len(BLUES5) + 1} 個で指定してください: {edges!r}")
    keys = pd.Series(
        [None if pd.isna(v) else str(bin_index(float(v), edges)) for v in numeric], index=gdf.index, dtype=object
    )
    classes = []
    for i, colour in enumerate(BLUES5):
        classes.append((str(i), colour, bin_label(edges, i, lang)))  # the unit goes in the map title
    return keys, classes


def status_map(
    ax: Axes,
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame,
    layer: str = "jusou_status",
    *,
    lang: str = "ja",
    highlight: str | None = None,
    bins: list[float] | None = None,
) -> list[LegendEntry]:
    """Draw the municipalities of ``boundaries`` on ``ax`` coloured by ``layer``; return the legend rows.

    ``values``: ``code``, ``value`` (category key of :data:`geo.maps.LAYERS` or a number), optional ``sample``
    (synthetic: hatched) and ``suppressed`` (public mode: drawn as 秘匿). Municipalities without a value are
    データなし. ``highlight``: a code drawn with a bold outline. Points (fallback without boundary files) are
    drawn as circles. Legend texts carry the number of municipalities, as on the screen map.
    """
    spec = LAYERS[layer]
    gdf = boundaries[["code", "name", boundaries.geometry.name]].copy()
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    vals = values.copy()
    for col in ("sample", "suppressed"):
        if col not in vals:
            vals[col] = False
    gdf = gdf.merge(vals[["code", "value", "sample", "suppressed"]], on="code", how="left")
    gdf["suppressed"] = gdf["suppressed"].fillna(False).astype(bool)
    gdf["sample"] = gdf["sample"].fillna(False).astype(bool) & gdf["value"].notna() & ~gdf["suppressed"]
    keys, classes = _classes(gdf, spec, bins, lang)
    points = bool(len(gdf)) and bool((gdf.geom_type == "Point").all())
    markersize = 60 if points else None  # geopandas' default (None) for polygons

    entries: list[LegendEntry] = []
    for key, colour, text in classes:
        part = gdf[keys == key]
        if not part.empty:
            part.plot(ax=ax, color=colour, edgecolor=_BORDER, linewidth=0.6, markersize=markersize)
        entries.append(LegendEntry(t("with_note", lang, text=text, note=len(part)), colour))
    dashed: tuple[tuple[pd.Series[bool], str, str, LineStyle, str], ...] = (
        (keys.isna() & ~gdf["suppressed"], NO_DATA_FILL, "#777777", "--", "no_data"),
        (gdf["suppressed"], SUPPRESSED_FILL, "#555555", ":", "map_suppressed"),
    )
    for mask, fill, edge, dash, key in dashed:
        part = gdf[mask]
        if not part.empty:
            part.plot(ax=ax, color=fill, edgecolor=edge, linewidth=0.8, linestyle=dash, markersize=markersize)
        if not part.empty or key == "no_data":
            entries.append(LegendEntry(t("with_note", lang, text=t(key, lang), note=len(part)), fill, edge, dash))
    samples = gdf[gdf["sample"]]
    if not samples.empty:
        samples.plot(
            ax=ax, facecolor="none", edgecolor="#4d4d4d", hatch=SAMPLE_HATCH, linewidth=0, markersize=markersize
        )
        entries.append(
            LegendEntry(
                t("with_note", lang, text=t("source_synthetic", lang), note=len(samples)),
                "#ffffff",
                "#4d4d4d",
                "-",
                SAMPLE_HATCH,
            )
        )
    if highlight is not None and (gdf["code"] == highlight).any():
        gdf[gdf["code"] == highlight].plot(
            ax=ax, facecolor="none", edgecolor="#000000", linewidth=2.4, markersize=markersize
        )
    ax.set_axis_off()
    return entries


def legend_handles(entries: list[LegendEntry]) -> list[Patch]:
    """matplotlib patches for ``ax.legend(handles=...)``."""
    return [
        Patch(
            facecolor=e.facecolor,
            edgecolor=e.edgecolor,
            linestyle=e.linestyle,
            hatch=e.hatch,
            linewidth=0.8,
            label=e.label,
        )
        for e in entries
    ]


__all__ = ["LegendEntry", "legend_handles", "status_map"]

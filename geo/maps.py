"""folium map builders: prefecture view (municipalities) and municipality view (districts).

Inputs are GeoDataFrames/DataFrames only (no database access). Every text that reaches the map (names,
statuses, legend, credit) is HTML-escaped here in Python; the browser only concatenates escaped pieces.
GeoJSON features carry short properties only and coordinates rounded to 5 decimals, and the style table is
embedded once, so the national map stays around 1 MB. Colours are colour-vision-safe: Okabe–Ito for
categories, ColorBrewer *Blues* (5 classes) for rates, and "データなし" is light grey with a dashed border,
never the colour of zero.

Maps have no base tiles by default (``tiles=None``: nothing is fetched from the internet); pass a tile URL and
its attribution to add one. Call :func:`geo.assets.localize_assets` on the result to serve Leaflet etc. from
the app (the builders do it when ``localize=True``, the default).
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from core.domain import (
    BLUES5,
    COUNCIL_STATUS_COLOURS,
    FONT_FAMILY,
    JUSOU_STAGES,
    NO_DATA_FILL,
    STAGE_COLOURS,
    date_label,
    format_compact,
    nice_step,
)
from core.i18n import t
from geo import assets
from geo.boundaries import DEFAULT_PRECISION, geojson_payload
from geo.tile_grid import tile_grid

# ----------------------------------------------------------------------------------------------- colours

#: public mode: a value hidden by small-number suppression (analytics.suppression); drawn like no data
#: (grey, never a colour of the scale) but with a dotted border and its own legend entry.
SUPPRESSED_FILL = "#f0f0f0"

_BORDER = "#333333"
_NO_DATA_STYLE = {
    "fillColor": NO_DATA_FILL,
    "fillOpacity": 0.9,
    "color": "#777777",
    "weight": 1,
    "dashArray": "4 3",
}
_SUPPRESSED_STYLE = {
    "fillColor": SUPPRESSED_FILL,
    "fillOpacity": 0.9,
    "color": "#555555",
    "weight": 1.5,
    "dashArray": "1 3",
}


# ------------------------------------------------------------------------------------------------ layers


@dataclass(frozen=True)
class Layer:
    """What a map colours areas by: a category (keys with colours; words in the catalogue as
    ``map_category_<layer>_<category>``) or a rate (classes of Blues). Its name is the catalogue's ``layer_<key>``."""

    key: str
    kind: Literal["category", "rate"]
    unit_key: str = ""  # catalogue key of the unit ("" for none)
    colours: dict[str, str] = field(default_factory=dict)  # category key -> fill, in legend order

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.colours)

    def label(self, lang: str) -> str:
        return t(f"layer_{self.key}", lang)

    def unit(self, lang: str) -> str:
        return t(self.unit_key, lang) if self.unit_key else ""

    def category_label(self, category: str, lang: str) -> str:
        return t(f"map_category_{self.key}_{category}", lang)


LAYERS: dict[str, Layer] = {
    layer.key: layer
    for layer in (
        Layer("jusou_status", "category", colours={k: STAGE_COLOURS[k] for k in JUSOU_STAGES}),
        Layer("council_coverage", "rate", unit_key="unit_percent"),
        Layer("consultations_per_10k", "rate", unit_key="unit_per_10k"),
        Layer("closure_rate", "rate", unit_key="unit_percent"),
    )
}
COUNCIL_LAYER = Layer("council_status", "category", colours=dict(COUNCIL_STATUS_COLOURS))


def _layer(layer: str | Layer) -> Layer:
    if isinstance(layer, Layer):
        return layer
    try:
        return LAYERS[layer]
    except KeyError:
        raise ValueError(f"未知のレイヤーです: {layer!r}（{', '.join(LAYERS)}）") from None


# ------------------------------------------------------------------------------------------ formatting


def esc(value: Any) -> str:
    """HTML-escaped text of a value ("" for None/NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def format_value(value: float, unit: str) -> str:
    """12.3% / 18.5 件/1万人: the rate with its unit, as the tooltip shows it."""
    text = format_compact(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def rate_bins(values: Iterable[float], unit: str = "", k: int = 5) -> list[float]:
    """``k + 1`` class edges starting at 0: fifths of 100 for "%", else "nice" equal steps up to the maximum.

    A value ``v`` falls into class ``i`` when ``edges[i] <= v < edges[i+1]``; the last class is closed and
    also takes values above the top edge.
    """
    if unit == "%":
        return [100 * i / k for i in range(k + 1)]
    finite = [float(v) for v in values if v is not None and not pd.isna(v)]
    top = max(finite, default=0.0)
    step = nice_step(top / k) if top > 0 else 1.0
    while step * k < top:  # pragma: no cover - _nice_step already rounds up
        step = nice_step(step * 1.01)
    return [round(step * i, 10) for i in range(k + 1)]


def bin_index(value: float, edges: Sequence[float]) -> int:
    for i in range(len(edges) - 2, -1, -1):
        if value >= edges[i]:
            return i
    return 0


def bin_label(edges: Sequence[float], i: int, lang: str) -> str:
    """「10〜20未満」 / "10 to <20" (the last class is closed: 「80〜100」); the unit is in the legend title."""
    lo, hi = format_compact(edges[i]), format_compact(edges[i + 1])
    return t("map_bin_last" if i == len(edges) - 2 else "map_bin", lang, low=lo, high=hi)


def _date_text(value: Any, lang: str) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (datetime, pd.Timestamp)):
        value = value.date()
    if isinstance(value, date):
        return date_label(value, lang)
    return str(value)


def _missing(value: Any) -> bool:
    """None, NaN, NaT, pd.NA or blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _truthy(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "t"}
    try:
        return bool(value) and not pd.isna(value)
    except (TypeError, ValueError):
        return bool(value)


# ------------------------------------------------------------------------------------- map furniture


class HtmlControl(MacroElement):
    """A Leaflet control holding pre-escaped HTML (legend, notes). Rendered in the map script, so it works
    in saved HTML and in ``st_folium`` alike.

    A legend made with :func:`legend_html` is a ``<details>`` box: on a map narrower than ``COMPACT_BELOW`` px (a
    phone) it starts folded to its title, one tap away, instead of covering a third of the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function (map) {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                var folded = div.querySelector("details");
                if (folded && map.getSize().x < {{ this.compact_below }}) { folded.open = false; }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, position: str = "bottomright", css_class: str = "map-legend"):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html_text
        self.position = position
        self.css_class = css_class
        self.compact_below = COMPACT_BELOW


COMPACT_BELOW = 480  # px: a map this narrow (a phone) opens with its legend folded


class TouchAndWords(MacroElement):
    """What Leaflet does not set for us: the frame's language, its zoom buttons named in it (Leaflet writes
    「Zoom in」), its credit without an English tooltip, and on a touch screen one finger scrolls the page while two
    fingers zoom and move the map (a map as tall as the screen would otherwise catch every swipe); a tap shows the
    tooltip."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            document.documentElement.lang = {{ this.lang|tojson }};  // the frame's words are in the UI language
            if (map.zoomControl) { map.zoomControl.remove(); }
            map.zoomControl = L.control.zoom({
                position: "topleft", zoomInTitle: {{ this.zoom_in|tojson }}, zoomOutTitle: {{ this.zoom_out|tojson }}
            }).addTo(map);
            if (map.attributionControl) {
                map.attributionControl.setPrefix("Leaflet");  // its credit, without an English tooltip
            }
            if (L.Browser.mobile || (L.Browser.touch && !L.Browser.pointer)) { map.dragging.disable(); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str):
        super().__init__()
        self._name = "TouchAndWords"
        self.lang = lang
        self.zoom_in = t("map_zoom_in", lang)
        self.zoom_out = t("map_zoom_out", lang)


class ZoomableMap(folium.Map):
    """folium.Map without the page-zoom lock folium writes into the frame's head (``maximum-scale=1.0,
    user-scalable=no``): a reader who enlarges the page must be able to enlarge the map's text too (WCAG 1.4.4)."""

    # folium's Map.render returns nothing; branca types Element.render as returning the HTML (str)
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        super().render(**kwargs)
        root = self.get_root()
        assert isinstance(root, Figure)  # as MacroElement.render asserts: a map renders inside a Figure
        header = root.header
        own = header._children.get(self.get_name())
        if own is not None and own._template_str:
            header.add_child(Element(_ZOOM_LOCK.sub("", own._template_str)), name=self.get_name())


_ZOOM_LOCK = re.compile(r",\s*maximum-scale=1\.0,\s*user-scalable=no")


class Attribution(MacroElement):
    """Adds (escaped) text to the map's attribution control (the boundary credit line)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = esc(text)


def _swatch(style: dict[str, Any]) -> str:
    border = (
        f"{style.get('weight', 1)}px {'dashed' if style.get('dashArray') else 'solid'} {style.get('color', _BORDER)}"
    )
    return (
        f'<span style="display:inline-block;width:18px;height:12px;margin-right:6px;vertical-align:middle;'
        f"background:{style['fillColor']};opacity:{max(float(style.get('fillOpacity', 1)), 0.85)};"
        f'border:{border}"></span>'
    )


def legend_html(title: str, entries: Sequence[tuple[dict[str, Any], str]], notes: Sequence[str] = ()) -> str:
    """Legend box: escaped title (the summary of a ``<details>`` box a reader can fold), (style, label) rows,
    escaped notes."""
    rows = "".join(
        f'<div style="white-space:nowrap;line-height:1.6">{_swatch(style)}{esc(label)}</div>'
        for style, label in entries
    )
    extra = "".join(f'<div style="margin-top:4px;font-size:11px;color:#333">{esc(n)}</div>' for n in notes)
    return (
        f'<details open style="background:rgba(255,255,255,0.94);padding:6px 10px;border:1px solid #999;'
        f'border-radius:4px;font:12px/1.4 {FONT_FAMILY};color:#111;max-width:min(260px,62vw)">'
        f'<summary style="font-weight:bold;cursor:pointer;min-height:24px;line-height:24px">{esc(title)}</summary>'
        f'<div style="margin-top:2px">{rows}{extra}</div></details>'
    )


def _lines_html(lines: Sequence[tuple[str, str]]) -> str:
    """Escaped "<br>key: value" tooltip lines."""
    return "".join(f"<br>{esc(k)}: {esc(v)}" for k, v in lines)


class ContainerStyle(MacroElement):
    """Japanese-capable font for everything inside the map (tooltips, legend, labels) and a white
    background (no tiles by default; light-grey "no data" must stand out)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().style.fontFamily = {{ this.font|tojson }};
        {{ this._parent.get_name() }}.getContainer().style.background = {{ this.background|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, font: str = FONT_FAMILY, background: str = "#ffffff"):
        super().__init__()
        self._name = "ContainerStyle"
        self.font = font
        self.background = background


def base_map(
    *,
    crs: str = "EPSG3857",
    tiles: str | None = None,
    tile_attribution: str | None = None,
    credit: str | None = None,
    lang: str = "ja",
) -> folium.Map:
    """An empty map: no tiles unless ``tiles`` (URL template) is given with its ``tile_attribution``."""
    m = ZoomableMap(location=[36.0, 138.0], zoom_start=5, tiles=None, crs=crs, zoom_snap=0.25, prefer_canvas=False)
    if tiles:
        if not tile_attribution:
            raise ValueError("背景地図を使う場合は出典（tile_attribution）を指定してください")
        folium.TileLayer(tiles=tiles, attr=esc(tile_attribution), name=t("map_base_layer", lang), overlay=False).add_to(
            m
        )
    if credit:
        Attribution(credit).add_to(m)
    ContainerStyle().add_to(m)
    TouchAndWords(lang).add_to(m)
    return m


def _fit(m: folium.Map, gdf: gpd.GeoDataFrame, pad: float = 0.0, also: gpd.GeoDataFrame | None = None) -> None:
    minx, miny, maxx, maxy = gdf.total_bounds
    if also is not None and len(also):
        ax0, ay0, ax1, ay1 = also.total_bounds
        minx, miny, maxx, maxy = min(minx, ax0), min(miny, ay0), max(maxx, ax1), max(maxy, ay1)
    if any(math.isnan(v) for v in (minx, miny, maxx, maxy)):
        return
    if maxx - minx < 1e-6 and maxy - miny < 1e-6:
        pad = max(pad, 0.05)
    m.fit_bounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]])


def _geojson_layer(
    gdf: gpd.GeoDataFrame,
    styles: dict[str, dict[str, Any]],
    name: str,
    precision: int,
    tooltip_label: str | None = None,
    points: bool = False,
    lang: str = "ja",
) -> folium.GeoJson:
    """Compact GeoJson layer. Features carry only short properties, all text already HTML-escaped:
    ``c`` code (sent back to the app on a click), ``k`` style key, ``n`` name, ``v`` value text (or ``t``: extra
    tooltip lines as HTML), ``s`` sample flag.

    The style table is embedded once (a Leaflet ``style`` function) instead of folium's per-feature style
    switch, which keeps the national map small; tooltip and hover highlight are bound in ``onEachFeature``.
    """
    data = geojson_payload(gdf, [c for c in ("c", "k", "n", "v", "t", "s") if c in gdf.columns], precision=precision)
    for feature in data["features"]:
        props = feature["properties"]
        if not props.get("s"):
            props.pop("s", None)
    styles_js = json.dumps(styles, ensure_ascii=True, separators=(",", ":"))
    label_js = json.dumps(esc(tooltip_label) if tooltip_label else "", ensure_ascii=True)
    sample_js = json.dumps(esc(t("map_sample_mark", lang)), ensure_ascii=True)
    style = JsCode(f"function (f) {{ return {styles_js}[f.properties.k]; }}")
    on_each = JsCode(
        f"""function (feature, layer) {{
            var p = feature.properties, styles = {styles_js}, label = {label_js};
            var tip = "<b>" + p.n + "</b>" + (p.s ? {sample_js} : "")
                + (p.v !== undefined ? "<br>" + label + ": " + p.v : "") + (p.t || "");
            layer.bindTooltip(tip, {{sticky: true}});
            layer.on({{
                mouseover: function (e) {{
                    e.target.setStyle({{weight: 3, color: "#000000"}});
                    if (e.target.bringToFront) {{ e.target.bringToFront(); }}
                }},
                mouseout: function (e) {{ e.target.setStyle(styles[p.k]); }}
            }});
        }}"""
    )
    marker = folium.CircleMarker(radius=8, fill=True) if points else None
    return folium.GeoJson(data, name=name, on_each_feature=on_each, marker=marker, smooth_factor=0.5, style=style)


def _outline_layer(outlines: gpd.GeoDataFrame, precision: int, lang: str) -> folium.GeoJson:
    data = geojson_payload(outlines, (), precision=precision)
    return folium.GeoJson(
        data,
        name=t("map_prefecture_borders", lang),
        style_function=lambda f: {"fill": False, "color": "#222222", "weight": 2, "opacity": 0.8},
        interactive=False,
        control=False,
    )


# ---------------------------------------------------------------------------------- prefecture view


def prefecture_map(
    boundaries: gpd.GeoDataFrame,
    values: pd.DataFrame | None,
    layer: str | Layer,
    *,
    credit: str | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    bins: Sequence[float] | None = None,
    tiles: str | None = None,
    tile_attribution: str | None = None,
    title: str | None = None,
    notes: Sequence[str] = (),
    precision: int = DEFAULT_PRECISION,
    localize: bool = True,
    lang: str = "ja",
) -> folium.Map:
    """Municipalities coloured by ``layer`` (a key of :data:`LAYERS` or a :class:`Layer`), worded in ``lang``.

    ``boundaries``: a municipality layer from :func:`geo.boundaries.load_municipalities` (columns ``code``,
    ``name``, polygons, or points in fallback mode: drawn as circle markers; ``in_master`` False marks a unit
    that is not a municipality of the statistics — the 北方領土 villages — drawn grey, named in a note and left
    out of the データなし count). ``values``: one row per municipality with ``code``, ``value`` (category key for
    a category layer, number for a rate) and optionally ``sample`` (True for synthetic values: the tooltip says
    so) and ``suppressed`` (True where the public view hides the value: drawn as 秘匿, apart from データなし).
    Municipalities without a value are drawn as データなし. ``bins``: class edges for a rate (default
    :func:`rate_bins`). ``credit``: the boundary credit line (:func:`geo.boundaries.boundary_credit`), shown as
    the map attribution.
    """
    spec = _layer(layer)
    label, unit = spec.label(lang), spec.unit(lang)
    no_data, suppressed = t("no_data", lang), t("map_suppressed", lang)
    gdf = boundaries[["code", "name", boundaries.geometry.name]].copy()
    outside = (
        ~boundaries["in_master"].astype(bool) if "in_master" in boundaries else pd.Series(False, index=boundaries.index)
    )
    gdf["outside"] = outside
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    vals = pd.DataFrame(columns=["code", "value", "sample"]) if values is None else values.copy()
    if "sample" not in vals.columns:
        vals["sample"] = False
    if "suppressed" not in vals.columns:
        vals["suppressed"] = False
    if vals["code"].duplicated().any():
        dup = ", ".join(sorted(vals.loc[vals["code"].duplicated(), "code"].astype(str).unique())[:5])
        raise ValueError(f"同じ団体コードの値が複数あります: {dup}")
    gdf = gdf.merge(vals[["code", "value", "sample", "suppressed"]], on="code", how="left")
    is_sup = gdf["suppressed"].map(_truthy)
    gdf["value"] = gdf["value"].where(~is_sup, None)
    is_na = gdf["value"].isna() & ~is_sup
    is_outside = gdf["outside"] & is_na

    styles: dict[str, dict[str, Any]] = {"na": dict(_NO_DATA_STYLE), "sup": dict(_SUPPRESSED_STYLE)}
    entries: list[tuple[dict[str, Any], str]] = []
    keys: list[str] = []
    value_text: list[str] = []
    if spec.kind == "category":
        unknown = sorted(set(gdf.loc[~is_na & ~is_sup, "value"].astype(str)) - set(spec.categories))
        if unknown:
            raise ValueError(f"{label} の値として不明です: {', '.join(unknown)}（{'/'.join(spec.categories)}）")
        for cat in spec.categories:
            styles[cat] = {"fillColor": spec.colours[cat], "fillOpacity": 0.85, "color": _BORDER, "weight": 1}
            count = int((gdf["value"] == cat).sum())
            entries.append((styles[cat], t("with_note", lang, text=spec.category_label(cat, lang), note=count)))
        for v, na, sup in zip(gdf["value"], is_na, is_sup):
            keys.append("sup" if sup else "na" if na else str(v))
            value_text.append(suppressed if sup else no_data if na else spec.category_label(str(v), lang))
        legend_title = title or label
    else:
        numeric = pd.to_numeric(gdf["value"], errors="raise")
        edges = list(bins) if bins is not None else rate_bins(numeric.dropna(), unit, k=len(BLUES5))
        if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:])):
            raise ValueError("bins は増加する2つ以上の境界値で指定してください")
        palette = _palette(len(edges) - 1)
        counts = [0] * (len(edges) - 1)
        for v, na, sup in zip(numeric, is_na, is_sup):
            if na or sup:
                keys.append("sup" if sup else "na")
                value_text.append(suppressed if sup else no_data)
                continue
            i = bin_index(float(v), edges)
            counts[i] += 1
            keys.append(str(i))
            value_text.append(format_value(float(v), unit))
        for i, colour in enumerate(palette):
            styles[str(i)] = {"fillColor": colour, "fillOpacity": 0.85, "color": _BORDER, "weight": 1}
            entries.append((styles[str(i)], t("with_note", lang, text=bin_label(edges, i, lang), note=counts[i])))
        legend_title = title or (t("label_with_unit", lang, label=label, unit=unit) if unit else label)
    entries.append((styles["na"], t("with_note", lang, text=no_data, note=int((is_na & ~is_outside).sum()))))
    if is_sup.any():
        entries.append((styles["sup"], t("with_note", lang, text=suppressed, note=int(is_sup.sum()))))
    value_text = [t("map_outside_statistics", lang) if out else text for text, out in zip(value_text, is_outside)]

    gdf["c"] = gdf["code"].astype(str)
    gdf["k"] = keys
    gdf["n"] = [esc(name) for name in gdf["name"]]
    gdf["v"] = [esc(text) for text in value_text]
    gdf["s"] = [
        int((not na) and (not sup) and _truthy(sample)) for na, sup, sample in zip(is_na, is_sup, gdf["sample"])
    ]
    points = bool(len(gdf)) and bool((gdf.geom_type == "Point").all())
    legend_notes = list(notes)
    if is_sup.any():
        legend_notes.append(t("map_note_suppressed", lang))
    if (~is_na & ~is_sup & gdf["sample"].map(_truthy)).any():
        legend_notes.append(t("map_note_sample", lang))
    if is_outside.any():
        legend_notes.append(t("map_note_outside", lang, count=int(is_outside.sum())))
    if points:
        legend_notes.append(t("map_note_points", lang))

    m = base_map(tiles=tiles, tile_attribution=tile_attribution, credit=credit, lang=lang)
    if outlines is not None and len(outlines):
        _outline_layer(outlines, precision, lang).add_to(m)
    _geojson_layer(gdf, styles, label, precision, tooltip_label=label, points=points, lang=lang).add_to(m)
    HtmlControl(legend_html(legend_title, entries, legend_notes)).add_to(m)
    _fit(m, gdf, pad=0.05 if points else 0.0, also=outlines if points else None)
    if localize:
        assets.localize_assets(m)
    return m


def _palette(n: int) -> tuple[str, ...]:
    if n == len(BLUES5):
        return BLUES5
    # ColorBrewer Blues for 3–7 classes
    table = {
        3: ("#deebf7", "#9ecae1", "#3182bd"),
        4: ("#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"),
        6: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
        7: ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
    }
    if n in table:
        return table[n]
    if n < 3:
        return table[3][-n:] if n == 2 else ("#3182bd",)
    raise ValueError("区分の数は 1〜7 にしてください")


# -------------------------------------------------------------------------------- municipality view


def district_map(
    districts: pd.DataFrame,
    *,
    shapes: gpd.GeoDataFrame | None = None,
    mode: Literal["auto", "polygons", "tiles"] = "auto",
    credit: str | None = None,
    tiles: str | None = None,
    tile_attribution: str | None = None,
    title: str | None = None,
    notes: Sequence[str] = (),
    precision: int = DEFAULT_PRECISION,
    localize: bool = True,
    lang: str = "ja",
) -> folium.Map:
    """Districts coloured by council status (keys established / preparing / not_started; empty = データなし),
    worded in ``lang``.

    ``districts``: ``district_id``, ``code``, ``name``, ``status`` and optionally ``established`` (set-up date),
    ``sc_placed`` (2nd-tier SC placed: bool/None), ``meetings`` (count), ``sample`` (bool), ``tile_row`` /
    ``tile_col`` (explicit tile position). ``shapes``: district polygons (``district_id`` + geometry,
    EPSG:4326), e.g. the matched part of :func:`geo.district_boundaries.read_district_boundaries`.

    ``mode="auto"`` draws polygons when every district has a shape and otherwise a tile grid (one square per
    district in a non-geographic plane, ``crs="Simple"``, see :mod:`geo.tile_grid`); never invented shapes.
    With ``mode="polygons"`` districts without a shape are listed in the legend.
    """
    df = pd.DataFrame(districts).copy()
    for col in ("district_id", "name", "status"):
        if col not in df.columns:
            raise ValueError(f"地区データに列 {col} がありません")
    statuses = COUNCIL_LAYER.categories
    title = title or t("map_district_title", lang)
    status = [None if _missing(v) else str(v) for v in df["status"]]
    unknown = sorted({str(s) for s in status if s is not None and str(s) not in statuses})
    if unknown:
        raise ValueError(f"協議体の状況として不明です: {', '.join(unknown)}（{'/'.join(statuses)}）")

    shape_by_id: dict[Any, Any] = {}
    if shapes is not None and len(shapes):
        s = shapes.to_crs("EPSG:4326") if shapes.crs is not None and shapes.crs.to_epsg() != 4326 else shapes
        for did, geom in zip(s["district_id"], s.geometry):
            if geom is not None and not geom.is_empty:
                shape_by_id[did] = geom
    has_shape = df["district_id"].map(lambda d: d in shape_by_id)
    if mode == "auto":
        mode = "polygons" if len(df) and has_shape.all() else "tiles"
    if mode not in ("polygons", "tiles"):
        raise ValueError(f"mode は auto / polygons / tiles のいずれかです: {mode!r}")

    styles: dict[str, dict[str, Any]] = {"na": dict(_NO_DATA_STYLE)}
    for key in statuses:
        styles[key] = {"fillColor": COUNCIL_LAYER.colours[key], "fillOpacity": 0.85, "color": _BORDER, "weight": 1}
    df["k"] = [str(s) if s is not None else "na" for s in status]
    df["n"] = [esc(name) for name in df["name"]]
    df["t"] = [_district_tip(row, lang) for row in df.to_dict("records")]
    df["s"] = [int(_truthy(v)) for v in df["sample"]] if "sample" in df.columns else 0

    entries = [
        (
            styles[key],
            t("with_note", lang, text=COUNCIL_LAYER.category_label(key, lang), note=int((df["k"] == key).sum())),
        )
        for key in statuses
    ]
    entries.append((styles["na"], t("with_note", lang, text=t("no_data", lang), note=int((df["k"] == "na").sum()))))
    legend_notes = list(notes)
    if "sample" in df.columns and df["sample"].map(_truthy).any():
        legend_notes.append(t("map_note_sample", lang))

    if mode == "polygons":
        with_shape = df[has_shape].copy()
        gdf = gpd.GeoDataFrame(
            with_shape, geometry=[shape_by_id[d] for d in with_shape["district_id"]], crs="EPSG:4326"
        )
        missing = df.loc[~has_shape, "name"].astype(str).tolist()
        if missing:
            shown = "、".join(missing[:10])
            if len(missing) > 10:
                shown += t("map_more_districts", lang, count=len(missing) - 10)
            legend_notes.append(t("map_note_no_shape", lang, names=shown))
        m = base_map(tiles=tiles, tile_attribution=tile_attribution, credit=credit, lang=lang)
        _geojson_layer(gdf, styles, title, precision, lang=lang).add_to(m)
        _fit(m, gdf)
    else:
        grid = tile_grid(df)
        legend_notes.append(t("map_note_tiles", lang))
        m = base_map(crs="Simple", credit=credit, lang=lang)
        _geojson_layer(grid, styles, title, 3, lang=lang).add_to(m)
        labels = tile_labels(grid["name"])
        for label, geom in zip(labels, grid.geometry):
            c = geom.centroid
            folium.Marker(
                [c.y, c.x],
                icon=folium.DivIcon(
                    html=(
                        f'<div style="width:60px;margin-left:-30px;text-align:center;font:11px/1.2 {FONT_FAMILY};'
                        f'color:#000;text-shadow:0 0 2px #fff,0 0 2px #fff;pointer-events:none">'
                        f"{esc(label)}</div>"
                    ),
                    icon_size=(0, 0),
                ),
                interactive=False,
            ).add_to(m)
        minx, miny, maxx, maxy = grid.total_bounds
        # room on the right for the legend, so it never covers a tile
        m.fit_bounds([[miny - 0.2, minx - 0.2], [maxy + 0.2, maxx + 0.2 + (maxx - minx) * 0.75]])
    HtmlControl(
        legend_html(title, entries, legend_notes), position="bottomright" if mode == "polygons" else "topright"
    ).add_to(m)
    if localize:
        assets.localize_assets(m)
    return m


TILE_LABEL_CHARS = 8  # two lines of four in a tile; the tooltip has the full name


def tile_labels(names: Iterable[Any]) -> list[str]:
    """The name on each district's tile: 「地区」 dropped, a prefix every name shares dropped (サンプル地区01 → 01,
    第1地区 … stays), then cut to two lines with … — a reader finds 清原 by its name, not by a number."""
    short = ["" if name is None else str(name).removesuffix("地区") or str(name) for name in names]
    prefix = os.path.commonprefix(short) if len(short) > 1 else ""
    if len(prefix) >= 2 and all(len(s) > len(prefix) for s in short):
        short = [s[len(prefix) :] for s in short]
    return [s if len(s) <= TILE_LABEL_CHARS else s[: TILE_LABEL_CHARS - 1] + "…" for s in short]


def _district_tip(row: Mapping[Hashable, Any], lang: str) -> str:
    status = row.get("status")
    missing = status is None or (not isinstance(status, str) and pd.isna(status))
    lines = [
        (t("map_tip_council", lang), t("no_data", lang) if missing else COUNCIL_LAYER.category_label(f"{status}", lang))
    ]
    lines.append((t("map_tip_established", lang), _date_text(row.get("established"), lang) or "—"))
    sc = row.get("sc_placed")
    if sc is None or (not isinstance(sc, str) and pd.isna(sc)):
        sc_text = t("map_tip_unknown", lang)
    else:
        sc_text = t("map_tip_sc_yes" if _truthy(sc) else "map_tip_sc_no", lang)
    lines.append((t("map_tip_coordinator", lang), sc_text))
    meetings, label = row.get("meetings"), t("map_tip_meetings", lang)
    if isinstance(meetings, str):  # the suppression mark (public mode)
        lines.append((label, meetings))
    elif meetings is None or pd.isna(meetings):
        lines.append((label, t("map_tip_unknown", lang)))
    else:
        lines.append((label, t("map_tip_meetings_value", lang, count=format_compact(meetings))))
    return _lines_html(lines)


def map_html(m: folium.Map) -> str:
    """Full standalone HTML of a map (for downloads and tests)."""
    return m.get_root().render()


def html_size(m: folium.Map) -> int:
    """Bytes of the standalone map HTML."""
    return len(map_html(m).encode("utf-8"))


__all__ = [
    "COUNCIL_LAYER",
    "LAYERS",
    "Layer",
    "district_map",
    "esc",
    "html_size",
    "legend_html",
    "map_html",
    "prefecture_map",
    "rate_bins",
]

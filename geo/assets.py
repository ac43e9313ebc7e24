"""Serve folium's JavaScript/CSS from the app itself instead of CDNs (offline / closed networks).

folium 0.20 puts CDN links (leaflet, jquery, bootstrap, font-awesome, leaflet.awesome-markers, …) in each
element's ``default_js`` / ``default_css``. ``scripts/fetch_map_assets.sh`` copies the same versions from the
npm registry into ``app/static/vendor/`` (git-ignored), which Streamlit serves at
``/app/static/vendor/`` when ``server.enableStaticServing = true``.

How the links reach the browser:

- ``Map.save()`` / ``get_root().render()`` (plain HTML): the links are written into the page header.
- ``streamlit_folium.st_folium``: the component strips every ``<script src>`` / stylesheet ``<link>`` from the
  rendered header and instead walks the map's elements, collects their ``default_js`` / ``default_css`` and
  loads those URLs itself (``<script>`` tags appended in order; a failing script stops the map). So the
  *element attributes* must be rewritten, not just the HTML: :func:`localize_assets` does both.
  st_folium also adds two d3 URLs (d3js.org, cdnjs) by itself whenever a ``branca`` colormap is in the map;
  they cannot be rewritten, so maps built here never use branca colormaps (legends are plain HTML).

:func:`missing_assets` / :func:`missing_assets_message` tell the operator to run the fetch script.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Where the fetch script puts the files.
VENDOR_DIR = PROJECT_ROOT / "app" / "static" / "vendor"
#: URL at which Streamlit serves VENDOR_DIR (``app/static`` is served at ``/app/static``).
VENDOR_URL = "/app/static/vendor"

#: CDN URL used by folium 0.20 -> path under VENDOR_DIR (kept in step with scripts/fetch_map_assets.sh). Only Leaflet:
#: the maps built here leave folium's other assets out (UNUSED_MAP_ASSETS), so they are neither fetched nor served.
ASSETS: dict[str, str] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet@1.9.3/dist/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet@1.9.3/dist/leaflet.css",
}

#: Files referenced from the CSS above (images) that must exist too.
SUPPORT_FILES: tuple[str, ...] = (
    "leaflet@1.9.3/dist/images/marker-icon.png",
    "leaflet@1.9.3/dist/images/layers.png",
)

FETCH_SCRIPT = "scripts/fetch_map_assets.sh"

_URL_RE = re.compile(r"https?://[^\s\"'<>()]+", re.IGNORECASE)


class OfflineAssetError(RuntimeError):
    """A map needs a remote asset that has no local copy."""


def local_url(cdn_url: str, base_url: str = VENDOR_URL) -> str:
    """Local URL for a CDN URL folium uses (OfflineAssetError for an unknown one)."""
    try:
        return f"{base_url.rstrip('/')}/{ASSETS[cdn_url]}"
    except KeyError:
        raise OfflineAssetError(
            f"ローカルに用意されていない地図用ファイルです: {cdn_url}（geo/assets.py の ASSETS と "
            f"{FETCH_SCRIPT} に追加してください）"
        ) from None


def _walk(element: Element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


#: folium.Map's own assets that the maps built here do not use (no icon markers, no Bootstrap popups): leaving
#: them out spares the browser about 0.5 MB of JavaScript/CSS and seven requests on every map.
UNUSED_MAP_ASSETS = frozenset(
    {
        "jquery",
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)


def localize_assets(
    fig: folium.Map | Figure, base_url: str = VENDOR_URL, drop: frozenset[str] = UNUSED_MAP_ASSETS
) -> folium.Map | Figure:
    """Rewrite every CDN js/css link of a map (and its plugins) to ``base_url`` (in place; returns ``fig``),
    leaving out the named assets in ``drop`` (by default folium's assets no map here uses).

    Works for ``st_folium`` (element ``default_js``/``default_css``) and for saved HTML (figure header).
    Call it after the last plugin was added. Raises OfflineAssetError for a remote asset with no local copy.
    """
    root = fig.get_root()
    header = getattr(root, "header", None)  # a Figure's header is an attribute, not a child
    elements = list(
        dict.fromkeys([*_walk(fig), *(_walk(root) if root is not fig else []), *(_walk(header) if header else [])])
    )
    dropped = {
        url
        for element in elements
        for attr in ("default_js", "default_css")
        for name, url in getattr(element, attr, None) or []
        if name in drop
    }
    for element in elements:
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if links:
                # instance attribute: never mutate folium's class-level lists
                setattr(element, attr, [(name, _localize(url, base_url)) for name, url in links if name not in drop])
        children = getattr(element, "_children", {})
        for key, child in list(children.items()):  # a map rendered before: its header links to dropped assets go
            if isinstance(child, (JavascriptLink, CssLink)) and child.url in dropped:
                del children[key]
        if isinstance(element, (JavascriptLink, CssLink)) and _is_remote(element.url) and element.url not in dropped:
            element.url = _localize(element.url, base_url)
    return fig


def _is_remote(url: str) -> bool:
    return url.lower().startswith(("http://", "https://", "//"))


def _localize(url: str, base_url: str) -> str:
    if not _is_remote(url):
        return url
    if url.startswith("//"):
        url = "https:" + url
    return local_url(url, base_url)


def remote_urls(html: str) -> list[str]:
    """Every http(s) URL in ``html`` (a rendered map must have none when it is to work offline)."""
    return sorted(set(_URL_RE.findall(html)))


def assert_offline(html: str) -> None:
    """Raise OfflineAssetError when ``html`` still references an http(s) URL."""
    urls = remote_urls(html)
    if urls:
        raise OfflineAssetError("地図の HTML に外部 URL が残っています: " + ", ".join(urls))


def required_files() -> list[str]:
    """Paths under VENDOR_DIR the maps need."""
    return [*dict.fromkeys([*ASSETS.values(), *SUPPORT_FILES])]


def missing_assets(vendor_dir: Path | str | None = None) -> list[str]:
    """Required files (relative paths) not present in ``vendor_dir`` (default VENDOR_DIR)."""
    base = Path(vendor_dir) if vendor_dir is not None else VENDOR_DIR
    return [rel for rel in required_files() if not (base / rel).is_file() or (base / rel).stat().st_size == 0]


def missing_assets_message(vendor_dir: Path | str | None = None) -> str | None:
    """Japanese message for the operator when map assets are missing, None when all are there."""
    missing = missing_assets(vendor_dir)
    if not missing:
        return None
    shown = "、".join(missing[:3]) + (f" ほか{len(missing) - 3}件" if len(missing) > 3 else "")
    return (
        "地図の表示に必要なライブラリ（Leaflet など）がサーバーにありません"
        f"（{shown}）。インターネットに接続できない環境では地図が表示されません。"
        f"管理者は `{FETCH_SCRIPT}` を実行してください（npm レジストリから取得し app/static/vendor/ に配置します）。"
    )


def is_available(vendor_dir: Path | str | None = None) -> bool:
    return not missing_assets(vendor_dir)


def _element_urls(fig: Any) -> list[str]:
    """js/css URLs st_folium would load for ``fig`` (for tests and diagnostics)."""
    urls: list[str] = []
    for element in _walk(fig):
        for attr in ("default_js", "default_css"):
            urls.extend(url for _, url in getattr(element, attr, None) or [])
    return urls


def component_urls(fig: Any) -> list[str]:
    """The js/css URLs ``st_folium`` will load for this map, in order (public wrapper for checks)."""
    return list(dict.fromkeys(_element_urls(fig)))

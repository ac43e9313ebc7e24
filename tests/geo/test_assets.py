"""geo.assets: folium's CDN links rewritten to the app's own copies; missing-asset message."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import folium
import folium.folium
import pytest

from geo import assets

PROJECT = Path(__file__).resolve().parents[2]


def _map() -> folium.Map:
    m = folium.Map(tiles=None)
    folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(m)
    folium.CircleMarker([36.5, 139.9]).add_to(m)
    return m


def test_every_folium_default_asset_is_served_or_left_out():
    """Leaflet is served by the app; jQuery, Bootstrap, Font Awesome and the marker plugins are left out of every
    map, so they are neither fetched nor required."""
    for name, url in [*folium.folium._default_js, *folium.folium._default_css, *folium.Map.default_js]:
        assert (url in assets.ASSETS) != (name in assets.UNUSED_MAP_ASSETS), (name, url)
    assert all(path.startswith("leaflet@") for path in assets.required_files())


def test_localized_map_html_has_no_remote_url():
    m = assets.localize_assets(_map())
    html = m.get_root().render()
    assert assets.remote_urls(html) == []
    assets.assert_offline(html)
    assert '<script src="/app/static/vendor/leaflet@1.9.3/dist/leaflet.js"></script>' in html
    assert "/app/static/vendor/leaflet@1.9.3/dist/leaflet.css" in html


def test_unlocalized_map_fails_the_check():
    html = _map().get_root().render()
    with pytest.raises(assets.OfflineAssetError, match="外部 URL"):
        assets.assert_offline(html)


def test_st_folium_links_are_local_too():
    # st_folium ignores the header's <script src> and loads each element's default_js/default_css itself
    m = assets.localize_assets(_map())
    urls = assets.component_urls(m)
    assert urls and all(u.startswith("/app/static/vendor/") for u in urls), urls


def test_class_attributes_are_not_touched():
    assets.localize_assets(_map())
    assert folium.Map.default_js[0][1].startswith("https://")
    assert assets.remote_urls(_map().get_root().render())  # a fresh map still has CDN links


def test_localizing_after_render_rewrites_the_header():
    m = _map()
    m.get_root().render()
    assets.localize_assets(m)
    assert assets.remote_urls(m.get_root().render()) == []


def test_custom_base_url():
    m = assets.localize_assets(_map(), base_url="/static/v/")
    html = m.get_root().render()
    assert "/static/v/leaflet@1.9.3/dist/leaflet.js" in html and "jquery" not in html


def test_plugin_without_local_copy_fails_loudly():
    from folium.plugins import Fullscreen

    m = _map()
    Fullscreen().add_to(m)
    with pytest.raises(assets.OfflineAssetError, match="ASSETS"):
        assets.localize_assets(m)


def test_missing_assets_message(tmp_path):
    missing = assets.missing_assets(tmp_path)
    assert set(missing) == set(assets.required_files())
    message = assets.missing_assets_message(tmp_path)
    assert message is not None and "scripts/fetch_map_assets.sh" in message and "地図" in message
    for rel in assets.required_files():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert assets.missing_assets(tmp_path) == []
    assert assets.missing_assets_message(tmp_path) is None
    assert assets.is_available(tmp_path)


def test_fetch_script_is_valid_bash_and_executable():
    script = PROJECT / "scripts" / "fetch_map_assets.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    for rel in assets.required_files():  # same package directories as ASSETS
        package = rel.split("/")[0] if not rel.startswith("@") else "/".join(rel.split("/")[:2])
        if "@" in package:
            name, version = package.rsplit("@", 1)
            assert version in text and name.split("/")[-1] in text, rel


def test_vendor_files_present():
    missing = assets.missing_assets()
    if missing and os.environ.get("CI", "").lower() != "true":
        pytest.skip("map assets not fetched (run scripts/fetch_map_assets.sh)")
    assert missing == [], assets.missing_assets_message()


def test_dropped_assets_are_not_loaded_and_leaflet_stays():
    m = assets.localize_assets(_map())
    names = [name for name, _ in [*m.default_js, *m.default_css]]
    assert names == ["leaflet", "leaflet_css"]
    html = m.get_root().render()
    assert "jquery" not in html and "bootstrap" not in html and "leaflet.js" in html
    assert "jquery" in dict(folium.Map.default_js)  # folium's class-level list is untouched

"""地図's frame: st_folium is asked not to render the map document first (pages.rollout_map.RENDER_PAGE_FIRST).
That is only safe while it sends the very same component arguments either way; a streamlit-folium upgrade that
changes this fails here."""

from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest
import streamlit_folium

from core import settings
from geo import boundaries, maps
from pages.rollout_map import RENDER_PAGE_FIRST


def _component_arguments(map_builder, render: bool) -> dict:
    with mock.patch.object(streamlit_folium, "_component_func", lambda **arguments: arguments):
        arguments = streamlit_folium.st_folium(map_builder(), key="map", render=render, returned_objects=[])
    arguments.pop("on_change")  # a closure, new each call
    return arguments


@pytest.mark.parametrize("layer", ["jusou_status", "council_coverage"])
def test_the_map_sends_the_same_frame_without_rendering_its_document_first(layer):
    geo_dir = settings.geo_dir()  # the boundary files the app reads
    gdf = boundaries.load_municipalities(geo_dir, "09").gdf
    values = pd.DataFrame({"code": gdf["code"], "value": ["full"] * 25 if layer == "jusou_status" else 50.0})

    def build():
        return maps.prefecture_map(
            gdf, values, layer, credit=boundaries.boundary_credit(geo_dir), title="栃木県", lang="ja"
        )

    sent = _component_arguments(build, render=RENDER_PAGE_FIRST)
    assert sent == _component_arguments(build, render=True)
    assert "L.geoJson" in sent["script"] and len(sent["script"]) > 10_000

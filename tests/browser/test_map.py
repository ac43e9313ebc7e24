"""The 地図 screen in a browser with the network blocked: shapes drawn, drill-down, hostile names, uploads (as
the editor editor1).

A server of its own: its database has a municipality and a district with hostile names, so the test can
prove they are shown as text (and no script runs).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from data_access.database import Database
from data_access.models import Council, CouncilStatus, District, Municipality, Source, SourceKind
from ops.browser import POLL_MS, assert_no_exception, click_and_wait, log_in, open_app, screenshot, upload_file
from tests.browser.streamlit_helpers import served_app
from tests.dashboard.auth_helpers import PASSWORD

pytestmark = pytest.mark.xdist_group("map")  # one worker starts the module's servers

HOSTILE_TOWN = "<img src=x onerror=alert(1)>町"
HOSTILE_DISTRICT = "<script>alert(1)</script>"
NAKATOSA = "394017"  # 高知県中土佐町: gets the hostile name in this test database


@pytest.fixture(scope="module")
def map_server():
    with served_app(lambda url, _tmp: _add_hostile_names(url)) as url:
        yield url


def _add_hostile_names(url: str) -> None:
    db = Database(url)
    with db.session() as session:
        session.execute(update(Municipality).where(Municipality.code == NAKATOSA).values(name=HOSTILE_TOWN))
        source = session.scalars(select(Source).where(Source.kind == SourceKind.SYNTHETIC)).one()
        district = District(
            municipality_code=NAKATOSA, code="99", name=HOSTILE_DISTRICT, kind="日常生活圏域", source_id=source.id
        )
        session.add(district)
        session.flush()
        session.add(
            Council(
                municipality_code=NAKATOSA,
                tier=2,
                district_id=district.id,
                status=CouncilStatus.PREPARING,
                source_id=source.id,
            )
        )
    db.dispose()


def _map_frame(page, minimum: int = 1, timeout_s: float = 30):
    """The Leaflet iframe once it has drawn at least `minimum` interactive shapes."""
    page.wait_for_selector("iframe", timeout=timeout_s * 1000)
    for _ in range(int(timeout_s * 4)):
        frame = page.locator("iframe").first.element_handle().content_frame()
        if frame and frame.locator(".leaflet-interactive").count() >= minimum:
            return frame
        page.wait_for_timeout(250)
    raise AssertionError(f"the map did not draw {minimum} shapes on {page.url}")


def _feature_point(page, frame, name: str) -> tuple[float, float]:
    """Page coordinates of the centre of the shape whose (escaped) name property is `name`."""
    point = frame.evaluate(
        """(name) => { for (const key in window) { const map = window[key];
             if (key.startsWith('map_') && map && map.eachLayer && map.latLngToContainerPoint) {
               let hit = null;
               map.eachLayer(l => { if (l.feature && l.feature.properties.n === name) {
                 hit = map.latLngToContainerPoint(l.getBounds().getCenter()); } });
               if (hit) return [hit.x, hit.y]; } } return null; }""",
        name,
    )
    assert point, f"{name} is not on the map"
    box = page.locator("iframe").first.bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


def _click_feature(page, frame, name: str) -> None:
    page.mouse.click(*_feature_point(page, frame, name))


def test_tochigi_map_draws_25_municipalities_offline(page, page_log, map_server):
    open_app(page, map_server, "map", pref="09", fy=2022, lang="ja")
    frame = _map_frame(page, minimum=25)
    assert frame.locator("path.leaflet-interactive").count() == 25
    legend = frame.locator(".map-legend").inner_text()
    assert "本格実施" in legend and "データなし" in legend
    assert "国土数値情報" in frame.locator(".leaflet-control-attribution").inner_text()
    assert_no_exception(page)
    assert page_log.blocked_urls == []
    screenshot(page, "map_tochigi_ja")


@pytest.mark.parametrize("layer", ["council_coverage", "consultations_per_10k", "closure_rate"])
def test_rate_layers_draw_with_a_legend(page, page_log, map_server, layer):
    open_app(page, map_server, "map", pref="09", fy=2022, layer=layer)
    frame = _map_frame(page, minimum=25)
    assert frame.locator(".map-legend").count() == 1
    assert_no_exception(page)
    assert page_log.blocked_urls == []


def test_click_on_utsunomiya_then_its_button_shows_its_39_districts(page, page_log, map_server):
    """A click shows the value (tooltip, and a line under the map); the districts open from the button (#18)."""
    open_app(page, map_server, "map", pref="09", fy=2020)
    frame = _map_frame(page, minimum=25)
    _click_feature(page, frame, "宇都宮市")
    button = page.get_by_role("button", name="宇都宮市の地区ごとの状況を見る")
    button.wait_for(state="visible", timeout=30_000)
    assert "level=municipality" not in page.url and "宇都宮市" in frame.locator(".leaflet-tooltip").inner_text()
    click_and_wait(page, button)
    page.wait_for_function("() => location.search.includes('level=municipality')", polling=POLL_MS, timeout=30_000)
    frame = _map_frame(page, minimum=39)
    assert frame.locator(".leaflet-interactive").count() == 39
    assert "muni=092011" in page.url
    assert page.get_by_role("heading", name="栃木県 › 宇都宮市").count() == 1
    assert_no_exception(page)
    assert page_log.blocked_urls == []
    screenshot(page, "map_utsunomiya_districts_ja")


def test_shared_link_reopens_the_municipality_level(page, map_server):
    open_app(page, map_server, "map", pref="09", fy=2020, level="municipality", muni="092011")
    assert _map_frame(page, minimum=39).locator(".leaflet-interactive").count() == 39


def test_hostile_names_are_shown_as_text(page, page_log, map_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, map_server, "map", pref="39", fy=2022)
    frame = _map_frame(page, minimum=34)
    assert frame.locator("img[src=x]").count() == 0
    open_app(page, map_server, "map", pref="39", fy=2022, level="municipality", muni=NAKATOSA)
    frame = _map_frame(page, minimum=1)
    page.mouse.move(*_feature_point(page, frame, "&lt;script&gt;alert(1)&lt;/script&gt;"))
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(state="visible", timeout=10_000)
    assert HOSTILE_DISTRICT in tooltip.inner_text()  # shown as text, not parsed as a tag
    assert HOSTILE_TOWN in page.locator("h1").first.inner_text()
    assert dialogs == []
    assert_no_exception(page)


def test_boundary_upload_with_a_bad_geometry_is_repaired_and_reported(page, page_log, map_server, tmp_path):
    districts = [("24", "清原地区")] + [(f"{i:02d}", f"サンプル地区{i:02d}") for i in (1, 2)]
    features = []
    for i, (code, name) in enumerate(districts):
        x = 139.9 + i * 0.02
        ring = [[x, 36.5], [x + 0.01, 36.5], [x + 0.01, 36.51], [x, 36.51], [x, 36.5]]
        if code == "01":  # self-intersecting "bow tie"
            ring = [[x, 36.5], [x + 0.01, 36.51], [x + 0.01, 36.5], [x, 36.51], [x, 36.5]]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    features.append(
        {
            "type": "Feature",
            "properties": {"code": "77", "name": "存在しない地区"},
            "geometry": {"type": "Point", "coordinates": [139.9, 36.5]},
        }
    )
    upload = tmp_path / "districts.geojson"
    upload.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False))

    open_app(page, map_server, "district-boundaries", pref="09", muni="092011")
    log_in(page, "editor1", PASSWORD)
    upload_file(page, upload)
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "照合できた地区" in body and "境界のない地区" in body
    assert "保存" in body
    assert_no_exception(page)
    screenshot(page, "district_upload_review_ja")

    broken = tmp_path / "broken.geojson"
    broken.write_bytes(b'{"type": "FeatureCollection", "features": [')
    upload_file(page, broken)
    assert "取り込めません" in page.locator("[data-testid=stMain]").inner_text()
    assert_no_exception(page)
    assert page_log.blocked_urls == []

"""A district named with image Markdown, imported from a file named like a formula, in the public edition's browser:
the name is shown as written and the browser asks no other host for anything (issue #20: every visitor's browser
fetched the attacker's URL)."""

from __future__ import annotations

from pathlib import Path

from data_access.database import Database
from data_access.imports.pipeline import import_file
from ops.browser import MAIN, assert_no_exception, open_app
from tests.browser.streamlit_helpers import served_app

IMAGE = "![p](http://host.example/x.png)"


def _inject(database_url: str, _directory: Path) -> None:
    text = (
        "団体コード,地区コード,地区名,地区の種類,協議体の状況,設置日,第2層SC配置日\n"
        f'092011,77,"{IMAGE}",日常生活圏域,設置済,2019-04-01,2019-04\n'
    )
    db = Database(database_url)
    outcome = import_file(db, text.encode("utf-8-sig"), '=HYPERLINK("http://host.example").csv', user="browser")
    db.dispose()
    assert outcome.batch_id is not None, [str(p) for p in outcome.problems]


def test_a_district_named_with_image_markdown_makes_no_request_in_the_public_edition(page, page_log):
    with served_app(_inject, extra_env={"DASHBOARD_MODE": "public"}) as url:
        open_app(page, url, "councils", pref="09", fy=2020, muni="092011", lang="ja")
        page.wait_for_timeout(800)  # time for any request the district's name might make
        assert IMAGE in page.locator(MAIN).inner_text()
        assert page.locator("img[src*='host.example']").count() == 0
        assert_no_exception(page)
    assert page_log.blocked_urls == []

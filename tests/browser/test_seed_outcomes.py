"""Seed-004 outcomes end to end: import the compilation, accept candidates, see them on the screens.

Only accepted values reach the charts; the FY2018 figures cite their document line.
"""

from __future__ import annotations

import pytest

from data_access import review
from data_access.database import Database
from data_access.report_import import import_report
from ops.browser import assert_no_exception, expect_visible, log_in, open_app, screenshot
from tests.browser.streamlit_helpers import served_app
from tests.dashboard.auth_helpers import PASSWORD

pytestmark = pytest.mark.xdist_group("seed_outcomes")  # one worker starts the module's servers

GATED = {"review": "editor1"}  # screens behind a login: path -> account


def _import_and_accept(seed_path, url: str) -> None:
    """Import seed 004 and accept the 岩手県 candidates a reviewer could accept without a conflict."""
    db = Database(url)
    import_report(db, seed_path, user="browser-test")
    accepted = []
    for candidate in review.review_queue(db, status="pending", prefecture_code="03").itertuples():
        if not candidate.municipality_code:
            continue
        try:
            review.accept(db, int(candidate.id), "browser-test")
        except ValueError:  # two different counts for one row: a reviewer must pick one
            continue
        accepted.append(candidate.municipality_code)
    db.dispose()
    assert accepted, "no 岩手県 candidate could be accepted"


@pytest.fixture(scope="module")
def seed_server(seed_path):
    with served_app(lambda url, _tmp: _import_and_accept(seed_path, url)) as url:
        yield url


@pytest.mark.parametrize("path", ["outcomes", "", "compare", "review"])
def test_accepted_fy2018_outcomes_render(page, page_log, seed_server, path):
    open_app(page, seed_server, path, pref="03", fy=2018, lang="ja")
    if path in GATED:
        log_in(page, GATED[path], PASSWORD)
    expect_visible(page, '[data-testid="stMain"] h1')
    assert_no_exception(page)
    assert page_log.blocked_urls == []
    screenshot(page, f"seed004_{path or 'overview'}_fy2018")

"""Scale-out on loopback, as CI runs it: two replicas of the app behind HAProxy under /dashboard/, on a PostgreSQL
primary with a streaming replica (DATABASE_READ_URL). A Chromium session through the load balancer changes screen
and filter, uploads a file (which must reach the replica holding the session) and sees its import on the next
screen; then Locust runs 10 users for 20 s through the same balancer with no error."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator

import pytest

from data_access.database import Database
from ops.browser import (
    MAIN,
    TABLE,
    assert_no_exception,
    choose_in_sidebar,
    click_and_wait,
    expect_visible,
    log_in,
    open_in_sidebar,
    upload_file,
    wait_for_script,
)
from ops.pg_cluster import available, pg_cluster, wait_for_replay
from ops.replicas import COOKIE, Deployment, haproxy_binary, served_replicas
from tests.browser.streamlit_helpers import account_secrets
from tests.conftest import ROOT, build_demo, unavailable
from tests.dashboard.auth_helpers import PASSWORD

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("scale_out")]  # one worker starts the module's servers
HEADER = "団体コード,年度,集計時点,区分,実数/延べ,単位,新規,継続,終結,つないだ件数,対応中\n"


@pytest.fixture(scope="module")
def deployment(population_dir, tmp_path_factory) -> Iterator[Deployment]:
    if not available() or haproxy_binary() is None:
        unavailable("PostgreSQL server binaries or haproxy missing (scripts/install_system_deps.sh)")
    with pg_cluster(replica=True) as cluster:
        primary, replica = cluster.database("dashboard")
        db = Database(primary)
        build_demo(db, population_dir)
        db.dispose()
        wait_for_replay(primary, replica)
        logs = tmp_path_factory.mktemp("replica-logs")
        with served_replicas(2, primary, read_url=replica, secrets=account_secrets(), log_dir=logs) as started:
            yield started


def _replica_cookie(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)


def test_a_session_through_the_load_balancer(page, page_log, deployment, tmp_path):
    page.goto(f"{deployment.url}/?pref=09&fy=2020&lang=ja", wait_until="domcontentloaded")
    wait_for_script(page)
    expect_visible(page, TABLE)
    replica = _replica_cookie(page)

    open_in_sidebar(page, "outcomes", base_path="dashboard")  # a screen change: same session, same replica
    expect_visible(page, TABLE)
    choose_in_sidebar(page, "年度", "令和3年度（2021年度）")  # a filter change
    page.wait_for_url(lambda url: "fy=2021" in url)
    assert_no_exception(page)

    open_in_sidebar(page, "data-import", base_path="dashboard")
    log_in(page, "editor1", PASSWORD)
    upload = tmp_path / "相談件数_R2.csv"
    upload.write_bytes((HEADER + "092011,令和2年度,R3.2.28,全体,実数,件,120,10,100,5,30\n").encode("utf-8-sig"))
    with page.expect_response(lambda r: "/dashboard/_stcore/upload_file/" in r.url) as uploaded:
        upload_file(page, upload)
    assert uploaded.value.ok, f"the upload did not reach the session's replica: {uploaded.value.status}"
    click_and_wait(page, page.get_by_role("button", name="検証"))
    assert "問題はありません" in page.locator(MAIN).inner_text()
    click_and_wait(page, page.get_by_role("button", name="取り込む"))
    assert "取り込みました" in page.locator(MAIN).inner_text()

    # read-your-writes: the next screen lists the import (read from the primary until the replica has replayed it)
    open_in_sidebar(page, "sources", base_path="dashboard")
    assert "相談件数_R2.csv" in page.locator(MAIN).inner_text()
    assert _replica_cookie(page) == replica  # the whole session stayed on one replica
    assert_no_exception(page)
    assert page_log.blocked_urls == [] and page_log.page_errors == []


def test_locust_ten_users_for_twenty_seconds_without_error(deployment, tmp_path):
    deployment.warm_up()  # as make load does: the clock runs on replicas that have imported their modules
    prefix = tmp_path / "locust"
    done = subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(ROOT / "ops" / "loadtest.py"), "--headless",
            "--users", "10", "--spawn-rate", "10", "--run-time", "20s", "--stop-timeout", "30",
            "--host", deployment.url, "--csv", str(prefix), "--only-summary",
        ],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    failures = (tmp_path / "locust_failures.csv").read_text(encoding="utf-8")
    assert int(total["Failure Count"]) == 0, failures
    assert int(total["Request Count"]) >= 10, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]

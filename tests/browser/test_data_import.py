"""データの取り込み in a browser (as the editor editor1): a colleague's Shift_JIS spreadsheet with mistakes, then the
corrected file."""

from __future__ import annotations

from ops.browser import assert_no_exception, click_and_wait, log_in, open_app, screenshot, upload_file
from tests.dashboard.auth_helpers import PASSWORD

HEADER = "団体コード,年度,集計時点,区分,実数/延べ,単位,新規,継続,終結,つないだ件数,対応中\n"


def _upload_and_validate(page, path) -> str:
    upload_file(page, path)
    click_and_wait(page, page.get_by_role("button", name="検証"))
    return page.locator("[data-testid=stMain]").inner_text()


def test_bad_file_lists_every_problem_and_a_good_file_imports(page, page_log, app_server, tmp_path):
    bad = tmp_path / "相談件数_R2.csv"
    bad.write_bytes(
        (
            HEADER
            + "０９２０１１,令和2年度,R3.3.31,全体,実数,件,１２０,10,200,5,0\n"  # closed > new + continuing
            + "999999,令和2年度,R3.3.31,全体,実数,件,10,0,5,1,5\n"
        ).encode("cp932")
    )  # unknown code
    open_app(page, app_server, "data-import", pref="09", fy=2020, lang="ja")
    log_in(page, "editor1", PASSWORD)
    body = _upload_and_validate(page, bad)
    assert "問題が 2 件あります" in body and "何も書き込んでいません" in body
    assert_no_exception(page)
    screenshot(page, "data_import_problems_ja")

    good = tmp_path / "相談件数_R2_修正.csv"
    good.write_bytes((HEADER + "092011,令和2年度,R3.2.28,全体,実数,件,120,10,100,5,30\n").encode("utf-8-sig"))
    body = _upload_and_validate(page, good)
    assert "問題はありません" in body
    click_and_wait(page, page.get_by_role("button", name="取り込む"))
    assert "取り込みました" in page.locator("[data-testid=stMain]").inner_text()
    assert_no_exception(page)
    assert page_log.blocked_urls == []

"""取り込み screen: template downloads render; validation results and import results render as the page shows them.

AppTest cannot upload files, so the validation/summary rendering is driven through the functions the page calls.
"""

from html.parser import HTMLParser

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.auth_helpers import log_in
from tests.dashboard.html_tables import tables
from tests.dashboard.page_runner import run_page, upload


def _page() -> None:
    from dashboard import widgets
    from pages import data_import

    widgets.sidebar_filters()
    data_import.render_templates()
    data_import.render()


def _validation(csv_text: str, lang: str) -> None:
    from dashboard.data import database
    from data_access.imports.pipeline import validate_file
    from pages import data_import

    outcome = validate_file(database(lang), csv_text.encode("utf-8-sig"), "upload.csv")
    data_import.show_validation(outcome, lang)


def _result(csv_text: str) -> None:
    from dashboard.data import database
    from data_access.imports.pipeline import import_file
    from pages import data_import

    outcome = import_file(database("ja"), csv_text.encode("utf-8-sig"), "upload.csv", user="local")
    data_import.show_result(outcome, "ja")


HEADER = "団体コード,年度,集計時点,区分,実数/延べ,単位,新規,継続,終結\n"


@pytest.mark.parametrize(("lang", "title"), [("ja", "データの取り込み"), ("en", "Import data")])
def test_page_renders_template_downloads(lang, title, app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    app = log_in(AppTest.from_function(_page, default_timeout=60))
    app.query_params.update({"lang": lang, "pref": "09", "fy": "2020"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == title
    downloads = app.get("download_button")
    assert len(downloads) == 12  # six kinds, Excel and CSV each
    assert app.selectbox(key="data_import_kind").options[0] == (
        "自動判定（見出しから）" if lang == "ja" else "Detect from the header"
    )
    assert any("local" in c.value for c in app.caption)


def test_problems_render_as_one_table(app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    text = HEADER + "999999,R2,2021-02-28,全体,実数,件,10,0,1\n092011,R2,2021-02-28,全体,実数,件,10,0,50\n"
    app = AppTest.from_function(_validation, args=(text, "ja"), default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.error[0].value.startswith("問題が 2 件あります。")
    table = tables(app)[0]
    assert list(table.columns) == ["ファイル", "シート", "行", "列", "値", "理由"]
    assert table[["行", "列", "値"]].values.tolist() == [[2, "団体コード", "999999"], [3, "終結", "50"]]


def test_valid_file_shows_counts_in_english(app_database, monkeypatch):
    """The demo's 2021-03-31 row restated without つないだ件数 and 対応中: unchanged, those two stay as stored."""
    monkeypatch.setenv("DATABASE_URL", app_database)
    text = HEADER + "092011,R2,2021-02-28,全体,実数,件,10,0,1\n092011,R2,2021-03-31,全体,実数,件,1743,862,1417\n"
    app = AppTest.from_function(_validation, args=(text, "en"), default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success[0].value == "No problems (Consultations, 2 rows). Importing will:"
    assert [(m.label, m.value) for m in app.metric] == [("Insert", "1"), ("Update", "0"), ("Unchanged", "1")]


def test_import_result_names_the_batch(app_database, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app_database)
    text = HEADER + "092029,R2,2021-03-31,複合的な課題,実数,件,12,3,4\n"
    app = AppTest.from_function(_result, args=(text,), default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success[0].value.startswith("取り込みました（取り込み #")
    assert "追加 1 件、更新 0 件、変更なし 0 件" in app.success[0].value
    again = AppTest.from_function(_result, args=(text,), default_timeout=60)
    again.run()
    assert "取り込み済みです" in again.info[0].value


class _RowFlags(HTMLParser):
    """For each table row: its cell texts and whether each cell is marked as a sample (class syn)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, bool]]] = []
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" or (tag == "th" and dict(attrs).get("scope") == "row"):  # a row heading is a cell too
            self._cell = ["", "syn" in (dict(attrs).get("class") or "").split()]

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(tuple(self._cell))
            self._cell = None


def test_an_imported_council_keeps_the_sample_mark_on_the_meetings_it_did_not_carry(app_database, monkeypatch):
    """Issue #18: after importing districts without meeting counts, the synthetic counts lost their yellow mark."""
    from data_access.database import Database
    from data_access.imports.pipeline import import_file

    monkeypatch.setenv("DATABASE_URL", app_database)
    corrected = (
        "団体コード,地区コード,地区名,地区の種類,協議体の状況,設置日\n"
        "092011,01,サンプル地区01,日常生活圏域,設置済,2017-10-04\n"  # the date corrected, meetings not restated
    )
    db = Database(app_database)
    assert import_file(db, corrected.encode("utf-8-sig"), "districts.csv", user="local").updated == 1
    db.dispose()
    app = AppTest.from_function(run_page, args=("councils",), default_timeout=60)
    app.query_params.update({"pref": "09", "fy": "2020", "muni": "092011", "lang": "ja"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    parser = _RowFlags()
    for element in app.get("html"):
        parser.feed(element.proto.body)
    cells = next(r for r in parser.rows if r and r[0][0] == "サンプル地区01")
    flags = dict(zip(["district", "status", "established", "coordinator", "meetings", "source"], cells))
    assert flags["established"] == ("2017-10-04", False) and not flags["status"][1]  # from the import
    assert flags["meetings"][1] and flags["district"][1], flags  # still the samples they were


def test_a_long_problem_list_is_cut_on_screen_offered_whole_and_released(app_database, monkeypatch):
    """Issue #20: a 100,001-row problem table took the browser 68 s, and the session kept it afterwards."""
    rows = "".join(f"999999,R2,2021-02-28,全体,実数,件,{n},0,0\n" for n in range(300))
    app = upload(app_database, monkeypatch, "bad.csv", (HEADER + rows).encode())
    assert not app.exception, [e.value for e in app.exception]
    assert app.error[0].value.startswith("問題が 300 件あります。")
    assert len(tables(app)[0]) == 200
    assert any("最初の 200 行を表示しています（全 300 件" in c.value for c in app.caption)
    assert {b.proto.label for b in app.get("download_button")} == {"CSVをダウンロード", "Excel"}
    assert "data_import_checked" in app.session_state
    app.get("file_uploader")[0].set_value(None)
    app.run()
    assert "data_import_checked" not in app.session_state and not tables(app)


def test_the_preview_lists_every_changed_cell_and_the_import_empties_the_upload_box(app_database, monkeypatch):
    """Issue #18: 「更新 1」 says which cells change from what to what."""
    from data_access.database import Database
    from data_access.imports.pipeline import import_file

    db = Database(app_database)
    first = HEADER + "092037,R2,2021-01-31,全体,実数,件,406,207,315\n"
    assert import_file(db, first.encode(), "first.csv").inserted == 1
    db.dispose()
    text = HEADER + "092037,R2,2021-01-31,全体,実数,件,406,207,300\n"
    app = upload(app_database, monkeypatch, "fix.csv", text.encode("utf-8-sig"))
    assert not app.exception, [e.value for e in app.exception]
    assert [(m.label, m.value) for m in app.metric] == [("追加", "0"), ("更新", "1"), ("変更なし", "0")]
    changes = tables(app)[0]
    assert changes[["行", "列", "変更前", "変更後"]].values.tolist() == [[2, "終結", "315", "300"]]
    app.button(key="data_import_run").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success[-1].value.startswith("取り込みました（取り込み #")
    app.run()  # any later run (a language switch): the upload box is empty, the confirmation stays
    assert app.session_state["data_import_uploads"] == 1 and not app.get("file_uploader")[0].value
    assert app.success[-1].value.startswith("取り込みました（取り込み #")
    app.get("file_uploader")[0].set_value(("next.csv", text.encode("utf-8-sig"), "text/csv"))
    app.run()  # the next file: the last import's result gives way to it
    assert not [m for m in app.success if m.value.startswith("取り込みました")]

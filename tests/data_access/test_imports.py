"""Template imports: every problem reported at once in Japanese, nothing written on error, upserts on natural keys,
only the columns a file carries are written and each field keeps its own source."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import threading
import time

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from data_access import cli, queries
from data_access.imports.pipeline import import_file, validate_file
from data_access.imports.problems import Label, Problem
from data_access.imports.validate import detect_kind
from data_access.models import (
    FACT_TABLES,
    ConsultationStat,
    Council,
    District,
    ImportBatch,
    Source,
    SourceKind,
)
from data_access.templates import DATA_SHEET, TEMPLATES, template_xlsx
from tests.conftest import migrate_with_master

TODAY = dt.date(2024, 4, 1)
UTSUNOMIYA = dict(municipality_code="092011", prefecture="栃木県", municipality_name="宇都宮市")
ROWS = {
    "districts_councils": dict(
        **UTSUNOMIYA,
        district_code="01",
        district_name="第1地区",
        district_kind="地区連合自治会",
        council_status="設置済",
        established_on="2019-10-01",
        coordinator_placed_on="2018-06",
    ),
    "council_activity": dict(
        **UTSUNOMIYA,
        district_code="01",
        fiscal_year="令和2年度",
        period_end="2021-03-31",
        metric="第2層協議体の開催回数",
        value="6",
        unit="回",
        event_date="",
    ),
    "program_status": dict(**UTSUNOMIYA, fiscal_year="令和3年度", program="重層的支援体制整備事業", stage="移行準備"),
    "consultations": dict(
        **UTSUNOMIYA,
        district_code="",
        fiscal_year="令和2年度",
        period_end="2021-02-28",
        is_partial_year="はい",
        category="全体",
        basis="実数",
        unit="件",
        new_cases="406",
        continuing_cases="207",
        closed_cases="315",
        referred_cases="128",
        ongoing_cases="298",
    ),
    "targets": dict(
        **UTSUNOMIYA,
        fiscal_year="令和2年度",
        metric="第2層協議体の設置数",
        value="39",
        unit="地区",
        due_on="2021-03-31",
    ),
    "training": dict(
        prefecture="広島県",
        fiscal_year="令和2年度",
        program_name="支え合い研修",
        municipalities="7",
        teams="8",
        staff_government="13",
        staff_social_welfare_council="23",
        staff_consultation_agencies="0",
        participants="36",
    ),
}


def row(kind: str, **changes: str) -> dict:
    return {**ROWS[kind], **changes}


def csv_bytes(kind: str, rows: list[dict], encoding: str = "utf-8-sig", headers: list[str] | None = None) -> bytes:
    """A CSV as an official saves it: Japanese headers (template order unless given), one row per dict."""
    columns = TEMPLATES[kind].columns
    by_header = {c.ja: c.key for c in columns}
    headers = headers or [c.ja for c in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.get(by_header.get(h, h), "") for h in headers])
    return out.getvalue().encode(encoding)


def xlsx_bytes(kind: str, rows: list[dict], sheet: str = DATA_SHEET) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    columns = TEMPLATES[kind].columns
    ws.append([c.ja for c in columns])
    for r in rows:
        ws.append([r.get(c.key, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts(db) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (*FACT_TABLES, ImportBatch, Source)
        }


def _districts_and_target(db) -> None:
    """Master data plus two districts of 宇都宮市 and a target in 件 (for the unit rules)."""
    migrate_with_master(db)
    base = [
        row("districts_councils"),
        row(
            "districts_councils",
            district_code="02",
            district_name="第2地区",
            council_status="未設置",
            established_on="",
            coordinator_placed_on="",
        ),
    ]
    assert import_file(db, csv_bytes("districts_councils", base), "districts.csv", today=TODAY).batch_id == 1
    target = row("targets", metric="新規相談件数", value="500", unit="件")
    assert import_file(db, csv_bytes("targets", [target]), "targets.csv", today=TODAY).batch_id == 2


@pytest.fixture
def db(database_copy):
    return database_copy("districts-and-target", _districts_and_target)


def _problems(outcome) -> list[tuple]:
    return [(p.file, p.sheet, p.row, p.column.ja if p.column else "", p.value, p.reason()) for p in outcome.problems]


def _truncated_xlsx() -> bytes:
    data = template_xlsx("consultations")
    return data[: len(data) // 2]


def _without_data_sheet() -> bytes:
    return xlsx_bytes("consultations", [row("consultations")], sheet="Sheet1")


DISTRICT_NAME_LAST = [*(c.ja for c in TEMPLATES["districts_councils"].columns if c.ja != "地区名"), "地区名"]
CONSULTATION_KEY = "団体コード・地区コード・年度・集計時点・区分・実数/延べ・単位"
BAD_FILES = [
    (
        "unknown_code",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", municipality_code="999999")]),
        [
            (
                "a.csv",
                "",
                2,
                "団体コード",
                "999999",
                "この団体コードの自治体はありません（桁数・検査数字を確認してください）。",
            )
        ],
    ),
    (
        "unknown_name",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", municipality_code="", municipality_name="宇都宮町")]),
        [("a.csv", "", 2, "市区町村名", "宇都宮町", "この都道府県にこの名前の市区町村はありません。")],
    ),
    (
        "code_name_mismatch",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", municipality_name="足利市")]),
        [("a.csv", "", 2, "市区町村名", "足利市", "団体コード 092011 の自治体（栃木県宇都宮市）と一致しません。")],
    ),
    (
        "unknown_district",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", district_code="99")]),
        [
            (
                "a.csv",
                "",
                2,
                "地区コード",
                "99",
                "この自治体にこの地区コードの地区が登録されていません"
                "（先に「地区と第2層協議体の設置状況」を取り込んでください）。",
            )
        ],
    ),
    (
        "duplicate_key",
        "consultations",
        "a.csv",
        lambda: csv_bytes(
            "consultations", [row("consultations"), row("consultations", fiscal_year="R2", new_cases="400")]
        ),
        [
            (
                "a.csv",
                "",
                3,
                CONSULTATION_KEY,
                "092011 / （空欄） / R2 / 2021-02-28 / 全体 / 実数 / 件",
                "2行目と同じ組み合わせです。1行にまとめてください。",
            )
        ],
    ),
    (
        "negative_count",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", referred_cases="△5")]),
        [("a.csv", "", 2, "つないだ件数", "△5", "負の数は入力できません。")],
    ),
    (
        "closed_too_many",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", closed_cases="700")]),
        [("a.csv", "", 2, "終結", "700", "終結が「新規＋継続」より多くなっています。")],
    ),
    (
        "rate_over_100",
        "targets",
        "t.csv",
        lambda: csv_bytes("targets", [row("targets", metric="終結率", value="150", unit="%")]),
        [("t.csv", "", 2, "目標値", "150", "率（%）は0から100の範囲で入力してください。")],
    ),
    (
        "setup_in_future",
        "districts_councils",
        "d.csv",
        lambda: csv_bytes("districts_councils", [row("districts_councils", established_on="令和7年1月1日")]),
        [("d.csv", "", 2, "設置日", "令和7年1月1日", "未来の日付です（今日は 2024-04-01）。")],
    ),
    (
        "mixed_units_in_file",
        "consultations",
        "a.csv",
        lambda: csv_bytes(
            "consultations",
            [
                row("consultations"),
                row("consultations", period_end="2021-03-31", is_partial_year="いいえ", unit="世帯"),
            ],
        ),
        [
            (
                "a.csv",
                "",
                3,
                "単位",
                "世帯",
                "同じ系列（自治体・地区・項目など）の中で単位が混在しています。単位をそろえてください。",
            )
        ],
    ),
    (
        "unit_differs_from_database",
        "targets",
        "t.csv",
        lambda: csv_bytes(
            "targets", [row("targets", fiscal_year="令和3年度", metric="新規相談件数", value="10", unit="世帯")]
        ),
        [("t.csv", "", 2, "単位", "世帯", "登録済みの同じ系列の値と単位が違います（登録済みの単位: 件）。")],
    ),
    (
        "missing_column",
        "consultations",
        "a.csv",
        lambda: csv_bytes(
            "consultations",
            [row("consultations")],
            headers=[c.ja for c in TEMPLATES["consultations"].columns if c.ja != "区分"],
        ),
        [("a.csv", "", 1, "区分", "", "必須の列がありません。")],
    ),
    (
        "extra_column",
        "consultations",
        "a.csv",
        lambda: csv_bytes(
            "consultations",
            [row("consultations")],
            headers=[*(c.ja for c in TEMPLATES["consultations"].columns), "備考"],
        ),
        [("a.csv", "", 1, "備考", "", "テンプレートにない列です。列名を確認するか、列を削除してください。")],
    ),
    (
        "bad_date_and_year",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", fiscal_year="昨年度", period_end="2月末")]),
        [
            ("a.csv", "", 2, "年度", "昨年度", "年度として読み取れません（例: 令和2年度、R2、2020年度、2020）。"),
            (
                "a.csv",
                "",
                2,
                "集計時点",
                "2月末",
                "日付として読み取れません（例: 令和2年12月24日、R2.12.24、H30.6、2020/12/24）。",
            ),
        ],
    ),
    (
        "period_outside_year",
        "consultations",
        "a.csv",
        lambda: csv_bytes("consultations", [row("consultations", period_end="2021-04-30")]),
        [("a.csv", "", 2, "集計時点", "2021-04-30", "集計時点が年度の範囲（4月1日〜翌年3月31日）の外です。")],
    ),
    (
        "jusou_before_start",
        "program_status",
        "j.csv",
        lambda: csv_bytes("program_status", [row("program_status", fiscal_year="令和2年度")]),
        [
            (
                "j.csv",
                "",
                2,
                "年度",
                "令和2年度",
                "重層的支援体制整備事業（移行準備を含む）は令和3年度からです。年度を確認してください。",
            )
        ],
    ),
    (
        "not_a_choice",
        "program_status",
        "p.csv",
        lambda: csv_bytes("program_status", [row("program_status", stage="やる予定")]),
        [
            (
                "p.csv",
                "",
                2,
                "段階",
                "やる予定",
                "使用できない値です（使用できる値: 本格実施、移行準備、検討中、未実施）。",
            )
        ],
    ),
    (
        "required_empty_shift_jis",
        "consultations",
        "s.csv",
        lambda: csv_bytes("consultations", [row("consultations", basis="")], encoding="cp932"),
        [("s.csv", "", 2, "実数/延べ", "", "必須の項目が空欄です。")],
    ),
    (
        "shift_jis_value_shown",
        "consultations",
        "s.csv",
        lambda: csv_bytes("consultations", [row("consultations", category="ひきこもり")], encoding="cp932"),
        [("s.csv", "", 2, "区分", "ひきこもり", "使用できない値です（使用できる値: 全体、複合的な課題）。")],
    ),
    (
        "bom_value_shown",
        "consultations",
        "b.csv",
        lambda: csv_bytes("consultations", [row("consultations", unit="回")], encoding="utf-8-sig"),
        [("b.csv", "", 2, "単位", "回", "使用できない値です（使用できる値: 件、世帯、人）。")],
    ),
    (
        "xlsx_row_numbers",
        "consultations",
        "x.xlsx",
        lambda: xlsx_bytes(
            "consultations", [row("consultations"), {}, row("consultations", period_end="2021-01-31", new_cases="1.5")]
        ),
        [("x.xlsx", DATA_SHEET, 4, "新規", "1.5", "整数で入力してください。")],
    ),
    ("empty_file", None, "e.csv", lambda: b"", [("e.csv", "", None, "", "", "ファイルが空です。")]),
    ("bom_only", None, "e.csv", lambda: b"\xef\xbb\xbf\r\n", [("e.csv", "", None, "", "", "ファイルが空です。")]),
    (
        "header_only",
        None,
        "h.csv",
        lambda: csv_bytes("consultations", []),
        [("h.csv", "", None, "", "", "見出しの行だけで、データの行がありません。")],
    ),
    (
        "wrong_sheet",
        None,
        "w.xlsx",
        _without_data_sheet,
        [
            (
                "w.xlsx",
                "",
                None,
                "",
                "",
                "シート「データ」がありません（このファイルのシート: Sheet1）。"
                "テンプレートの「データ」シートに記入してください。",
            )
        ],
    ),
    (
        "truncated_xlsx",
        None,
        "t.xlsx",
        _truncated_xlsx,
        [
            (
                "t.xlsx",
                "",
                None,
                "",
                "",
                "Excel ファイル（.xlsx）として読み取れません。ファイルが壊れているか、途中で切れています。"
                "（詳細: BadZipFile）",
            )
        ],
    ),
    (
        "random_binary_csv",
        None,
        "r.csv",
        lambda: random.Random(1).randbytes(4096),
        [
            (
                "r.csv",
                "",
                None,
                "",
                "",
                "CSV ではないデータ（バイナリ）が含まれています。テンプレートの CSV か .xlsx を選んでください。",
            )
        ],
    ),
    (
        "random_binary_xlsx",
        None,
        "r.xlsx",
        lambda: random.Random(2).randbytes(4096),
        [
            (
                "r.xlsx",
                "",
                None,
                "",
                "",
                "Excel ファイル（.xlsx）として読み取れません。ファイルが壊れているか、途中で切れています。"
                "（詳細: BadZipFile）",
            )
        ],
    ),
    (
        "old_xls",
        None,
        "o.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        [
            (
                "o.xls",
                "",
                None,
                "",
                "",
                "古い Excel 形式（.xls）は読み取れません。Excel で「.xlsx」形式で保存し直してください。",
            )
        ],
    ),
    (
        "truncated_utf8",
        None,
        "u.csv",
        lambda: csv_bytes(
            "districts_councils", [row("districts_councils")], encoding="utf-8", headers=DISTRICT_NAME_LAST
        )[:-3],  # cut inside 区
        [
            (
                "u.csv",
                "",
                None,
                "",
                "",
                "ファイルの末尾が途中で切れています（保存またはアップロードが完了していない可能性があります）。",
            )
        ],
    ),
    (
        "undetectable_kind",
        None,
        "k.csv",
        lambda: "氏名,住所\r\n山田,東京\r\n".encode(),
        [
            (
                "k.csv",
                "",
                1,
                "",
                "",
                "見出しの行からテンプレートの種類を判定できません。テンプレートの見出しのまま記入するか、種類を指定してください。",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("kind", "file_name", "make", "expected"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_bad_file_reports_every_problem_and_writes_nothing(db, kind, file_name, make, expected):
    before = counts(db)
    outcome = import_file(db, make(), file_name, kind, user="test", today=TODAY)
    assert _problems(outcome) == expected
    assert outcome.batch_id is None
    assert counts(db) == before


def test_problem_message_names_file_sheet_row_and_column():
    problem = Problem("x.xlsx", "データ", 4, Label("新規", "New cases"), "1.5", "not_integer")
    assert str(problem) == "x.xlsx シート「データ」4行目「新規」: 整数で入力してください。（値: 1.5）"
    assert problem.text("en") == 'x.xlsx sheet "データ" row 4 "New cases": Enter a whole number. (value: 1.5)'


def test_many_problems_are_reported_at_once(db):
    rows = [
        row("consultations", municipality_code="999999"),
        row("consultations", new_cases="-1"),
        row("consultations", period_end="2021-01-31", unit="個"),
    ]
    outcome = validate_file(db, csv_bytes("consultations", rows), "m.csv", today=TODAY)
    assert [(p.row, p.column.ja) for p in outcome.problems] == [(2, "団体コード"), (3, "新規"), (4, "単位")]
    assert list(outcome.problem_frame().columns) == ["ファイル", "シート", "行", "列", "値", "理由"]


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_kind_is_detected_from_the_header(kind):
    assert detect_kind([c.ja for c in TEMPLATES[kind].columns]) == kind


def test_officials_spellings_are_normalised(db):
    """Full-width digits, 5-digit code, 和暦 and Excel serial dates, prefecture + name, Shift_JIS."""
    rows = [
        row(
            "consultations",
            municipality_code="０９２０１",
            fiscal_year="Ｒ２",
            period_end="R3.2.28",
            new_cases="１，０２０",
            continuing_cases="0",
            closed_cases="10",
        ),
        row(
            "consultations",
            municipality_code="",
            municipality_name="宇都宮市",
            district_code="1",
            fiscal_year="2020",
            period_end="44286",
            is_partial_year="",
        ),
    ]
    outcome = import_file(db, csv_bytes("consultations", rows, encoding="cp932"), "sjis.csv", user="test", today=TODAY)
    assert outcome.problems == []
    assert (outcome.inserted, outcome.kind) == (2, "consultations")
    with db.session() as session:
        stats = session.scalars(select(ConsultationStat).order_by(ConsultationStat.period_end)).all()
        district = session.scalars(select(District).where(District.code == "01")).one()
    assert [
        (s.municipality_code, s.fiscal_year, s.period_end, s.new_cases, s.is_partial_year, s.district_id) for s in stats
    ] == [
        ("092011", 2020, dt.date(2021, 2, 28), 1020, True, None),
        ("092011", 2020, dt.date(2021, 3, 31), 406, False, district.id),
    ]


def test_valid_import_is_logged_with_its_source(db):
    data = csv_bytes("consultations", [row("consultations")])
    cited_files = queries.source_summary(db).import_batches  # the footer and the open data's README count them
    outcome = import_file(db, data, "cases.csv", user="yamada", today=TODAY)
    assert queries.source_summary(db).import_batches == cited_files + 1
    assert (outcome.batch_id, outcome.inserted, outcome.updated, outcome.unchanged) == (3, 1, 0, 0)
    assert (
        outcome.summary()
        == "取り込み #3: cases.csv（相談件数、1 行）を取り込みました。追加 1 件・更新 0 件・変更なし 0 件。"
    )
    with db.session() as session:
        batch = session.get(ImportBatch, 3)
        stat = session.scalars(select(ConsultationStat)).one()
        source = session.get(Source, stat.source_id)
    assert (batch.kind, batch.file_name, batch.imported_by, batch.rows_inserted) == (
        "consultations",
        "cases.csv",
        "yamada",
        1,
    )
    assert len(batch.sha256) == 64
    assert (source.kind, source.import_batch_id, source.label) == (SourceKind.IMPORT_BATCH, 3, "cases.csv")


def test_reimport_of_the_same_file_is_a_no_op(db):
    data = csv_bytes("consultations", [row("consultations")])
    first = import_file(db, data, "cases.csv", today=TODAY)
    before = counts(db)
    again = import_file(db, data, "cases.csv", today=TODAY)
    assert (again.batch_id, again.already_imported_batch, again.unchanged) == (None, first.batch_id, 1)
    assert (
        again.summary()
        == f"cases.csv: 同じファイルは取り込み #{first.batch_id} で取り込み済みです。何も書き込んでいません。"
    )
    assert counts(db) == before


def test_corrected_file_updates_values_and_is_logged(db):
    import_file(
        db,
        csv_bytes(
            "consultations",
            [
                row("consultations"),
                row("consultations", category="複合的な課題", new_cases="40", continuing_cases="10", closed_cases="5"),
            ],
        ),
        "v1.csv",
        today=TODAY,
    )
    corrected = [
        row("consultations", closed_cases="320"),
        row("consultations", category="複合的な課題", new_cases="40", continuing_cases="10", closed_cases="5"),
    ]
    outcome = import_file(db, csv_bytes("consultations", corrected), "v2.csv", user="suzuki", today=TODAY)
    assert (outcome.inserted, outcome.updated, outcome.unchanged) == (0, 1, 1)
    with db.session() as session:
        stats = {s.category: s for s in session.scalars(select(ConsultationStat))}
        batch = session.get(ImportBatch, outcome.batch_id)
        updated_source = session.get(Source, stats["all"].source_id)
        kept_source = session.get(Source, stats["complex"].source_id)
    assert stats["all"].closed_cases == 320
    assert (batch.rows_inserted, batch.rows_updated, batch.rows_unchanged, batch.imported_by) == (0, 1, 1, "suzuki")
    assert updated_source.import_batch_id == outcome.batch_id
    assert kept_source.import_batch_id == outcome.batch_id - 1


def test_dry_run_counts_but_writes_nothing(db):
    before = counts(db)
    outcome = import_file(
        db,
        csv_bytes("targets", [row("targets"), row("targets", metric="終結率", value="60", unit="%")]),
        "t.csv",
        dry_run=True,
        today=TODAY,
    )
    assert (outcome.inserted, outcome.updated, outcome.unchanged, outcome.batch_id) == (2, 0, 0, None)
    assert outcome.summary().endswith(
        "検証のみ。取り込むと 追加 2 件・更新 0 件・変更なし 0 件。何も書き込んでいません。"
    )
    assert counts(db) == before


def test_districts_file_updates_councils_and_keeps_excel_stripped_codes(db):
    rows = [
        row(
            "districts_councils",
            district_code="2",
            district_name="第2地区",
            council_status="準備中",
            established_on="",
            coordinator_placed_on="H30.6",
        ),
        row(
            "districts_councils",
            district_code="03",
            district_name="第3地区",
            council_status="設置済",
            established_on="令和2年12月24日",
            coordinator_placed_on="",
        ),
    ]
    outcome = import_file(db, xlsx_bytes("districts_councils", rows), "d.xlsx", today=TODAY)
    assert (outcome.problems, outcome.inserted, outcome.updated, outcome.unchanged) == ([], 1, 1, 0)
    with db.session() as session:
        councils = {d.code: c for c, d in session.execute(select(Council, District).join(District))}
    assert sorted(councils) == ["01", "02", "03"]
    assert (
        councils["02"].status.value,
        councils["02"].coordinator_placed_on,
        councils["02"].coordinator_precision.value,
    ) == ("preparing", dt.date(2018, 6, 1), "month")
    assert (councils["03"].established_on, councils["03"].status_as_of) == (dt.date(2020, 12, 24), TODAY)


FILLED = {
    "districts_councils": [
        row("districts_councils"),
        row(
            "districts_councils",
            district_code="02",
            district_name="第2地区",
            council_status="準備中",
            established_on="",
            coordinator_placed_on="",
        ),
    ],
    "council_activity": [
        row("council_activity"),
        row(
            "council_activity",
            district_code="",
            metric="設置に向けた事業説明の回数",
            period_end="2020-11-30",
            value="21",
            event_date="2020-07-01",
        ),
    ],
    "program_status": [
        row("program_status"),
        row("program_status", municipality_code="092029", municipality_name="足利市", stage="検討中"),
    ],
    "consultations": [
        row("consultations"),
        row(
            "consultations",
            district_code="01",
            period_end="2021-03-31",
            is_partial_year="いいえ",
            basis="延べ",
            unit="人",
            referred_cases="",
        ),
    ],
    "targets": [row("targets"), row("targets", metric="終結率", value="62.5", unit="%", due_on="")],
    "training": [row("training"), row("training", fiscal_year="令和3年度", teams="", participants="67")],
}


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_a_filled_template_is_stored_as_written(db, kind):
    """Template header → filled rows → import; the same file again finds every row already holding its values."""
    data = csv_bytes(kind, FILLED[kind])
    first = import_file(db, data, f"{kind}.csv", kind, today=TODAY)
    assert first.problems == [] and first.batch_id is not None
    again = import_file(db, csv_bytes(kind, FILLED[kind]) + b"\r\n", f"{kind}_again.csv", kind, today=TODAY)
    assert (again.inserted, again.updated, again.unchanged, again.batch_id) == (0, 0, len(FILLED[kind]), None)


def test_cli_import_prints_problems_and_exits_2(db, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("consultations", [row("consultations", new_cases="-3")]))
    assert cli.main(["--database-url", db.url, "import", str(path)]) == 2
    out = capsys.readouterr().out
    assert "bad.csv: 問題が 1 件あります。何も書き込んでいません。" in out
    assert "bad.csv 2行目「新規」: 負の数は入力できません。（値: -3）" in out


def test_cli_import_dry_run_then_import(db, tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_bytes(csv_bytes("consultations", [row("consultations")]))
    assert cli.main(["--database-url", db.url, "import", str(path), "--kind", "consultations", "--dry-run"]) == 0
    assert "検証のみ" in capsys.readouterr().out
    assert cli.main(["--database-url", db.url, "import", str(path), "--user", "tanaka"]) == 0
    assert "取り込み #3: good.csv（相談件数、1 行）を取り込みました。" in capsys.readouterr().out
    with db.session() as session:
        assert session.get(ImportBatch, 3).imported_by == "tanaka"


def test_progress_is_reported(db):
    seen = []
    import_file(
        db,
        csv_bytes("consultations", [row("consultations")]),
        "p.csv",
        today=TODAY,
        progress=lambda fraction, message: seen.append(fraction),
    )
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_100k_row_consultations_csv(db, tmp_path):
    """Volume check: 100,000 rows validate and import (rate printed, not asserted)."""
    municipalities = [
        "092011",
        "092029",
        "092037",
        "092045",
        "092053",
        "092061",
        "092088",
        "092096",
        "092100",
        "092118",
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "団体コード",
            "年度",
            "集計時点",
            "区分",
            "実数/延べ",
            "単位",
            "新規",
            "継続",
            "終結",
            "つないだ件数",
            "対応中",
        ]
    )
    total = 0
    for code in municipalities:
        for fiscal_year in range(1990, 2030):
            for day in range(250):
                end = dt.date(fiscal_year, 4, 1) + dt.timedelta(days=day)
                writer.writerow([code, f"{fiscal_year}年度", end.isoformat(), "全体", "実数", "件", 100, 20, 90, 5, 30])
                total += 1
    path = tmp_path / "big.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    assert total == 100_000
    started = time.perf_counter()
    outcome = import_file(db, path.read_bytes(), path.name, user="test", today=TODAY)
    elapsed = time.perf_counter() - started
    print(f"\n100k consultations ({db.engine.dialect.name}): {elapsed:.1f} s, {total / elapsed:,.0f} rows/s")
    assert (outcome.problems, outcome.inserted) == ([], total)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ConsultationStat)) == total
        assert session.scalar(select(func.sum(ConsultationStat.closed_cases))) == 90 * total


# ------------------------------------------------------------------------------------------ columns and sources

WITHOUT_OPTIONAL_COUNTS = [
    c.ja for c in TEMPLATES["consultations"].columns if c.key not in ("referred_cases", "ongoing_cases")
]


def test_a_column_the_file_leaves_out_keeps_its_value_and_its_source(db):
    """Issue #20: a file without つないだ件数 and 対応中 wiped them ("更新 5 件"); now they stay, with their source."""
    first = import_file(db, csv_bytes("consultations", [row("consultations")]), "v1.csv", today=TODAY)
    same = csv_bytes("consultations", [row("consultations")], headers=WITHOUT_OPTIONAL_COUNTS)
    unchanged = import_file(db, same, "v2.csv", today=TODAY)
    assert (unchanged.updated, unchanged.unchanged, unchanged.batch_id) == (0, 1, None)
    corrected = csv_bytes("consultations", [row("consultations", closed_cases="320")], headers=WITHOUT_OPTIONAL_COUNTS)
    second = import_file(db, corrected, "v3.csv", today=TODAY)
    assert (second.updated, second.change_count) == (1, 1)
    with db.session() as session:
        stat = session.scalars(select(ConsultationStat)).one()
        sources = {s.id: s.import_batch_id for s in session.scalars(select(Source))}
    assert (stat.closed_cases, stat.referred_cases, stat.ongoing_cases) == (320, 128, 298)
    assert sources[stat.source_id] == second.batch_id
    assert sources[stat.referred_cases_source_id] == sources[stat.ongoing_cases_source_id] == first.batch_id
    assert stat.new_cases_source_id is None and stat.closed_cases_source_id is None  # the row's: the new file's
    restated = import_file(db, csv_bytes("consultations", [row("consultations", closed_cases="320")]), "v4.csv")
    with db.session() as session:
        stat = session.scalars(select(ConsultationStat)).one()
    assert restated.unchanged == 1 and stat.referred_cases_source_id == sources[stat.referred_cases_source_id]


def test_a_districts_file_without_dates_keeps_each_dates_source(db):
    """Issue #18: districts imported without set-up and coordinator dates keep the dates and their sources."""
    placed = row(
        "districts_councils",
        district_code="02",
        district_name="第2地区",
        council_status="未設置",
        established_on="",
        coordinator_placed_on="H30.6",
    )
    dated = import_file(db, csv_bytes("districts_councils", [placed]), "d2.csv", today=TODAY)
    headers = [
        c.ja
        for c in TEMPLATES["districts_councils"].columns
        if c.key not in ("established_on", "coordinator_placed_on")
    ]
    rows = [
        row("districts_councils", district_name="清原地区"),  # the district changes, its council does not
        row("districts_councils", district_code="02", district_name="第2地区", council_status="準備中"),
    ]
    outcome = import_file(db, csv_bytes("districts_councils", rows, headers=headers), "d3.csv", today=TODAY)
    assert (outcome.problems, outcome.updated) == ([], 2)
    with db.session() as session:
        found = {d.code: (c, d) for c, d in session.execute(select(Council, District).join(District))}
        batches = {s.id: s.import_batch_id for s in session.scalars(select(Source))}
    (first, district), (second, _) = found["01"], found["02"]
    assert district.name == "清原地区" and batches[district.source_id] == outcome.batch_id
    assert (first.established_on, first.coordinator_placed_on, batches[first.source_id]) == (
        dt.date(2019, 10, 1),
        dt.date(2018, 6, 1),
        1,
    )
    assert (second.status.value, second.coordinator_placed_on) == ("preparing", dt.date(2018, 6, 1))
    assert batches[second.source_id] == outcome.batch_id
    assert batches[second.coordinator_source_id] == dated.batch_id  # the date came from d2.csv, and says so


def test_a_status_that_contradicts_a_stored_date_the_file_leaves_out_is_refused(db):
    headers = [c.ja for c in TEMPLATES["districts_councils"].columns if c.key != "established_on"]
    undone = row("districts_councils", council_status="準備中")
    outcome = validate_file(db, csv_bytes("districts_councils", [undone], headers=headers), "d.csv", today=TODAY)
    assert [(p.row, p.column.ja, p.key) for p in outcome.problems] == [(2, "協議体の状況", "dated_in_database")]
    assert "2019-10-01" in outcome.problems[0].reason()


def test_closed_cases_are_checked_against_stored_counts_the_file_leaves_out(db):
    import_file(db, csv_bytes("consultations", [row("consultations")]), "v1.csv", today=TODAY)
    headers = [c.ja for c in TEMPLATES["consultations"].columns if c.key not in ("new_cases", "continuing_cases")]
    closed = csv_bytes("consultations", [row("consultations", closed_cases="700")], headers=headers)
    outcome = validate_file(db, closed, "v2.csv", today=TODAY)
    assert [(p.column.ja, p.key) for p in outcome.problems] == [("終結", "closed_too_many")]


def test_every_changed_cell_is_listed_from_what_to_what(db):
    """Issue #18: the preview names each cell an update changes, as written in the template."""
    changed = row(
        "districts_councils",
        district_name="清原地区",
        council_status="準備中",
        established_on="",
        coordinator_placed_on="H30.7",
    )
    outcome = validate_file(db, csv_bytes("districts_councils", [changed]), "d.csv", today=TODAY)
    assert (outcome.updated, outcome.change_count) == (1, 4)
    assert outcome.change_frame().values.tolist() == [
        [2, "092011 / 01", "地区名", "第1地区", "清原地区"],
        [2, "092011 / 01", "協議体の状況", "設置済", "準備中"],
        [2, "092011 / 01", "設置日", "2019-10-01", "（空欄）"],
        [2, "092011 / 01", "第2層SC配置日", "2018-06", "2018-07"],
    ]
    assert list(outcome.change_frame("en").columns) == ["Row", "Key", "Column", "Before", "After"]


# ------------------------------------------------------------------------------------------------ concurrency


def _at_once(*calls):
    """Run the calls in threads released together; their results in call order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(position, call):
        barrier.wait()
        results[position] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_imports_of_one_new_series_in_different_units_cannot_both_pass(db):
    """Issue #20: the one-unit rule held for 7 of 8 concurrent pairs; imports now take turns and re-validate."""
    kinds = [csv_bytes("targets", [row("targets", metric="終結率", value="60", unit=unit)]) for unit in ("%", "件")]
    outcomes = _at_once(
        *(lambda data=data, i=i: import_file(db, data, f"t{i}.csv", today=TODAY) for i, data in enumerate(kinds))
    )
    assert sorted(o.batch_id is not None for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o.batch_id is None)
    assert [p.key for p in loser.problems] == ["unit_differs_from_database"]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 3


def test_two_imports_of_the_same_new_rows_write_them_once(db):
    """Issue #20: the loser of two importers of the same keys got a raw IntegrityError."""
    data = csv_bytes("consultations", [row("consultations")])
    outcomes = _at_once(*(lambda i=i: import_file(db, data, f"c{i}.csv", today=TODAY) for i in range(2)))
    assert sorted((o.inserted, o.unchanged, o.problem_count) for o in outcomes) == [(0, 1, 0), (1, 0, 0)]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ConsultationStat)) == 1


def test_an_import_that_cannot_get_its_turn_says_so_and_writes_nothing(db, monkeypatch):
    from data_access.imports import pipeline, write

    monkeypatch.setattr(pipeline, "LOCK_WAIT_SECONDS", 1)
    before = counts(db)
    with db.session() as session:
        write.serialise(session, 1)  # another import holds the turn
        outcome = import_file(db, csv_bytes("consultations", [row("consultations")]), "late.csv", today=TODAY)
    assert [p.key for p in outcome.problems] == ["busy"] and outcome.batch_id is None
    assert "しばらくしてから、もう一度取り込んでください" in str(outcome.problems[0])
    assert counts(db) == before


# ---------------------------------------------------------------------------------------------------- bounds


@pytest.mark.parametrize(
    ("limits", "file_name", "make", "key"),
    [
        (dict(seconds=0), "slow.csv", lambda: csv_bytes("consultations", [row("consultations")]), "too_slow"),
        (
            dict(max_unpacked_bytes=1000),
            "big.xlsx",
            lambda: xlsx_bytes("consultations", [row("consultations")]),
            "xlsx_too_large",
        ),
        (dict(max_bytes=100), "big.csv", lambda: csv_bytes("consultations", [row("consultations")]), "too_large"),
        (
            dict(max_cells=30),
            "many.csv",
            lambda: csv_bytes("consultations", [row("consultations")] * 3),
            "too_many_cells",
        ),
        (
            dict(max_cell_chars=10),
            "long.xlsx",
            lambda: xlsx_bytes("consultations", [row("consultations", municipality_name="宇都宮市" * 3)]),
            "cell_too_long",
        ),
    ],
)
def test_an_import_stops_at_each_bound_with_one_message(db, limits, file_name, make, key):
    from data_access.imports.read import Limits

    bounds = Limits(**{"max_bytes": 20 * 1024 * 1024, **limits})
    outcome = import_file(db, make(), file_name, dry_run=True, today=TODAY, limits=bounds)
    assert [p.key for p in outcome.problems] == [key] and outcome.problem_count == 1
    assert str(outcome.problems[0]).startswith(file_name)


def test_an_english_official_reads_english_problems(db):
    outcome = validate_file(
        db, csv_bytes("consultations", [row("consultations", new_cases="1,2,3")]), "e.csv", today=TODAY
    )
    assert outcome.problems[0].text("en") == (
        'e.csv row 2 "New cases": Not a number. Use digits (full-width ones too) and commas only between groups of '
        "three (e.g. 1234, 1,234, 12.5). (value: 1,2,3)"
    )
    assert list(outcome.problem_frame("en").columns) == ["File", "Sheet", "Row", "Column", "Value", "Reason"]

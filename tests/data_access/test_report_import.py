"""import-report: basic facts with their lines, programme marks, outcomes into the review queue, one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from data_access import cli
from data_access.database import DatabaseError
from data_access.models import (
    ImportBatch,
    MunicipalityFact,
    OutcomeCandidate,
    ProgramStatus,
    Source,
)
from data_access.report_import import import_report
from data_access.report_parser import parse_report_file
from data_access.report_text import normalize
from tests.conftest import SEED_004
from tests.data_access.gold import FIXTURES

# A made-up two-report compilation in the template's layout (our own text and numbers).
MINI = """栃木県 那須町
都道府県名 栃木県 市区町村名 那須町
実施事業※ 地域力強化推進事業 ○ 包括的支援体制構築事業 都道府県事業
※実施している事業の右側に○を記入してください。
１．自治体の基本情報等
１－１．自治体の基本情報
人口 20,000（人） 世帯数 9,000（世帯）
高齢化率 38.0（％） 生活保護受給率 5.5（‰） 面積 372.34（k ㎡）
１－２．地域の特徴（試験用）
令和元年度の試験用データ。
５．成果目標の達成状況
相談件数 12 件 2月末現在
栃木県
都道府県名 栃木県 市区町村名 ―
実施事業※ 地域力強化推進事業 包括的支援体制構築事業 都道府県事業 ○
※実施している事業の右側に○を記入してください。
１．自治体の基本情報等
１－１．自治体の基本情報
人口 1,900,000（人）
１－２．地域の特徴（試験用）
令和元年度、令和元年度。平成30年度。
５．成果目標の達成状況
相談件数 300 件
"""


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _seed_line(path: Path, line: int) -> str:
    """The cited line with full-width digits made ASCII."""
    return normalize(path.read_text(encoding="utf-8").splitlines()[line - 1])


def test_seed_import_stores_facts_programmes_and_candidates(migrated_db, seed_path):
    summary = import_report(migrated_db, seed_path, "tester")
    reports = parse_report_file(seed_path)
    assert not summary.already_imported
    assert summary.fiscal_year == 2018  # 平成30年度, read from the document
    assert summary.reports == 50
    assert summary.facts.inserted == 404
    assert summary.programs.inserted == 71
    assert sum(len(r["outcomes"]) for r in reports) == 116  # every figure of the gold file
    assert (summary.candidates_queued, summary.candidates_restated) == (105, 11)  # restatements kept together
    assert {(s.report_index, s.label) for s in summary.skipped} == {
        (8, "青森県 東津軽郡"),
        (15, "秋田県"),
        (25, "栃木県"),
        (32, "埼玉県"),
        (40, "東京都"),
    }

    with migrated_db.session() as session:

        def fact(code: str, metric: str) -> tuple[MunicipalityFact, Source]:
            row = session.scalars(
                select(MunicipalityFact).where(
                    MunicipalityFact.municipality_code == code, MunicipalityFact.metric == metric
                )
            ).one()
            return row, session.get(Source, row.source_id)

        population, source = fact("011002", "population")  # 札幌市
        assert (population.value, population.unit, population.fiscal_year) == (1966735, "人", 2018)
        assert (source.kind.value, source.document, source.line) == ("document", SEED_004, 5)
        assert "1,966,735" in _seed_line(seed_path, source.line)
        welfare, source = fact("013994", "welfare_rate")  # 京極町 states ‰
        assert (welfare.value, welfare.unit) == (14.4, "‰")
        assert "14.4" in _seed_line(seed_path, source.line) and "‰" in _seed_line(seed_path, source.line)
        welfare, _source = fact("011002", "welfare_rate")  # 札幌市 states %
        assert (welfare.value, welfare.unit) == (3.7, "%")
        area, _source = fact("011002", "area")
        assert (area.value, area.unit) == (1121.26, "km²")
        # the four towns of the 東津軽郡 report and the prefectures get no municipality facts
        assert not session.scalars(
            select(MunicipalityFact).where(
                MunicipalityFact.municipality_code.in_(["023019", "023035", "023043", "023078"])
            )
        ).all()

        kushiro = session.scalars(select(ProgramStatus).where(ProgramStatus.municipality_code == "012068")).all()
        assert sorted((p.program.value, p.stage.value, p.fiscal_year) for p in kushiro) == [
            ("chiiki_ryoku", "full", 2018),
            ("takikan", "full", 2018),
        ]
        for status in kushiro:
            assert "○" in _seed_line(seed_path, session.get(Source, status.source_id).line)
        kyogoku = session.scalars(select(ProgramStatus).where(ProgramStatus.municipality_code == "013994")).all()
        assert [p.program.value for p in kyogoku] == ["takikan"]  # 地域力強化 not marked

        candidates = session.scalars(select(OutcomeCandidate)).all()
        assert {c.status.value for c in candidates} == {"pending"}
        hiroo = next(c for c in candidates if c.municipality_code == "016420" and c.metric == "closures")
        assert (hiroo.value, hiroo.target, hiroo.unit, hiroo.period_note, hiroo.source_line) == (
            15,
            5,
            "件",
            "12月現在",
            2481,
        )
        assert (hiroo.basis.value, hiroo.period_end, hiroo.fiscal_year) == ("distinct", dt.date(2018, 12, 31), 2018)
        assert (hiroo.scope.value, hiroo.prefecture_code, hiroo.municipality_codes) == ("municipality", "01", "016420")
        assert hiroo.confidence >= 0.8 and hiroo.figure_key == "2481:closures:15件"
        koriyama = {c.figure_key: c for c in candidates if c.municipality_code == "072036"}
        total = koriyama["8219:consultations:130件"]
        assert total.restated_lines == "8227"  # "（…新規相談件数１３０件）" under the closure rate: the same figure
        parts = sorted((c.value, c.part_label) for c in candidates if c.part_of_id == total.id)
        assert parts == [(39, "中央・湖南・熱海エリア"), (43, "北東エリア"), (48, "南西エリア")]
        reference = koriyama["8053:consultations:16960件"]  # 参考値: 2016 年度, in the plan and again in the results
        assert (reference.fiscal_year, reference.period_end, reference.restated_lines) == (2016, None, "8209")

        batch = session.scalars(select(ImportBatch)).one()
        assert (batch.kind, batch.file_name, batch.imported_by) == ("report", SEED_004, "tester")
        assert batch.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
        assert batch.rows_inserted == 404 + 71 + 105


def test_second_import_adds_nothing(migrated_db, seed_path):
    first = import_report(migrated_db, seed_path, "tester")
    counts = [_count(migrated_db, m) for m in (MunicipalityFact, ProgramStatus, OutcomeCandidate, Source, ImportBatch)]
    again = import_report(migrated_db, seed_path, "someone else")
    assert again.already_imported and again.batch_id == first.batch_id
    assert [
        _count(migrated_db, m) for m in (MunicipalityFact, ProgramStatus, OutcomeCandidate, Source, ImportBatch)
    ] == counts


def test_an_edited_copy_updates_in_place_and_queues_nothing_twice(migrated_db, seed_path, tmp_path):
    import_report(migrated_db, seed_path, "tester")
    copy = tmp_path / SEED_004
    shutil.copy(seed_path, copy)
    with copy.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    summary = import_report(migrated_db, copy, "tester")
    assert not summary.already_imported
    assert (summary.facts.inserted, summary.facts.updated, summary.facts.unchanged) == (0, 0, 404)
    assert (summary.candidates_queued, summary.candidates_known) == (0, 105)
    assert _count(migrated_db, OutcomeCandidate) == 105
    assert _count(migrated_db, ImportBatch) == 2


def test_fiscal_year_and_scopes_come_from_the_document(migrated_db, tmp_path):
    path = tmp_path / "mini.txt"
    path.write_text(MINI, encoding="utf-8")
    summary = import_report(migrated_db, path, "tester")
    assert summary.fiscal_year == 2019  # 令和元年度 named most often
    assert (summary.reports, summary.facts.inserted, summary.programs.inserted) == (2, 5, 1)
    with migrated_db.session() as session:
        facts = {f.metric: (f.value, f.unit) for f in session.scalars(select(MunicipalityFact))}
        assert facts["welfare_rate"] == (5.5, "‰") and facts["population"] == (20000, "人")
        assert {f.fiscal_year for f in session.scalars(select(MunicipalityFact))} == {2019}
        rows = {c.scope.value: c for c in session.scalars(select(OutcomeCandidate))}
    assert (rows["municipality"].municipality_code, rows["municipality"].value) == ("094072", 12)
    assert (rows["prefecture"].municipality_code, rows["prefecture"].prefecture_code) == (None, "09")
    assert rows["prefecture"].value == 300
    assert (rows["municipality"].period_end, rows["municipality"].fiscal_year) == (dt.date(2020, 2, 29), 2019)


def test_a_group_report_attaches_figures_to_the_towns_it_names(migrated_db):
    """The invented 檜山郡 report: figures the text gives per town get the town's code, the others stay with the
    group; a town's part of the group total points to it."""
    summary = import_report(migrated_db, FIXTURES / "report_fictional_group.txt", "tester")
    assert (summary.fiscal_year, summary.candidates_queued, summary.candidates_restated) == (2019, 12, 1)
    with migrated_db.session() as session:
        rows = session.scalars(select(OutcomeCandidate).order_by(OutcomeCandidate.id)).all()
        by_key = {c.figure_key: c for c in rows}
        total = by_key["42:consultations:87件"]
        assert (total.municipality_code, total.place_name, total.scope.value) == (None, "檜山郡", "multi_municipality")
        assert total.municipality_codes == "013617,013625,013633"
        assert sorted((c.municipality_code, c.place_name, c.value) for c in rows if c.part_of_id == total.id) == [
            ("013617", "江差町", 41),
            ("013625", "上ノ国町", 25),
            ("013633", "厚沢部町", 21),
        ]
        assert by_key["42:consultations:21件"].restated_lines == "58"  # 【厚沢部町】相談件数 ２１件 again
        assert (by_key["48:closures:12件"].municipality_code, by_key["60:closures:24件"].municipality_code) == (
            "013617",
            None,
        )
        assert {c.period_end for c in rows} == {dt.date(2020, 1, 31)}


def test_candidates_imported_before_the_details_keep_their_meaning(empty_db):
    """Rows of revision 0005 get a key, a basis from their quote and a period end from their note."""
    empty_db.migrate("0005")
    with empty_db.engine.begin() as conn:  # plain SQL: today's models have columns revision 0005 lacks
        conn.execute(
            text("INSERT INTO prefectures (code, name, kana, name_en) VALUES ('05', '秋田県', 'あきたけん', 'Akita')")
        )
        conn.execute(
            text(
                "INSERT INTO municipalities (code, prefecture_code, name, kana, kind, lat, lng) "
                "VALUES ('052078', '05', '湯沢市', 'ゆざわし', 'city', 39.16, 140.5)"
            )
        )
        batch = conn.execute(
            text(
                "INSERT INTO import_batches (kind, file_name, sha256, imported_by, imported_at, rows_inserted, "
                "rows_updated, rows_unchanged) VALUES ('report', 'old.txt', 'x', 't', CURRENT_TIMESTAMP, 0, 0, 0) "
                "RETURNING id"
            )
        ).scalar_one()
        for line, value, quote, note in ((10, 27, "2 月末で述べ 27 件", "2月末"), (12, 40, "相談件数 40 件", None)):
            conn.execute(
                text(
                    "INSERT INTO outcome_candidates (import_batch_id, document, report_index, report_start_line, "
                    "scope, prefecture_code, municipality_codes, fiscal_year, metric, value, unit, period_note, "
                    "source_line, quote, status) VALUES (:batch, 'old.txt', 1, 1, 'municipality', '05', '052078', "
                    "2018, 'consultations', :value, '件', :note, :line, :quote, 'pending')"
                ),
                {"batch": batch, "value": value, "note": note, "line": line, "quote": quote},
            )
    empty_db.migrate()
    with empty_db.session() as session:
        rows = session.scalars(select(OutcomeCandidate).order_by(OutcomeCandidate.source_line)).all()
        assert [(c.figure_key, c.basis.value, c.period_end, c.restated_lines) for c in rows] == [
            ("10:consultations:27件", "contacts", dt.date(2019, 2, 28), ""),
            ("12:consultations:40件", "distinct", None, ""),
        ]


def test_a_file_that_is_not_a_compilation_writes_nothing(migrated_db, tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("会議のメモ\n相談件数 12 件\n", encoding="utf-8")
    with pytest.raises(ValueError, match="報告書が見つかりません"):
        import_report(migrated_db, path, "tester")
    assert [_count(migrated_db, m) for m in (ImportBatch, MunicipalityFact, OutcomeCandidate, Source)] == [0, 0, 0, 0]


def test_missing_file_is_explained(migrated_db, tmp_path):
    with pytest.raises(FileNotFoundError, match="ファイルが見つかりません"):
        import_report(migrated_db, tmp_path / "none.txt", "tester")


def test_uninitialised_database_is_explained(empty_db, tmp_path):
    path = tmp_path / "mini.txt"
    path.write_text(MINI, encoding="utf-8")
    with pytest.raises(DatabaseError, match="初期化されていません"):
        import_report(empty_db, path, "tester")


def test_cli_prints_a_japanese_summary(migrated_db, seed_path, capsys):
    assert cli.main(["--database-url", migrated_db.url, "import-report", str(seed_path), "--user", "tester"]) == 0
    out = capsys.readouterr().out
    assert "報告 50 件" in out and "追加 404 件" in out and "レビュー待ちに 105 件" in out
    assert "再掲された同じ値 11 件" in out
    assert "#8 青森県 東津軽郡: 複数市町村（4 団体）" in out
    assert cli.main(["--database-url", migrated_db.url, "import-report", str(seed_path)]) == 0
    assert "取り込み済み" in capsys.readouterr().out
    assert cli.main(["--database-url", migrated_db.url, "import-report", "/nonexistent/report.txt"]) == 2
    assert "ファイルが見つかりません" in capsys.readouterr().err

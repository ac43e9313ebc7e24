"""import-report: basic facts with their lines, programme marks, outcomes into the review queue, one transaction."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

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
from data_access.report_parser import normalize, parse_report_file
from tests.conftest import SEED_004

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
    assert summary.candidates_queued == sum(len(r["outcomes"]) for r in reports) == 56
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
        assert (hiroo.scope.value, hiroo.prefecture_code, hiroo.municipality_codes) == ("municipality", "01", "016420")

        batch = session.scalars(select(ImportBatch)).one()
        assert (batch.kind, batch.file_name, batch.imported_by) == ("report", SEED_004, "tester")
        assert batch.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()
        assert batch.rows_inserted == 404 + 71 + 56


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
    assert (summary.candidates_queued, summary.candidates_known) == (0, 56)
    assert _count(migrated_db, OutcomeCandidate) == 56
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
    assert "報告 50 件" in out and "追加 404 件" in out and "レビュー待ちに 56 件" in out
    assert "#8 青森県 東津軽郡: 複数市町村（4 団体）" in out
    assert cli.main(["--database-url", migrated_db.url, "import-report", str(seed_path)]) == 0
    assert "取り込み済み" in capsys.readouterr().out
    assert cli.main(["--database-url", migrated_db.url, "import-report", "/nonexistent/report.txt"]) == 2
    assert "ファイルが見つかりません" in capsys.readouterr().err

"""Store a compilation of model-project reports (`python -m data_access import-report PATH`).

Basic facts and programme marks sit in fixed tables of each report, so they are stored directly, each
with its document line as source. Outcomes are read from free text and may be misread, so they go into
the review queue (data_access.review) and reach charts only after a person accepts them. Everything is
written in one transaction with an import batch; the same file twice is a no-op.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.domain import wareki_fiscal_year
from data_access import master, queries
from data_access.database import Database, DatabaseError
from data_access.loaders import SourceCache
from data_access.models import (
    CountBasis,
    ImportBatch,
    MunicipalityFact,
    OutcomeCandidate,
    ProgramKind,
    ProgramStage,
    ProgramStatus,
    ReportScope,
)
from data_access.report_parser import ReportLines, parse_report_lines, parse_reports, read_lines, stated_fiscal_year
from data_access.vocabulary import FACT_METRICS

BATCH_KIND = "report"

# parser field -> FACT_METRICS key; the welfare rate keeps the unit the report states (% or ‰)
BASIC_METRICS = {
    "population": "population",
    "households": "households",
    "aging_rate_pct": "aging_rate",
    "welfare_rate": "welfare_rate",
    "area_km2": "area",
    "neighborhood_assoc_rate_pct": "neighborhood_assoc_rate",
    "elementary_schools": "elementary_schools",
    "junior_high_schools": "junior_high_schools",
    "houkatsu_centers_direct": "houkatsu_centers_direct",
    "houkatsu_centers_outsourced": "houkatsu_centers_outsourced",
}
MODEL_PROGRAMS = {"chiiki_ryoku": ProgramKind.CHIIKI_RYOKU, "takikan": ProgramKind.TAKIKAN}


@dataclass
class Tally:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class SkippedReport:
    report_index: int
    label: str  # 北海道 札幌市, 青森県 東津軽郡, 秋田県
    reason: str  # Japanese, for the summary


@dataclass
class ReportImportSummary:
    file_name: str
    sha256: str
    batch_id: int
    already_imported: bool
    fiscal_year: int | None = None
    reports: int = 0
    facts: Tally = field(default_factory=Tally)
    programs: Tally = field(default_factory=Tally)
    candidates_queued: int = 0
    candidates_known: int = 0  # already in the queue from an earlier version of the file
    candidates_restated: int = 0  # a figure stated again on another line: kept with the first statement
    skipped: list[SkippedReport] = field(default_factory=list)


def import_report(db: Database, path: str | Path, user: str, fiscal_year: int | None = None) -> ReportImportSummary:
    """Import a report compilation in one transaction; nothing is written when anything fails.

    The fiscal year is the one the document names most often (平成30年度 -> 2018) unless given.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"ファイルが見つかりません: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if not queries.is_initialised(db):
        raise DatabaseError(
            "データベースが初期化されていません。先に `python -m data_access init` を実行してください。"
        )
    with db.session() as session:
        previous = session.scalars(
            select(ImportBatch).where(ImportBatch.kind == BATCH_KIND, ImportBatch.sha256 == digest)
        ).first()
        if previous is not None:
            return ReportImportSummary(path.name, digest, previous.id, already_imported=True)
    lines = read_lines(path)
    fiscal_year = fiscal_year or stated_fiscal_year(lines)
    reports = parse_reports(lines, source=str(path), fiscal_year=fiscal_year)
    provenance = parse_report_lines(lines)
    with db.session() as session:
        batch = ImportBatch(kind=BATCH_KIND, file_name=path.name, sha256=digest, imported_by=user)
        session.add(batch)
        session.flush()
        summary = ReportImportSummary(
            path.name, digest, batch.id, already_imported=False, fiscal_year=fiscal_year, reports=len(reports)
        )
        writer = _Writer(session, path.name, fiscal_year, batch.id, summary)
        for report, lines_of in zip(reports, provenance, strict=True):
            writer.report(report, lines_of)
        batch.rows_inserted = summary.facts.inserted + summary.programs.inserted + summary.candidates_queued
        batch.rows_updated = summary.facts.updated + summary.programs.updated
        batch.rows_unchanged = summary.facts.unchanged + summary.programs.unchanged + summary.candidates_known
        batch.note = (
            f"{wareki_fiscal_year(fiscal_year)} 報告 {summary.reports} 件、"
            f"成果の候補 {summary.candidates_queued} 件をレビュー待ちに追加"
        )
    return summary


class _Writer:
    """Writes one report at a time into the open session, counting into the summary."""

    def __init__(self, session: Session, document: str, fiscal_year: int, batch_id: int, summary: ReportImportSummary):
        self.session = session
        self.document = document
        self.fiscal_year = fiscal_year
        self.batch_id = batch_id
        self.summary = summary
        self.sources = SourceCache(session)
        self.prefecture_codes = {p.name: p.code for p in master.prefectures()}
        self.known_candidates = {
            c.figure_key: c
            for c in session.scalars(select(OutcomeCandidate).where(OutcomeCandidate.document == document))
        }

    def _skip(self, report: dict, label: str, reason: str) -> None:
        self.summary.skipped.append(SkippedReport(report["report_index"], label, reason))

    def report(self, report: dict, lines_of: ReportLines) -> None:
        label = " ".join(part for part in (report["prefecture"], report["municipality"]) if part)
        prefecture_code = self.prefecture_codes.get(report["prefecture"] or "")
        scope = ReportScope(report["scope"])
        codes = report["municipality_codes"]
        if prefecture_code is None:
            self._skip(report, label or "（不明）", "都道府県を特定できないため、何も登録しません")
            return
        if scope is ReportScope.MUNICIPALITY and len(codes) != 1:
            self._skip(report, label, "市区町村名が自治体マスタにないため、何も登録しません")
            return
        if scope is ReportScope.MUNICIPALITY:
            self._facts(codes[0], lines_of)
            self._programs(codes[0], report["programs"], lines_of)
        elif scope is ReportScope.MULTI_MUNICIPALITY:
            self._skip(
                report,
                label,
                f"複数市町村（{len(codes)} 団体）の報告のため、基本情報と実施事業は"
                f"自治体別に登録しません（成果の候補 {len(report['outcomes'])} 件はレビュー待ちへ）",
            )
        else:
            self._skip(
                report,
                label,
                "都道府県の報告のため、基本情報と実施事業は自治体別に登録しません"
                f"（成果の候補 {len(report['outcomes'])} 件はレビュー待ちへ）",
            )
        self._candidates(report, scope, prefecture_code)

    def _facts(self, code: str, lines_of: ReportLines) -> None:
        existing = {
            f.metric: f
            for f in self.session.scalars(
                select(MunicipalityFact).where(
                    MunicipalityFact.municipality_code == code, MunicipalityFact.fiscal_year == self.fiscal_year
                )
            )
        }
        for field_name, metric in BASIC_METRICS.items():
            fact = lines_of.basic[field_name]
            if fact is None:
                continue
            unit = fact.unit if metric == "welfare_rate" else FACT_METRICS[metric].unit
            source = self.sources.get({"document": self.document, "line": fact.line})
            values = {"value": float(fact.value), "unit": unit, "source_id": source.id}
            row = existing.get(metric)
            if row is None:
                self.session.add(
                    MunicipalityFact(municipality_code=code, fiscal_year=self.fiscal_year, metric=metric, **values)
                )
                self.summary.facts.inserted += 1
            else:
                _update(row, values, self.summary.facts)

    def _programs(self, code: str, marks: dict, lines_of: ReportLines) -> None:
        for key, program in MODEL_PROGRAMS.items():
            if not marks.get(key):
                continue
            source = self.sources.get({"document": self.document, "line": lines_of.program_marks[key]})
            values = {"stage": ProgramStage.FULL, "source_id": source.id}
            row = self.session.scalars(
                select(ProgramStatus).where(
                    ProgramStatus.municipality_code == code,
                    ProgramStatus.fiscal_year == self.fiscal_year,
                    ProgramStatus.program == program,
                )
            ).first()
            if row is None:
                self.session.add(
                    ProgramStatus(municipality_code=code, fiscal_year=self.fiscal_year, program=program, **values)
                )
                self.summary.programs.inserted += 1
            else:
                _update(row, values, self.summary.programs)

    def _candidates(self, report: dict, scope: ReportScope, prefecture_code: str) -> None:
        """Queue the report's figures. A figure stated again is one candidate that lists the other lines; a part of
        a breakdown points to its total; a figure the text attaches to one of several municipalities gets its code."""
        codes = report["municipality_codes"]
        queued: dict[str, OutcomeCandidate] = {}
        for outcome in report["outcomes"]:
            if outcome["repeat_of"]:
                first = queued.get(outcome["repeat_of"])
                if first is not None:
                    first.restated_lines = ",".join(filter(None, [first.restated_lines, str(outcome["source_line"])]))
                    self.summary.candidates_restated += 1
                continue
            if outcome["key"] in self.known_candidates:
                self.summary.candidates_known += 1
                continue
            code = codes[0] if scope is ReportScope.MUNICIPALITY else outcome["place_code"]
            candidate = OutcomeCandidate(
                import_batch_id=self.batch_id,
                document=self.document,
                report_index=report["report_index"],
                report_start_line=report["start_line"],
                scope=scope,
                place_name=outcome["place"] or report["municipality"],
                prefecture_code=prefecture_code,
                municipality_code=code,
                municipality_codes=",".join(codes),
                fiscal_year=outcome["fiscal_year"],
                figure_key=outcome["key"],
                metric=outcome["metric"],
                value=float(outcome["value"]),
                target=None if outcome["target"] is None else float(outcome["target"]),
                unit=outcome["unit"],
                basis=CountBasis(outcome["basis"]),
                period_note=outcome["period_note"],
                period_end=dt.date.fromisoformat(outcome["period_end"]) if outcome["period_end"] else None,
                confidence=outcome["confidence"],
                part_label=outcome["label"],
                restated_lines="",
                source_line=outcome["source_line"],
                quote=outcome["quote"],
            )
            self.session.add(candidate)
            queued[outcome["key"]] = candidate
            self.summary.candidates_queued += 1
        self.session.flush()
        for outcome in report["outcomes"]:
            part, total = queued.get(outcome["key"]), queued.get(outcome["part_of"] or "")
            if part is not None and total is not None:
                part.part_of_id = total.id


def _update(row, values: dict, tally: Tally) -> None:
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for key, value in changed.items():
        setattr(row, key, value)
    if changed:
        tally.updated += 1
    else:
        tally.unchanged += 1


def run_import_report_command(db: Database, args: argparse.Namespace) -> int:
    """CLI entry: import args.path as args.user and print a Japanese summary."""
    summary = import_report(db, args.path, args.user, args.fiscal_year)
    if summary.already_imported:
        print(
            f"{summary.file_name} は取り込み済みです（取り込み #{summary.batch_id}、内容が同じファイル）。"
            "何も追加していません。"
        )
        return 0
    print(
        f"{summary.file_name}（{wareki_fiscal_year(summary.fiscal_year)} = {summary.fiscal_year}年度）: "
        f"報告 {summary.reports} 件を取り込みました（取り込み #{summary.batch_id}、登録者 {args.user}）"
    )
    for title, tally in (("基本情報", summary.facts), ("モデル事業の実施", summary.programs)):
        print(f"  {title}: 追加 {tally.inserted} 件・更新 {tally.updated} 件・変更なし {tally.unchanged} 件")
    print(
        f"  成果の候補: レビュー待ちに {summary.candidates_queued} 件追加"
        + (f"（登録済み {summary.candidates_known} 件）" if summary.candidates_known else "")
        + (
            f"、別の行で再掲された同じ値 {summary.candidates_restated} 件は最初の記載にまとめました"
            if summary.candidates_restated
            else ""
        )
    )
    if summary.skipped:
        print(f"  自治体別に登録しなかった報告: {len(summary.skipped)} 件")
        for skipped in summary.skipped:
            print(f"    #{skipped.report_index} {skipped.label}: {skipped.reason}")
    print("  成果の値はレビュー画面（データ管理 → レビュー）で承認・修正・却下してください。")
    return 0

"""Read → validate → write for the CLI and the upload screen: every problem reported at once, nothing written
unless all is well, and then everything in one transaction with its import batch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from core.i18n import t
from data_access.database import Database
from data_access.imports.problems import Problem, Rejected
from data_access.imports.read import Limits, RawTable, Reading, read_table
from data_access.imports.schema import TABLES
from data_access.imports.validate import Checker, check_with_stored, detect_kind, model_columns, validate_rows
from data_access.imports.write import CellChange, Plan, Progress, Rows, Writer, plan_districts, plan_rows, serialise
from data_access.models import ImportBatch, Source, SourceKind
from data_access.templates import TEMPLATES, template

MAX_PROBLEMS = 10_000  # problems written out (all are counted); the screen shows fewer and offers these as a file
LOCK_WAIT_SECONDS = 60  # how long an import waits for another one to finish writing
NAME_LENGTH = 255  # ImportBatch.file_name, Source.label
USER_LENGTH = 120  # ImportBatch.imported_by


@dataclass
class ImportOutcome:
    """What validating (and possibly writing) a file did."""

    file_name: str
    sha256: str
    kind: str | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS
    problem_count: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[CellChange] = field(default_factory=list)  # the first cells an update changes
    change_count: int = 0
    batch_id: int | None = None
    already_imported_batch: int | None = None  # same file imported before and nothing to change
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problem_count

    def reject(self, *problems: Problem) -> ImportOutcome:
        self.problems, self.problem_count = list(problems), len(problems)
        return self

    def problem_frame(self, lang: str = "ja", limit: int | None = None) -> pd.DataFrame:
        """The problems as the upload screen's table and its download (ファイル, シート, 行, 列, 値, 理由)."""
        return pd.DataFrame(
            [
                (p.file, p.sheet, p.row, p.column.text(lang) if p.column else "", p.shown_value(), p.reason(lang))
                for p in self.problems[:limit]
            ],
            columns=[t(f"import_col_{c}", lang) for c in ("file", "sheet", "row", "column", "value", "reason")],
        ).astype({t("import_col_row", lang): "Int64"})

    def change_frame(self, lang: str = "ja", limit: int | None = None) -> pd.DataFrame:
        """Every cell an import changes, from what to what (行, キー, 列, 変更前, 変更後)."""
        empty = t("import_empty_cell", lang)
        return pd.DataFrame(
            [(c.row, c.key, c.column.text(lang), c.before or empty, c.after or empty) for c in self.changes[:limit]],
            columns=[t(f"import_col_{c}", lang) for c in ("row", "key", "column", "before", "after")],
        )

    def summary(self, lang: str = "ja") -> str:
        """One sentence for the CLI and the screen."""
        values = dict(
            file=self.file_name,
            title=(TEMPLATES[self.kind].ja if lang == "ja" else TEMPLATES[self.kind].en) if self.kind else "",
            rows=f"{self.rows:,}",
            inserted=f"{self.inserted:,}",
            updated=f"{self.updated:,}",
            unchanged=f"{self.unchanged:,}",
        )
        if self.problem_count:
            return t("import_summary_problems", lang, file=self.file_name, count=f"{self.problem_count:,}")
        if self.dry_run:
            return t("import_summary_dry_run", lang, **values)
        if self.already_imported_batch is not None:
            return t("import_summary_already", lang, file=self.file_name, batch=self.already_imported_batch)
        if self.batch_id is None:
            return t("import_summary_same", lang, **values)
        return t("import_summary_done", lang, batch=self.batch_id, **values)


def _no_progress(_fraction: float, _message: str) -> None:
    """Default progress callback: the CLI prints only the summary."""


def import_file(
    db: Database,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    *,
    user: str = "local",
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> ImportOutcome:
    """Validate a template file and, when it has no problems and dry_run is false, write it in one transaction.

    Nothing is written when any problem is found, when the same file (sha256) was imported before and
    would change nothing, or when every row already holds the same values.
    """
    progress = progress or _no_progress
    today = today or dt.date.today()
    outcome = ImportOutcome(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    reading = Reading(file_name, limits or Limits.from_settings())
    progress(0.0, "ファイルを読み取っています")
    try:
        table = read_table(data, reading)
        kind = kind or detect_kind(table.headers)
        if kind is None:
            return outcome.reject(Problem(file_name, table.sheet, table.header_row, None, "", "undetectable_kind"))
        outcome.kind, outcome.rows = kind, len(table.cells)
        progress(0.1, f"{len(table.cells):,} 行を検証しています")
        with db.session() as session:
            if not dry_run:
                serialise(session, LOCK_WAIT_SECONDS)
            plan = _check(outcome, table, session, today, reading, progress)
            if plan is None or dry_run:
                return outcome
            if not plan.inserted and not plan.updated:
                outcome.already_imported_batch = session.scalars(
                    select(ImportBatch.id).where(ImportBatch.sha256 == outcome.sha256, ImportBatch.kind == kind)
                ).first()
                progress(1.0, "変更はありません")
                return outcome
            outcome.batch_id = _write(session, plan, outcome, user, progress)
    except Rejected as rejected:
        return outcome.reject(rejected.problem)
    except DBAPIError as exc:  # another writer got there first, or the wait for the lock ran out: nothing written
        key = (
            "conflict"
            if isinstance(exc, IntegrityError)
            else "busy"
            if isinstance(exc, OperationalError)
            else "database"
        )
        return outcome.reject(Problem(file_name, "", None, None, "", key, {"error": type(exc.orig).__name__}))
    progress(1.0, "取り込みが終わりました")
    return outcome


def _check(
    outcome: ImportOutcome, table: RawTable, session: Session, today: dt.date, reading: Reading, progress: Progress
) -> Plan | None:
    """Validate (filling outcome.problems) and, when all is well, plan the changes (filling the counts)."""
    tpl = template(outcome.kind)
    checker = Checker(table, tpl, outcome.file_name)
    checker.match_headers()
    checker.reader_notes()
    checker.invisible_characters()
    checker.required()
    if "municipality_code" in {c.key for c in tpl.columns}:
        checker.municipality()
    else:
        checker.prefecture()
    checker.parse_columns(model_columns(tpl.kind))
    reading.check_time(table.sheet)
    frame = validate_rows(checker, session, today)
    progress(0.4, "登録済みの値と比べています")
    existing = check_with_stored(checker, frame, session)
    reading.check_time(table.sheet)
    if checker.count:
        outcome.problems, outcome.problem_count = checker.problems(MAX_PROBLEMS), checker.count
        return None
    progress(0.5, "変更点を数えています")
    columns = [tpl.column(k) for k in tpl.natural_key]
    rows = Rows(
        frame.reset_index(drop=True),
        tpl,
        frozenset(checker.columns),
        table.row_numbers,
        [" / ".join(v or "（空欄）" for v in values) for values in zip(*(checker.raw(c.key) for c in columns))],
    )
    if tpl.kind == "districts_councils":
        plan = plan_districts(session, rows, today)
    else:
        plan = plan_rows(rows, TABLES[tpl.kind], existing)
    outcome.inserted, outcome.updated, outcome.unchanged = plan.inserted, plan.updated, plan.unchanged
    outcome.changes, outcome.change_count = plan.changes, plan.change_count
    return plan


def _write(session: Session, plan: Plan, outcome: ImportOutcome, user: str, progress: Progress) -> int:
    """The import batch, its source and the planned rows; returns the batch number."""
    batch = ImportBatch(
        kind=outcome.kind,
        file_name=outcome.file_name[:NAME_LENGTH],
        sha256=outcome.sha256,
        imported_by=user[:USER_LENGTH],
        rows_inserted=plan.inserted,
        rows_updated=plan.updated,
        rows_unchanged=plan.unchanged,
        note=TEMPLATES[outcome.kind].ja,
    )
    session.add(batch)
    session.flush()
    source = Source(kind=SourceKind.IMPORT_BATCH, import_batch_id=batch.id, label=outcome.file_name[:NAME_LENGTH])
    session.add(source)
    session.flush()
    plan.apply(source.id, Writer(session, progress, plan.inserted + plan.updated))
    return batch.id


def validate_file(
    db: Database,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportOutcome:
    """The 検証 step: all problems, or the counts and changed cells a real import would make."""
    return import_file(db, data, file_name, kind, dry_run=True, progress=progress, today=today)


# --------------------------------------------------------------------------------------------- CLI


MAX_PRINTED = 200


def run_import_command(db: Database, args: argparse.Namespace) -> int:
    """`python -m data_access import FILE [--kind KIND] [--dry-run] [--user NAME]`: 0 on success, 2 on problems.
    Prints Japanese; a dry run also lists the cells that would change."""
    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(f"ファイルがありません: {path}")
    if args.kind is not None:
        template(args.kind)
    limits = Limits.from_settings()
    if path.stat().st_size > limits.max_bytes:  # refused before the file is read into memory
        outcome = ImportOutcome(file_name=path.name, sha256="").reject(
            Reading(path.name, limits)
            .fail(
                "too_large",
                size=f"{path.stat().st_size / 1024 / 1024:,.1f}",
                max=f"{limits.max_bytes / 1024 / 1024:,.1f}",
            )
            .problem
        )
    else:
        outcome = import_file(
            db, path.read_bytes(), path.name, args.kind, user=args.user or "cli", dry_run=args.dry_run, limits=limits
        )
    print(outcome.summary())
    lines = [f"  {p}" for p in outcome.problems]
    if outcome.ok and outcome.dry_run:
        lines = [
            f"  {c.row}行目 {c.key}「{c.column.ja}」: {c.before or '（空欄）'} → {c.after or '（空欄）'}"
            for c in outcome.changes
        ]
    for line in lines[:MAX_PRINTED]:
        print(line)
    hidden = max(outcome.problem_count if not outcome.ok else outcome.change_count, len(lines)) - MAX_PRINTED
    if hidden > 0:
        print(f"  ……ほか {hidden:,} 件")
    return 0 if outcome.ok else 2

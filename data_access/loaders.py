"""Load the municipality master and the demo data into a migrated database, idempotently.

Rows are matched on their natural key: loading twice changes nothing, a corrected file updates in place.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import master
from data_access.database import Database
from data_access.demo_build import DEMO_FILE, SYNTHETIC, TABLE_KEYS, DocumentRef, Row
from data_access.models import (
    Base,
    ConsultationStat,
    Council,
    CouncilActivity,
    District,
    ImportBatch,
    Municipality,
    MunicipalityFact,
    Prefecture,
    ProgramCount,
    ProgramKind,
    ProgramStage,
    ProgramStatus,
    Source,
    SourceKind,
    Target,
    TrainingParticipation,
)

SYNTHETIC_LABEL = "デモ用の合成データ（build-demo が生成）"
ModelT = TypeVar("ModelT", bound=Base)


@dataclass
class LoadReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[table] = bucket.get(table, 0) + 1

    @property
    def total_inserted(self) -> int:
        return sum(self.inserted.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())


def load_master(db: Database) -> LoadReport:
    """Prefectures, today's municipalities and wards (japancode package, brought up to date by
    master.REORGANISATIONS). A unit abolished since stays only while some row refers to it, marked with the day
    it ended; an unreferenced one is removed."""
    report = LoadReport()
    with db.session() as session:
        existing_prefs = {p.code: p for p in session.scalars(select(Prefecture))}
        for pref in master.prefectures():
            _upsert(session, report, existing_prefs.get(pref.code), Prefecture, vars(pref))
        session.flush()
        existing = {m.code: m for m in session.scalars(select(Municipality))}
        records = sorted(master.municipalities(), key=lambda r: (r.parent_code is not None, r.code))
        for rec in records:
            _upsert(session, report, existing.get(rec.code), Municipality, {**vars(rec), "abolished_on": None})
        session.flush()
        referenced = _referenced_municipalities(session)
        for code, (_rec, ended) in master.abolished_units().items():
            row = existing.get(code)
            if row is None:
                continue
            if code in referenced:
                _upsert(session, report, row, Municipality, {"abolished_on": ended})
            else:
                session.delete(row)
                report.count(Municipality.__tablename__, "deleted")
    return report


def _referenced_municipalities(session: Session) -> set[str]:
    """Codes that any row of any table refers to (every foreign key to municipalities.code)."""
    codes: set[str] = set()
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if table.name != Municipality.__tablename__ and any(
                fk.column is Municipality.__table__.c.code for fk in column.foreign_keys
            ):
                codes |= set(session.scalars(select(column).distinct()))
    return codes


REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def load_reference(db: Database) -> LoadReport:
    """Published national figures every database carries as context (e.g. how many municipalities run
    重層的支援体制整備事業 each year), from data_access/reference/*.csv; each value cites its file and line."""
    report = LoadReport()
    path = REFERENCE_DIR / "jusou_national_counts.csv"
    with db.session() as session:
        existing = {
            (r.fiscal_year, r.program, r.stage): r
            for r in session.scalars(select(ProgramCount).where(ProgramCount.prefecture_code.is_(None)))
        }
        with path.open(encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                key = (int(row["fiscal_year"]), ProgramKind(row["program"]), ProgramStage(row["stage"]))
                source = _statistic_source(session, path.name, line, row["source"])
                _upsert(
                    session,
                    report,
                    existing.get(key),
                    ProgramCount,
                    dict(
                        prefecture_code=None,
                        fiscal_year=key[0],
                        program=key[1],
                        stage=key[2],
                        municipalities=int(row["municipalities"]),
                        planned=row["planned"] == "true",
                        source_id=source.id,
                    ),
                )
    return report


def _statistic_source(session: Session, document: str, line: int, label: str) -> Source:
    source = session.scalars(
        select(Source).where(
            Source.kind == SourceKind.STATISTIC, Source.document == document, Source.line == line, Source.label == label
        )
    ).one_or_none()
    if source is None:
        source = Source(kind=SourceKind.STATISTIC, document=document, line=line, label=label)
        session.add(source)
        session.flush()
    return source


def _upsert(
    session: Session, report: LoadReport, row: ModelT | None, model: type[ModelT], values: dict[str, Any]
) -> ModelT:
    table = model.__tablename__
    if row is None:
        row = model(**values)
        session.add(row)
        report.count(table, "inserted")
        return row
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    report.count(table, "updated" if changed else "unchanged")
    return row


class SourceCache:
    """Get-or-create Source rows for document lines and the synthetic marker."""

    def __init__(self, session: Session):
        self.session = session
        self._by_key: dict[tuple[SourceKind, str | None, int | None, int | None, str], Source] = {
            (s.kind, s.document, s.line, s.import_batch_id, s.label): s for s in session.scalars(select(Source))
        }

    def get(self, ref: DocumentRef | str) -> Source:
        key: tuple[SourceKind, str | None, int | None, int | None, str]
        if isinstance(ref, str):
            if ref != SYNTHETIC:
                raise ValueError(f"出典は資料と行か {SYNTHETIC!r} です: {ref!r}")
            key = (SourceKind.SYNTHETIC, None, None, None, SYNTHETIC_LABEL)
        else:
            key = (SourceKind.DOCUMENT, ref["document"], int(ref["line"]), None, "")
        source = self._by_key.get(key)
        if source is None:
            kind, document, line, batch, label = key
            source = Source(kind=kind, document=document, line=line, import_batch_id=batch, label=label)
            self.session.add(source)
            self.session.flush()
            self._by_key[key] = source
        return source


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_demo(db: Database, path: Path = DEMO_FILE, user: str = "system") -> LoadReport:
    """Load the demo data file in one transaction (nothing is written if any row fails).

    A load that changes something is recorded as an import batch (audit log); a repeated load is not.
    """
    raw = Path(path).read_bytes()
    data = json.loads(raw.decode("utf-8"))
    missing = [key for key in TABLE_KEYS if key not in data]
    if missing:
        raise ValueError(f"デモデータファイル {path} に項目がありません: {', '.join(missing)}")
    report = LoadReport()
    with db.session() as session:
        sources = SourceCache(session)
        loader = _DemoLoader(session, sources, report)
        for key in TABLE_KEYS:
            for row in data[key]:
                getattr(loader, key)(dict(row))
        if report.total_inserted or report.total_updated:
            session.add(
                ImportBatch(
                    kind="demo",
                    file_name=Path(path).name,
                    sha256=hashlib.sha256(raw).hexdigest(),
                    imported_by=user,
                    rows_inserted=report.total_inserted,
                    rows_updated=report.total_updated,
                    rows_unchanged=sum(report.unchanged.values()),
                    note="実資料の数値（資料名・行番号つき）と合成データ（サンプル）",
                )
            )
    return report


class _DemoLoader:
    """One method per section of the demo file; each upserts on the table's natural key."""

    def __init__(self, session: Session, sources: SourceCache, report: LoadReport):
        self.session = session
        self.sources = sources
        self.report = report
        self._rows: dict[type[Base], dict[tuple[Any, ...], Base]] = {}
        self._districts: dict[tuple[str, str], District] = {
            (d.municipality_code, d.code): d for d in session.scalars(select(District))
        }

    def _put(self, model: type[ModelT], key: dict[str, Any], values: dict[str, Any]) -> ModelT:
        existing = self._existing(model, tuple(key))
        natural_key = tuple(key.values())
        row = _upsert(self.session, self.report, existing.get(natural_key), model, {**key, **values})
        existing[natural_key] = row
        return row

    def _existing(self, model: type[ModelT], columns: tuple[str, ...]) -> dict[tuple[Any, ...], ModelT]:
        """All rows of a table by natural key, read once per load instead of one query per row."""
        if model not in self._rows:
            self._rows[model] = {
                tuple(getattr(row, c) for c in columns): row for row in self.session.scalars(select(model))
            }
        # _rows holds each model's own rows under the model: a pairing of key and value types mypy cannot state
        return cast("dict[tuple[Any, ...], ModelT]", self._rows[model])

    def _district_id(self, municipality_code: str, code: str | None) -> int | None:
        if code is None:
            return None
        try:
            return self._districts[(municipality_code, code)].id
        except KeyError:
            raise ValueError(f"地区コード {code} が自治体 {municipality_code} に登録されていません") from None

    def municipality_facts(self, r: Row) -> None:
        self._put(
            MunicipalityFact,
            dict(municipality_code=r["municipality_code"], fiscal_year=r["fiscal_year"], metric=r["metric"]),
            dict(
                value=float(r["value"]),
                unit=r["unit"],
                as_of=_date(r.get("as_of")),
                source_id=self.sources.get(r["source"]).id,
            ),
        )

    def districts(self, r: Row) -> None:
        row = self._put(
            District,
            dict(municipality_code=r["municipality_code"], code=r["code"]),
            dict(name=r["name"], kind=r["kind"], source_id=self.sources.get(r["source"]).id),
        )
        self.session.flush()  # councils and activities need the district id
        self._districts[(r["municipality_code"], r["code"])] = row

    def councils(self, r: Row) -> None:
        self._put(
            Council,
            dict(
                municipality_code=r["municipality_code"],
                tier=r["tier"],
                district_id=self._district_id(r["municipality_code"], r["district_code"]),
            ),
            dict(
                status=r["status"],
                status_as_of=_date(r["status_as_of"]),
                established_on=_date(r["established_on"]),
                established_precision=r["established_precision"],
                source_id=self.sources.get(r["source"]).id,
            ),
        )

    def coordinators(self, r: Row) -> None:
        district_id = self._district_id(r["municipality_code"], r["district_code"])
        council = self.session.scalars(
            select(Council).where(
                Council.municipality_code == r["municipality_code"], Council.district_id == district_id
            )
        ).one()
        _upsert(
            self.session,
            self.report,
            council,
            Council,
            dict(
                coordinator_placed_on=_date(r["placed_on"]),
                coordinator_precision=r["precision"],
                coordinator_source_id=self.sources.get(r["source"]).id,
            ),
        )

    def council_activities(self, r: Row) -> None:
        self._put(
            CouncilActivity,
            dict(
                municipality_code=r["municipality_code"],
                district_id=self._district_id(r["municipality_code"], r["district_code"]),
                fiscal_year=r["fiscal_year"],
                metric=r["metric"],
                period_end=_date(r["period_end"]),
            ),
            dict(
                value=float(r["value"]),
                unit=r["unit"],
                event_date=_date(r.get("event_date")),
                source_id=self.sources.get(r["source"]).id,
            ),
        )

    def program_statuses(self, r: Row) -> None:
        self._put(
            ProgramStatus,
            dict(municipality_code=r["municipality_code"], fiscal_year=r["fiscal_year"], program=r["program"]),
            dict(stage=r["stage"], source_id=self.sources.get(r["source"]).id),
        )

    def program_counts(self, r: Row) -> None:
        self._put(
            ProgramCount,
            dict(
                prefecture_code=r["prefecture_code"],
                fiscal_year=r["fiscal_year"],
                program=r["program"],
                stage=r["stage"],
            ),
            dict(municipalities=r["municipalities"], source_id=self.sources.get(r["source"]).id),
        )

    def consultation_stats(self, r: Row) -> None:
        self._put(
            ConsultationStat,
            dict(
                municipality_code=r["municipality_code"],
                district_id=None,
                fiscal_year=r["fiscal_year"],
                period_end=_date(r["period_end"]),
                category=r["category"],
                basis=r["basis"],
                unit=r["unit"],
            ),
            dict(
                is_partial_year=r["is_partial_year"],
                new_cases=r["new_cases"],
                continuing_cases=r["continuing_cases"],
                closed_cases=r["closed_cases"],
                referred_cases=r["referred_cases"],
                ongoing_cases=r["ongoing_cases"],
                source_id=self.sources.get(r["source"]).id,
            ),
        )

    def targets(self, r: Row) -> None:
        self._put(
            Target,
            dict(
                municipality_code=r["municipality_code"],
                fiscal_year=r["fiscal_year"],
                metric=r["metric"],
                unit=r["unit"],
            ),
            dict(value=float(r["value"]), due_on=_date(r["due_on"]), source_id=self.sources.get(r["source"]).id),
        )

    def training(self, r: Row) -> None:
        self._put(
            TrainingParticipation,
            dict(prefecture_code=r["prefecture_code"], fiscal_year=r["fiscal_year"], program_name=r["program_name"]),
            {
                k: r[k]
                for k in (
                    "municipalities",
                    "teams",
                    "staff_government",
                    "staff_social_welfare_council",
                    "staff_consultation_agencies",
                    "participants",
                )
            }
            | dict(source_id=self.sources.get(r["source"]).id),
        )

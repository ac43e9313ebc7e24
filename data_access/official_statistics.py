"""Official municipality statistics: 住民基本台帳 population, households and age groups, 国土地理院 areas, the
国勢調査 preliminary count and the city designations, loaded as dated facts that cite their statistic.

These are the denominators users check us against, so the loader is strict: a file that is malformed (a missing
column, a cell that is not a number, a code twice, a code the master does not know) is refused with a Japanese
message naming the file, row and column, and nothing is written. Everything is written in one transaction with
one import batch; a second run with the same files changes nothing, a newer or corrected file updates the facts
it changes and is logged as a new batch.

Files are found by name, so next year's files load without a code change:
``jumin<YYYY>.csv`` / ``jumin<YYYY>demog.csv`` (1 January of YYYY, 6-digit codes), ``area<YYYYMMDD>.csv``
(5-digit codes), ``kokusei<YYYY>sokuho.csv`` (1 October of YYYY, preliminary, 5-digit codes) and
``designations<YYYY>.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.domain import wareki_date
from core.i18n import t
from data_access import master
from data_access.database import Database
from data_access.japanese_dates import fiscal_year_of, parse_date
from data_access.models import (
    ImportBatch,
    MunicipalityDesignation,
    MunicipalityFact,
    Source,
    SourceKind,
    table_of,
)

AGE_GROUPS = (*(f"{low}_{low + 4}" for low in range(0, 100, 5)), "100_")
AGE_65_OVER = tuple(g for g in AGE_GROUPS if int(g.split("_")[0]) >= 65)
AGE_75_OVER = tuple(g for g in AGE_GROUPS if int(g.split("_")[0]) >= 75)
DESIGNATIONS = {"seirei": "designated_city", "chukaku": "core_city", "tokurei": "special_city"}
NATION = "000000"
# 北方領土: six villages with codes but no residents and no municipal government; not in the master.
NORTHERN_TERRITORIES = frozenset({"01695", "01696", "01697", "01698", "01699", "01700"})


class StatisticsError(ValueError):
    """A statistics file that cannot be loaded, explained in Japanese (file, row, column)."""


@dataclass(frozen=True)
class StatisticFile:
    """One file of the population directory: what it is, the day it describes, its code width."""

    path: Path
    kind: str  # jumin, demog, area, census
    as_of: dt.date
    code_digits: int
    columns: tuple[str, ...]

    @property
    def title(self) -> str:
        """Publisher, title and date, as the credit line names them (Source.label)."""
        return t(f"statistic_title_{self.kind}", "ja", date=wareki_date(self.as_of))


_PATTERNS: tuple[tuple[str, str, Callable[[re.Match[str]], dt.date], int, tuple[str, ...]], ...] = (
    (
        r"jumin(\d{4})\.csv",
        "jumin",
        lambda m: dt.date(int(m[1]), 1, 1),
        6,
        ("code", "malepop", "femalepop", "totalpop", "setai"),
    ),
    (
        r"jumin(\d{4})demog\.csv",
        "demog",
        lambda m: dt.date(int(m[1]), 1, 1),
        6,
        ("code", *(f"total{g}" for g in AGE_GROUPS)),
    ),
    (
        r"area(\d{4})(\d{2})(\d{2})\.csv",
        "area",
        lambda m: dt.date(int(m[1]), int(m[2]), int(m[3])),
        5,
        ("code", "area"),
    ),
    (r"kokusei(\d{4})sokuho\.csv", "census", lambda m: dt.date(int(m[1]), 10, 1), 5, ("code", "totalpop")),
)


def statistic_files(directory: Path) -> list[StatisticFile]:
    """The statistics files of a directory, in load order (population before the files derived from it)."""
    if not directory.is_dir():
        raise StatisticsError(
            f"人口統計のフォルダが見つかりません: {directory}（設定 DASHBOARD_POPULATION_DIR を確認してください）"
        )
    found = []
    for path in sorted(directory.iterdir()):
        for pattern, kind, date_of, digits, columns in _PATTERNS:
            match = re.fullmatch(pattern, path.name)
            if match:
                try:
                    as_of = date_of(match)
                except ValueError:
                    raise StatisticsError(f"{path.name}: ファイル名の日付が正しくありません") from None
                found.append(StatisticFile(path, kind, as_of, digits, columns))
    order = {"jumin": 0, "demog": 1, "area": 2, "census": 3}
    return sorted(found, key=lambda f: (order[f.kind], f.as_of))


def _read(file: StatisticFile) -> pd.DataFrame:
    """The file's rows by code (as text), every required column present and a number; first data row is 2."""
    try:
        frame = pd.read_csv(file.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise StatisticsError(f"{file.path.name}: 文字コードが UTF-8 ではありません") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StatisticsError(f"{file.path.name}: CSV として読めません（{exc}）") from None
    missing = [c for c in file.columns if c not in frame.columns]
    if missing:
        raise StatisticsError(f"{file.path.name}: 列 {'、'.join(missing)} がありません")
    frame = frame[list(file.columns)].copy()
    frame["row"] = range(2, len(frame) + 2)
    codes = frame["code"].str.strip()
    bad_code = ~codes.str.fullmatch(rf"\d{{{file.code_digits}}}")
    if bad_code.any():
        row = frame[bad_code].iloc[0]
        raise StatisticsError(
            f"{file.path.name} {row['row']}行目 列 code: {file.code_digits}桁の団体コードではありません"
            f"（{row['code']!r}）"
        )
    duplicated = codes.duplicated()
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        raise StatisticsError(f"{file.path.name} {row['row']}行目 列 code: 団体コード {row['code']} が重複しています")
    frame["code"] = codes
    for column in file.columns[1:]:
        numbers = pd.to_numeric(frame[column].str.strip(), errors="coerce")
        bad = numbers.isna() | (numbers < 0)
        if bad.any():
            row = frame[bad].iloc[0]
            raise StatisticsError(
                f"{file.path.name} {row['row']}行目 列 {column}: 0以上の数値ではありません（{row[column]!r}）"
            )
        frame[column] = numbers
    return frame.set_index("code")


def _classify(code5: str, as_of: dt.date) -> str:
    """What a row that is not a municipality or ward of the master is: the nation, a prefecture, a 郡 subtotal,
    Tokyo's 23 wards together, a 北方領土 village, a unit abolished after the file's date — or unknown."""
    abolished = {code[:5]: ended for code, (_rec, ended) in master.abolished_units().items()}
    if code5 == "00000":
        return "nation"
    if code5[2:] == "000":
        return "prefecture"
    if code5 in NORTHERN_TERRITORIES:
        return "northern_territory"
    if code5 == "13100":
        return "tokyo_wards"
    if int(code5[2:]) >= 300 and code5[4] == "0":
        return "county"
    if code5 in abolished and as_of < abolished[code5]:
        return "abolished"
    return "unknown"


def _by_master_code(file: StatisticFile, frame: pd.DataFrame, known: set[str]) -> pd.DataFrame:
    """The file's rows of the master's municipalities and wards, keyed by the 6-digit code. Every other row
    must be one of the units `_classify` names; anything else is an error (a code the master does not know)."""
    by_code5 = {code[:5]: code for code in known}
    codes = frame.index if file.code_digits == 6 else frame.index.map(lambda c: by_code5.get(c, c))
    for raw, code in zip(frame.index, codes):
        if code not in known and _classify(raw[:5], file.as_of) == "unknown":
            raise StatisticsError(
                f"{file.path.name} {frame.loc[raw, 'row']}行目 列 code: 団体コード {raw} は自治体マスタにありません"
                "（市区町村・行政区・都道府県・郡・北方領土のいずれでもありません）"
            )
    out = frame.copy()
    out.index = pd.Index(codes, name="code")
    return out[out.index.isin(known)]


def _codes(frame: pd.DataFrame) -> list[str]:
    """The codes a frame of _by_master_code is indexed by (pandas types an index's labels only as Hashable)."""
    return [str(code) for code in frame.index]


def _by_code(column: pd.Series[float]) -> list[tuple[str, float]]:
    """(code, value) of a column of a frame of _by_master_code."""
    return [(str(code), float(value)) for code, value in column.items()]


@dataclass
class StatisticsReport:
    """What a load did: facts inserted, updated and unchanged, designations, files read, the batch."""

    files: list[str] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_reported: int = 0  # a municipality's own figure for that year exists; the statistic does not replace it
    designations: int = 0
    batch_id: int | None = None

    def summary(self) -> str:
        return (
            f"人口統計（{len(self.files)} ファイル）: 追加 {self.inserted:,} 件・更新 {self.updated:,} 件・"
            f"変更なし {self.unchanged:,} 件、指定都市等 {self.designations} 件"
            + (f"、取り込み #{self.batch_id}" if self.batch_id else "（書き込みなし）")
        )


@dataclass(frozen=True)
class _Fact:
    code: str
    metric: str
    value: float
    unit: str
    as_of: dt.date
    file: StatisticFile
    derived: str | None = None  # the label of a value computed from two files (density)


def _facts(files: list[StatisticFile], known: set[str]) -> list[_Fact]:
    """Every fact the files hold for the master's municipalities and wards; rows of other units are classified,
    never silently dropped (an unknown code is an error)."""
    municipalities = {m.code for m in master.municipalities() if m.kind != "ward"}
    facts: list[_Fact] = []
    populations: dict[dt.date, pd.Series] = {}
    areas: dict[dt.date, pd.Series] = {}
    for file in files:
        frame = _read(file)
        rows = _by_master_code(file, frame, known)
        if file.kind == "jumin":
            if NATION in frame.index:
                total = int(rows.loc[rows.index.isin(municipalities), "totalpop"].sum())
                national = int(frame["totalpop"][NATION])
                if total != national:
                    raise StatisticsError(
                        f"{file.path.name} 列 totalpop: 市区町村の合計 {total:,} 人が全国の行 {national:,} 人と"
                        "一致しません（行が欠けている可能性があります）"
                    )
            populations[file.as_of] = rows["totalpop"]
            for column, metric, unit in (
                ("totalpop", "population", "人"),
                ("malepop", "population_male", "人"),
                ("femalepop", "population_female", "人"),
                ("setai", "households", "世帯"),
            ):
                facts += [_Fact(c, metric, float(v), unit, file.as_of, file) for c, v in _by_code(rows[column])]
        elif file.kind == "demog":
            groups = rows[[f"total{g}" for g in AGE_GROUPS]]
            counted = groups.sum(axis=1)  # the groups can add up to slightly less than totalpop: shares use them
            aged_65 = groups[[f"total{g}" for g in AGE_65_OVER]].sum(axis=1)
            aged_75 = groups[[f"total{g}" for g in AGE_75_OVER]].sum(axis=1)
            for code in _codes(rows):
                facts.append(_Fact(code, "population_65_over", float(aged_65[code]), "人", file.as_of, file))
                facts.append(_Fact(code, "population_75_over", float(aged_75[code]), "人", file.as_of, file))
                if counted[code] > 0:
                    share_65 = round(100 * aged_65[code] / counted[code], 2)
                    share_75 = round(100 * aged_75[code] / counted[code], 2)
                    facts.append(_Fact(code, "aging_rate", share_65, "%", file.as_of, file))
                    facts.append(_Fact(code, "share_75_over", share_75, "%", file.as_of, file))
        elif file.kind == "area":
            areas[file.as_of] = rows["area"]
            facts += [_Fact(c, "area", float(v), "km²", file.as_of, file) for c, v in _by_code(rows["area"])]
        else:
            facts += [
                _Fact(c, "census_population_preliminary", float(v), "人", file.as_of, file)
                for c, v in _by_code(rows["totalpop"])
            ]
    for day, population in populations.items():
        if not areas:
            continue
        area_day = min(areas, key=lambda d: abs((d - day).days))  # the area of the same day, or the nearest
        area = areas[area_day]
        density = (population / area.reindex(population.index)).where(area.reindex(population.index) > 0)
        jumin = next(f for f in files if f.kind == "jumin" and f.as_of == day)
        area_file = next(f for f in files if f.kind == "area" and f.as_of == area_day)
        label = t(
            "statistic_title_density",
            "ja",
            population=jumin.title,
            area=area_file.title,
        )
        facts += [
            _Fact(c, "population_density", round(float(v), 1), "人/km²", day, jumin, derived=label)
            for c, v in _by_code(density.dropna())
        ]
    return facts


def latest_populations(directory: Path) -> dict[str, int]:
    """Code -> 住民基本台帳 population of every municipality and ward, from the newest jumin<YYYY>.csv (the demo
    and the synthetic national dataset draw their invented counts in proportion to it)."""
    jumin = [f for f in statistic_files(directory) if f.kind == "jumin"]
    if not jumin:
        raise StatisticsError(f"{directory}: 住民基本台帳人口のファイル（jumin<年>.csv）がありません")
    known = {m.code for m in master.municipalities()}
    rows = _by_master_code(jumin[-1], _read(jumin[-1]), known)
    return {code: int(value) for code, value in _by_code(rows["totalpop"])}


def _designations(directory: Path, known: set[str]) -> tuple[Path, list[tuple[str, str, dt.date | None]]] | None:
    """(file, [(code, designation, since)]) from the newest designations<YYYY>.json, or None."""
    files = sorted(directory.glob("designations[0-9][0-9][0-9][0-9].json"))
    if not files:
        return None
    path = files[-1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StatisticsError(f"{path.name}: JSON として読めません（{exc}）") from None
    by_code5 = {code[:5]: code for code in known}
    out = []
    for key, designation in DESIGNATIONS.items():
        if not isinstance(data.get(key), list):
            raise StatisticsError(f"{path.name}: 項目 {key} がありません")
        for position, entry in enumerate(data[key], start=1):
            # 政令指定都市 come with the day they became one; 中核市 and 施行時特例市 as bare codes
            code5 = str(entry.get("code", "")) if isinstance(entry, dict) else str(entry)
            if code5 not in by_code5:
                raise StatisticsError(
                    f"{path.name} {key} の{position}件目 項目 code: 団体コード {code5!r} は自治体マスタにありません"
                )
            transitioned = entry.get("transitioned") if isinstance(entry, dict) else None
            try:
                since = parse_date(transitioned)[0] if transitioned else None
            except ValueError as exc:
                raise StatisticsError(f"{path.name} {key} の{position}件目 項目 transitioned: {exc}") from None
            out.append((by_code5[code5], designation, since))
    return path, out


def load_statistics(db: Database, directory: Path, user: str = "system") -> StatisticsReport:
    """Load every statistics file of `directory` in one transaction (see the module docstring)."""
    files = statistic_files(directory)
    if not files:
        raise StatisticsError(f"{directory}: 人口統計のファイル（jumin<年>.csv など）がありません")
    known = {m.code for m in master.municipalities()}
    facts = _facts(files, known)
    designations = _designations(directory, known)
    paths = [f.path for f in files] + ([designations[0]] if designations else [])
    report = StatisticsReport(files=[p.name for p in paths])
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    with db.session() as session:
        batch = ImportBatch(
            kind="statistics",
            file_name=_file_names(report.files),
            sha256=digest.hexdigest(),
            imported_by=user,
            note=t("credit_statistics", "ja"),
        )
        session.add(batch)
        session.flush()
        sources = _Sources(session, batch)
        _write_facts(session, facts, sources, report)
        if designations:
            _write_designations(session, designations, sources, report)
        if report.inserted or report.updated or report.designations:
            batch.rows_inserted, batch.rows_updated, batch.rows_unchanged = (
                report.inserted,
                report.updated,
                report.unchanged,
            )
            report.batch_id = batch.id
        else:
            session.rollback()  # nothing changed: no batch, no sources
            report.unchanged = len(facts)
            report.inserted = report.updated = 0
    return report


def _file_names(names: Iterable[str]) -> str:
    text = ", ".join(names)
    return text if len(text) <= 255 else text[:250] + " ほか"


class _Sources:
    """One Source per statistic (file, or a value derived from two files) for this batch, made when first cited."""

    def __init__(self, session: Session, batch: ImportBatch):
        self.session, self.batch = session, batch
        self._made: dict[tuple[str, str], int] = {}

    def id_for(self, document: str, label: str, kind: str) -> int:
        """`kind` (Source.note) names the statistic's short name in the catalogue, statistic_short_<kind>, which a
        card under a figure shows in the UI language."""
        key = (document, label)
        if key not in self._made:
            source = Source(
                kind=SourceKind.STATISTIC,
                document=document,
                import_batch_id=self.batch.id,
                label=label,
                note=kind,
            )
            self.session.add(source)
            self.session.flush()
            self._made[key] = source.id
        return self._made[key]


REPORTED_KINDS = (SourceKind.DOCUMENT, SourceKind.IMPORT_BATCH)


def _write_facts(session: Session, facts: list[_Fact], sources: _Sources, report: StatisticsReport) -> None:
    metrics = sorted({f.metric for f in facts})
    existing = {
        (row.municipality_code, row.fiscal_year, row.metric): row
        for row in session.execute(
            select(
                MunicipalityFact.id,
                MunicipalityFact.municipality_code,
                MunicipalityFact.fiscal_year,
                MunicipalityFact.metric,
                MunicipalityFact.value,
                MunicipalityFact.unit,
                MunicipalityFact.as_of,
                Source.kind,
            )
            .join(Source, Source.id == MunicipalityFact.source_id)
            .where(MunicipalityFact.metric.in_(metrics))
        )
    }
    inserts, updates = [], []
    for fact in facts:
        fiscal_year = fiscal_year_of(fact.as_of)
        current = existing.get((fact.code, fiscal_year, fact.metric))
        if current is not None and current.kind in REPORTED_KINDS:
            report.kept_reported += 1
            continue
        if current is not None and (current.value, current.unit, current.as_of) == (fact.value, fact.unit, fact.as_of):
            report.unchanged += 1
            continue
        source_id = sources.id_for(
            fact.file.path.name,
            fact.derived or fact.file.title,
            "density" if fact.derived else fact.file.kind,
        )
        values = dict(value=fact.value, unit=fact.unit, as_of=fact.as_of, source_id=source_id)
        if current is None:
            inserts.append(dict(municipality_code=fact.code, fiscal_year=fiscal_year, metric=fact.metric, **values))
        else:
            updates.append(dict(id=current.id, **values))
    if inserts:
        session.execute(table_of(MunicipalityFact).insert(), inserts)
    if updates:
        session.execute(update(MunicipalityFact), updates)
    report.inserted, report.updated = len(inserts), len(updates)


def _write_designations(
    session: Session,
    designations: tuple[Path, list[tuple[str, str, dt.date | None]]],
    sources: _Sources,
    report: StatisticsReport,
) -> None:
    path, entries = designations
    existing = {d.municipality_code: d for d in session.scalars(select(MunicipalityDesignation))}
    label = t("statistic_title_designations", "ja", year=path.stem.removeprefix("designations"))
    for code, designation, since in entries:
        row = existing.pop(code, None)
        if row is not None and (row.designation, row.since) == (designation, since):
            continue
        source_id = sources.id_for(path.name, label, "designations")
        if row is None:
            session.add(
                MunicipalityDesignation(
                    municipality_code=code, designation=designation, since=since, source_id=source_id
                )
            )
        else:
            row.designation, row.since, row.source_id = designation, since, source_id
        report.designations += 1
    for row in existing.values():  # no longer designated (e.g. a 施行時特例市 that became a 中核市 is listed there)
        session.delete(row)
        report.designations += 1

"""A deterministic synthetic nationwide dataset, for benchmarks and load tests only.

All 1,741 municipalities (+ wards from the master), about 10,000 districts with councils set up over
FY2015–FY2025, programme status per year, year-to-date monthly consultation counts for ten fiscal years
(about 200,000 rows), targets and training. Every invented row cites one `synthetic` source; the populations they
are drawn from are the official statistics (load-population), which stay real. It refuses to write into a
database that holds any fact other than the official statistics, so invented numbers never mix with sourced ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterator

from sqlalchemy import func, insert, select

from core.domain import JUSOU_START
from data_access import loaders, master, queries
from data_access.database import Database
from data_access.draws import poisson
from data_access.japanese_dates import fiscal_year_end
from data_access.models import (
    FACT_TABLES,
    ConsultationStat,
    Council,
    District,
    MunicipalityDesignation,
    MunicipalityFact,
    ProgramCount,
    ProgramStatus,
    Source,
    SourceKind,
    Target,
    TrainingParticipation,
)

YEARS = range(2015, 2025)  # ten fiscal years of consultations
COUNCIL_YEARS = (2015, 2025)
PROGRAM_YEARS = range(JUSOU_START, 2026)  # 重層事業 and its 移行準備 exist from 令和3年度
CHUNK = 5_000


def _source_id(db: Database, seed: int) -> int:
    label = f"全国合成データ（seed {seed}）"
    with db.session() as session:
        source = session.scalars(
            select(Source).where(Source.kind == SourceKind.SYNTHETIC, Source.label == label)
        ).first()
        if source is None:
            source = Source(kind=SourceKind.SYNTHETIC, label=label, note="generate-synthetic: ベンチマーク専用")
            session.add(source)
            session.flush()
        return source.id


OFFICIAL_TABLES = (MunicipalityFact, MunicipalityDesignation, ProgramCount)  # statistics and reference counts


def _refuse_mixing(db: Database) -> None:
    """Only the official statistics and reference counts may be there: no document, import or demo fact."""
    with db.engine.connect() as conn:
        real = conn.execute(
            select(func.count())
            .select_from(Source)
            .where(Source.kind.not_in([SourceKind.SYNTHETIC, SourceKind.STATISTIC]))
        ).scalar_one()
        facts = sum(
            conn.execute(select(func.count()).select_from(model)).scalar_one()
            for model in FACT_TABLES
            if model not in OFFICIAL_TABLES
        )
    if real or facts:
        raise ValueError(
            "このデータベースには既にデータがあります。全国合成データは、公的統計だけを読み込んだデータベース専用です"
            "（デモデータ・実データと混ぜないため）。別の DATABASE_URL を指定してください。"
        )


def _official_populations(db: Database, codes: list[str]) -> dict[str, int]:
    """The 住民基本台帳 population of each municipality (the newest statistic); all are required."""
    facts = queries.facts_for_year(db, None, 2024, ["population"])
    populations = dict(zip(facts["code"], facts["value"].astype(int)))
    missing = [code for code in codes if code not in populations]
    if missing:
        raise ValueError(
            f"公的統計の人口がない自治体が {len(missing)} 団体あります（{missing[0]} など）。"
            "先に `python -m data_access load-population` を実行してください。"
        )
    return populations


def _month_ends(fiscal_year: int) -> Iterator[dt.date]:
    for i in range(12):
        year, month = (fiscal_year, 4 + i) if i < 9 else (fiscal_year + 1, i - 8)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        yield nxt - dt.timedelta(days=1)


def _bulk(db: Database, model, rows: list[dict]) -> None:
    with db.session() as session:
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(model), rows[start : start + CHUNK])


def generate(db: Database, seed: int = 1, prefecture_code: str | None = None) -> dict[str, int]:
    """Write the dataset (national, or one prefecture) and return row counts per table."""
    db.migrate()
    loaders.load_master(db)
    _refuse_mixing(db)
    municipalities = [
        m
        for m in master.municipalities()
        if m.kind != "ward" and (prefecture_code is None or m.prefecture_code == prefecture_code)
    ]
    populations = _official_populations(db, [m.code for m in municipalities])
    source = _source_id(db, seed)
    rng = random.Random(seed)
    districts, programs, stats, targets = [], [], [], []
    for m in municipalities:
        population = max(populations[m.code], 1)  # 0 only for uninhabited units, never in the master
        for code in range(1, max(1, min(60, round(population / 19_000))) + 1):
            districts.append(
                dict(
                    municipality_code=m.code,
                    code=f"{code:02d}",
                    name=f"合成地区{code:02d}",
                    kind="日常生活圏域",
                    source_id=source,
                )
            )
        start = rng.choice(
            (None, None, JUSOU_START, JUSOU_START + 1, JUSOU_START + 2, JUSOU_START + 3, JUSOU_START + 4)
        )
        for fy in PROGRAM_YEARS:
            # a year of 移行準備 before 本格実施, none before 令和3年度 (a start in R3 begins as 本格実施)
            stage = "none" if start is None or fy < start - 1 else "preparing" if fy < start else "full"
            programs.append(
                dict(municipality_code=m.code, fiscal_year=fy, program="jusou", stage=stage, source_id=source)
            )
        rate = rng.uniform(5, 45)
        continuing = 0
        for fy in YEARS:
            new_total = closed_total = referred_total = 0
            share = rng.uniform(0.35, 0.75)  # of the caseload closed by year end
            for month, month_end in enumerate(_month_ends(fy), start=1):
                new = poisson(rng, population * rate / 10_000 / 12)
                new_total += new
                caseload = new_total + continuing
                closed_total = max(closed_total, min(caseload, round(caseload * share * month / 12)))
                referred_total = min(new_total, referred_total + poisson(rng, new * 0.3))
                stats.append(
                    dict(
                        municipality_code=m.code,
                        fiscal_year=fy,
                        period_end=month_end,
                        is_partial_year=month_end.month != 3,
                        category="all",
                        basis="distinct",
                        unit="件",
                        new_cases=new_total,
                        continuing_cases=continuing,
                        closed_cases=closed_total,
                        referred_cases=referred_total,
                        ongoing_cases=caseload - closed_total,
                        source_id=source,
                    )
                )
            continuing = new_total + continuing - closed_total
        targets.append(
            dict(
                municipality_code=m.code,
                fiscal_year=2024,
                metric="new_consultations",
                value=round(population * rate * 1.1 / 10_000),
                unit="件",
                due_on=fiscal_year_end(2024),
                source_id=source,
            )
        )
    _bulk(db, District, districts)
    with db.engine.connect() as conn:
        ids = {
            (row.municipality_code, row.code): row.id
            for row in conn.execute(select(District.id, District.municipality_code, District.code))
        }
    councils = []
    for d in districts:
        roll = rng.random()
        established = None
        if roll < 0.7:
            established = dt.date(COUNCIL_YEARS[0], 4, 1) + dt.timedelta(
                days=rng.randrange((dt.date(COUNCIL_YEARS[1] + 1, 3, 31) - dt.date(COUNCIL_YEARS[0], 4, 1)).days)
            )
        councils.append(
            dict(
                municipality_code=d["municipality_code"],
                tier=2,
                district_id=ids[(d["municipality_code"], d["code"])],
                status="established" if established else "preparing" if roll < 0.85 else "not_started",
                status_as_of=dt.date(2026, 3, 31),
                established_on=established,
                established_precision="day" if established else None,
                source_id=source,
            )
        )
    _bulk(db, Council, councils)
    _bulk(db, ProgramStatus, programs)
    _bulk(db, ConsultationStat, stats)
    _bulk(db, Target, targets)
    prefectures = sorted({m.prefecture_code for m in municipalities})
    training = [
        dict(
            prefecture_code=p,
            fiscal_year=fy,
            program_name="合成研修",
            municipalities=rng.randint(3, 30),
            teams=rng.randint(3, 30),
            staff_government=rng.randint(5, 60),
            staff_social_welfare_council=rng.randint(5, 40),
            staff_consultation_agencies=rng.randint(0, 25),
            participants=None,
            source_id=source,
        )
        for p in prefectures
        for fy in range(2020, 2025)
    ]
    for row in training:
        row["participants"] = (
            row["staff_government"] + row["staff_social_welfare_council"] + row["staff_consultation_agencies"]
        )
    _bulk(db, TrainingParticipation, training)
    return {
        "districts": len(districts),
        "councils": len(councils),
        "program_statuses": len(programs),
        "consultation_stats": len(stats),
        "targets": len(targets),
        "training_participation": len(training),
    }


def run_generate_command(db: Database, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    counts = generate(db, seed=args.seed, prefecture_code=None if args.scale == "national" else "09")
    elapsed = time.perf_counter() - started
    print(
        f"全国合成データ（seed {args.seed}, {args.scale}）を {elapsed:.1f} 秒で作成しました: "
        + "、".join(f"{table} {n:,} 行" for table, n in counts.items())
    )
    return 0

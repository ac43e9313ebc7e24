"""Official statistics: the loader against the real files (values users check us against), idempotence on both
databases, a newer file, bad input, the master against the population file, and which fact a year uses."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import master, queries
from data_access.models import (
    ImportBatch,
    Municipality,
    MunicipalityDesignation,
    MunicipalityFact,
    Source,
    SourceKind,
)
from data_access.official_statistics import StatisticsError, _classify, load_statistics


def _facts(db, metric: str) -> pd.Series:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(MunicipalityFact.municipality_code, MunicipalityFact.value).where(MunicipalityFact.metric == metric)
        ).all()
    return pd.Series(dict(rows))


def _count(db, model, *where) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_official_populations_users_check_us_against(statistics_db):
    population = _facts(statistics_db, "population")
    municipalities = [m.code for m in master.municipalities() if m.kind != "ward"]
    assert len(municipalities) == 1741
    assert population[municipalities].sum() == 124_330_690  # the national row of jumin2025.csv
    assert (population["011002"], population["092011"], population["392014"]) == (1_955_678, 514_595, 312_228)
    assert population["281000"] > 0 and population["281018"] > 0  # 神戸市 and its ward 東灘区: both loaded


def test_ageing_shares_are_taken_over_the_age_groups(statistics_db, population_dir):
    """Where the groups add up to less than totalpop, the share's denominator is their sum (README)."""
    demog = pd.read_csv(population_dir / "jumin2025demog.csv", dtype={"code": str}).set_index("code")
    jumin = pd.read_csv(population_dir / "jumin2025.csv", dtype={"code": str}).set_index("code")
    groups = demog[[c for c in demog.columns if c.startswith("total")]]
    differs = groups.sum(axis=1) < jumin.loc[groups.index, "totalpop"]
    code = next(c for c in groups.index[differs] if c in master.municipalities_by_code())
    aged = groups.loc[code, [c for c in groups.columns if int(c[5:].split("_")[0]) >= 65]].sum()
    expected = round(100 * aged / groups.loc[code].sum(), 2)
    assert _facts(statistics_db, "aging_rate")[code] == expected
    assert _facts(statistics_db, "population_65_over")[code] == aged
    assert _facts(statistics_db, "share_75_over")[code] < expected


def test_areas_join_on_the_five_digit_code_and_give_the_density(statistics_db):
    with statistics_db.engine.connect() as conn:
        areas = dict(
            conn.execute(
                select(MunicipalityFact.as_of, MunicipalityFact.value).where(
                    MunicipalityFact.municipality_code == "011002", MunicipalityFact.metric == "area"
                )
            ).all()
        )
    assert areas[dt.date(2025, 1, 1)] == 1121.26  # area20250101.csv, code 01100
    assert set(areas) == {dt.date(2025, 1, 1), dt.date(2026, 1, 1)}
    assert _facts(statistics_db, "population_density")["011002"] == round(1_955_678 / 1121.26, 1)


def test_the_census_preliminary_count_is_its_own_labelled_fact(statistics_db):
    with statistics_db.engine.connect() as conn:
        label = conn.execute(
            select(Source.label)
            .join(MunicipalityFact, MunicipalityFact.source_id == Source.id)
            .where(MunicipalityFact.metric == "census_population_preliminary")
            .limit(1)
        ).scalar_one()
    assert "速報" in label and "令和7年10月1日" in label
    assert _facts(statistics_db, "census_population_preliminary")["092011"] > 0


def test_hamamatsu_has_its_three_wards_of_2024(statistics_db):
    wards = {m.code: m.name for m in master.municipalities() if m.parent_code == "221309"}
    assert wards == {"221384": "浜松市中央区", "221392": "浜松市浜名区", "221406": "浜松市天竜区"}
    population = _facts(statistics_db, "population")
    assert population[list(wards)].sum() == population["221309"]
    assert _count(statistics_db, Municipality, Municipality.code == "221317") == 0  # old 中区: nothing refers to it


def test_an_abolished_ward_stays_while_a_fact_refers_to_it(migrated_db):
    from data_access import loaders
    from data_access.models import Municipality as M

    with migrated_db.session() as session:
        old = master.abolished_units()["221317"][0]
        session.add(M(**{**vars(old), "abolished_on": None}))
        session.flush()
        source = Source(kind=SourceKind.SYNTHETIC, label="test")
        session.add(source)
        session.flush()
        session.add(
            MunicipalityFact(
                municipality_code="221317",
                fiscal_year=2020,
                metric="population",
                value=1,
                unit="人",
                source_id=source.id,
            )
        )
    loaders.load_master(migrated_db)
    with migrated_db.session() as session:
        assert session.get(M, "221317").abolished_on == dt.date(2024, 1, 1)


def test_designations_20_62_23(statistics_db):
    with statistics_db.engine.connect() as conn:
        counts = dict(
            conn.execute(
                select(MunicipalityDesignation.designation, func.count()).group_by(MunicipalityDesignation.designation)
            ).all()
        )
        utsunomiya = conn.execute(
            select(MunicipalityDesignation.designation).where(MunicipalityDesignation.municipality_code == "092011")
        ).scalar_one()
    assert counts == {"designated_city": 20, "core_city": 62, "special_city": 23}
    assert utsunomiya == "core_city"


def test_loading_twice_changes_nothing_and_a_newer_file_updates_and_is_logged(statistics_db, population_dir, tmp_path):
    again = load_statistics(statistics_db, population_dir)
    assert (again.inserted, again.updated, again.batch_id) == (0, 0, None)
    assert _count(statistics_db, ImportBatch) == 1
    newer = tmp_path / "population"
    shutil.copytree(population_dir, newer)
    area = newer / "area20260101.csv"
    area.write_text(area.read_text(encoding="utf-8").replace("\n09201,", "\n09201,1", 1), encoding="utf-8")
    report = load_statistics(statistics_db, newer, user="tanaka")
    assert report.updated == 1 and report.inserted == 0 and report.batch_id is not None
    with statistics_db.engine.connect() as conn:
        batch = conn.execute(select(ImportBatch).where(ImportBatch.id == report.batch_id)).one()
    assert (batch.imported_by, batch.rows_updated, batch.kind) == ("tanaka", 1, "statistics")


@pytest.mark.parametrize(
    ("file_name", "change", "message"),
    [
        (
            "jumin2025.csv",
            lambda t: t.replace("code,malepop", "code,male", 1),
            "jumin2025.csv: 列 malepop がありません",
        ),
        (
            "jumin2025.csv",
            lambda t: t.replace("\n092011,", "\n092011,x", 1),
            "jumin2025.csv [0-9]+行目 列 malepop: 0以上の数値ではありません",
        ),
        (
            "area20260101.csv",
            lambda t: t.rstrip("\n") + "\n09201,1.0\n",
            "area20260101.csv [0-9]+行目 列 code: 団体コード 09201 が重複",
        ),
        (
            "kokusei2025sokuho.csv",
            lambda t: t.rstrip("\n") + "\n09999,5,2,3\n",
            "団体コード 09999 は自治体マスタにありません",
        ),
    ],
)
def test_a_malformed_file_names_file_row_and_column_and_writes_nothing(
    migrated_db, population_dir, tmp_path, file_name, change, message
):
    broken = tmp_path / "population"
    shutil.copytree(population_dir, broken)
    path = broken / file_name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(StatisticsError, match=message):
        load_statistics(migrated_db, broken)
    assert _count(migrated_db, MunicipalityFact) == 0 and _count(migrated_db, ImportBatch) == 0


def test_a_missing_directory_is_explained(migrated_db, tmp_path):
    with pytest.raises(StatisticsError, match="DASHBOARD_POPULATION_DIR"):
        load_statistics(migrated_db, tmp_path / "nowhere")


def test_every_code_of_the_population_file_is_a_master_unit_or_a_named_other_row(population_dir):
    """The master is today's Japan: each row of jumin2025.csv is a municipality or ward of the master, or the
    nation, a prefecture, a 郡 subtotal or a 北方領土 village — and every unit of the master has a row."""
    codes = pd.read_csv(population_dir / "jumin2025.csv", dtype={"code": str})["code"]
    known = {m.code for m in master.municipalities()}
    others = {code: _classify(code[:5], dt.date(2025, 1, 1)) for code in codes if code not in known}
    mismatches = sorted(code for code, kind in others.items() if kind == "unknown")
    assert mismatches == []
    assert pd.Series(others).value_counts().to_dict() == {
        "county": 308,
        "prefecture": 47,
        "northern_territory": 6,
        "nation": 1,
    }
    assert known - set(codes) == set()


def test_a_reports_own_population_wins_for_its_year_and_the_statistic_elsewhere(statistics_db):
    with statistics_db.session() as session:
        report = Source(kind=SourceKind.DOCUMENT, document="004_2b585c156c0342d7.txt", line=100, label="")
        session.add(report)
        session.flush()
        session.add(
            MunicipalityFact(
                municipality_code="092011",
                fiscal_year=2018,
                metric="population",
                value=519_000,
                unit="人",
                source_id=report.id,
            )
        )
    facts = {
        fy: queries.facts_for_year(statistics_db, "09", fy, ["population"]).set_index("code").loc["092011"]
        for fy in (2018, 2020, 2024)
    }
    assert (facts[2018]["value"], facts[2018]["source_kind"]) == (519_000, "document")
    assert (facts[2020]["value"], facts[2020]["as_of"]) == (514_595, dt.date(2025, 1, 1))
    assert facts[2024]["source_kind"] == "statistic"


def test_the_demo_holds_no_synthetic_population(demo_db):
    with demo_db.engine.connect() as conn:
        kinds = set(
            conn.scalars(
                select(Source.kind)
                .join(MunicipalityFact, MunicipalityFact.source_id == Source.id)
                .where(MunicipalityFact.metric.in_(["population", "households", "aging_rate"]))
                .distinct()
            )
        )
    assert kinds == {SourceKind.STATISTIC}

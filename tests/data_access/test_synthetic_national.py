"""The benchmark dataset: deterministic, consistent, labelled synthetic, drawn from the official populations and
never mixed with sourced data."""

import pytest
from sqlalchemy import func, select

from data_access import loaders, queries
from data_access.models import ConsultationStat, Council, District, Source
from data_access.official_statistics import load_statistics
from data_access.synthetic_national import generate


def _rows(db, model):
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_one_prefecture_is_complete_and_every_invented_row_synthetic(statistics_db):
    counts = generate(statistics_db, seed=7, prefecture_code="09")
    assert counts["consultation_stats"] == 25 * 10 * 12  # 25 municipalities, 10 years, 12 month ends
    assert _rows(statistics_db, District) == _rows(statistics_db, Council) == counts["districts"]
    sources = queries.sources(statistics_db)
    assert set(sources["kind"]) == {"synthetic", "statistic"}
    overview = queries.municipality_overview(statistics_db, "09", 2022)
    assert overview["new_cases"].notna().all() and overview["districts"].notna().all()
    assert (overview["closed_cases"] <= overview["new_cases"] + overview["continuing_cases"]).all()
    # populations are the official ones, never invented
    assert set(sources.loc[overview["population_source_id"].astype(int), "kind"]) == {"statistic"}
    assert overview.set_index("code").loc["092011", "population"] == 514_595


def test_year_to_date_rows_end_with_the_full_year(statistics_db):
    generate(statistics_db, seed=7, prefecture_code="09")
    with statistics_db.engine.connect() as conn:
        march = conn.execute(
            select(func.count()).select_from(ConsultationStat).where(ConsultationStat.is_partial_year.is_(False))
        ).scalar_one()
    assert march == 25 * 10


def test_same_seed_same_numbers(tmp_path, population_dir):
    from data_access.database import Database

    frames = []
    for name in ("a", "b"):
        db = Database(f"sqlite:///{tmp_path / f'{name}.db'}")
        db.migrate()
        loaders.load_master(db)
        load_statistics(db, population_dir)
        generate(db, seed=3, prefecture_code="39")
        overview = queries.municipality_overview(db, "39", 2020)
        frames.append(overview.drop(columns=[c for c in overview.columns if c.endswith("source_id")]))
    assert frames[0].equals(frames[1])


def test_refuses_a_database_with_sourced_or_demo_data(statistics_db):
    loaders.load_demo(statistics_db)
    before = _rows(statistics_db, Source)
    with pytest.raises(ValueError, match="公的統計だけを読み込んだデータベース専用"):
        generate(statistics_db, seed=1, prefecture_code="09")
    assert _rows(statistics_db, Source) == before


def test_needs_the_official_populations(migrated_db):
    with pytest.raises(ValueError, match="load-population"):
        generate(migrated_db, seed=1, prefecture_code="09")


def test_no_jusou_stage_before_the_project_began(statistics_db):
    """重層事業 began in 令和3年度: a stage in 令和2年度 would contradict 概要's 「令和3年度開始」 (issue #18)."""
    from core.domain import JUSOU_START
    from data_access.models import ProgramStatus

    generate(statistics_db, seed=7, prefecture_code="01")
    with statistics_db.engine.connect() as conn:
        first = conn.execute(select(func.min(ProgramStatus.fiscal_year))).scalar_one()
    assert first == JUSOU_START

"""The benchmark dataset: deterministic, consistent, labelled synthetic, never mixed with sourced data."""

import pytest
from sqlalchemy import func, select

from data_access import loaders, queries
from data_access.models import ConsultationStat, Council, District, Source
from data_access.synthetic_national import generate


def _rows(db, model):
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_one_prefecture_is_complete_and_every_row_synthetic(empty_db):
    counts = generate(empty_db, seed=7, prefecture_code="09")
    assert counts["consultation_stats"] == 25 * 10 * 12  # 25 municipalities, 10 years, 12 month ends
    assert _rows(empty_db, District) == _rows(empty_db, Council) == counts["districts"]
    sources = queries.sources(empty_db)
    assert set(sources["kind"]) == {"synthetic"}
    overview = queries.municipality_overview(empty_db, "09", 2022)
    assert overview["new_cases"].notna().all() and overview["districts"].notna().all()
    assert (overview["closed_cases"] <= overview["new_cases"] + overview["continuing_cases"]).all()


def test_year_to_date_rows_end_with_the_full_year(empty_db):
    generate(empty_db, seed=7, prefecture_code="09")
    with empty_db.engine.connect() as conn:
        march = conn.execute(
            select(func.count()).select_from(ConsultationStat).where(ConsultationStat.is_partial_year.is_(False))
        ).scalar_one()
    assert march == 25 * 10


def test_same_seed_same_numbers(tmp_path):
    from data_access.database import Database

    first, second = (Database(f"sqlite:///{tmp_path / f'{n}.db'}") for n in ("a", "b"))
    generate(first, seed=3, prefecture_code="39")
    generate(second, seed=3, prefecture_code="39")
    frames = [
        queries.municipality_overview(db, "39", 2020).drop(
            columns=[c for c in queries.municipality_overview(db, "39", 2020).columns if c.endswith("source_id")]
        )
        for db in (first, second)
    ]
    assert frames[0].equals(frames[1])


def test_refuses_a_database_with_sourced_or_demo_data(migrated_db):
    loaders.load_demo(migrated_db)
    before = _rows(migrated_db, Source)
    with pytest.raises(ValueError, match="空のデータベース専用"):
        generate(migrated_db, seed=1, prefecture_code="09")
    assert _rows(migrated_db, Source) == before

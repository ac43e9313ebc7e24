import datetime as dt

import pytest

from data_access import outcomes
from data_access.models import ConsultationStat, CountBasis, Source, SourceKind, Target


def test_rows_of_a_year_carry_unit_period_and_source(demo_db):
    rows = outcomes.consultation_rows(demo_db, "09", 2020)
    assert len(rows) == 25
    utsunomiya = rows.set_index("code").loc["092011"]
    assert (utsunomiya["new_cases"], utsunomiya["continuing_cases"], utsunomiya["closed_cases"]) == (1743, 862, 1417)
    assert utsunomiya["unit"] == "件" and utsunomiya["basis"] == "distinct"
    assert utsunomiya["period_end"] == dt.date(2021, 3, 31)
    assert not utsunomiya["is_partial_year"] and utsunomiya["synthetic"]


def test_series_spans_the_demo_years(demo_db):
    series = outcomes.consultation_series(demo_db, ("092011", "392014"))
    assert sorted(set(series["fiscal_year"])) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert len(series) == 12
    assert list(series.loc[series["code"] == "092011", "new_cases"]) == [1793, 1743, 1739, 1838, 1780, 1774]


def test_prefecture_and_national_totals(demo_db):
    tochigi = outcomes.yearly_totals(demo_db, "09").set_index("fiscal_year").loc[2020]
    assert (tochigi["municipalities"], tochigi["new_cases"], tochigi["closed_cases"]) == (25, 5375, 4384)
    assert (tochigi["closure_closed"], tochigi["closure_caseload"]) == (4384, 7928)
    national = outcomes.yearly_totals(demo_db, None)
    assert list(national["municipalities"]) == [82] * 6  # 栃木 25 + 広島 23 + 高知 34
    assert outcomes.yearly_totals(demo_db, "09", include_synthetic=False).empty


def test_profiles_carry_the_official_statistics_nearest_to_the_year(demo_db):
    profiles = outcomes.profiles(demo_db, "34", 2019).set_index("code")
    assert len(profiles) == 23
    hiroshima = profiles.loc["341002"]
    assert (hiroshima["kind"], hiroshima["designation"]) == ("designated_city", "designated_city")
    # no FY2019 fact: the 住民基本台帳 of 2025-01-01 (FY2024) is the nearest
    assert (hiroshima["population"], hiroshima["population_as_of"]) == (1173543, dt.date(2025, 1, 1))
    assert hiroshima["aging_rate_unit"] == "%" and hiroshima["area"] == 906.69  # area of 2025-01-01, not 2026
    assert profiles["population"].notna().all() and profiles["population_density"].notna().all()
    assert len(outcomes.profiles(demo_db, None, 2020)) == 1741  # whole country, wards excluded


def test_programme_and_coverage_reuse_the_reported_figure(demo_db):
    frame = outcomes.programme_and_coverage(demo_db, ["092011", "342025", "392014"], 2020)
    assert list(frame.index) == ["092011", "342025", "392014"]
    utsunomiya = frame.loc["092011"]
    assert (utsunomiya["established"], utsunomiya["districts"]) == (26, 39)
    assert utsunomiya["coverage_basis"] == "reported"
    assert utsunomiya["coverage_as_of"] == dt.date(2020, 12, 24)
    assert set(outcomes.programme_and_coverage(demo_db, ["092011"], 2022)["jusou_stage"]) <= {
        "full",
        "preparing",
        "considering",
        "none",
    }


def test_targets_of_a_prefecture_and_year(demo_db):
    targets = outcomes.targets(demo_db, "09", 2020)
    assert targets[["code", "metric", "value", "unit"]].values.tolist() == [
        ["092011", "tier2_councils_established", 39.0, "地区"]
    ]
    assert not targets["synthetic"].any()
    assert len(outcomes.targets(demo_db, "09", 2024)) == 25


@pytest.fixture
def fy2018_db(migrated_db):
    """Real-style FY2018 rows: a partial year, another unit, a full year, and a synthetic row."""
    with migrated_db.session() as session:
        document = Source(kind=SourceKind.DOCUMENT, document="004_2b585c156c0342d7.txt", line=10990, label="")
        synthetic = Source(kind=SourceKind.SYNTHETIC, label="test")
        session.add_all([document, synthetic])
        session.flush()

        def stat(code, period_end, partial, unit, new, closed, source):
            return ConsultationStat(
                municipality_code=code,
                fiscal_year=2018,
                period_end=period_end,
                is_partial_year=partial,
                category="all",
                basis=CountBasis.DISTINCT,
                unit=unit,
                new_cases=new,
                closed_cases=closed,
                source_id=source.id,
            )

        session.add_all(
            [
                stat("093441", dt.date(2019, 3, 31), False, "件", 26, 10, document),
                stat("093866", dt.date(2019, 2, 28), True, "件", 91, None, document),
                stat("092037", dt.date(2019, 3, 31), False, "世帯", 24, 2, document),
                stat("092011", dt.date(2019, 3, 31), False, "件", 400, 300, synthetic),
                Target(
                    municipality_code="093441",
                    fiscal_year=2018,
                    metric="new_consultations",
                    value=24,
                    unit="件",
                    due_on=dt.date(2019, 3, 31),
                    source_id=document.id,
                ),
            ]
        )
    return migrated_db


def test_totals_never_mix_partial_years_or_units(fy2018_db):
    totals = outcomes.yearly_totals(fy2018_db, "09")
    assert totals[["unit", "municipalities", "new_cases"]].values.tolist() == [["世帯", 1, 24], ["件", 2, 426]]
    real = outcomes.yearly_totals(fy2018_db, "09", include_synthetic=False)
    assert real[["unit", "municipalities", "new_cases", "synthetic_rows"]].values.tolist() == [
        ["世帯", 1, 24, 0],
        ["件", 1, 26, 0],
    ]


def test_partial_year_rows_keep_their_period_end(fy2018_db):
    rows = outcomes.consultation_rows(fy2018_db, "09", 2018).set_index("code")
    assert rows.loc["093866", "is_partial_year"]
    assert rows.loc["093866", "period_end"] == dt.date(2019, 2, 28)
    assert rows.loc["092037", "unit"] == "世帯"
    assert outcomes.targets(fy2018_db, "09", 2018)["value"].tolist() == [24.0]

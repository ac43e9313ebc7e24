import datetime as dt

import pytest

from data_access import queries
from data_access.documents import DOCUMENTS


def test_overview_has_one_row_per_municipality_without_wards(demo_db):
    overview = queries.municipality_overview(demo_db, "09", 2020)
    assert len(overview) == 25
    assert overview["code"].is_unique
    utsunomiya = overview.set_index("code").loc["092011"]
    assert utsunomiya["coverage_basis"] == "reported"
    assert (utsunomiya["established"], utsunomiya["districts"]) == (26, 39)


def test_designated_city_is_one_row_in_the_overview(demo_db):
    overview = queries.municipality_overview(demo_db, "34", 2024)
    assert len(overview) == 23
    assert "341002" in set(overview["code"])  # 広島市, its wards are not separate rows


def test_coverage_counts_district_rows_when_nothing_was_reported(demo_db):
    coverage = queries.council_coverage(demo_db, "09", 2022)
    assert coverage.loc["092011", "basis"] == "districts"
    assert coverage.loc["092011", "established"] >= 26
    assert (coverage["established"] <= coverage["districts"]).all()


def test_coverage_of_the_current_year_is_counted_up_to_today(demo_db):
    past = queries.council_coverage(demo_db, "39", 2024, today=dt.date(2024, 6, 1))
    full = queries.council_coverage(demo_db, "39", 2024, today=dt.date(2030, 1, 1))
    assert (past["established"] <= full["established"]).all()
    assert set(past["as_of"]) == {dt.date(2024, 6, 1)}


@pytest.mark.parametrize(
    ("status", "established_on", "as_of", "expected"),
    [
        ("established", dt.date(2019, 5, 1), dt.date(2020, 3, 31), "established"),
        ("established", dt.date(2021, 5, 1), dt.date(2020, 3, 31), "not_started"),
        ("established", None, dt.date(2020, 3, 31), "established"),
        ("preparing", None, dt.date(2020, 3, 31), "preparing"),
        ("not_started", None, dt.date(2020, 3, 31), "not_started"),
        (None, None, dt.date(2020, 3, 31), "not_started"),
    ],
)
def test_council_status_at(status, established_on, as_of, expected):
    assert queries.council_status_at(status, established_on, as_of) == expected


def test_activity_prefers_the_reported_total_over_summed_districts(demo_db):
    activity = queries.council_activity(demo_db, "092011")
    meetings_2019 = activity[(activity["fiscal_year"] == 2019) & (activity["metric"] == "council_meetings")]
    assert len(meetings_2019) == 1
    assert meetings_2019.iloc[0]["basis"] == "reported"
    later = activity[(activity["fiscal_year"] == 2022) & (activity["metric"] == "council_meetings")]
    assert later.iloc[0]["basis"] == "districts"


def test_coverage_timeline_is_cumulative(demo_db):
    timeline = queries.coverage_timeline(demo_db, "092011")
    assert list(timeline["established"]) == list(range(1, len(timeline) + 1))
    assert (timeline["established_on"] <= dt.date(2020, 12, 24)).sum() == 26


def test_sources_and_usage(demo_db):
    sources = queries.sources(demo_db)
    usage = queries.source_usage(demo_db)
    assert set(usage["source_id"]) <= set(sources.index)
    assert usage["rows"].sum() > 4000


def test_source_summary_names_only_what_the_facts_cite(demo_db, migrated_db):
    summary = queries.source_summary(demo_db)
    cited = set(queries.sources(demo_db).query("kind == 'document'")["document"])
    assert summary.documents == tuple(sorted(cited)) and len(summary.documents) == 4
    assert set(summary.documents) < set(DOCUMENTS)  # a seed no fact cites is not named
    assert (summary.import_batches, summary.synthetic) == (0, True)
    assert queries.source_summary(migrated_db) == queries.SourceSummary((), 0, False)


def test_prefectures_and_years_with_data(demo_db):
    assert {"09", "34", "39"} <= set(queries.prefectures_with_data(demo_db))
    assert 2020 in queries.fiscal_years(demo_db)
    assert queries.last_updated(demo_db) is not None
    assert queries.is_initialised(demo_db)

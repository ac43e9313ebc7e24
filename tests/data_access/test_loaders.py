"""The demo data equals the seed documents' facts, fills gaps consistently, and loads idempotently."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from data_access import loaders, queries
from data_access.models import (
    FACT_TABLES,
    Council,
    CouncilActivity,
    District,
    ImportBatch,
    ProgramCount,
    ProgramStatus,
    Source,
    SourceKind,
    Target,
    TrainingParticipation,
)

UTSUNOMIYA = "092011"


def _count(db, model, *where):
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_master_loads_every_municipality_once(migrated_db):
    assert queries.is_loaded(migrated_db)
    again = loaders.load_master(migrated_db)
    assert again.total_inserted == 0 and again.total_updated == 0


def test_loading_demo_twice_creates_no_duplicates(migrated_db):
    first = loaders.load_demo(migrated_db)
    counts = {m.__tablename__: _count(migrated_db, m) for m in FACT_TABLES}
    second = loaders.load_demo(migrated_db)
    assert first.total_inserted > 2500
    assert second.total_inserted == 0 and second.total_updated == 0
    assert {m.__tablename__: _count(migrated_db, m) for m in FACT_TABLES} == counts
    assert _count(migrated_db, ImportBatch) == 1  # an unchanged reload is not logged as an import


def test_a_demo_source_is_a_document_line_or_synthetic(migrated_db):
    """Any other text is refused with a message the CLI prints (it was indexed as a document: a TypeError)."""
    with migrated_db.session() as session:
        sources = loaders.SourceCache(session)
        assert sources.get("synthetic").kind is SourceKind.SYNTHETIC
        with pytest.raises(ValueError, match="出典"):
            sources.get("seed-000.txt")


def test_utsunomiya_reported_26_of_39_on_2020_12_24(demo_db):
    coverage = queries.council_coverage(demo_db, "09", 2020).loc[UTSUNOMIYA]
    assert (coverage["established"], coverage["districts"]) == (26, 39)
    assert coverage["as_of"] == dt.date(2020, 12, 24)
    assert coverage["basis"] == "reported"
    source = queries.sources(demo_db).loc[int(coverage["source_id"])]
    assert (source["kind"], source["document"]) == ("document", "000_db3c69513faeee6a.txt")


def test_synthetic_districts_agree_with_the_reported_total(demo_db):
    districts = queries.districts_with_councils(demo_db, UTSUNOMIYA, dt.date(2020, 12, 24))
    assert len(districts) == 39
    assert (districts["status_at"] == "established").sum() == 26
    kiyohara = districts[districts["name"] == "清原地区"].iloc[0]
    assert kiyohara["coordinator_placed_on"] == dt.date(2018, 6, 1)
    assert kiyohara["coordinator_precision"] == "month"
    sources = queries.sources(demo_db)
    assert sources.loc[int(kiyohara["district_source_id"]), "kind"] == "document"
    others = districts[districts["name"] != "清原地区"]
    assert set(sources.loc[others["district_source_id"].astype(int), "kind"]) == {"synthetic"}


def test_utsunomiya_target_briefings_meetings_and_exchange_meeting(demo_db):
    target = queries.targets(demo_db, UTSUNOMIYA).set_index("metric").loc["tier2_councils_established"]
    assert (target["value"], target["due_on"]) == (39, dt.date(2021, 3, 31))
    activity = queries.council_activity(demo_db, UTSUNOMIYA)
    reported = activity[activity["basis"] == "reported"].set_index(["fiscal_year", "metric"])
    assert reported.loc[(2019, "briefings"), "value"] == 25
    assert reported.loc[(2020, "briefings"), "value"] == 21
    assert reported.loc[(2020, "briefings"), "period_end"] == dt.date(2020, 11, 30)
    assert reported.loc[(2019, "council_meetings"), "value"] == 128
    assert reported.loc[(2020, "council_meetings"), "value"] == 105
    assert reported.loc[(2019, "exchange_participants"), "value"] == 114
    assert reported.loc[(2019, "exchange_districts"), "value"] == 30
    assert reported.loc[(2019, "exchange_meetings"), "event_date"] == dt.date(2020, 1, 28)


def test_synthetic_meetings_per_district_add_up_to_the_reported_total(demo_db):
    with demo_db.engine.connect() as conn:
        total = conn.execute(
            select(func.sum(CouncilActivity.value)).where(
                CouncilActivity.municipality_code == UTSUNOMIYA,
                CouncilActivity.fiscal_year == 2019,
                CouncilActivity.metric == "council_meetings",
                CouncilActivity.district_id.is_not(None),
            )
        ).scalar_one()
    assert total == 128


def test_hiroshima_r6_lists_11_running_and_1_preparing_by_name(demo_db):
    stages = queries.program_stages(demo_db, "34", 2024)
    names = queries.municipalities(demo_db, "34").set_index("code")["name"]
    running = sorted(names[stages.index[stages["stage"] == "full"]])
    assert running == sorted(
        ["広島市", "呉市", "竹原市", "三原市", "尾道市", "福山市", "大竹市", "東広島市", "廿日市市", "海田町", "坂町"]
    )
    assert list(names[stages.index[stages["stage"] == "preparing"]]) == ["府中町"]
    assert (stages["stage"] == "none").sum() == 23 - 12
    counts = queries.program_counts(demo_db, "34").set_index("stage")
    assert counts.loc["full", "municipalities"] == 11 and counts.loc["preparing", "municipalities"] == 1


def test_hiroshima_training_table(demo_db):
    table = queries.training(demo_db, "34").set_index("fiscal_year")
    assert list(table.index) == [2020, 2021, 2022, 2023, 2024]
    assert table.loc[2020, ["municipalities", "teams", "participants"]].tolist() == [7, 8, 36]
    assert table.loc[2024].loc[
        [
            "municipalities",
            "teams",
            "staff_government",
            "staff_social_welfare_council",
            "staff_consultation_agencies",
            "participants",
        ]
    ].tolist() == [17, 24, 63, 41, 25, 129]
    assert (
        table["staff_government"] + table["staff_social_welfare_council"] + table["staff_consultation_agencies"]
        == table["participants"]
    ).all()


def test_kochi_r3_counts_and_consistent_synthetic_statuses(demo_db):
    counts = queries.program_counts(demo_db, "39").set_index("stage")
    assert counts.loc["preparing", "municipalities"] == 7
    assert counts.loc["considering", "municipalities"] == 27
    stages = queries.program_stages(demo_db, "39", 2021)["stage"].value_counts()
    assert stages["preparing"] == 7 and stages["considering"] == 27


def test_national_model_project_counts(demo_db):
    national = queries.program_counts(demo_db, None)
    models = national[national["program"] == "model_projects"].set_index("fiscal_year")["municipalities"]
    assert models.to_dict() == {2016: 26, 2017: 85, 2018: 151, 2019: 208}


def test_national_jusou_counts_are_reference_data_with_the_plan_marked(demo_db):
    national = queries.program_counts(demo_db, None)
    jusou = national[national["program"] == "jusou"].set_index("fiscal_year")
    assert jusou["municipalities"].to_dict() == {2021: 42, 2022: 134, 2023: 189, 2024: 346, 2025: 473}
    assert jusou["planned"].to_dict() == {2021: False, 2022: False, 2023: False, 2024: False, 2025: True}
    sources = queries.sources(demo_db)
    assert set(sources.loc[jusou["source_id"], "label"]) == {"厚生労働省 社会保障審議会福祉部会（第29回）資料1"}


def test_takasaki_tier1_council_in_place(demo_db):
    assert (
        _count(
            demo_db, Council, Council.municipality_code == "102024", Council.tier == 1, Council.status == "established"
        )
        == 1
    )


def test_every_demo_prefecture_has_data_for_every_screen(demo_db):
    for pref in ("09", "34", "39"):
        overview = queries.municipality_overview(demo_db, pref, 2024)
        assert overview["districts"].notna().all()
        assert overview["new_cases"].notna().all()
        assert overview["jusou_stage"].notna().all()
        assert overview["population"].notna().all()


def test_real_facts_cite_a_line_and_everything_else_is_synthetic(demo_db):
    with demo_db.engine.connect() as conn:
        kinds = dict(conn.execute(select(Source.kind, func.count()).group_by(Source.kind)).all())
        documents = conn.execute(select(Source).where(Source.kind == SourceKind.DOCUMENT)).all()
    assert set(kinds) == {"document", "statistic", "synthetic"}
    assert kinds["synthetic"] == 1
    assert all(row.line > 0 for row in documents)
    assert _count(demo_db, ProgramCount) == 8 + 5  # the demo's published counts + the national 重層事業 counts
    assert _count(demo_db, TrainingParticipation) == 5
    assert _count(demo_db, District) == _count(demo_db, Council, Council.tier == 2)
    assert _count(demo_db, Target, Target.municipality_code == UTSUNOMIYA) == 2
    assert _count(demo_db, ProgramStatus, ProgramStatus.program == "takikan") == 1

"""Review of outcome candidates: only reviewed values leave the queue; counts land in ConsultationStat consistently."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from data_access import queries, review
from data_access.models import ConsultationStat, CountBasis, OutcomeCandidate, Source, SourceKind
from data_access.report_import import import_report
from tests.conftest import SEED_004, migrate_with_master


@pytest.fixture
def db(database_copy, seed_path):
    """The master with seed 004's report imported (its candidates waiting for review)."""

    def imported(db):
        migrate_with_master(db)
        import_report(db, seed_path, "importer")

    return database_copy("seed-004", imported)


def candidate(db, code: str, metric: str, value: float) -> int:
    queue = review.review_queue(db)
    found = queue[(queue["municipality_code"] == code) & (queue["metric"] == metric) & (queue["value"] == value)]
    assert len(found) == 1, (code, metric, value)
    return int(found["id"].iloc[0])


def stats(db, code: str) -> list[tuple]:
    with db.session() as session:
        rows = session.scalars(
            select(ConsultationStat).where(ConsultationStat.municipality_code == code).order_by(ConsultationStat.id)
        ).all()
        return [
            (
                r.fiscal_year,
                r.period_end,
                r.is_partial_year,
                r.category,
                r.basis.value,
                r.unit,
                r.new_cases,
                r.closed_cases,
                r.referred_cases,
                r.ongoing_cases,
                (
                    session.get(Source, r.source_id).kind,
                    session.get(Source, r.source_id).document,
                    session.get(Source, r.source_id).line,
                ),
            )
            for r in rows
        ]


def stat_source_id(db, code: str) -> int:
    with db.session() as session:
        return session.scalars(
            select(ConsultationStat.source_id).where(ConsultationStat.municipality_code == code)
        ).one()


YAHABA = "033227"  # 矢巾町: 新規相談案件 34 件、終結案件 38 件（57.6％） 2月末現在, line 4637
DOC_LINE = (SourceKind.DOCUMENT, SEED_004, 4637)


def test_accept_writes_a_partial_year_row_with_the_document_line(db):
    result = review.accept(db, candidate(db, YAHABA, "consultations", 34), "reviewer-a")
    assert (result.status, result.value, result.stat_change, result.stat_period_end) == (
        "accepted",
        34,
        "created",
        dt.date(2019, 2, 28),
    )
    assert stats(db, YAHABA) == [
        (2018, dt.date(2019, 2, 28), True, "all", "distinct", "件", 34, None, None, None, DOC_LINE)
    ]
    row = review.review_queue(db, "accepted").set_index("municipality_code").loc[YAHABA]
    assert row["reviewed_by"] == "reviewer-a" and row["reviewed_at"] is not None
    shown = queries.consultations(db, "03", 2018).loc[YAHABA]  # the existing screens read it
    assert (shown["new_cases"], shown["is_partial_year"], shown["source_id"]) == (34, True, stat_source_id(db, YAHABA))
    review.accept(db, candidate(db, YAHABA, "closures", 38), "reviewer-a")
    assert stats(db, YAHABA)[0][6:10] == (34, 38, None, None)


def test_a_rate_stays_an_accepted_outcome_only(db):
    result = review.accept(db, candidate(db, YAHABA, "closure_rate_pct", 57.6), "reviewer-a")
    assert (result.stat_id, result.stat_change) == (None, None)
    assert stats(db, YAHABA) == []
    accepted = review.accepted_outcomes(db)
    assert accepted[["metric", "value", "unit", "period_end", "is_partial_year"]].values.tolist() == [
        ["closure_rate_pct", 57.6, "%", dt.date(2019, 2, 28), True]
    ]


def test_correct_then_reject_keeps_the_row_consistent(db):
    consultations = candidate(db, YAHABA, "consultations", 34)
    closures = candidate(db, YAHABA, "closures", 38)
    review.accept(db, consultations, "reviewer-a")
    result = review.correct(db, closures, 40, "reviewer-b")
    assert (result.status, result.value, result.stat_change) == ("corrected", 40, "updated")
    assert stats(db, YAHABA)[0][6:8] == (34, 40)
    accepted = review.accepted_outcomes(db, "03").set_index("id")
    assert (accepted.loc[closures, "value"], accepted.loc[closures, "stated_value"]) == (40, 38)
    assert accepted.loc[closures, "reviewed_by"] == "reviewer-b"
    review.correct(db, closures, 39, "reviewer-b")  # re-correcting replaces the value
    assert stats(db, YAHABA)[0][6:8] == (34, 39)
    review.reject(db, consultations, "reviewer-b")
    assert stats(db, YAHABA)[0][6:8] == (None, 39)
    assert list(review.accepted_outcomes(db, "03")["id"]) == [closures]
    result = review.reject(db, closures, "reviewer-b")
    assert (result.value, result.stat_change) == (None, "deleted")
    assert stats(db, YAHABA) == []
    assert review.accepted_outcomes(db).empty
    assert list(review.review_queue(db, "rejected")["id"]) == [consultations, closures]


def test_two_different_counts_for_the_same_period_are_refused(db):
    sendai = "041009"  # 74 件 and 15 件, both "1月末時点"
    review.accept(db, candidate(db, sendai, "consultations", 74), "reviewer-a")
    second = candidate(db, sendai, "consultations", 15)
    with pytest.raises(ValueError, match="却下"):
        review.accept(db, second, "reviewer-a")
    assert review.review_queue(db).set_index("id").loc[second, "status"] == "pending"  # rolled back
    assert stats(db, sendai)[0][6] == 74


def test_units_categories_and_bases_are_never_added(db):
    tochigi = "092037"  # 40 件 consultations, 2 世帯 closed, 24 世帯 complex
    for metric, value in (("consultations", 40), ("closures", 2), ("consultations_complex", 24)):
        review.accept(db, candidate(db, tochigi, metric, value), "reviewer-a")
    year_end = dt.date(2019, 3, 31)
    assert [row[:10] for row in stats(db, tochigi)] == [
        (2018, year_end, False, "all", "distinct", "件", 40, None, None, None),
        (2018, year_end, False, "all", "distinct", "世帯", None, 2, None, None),
        (2018, year_end, False, "complex", "distinct", "世帯", 24, None, None, None),
    ]
    yuzawa = "052078"  # "2 月末で述べ 27 件": contacts, not distinct cases
    review.accept(db, candidate(db, yuzawa, "consultations", 27), "reviewer-a")
    assert stats(db, yuzawa)[0][:7] == (2018, dt.date(2019, 2, 28), True, "all", "contacts", "件", 27)
    hiroo = "016420"  # complex consultations 53 as of 12月現在
    review.accept(db, candidate(db, hiroo, "consultations_complex", 53), "reviewer-a")
    assert stats(db, hiroo)[0][:7] == (2018, dt.date(2018, 12, 31), True, "complex", "distinct", "件", 53)


def test_a_row_from_another_source_is_not_overwritten(db):
    with db.session() as session:
        synthetic = Source(kind=SourceKind.SYNTHETIC, label="test")
        session.add(synthetic)
        session.flush()
        session.add(
            ConsultationStat(
                municipality_code=YAHABA,
                fiscal_year=2018,
                period_end=dt.date(2019, 2, 28),
                is_partial_year=True,
                category="all",
                basis=CountBasis.DISTINCT,
                unit="件",
                new_cases=1,
                source_id=synthetic.id,
            )
        )
    with pytest.raises(ValueError, match="別の出典"):
        review.accept(db, candidate(db, YAHABA, "consultations", 34), "reviewer-a")
    assert stats(db, YAHABA)[0][6] == 1


def test_invalid_corrections_are_refused(db):
    with pytest.raises(ValueError, match="整数"):
        review.correct(db, candidate(db, YAHABA, "closures", 38), 38.5, "reviewer-a")
    with pytest.raises(ValueError, match="100以下"):
        review.correct(db, candidate(db, YAHABA, "closure_rate_pct", 57.6), 120, "reviewer-a")
    with pytest.raises(ValueError, match="見つかりません"):
        review.accept(db, 99999, "reviewer-a")
    with db.session() as session:
        assert {c.status.value for c in session.scalars(select(OutcomeCandidate))} == {"pending"}


def test_queue_filters(db):
    assert len(review.review_queue(db)) == 105
    assert len(review.review_queue(db, "pending", "09")) == 18  # 栃木市 8, 市貝町 2, 高根沢町 1, 那珂川町 7
    assert review.review_queue(db, "accepted").empty
    review.accept(db, candidate(db, "093866", "consultations", 91), "reviewer-a")  # 高根沢町, 2月まで
    review.accept(db, candidate(db, "131121", "consultations_complex", 1042), "reviewer-a")  # 世田谷区, 4月～11月分
    assert len(review.review_queue(db, "pending", "09")) == 17
    assert list(review.accepted_outcomes(db, "09")["name"]) == ["高根沢町"]
    tokyo = review.accepted_outcomes(db, "13").iloc[0]
    assert (tokyo["name"], tokyo["value"], tokyo["period_end"], tokyo["is_partial_year"]) == (
        "世田谷区",
        1042,
        dt.date(2018, 11, 30),
        True,
    )
    assert len(review.accepted_outcomes(db)) == 2
    assert len(review.accepted_outcomes(db, fiscal_year=2018, codes=("093866",))) == 1
    assert review.accepted_outcomes(db, fiscal_year=2017).empty
    with pytest.raises(ValueError):
        review.review_queue(db, "approved")


def test_the_queue_is_grouped_by_report_and_most_certain_first(db):
    queue = review.review_queue(db)
    keys = list(zip(queue["prefecture_code"], queue["report_index"], strict=True))
    assert keys == sorted(keys)
    for _report, rows in queue.groupby("report_index"):
        assert list(rows["confidence"]) == sorted(rows["confidence"], reverse=True)


KORIYAMA = "072036"  # 130 件 new cases to 2月末 = 北東 43 + 南西 48 + 中央・湖南・熱海 39


def test_a_breakdown_never_adds_to_its_total(db):
    total = candidate(db, KORIYAMA, "consultations", 130)
    parts = [candidate(db, KORIYAMA, "consultations", v) for v in (43, 48, 39)]
    review.accept(db, total, "reviewer-a")
    for part in parts:
        result = review.accept(db, part, "reviewer-a")
        assert (result.stat_id, result.stat_change) == (None, None)  # the total feeds the statistics
    assert [row[6] for row in stats(db, KORIYAMA)] == [130]
    queue = review.review_queue(db).set_index("id")
    assert not queue.loc[parts, "feeds_consultation_stats"].any() and queue.loc[total, "feeds_consultation_stats"]


def test_parts_may_not_exceed_their_total(db):
    total = candidate(db, KORIYAMA, "consultations", 130)
    north, south, centre = (candidate(db, KORIYAMA, "consultations", v) for v in (43, 48, 39))
    review.accept(db, total, "reviewer-a")
    review.accept(db, north, "reviewer-a")
    review.accept(db, south, "reviewer-a")
    with pytest.raises(ValueError, match="内訳.*超えます"):
        review.correct(db, centre, 45, "reviewer-a")  # 43 + 48 + 45 > 130
    assert review.review_queue(db).set_index("id").loc[centre, "status"] == "pending"
    review.correct(db, total, 136, "reviewer-a")  # the total first, then the part
    review.correct(db, centre, 45, "reviewer-a")
    assert stats(db, KORIYAMA)[0][6] == 136


def test_a_part_in_another_metric_feeds_its_own_column(db):
    soka = "112216"  # 解決・調整 49 件 = 課題解決 20 件 + 関係機関に繋いだ 29 件
    review.accept(db, candidate(db, soka, "closures", 49), "reviewer-a")
    review.accept(db, candidate(db, soka, "closures", 20), "reviewer-a")
    review.accept(db, candidate(db, soka, "referrals", 29), "reviewer-a")
    assert [row[7:9] for row in stats(db, soka)] == [(49, 29)]


def test_accept_the_clear_candidates_of_a_report_at_once(db):
    queue = review.review_queue(db)
    yahaba = queue[queue["municipality_code"] == YAHABA]
    outcome = review.accept_report(db, SEED_004, int(yahaba["report_index"].iloc[0]), "reviewer-a")
    assert len(outcome.accepted) == 4 and not outcome.skipped  # 継続 32, 新規 34, 終結 38, 終結率 57.6%
    assert stats(db, YAHABA)[0][:10] == (2018, dt.date(2019, 2, 28), True, "all", "distinct", "件", 34, 38, None, None)
    with db.session() as session:
        row = session.scalars(select(ConsultationStat).where(ConsultationStat.municipality_code == YAHABA)).one()
        assert row.continuing_cases == 32
    sendai = queue[queue["municipality_code"] == "041009"]
    outcome = review.accept_report(db, SEED_004, int(sendai["report_index"].iloc[0]), "reviewer-a")
    assert len(outcome.accepted) == 1 and len(outcome.skipped) == 1  # 74 and 15 for the same period: one stays
    assert "却下" in outcome.skipped[0][1]
    unclear = queue[queue["confidence"] < 0.8]
    assert not unclear.empty
    tenryu = unclear.iloc[0]
    review.accept_report(db, SEED_004, int(tenryu["report_index"]), "reviewer-a")
    assert review.review_queue(db).set_index("id").loc[tenryu["id"], "status"] == "pending"


def test_figures_of_an_earlier_year_land_in_that_year(db):
    oogata = "053686"  # 平成２８年度は…７３件の相談があった
    review.accept(db, candidate(db, oogata, "consultations", 73), "reviewer-a")
    assert stats(db, oogata)[0][:7] == (2016, dt.date(2017, 3, 31), False, "all", "distinct", "件", 73)

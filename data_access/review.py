"""Review of outcome candidates read from report free text: accept, correct or reject, recorded with who and when.

A misread number is worse than a missing one, so only accepted or corrected values leave the queue:
`accepted_outcomes` for charts, and for counts of one municipality a `ConsultationStat` row (one per
municipality, fiscal year, period end, category, basis and unit, so counts of different units or periods
are never added) that the existing screens already show. The row is recomputed from the accepted
candidates on every review, so rejecting or re-correcting keeps it consistent. A part of a breakdown never
feeds the row its total feeds (the total does), and the reviewed parts of a total may not add up to more
than the total. The clear candidates of a report (confidence from the parser) can be accepted at once.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from data_access.database import Database
from data_access.japanese_dates import fiscal_year_end
from data_access.models import (
    CandidateStatus,
    ConsultationStat,
    Municipality,
    OutcomeCandidate,
    Prefecture,
    Source,
    SourceKind,
)
from data_access.report_outcomes import HIGH_CONFIDENCE
from data_access.vocabulary import OUTCOME_METRICS

# metric -> (ConsultationStat.category, column); the closure rate is a stated rate, not a count
STAT_FIELDS = {
    "consultations": ("all", "new_cases"),
    "consultations_continuing": ("all", "continuing_cases"),
    "consultations_complex": ("complex", "new_cases"),
    "closures": ("all", "closed_cases"),
    "referrals": ("all", "referred_cases"),
    "ongoing": ("all", "ongoing_cases"),
}
COUNT_COLUMNS = ("new_cases", "continuing_cases", "closed_cases", "referred_cases", "ongoing_cases")
REVIEWED = (CandidateStatus.ACCEPTED, CandidateStatus.CORRECTED)


@dataclass(frozen=True)
class ReviewResult:
    candidate_id: int
    status: str
    value: float | None  # the value now in force (corrected or as read); None once rejected
    stat_id: int | None  # the ConsultationStat row written or removed, if any
    stat_change: str | None  # "created" / "updated" / "deleted"
    stat_period_end: dt.date | None


@dataclass
class ReportAcceptance:
    """What accepting a report's clear candidates did: the reviews made and the candidates left for a person."""

    accepted: list[ReviewResult] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (candidate id, reason)


def period_end_of(fiscal_year: int, end: dt.date | None) -> tuple[dt.date, bool]:
    """(period end, is partial year) of a figure: no period end means the whole fiscal year."""
    year_end = fiscal_year_end(fiscal_year)
    end = end or year_end
    return end, end < year_end


def final_value(candidate: OutcomeCandidate) -> float:
    return candidate.corrected_value if candidate.status is CandidateStatus.CORRECTED else candidate.value


def _queue_query() -> Select:
    """Candidates grouped by report, the most certain first within a report."""
    name = func.coalesce(Municipality.name, OutcomeCandidate.place_name, Prefecture.name)
    total = aliased(OutcomeCandidate)
    return (
        select(
            OutcomeCandidate.id,
            OutcomeCandidate.status,
            OutcomeCandidate.prefecture_code,
            Prefecture.name.label("prefecture_name"),
            OutcomeCandidate.municipality_code,
            name.label("name"),
            OutcomeCandidate.scope,
            OutcomeCandidate.municipality_codes,
            OutcomeCandidate.fiscal_year,
            OutcomeCandidate.metric,
            OutcomeCandidate.value,
            OutcomeCandidate.corrected_value,
            OutcomeCandidate.target,
            OutcomeCandidate.unit,
            OutcomeCandidate.basis,
            OutcomeCandidate.period_note,
            OutcomeCandidate.period_end,
            OutcomeCandidate.confidence,
            OutcomeCandidate.part_of_id,
            OutcomeCandidate.part_label,
            total.metric.label("total_metric"),
            total.value.label("total_value"),
            OutcomeCandidate.restated_lines,
            OutcomeCandidate.document,
            OutcomeCandidate.source_line,
            OutcomeCandidate.quote,
            OutcomeCandidate.report_index,
            OutcomeCandidate.report_start_line,
            OutcomeCandidate.place_name,
            OutcomeCandidate.import_batch_id,
            OutcomeCandidate.reviewed_by,
            OutcomeCandidate.reviewed_at,
        )
        .join(Prefecture, Prefecture.code == OutcomeCandidate.prefecture_code)
        .outerjoin(Municipality, Municipality.code == OutcomeCandidate.municipality_code)
        .outerjoin(total, total.id == OutcomeCandidate.part_of_id)
        .order_by(
            OutcomeCandidate.prefecture_code,
            OutcomeCandidate.document,
            OutcomeCandidate.report_index,
            OutcomeCandidate.confidence.desc().nulls_last(),
            OutcomeCandidate.source_line,
            OutcomeCandidate.id,
        )
    )


def _frame(db: Database, query: Select) -> pd.DataFrame:
    with db.engine.connect() as conn:
        frame = pd.read_sql(query, conn)
    for column in ("status", "scope", "basis"):
        frame[column] = frame[column].map(lambda v: getattr(v, "value", v)).astype(object)
    same_as_total = frame["part_of_id"].notna() & (frame["total_metric"] == frame["metric"])
    frame["feeds_consultation_stats"] = (
        frame["municipality_code"].notna() & frame["metric"].isin(list(STAT_FIELDS)) & ~same_as_total
    )
    ends = [
        period_end_of(int(fy), None if pd.isna(end) else end)
        for fy, end in zip(frame["fiscal_year"], frame["period_end"], strict=True)
    ]
    frame["period_end"] = [end for end, _partial in ends]
    frame["is_partial_year"] = [partial for _end, partial in ends]
    return frame


def review_queue(db: Database, status: str | None = None, prefecture_code: str | None = None) -> pd.DataFrame:
    """Candidates (optionally of one status and prefecture) with the place name to show."""
    query = _queue_query()
    if status is not None:
        query = query.where(OutcomeCandidate.status == CandidateStatus(status))
    if prefecture_code is not None:
        query = query.where(OutcomeCandidate.prefecture_code == prefecture_code)
    return _frame(db, query)


def accepted_outcomes(
    db: Database, prefecture_code: str | None = None, fiscal_year: int | None = None, codes: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Reviewed outcomes only: `value` is the value in force, `stated_value` what the parser read.

    Filters: a prefecture, the fiscal year of the figures, municipality codes (empty: all, also the figures of a
    group or a prefecture). `period_end` is the fiscal year's end for a whole-year figure, `is_partial_year`
    says which are not.
    """
    query = _queue_query().where(OutcomeCandidate.status.in_(REVIEWED))
    if prefecture_code is not None:
        query = query.where(OutcomeCandidate.prefecture_code == prefecture_code)
    if fiscal_year is not None:
        query = query.where(OutcomeCandidate.fiscal_year == fiscal_year)
    if codes:
        query = query.where(OutcomeCandidate.municipality_code.in_(list(codes)))
    frame = _frame(db, query).rename(columns={"value": "stated_value"})
    frame.insert(
        frame.columns.get_loc("stated_value"),
        "value",
        frame["corrected_value"].where(frame["status"] == "corrected", frame["stated_value"]),
    )
    return frame.drop(columns="corrected_value")


def accept(db: Database, candidate_id: int, user: str) -> ReviewResult:
    """The value was read correctly."""
    return _review(db, candidate_id, user, CandidateStatus.ACCEPTED, None)


def correct(db: Database, candidate_id: int, value: float, user: str) -> ReviewResult:
    """The figure is right but the number was misread: accept it with `value`."""
    return _review(db, candidate_id, user, CandidateStatus.CORRECTED, value)


def reject(db: Database, candidate_id: int, user: str) -> ReviewResult:
    """Not an outcome of this report (or not a usable one); removed from charts if it was there."""
    return _review(db, candidate_id, user, CandidateStatus.REJECTED, None)


def accept_report(
    db: Database, document: str, report_index: int, user: str, min_confidence: float = HIGH_CONFIDENCE
) -> ReportAcceptance:
    """Accept every pending candidate of one report read with at least `min_confidence`, totals before their
    parts. Each is its own review: one that cannot be applied (two counts for the same period, parts above
    their total) stays pending with the reason, the others are accepted."""
    with db.session() as session:
        pending = session.scalars(
            select(OutcomeCandidate)
            .where(
                OutcomeCandidate.document == document,
                OutcomeCandidate.report_index == report_index,
                OutcomeCandidate.status == CandidateStatus.PENDING,
                OutcomeCandidate.confidence >= min_confidence,
            )
            .order_by(OutcomeCandidate.part_of_id.is_not(None), OutcomeCandidate.source_line, OutcomeCandidate.id)
        ).all()
        ids = [c.id for c in pending]
    outcome = ReportAcceptance()
    for candidate_id in ids:
        try:
            outcome.accepted.append(accept(db, candidate_id, user))
        except ValueError as exc:
            outcome.skipped.append((candidate_id, str(exc)))
    return outcome


def _review(
    db: Database, candidate_id: int, user: str, status: CandidateStatus, corrected: float | None
) -> ReviewResult:
    if not user.strip():
        raise ValueError("レビュー担当者の名前が空です。")
    with db.session() as session:
        candidate = session.get(OutcomeCandidate, int(candidate_id))
        if candidate is None:
            raise ValueError(f"レビュー候補 #{candidate_id} が見つかりません。")
        if corrected is not None:
            _check_value(candidate, corrected)
        candidate.status = status
        candidate.corrected_value = float(corrected) if corrected is not None else None
        candidate.reviewed_by = user.strip()
        candidate.reviewed_at = dt.datetime.now(dt.UTC)
        session.flush()
        _check_breakdown(session, candidate)
        stat_id, change = _sync_consultation_stat(session, candidate)
        value = None if status is CandidateStatus.REJECTED else final_value(candidate)
        end = period_end_of(candidate.fiscal_year, candidate.period_end)[0] if change else None
        return ReviewResult(candidate.id, status.value, value, stat_id, change, end)


def _check_value(candidate: OutcomeCandidate, value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"修正値は0以上の数で入力してください: {value}")
    if candidate.unit == "%":
        if value > 100:
            raise ValueError(f"割合（%）は100以下で入力してください: {value}")
    elif value != int(value):
        raise ValueError(f"件数（{candidate.unit}）は整数で入力してください: {value}")


def _check_breakdown(session: Session, candidate: OutcomeCandidate) -> None:
    """The reviewed parts of a reviewed total may not add up to more than it (a misread part or total)."""
    total = session.get(OutcomeCandidate, candidate.part_of_id) if candidate.part_of_id else candidate
    if total is None or total.status not in REVIEWED:
        return
    parts = session.scalars(
        select(OutcomeCandidate).where(
            OutcomeCandidate.part_of_id == total.id,
            OutcomeCandidate.status.in_(REVIEWED),
            OutcomeCandidate.unit == total.unit,
        )
    ).all()
    if parts and sum(final_value(p) for p in parts) > final_value(total):
        listed = "、".join(f"#{p.id} {final_value(p):g}" for p in parts)
        raise ValueError(
            f"内訳（{listed}）の合計が合計 #{total.id}（{final_value(total):g}{total.unit}）を超えます。"
            "合計か内訳の値を確認してください（合計を先に修正できます）。"
        )


def _is_part_of_same_metric(session: Session, candidate: OutcomeCandidate) -> bool:
    """A part counted under its total's metric: the total feeds the statistics, not the part."""
    if candidate.part_of_id is None:
        return False
    total = session.get(OutcomeCandidate, candidate.part_of_id)
    return total is not None and total.metric == candidate.metric


def _stat_key(session: Session, candidate: OutcomeCandidate) -> tuple | None:
    """The ConsultationStat row a count of one municipality belongs to; None for rates, for figures of a group
    or a prefecture and for parts of a total of the same metric."""
    if candidate.municipality_code is None or candidate.metric not in STAT_FIELDS:
        return None
    if _is_part_of_same_metric(session, candidate):
        return None
    end, partial = period_end_of(candidate.fiscal_year, candidate.period_end)
    return (
        candidate.municipality_code,
        candidate.fiscal_year,
        end,
        partial,
        STAT_FIELDS[candidate.metric][0],
        candidate.basis,
        candidate.unit,
    )


def _sync_consultation_stat(session: Session, candidate: OutcomeCandidate) -> tuple[int | None, str | None]:
    """Recompute the candidate's ConsultationStat row from every reviewed candidate of the same key."""
    key = _stat_key(session, candidate)
    if key is None:
        return None, None
    code, fiscal_year, end, partial, category, basis, unit = key
    peers = session.scalars(
        select(OutcomeCandidate)
        .where(
            OutcomeCandidate.municipality_code == code,
            OutcomeCandidate.fiscal_year == fiscal_year,
            OutcomeCandidate.unit == unit,
            OutcomeCandidate.metric.in_([m for m, (cat, _col) in STAT_FIELDS.items() if cat == category]),
            OutcomeCandidate.status.in_(REVIEWED),
        )
        .order_by(OutcomeCandidate.id)
    ).all()
    by_column: dict[str, OutcomeCandidate] = {}
    for peer in (p for p in peers if _stat_key(session, p) == key):
        column = STAT_FIELDS[peer.metric][1]
        other = by_column.setdefault(column, peer)
        if final_value(other) != final_value(peer):
            raise ValueError(
                f"{OUTCOME_METRICS[peer.metric].name('ja')}（{end:%Y-%m-%d} 時点・{unit}）は候補 #{other.id}"
                f"（{final_value(other):g}{unit}）で承認済みです。同じ自治体・時点の件数は1つしか反映できないため、"
                "どちらかを却下してください。"
            )
    row = session.scalars(
        select(ConsultationStat).where(
            ConsultationStat.municipality_code == code,
            ConsultationStat.district_id.is_(None),
            ConsultationStat.fiscal_year == fiscal_year,
            ConsultationStat.period_end == end,
            ConsultationStat.category == category,
            ConsultationStat.basis == basis,
            ConsultationStat.unit == unit,
        )
    ).first()
    if row is not None and not _written_by_review(session, row):
        raise ValueError(
            f"この自治体の{end:%Y-%m-%d}時点の相談件数（{unit}）は別の出典で登録済みのため、"
            "レビュー結果で上書きしません。"
        )
    if not by_column:
        if row is None:
            return None, None
        session.delete(row)
        return row.id, "deleted"
    lead = by_column.get("new_cases") or min(by_column.values(), key=lambda c: c.source_line)
    counts = {column: int(final_value(by_column[column])) if column in by_column else None for column in COUNT_COLUMNS}
    source_id = _document_source(session, lead.document, lead.source_line).id
    change = "updated"
    if row is None:
        row = ConsultationStat(
            municipality_code=code,
            district_id=None,
            fiscal_year=fiscal_year,
            period_end=end,
            category=category,
            basis=basis,
            unit=unit,
        )
        session.add(row)
        change = "created"
    if row.source_id is not None and row.continuing_cases is not None:  # not restated: it keeps where it came from
        row.continuing_cases_source_id = row.continuing_cases_source_id or row.source_id
    row.is_partial_year = partial
    row.source_id = source_id
    for column, value in counts.items():
        setattr(row, column, value)
    for column in ("is_partial_year", *COUNT_COLUMNS):  # restated by the review: the row's source is theirs
        setattr(row, f"{column}_source_id", None)
    session.flush()
    return row.id, change


def _written_by_review(session: Session, row: ConsultationStat) -> bool:
    """A row whose source is the line of one of this municipality's candidates came from a review."""
    source = session.get(Source, row.source_id)
    if source is None or source.kind is not SourceKind.DOCUMENT:
        return False
    return (
        session.scalars(
            select(OutcomeCandidate.id).where(
                OutcomeCandidate.document == source.document,
                OutcomeCandidate.source_line == source.line,
                OutcomeCandidate.municipality_code == row.municipality_code,
            )
        ).first()
        is not None
    )


def _document_source(session: Session, document: str, line: int) -> Source:
    source = session.scalars(
        select(Source).where(
            Source.kind == SourceKind.DOCUMENT,
            Source.document == document,
            Source.line == line,
            Source.import_batch_id.is_(None),
            Source.label == "",
        )
    ).first()
    if source is None:
        source = Source(kind=SourceKind.DOCUMENT, document=document, line=line, label="")
        session.add(source)
        session.flush()
    return source

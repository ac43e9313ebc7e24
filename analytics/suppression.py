"""Small-number suppression (秘匿処理) for the public transparency view.

Consultation counts are counts of people and households: in a small town a count of 1–4 can point at a
neighbour. The public view therefore applies the rule officials use for published statistics:

1. **Primary suppression.** A count ``v`` with ``0 < v < threshold`` (default 5: values 1–4) is replaced by
   the mark :data:`MARK` 「＊」. Zero is shown as 0 (nobody to identify); missing stays missing ("no data").
2. **Derived values.** A rate or percentage computed from a suppressed count (consultations per 10,000,
   closure rate, their intervals) is suppressed with it: ``derived={rate: (count, ...)}``.
3. **Secondary (complementary) suppression.** A suppressed count must not be recoverable from what is shown.
   Every linear relation of the table is checked — a total row (``total = Σ rows``), a total published
   elsewhere (``published_totals``: the 概要 KPI card), and relations within a row
   (``row_relations``, e.g. ``ongoing = new + continuing − closed`` as ``{"ongoing": -1, "new": 1,
   "continuing": 1, "closed": -1}``). In each relation the suppressed cells are either none or at least two,
   and when they are all added with the same sign (members of a shown total) their sum must itself not be a
   small number (``>= threshold``), so a total minus the shown cells never reveals "the hidden ones are 1 and
   1". A cell that violates this gets a complement from the same relation: the smallest non-zero member
   first, then the total cell, and a zero only when nothing else is left. Finally no suppressed cell may be
   determined by the relations together (e.g. across row and column totals, or because counts are never
   negative): while a reader's best interval for one has zero width (:func:`disclosed_cells`), the
   smallest remaining cell of one of its relations is suppressed too.

The mark is 「＊」 and not 「<5」: a complementary cell is usually 5 or more, so "<5" would be false. Screens
explain it as 「＊：1〜4件の値、およびそれが計算で分からないよう併せて伏せた値」.

Counts of councils, districts, municipalities and residents are administrative facts, not people in need,
and are not suppressed; callers pass only person/case counts in ``count_columns``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import linprog

MARK = "＊"
DEFAULT_THRESHOLD = 5

Cell = tuple[int, str]  # (row position, column)
RowMask = Sequence[bool] | npt.NDArray[np.bool_]  # True for the rows of a published subset


@dataclass(frozen=True)
class Relation:
    """Σ coefficient · value over ``terms`` is known to the reader (zero, or a total shown elsewhere)."""

    terms: tuple[tuple[Cell, int], ...]


def is_small(value: float | str | None, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True for a count that primary suppression hides (1 … threshold−1); False for 0 and missing."""
    if value is None or isinstance(value, str) or pd.isna(value):
        return False
    return 0 < float(value) < threshold


def check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"秘匿の閾値は1以上の整数です（1 = 秘匿しない）: {threshold!r}")
    return threshold


def relations(
    frame: pd.DataFrame,
    count_columns: Sequence[str],
    *,
    total_row: Hashable | None = None,
    row_relations: Sequence[Mapping[str, int]] = (),
    published_totals: Collection[str] = (),
    published_subsets: Sequence[tuple[RowMask, Collection[str]]] = (),
) -> list[Relation]:
    """Every linear relation a reader can use on the table (missing cells take no part).

    ``published_subsets``: (boolean row mask, count columns) pairs; the total of each of those columns over
    the rows of the mask is known (a prefecture trend sums the full-year rows only).
    """
    values = _values(frame, count_columns)
    total_pos = _total_position(frame, total_row)
    found: list[Relation] = []
    for col in count_columns:
        members = [
            ((pos, col), 1) for pos in range(len(frame)) if pos != total_pos and not math.isnan(values[pos, col])
        ]
        if total_pos is not None and not math.isnan(values[total_pos, col]):
            found.append(Relation(tuple(members) + (((total_pos, col), -1),)))
        if col in published_totals and members:
            found.append(Relation(tuple(members)))
        for subset, columns in published_subsets:
            part = tuple(term for term in members if col in columns and subset[term[0][0]])
            if part:
                found.append(Relation(part))
    for relation in row_relations:
        unknown = set(relation) - set(count_columns)
        if unknown:
            raise ValueError(f"row_relations の列が count_columns にありません: {sorted(unknown)}")
        for pos in range(len(frame)):
            terms = tuple(((pos, col), int(coef)) for col, coef in relation.items() if not math.isnan(values[pos, col]))
            if len(terms) >= 2:
                found.append(Relation(terms))
    return found


def suppress(
    frame: pd.DataFrame,
    count_columns: Sequence[str],
    *,
    derived: Mapping[str, Sequence[str]] | None = None,
    total_row: Hashable | None = None,
    row_relations: Sequence[Mapping[str, int]] = (),
    published_totals: Collection[str] = (),
    published_subsets: Sequence[tuple[RowMask, Collection[str]]] = (),
    complement_last: Collection[str] = (),
    already_hidden: pd.DataFrame | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    mark: str = MARK,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown frame, mask): the frame with suppressed counts and derived values replaced by ``mark``, and a
    boolean frame (same index and columns) that is True where a value was suppressed.

    ``count_columns``: person/case counts. ``derived``: value column -> the count columns it is computed
    from. ``total_row``: index label of a row holding the column totals of the other rows.
    ``published_totals``: count columns whose total over all rows is shown elsewhere. ``row_relations``:
    linear relations between count columns that hold in every row (coefficients, sum zero).
    ``published_subsets``: row subsets whose totals of some columns are known (see :func:`relations`).
    ``complement_last``: count columns taken as a complement only when nothing else of the relation is left
    (a column another screen shows in full). ``already_hidden``: boolean frame of count cells another screen
    hides; they stay hidden here, so that the screens share one pattern. See the module docstring for the rule.
    """
    check_threshold(threshold)
    derived = dict(derived or {})
    missing = [c for c in [*count_columns, *derived, *(s for v in derived.values() for s in v)] if c not in frame]
    if missing:
        raise ValueError(f"列がありません: {sorted(set(missing))}")
    values = _values(frame, count_columns)
    total_pos = _total_position(frame, total_row)
    suppressed = {cell for cell, v in values.items() if is_small(v, threshold)}
    if already_hidden is not None:
        suppressed |= {
            (int(pos), col)
            for col in count_columns
            if col in already_hidden
            for pos in np.flatnonzero(already_hidden[col].to_numpy(dtype=bool))
            if not math.isnan(values[(int(pos), col)])
        }
    _complement(
        values,
        suppressed,
        relations(
            frame,
            count_columns,
            total_row=total_row,
            row_relations=row_relations,
            published_totals=published_totals,
            published_subsets=published_subsets,
        ),
        total_pos,
        threshold,
        frozenset(complement_last),
    )

    mask = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    column_positions = {col: i for i, col in enumerate(mask.columns)}  # count columns are unique (see _values)
    for pos, col in suppressed:
        mask.iat[pos, column_positions[col]] = True
    for col, sources in derived.items():
        mask[col] = mask[list(sources)].any(axis=1) & frame[col].notna()
    shown = frame.copy()
    for col in mask.columns[mask.any()]:
        shown[col] = shown[col].astype("object").where(~mask[col], mark)
    return shown, mask


def to_text(shown: pd.DataFrame, digits: Mapping[str, int], missing: str = "—", mark: str = MARK) -> pd.DataFrame:
    """The given columns as text (``digits`` decimals, no thousands separator so a CSV stays machine-readable),
    keeping the mark; the same text goes on screen and into the download."""
    out = shown.copy()
    for col, places in digits.items():
        out[col] = [
            mark
            if isinstance(v, str) and v == mark
            else missing
            if v is None or pd.isna(v)
            else f"{float(v):.{places}f}"
            for v in shown[col]
        ]
    return out


def disclosed_cells(
    values: Mapping[Cell, float], suppressed: Collection[Cell], found: Sequence[Relation]
) -> list[Cell]:
    """Suppressed cells whose value a reader can work out exactly from the shown cells and the relations.

    The reader's best interval for each hidden cell is the minimum and maximum of a linear programme: every
    relation holds, shown cells are fixed, and a hidden count is at least 1 unless it is zero (stronger than
    a real reader, who cannot tell a hidden 0 apart). Width under one count means the value is known.
    """
    unknowns = sorted(suppressed)
    if not unknowns:
        return []
    index = {cell: i for i, cell in enumerate(unknowns)}
    rows, rhs = [], []
    for relation in found:
        row = np.zeros(len(unknowns))
        known = 0.0
        for cell, coef in relation.terms:
            if cell in index:
                row[index[cell]] += coef
                known += coef * values[cell]
        if row.any():
            rows.append(row)
            rhs.append(known)
    if not rows:
        return []
    bounds = [(1 if values[cell] > 0 else 0, None) for cell in unknowns]
    # every solution found is a table the reader cannot rule out: a cell that has already taken values a count
    # or more apart in two of them is not pinned down, and needs no programme of its own (高知 2022's public
    # briefing: 305 programmes instead of 430)
    lowest = np.full(len(unknowns), np.inf)
    highest = np.full(len(unknowns), -np.inf)
    disclosed = []
    for cell, i in index.items():
        goal = np.zeros(len(unknowns))
        goal[i] = 1
        ends = []
        for sign in (1, -1):
            if highest[i] - lowest[i] >= 0.5:
                break
            solved = linprog(sign * goal, A_eq=rows, b_eq=rhs, bounds=bounds)
            if solved.status != 0 or solved.x is None:  # unsolved: not worked out either
                break
            np.minimum(lowest, solved.x, out=lowest)
            np.maximum(highest, solved.x, out=highest)
            ends.append(solved.x[i])
        if len(ends) == 2 and ends[1] - ends[0] < 0.5:
            disclosed.append(cell)
    return disclosed


def _values(frame: pd.DataFrame, count_columns: Sequence[str]) -> dict[Cell, float]:
    out: dict[Cell, float] = {}
    for col in count_columns:
        for pos, v in enumerate(pd.to_numeric(frame[col], errors="coerce")):
            out[(pos, col)] = math.nan if pd.isna(v) else float(v)
    return out


def _total_position(frame: pd.DataFrame, total_row: Hashable | None) -> int | None:
    if total_row is None:
        return None
    positions = np.flatnonzero(frame.index == total_row)
    if len(positions) != 1:
        raise ValueError(f"合計行 {total_row!r} が表に1行だけあるはずです（{len(positions)} 行）")
    return int(positions[0])


def _violates(relation: Relation, values: Mapping[Cell, float], suppressed: set[Cell], threshold: int) -> bool:
    hidden = [(cell, coef) for cell, coef in relation.terms if cell in suppressed]
    if not hidden:
        return False
    if len(hidden) == 1:
        return True
    signs = {coef > 0 for _, coef in hidden}
    return len(signs) == 1 and abs(sum(coef * values[cell] for cell, coef in hidden)) < threshold


def _preference(
    cell: Cell, values: Mapping[Cell, float], total_pos: int | None, last: frozenset[str] = frozenset()
) -> tuple[int, bool, float, Cell]:
    """Complement order: the smallest non-zero member first (columns in ``last`` after the others), then the
    total cell, zeros last."""
    v = values[cell]
    return (2 if v == 0 else (1 if cell[0] == total_pos else 0)), cell[1] in last, v, cell


def _candidates(
    relation: Relation,
    values: Mapping[Cell, float],
    suppressed: set[Cell],
    total_pos: int | None,
    last: frozenset[str] = frozenset(),
) -> list[Cell]:
    free = [cell for cell, _ in relation.terms if cell not in suppressed]
    return sorted(free, key=lambda cell: _preference(cell, values, total_pos, last))


def _complement(
    values: Mapping[Cell, float],
    suppressed: set[Cell],
    found: list[Relation],
    total_pos: int | None,
    threshold: int,
    last: frozenset[str] = frozenset(),
) -> None:
    """Add complementary cells to ``suppressed`` (in place) until no relation gives a hidden value away."""
    while True:
        choice = None
        for relation in found:
            if _violates(relation, values, suppressed, threshold):
                options = _candidates(relation, values, suppressed, total_pos, last)
                if options:
                    choice = options[0]
                    break
        if choice is None:
            for cell in disclosed_cells(values, suppressed, found):
                options = [
                    c
                    for r in found
                    if any(t == cell for t, _ in r.terms)
                    for c in _candidates(r, values, suppressed, total_pos, last)
                ]
                if options:
                    choice = min(options, key=lambda c: _preference(c, values, total_pos, last))
                    break
        if choice is None:
            return
        suppressed.add(choice)


# Every screen that shows consultation counts of one prefecture (概要 table and KPI cards, 地図 layers, 相談・成果,
# 比較, 自治体プロフィール) uses one pattern, so no screen reveals what another hides. A reader can combine them:
# the caseload is new + continuing in each row; the 概要 KPI card gives the total of the new cases; the 相談・成果
# trend gives the totals of the closed cases and the caseload over the full-year rows, and its pooled benchmarks
# (a full-year total over a total, rounded) are taken as giving every other full-year total exactly.
CASE_COUNTS = ("new_cases", "continuing_cases", "closed_cases", "referred_cases", "caseload")
CASE_ROW_RELATIONS = ({"caseload": -1, "new_cases": 1, "continuing_cases": 1},)
CASE_SHOWN_FIRST = ("new_cases",)  # the headline figure: other cells are taken as complements before it
CASE_TOTAL_OF_ALL_ROWS = ("new_cases",)  # partial-year rows included: the 概要 KPI card


def case_pattern(frame: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Boolean frame (index of ``frame``, columns of :data:`CASE_COUNTS` present) of the consultation counts
    of one prefecture that every screen hides. ``frame`` has new/continuing/closed cases, optionally
    referred_cases, caseload (new + continuing, as `analytics.comparison.with_outcome_rates`; computed when
    missing) and is_partial_year (missing: every row is a full year)."""
    cases = frame.reset_index(drop=True)
    if "caseload" not in cases:
        new = pd.to_numeric(cases["new_cases"], errors="coerce")
        cases = cases.assign(caseload=new + pd.to_numeric(cases["continuing_cases"], errors="coerce").fillna(0))
    counts = [c for c in CASE_COUNTS if c in cases]
    mask = suppress(cases, counts, complement_last=CASE_SHOWN_FIRST, threshold=threshold, **_case_totals(cases))[1]
    return mask[counts].set_axis(frame.index)


def case_relations(frame: pd.DataFrame) -> list[Relation]:
    """The relations :func:`case_pattern` protects against (to check a pattern with :func:`disclosed_cells`)."""
    return relations(frame, [c for c in CASE_COUNTS if c in frame], **_case_totals(frame))


class _CaseTotals(TypedDict):
    """What a reader of every screen knows about the consultation counts: keyword arguments of `suppress`."""

    row_relations: Sequence[Mapping[str, int]]
    published_totals: Collection[str]
    published_subsets: Sequence[tuple[RowMask, Collection[str]]]


def _case_totals(frame: pd.DataFrame) -> _CaseTotals:
    counts = [c for c in CASE_COUNTS if c in frame]
    full = ~frame["is_partial_year"].eq(True) if "is_partial_year" in frame else pd.Series(True, index=frame.index)
    return {
        "row_relations": CASE_ROW_RELATIONS,
        "published_totals": CASE_TOTAL_OF_ALL_ROWS,
        "published_subsets": [(full.to_numpy(), counts)],
    }


OVERVIEW_COUNTS = ("new_cases", "continuing_cases", "closed_cases")
OVERVIEW_PUBLISHED_TOTALS = ("new_cases",)  # the KPI card shows the prefecture total of new consultations
OVERVIEW_DERIVED = {
    "consultations_per_10k": ("new_cases",),
    "consultations_per_10k_low": ("new_cases",),
    "consultations_per_10k_high": ("new_cases",),
    "closure_rate_pct": ("closed_cases", "new_cases", "continuing_cases"),
    "closure_rate_low_pct": ("closed_cases", "new_cases", "continuing_cases"),
    "closure_rate_high_pct": ("closed_cases", "new_cases", "continuing_cases"),
}


def suppress_overview(frame: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Public 概要/地図 values: `analytics.overview.with_rates` output, suppressed with :func:`case_pattern`."""
    return suppress(
        frame,
        OVERVIEW_COUNTS,
        derived=OVERVIEW_DERIVED,
        published_totals=OVERVIEW_PUBLISHED_TOTALS,
        already_hidden=case_pattern(frame, threshold),
        threshold=threshold,
    )


def suppress_parts(
    counts: pd.Series, threshold: int = DEFAULT_THRESHOLD, mark: str = MARK
) -> tuple[pd.Series, pd.Series]:
    """(shown, mask) for one column of counts whose total is published elsewhere (the meetings of each district
    of a municipality add up to the municipality's figure in the activity table)."""
    frame = pd.DataFrame({"count": counts})
    shown, mask = suppress(frame, ["count"], published_totals=["count"], threshold=threshold, mark=mark)
    return shown["count"], mask["count"]

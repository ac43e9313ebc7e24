"""What the database already holds for the rows a file restates: read by validation (districts, units of a
series) and by the writer (what changes, and the sources each field keeps).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Enum as SAEnum
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.imports.schema import TableSpec
from data_access.models import District


@dataclass(frozen=True)
class StoredRow:
    """One stored row: its id, compared values, the row's source and each field's own source (None: the row's)."""

    id: int
    values: dict[str, Any]
    source_id: int
    field_sources: dict[str, int | None]


Existing = dict[tuple, StoredRow]  # natural key (a missing district is 0, as in the unique index) -> row


def key_values(frame: pd.DataFrame, column: str) -> list:
    """Natural-key values as compared with the database (a missing district is 0, as in the unique index)."""
    return [0 if value is None else value for value in frame[column].tolist()]


def fetch(session: Session, spec: TableSpec, scope_column: str, scope: Iterable) -> Existing:
    """The rows that the file may restate, in one SELECT."""
    model = spec.model
    sources = sorted(set(spec.field_sources.values()))
    names = [*spec.key, *spec.values, *sources]
    rows = (
        session.connection()
        .execute(
            select(model.id, model.source_id, *(getattr(model, c) for c in names)).where(
                getattr(model, scope_column).in_(sorted(set(scope)))
            )
        )
        .all()
    )
    enums = {name for name in names if isinstance(getattr(model, name).type, SAEnum)}
    out: Existing = {}
    width, values = len(spec.key), len(spec.values)
    for row_id, source_id, *cells in rows:
        cells = [cell.value if name in enums and cell is not None else cell for name, cell in zip(names, cells)]
        key = tuple(0 if cell is None else cell for cell in cells[:width])  # as the unique index coalesces
        out[key] = StoredRow(
            row_id,
            dict(zip(spec.values, cells[width : width + values])),
            source_id,
            dict(zip(sources, cells[width + values :])),
        )
    return out


def district_lookup(session: Session, codes: Iterable[str]) -> dict[tuple[str, str], tuple[int, str]]:
    """(municipality, code) -> (district id, stored code); codes also match without leading zeros (Excel drops them)."""
    rows = (
        session.connection()
        .execute(
            select(District.id, District.municipality_code, District.code).where(
                District.municipality_code.in_(sorted(set(codes)))
            )
        )
        .all()
    )
    lookup: dict[tuple[str, str], tuple[int, str]] = {}
    stripped: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for district_id, municipality_code, code in rows:
        lookup[(municipality_code, code)] = (district_id, code)
        if code.isdigit():
            stripped.setdefault((municipality_code, code.lstrip("0")), []).append((district_id, code))
    for key, candidates in stripped.items():
        if len(candidates) == 1:
            lookup.setdefault(key, candidates[0])
    return lookup


def find_district(
    lookup: dict[tuple[str, str], tuple[int, str]], municipality: Any, code: Any
) -> tuple[int, str] | None:
    if not isinstance(municipality, str) or not isinstance(code, str):
        return None
    return lookup.get((municipality, code)) or lookup.get((municipality, code.lstrip("0")))

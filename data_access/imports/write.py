"""Step 3: the changes a valid file makes, cell by cell, and writing them in one transaction.

Only the columns a file carries are compared and written: a column it leaves out keeps its stored value and the
source that value came from (`<field>_source_id`). Imports run one at a time (a PostgreSQL advisory lock, SQLite's
write lock taken at the start), and validation runs again inside that transaction, so rules that span rows (one
unit per series, one row per key) hold when two officials import at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, bindparam
from sqlalchemy.orm import Session

from data_access.database import take_turn
from data_access.imports.existing import Existing, StoredRow, fetch, key_values
from data_access.imports.problems import Label
from data_access.imports.read import number_text
from data_access.imports.schema import COUNCILS, DISTRICTS, EXPLICIT_SOURCES, TableSpec
from data_access.models import Council, District
from data_access.templates import Template

Progress = Callable[[float, str], None]
CHUNK = 5_000
MAX_CHANGES = 10_000  # changed cells kept for the before/after table (all are counted)


def serialise(session: Session, wait_seconds: int) -> None:
    """Wait (up to `wait_seconds`) until no other import is writing, then hold that turn until this transaction
    ends: what the import validates is what it writes over."""
    take_turn(session, "imports", wait_seconds)


@dataclass(frozen=True)
class CellChange:
    """One stored cell an import changes, as the official wrote it: row of the file, its key, before and after."""

    row: int
    key: str
    column: Label
    before: str
    after: str


@dataclass
class Plan:
    """The changes one file makes, computed inside the writing transaction."""

    inserted: int
    updated: int
    unchanged: int
    changes: list[CellChange]
    change_count: int
    apply: Callable[[int, Writer], None]  # writes with the new source id


@dataclass
class Rows:
    """The validated rows of a file with what the writer needs to describe them."""

    frame: pd.DataFrame  # stored values, model attribute names; position = index of the file's row
    tpl: Template
    carried: frozenset[str]  # template columns the file has
    row_numbers: Any  # Excel row number of each position
    keys: list[str]  # each row's natural key as written in the file ("092011 / 01 / R2 …")


@dataclass
class _Changes:
    cells: list[CellChange] = field(default_factory=list)
    count: int = 0

    def add(self, change: CellChange) -> None:
        self.count += 1
        if len(self.cells) < MAX_CHANGES:
            self.cells.append(change)


def _compared(spec: TableSpec, rows: Rows) -> tuple[list[str], list[str]]:
    """(template columns, attributes) the file restates: required ones always, optional ones when present."""
    columns = [
        c.key
        for c in rows.tpl.columns
        if spec.attributes(c.key) and (c.required or c.key in rows.carried) and c.key not in rows.tpl.natural_key
    ]
    return columns, [a for c in columns for a in spec.attributes(c)]


def _diff(frame: pd.DataFrame, spec: TableSpec, existing: Existing, attributes: list[str]):
    """(positions to insert, (position, stored row) to update, positions unchanged)."""
    keys = zip(*(key_values(frame, c) for c in spec.key))
    values = list(zip(*(frame[a].tolist() for a in attributes))) if attributes else [()] * len(frame)
    inserts, updates, unchanged = [], [], []
    for position, (key, row_values) in enumerate(zip(keys, values)):
        found = existing.get(key)
        if found is None:
            inserts.append(position)
        elif tuple(found.values[a] for a in attributes) == row_values:
            unchanged.append(position)
        else:
            updates.append((position, found))
    return inserts, updates, unchanged


def _cell_text(column, values: tuple) -> str:
    """A stored value as the official writes it in the template (設置済, 2018-06, はい, 1,020 → 1020)."""
    value = values[0]
    if value is None:
        return ""
    if column.type == "date":
        return date_text(value, values[1] if len(values) > 1 else "day")
    if column.allowed:
        plain = str(value).lower() if isinstance(value, bool) else value
        return next((label for label, stored in column.allowed.items() if stored == plain), str(value))
    if column.type in ("integer", "number"):
        return number_text(float(value))
    return str(value)


def date_text(day: dt.date, precision: str | None) -> str:
    """A stored date as it can be imported again: 2020-12-24, 2018-06 (month) or R2年 (year)."""
    if precision == "month":
        return f"{day.year}-{day.month:02d}"
    if precision == "year":
        return f"H{day.year - 1988}年" if day.year < 2019 else f"R{day.year - 2018}年"
    return day.isoformat()


def _record_changes(
    changes: _Changes, rows: Rows, spec: TableSpec, columns: list[str], position: int, old: StoredRow
) -> None:
    for key in columns:
        attributes = spec.attributes(key)
        before = tuple(old.values[a] for a in attributes)
        after = tuple(rows.frame.at[position, a] for a in attributes)
        if before != after:
            column = rows.tpl.column(key)
            changes.add(
                CellChange(
                    int(rows.row_numbers[position]),
                    rows.keys[position],
                    Label(column.ja, column.en),
                    _cell_text(column, before),
                    _cell_text(column, after),
                )
            )


def _field_sources(spec: TableSpec, rows: Rows, old: StoredRow | None, values: dict, source_id: int) -> dict:
    """Each field's own source after this write: carried fields take the row's new source (NULL, or the new
    source itself for explicit ones), the others keep theirs (or the row's old source, now no longer the row's)."""
    out = {}
    for column, attribute in spec.field_sources.items():
        first = spec.attributes(column)[0]
        if column in rows.carried or old is None:
            explicit = attribute in EXPLICIT_SOURCES and values.get(first) is not None
            out[attribute] = source_id if explicit else None
        elif attribute in EXPLICIT_SOURCES and old.values.get(first) is None:
            out[attribute] = None
        else:
            out[attribute] = old.field_sources[attribute] or old.source_id
    return out


def _records(frame: pd.DataFrame, positions: list[int], columns: Iterable[str]) -> list[dict]:
    names = list(columns)
    subset = frame.iloc[positions]
    return [dict(zip(names, row)) for row in zip(*(subset[name].tolist() for name in names))]


def plan_rows(rows: Rows, spec: TableSpec, existing: Existing) -> Plan:
    columns, attributes = _compared(spec, rows)
    inserts, updates, unchanged = _diff(rows.frame, spec, existing, attributes)
    changes = _Changes()
    for position, old in updates:
        _record_changes(changes, rows, spec, columns, position, old)

    def apply(source_id: int, writer: Writer) -> None:
        new = _records(rows.frame, inserts, [*spec.key, *spec.values])
        writer.insert(
            spec.model, [{**r, "source_id": source_id, **_field_sources(spec, rows, None, r, source_id)} for r in new]
        )
        changed = _records(rows.frame, [p for p, _ in updates], attributes)
        writer.update(
            spec.model,
            [
                {**r, "row_id": old.id, "source_id": source_id, **_field_sources(spec, rows, old, r, source_id)}
                for r, (_, old) in zip(changed, updates)
            ],
        )

    return Plan(len(inserts), len(updates), len(unchanged), changes.cells, changes.count, apply)


def plan_districts(session: Session, rows: Rows, today: dt.date) -> Plan:
    """Districts and their tier-2 councils: a row counts as updated when either changed."""
    frame = rows.frame
    codes = list(frame["municipality_code"])
    districts = fetch(session, DISTRICTS, "municipality_code", codes)
    district_columns, district_attributes = _compared(DISTRICTS, rows)
    district_inserts, district_updates, _ = _diff(frame, DISTRICTS, districts, district_attributes)
    ids = {key: row.id for key, row in districts.items()}
    councils = frame.assign(
        tier=2, district_id=[ids.get((m, c), -1) for m, c in zip(frame["municipality_code"], frame["code"])]
    )
    council_columns, council_attributes = _compared(COUNCILS, rows)
    stored_councils = fetch(session, COUNCILS, "municipality_code", codes)
    council_inserts, council_updates, _ = _diff(councils, COUNCILS, stored_councils, council_attributes)
    new_rows = set(district_inserts) | set(council_inserts)
    changed = ({p for p, _ in district_updates} | {p for p, _ in council_updates}) - new_rows
    changes = _Changes()
    council_rows = Rows(councils, rows.tpl, rows.carried, rows.row_numbers, rows.keys)
    district_before, council_before = dict(district_updates), dict(council_updates)
    for position in sorted(changed):
        if position in district_before:
            _record_changes(changes, rows, DISTRICTS, district_columns, position, district_before[position])
        if position in council_before:
            _record_changes(changes, council_rows, COUNCILS, council_columns, position, council_before[position])

    def apply(source_id: int, writer: Writer) -> None:
        writer.insert(
            District,
            [
                {**r, "source_id": source_id}
                for r in _records(frame, district_inserts, DISTRICTS.key + DISTRICTS.values)
            ],
        )
        records = _records(frame, [p for p, _ in district_updates], district_attributes)
        writer.update(
            District,
            [{**r, "row_id": old.id, "source_id": source_id} for r, (_, old) in zip(records, district_updates)],
        )
        session.flush()
        fresh = {key: row.id for key, row in fetch(session, DISTRICTS, "municipality_code", codes).items()}
        councils["district_id"] = [fresh[(m, c)] for m, c in zip(frame["municipality_code"], frame["code"])]
        extra = dict(status_as_of=today, source_id=source_id)
        inserted = _records(councils, council_inserts, [*COUNCILS.key, *COUNCILS.values])
        writer.insert(Council, [{**r, **extra, **_field_sources(COUNCILS, rows, None, r, source_id)} for r in inserted])
        records = _records(councils, [p for p, _ in council_updates], council_attributes)
        writer.update(
            Council,
            [
                {**r, **extra, "row_id": old.id, **_field_sources(COUNCILS, rows, old, r, source_id)}
                for r, (_, old) in zip(records, council_updates)
            ],
        )

    return Plan(
        len(new_rows), len(changed), len(frame) - len(new_rows) - len(changed), changes.cells, changes.count, apply
    )


class Writer:
    """Bulk INSERT / UPDATE by primary key, in chunks, reporting progress."""

    def __init__(self, session: Session, progress: Progress, total: int):
        self.session = session
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0

    def insert(self, model: type, records: list[dict]) -> None:
        connection = self.session.connection()
        if records and connection.dialect.name == "postgresql":
            self._copy(connection, model.__table__, records)
            return
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            connection.execute(model.__table__.insert(), chunk)
            self._advance(len(chunk))

    def _copy(self, connection: Connection, table: Table, records: list[dict]) -> None:
        """PostgreSQL: COPY FROM STDIN inside the same transaction, several times faster than a 100,000-statement
        executemany. Values pass through each column type's bind processor (enums become their stored names)."""
        from psycopg import sql as psycopg_sql  # the PostgreSQL driver, only on this path

        names = list(records[0])
        processors = [table.c[name].type.bind_processor(connection.dialect) for name in names]
        statement = psycopg_sql.SQL("COPY {} ({}) FROM STDIN").format(
            psycopg_sql.Identifier(table.name), psycopg_sql.SQL(", ").join(map(psycopg_sql.Identifier, names))
        )
        with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for start in range(0, len(records), CHUNK):
                chunk = records[start : start + CHUNK]
                columns = [[record[name] for record in chunk] for name in names]
                for position, process in enumerate(processors):
                    if process is not None:
                        columns[position] = [None if v is None else process(v) for v in columns[position]]
                for row in zip(*columns):
                    copy.write_row(row)
                self._advance(len(chunk))

    def update(self, model: type, records: list[dict]) -> None:
        """UPDATE … WHERE id = :row_id for each record (records carry `row_id` and the new values)."""
        table = model.__table__
        statement = table.update().where(table.c.id == bindparam("row_id"))
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            self.session.connection().execute(statement, chunk)
            self._advance(len(chunk))

    def _advance(self, count: int) -> None:
        self.done += count
        self.progress(0.6 + 0.4 * min(self.done / self.total, 1.0), f"書き込み中 {self.done:,} / {self.total:,} 行")

"""Step 2: cells → stored values, checked against the template's schema and the database; every problem is
collected (a file with 100,000 wrong cells is described, not abandoned at the first), and problems are counted
exactly but only the first `limit` of them (by row and column) are written out.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from core.domain import JUSOU_START, wareki_fiscal_year
from data_access import master
from data_access.imports.existing import Existing, district_lookup, fetch, find_district, key_values
from data_access.imports.problems import Label, Problem, invisible
from data_access.imports.read import RawTable, normalize_header
from data_access.imports.schema import COUNCILS, DISTRICTS, MUNICIPALITY_KEYS, TABLES, integer_range, text_length
from data_access.japanese_dates import (
    EXCEL_EPOCH,
    FISCAL_YEAR_MAX,
    FISCAL_YEAR_MIN,
    fiscal_year_end,
    parse_date,
    parse_fiscal_year,
)
from data_access.templates import TEMPLATES, Column, Template

DATE_MIN = dt.date(FISCAL_YEAR_MIN, 1, 8)  # 平成元年1月8日: nothing this domain records is older
DATE_MAX = dt.date(FISCAL_YEAR_MAX, 12, 31)
_NUMBER = re.compile(r"([-−‐▲△]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")
_SERIAL = re.compile(r"[0-9]{5}(\.0+)?")
_NUMBER_TYPES = ("integer", "number")


class CellError(ValueError):
    """Why one cell cannot be read: a catalogue key (import_problem_<key>) and its values."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values


def aliases(column: Column) -> set[str]:
    return {normalize_header(column.ja).lower(), normalize_header(column.en).lower()}


def detect_kind(headers: Iterable[str]) -> str | None:
    """The template whose headers the file uses best (None when nothing fits or two fit equally well)."""
    names = {h.lower() for h in headers if h}
    scores = []
    for kind, tpl in TEMPLATES.items():
        known = set().union(*(aliases(c) for c in tpl.columns))
        specific = set().union(*(aliases(c) for c in tpl.columns if c.key not in MUNICIPALITY_KEYS))
        if names & specific:
            scores.append((len(names & known) - len(names - known), kind))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]


def label(column: Column) -> Label:
    return Label(column.ja, column.en)


@dataclass
class _Finding:
    """Problems of one kind in one column, for the rows at `indices` (materialised only when listed)."""

    column: Label | None
    order: int  # the column's place in the template (problems are listed by row, then column)
    key: str
    indices: np.ndarray
    shown: pd.Series | None  # the value quoted per row
    values: dict[str, Any]  # scalars, or Series with a value per row


class Checker:
    """Turns the raw cells of one template into stored values, collecting every problem."""

    def __init__(self, table: RawTable, tpl: Template, file_name: str):
        self.table = table
        self.tpl = tpl
        self.file_name = file_name
        self.header_problems: list[Problem] = []
        self.findings: list[_Finding] = []
        self.columns: dict[str, int] = {}  # column key -> position in the file
        self.values = pd.DataFrame(index=table.cells.index)
        self.bad = pd.Series(False, index=table.cells.index)  # rows whose natural key is unusable
        self.flagged: dict[str, pd.Series] = {}  # cells already reported (by the reader, or invisible characters)

    # -- collecting

    def add(self, mask: pd.Series, column: Column | None, key: str, shown: pd.Series | None = None, **values) -> None:
        """One problem per row where `mask` is true; a value given as a Series may differ per row."""
        mask = mask.fillna(False).astype(bool)
        if column is not None and column.key in self.flagged:
            mask &= ~self.flagged[column.key]
        if not mask.any():
            return
        if column is not None and column.key in self.tpl.natural_key:
            self.bad |= mask
        order = next((i for i, c in enumerate(self.tpl.columns) if column is not None and c.key == column.key), -1)
        if shown is None and column is not None:
            shown = self.raw(column.key)
        self.findings.append(
            _Finding(
                None if column is None else label(column),
                order,
                key,
                np.flatnonzero(mask.to_numpy()),
                shown,
                values,
            )
        )

    def add_row(self, index: int, column: Label | None, key: str, shown: str = "", **values) -> None:
        self.findings.append(_Finding(column, -1, key, np.array([index]), pd.Series({index: shown}), values))

    def header_problem(self, column: Label | None, key: str, value: str = "", **values) -> None:
        self.header_problems.append(
            Problem(self.file_name, self.table.sheet, self.table.header_row, column, value, key, values)
        )

    @property
    def count(self) -> int:
        return len(self.header_problems) + sum(len(f.indices) for f in self.findings)

    def problems(self, limit: int) -> list[Problem]:
        """The first `limit` problems: the header's, then by row and column."""
        out = self.header_problems[:limit]
        if len(out) == limit or not self.findings:
            return out
        rows = np.concatenate([f.indices for f in self.findings])
        orders = np.concatenate([np.full(len(f.indices), f.order) for f in self.findings])
        owners = np.concatenate([np.full(len(f.indices), i) for i, f in enumerate(self.findings)])
        for position in np.lexsort((owners, orders, rows))[: limit - len(out)]:
            finding, index = self.findings[owners[position]], int(rows[position])
            values = {k: (v.loc[index] if isinstance(v, pd.Series) else v) for k, v in finding.values.items()}
            shown = "" if finding.shown is None else finding.shown.loc[index]
            out.append(
                Problem(
                    self.file_name,
                    self.table.sheet,
                    int(self.table.row_numbers[index]),
                    finding.column,
                    "" if shown is None else str(shown),
                    finding.key,
                    values,
                )
            )
        return out

    def raw(self, key: str) -> pd.Series:
        if key not in self.columns:
            return pd.Series("", index=self.table.cells.index, dtype=object)
        return self.table.cells[self.columns[key]]

    # -- header and what the reader saw

    def match_headers(self) -> None:
        lookup = {alias: column for column in self.tpl.columns for alias in aliases(column)}
        for position, header in enumerate(self.table.headers):
            column = lookup.get(header.lower())
            if column is None:
                if header:
                    self.header_problem(Label.of(header), "unknown_column")
                else:
                    self.header_problem(_position_label(position), "unnamed_column")
            elif column.key in self.columns:
                self.header_problem(label(column), "duplicate_column")
            else:
                self.columns[column.key] = position
        for column in self.tpl.columns:
            if column.required and column.key not in self.columns:
                self.header_problem(label(column), "missing_column")
        if (
            set(MUNICIPALITY_KEYS) <= {c.key for c in self.tpl.columns}
            and "municipality_code" not in self.columns
            and not {"prefecture", "municipality_name"} <= set(self.columns)
        ):
            self.header_problem(label(self.tpl.column("municipality_code")), "no_municipality_columns")

    def reader_notes(self) -> None:
        """Cells, rows and columns the reader could not take as they are (hidden, formula without result …)."""
        by_position = {position: key for key, position in self.columns.items()}
        for note in self.table.notes:
            column = self.tpl.column(by_position[note.position]) if note.position in by_position else None
            shown_label = (
                label(column) if column else (None if note.position is None else self._header_label(note.position))
            )
            if note.index is None:
                self.header_problem(shown_label, note.key, note.value, **note.values)
                continue
            self.add_row(note.index, shown_label, note.key, note.value, **note.values)
            if column is not None:
                self._flag(column.key, pd.Series(self.table.cells.index == note.index, index=self.table.cells.index))

    def _header_label(self, position: int) -> Label:
        header = self.table.headers[position] if position < len(self.table.headers) else ""
        return Label.of(header) if header else _position_label(position)

    def _flag(self, key: str, mask: pd.Series) -> None:
        self.flagged[key] = self.flagged.get(key, pd.Series(False, index=mask.index)) | mask

    def invisible_characters(self) -> None:
        """A value with a character nobody can see (BOM, zero-width space, a line break inside a cell) looks right
        but is not: named, shown with the character made visible, and not checked further."""
        pattern = invisible()
        for key in self.columns:
            raw = self.raw(key)
            found = {v: m.group() for v in raw.unique() if v and (m := pattern.search(v))}
            if not found:
                continue
            mask = raw.isin(list(found))
            character = raw.map(found).map(lambda c: f"U+{ord(c):04X}" if isinstance(c, str) else "")
            self.add(mask, self.tpl.column(key), "invisible_character", character=character)
            self._flag(key, mask)

    # -- columns

    def required(self) -> None:
        for column in self.tpl.columns:
            if column.required and column.key in self.columns:
                self.add(self.raw(column.key) == "", column, "required")

    def parse_columns(self, models: dict[str, tuple[type, str]]) -> None:
        for column in self.tpl.columns:
            if column.type in ("municipality_code", "prefecture") or column.key == "municipality_name":
                continue
            parser = getattr(self, f"_parse_{column.type}")
            self.values[column.key] = parser(column, self.raw(column.key), models.get(column.key))

    def _errors(self, column: Column, errors: pd.Series) -> None:
        """Report parse errors (CellError / DateError per value) grouped by their reason."""
        failed = errors.notna()
        if not failed.any():
            return
        keys = errors[failed].map(lambda e: e.key)
        for key in keys.unique():
            mask = pd.Series(False, index=errors.index)
            mask[keys.index[keys == key]] = True
            sample = errors[mask].iloc[0].values
            values = {name: errors[mask].map(lambda e, name=name: e.values.get(name)) for name in sample}
            self.add(mask, column, key, **values)

    def _parse_text(self, column: Column, raw: pd.Series, model: tuple[type, str] | None) -> pd.Series:
        limit = text_length(*model) if model else None
        if limit:
            self.add(raw.str.len() > limit, column, "too_long", max=limit)
        return raw.where(raw != "", None)

    def _parse_choice(self, column: Column, raw: pd.Series, _model: object) -> pd.Series:
        choices = {_normalize_cell(k).lower(): v for k, v in {**column.allowed, **column.aliases}.items()}
        parsed = raw.str.lower().map(choices).astype(object)
        self.add((raw != "") & parsed.isna(), column, "not_a_choice", allowed="、".join(column.allowed))
        return parsed.where(parsed.notna(), None)

    _parse_flag = _parse_choice

    def _parse_fiscal_year(self, column: Column, raw: pd.Series, _model: object) -> pd.Series:
        parsed, errors = parse_unique(raw, parse_fiscal_year)
        self._errors(column, errors)
        return parsed

    def _parse_date(self, column: Column, raw: pd.Series, _model: object) -> pd.Series:
        parsed, errors = parse_unique(raw, parse_date_cell)
        self._errors(column, errors)
        return parsed  # (date, precision) tuples

    def _parse_integer(self, column: Column, raw: pd.Series, model: tuple[type, str] | None) -> pd.Series:
        bounds = integer_range(*model) if model else None
        parsed, errors = parse_unique(raw, lambda text: parse_integer(text, bounds))
        self._errors(column, errors)
        return parsed

    def _parse_number(self, column: Column, raw: pd.Series, _model: object) -> pd.Series:
        parsed, errors = parse_unique(raw, parse_number)
        self._errors(column, errors)
        return parsed

    # -- municipality and prefecture

    def municipality(self) -> None:
        """6-digit code from the code (6 or 5 digits) or from prefecture + name; names must agree with codes."""
        code_col, pref_col, name_col = (self.tpl.column(k) for k in MUNICIPALITY_KEYS)
        raw_code, raw_pref, raw_name = (self.raw(k) for k in MUNICIPALITY_KEYS)
        by_code = parse_unique(raw_code, master.normalize_code)[0]
        self.add((raw_code != "") & by_code.isna(), code_col, "unknown_code")
        pref_name = parse_unique(raw_pref, prefecture_name)[0]
        self.add((raw_pref != "") & pref_name.isna(), pref_col, "unknown_prefecture")
        names = master.code_by_name()
        by_name = pd.Series(
            [names.get((p, n)) if p else None for p, n in zip(pref_name, raw_name)], index=raw_name.index, dtype=object
        )
        no_code = raw_code == ""
        self.add(no_code & pref_name.notna() & (raw_name != "") & by_name.isna(), name_col, "unknown_name")
        self.add(no_code & (raw_name == "") & (raw_pref == ""), code_col, "no_municipality")
        self.add(no_code & ((raw_name == "") ^ (raw_pref == "")), code_col, "name_needs_prefecture")
        records = master.municipalities_by_code()
        prefs = {p.code: p.name for p in master.prefectures()}
        expected_name = by_code.map(lambda c: records[c].name if c else "")
        expected_pref = by_code.map(lambda c: prefs[records[c].prefecture_code] if c else "")
        known = by_code.fillna("")
        self.add(
            by_code.notna() & (raw_name != "") & (raw_name != expected_name),
            name_col,
            "name_mismatch",
            code=known,
            prefecture=expected_pref,
            name=expected_name,
        )
        self.add(
            by_code.notna() & pref_name.notna() & (pref_name != expected_pref),
            pref_col,
            "prefecture_mismatch",
            code=known,
            prefecture=expected_pref,
        )
        code = by_code.where(~no_code, by_name)
        self.bad |= code.isna()
        self.values["municipality_code"] = code

    def prefecture(self) -> None:
        column = self.tpl.column("prefecture")
        raw = self.raw("prefecture")
        name = parse_unique(raw, prefecture_name)[0]
        self.add((raw != "") & name.isna(), column, "unknown_prefecture")
        codes = {p.name: p.code for p in master.prefectures()}
        self.values["prefecture_code"] = name.map(codes).astype(object)

    # -- rows

    def duplicates(self, stored: pd.DataFrame, key: tuple[str, ...]) -> None:
        """Rows restating the same natural key (after normalisation: R2 = 2020年度, 01 = 1)."""
        frame = stored.loc[~self.bad, list(key)].astype(object).fillna("")
        duplicated = frame.duplicated(keep="first")
        if not duplicated.any():
            return
        first = frame.index.to_series().groupby([frame[k] for k in key], sort=False).transform("first")
        columns = [self.tpl.column(k) for k in self.tpl.natural_key]
        shown = pd.Series(
            [" / ".join(self.raw(c.key).loc[i] or "（空欄）" for c in columns) for i in stored.index],
            index=stored.index,
        )
        first_row = first.reindex(stored.index).map(lambda i: int(self.table.row_numbers[int(i)]) if pd.notna(i) else 0)
        mask = duplicated.reindex(stored.index, fill_value=False)
        self.findings.append(
            _Finding(
                Label("・".join(c.ja for c in columns), " / ".join(c.en for c in columns)),
                -1,
                "duplicate_key",
                np.flatnonzero(mask.to_numpy()),
                shown,
                {"first": first_row},
            )
        )


def _position_label(position: int) -> Label:
    return Label(f"{position + 1}列目", f"column {position + 1}")


def _normalize_cell(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# --------------------------------------------------------------------------------------------- cells


def parse_unique(raw: pd.Series, parse: Callable[[str], Any]) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct value once (100,000 rows usually hold a few hundred distinct dates or codes): the
    values (None when empty or unreadable) and the error of each unreadable cell (None otherwise). Python objects
    throughout: a column of years with a gap must not become floats."""
    codes, distinct = pd.factorize(raw.to_numpy(dtype=object))
    parsed = np.full(len(distinct) + 1, None, dtype=object)  # the last one: what code -1 (none) takes
    errors = np.full(len(distinct) + 1, None, dtype=object)
    for position, value in enumerate(distinct):
        if value == "":
            continue
        try:
            parsed[position] = parse(value)
        except ValueError as exc:
            errors[position] = exc if hasattr(exc, "key") else CellError("unreadable")
    return pd.Series(parsed[codes], index=raw.index, dtype=object), pd.Series(
        errors[codes], index=raw.index, dtype=object
    )


def _decimal(text: str) -> decimal.Decimal:
    """1,234 / △5 (negative, as in Japanese accounts) / 12.5 — ASCII digits after NFKC (full-width ones are
    fine), commas only between groups of three: "1,2,3", "1 000", "1_000", "1e20" and other scripts' digits are
    not numbers here."""
    match = _NUMBER.fullmatch(text)
    if not match:
        raise CellError("number_unreadable")
    sign, whole, fraction = match.groups()
    value = decimal.Decimal(whole.replace(",", "") + (fraction or ""))
    if sign:
        raise CellError("negative")
    return value


def parse_integer(text: str, bounds: tuple[int, int] | None) -> int:
    value = _decimal(text)
    if value != value.to_integral_value():
        raise CellError("not_integer")
    if bounds is not None and value > bounds[1]:
        raise CellError("too_big", max=f"{bounds[1]:,}")
    return int(value)


EXACT_FLOAT = 2**53  # a stored number (double precision) is exact up to here on both databases


def parse_number(text: str) -> float:
    value = _decimal(text)
    if value > EXACT_FLOAT:
        raise CellError("too_big", max=f"{EXACT_FLOAT:,}")
    return float(value)


def parse_date_cell(text: str) -> tuple[dt.date, str]:
    """parse_date, plus Excel date serials (a date cell read as a number, e.g. 44189 = 2020-12-24); dates outside
    DATE_MIN–DATE_MAX (0001-01-01, serial 1) are refused: no report of this domain names them."""
    if _SERIAL.fullmatch(text) and 20000 <= float(text) <= 80000:
        day, precision = EXCEL_EPOCH + dt.timedelta(days=int(float(text))), "day"
    else:
        day, precision = parse_date(text)
    if not DATE_MIN <= day <= DATE_MAX:
        raise CellError("date_out_of_range", min=DATE_MIN.isoformat(), max=DATE_MAX.isoformat())
    return day, precision


def prefecture_name(text: str) -> str:
    prefectures = master.prefectures()
    by_code = {p.code: p.name for p in prefectures}
    names = {p.name for p in prefectures}
    if text.isdigit() and text.zfill(2) in by_code:
        return by_code[text.zfill(2)]
    for candidate in (text, f"{text}県", f"{text}府", f"{text}都"):
        if candidate in names:
            return candidate
    raise ValueError(text)


# --------------------------------------------------------------------------------------------- per-kind rules


def model_columns(kind: str) -> dict[str, tuple[type, str]]:
    """Template column key -> (model, attribute) it is stored in, for the column's own range and length."""
    if kind == "districts_councils":
        return {
            "district_code": (DISTRICTS.model, "code"),
            "district_name": (DISTRICTS.model, "name"),
            "district_kind": (DISTRICTS.model, "kind"),
        }
    spec = TABLES[kind]
    out = {c: (spec.model, c) for c in (*spec.values, *spec.key) if c in spec.model.__table__.c}
    if "district_id" in spec.key:
        out["district_code"] = (DISTRICTS.model, "code")
    return out


def validate_rows(checker: Checker, session: Session, today: dt.date) -> pd.DataFrame:
    """Kind-specific rules within the file; returns the values to store (model attribute names) of every row."""
    kind = checker.tpl.kind
    v = checker.values
    municipality_codes = sorted(v["municipality_code"].dropna().unique()) if "municipality_code" in v else []
    if "period_end" in v:
        ends = v["period_end"].map(_day)
        outside = pd.Series(
            [
                e is not None and y is not None and not dt.date(y, 4, 1) <= e <= fiscal_year_end(y)
                for e, y in zip(ends, v["fiscal_year"])
            ],
            index=v.index,
        )
        checker.add(outside, checker.tpl.column("period_end"), "period_outside_year")
    if kind in ("council_activity", "consultations"):
        lookup = district_lookup(session, municipality_codes)
        found = [find_district(lookup, m, c) for m, c in zip(v["municipality_code"], v["district_code"])]
        v["district_id"] = pd.Series([f[0] if f else None for f in found], index=v.index, dtype=object)
        unknown = v["district_code"].notna() & v["district_id"].isna() & v["municipality_code"].notna()
        checker.add(unknown, checker.tpl.column("district_code"), "unknown_district")
    if kind == "districts_councils":
        _district_rules(checker, session, municipality_codes, today)
    if kind == "consultations":
        v["is_partial_year"] = [
            flag == "true" if flag else (end < fiscal_year_end(y) if end and y else None)
            for flag, end, y in zip(v["is_partial_year"], v["period_end"].map(_day), v["fiscal_year"])
        ]
    if kind in ("council_activity", "targets"):
        value = pd.to_numeric(v["value"], errors="coerce")
        checker.add((v["unit"] == "%") & (value > 100), checker.tpl.column("value"), "percent_over_100")
    if kind == "program_status":  # 重層事業 (and its 移行準備) exist from 令和3年度: an earlier stage is a typo
        early = (v["program"] == "jusou") & (pd.to_numeric(v["fiscal_year"], errors="coerce") < JUSOU_START)
        checker.add(
            early, checker.tpl.column("fiscal_year"), "jusou_before_start", year=wareki_fiscal_year(JUSOU_START)
        )
    return stored(checker)


def _day(parsed: Any) -> dt.date | None:
    return parsed[0] if isinstance(parsed, tuple) else None


def _district_rules(checker: Checker, session: Session, municipality_codes: list[str], today: dt.date) -> None:
    """Districts keep their stored code (Excel's 1 is the registered 01); dates in the future are refused."""
    v = checker.values
    lookup = district_lookup(session, municipality_codes)
    v["code"] = [
        (find_district(lookup, m, c) or (None, c))[1] for m, c in zip(v["municipality_code"], v["district_code"])
    ]
    for key in ("established_on", "coordinator_placed_on"):
        future = v[key].map(lambda p: _day(p) is not None and _day(p) > today)
        checker.add(future, checker.tpl.column(key), "future_date", today=today.isoformat())
    dated = v["established_on"].notna() & v["council_status"].notna() & (v["council_status"] != "established")
    checker.add(dated, checker.tpl.column("council_status"), "dated_but_not_established")


def check_with_stored(checker: Checker, rows: pd.DataFrame, session: Session) -> Existing:
    """Rules that read what is stored: one row per key, one unit per series, and the rules across columns, which
    take a column the file leaves out from the stored row (it keeps that value). Returns the stored rows."""
    kind = checker.tpl.kind
    if kind == "districts_councils":
        _stored_set_up_dates(checker, rows, session)
        checker.duplicates(rows, ("municipality_code", "code"))
        return {}
    spec = TABLES[kind]
    scope = "prefecture_code" if kind == "training" else "municipality_code"
    existing = fetch(session, spec, scope, rows[scope].dropna())
    if spec.series:
        _mixed_units(checker, rows, existing)
    if kind == "consultations":
        keys = list(zip(*(key_values(rows, c) for c in spec.key)))
        counts = {
            c: pd.to_numeric(
                rows[c]
                if c in checker.columns
                else pd.Series([_stored(existing, k, c) for k in keys], index=rows.index),
                errors="coerce",
            )
            for c in ("new_cases", "continuing_cases", "closed_cases")
        }
        too_many = counts["closed_cases"] > counts["new_cases"] + counts["continuing_cases"]
        checker.add(too_many.fillna(False), checker.tpl.column("closed_cases"), "closed_too_many")
    checker.duplicates(rows, spec.key)
    return existing


def _stored(existing: Existing, key: tuple, attribute: str) -> Any:
    found = existing.get(key)
    return None if found is None else found.values[attribute]


def _stored_set_up_dates(checker: Checker, rows: pd.DataFrame, session: Session) -> None:
    """A file without 設置日 must not leave a council 準備中 or 未設置 with the set-up date it keeps."""
    if "established_on" in checker.columns:
        return
    codes = rows["municipality_code"].dropna()
    lookup = district_lookup(session, codes)
    councils = fetch(session, COUNCILS, "municipality_code", codes)
    dates = pd.Series(
        [
            _stored(councils, (m, 2, (lookup.get((m, c)) or (0,))[0]), "established_on") if m and c else None
            for m, c in zip(rows["municipality_code"], rows["code"])
        ],
        index=rows.index,
        dtype=object,
    )
    contradicts = dates.notna() & rows["status"].notna() & (rows["status"] != "established")
    checker.add(
        contradicts,
        checker.tpl.column("council_status"),
        "dated_in_database",
        date=dates.map(lambda d: d.isoformat() if d is not None else ""),
    )


def _mixed_units(checker: Checker, rows: pd.DataFrame, existing: Existing) -> None:
    """One series (same municipality, district, metric …) keeps one unit, in the file and in the database."""
    spec = TABLES[checker.tpl.kind]
    column = checker.tpl.column("unit")
    series = list(spec.series)
    frame = rows.loc[~checker.bad & rows["unit"].notna(), [*series, "unit"]].astype(object).fillna(0)
    if frame.empty:
        return
    first_unit = frame.groupby(series, sort=False)["unit"].transform("first")
    checker.add((frame["unit"] != first_unit).reindex(rows.index, fill_value=False), column, "mixed_units")
    file_keys = set(zip(*(key_values(rows, c) for c in spec.key)))
    positions = [spec.key.index(c) for c in series]
    registered: dict[tuple, set[str]] = {}
    for key, row in existing.items():
        if key not in file_keys:
            unit = key[spec.key.index("unit")] if "unit" in spec.key else row.values["unit"]
            registered.setdefault(tuple(key[p] for p in positions), set()).add(unit)
    if not registered:
        return
    units = pd.Series(
        [registered.get(key, set()) for key in zip(*(key_values(frame, c) for c in series))],
        index=frame.index,
        dtype=object,
    )
    differs = pd.Series(
        [bool(known) and unit not in known for known, unit in zip(units, frame["unit"])], index=frame.index
    )
    checker.add(
        differs.reindex(rows.index, fill_value=False),
        column,
        "unit_differs_from_database",
        units=units.map(lambda known: "、".join(sorted(known))).reindex(rows.index, fill_value=""),
    )


_PRECISION_OF = {"established_on": "established_precision", "coordinator_placed_on": "coordinator_precision"}
_STORED_NAMES = {"council_status": "status", "district_name": "name", "district_kind": "kind"}


def stored(checker: Checker) -> pd.DataFrame:
    """Model attribute names and Python values (None when empty) for every row."""
    out = pd.DataFrame(index=checker.values.index)
    dates = {c.key for c in checker.tpl.columns if c.type == "date"}
    for column, values in checker.values.items():
        if column == "district_code":
            continue  # stored as district_id, or as `code` for the districts themselves
        if column in dates:
            out[column] = values.map(_day).astype(object)
            if column in _PRECISION_OF:
                out[_PRECISION_OF[column]] = values.map(lambda p: p[1] if isinstance(p, tuple) else None).astype(object)
        else:
            out[_STORED_NAMES.get(column, column)] = values
    out = out.astype(object)
    return out.where(out.notna(), None)

"""Import reporting templates (CSV or Excel) that officials fill in: validate everything, then write once.

Files are read as officials really save them (UTF-8, UTF-8 with BOM or Shift_JIS CSV, .xlsx; full-width
digits, 和暦 dates, Excel date serials, codes without leading zeros). Every problem is collected and
reported at once in Japanese with the row and column as the official sees them in Excel. Only a file
without problems is written, in one transaction, with its import batch; rows are upserted on each
table's natural key so that a corrected file replaces the values it restates.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import enum
import hashlib
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table, bindparam, literal, select
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from core.domain import wareki_fiscal_year
from data_access import master
from data_access.database import Database
from data_access.japanese_dates import fiscal_year_end, parse_date, parse_fiscal_year
from data_access.models import (
    ConsultationStat,
    Council,
    CouncilActivity,
    District,
    ImportBatch,
    ProgramStatus,
    Source,
    SourceKind,
    Target,
    TrainingParticipation,
)
from data_access.templates import DATA_SHEET, TEMPLATES, Column, Template, template

Progress = Callable[[float, str], None]
CHUNK = 5_000
EXCEL_EPOCH = dt.date(1899, 12, 30)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEGATIVE_MARKS = str.maketrans({"−": "-", "‐": "-", "▲": "-", "△": "-"})


@dataclass(frozen=True)
class Problem:
    """One thing the official must fix, located as in Excel (header = row 1)."""

    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = "".join(
            [
                f"シート「{self.sheet}」" if self.sheet else "",
                f"{self.row}行目" if self.row else "",
                f"「{self.column}」" if self.column else "",
            ]
        )
        value = f"（値: {self.value}）" if self.value else ""
        return f"{self.file} {where}: {self.reason}{value}" if where else f"{self.file}: {self.reason}{value}"


@dataclass
class ImportOutcome:
    """What validating (and possibly writing) a file did."""

    file_name: str
    sha256: str
    kind: str | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    batch_id: int | None = None
    already_imported_batch: int | None = None  # same file imported before and nothing to change
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_frame(self) -> pd.DataFrame:
        """All problems as the table the upload screen shows."""
        return pd.DataFrame(
            [(p.file, p.sheet, p.row, p.column, p.value, p.reason) for p in self.problems],
            columns=["ファイル", "シート", "行", "列", "値", "理由"],
        ).astype({"行": "Int64"})

    def summary(self) -> str:
        """One Japanese sentence for the CLI and the screen."""
        counts = f"追加 {self.inserted:,} 件・更新 {self.updated:,} 件・変更なし {self.unchanged:,} 件"
        title = TEMPLATES[self.kind].ja if self.kind else ""
        if self.problems:
            return f"{self.file_name}: 問題が {len(self.problems):,} 件あります。何も書き込んでいません。"
        if self.dry_run:
            return (
                f"{self.file_name}（{title}、{self.rows:,} 行）: 検証のみ。取り込むと {counts}。"
                "何も書き込んでいません。"
            )
        if self.already_imported_batch is not None:
            return (
                f"{self.file_name}: 同じファイルは取り込み #{self.already_imported_batch} で取り込み済みです。"
                "何も書き込んでいません。"
            )
        if self.batch_id is None:
            return f"{self.file_name}（{title}、{self.rows:,} 行）: 登録済みの値と同じです。何も書き込んでいません。"
        return f"取り込み #{self.batch_id}: {self.file_name}（{title}、{self.rows:,} 行）を取り込みました。{counts}。"


class _Rejected(Exception):
    """The file cannot be read at all; carries the problems to report."""

    def __init__(self, *problems: Problem):
        super().__init__(problems)
        self.problems = list(problems)


# --------------------------------------------------------------------------------------------- reading


@dataclass
class RawTable:
    """Cells as text (NFKC, stripped), the header, the sheet name and each row's number in Excel."""

    headers: list[str]
    cells: pd.DataFrame  # columns 0..n-1, strings ("" when empty)
    row_numbers: np.ndarray
    sheet: str


def read_table(data: bytes, file_name: str) -> RawTable:
    """Read an uploaded CSV or .xlsx; raises _Rejected with a Japanese problem when it is unreadable."""

    def fail(reason: str, sheet: str = "") -> _Rejected:
        return _Rejected(Problem(file_name, sheet, None, "", "", reason))

    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise fail("ファイルが空です。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail("古い Excel 形式（.xls）は読み取れません。Excel で「.xlsx」形式で保存し直してください。")
    if data.startswith(b"PK\x03\x04") or file_name.lower().endswith((".xlsx", ".xlsm")):
        grid, sheet = _xlsx_grid(data, fail), DATA_SHEET
    else:
        grid, sheet = _csv_grid(data, fail), ""
    grid = grid.apply(_clean) if len(grid.columns) else grid
    grid = grid[(grid != "").any(axis=1)]  # blank rows keep their numbers but carry nothing
    if grid.empty:
        raise fail("ファイルが空です。", sheet)
    header, body = grid.iloc[0], grid.iloc[1:]
    if body.empty:
        raise fail("見出しの行だけで、データの行がありません。", sheet)
    used = [c for c in grid.columns if header[c] != "" or (body[c] != "").any()]  # drop trailing empty cells
    body = body[used].set_axis(range(len(used)), axis=1)
    return RawTable(
        [_normalize_header(header[c]) for c in used], body.reset_index(drop=True), body.index.to_numpy() + 1, sheet
    )


def _clean(column: pd.Series) -> pd.Series:
    """NFKC (full-width digits, commas and letters) and surrounding spaces, once per distinct value."""
    values = column.fillna("").astype(str)
    mapping = {value: unicodedata.normalize("NFKC", value).strip() for value in values.unique()}
    return values.map(mapping).astype(object)


def _normalize_header(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _grid(rows: list[list[str]]) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([[*r, *[""] * (width - len(r))] for r in rows], dtype=object)


def _csv_grid(data: bytes, fail) -> pd.DataFrame:
    """Cells of a CSV (index = record number - 1): pandas' C parser, or the csv module when rows are ragged."""
    if b"\x00" in data:
        raise fail("CSV ではないデータ（バイナリ）が含まれています。テンプレートの CSV か .xlsx を選んでください。")
    text = _decode(data, fail)
    if _CONTROL.search(text):
        raise fail("CSV ではないデータ（バイナリ）が含まれています。テンプレートの CSV か .xlsx を選んでください。")
    try:
        return pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except pd.errors.ParserError:
        pass  # a row longer than the header: the csv module reads ragged rows
    try:
        return _grid(list(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as exc:
        raise fail(f"CSV として読み取れません（引用符の閉じ忘れなど）: {exc}") from None


def _decode(data: bytes, fail) -> str:
    """UTF-8 (with or without BOM) first, then Shift_JIS (CP932); a truncated UTF-8 file is reported as such."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3 and exc.reason == "unexpected end of data":
            raise fail(
                "ファイルの末尾が途中で切れています（保存またはアップロードが完了していない可能性があります）。"
            ) from None
        if data.startswith(b"\xef\xbb\xbf"):
            raise fail("UTF-8 として読み取れない文字があります。ファイルが壊れていないか確認してください。") from None
    try:
        return body.decode("cp932")
    except UnicodeDecodeError:
        raise fail(
            "文字コードを判別できません。UTF-8 または Shift_JIS の CSV か .xlsx を選んでください"
            "（画像や PDF などは取り込めません）。"
        ) from None


def _xlsx_grid(data: bytes, fail) -> pd.DataFrame:
    """Cells of the データ sheet (index = Excel row - 1), as the text the official sees."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, TypeError) as exc:
        raise fail(
            "Excel ファイル（.xlsx）として読み取れません。ファイルが壊れているか、途中で切れています。"
            f"（詳細: {type(exc).__name__}）"
        ) from None
    try:
        if DATA_SHEET not in book.sheetnames:
            raise fail(
                f"シート「{DATA_SHEET}」がありません（このファイルのシート: {'、'.join(book.sheetnames)}）。"
                f"テンプレートの「{DATA_SHEET}」シートに記入してください。"
            )
        return _grid([[_cell_text(v) for v in values] for values in book[DATA_SHEET].iter_rows(values_only=True)])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise fail(
            "Excel ファイル（.xlsx）の中身を読み取れません。ファイルが壊れているか、途中で切れています。"
            f"（詳細: {type(exc).__name__}）",
            DATA_SHEET,
        ) from None
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    """An Excel cell as the text the official sees (dates as ISO dates, 12.0 as 12)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


MUNICIPALITY_KEYS = ("municipality_code", "prefecture", "municipality_name")


def _aliases(column: Column) -> set[str]:
    return {_normalize_header(column.ja).lower(), _normalize_header(column.en).lower()}


def detect_kind(headers: Iterable[str]) -> str | None:
    """The template whose headers the file uses best (None when nothing fits or two fit equally well)."""
    names = {h.lower() for h in headers if h}
    scores = []
    for kind, tpl in TEMPLATES.items():
        known = set().union(*(_aliases(c) for c in tpl.columns))
        specific = set().union(*(_aliases(c) for c in tpl.columns if c.key not in MUNICIPALITY_KEYS))
        if names & specific:
            scores.append((len(names & known) - len(names - known), kind))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]


# --------------------------------------------------------------------------------------------- validation


class _Checker:
    """Turns the raw cells of one template into stored values, collecting every problem."""

    def __init__(self, table: RawTable, tpl: Template, file_name: str):
        self.table = table
        self.tpl = tpl
        self.file_name = file_name
        self.problems: list[Problem] = []
        self.columns: dict[str, int] = {}  # column key -> position in the file
        self.values = pd.DataFrame(index=table.cells.index)
        self.bad = pd.Series(False, index=table.cells.index)  # rows whose natural key is unusable

    def add(self, mask: pd.Series, column: Column, reason: str | pd.Series, values: pd.Series | None = None) -> None:
        """One problem per row where `mask` is true; `reason` may differ per row."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        shown = self.raw(column.key) if values is None else values
        for index in mask[mask].index:
            self.problems.append(
                Problem(
                    self.file_name,
                    self.table.sheet,
                    int(self.table.row_numbers[index]),
                    column.ja,
                    str(shown.loc[index]),
                    reason if isinstance(reason, str) else str(reason.loc[index]),
                )
            )
        if column.key in self.tpl.natural_key:
            self.bad |= mask

    def raw(self, key: str) -> pd.Series:
        if key not in self.columns:
            return pd.Series("", index=self.table.cells.index, dtype=object)
        return self.table.cells[self.columns[key]]

    def header_problem(self, column: str, reason: str, value: str = "") -> None:
        self.problems.append(Problem(self.file_name, self.table.sheet, 1, column, value, reason))

    # -- header

    def match_headers(self) -> None:
        lookup = {alias: column for column in self.tpl.columns for alias in _aliases(column)}
        for position, header in enumerate(self.table.headers):
            column = lookup.get(header.lower())
            if column is None:
                if header:
                    self.header_problem(header, "テンプレートにない列です。列名を確認するか、列を削除してください。")
                else:
                    self.header_problem(f"{position + 1}列目", "見出しが空欄の列にデータがあります。")
            elif column.key in self.columns:
                self.header_problem(column.ja, "同じ列が2つあります。")
            else:
                self.columns[column.key] = position
        for column in self.tpl.columns:
            if column.required and column.key not in self.columns:
                self.header_problem(column.ja, "必須の列がありません。")
        if (
            set(MUNICIPALITY_KEYS) <= {c.key for c in self.tpl.columns}
            and "municipality_code" not in self.columns
            and not {"prefecture", "municipality_name"} <= set(self.columns)
        ):
            self.header_problem(
                "団体コード", "自治体を特定する列がありません（「団体コード」、または「都道府県」と「市区町村名」）。"
            )

    # -- columns

    def required(self) -> None:
        for column in self.tpl.columns:
            if column.required and column.key in self.columns:
                self.add(self.raw(column.key) == "", column, "必須の項目が空欄です。")

    def parse_columns(self) -> None:
        for column in self.tpl.columns:
            if column.type not in ("municipality_code", "prefecture") and column.key != "municipality_name":
                self.values[column.key] = getattr(self, f"_parse_{column.type}")(column, self.raw(column.key))

    def _parse_text(self, column: Column, raw: pd.Series) -> pd.Series:
        limit = _MAX_LENGTH.get(column.key)
        if limit:
            self.add(raw.str.len() > limit, column, f"長すぎます（{limit}文字まで）。")
        return raw.where(raw != "", None)

    def _parse_choice(self, column: Column, raw: pd.Series) -> pd.Series:
        choices = {_normalize_cell(k).lower(): v for k, v in {**column.allowed, **column.aliases}.items()}
        parsed = raw.str.lower().map(choices).astype(object)
        self.add(
            (raw != "") & parsed.isna(), column, f"使用できない値です（使用できる値: {'、'.join(column.allowed)}）。"
        )
        return parsed.where(parsed.notna(), None)

    _parse_flag = _parse_choice

    def _parse_fiscal_year(self, column: Column, raw: pd.Series) -> pd.Series:
        parsed = _map_unique(raw, parse_fiscal_year)
        self.add((raw != "") & parsed.isna(), column, "年度として読み取れません（例: 令和2年度、R2、2020年度、2020）。")
        return parsed

    def _parse_date(self, column: Column, raw: pd.Series) -> pd.Series:
        parsed = _map_unique(raw, _parse_date_cell)
        self.add(
            (raw != "") & parsed.isna(),
            column,
            "日付として読み取れません（例: 令和2年12月24日、R2.12.24、H30.6、2020/12/24）。",
        )
        return parsed  # (date, precision) tuples

    def _parse_integer(self, column: Column, raw: pd.Series) -> pd.Series:
        number = self._number(column, raw)
        fraction = number.notna() & (number % 1 != 0)
        self.add(fraction, column, "整数で入力してください。")
        return number.where(~fraction).astype("Int64")

    def _parse_number(self, column: Column, raw: pd.Series) -> pd.Series:
        return self._number(column, raw)

    def _number(self, column: Column, raw: pd.Series) -> pd.Series:
        number = _map_unique(raw, _to_number).astype(float)
        self.add((raw != "") & number.isna(), column, "数値として読み取れません。")
        self.add(number < 0, column, "負の数は入力できません。")
        return number.where(number >= 0)

    # -- municipality and prefecture

    def municipality(self) -> None:
        """6-digit code from the code (6 or 5 digits) or from prefecture + name; names must agree with codes."""
        code_col, pref_col, name_col = (self.tpl.column(k) for k in MUNICIPALITY_KEYS)
        raw_code, raw_pref, raw_name = (self.raw(k) for k in MUNICIPALITY_KEYS)
        by_code = _map_unique(raw_code, master.normalize_code)
        self.add(
            (raw_code != "") & by_code.isna(),
            code_col,
            "この団体コードの自治体はありません（桁数・検査数字を確認してください）。",
        )
        pref_name = _map_unique(raw_pref, _prefecture_name)
        self.add((raw_pref != "") & pref_name.isna(), pref_col, "都道府県名として読み取れません。")
        names = master.code_by_name()
        by_name = pd.Series(
            [names.get((p, n)) if p else None for p, n in zip(pref_name, raw_name)], index=raw_name.index, dtype=object
        )
        no_code = raw_code == ""
        self.add(
            no_code & pref_name.notna() & (raw_name != "") & by_name.isna(),
            name_col,
            "この都道府県にこの名前の市区町村はありません。",
        )
        self.add(
            no_code & (raw_name == "") & (raw_pref == ""),
            code_col,
            "自治体が空欄です（「団体コード」、または「都道府県」と「市区町村名」を入力してください）。",
        )
        self.add(
            no_code & ((raw_name == "") ^ (raw_pref == "")),
            code_col,
            "団体コードが空欄のときは「都道府県」と「市区町村名」の両方が必要です。",
        )
        records = master.municipalities_by_code()
        prefs = {p.code: p.name for p in master.prefectures()}
        expected_name = by_code.map(lambda c: records[c].name if c else "")
        expected_pref = by_code.map(lambda c: prefs[records[c].prefecture_code] if c else "")
        self.add(
            by_code.notna() & (raw_name != "") & (raw_name != expected_name),
            name_col,
            "団体コード " + by_code.fillna("") + " の自治体（" + expected_pref + expected_name + "）と一致しません。",
        )
        self.add(
            by_code.notna() & pref_name.notna() & (pref_name != expected_pref),
            pref_col,
            "団体コード " + by_code.fillna("") + " の都道府県（" + expected_pref + "）と一致しません。",
        )
        code = by_code.where(~no_code, by_name)
        self.bad |= code.isna()
        self.values["municipality_code"] = code

    def prefecture(self) -> None:
        column = self.tpl.column("prefecture")
        raw = self.raw("prefecture")
        name = _map_unique(raw, _prefecture_name)
        self.add((raw != "") & name.isna(), column, "都道府県名として読み取れません。")
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
        headers = "・".join(self.tpl.column(k).ja for k in self.tpl.natural_key)
        for index in duplicated[duplicated].index:
            self.problems.append(
                Problem(
                    self.file_name,
                    self.table.sheet,
                    int(self.table.row_numbers[index]),
                    headers,
                    " / ".join(self.raw(k).loc[index] or "（空欄）" for k in self.tpl.natural_key),
                    f"{int(self.table.row_numbers[first.loc[index]])}行目と同じ組み合わせです。1行にまとめてください。",
                )
            )


_MAX_LENGTH = {
    "district_code": District.__table__.c.code.type.length,
    "district_name": District.__table__.c.name.type.length,
    "district_kind": District.__table__.c.kind.type.length,
    "unit": CouncilActivity.__table__.c.unit.type.length,
    "program_name": TrainingParticipation.__table__.c.program_name.type.length,
}


def _normalize_cell(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _map_unique(raw: pd.Series, parse: Callable[[str], Any]) -> pd.Series:
    """Parse each distinct value once (100,000 rows usually hold a few hundred distinct dates or codes)."""
    parsed: dict[str, Any] = {}
    for value in raw.unique():
        if value == "":
            continue
        with contextlib.suppress(ValueError):
            parsed[value] = parse(value)
    out = raw.map(parsed).astype(object)
    return out.where(out.notna(), None)


def _to_number(text: str) -> float:
    """1,234 / △5 (negative, as in Japanese accounts) / 12.5; ValueError when not a finite number."""
    value = float(text.replace(",", "").replace(" ", "").translate(_NEGATIVE_MARKS))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _parse_date_cell(text: str) -> tuple[dt.date, str]:
    """parse_date, plus Excel date serials (a date cell read as a number, e.g. 44189 = 2020-12-24)."""
    if re.fullmatch(r"\d{5}(\.0+)?", text) and 20000 <= float(text) <= 80000:
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text))), "day"
    return parse_date(text)


def _prefecture_name(text: str) -> str:
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


@dataclass(frozen=True)
class _Table:
    """How a kind's rows land in one table: natural key and compared values (model attribute names)."""

    model: type
    key: tuple[str, ...]
    values: tuple[str, ...]
    series: tuple[str, ...] = ()  # key columns of one series, whose unit must not change


_TABLES = {
    "council_activity": _Table(
        CouncilActivity,
        ("municipality_code", "district_id", "fiscal_year", "metric", "period_end"),
        ("value", "unit", "event_date"),
        ("municipality_code", "district_id", "metric"),
    ),
    "program_status": _Table(ProgramStatus, ("municipality_code", "fiscal_year", "program"), ("stage",)),
    "consultations": _Table(
        ConsultationStat,
        ("municipality_code", "district_id", "fiscal_year", "period_end", "category", "basis", "unit"),
        ("is_partial_year", "new_cases", "continuing_cases", "closed_cases", "referred_cases", "ongoing_cases"),
        ("municipality_code", "district_id", "category", "basis"),
    ),
    "targets": _Table(
        Target,
        ("municipality_code", "fiscal_year", "metric", "unit"),
        ("value", "due_on"),
        ("municipality_code", "metric"),
    ),
    "training": _Table(
        TrainingParticipation,
        ("prefecture_code", "fiscal_year", "program_name"),
        (
            "municipalities",
            "teams",
            "staff_government",
            "staff_social_welfare_council",
            "staff_consultation_agencies",
            "participants",
        ),
    ),
}
_DISTRICTS = _Table(District, ("municipality_code", "code"), ("name", "kind"))
_COUNCILS = _Table(
    Council,
    ("municipality_code", "tier", "district_id"),
    ("status", "established_on", "established_precision", "coordinator_placed_on", "coordinator_precision"),
)


def _district_lookup(session: Session, codes: Iterable[str]) -> dict[tuple[str, str], tuple[int, str]]:
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


def _validate_rows(checker: _Checker, session: Session, today: dt.date) -> pd.DataFrame:
    """Kind-specific rules; returns the stored values (model attribute names) of every row."""
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
        checker.add(outside, checker.tpl.column("period_end"), "集計時点が年度の範囲（4月1日〜翌年3月31日）の外です。")
    if kind in ("council_activity", "consultations"):
        lookup = _district_lookup(session, municipality_codes)
        found = [_find_district(lookup, m, c) for m, c in zip(v["municipality_code"], v["district_code"])]
        v["district_id"] = pd.Series([f[0] if f else None for f in found], index=v.index, dtype=object)
        unknown = v["district_code"].notna() & v["district_id"].isna() & v["municipality_code"].notna()
        checker.add(
            unknown,
            checker.tpl.column("district_code"),
            "この自治体にこの地区コードの地区が登録されていません"
            "（先に「地区と第2層協議体の設置状況」を取り込んでください）。",
        )
    if kind == "districts_councils":
        _district_rules(checker, session, municipality_codes, today)
    if kind == "consultations":
        new, continuing, closed = (v[k].astype("Float64") for k in ("new_cases", "continuing_cases", "closed_cases"))
        checker.add(
            (closed > new + continuing).fillna(False),
            checker.tpl.column("closed_cases"),
            "終結が「新規＋継続」より多くなっています。",
        )
        v["is_partial_year"] = [
            flag == "true" if flag else (end < fiscal_year_end(y) if end and y else None)
            for flag, end, y in zip(v["is_partial_year"], v["period_end"].map(_day), v["fiscal_year"])
        ]
    if kind in ("council_activity", "targets"):
        checker.add(
            (v["unit"] == "%") & (v["value"] > 100),
            checker.tpl.column("value"),
            "率（%）は0から100の範囲で入力してください。",
        )
    return _stored(checker)


def _day(parsed: Any) -> dt.date | None:
    return parsed[0] if isinstance(parsed, tuple) else None


def _find_district(
    lookup: dict[tuple[str, str], tuple[int, str]], municipality: Any, code: Any
) -> tuple[int, str] | None:
    if not isinstance(municipality, str) or not isinstance(code, str):
        return None
    return lookup.get((municipality, code)) or lookup.get((municipality, code.lstrip("0")))


def _district_rules(checker: _Checker, session: Session, municipality_codes: list[str], today: dt.date) -> None:
    """Districts keep their stored code (Excel's 1 is the registered 01); dates in the future are refused."""
    v = checker.values
    lookup = _district_lookup(session, municipality_codes)
    v["code"] = [
        (_find_district(lookup, m, c) or (None, c))[1] for m, c in zip(v["municipality_code"], v["district_code"])
    ]
    for key in ("established_on", "coordinator_placed_on"):
        future = v[key].map(lambda p: _day(p) is not None and _day(p) > today)
        checker.add(future, checker.tpl.column(key), f"未来の日付です（今日は {today.isoformat()}）。")
    dated = v["established_on"].notna() & v["council_status"].notna() & (v["council_status"] != "established")
    checker.add(
        dated,
        checker.tpl.column("council_status"),
        "設置日があるときは「設置済」にしてください（まだ設置していなければ設置日を空欄に）。",
    )


def _mixed_units(checker: _Checker, stored: pd.DataFrame, existing: dict[tuple, tuple[int, tuple]]) -> None:
    """One series (same municipality, district, metric …) keeps one unit, in the file and in the database."""
    spec = _TABLES[checker.tpl.kind]
    column = checker.tpl.column("unit")
    series = list(spec.series)
    frame = stored.loc[~checker.bad & stored["unit"].notna(), [*series, "unit"]].astype(object).fillna(0)
    if frame.empty:
        return
    first_unit = frame.groupby(series, sort=False)["unit"].transform("first")
    checker.add(
        (frame["unit"] != first_unit).reindex(stored.index, fill_value=False),
        column,
        "同じ系列（自治体・地区・項目など）の中で単位が混在しています。単位をそろえてください。",
    )
    file_keys = set(zip(*(_key_values(stored, c) for c in spec.key)))
    positions = [spec.key.index(c) for c in series]
    in_key = "unit" in spec.key
    unit_at = spec.key.index("unit") if in_key else spec.values.index("unit")
    registered: dict[tuple, set[str]] = {}
    for key, (_id, values) in existing.items():
        if key not in file_keys:
            registered.setdefault(tuple(key[p] for p in positions), set()).add(
                key[unit_at] if in_key else values[unit_at]
            )
    if not registered:
        return
    units = pd.Series(
        [registered.get(key, set()) for key in zip(*(_key_values(frame, c) for c in series))],
        index=frame.index,
        dtype=object,
    )
    differs = pd.Series(
        [bool(known) and unit not in known for known, unit in zip(units, frame["unit"])], index=frame.index
    )
    reasons = units.map(
        lambda known: f"登録済みの同じ系列の値と単位が違います（登録済みの単位: {'、'.join(sorted(known))}）。"
    )
    checker.add(differs.reindex(stored.index, fill_value=False), column, reasons.reindex(stored.index, fill_value=""))


def _key_values(frame: pd.DataFrame, column: str) -> list:
    """Natural-key values as compared with the database (a missing district is 0, as in the unique index)."""
    return [0 if value is None else value for value in frame[column].tolist()]


_PLAIN_TYPES = frozenset({str, int, bool, dt.date})


def _plain(value: Any) -> Any:
    """A comparable Python value: enums as their value, numpy scalars as Python scalars, missing as None."""
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


_PRECISION_OF = {"established_on": "established_precision", "coordinator_placed_on": "coordinator_precision"}
_STORED_NAMES = {"council_status": "status", "district_name": "name", "district_kind": "kind"}


def _stored(checker: _Checker) -> pd.DataFrame:
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


# --------------------------------------------------------------------------------------------- diff and write


def _existing(session: Session, spec: _Table, scope_column: str, scope: Iterable) -> dict[tuple, tuple[int, tuple]]:
    """Natural key -> (id, compared values) of the rows that the file may restate; one SELECT."""
    model = spec.model
    names = [*spec.key, *spec.values]
    rows = (
        session.connection()
        .execute(
            select(model.id, *(getattr(model, c) for c in names)).where(
                getattr(model, scope_column).in_(sorted(set(scope)))
            )
        )
        .all()
    )
    if not rows:
        return {}
    ids, *columns = (list(c) for c in zip(*rows))
    for position, name in enumerate(names):
        if isinstance(getattr(model, name).type, SAEnum):
            columns[position] = [None if v is None else v.value for v in columns[position]]
        elif name in spec.key:
            columns[position] = [0 if v is None else v for v in columns[position]]  # as the unique index coalesces
    width = len(spec.key)
    return dict(
        zip(zip(*columns[:width]), zip(ids, zip(*columns[width:])) if len(names) > width else ((i, ()) for i in ids))
    )


def _diff(frame: pd.DataFrame, spec: _Table, existing: dict[tuple, tuple[int, tuple]]) -> tuple[list, list, list]:
    """(row positions to insert, (position, id) to update, positions unchanged)."""
    keys = zip(*(_key_values(frame, c) for c in spec.key))
    values = zip(*(frame[c].tolist() for c in spec.values))
    inserts, updates, unchanged = [], [], []
    for position, (key, row_values) in enumerate(zip(keys, values)):
        found = existing.get(key)
        if found is None:
            inserts.append(position)
        elif found[1] == row_values:
            unchanged.append(position)
        else:
            updates.append((position, found[0]))
    return inserts, updates, unchanged


def _records(frame: pd.DataFrame, positions: list[int], columns: Iterable[str], **extra: Any) -> list[dict]:
    names = list(columns)
    subset = frame.iloc[positions]
    return [dict(zip(names, row), **extra) for row in zip(*(subset[name].tolist() for name in names))]


class _Writer:
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


@dataclass
class _Plan:
    """The changes one file makes, computed inside the writing transaction."""

    inserted: int
    updated: int
    unchanged: int
    apply: Callable[[int, _Writer], None]  # writes with the new source id


def _plan(frame: pd.DataFrame, spec: _Table, existing: dict[tuple, tuple[int, tuple]]) -> _Plan:
    inserts, updates, unchanged = _diff(frame, spec, existing)
    columns = [*spec.key, *spec.values]

    def apply(source_id: int, writer: _Writer) -> None:
        writer.insert(spec.model, _records(frame, inserts, columns, source_id=source_id))
        records = _records(frame, [p for p, _ in updates], spec.values, source_id=source_id)
        writer.update(spec.model, [{**r, "row_id": i} for r, (_, i) in zip(records, updates)])

    return _Plan(len(inserts), len(updates), len(unchanged), apply)


def _plan_districts(session: Session, frame: pd.DataFrame, today: dt.date) -> _Plan:
    """Districts and their tier-2 councils: a row counts as updated when either changed."""
    codes = list(frame["municipality_code"])
    districts = _existing(session, _DISTRICTS, "municipality_code", codes)
    district_inserts, district_updates, _ = _diff(frame, _DISTRICTS, districts)
    ids = {k: i for k, (i, _) in districts.items()}
    councils = frame.assign(
        tier=2, district_id=[ids.get((m, c), -1) for m, c in zip(frame["municipality_code"], frame["code"])]
    )
    council_inserts, council_updates, _ = _diff(
        councils, _COUNCILS, _existing(session, _COUNCILS, "municipality_code", codes)
    )
    new_rows = set(district_inserts) | set(council_inserts)
    changed = ({p for p, _ in district_updates} | {p for p, _ in council_updates}) - new_rows

    def apply(source_id: int, writer: _Writer) -> None:
        writer.insert(
            District, _records(frame, district_inserts, _DISTRICTS.key + _DISTRICTS.values, source_id=source_id)
        )
        records = _records(frame, [p for p, _ in district_updates], _DISTRICTS.values, source_id=source_id)
        writer.update(District, [{**r, "row_id": i} for r, (_, i) in zip(records, district_updates)])
        session.flush()
        fresh = {k: i for k, (i, _) in _existing(session, _DISTRICTS, "municipality_code", codes).items()}
        councils["district_id"] = [fresh[(m, c)] for m, c in zip(frame["municipality_code"], frame["code"])]
        extra = dict(status_as_of=today, source_id=source_id)
        inserted = _records(councils, council_inserts, [*_COUNCILS.key, *_COUNCILS.values], **extra)
        writer.insert(
            Council,
            [{**r, "coordinator_source_id": source_id if r["coordinator_placed_on"] else None} for r in inserted],
        )
        records = _records(councils, [p for p, _ in council_updates], _COUNCILS.values, **extra)
        writer.update(
            Council,
            [
                {**r, "row_id": i, "coordinator_source_id": source_id if r["coordinator_placed_on"] else None}
                for r, (_, i) in zip(records, council_updates)
            ],
        )

    return _Plan(len(new_rows), len(changed), len(frame) - len(new_rows) - len(changed), apply)


# --------------------------------------------------------------------------------------------- entry points


def _no_progress(_fraction: float, _message: str) -> None:
    """Default progress callback: the CLI prints only the summary."""


def import_file(
    db: Database,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    *,
    user: str = "local",
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportOutcome:
    """Validate a template file and, when it has no problems and dry_run is false, write it in one transaction.

    Nothing is written when any problem is found, when the same file (sha256) was imported before and
    would change nothing, or when every row already holds the same values.
    """
    progress = progress or _no_progress
    today = today or dt.date.today()
    outcome = ImportOutcome(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    progress(0.0, "ファイルを読み取っています")
    try:
        table = read_table(data, file_name)
    except _Rejected as rejected:
        outcome.problems = rejected.problems
        return outcome
    if kind is None:
        kind = detect_kind(table.headers)
        if kind is None:
            outcome.problems = [
                Problem(
                    file_name,
                    table.sheet,
                    1,
                    "",
                    "",
                    "見出しの行からテンプレートの種類を判定できません。"
                    "テンプレートの見出しのまま記入するか、種類を指定してください。",
                )
            ]
            return outcome
    tpl = template(kind)
    outcome.kind, outcome.rows = kind, len(table.cells)
    progress(0.1, f"{len(table.cells):,} 行を検証しています")
    checker = _Checker(table, tpl, file_name)
    checker.match_headers()
    checker.required()
    if "municipality_code" in {c.key for c in tpl.columns}:
        checker.municipality()
    else:
        checker.prefecture()
    checker.parse_columns()
    with db.session() as session:
        frame = _validate_rows(checker, session, today)
        progress(0.4, "登録済みの値と比べています")
        if kind == "districts_councils":
            checker.duplicates(frame, _DISTRICTS.key)
        else:
            spec = _TABLES[kind]
            scope = "prefecture_code" if kind == "training" else "municipality_code"
            existing = _existing(session, spec, scope, frame[scope].dropna())
            if spec.series:
                _mixed_units(checker, frame, existing)
            checker.duplicates(frame, spec.key)
        if checker.problems:
            outcome.problems = sorted(checker.problems, key=lambda p: (p.row or 0, _column_order(tpl, p.column)))
            return outcome
        progress(0.5, "変更点を数えています")
        frame = frame.reset_index(drop=True)
        plan = _plan_districts(session, frame, today) if kind == "districts_councils" else _plan(frame, spec, existing)
        outcome.inserted, outcome.updated, outcome.unchanged = plan.inserted, plan.updated, plan.unchanged
        if dry_run:
            progress(1.0, "検証が終わりました")
            return outcome
        if not plan.inserted and not plan.updated:
            previous = session.scalars(
                select(ImportBatch.id).where(ImportBatch.sha256 == outcome.sha256, ImportBatch.kind == kind)
            ).first()
            outcome.already_imported_batch = previous
            progress(1.0, "変更はありません")
            return outcome
        batch = ImportBatch(
            kind=kind,
            file_name=file_name,
            sha256=outcome.sha256,
            imported_by=user,
            rows_inserted=plan.inserted,
            rows_updated=plan.updated,
            rows_unchanged=plan.unchanged,
            note=tpl.ja,
        )
        session.add(batch)
        session.flush()
        source = Source(kind=SourceKind.IMPORT_BATCH, import_batch_id=batch.id, label=file_name)
        session.add(source)
        session.flush()
        plan.apply(source.id, _Writer(session, progress, plan.inserted + plan.updated))
        outcome.batch_id = batch.id
    progress(1.0, "取り込みが終わりました")
    return outcome


def validate_file(
    db: Database,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportOutcome:
    """The 検証 step: all problems, or the counts a real import would insert/update/leave unchanged."""
    return import_file(db, data, file_name, kind, dry_run=True, progress=progress, today=today)


def _column_order(tpl: Template, header: str) -> int:
    return next((i for i, c in enumerate(tpl.columns) if c.ja == header), -1)


# --------------------------------------------------------------------------------------------- export


def export_kind(db: Database, kind: str, municipality_codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Stored rows of a kind in the template's layout (Japanese headers, values as an official writes them)."""
    tpl = template(kind)
    codes = sorted(set(municipality_codes)) if municipality_codes is not None else None
    with db.session() as session:
        rows = _export_rows(session, kind, codes)
    frame = pd.DataFrame(rows, columns=[c.key for c in tpl.columns])
    for column in tpl.columns:
        if column.allowed:
            labels = {stored: label for label, stored in reversed(column.allowed.items())}
            frame[column.key] = frame[column.key].map(lambda value, labels=labels: labels.get(_plain(value), ""))
    frame = frame.sort_values(list(tpl.natural_key)).reset_index(drop=True)
    return frame.fillna("").astype(str).rename(columns={c.key: c.ja for c in tpl.columns})


def _export_rows(session: Session, kind: str, codes: list[str] | None) -> list[dict]:
    records = master.municipalities_by_code()
    prefs = {p.code: p.name for p in master.prefectures()}

    def place(code: str) -> dict:
        return dict(
            municipality_code=code,
            prefecture=prefs[records[code].prefecture_code],
            municipality_name=records[code].name,
        )

    if kind == "training":
        query = select(TrainingParticipation)
        if codes is not None:
            query = query.where(TrainingParticipation.prefecture_code.in_({c[:2] for c in codes}))
        return [
            dict(
                prefecture=prefs[r.prefecture_code],
                fiscal_year=wareki_fiscal_year(r.fiscal_year),
                program_name=r.program_name,
                **{k: _count_text(getattr(r, k)) for k in _TABLES["training"].values},
            )
            for r in session.scalars(query)
        ]
    if kind == "districts_councils":
        query = select(District, Council).outerjoin(Council, (Council.district_id == District.id) & (Council.tier == 2))
        if codes is not None:
            query = query.where(District.municipality_code.in_(codes))
        return [
            dict(
                **place(d.municipality_code),
                district_code=d.code,
                district_name=d.name,
                district_kind=d.kind,
                council_status=c.status if c else "not_started",  # a district without a council has none yet
                established_on=_date_text(c.established_on, c.established_precision) if c else "",
                coordinator_placed_on=_date_text(c.coordinator_placed_on, c.coordinator_precision) if c else "",
            )
            for d, c in session.execute(query)
        ]
    model = _TABLES[kind].model
    if hasattr(model, "district_id"):
        query = select(model, District.code).outerjoin(District, District.id == model.district_id)
    else:
        query = select(model, literal(None))
    if codes is not None:
        query = query.where(model.municipality_code.in_(codes))
    out = []
    for row, district_code in session.execute(query):
        record = dict(**place(row.municipality_code), fiscal_year=wareki_fiscal_year(row.fiscal_year))
        if kind == "council_activity":
            record |= dict(
                district_code=district_code or "",
                period_end=row.period_end.isoformat(),
                metric=row.metric,
                value=_number_text(row.value),
                unit=row.unit,
                event_date=_date_text(row.event_date, "day"),
            )
        elif kind == "program_status":
            record |= dict(program=row.program, stage=row.stage)
        elif kind == "consultations":
            record |= dict(
                district_code=district_code or "",
                period_end=row.period_end.isoformat(),
                is_partial_year="true" if row.is_partial_year else "false",
                category=row.category,
                basis=row.basis,
                unit=row.unit,
                **{k: _count_text(getattr(row, k)) for k in _TABLES["consultations"].values[1:]},
            )
        else:
            record |= dict(
                metric=row.metric, value=_number_text(row.value), unit=row.unit, due_on=_date_text(row.due_on, "day")
            )
        out.append(record)
    return out


def _date_text(day: dt.date | None, precision: Any) -> str:
    """A stored date as it can be imported again: 2020-12-24, 2018-06 (month) or R2年 (year)."""
    if day is None:
        return ""
    precision = _plain(precision) or "day"
    if precision == "month":
        return f"{day.year}-{day.month:02d}"
    if precision == "year":
        return f"H{day.year - 1988}年" if day.year < 2019 else f"R{day.year - 2018}年"
    return day.isoformat()


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _count_text(value: int | None) -> str:
    return "" if value is None else str(int(value))


# --------------------------------------------------------------------------------------------- CLI


MAX_PRINTED_PROBLEMS = 200


def run_import_command(db: Database, args: argparse.Namespace) -> int:
    """`python -m data_access import FILE [--kind KIND] [--dry-run] [--user NAME]`: 0 on success, 2 on problems."""
    path = Path(args.file)
    if args.kind is not None:
        template(args.kind)
    outcome = import_file(db, path.read_bytes(), path.name, args.kind, user=args.user or "cli", dry_run=args.dry_run)
    if outcome.problems:
        print(outcome.summary())
        for problem in outcome.problems[:MAX_PRINTED_PROBLEMS]:
            print(f"  {problem}")
        if len(outcome.problems) > MAX_PRINTED_PROBLEMS:
            print(f"  ……ほか {len(outcome.problems) - MAX_PRINTED_PROBLEMS:,} 件")
        return 2
    print(outcome.summary())
    return 0

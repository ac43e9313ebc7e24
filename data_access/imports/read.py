"""Step 1: bytes → cells. Files are read as officials really save them: UTF-8 (with or without BOM), Shift_JIS,
UTF-16/32 (Excel's 「Unicode テキスト」) and ISO-2022-JP text separated by commas, tabs or semicolons, and .xlsx
(data_access.imports.xlsx). What an import may cost is bounded (bytes, columns, cells, unpacked size, time): a
file beyond a bound is refused early with one message, before it can hold the server.
"""

from __future__ import annotations

import csv
import decimal
import io
import itertools
import re
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core import settings
from data_access.imports.problems import Label, Problem, Rejected, invisible
from data_access.templates import DATA_SHEET

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
DELIMITERS = (",", "\t", ";")
# Byte order marks, longest first (UTF-32 LE starts like UTF-16 LE).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
ISO_2022_JP_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(B", b"\x1b$(D")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BINARY_CONTROL_SHARE = 0.01  # more control characters than this in a text: not a CSV


@dataclass(frozen=True)
class Limits:
    """What one import may cost. The templates have at most 16 columns; 100,000 rows of them take about 1.6 million
    cells, 7 MB as CSV and 40 MB unpacked as .xlsx."""

    max_bytes: int
    max_columns: int = 64
    max_cells: int = 2_000_000  # rows × the widest row: blank lines and short rows count, as the grid holds them
    max_cell_chars: int = 131_072  # the csv module's own field limit, for .xlsx cells too
    max_unpacked_bytes: int = 256 * 1024 * 1024  # .xlsx: all parts together, unzipped
    max_ratio: int = 200  # .xlsx: unzipped / zipped size of one part (a "zip bomb" expands thousands of times)
    seconds: float = 120.0

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(max_bytes=settings.import_max_bytes())


@dataclass
class Reading:
    """One file being read: its name for the messages, its bounds and its clock."""

    file_name: str
    limits: Limits
    started: float = field(default_factory=time.monotonic)

    def fail(
        self, key: str, *, sheet: str = "", row: int | None = None, column: Label | None = None, value: str = "", **v
    ) -> Rejected:
        return Rejected(Problem(self.file_name, sheet, row, column, value, key, v))

    def check_time(self, sheet: str = "") -> None:
        """Stop a file that has taken longer than the bound (checked every few thousand rows or cells)."""
        if time.monotonic() - self.started > self.limits.seconds:
            raise self.fail("too_slow", sheet=sheet, seconds=int(self.limits.seconds))


@dataclass(frozen=True)
class Note:
    """Something the reader saw in one cell, row or column that the official must fix (a formula without a saved
    result, a hidden row …). index: position in RawTable.cells (None = the header row); position: column."""

    index: int | None
    position: int | None
    key: str
    value: str = ""
    values: dict = field(default_factory=dict)


@dataclass
class RawTable:
    """Cells as text (NFKC, stripped), the header, the sheet name and each row's number as Excel numbers it."""

    headers: list[str]
    header_row: int
    cells: pd.DataFrame  # columns 0..n-1, strings ("" when empty)
    row_numbers: np.ndarray
    sheet: str
    notes: list[Note] = field(default_factory=list)


@dataclass
class Grid:
    """What a file format reader returns: rows of cell texts with their Excel row numbers, and notes whose index
    is a row number."""

    rows: list[list[str]]
    row_numbers: list[int]
    sheet: str = ""
    notes: list[Note] = field(default_factory=list)


def read_table(data: bytes, reading: Reading) -> RawTable:
    """Read an uploaded CSV or .xlsx; raises Rejected with one problem when it is unreadable or too costly."""
    limits = reading.limits
    if len(data) > limits.max_bytes:
        raise reading.fail("too_large", size=_megabytes(len(data)), max=_megabytes(limits.max_bytes))
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise reading.fail("empty")
    if data.startswith(XLS_MAGIC):
        raise reading.fail("xls")
    if data.startswith(XLSX_MAGIC) or reading.file_name.lower().endswith((".xlsx", ".xlsm")):
        from data_access.imports.xlsx import read_sheet

        grid = read_sheet(data, reading, DATA_SHEET)
    else:
        grid = _csv_grid(data, reading)
    return _table(grid, reading)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}"


def _table(grid: Grid, reading: Reading) -> RawTable:
    """Header = the first row with any text; blank rows keep their numbers but carry nothing. Built column by
    column (one object array each), so a file at the cell bound is held about once, not once per step."""
    columns = [_clean(column) for column in itertools.zip_longest(*grid.rows, fillvalue="")]
    numbers = np.asarray(grid.row_numbers, dtype=np.int64)
    filled = np.zeros(len(numbers), dtype=bool)
    for column in columns:
        filled |= column != ""
    numbers, rows = numbers[filled], np.flatnonzero(filled)
    if not len(rows):
        raise reading.fail("empty", sheet=grid.sheet)
    if len(rows) == 1:
        raise reading.fail("header_only", sheet=grid.sheet)
    header_at, body_at, body_numbers = rows[0], rows[1:], numbers[1:]
    used = [i for i, c in enumerate(columns) if c[header_at] != "" or (c[body_at] != "").any()]  # no trailing blanks
    position = {c: i for i, c in enumerate(used)}
    index_of = {int(n): i for i, n in enumerate(body_numbers)}
    notes = [
        Note(
            None if note.index in (None, numbers[0]) else index_of[note.index],
            position.get(note.position) if note.position is not None else None,
            note.key,
            note.value,
            note.values,
        )
        for note in grid.notes
        if note.index is None or note.index == numbers[0] or note.index in index_of
    ]
    return RawTable(
        [normalize_header(columns[c][header_at]) for c in used],
        int(numbers[0]),
        pd.DataFrame({i: pd.Series(columns[c][body_at], dtype=object) for i, c in enumerate(used)}, dtype=object),
        body_numbers,
        grid.sheet,
        notes,
    )


def number_text(number: float) -> str:
    """A number as typed: 12.0 as 12, never in exponent form (1E+20 as 100000000000000000000)."""
    if number.is_integer():
        return str(int(number))
    return format(decimal.Decimal(repr(number)), "f")


def _clean(column: tuple[str, ...]) -> np.ndarray:
    """NFKC (full-width digits, commas and letters) and surrounding spaces, once per distinct value."""
    codes, distinct = pd.factorize(np.asarray(column, dtype=object))
    cleaned = np.array([unicodedata.normalize("NFKC", value).strip() for value in distinct] + [""], dtype=object)
    return cleaned[codes]


def normalize_header(text: str) -> str:
    """A header as compared with the template's: NFKC, without spaces or invisible characters (a BOM or a
    zero-width space in a header is a slip, not a different column)."""
    return invisible().sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))))


# --------------------------------------------------------------------------------------------- text files


def _csv_grid(data: bytes, reading: Reading) -> Grid:
    """Cells of a delimited text file (row number = record number), with the bounds checked while reading."""
    text = decode(data, reading)
    limits = reading.limits
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    width = 1
    try:
        for record in reader:
            if len(record) > limits.max_columns:
                raise reading.fail(
                    "too_many_columns", row=len(rows) + 1, count=f"{len(record):,}", max=limits.max_columns
                )
            width = max(width, len(record))
            if (len(rows) + 1) * width > limits.max_cells:
                raise reading.fail("too_many_cells", max=f"{limits.max_cells:,}")
            rows.append(record)
            if len(rows) % 20_000 == 0:
                reading.check_time()
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise reading.fail("cell_too_long", row=len(rows) + 1, max=f"{limits.max_cell_chars:,}") from None
        raise reading.fail("csv_quote", row=len(rows) + 1) from None
    return Grid(rows, list(range(1, len(rows) + 1)))


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one that splits the first line with text into the most cells (comma on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


def decode(data: bytes, reading: Reading) -> str:
    """Text of a CSV: by its byte order mark (UTF-8/16/32), as UTF-16 without one, ISO-2022-JP by its escape
    sequences, then UTF-8 and Shift_JIS (CP932). A file with NUL bytes or many control characters is not text."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return _text(data[len(bom) :].decode(codec), reading)
            except UnicodeDecodeError as exc:
                if codec == "utf-8":
                    raise _utf8_error(exc, len(data) - len(bom), reading) from None
                raise reading.fail("bad_unicode", encoding=name) from None
    codec = _utf16_without_bom(data)
    if codec is not None:
        try:
            return _text(data.decode(codec), reading)
        except UnicodeDecodeError:
            raise reading.fail("bad_unicode", encoding="UTF-16") from None
    if b"\x00" in data:
        raise reading.fail("binary")
    if any(escape in data for escape in ISO_2022_JP_ESCAPES):
        try:
            return _text(data.decode("iso2022_jp_ext"), reading)
        except UnicodeDecodeError:
            raise reading.fail("bad_unicode", encoding="ISO-2022-JP") from None
    try:
        return _text(data.decode("utf-8"), reading)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            raise reading.fail("truncated") from None
    try:
        return _text(data.decode("cp932"), reading)
    except UnicodeDecodeError:
        raise reading.fail("unknown_encoding") from None


def _utf8_error(exc: UnicodeDecodeError, size: int, reading: Reading) -> Rejected:
    if exc.start >= size - 3 and exc.reason == "unexpected end of data":
        return reading.fail("truncated")
    return reading.fail("bad_unicode", encoding="UTF-8")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte order mark: every other byte of the ASCII digits, commas and line breaks is 0."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _text(text: str, reading: Reading) -> str:
    if "\x00" in text or len(_CONTROL.findall(text[:100_000])) > BINARY_CONTROL_SHARE * min(len(text), 100_000):
        raise reading.fail("binary")
    return text

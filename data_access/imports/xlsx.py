"""Step 1 for .xlsx: the データ sheet's cells as the text the official sees, read from the file's XML with a
streaming parser that refuses document type declarations (no entity can expand, none can point outside).

Written for this importer rather than openpyxl's reader, which trusts the sheet's declared <dimension> (rows
beyond it were dropped), reads hidden sheets, hidden and filtered-out rows without a word, turns a formula
without a saved result into an empty cell and expands shared strings without bound. Here every row is read as
stored, and each of those cases becomes a note the official sees.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from xml.parsers import expat

from openpyxl.styles.numbers import is_date_format

from data_access.imports.read import Grid, Note, Reading, number_text
from data_access.japanese_dates import EXCEL_EPOCH

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
EXCEL_1904_EPOCH = dt.date(1904, 1, 1)
# Built-in number formats that show a date: 14–22 everywhere, 27–36 and 50–58 in Japanese Excel (和暦 and 年月日).
DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
CHUNK = 64 * 1024
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML writes a control character in text as _x000D_
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


class _DocumentType(Exception):
    """The XML declares a document type (entities): refused before anything is expanded."""


def _parse(archive: zipfile.ZipFile, name: str, start: Callable, end: Callable, text: Callable | None) -> None:
    """Stream one part of the package through expat, in chunks; document type declarations are refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args) -> None:
        raise _DocumentType

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(tag: str) -> tuple[str, str]:
    namespace, _, local = tag.rpartition(" ")
    return namespace, local


@dataclass
class _Book:
    """What the sheet needs from the rest of the package."""

    sheets: list[tuple[str, str, str]] = field(default_factory=list)  # (name, state, relationship id)
    targets: dict[str, str] = field(default_factory=dict)  # relationship id -> part name
    date_styles: set[int] = field(default_factory=set)  # cell style indexes that show a date
    epoch: dt.date = EXCEL_EPOCH
    strings: list[str] = field(default_factory=list)


def read_sheet(data: bytes, reading: Reading, sheet_name: str) -> Grid:
    """Rows of `sheet_name` (row numbers as stored), with notes for what the official cannot see or Excel did not
    save. Raises Rejected when the file is not a readable .xlsx, has no such sheet, hides it or is too costly."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise reading.fail("not_xlsx", detail="BadZipFile") from None
    with archive:
        _check_package(archive, reading)
        try:
            book = _book(archive, reading)
            name, state, relation = next(((n, s, r) for n, s, r in book.sheets if n == sheet_name), ("", "", ""))
            if not name:
                raise reading.fail(
                    "no_data_sheet", sheet_name=sheet_name, sheets="、".join(n for n, _s, _r in book.sheets)
                )
            if state in ("hidden", "veryHidden"):
                raise reading.fail("hidden_sheet", sheet=sheet_name)
            part = book.targets.get(relation)
            if part is None or part not in archive.NameToInfo:
                raise reading.fail("not_xlsx", detail="missing sheet part")
            return _Sheet(book, reading, sheet_name).read(archive, part)
        except _DocumentType:
            raise reading.fail("xml_doctype") from None
        except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, IndexError) as exc:
            raise reading.fail("xlsx_content", sheet=sheet_name, detail=type(exc).__name__) from None


def _check_package(archive: zipfile.ZipFile, reading: Reading) -> None:
    """Bounds before anything is unpacked: the declared sizes cap what zipfile will inflate, so a part that lies
    about its size fails its check instead of expanding further."""
    limits = reading.limits
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    if len(members) > 10_000 or total > limits.max_unpacked_bytes:
        raise reading.fail(
            "xlsx_too_large", size=f"{total / 1024 / 1024:,.0f}", max=f"{limits.max_unpacked_bytes / 1024 / 1024:,.0f}"
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise reading.fail("xlsx_bomb", ratio=f"{member.file_size // max(member.compress_size, 1):,}")


def _book(archive: zipfile.ZipFile, reading: Reading) -> _Book:
    book = _Book()
    workbook = _workbook_part(archive)

    def workbook_start(tag: str, attributes: dict) -> None:
        local = _local(tag)[1]
        if local == "sheet":
            book.sheets.append(
                (attributes.get("name", ""), attributes.get("state", ""), attributes.get(f"{RELATIONSHIPS} id", ""))
            )
        elif local == "workbookPr" and attributes.get("date1904") in ("1", "true"):
            book.epoch = EXCEL_1904_EPOCH

    _parse(archive, workbook, workbook_start, _ignore, None)
    base = posixpath.dirname(workbook)
    relations = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
    kinds: dict[str, str] = {}

    def relation_start(tag: str, attributes: dict) -> None:
        if _local(tag)[1] == "Relationship":
            target = attributes.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            book.targets[attributes.get("Id", "")] = part
            kinds[part] = attributes.get("Type", "").rsplit("/", 1)[-1]

    if relations in archive.NameToInfo:
        _parse(archive, relations, relation_start, _ignore, None)
    for part, kind in kinds.items():
        if part not in archive.NameToInfo:
            continue
        if kind == "styles":
            book.date_styles = _date_styles(archive, part)
        elif kind == "sharedStrings":
            book.strings = _shared_strings(archive, part, reading)
    return book


def _ignore(_tag: str) -> None:
    """End-of-element handler of parts read for their attributes only."""


def _workbook_part(archive: zipfile.ZipFile) -> str:
    """The workbook part named by the package relationships (xl/workbook.xml in every file Excel writes)."""
    found: list[str] = []

    def start(tag: str, attributes: dict) -> None:
        if _local(tag)[1] == "Relationship" and attributes.get("Type", "").endswith("/officeDocument"):
            found.append(attributes.get("Target", "").lstrip("/"))

    if "_rels/.rels" in archive.NameToInfo:
        _parse(archive, "_rels/.rels", start, _ignore, None)
    part = found[0] if found else "xl/workbook.xml"
    if part not in archive.NameToInfo:
        raise KeyError(part)
    return part


def _date_styles(archive: zipfile.ZipFile, part: str) -> set[int]:
    """Indexes of the cell formats (cellXfs) whose number format shows a date."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside = []

    def start(tag: str, attributes: dict) -> None:
        local = _local(tag)[1]
        inside.append(local)
        if local == "numFmt":
            custom[int(attributes.get("numFmtId", "0"))] = attributes.get("formatCode", "")
        elif local == "xf" and len(inside) >= 2 and inside[-2] == "cellXfs":
            formats.append(int(attributes.get("numFmtId", "0")))

    def end(_tag: str) -> None:
        inside.pop()

    _parse(archive, part, start, end, None)
    return {
        index
        for index, number_format in enumerate(formats)
        if (number_format in DATE_FORMAT_IDS and number_format not in custom)
        or is_date_format(custom.get(number_format))
    }


def _shared_strings(archive: zipfile.ZipFile, part: str, reading: Reading) -> list[str]:
    """The shared strings as Excel shows them: runs joined, phonetic guides (ふりがな, rPh) left out."""
    strings: list[str] = []
    pieces: list[str] = []
    state = {"phonetic": 0, "text": False}

    def start(tag: str, _attributes: dict) -> None:
        local = _local(tag)[1]
        if local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and not state["phonetic"]:
            state["text"] = True

    def end(tag: str) -> None:
        local = _local(tag)[1]
        if local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["text"] = False
        elif local == "si":
            strings.append(_unescape("".join(pieces)))
            pieces.clear()
            if len(strings) > reading.limits.max_cells:
                raise reading.fail("too_many_cells", max=f"{reading.limits.max_cells:,}")
            if len(strings) % 50_000 == 0:
                reading.check_time()

    def text(content: str) -> None:
        if state["text"]:
            pieces.append(content)

    _parse(archive, part, start, end, text)
    return strings


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


class _Sheet:
    """Streams one worksheet: rows as stored (not as <dimension> declares), hidden rows and columns, cell types."""

    def __init__(self, book: _Book, reading: Reading, name: str):
        self.book = book
        self.reading = reading
        self.name = name
        self.rows: dict[int, dict[int, str]] = {}
        self.notes: list[Note] = []
        self.hidden_rows: set[int] = set()
        self.hidden_columns: list[tuple[int, int]] = []
        self.cells = 0
        self.row = 0
        self.column = -1
        self.cell: dict | None = None  # attributes of the open <c>, and its <v>, <f>, <is> texts
        self.capture: str | None = None
        self.inline = 0

    def read(self, archive: zipfile.ZipFile, part: str) -> Grid:
        _parse(archive, part, self.start, self.end, self.text)
        numbers = sorted(self.rows)
        width = max((max(cells) + 1 for cells in self.rows.values() if cells), default=0)
        if len(numbers) * width > self.reading.limits.max_cells:  # the grid holds every row at the widest width
            raise self.reading.fail("too_many_cells", sheet=self.name, max=f"{self.reading.limits.max_cells:,}")
        rows = [[self.rows[n].get(c, "") for c in range(width)] for n in numbers]
        for number, row in zip(numbers, rows):
            if number in self.hidden_rows and any(row):
                self.notes.append(Note(number, None, "hidden_row"))
        for first, last in self.hidden_columns:
            for column in range(first, min(last, width - 1) + 1):
                if any(row[column] for row in rows if column < len(row)):
                    self.notes.append(Note(None, column, "hidden_column"))
        return Grid(rows, numbers, self.name, self.notes)

    def start(self, tag: str, attributes: dict) -> None:
        local = _local(tag)[1]
        if local == "c":
            reference = _CELL_REF.fullmatch(attributes.get("r", ""))
            if reference:
                self.column = _column_index(reference.group(1))
                self.row = int(reference.group(2))
            else:
                self.column += 1
            self.cell = {"t": attributes.get("t", "n"), "s": attributes.get("s", "0"), "v": None, "f": None, "is": []}
        elif local == "row":
            self.row = int(attributes["r"]) if attributes.get("r", "").isdigit() else self.row + 1
            self.column = -1
            if attributes.get("hidden") in ("1", "true"):
                self.hidden_rows.add(self.row)
        elif local in ("v", "f") and self.cell is not None:
            self.capture = local
            self.cell[local] = self.cell[local] or ""
        elif local == "is":
            self.inline += 1
        elif local == "t" and self.inline:
            self.capture = "is"
        elif local == "rPh" and self.inline:
            self.inline += 1  # phonetic guide inside an inline string: not shown
        elif local == "col" and attributes.get("hidden") in ("1", "true"):
            first, last = int(attributes.get("min", "1")) - 1, int(attributes.get("max", "1")) - 1
            self.hidden_columns.append((first, min(last, self.reading.limits.max_columns)))

    def end(self, tag: str) -> None:
        local = _local(tag)[1]
        if local == "c" and self.cell is not None:
            self._store(self.cell)
            self.cell = None
        elif local in ("v", "f", "t"):
            self.capture = None
        elif local in ("is", "rPh") and self.inline:
            self.inline -= 1

    def text(self, content: str) -> None:
        if self.capture is None or self.cell is None:
            return
        if self.capture == "is":
            if self.inline == 1:
                self.cell["is"].append(content)
        else:
            self.cell[self.capture] += content

    def _store(self, cell: dict) -> None:
        text, note = self._value(cell)
        if not text and note is None:
            return
        limits = self.reading.limits
        if len(text) > limits.max_cell_chars:
            raise self.reading.fail("cell_too_long", sheet=self.name, row=self.row, max=f"{limits.max_cell_chars:,}")
        if self.column >= limits.max_columns:
            raise self.reading.fail(
                "too_many_columns", sheet=self.name, row=self.row, count=f"{self.column + 1:,}", max=limits.max_columns
            )
        self.cells += 1
        if self.cells > limits.max_cells:
            raise self.reading.fail("too_many_cells", sheet=self.name, max=f"{limits.max_cells:,}")
        if self.cells % 20_000 == 0:
            self.reading.check_time(self.name)
        self.rows.setdefault(self.row, {})[self.column] = text
        if note is not None:
            self.notes.append(Note(self.row, self.column, *note))

    def _value(self, cell: dict) -> tuple[str, tuple | None]:
        """The text Excel shows, and a note (key, shown value) when it shows none that can be trusted."""
        kind, value, formula = cell["t"], cell["v"], cell["f"]
        if value in (None, "") and kind != "inlineStr":
            if formula:
                return "", ("formula_without_value", f"={formula}")
            # a number cell with an empty value: Excel never writes one; other tools write NaN so
            return "", (("not_finite", "") if value == "" and kind == "n" else None)
        if kind == "s":
            return _unescape(self.book.strings[int(value)]), None
        if kind == "inlineStr":
            return _unescape("".join(cell["is"])), None
        if kind == "str":
            return _unescape(value), None
        if kind == "b":
            return ("はい" if value.strip() in ("1", "true") else "いいえ"), None
        if kind == "e":
            return "", ("excel_error", value)
        if kind == "d":
            return value.strip()[:10], None
        number = float(value)
        if not math.isfinite(number):
            return "", ("not_finite", value)
        if int(cell["s"]) in self.book.date_styles:
            return _serial_date(number, self.book.epoch), None
        return number_text(number), None


def _serial_date(serial: float, epoch: dt.date) -> str:
    """A date cell as ISO text. Serial 60 is Excel's 29 February 1900, a day that never was: shown as written so
    that the date check names it; serials below it count from 31 December 1899."""
    days = math.floor(serial)
    if epoch == EXCEL_EPOCH and days < 61:
        if days == 60:
            return "1900-02-29"
        epoch = dt.date(1899, 12, 31)
    try:
        return (epoch + dt.timedelta(days=days)).isoformat()
    except OverflowError:
        return number_text(serial)

"""A corpus of malformed imports, built from the project's own templates when a test asks for a file (nothing is
committed as a binary): the classes of issue #20's red-team run, each over the template kinds, columns and
formats it applies to. `SPECS` is known at collection time (names and expectations); `build(name)` makes a
file's bytes once per process.

Each spec says what the importer must answer: `ok` with the number of rows (files that are odd but readable:
UTF-16, tab-separated, rows beyond <dimension>), or the problem key that must be among the problems.
"""

from __future__ import annotations

import csv
import functools
import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from data_access.templates import DATA_SHEET, TEMPLATES, template_xlsx

KINDS = list(TEMPLATES)
BASE = dict(municipality_code="092011", prefecture="栃木県", municipality_name="宇都宮市")


def rows(kind: str, count: int = 1) -> list[dict]:
    """`count` valid, distinct rows of a kind (宇都宮市, or 広島県 for training)."""
    out = []
    for i in range(count):
        fiscal_year = f"令和{2 + i}年度"
        row = {
            "districts_councils": dict(
                BASE,
                district_code=f"{11 + i}",
                district_name=f"第{11 + i}地区",
                district_kind="地区連合自治会",
                council_status="設置済",
                established_on="2019-10-01",
                coordinator_placed_on="2018-06",
            ),
            "council_activity": dict(
                BASE,
                district_code="",
                fiscal_year="令和2年度",
                period_end=f"2020-{4 + i:02d}-28",
                metric="第2層協議体の開催回数",
                value=str(6 + i),
                unit="回",
                event_date="",
            ),
            # 重層事業 exists from 令和3年度
            "program_status": dict(
                BASE, fiscal_year=f"令和{3 + i}年度", program="重層的支援体制整備事業", stage="移行準備"
            ),
            "consultations": dict(
                BASE,
                district_code="",
                fiscal_year="令和2年度",
                period_end=f"2020-{4 + i:02d}-28",
                is_partial_year="はい",
                category="全体",
                basis="実数",
                unit="件",
                new_cases=str(406 + i),
                continuing_cases="207",
                closed_cases="315",
                referred_cases="128",
                ongoing_cases="298",
            ),
            "targets": dict(
                BASE,
                fiscal_year=fiscal_year,
                metric="第2層協議体の設置数",
                value="39",
                unit="地区",
                due_on="2021-03-31",
            ),
            "training": dict(
                prefecture="広島県",
                fiscal_year=fiscal_year,
                program_name="支え合い研修",
                municipalities="7",
                teams="8",
                staff_government="13",
                staff_social_welfare_council="23",
                staff_consultation_agencies="0",
                participants="36",
            ),
        }[kind]
        out.append(row)
    return out


def table(kind: str, data: list[dict]) -> list[list[str]]:
    """Header and cells of rows in the template's column order."""
    columns = TEMPLATES[kind].columns
    return [[c.ja for c in columns], *[[r.get(c.key, "") for c in columns] for r in data]]


def delimited(grid: list[list[str]], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(grid)
    return out.getvalue().encode(encoding)


# --------------------------------------------------------------------------------------------- xlsx by hand

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
STYLES = (  # style 1 shows a date (built-in format 14)
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
)
# document type declarations and the entity each part then uses (in a cell, a shared string or a sheet name)
DOCTYPES = {
    "external_entity": ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
    "billion_laughs": (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>",
        "&j;",
    ),
}


def _cell(ref: str, kind: str, content: object) -> str:
    if kind == "n":
        return f'<c r="{ref}"><v>{content}</v></c>'
    if kind == "d":
        return f'<c r="{ref}" s="1"><v>{content}</v></c>'
    if kind == "f":
        return f'<c r="{ref}"><f>{escape(str(content))}</f></c>'
    return f'<c r="{ref}" t="e"><v>{escape(str(content))}</v></c>'


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@dataclass
class Sheet:
    """A hand-written workbook: cells are text (shared strings), ("n", number), ("d", date serial), ("f", formula
    without result) or ("e", error)."""

    grid: list[list]
    dimension: str | None = None
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()
    state: str = "visible"
    name: str = DATA_SHEET
    doctype: dict[str, tuple[str, str]] | None = None  # part (sheet, shared, workbook) -> (declaration, entity)
    filtered: bool = False

    def bytes(self) -> bytes:
        strings: list[str] = []
        cells_xml = []
        for r, values in enumerate(self.grid, start=1):
            cells = []
            for c, value in enumerate(values):
                ref = f"{_column(c)}{r}"
                if isinstance(value, tuple):
                    cells.append(_cell(ref, *value))
                elif value != "":
                    strings.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            hidden = ' hidden="1"' if r in self.hidden_rows else ""
            if r == 2 and "sheet" in (self.doctype or {}):
                cells.append(f'<c r="Z2" t="inlineStr"><is><t>{self.doctype["sheet"][1]}</t></is></c>')
            cells_xml.append(f'<row r="{r}"{hidden}>{"".join(cells)}</row>')
        width = max((len(v) for v in self.grid), default=1)
        dimension = self.dimension or f"A1:{_column(width - 1)}{len(self.grid)}"
        columns = "".join(f'<col min="{c + 1}" max="{c + 1}" hidden="1"/>' for c in self.hidden_columns)
        doctype = {part: declaration for part, (declaration, _entity) in (self.doctype or {}).items()}
        entity = {part: reference for part, (_declaration, reference) in (self.doctype or {}).items()}
        sheet = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            + doctype.get("sheet", "")
            + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + f'<dimension ref="{dimension}"/>'
            + (f"<cols>{columns}</cols>" if columns else "")
            + f"<sheetData>{''.join(cells_xml)}</sheetData>"
            + (f'<autoFilter ref="{dimension}"/>' if self.filtered else "")
            + "</worksheet>"
        )
        shared = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            + doctype.get("shared", "")
            + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
            + (f"<si><t>{entity['shared']}</t></si>" if "shared" in entity else "")
            + "</sst>"
        )
        workbook = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            + doctype.get("workbook", "")
            + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            + f'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{self.name}" sheetId="1" '
            + f'state="{self.state}" r:id="rId1"/></sheets>'
            + (
                f'<definedNames><definedName name="x">{entity["workbook"]}</definedName></definedNames>'
                if "workbook" in entity
                else ""
            )
            + "</workbook>"
        )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in (
                ("[Content_Types].xml", CONTENT_TYPES),
                ("_rels/.rels", PACKAGE_RELS),
                ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", BOOK_RELS),
                ("xl/styles.xml", STYLES),
                ("xl/sharedStrings.xml", shared),
                ("xl/worksheets/sheet1.xml", sheet),
            ):
                archive.writestr(name, text)
        return out.getvalue()


# --------------------------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Spec:
    name: str  # also the file name's stem
    kind_class: str  # the class of defect (issue #20's headings)
    extension: str
    make: Callable[[], bytes]
    problem: str | None = None  # a key that must be among the problems (None: the file imports)
    rows: int = 0  # rows an importable file holds
    hostile: bool = False  # costly by design: run in a subprocess with bounds on time and memory

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.extension}"


SPECS: list[Spec] = []


def _add(kind_class: str, extension: str, make: Callable[[], bytes], problem: str | None, rows_: int = 0, **kw):
    SPECS.append(Spec(f"{kind_class}-{len(SPECS):03d}", kind_class, extension, make, problem, rows_, **kw))


def _one(kind: str, column: str, value: str, count: int = 1) -> list[list[str]]:
    data = rows(kind, count)
    data[0] = {**data[0], column: value}
    return table(kind, data)


def _xlsx_grid(grid: list[list[str]], **options) -> bytes:
    return Sheet(grid, **options).bytes()


INTEGER_COLUMNS = {
    "consultations": ("new_cases", "continuing_cases", "closed_cases", "referred_cases", "ongoing_cases"),
    "training": ("teams", "participants", "municipalities"),
}
TOO_BIG = ("1e20", "99999999999999999999", str(2**63), str(2**31), "2,147,483,648")
for kind, columns in INTEGER_COLUMNS.items():
    for column in columns:
        for value in TOO_BIG:
            expected = "number_unreadable" if "e" in value else "too_big"
            _add("counts_too_large", "csv", lambda k=kind, c=column, v=value: delimited(_one(k, c, v)), expected)
        _add(
            "counts_too_large", "xlsx", lambda k=kind, c=column: _xlsx_grid(_with_cell(k, c, ("n", "1E+20"))), "too_big"
        )

UNREADABLE = ("1,2,3", "1 000", "1_000", "١٢٣", "nan", "inf", "-inf", "1e5", "12,34", "0x10", "½", "+5")
for kind, column in (
    ("consultations", "new_cases"),
    ("targets", "value"),
    ("council_activity", "value"),
    ("training", "teams"),
):
    for value in UNREADABLE:
        _add(
            "numbers_unreadable", "csv", lambda k=kind, c=column, v=value: delimited(_one(k, c, v)), "number_unreadable"
        )

DATES = {
    "令和1年4月1日": "date_outside_era_open",
    "平成31年5月1日": "date_outside_era",
    "平成35年": "date_outside_era",
    "昭和64年1月8日": "date_outside_era",
    "R0.5.1": "date_era_year_zero",
    "0001-01-01": "date_out_of_range",
    "2020-02-30": "date_impossible",
    "R2.13.1": "date_impossible",
    "1": "date_unreadable",
    "60": "date_unreadable",
}
DATE_COLUMNS = (
    ("targets", "due_on"),
    ("council_activity", "event_date"),
    ("districts_councils", "established_on"),
    ("districts_councils", "coordinator_placed_on"),
    ("consultations", "period_end"),
)
for kind, column in DATE_COLUMNS:
    for value, expected in DATES.items():
        _add("impossible_dates", "csv", lambda k=kind, c=column, v=value: delimited(_one(k, c, v)), expected)
    for serial in (1, 60):
        _add(
            "impossible_dates",
            "xlsx",
            lambda k=kind, c=column, s=serial: _xlsx_grid(_with_cell(k, c, ("d", s))),
            "date_out_of_range" if serial == 1 else "date_impossible",
        )

YEARS = {
    "R99": "fiscal_year_out_of_range",
    "H35": "fiscal_year_after_heisei",
    "平成32年度": "fiscal_year_after_heisei",
    "R0": "date_era_year_zero",
    "1850": "fiscal_year_out_of_range",
    "2101年度": "fiscal_year_out_of_range",
    "来年度": "fiscal_year_unreadable",
    "": "required",
}
for kind in ("council_activity", "program_status", "consultations", "targets", "training"):
    for value, expected in YEARS.items():
        _add("fiscal_years", "csv", lambda k=kind, v=value: delimited(_one(k, "fiscal_year", v, 2)), expected)


def _with_cell(kind: str, column: str, cell) -> list[list]:
    grid = table(kind, rows(kind))
    position = [c.key for c in TEMPLATES[kind].columns].index(column)
    grid[1][position] = cell
    return grid


def _bom_every_line(kind: str) -> bytes:
    return "".join("\ufeff" + ",".join(r) + "\r\n" for r in table(kind, rows(kind))).encode()


def _text(kind: str, before: str = "", after: str = "") -> bytes:
    return (before + delimited(table(kind, rows(kind)), "utf-8").decode() + after).encode()


LINES = {
    "bom_every_line": (_bom_every_line, "invisible_character"),
    "blank_first_line": (lambda k: _text(k, "\r\n"), None),
    "blank_and_comma_lines_first": (lambda k: _text(k, "\r\n,,,\r\n  \r\n"), None),
    "only_blank_lines": (lambda k: b"\r\n\r\n\r\n", "empty"),
    "only_commas": (lambda k: b",,,,\r\n,,\r\n", "empty"),
    "only_spaces": (lambda k: "　 \r\n\t\r\n".encode(), "empty"),
    "ragged_short_row": (lambda k: _text(k, after="092011,R2\r\n"), "required"),
    "ragged_long_row": (lambda k: _text(k, after=",".join(["x"] * 30) + "\r\n"), "unnamed_column"),
}
for kind in KINDS:
    for variant, (make, expected) in LINES.items():
        if variant == "ragged_short_row" and kind == "training":
            expected = "unknown_prefecture"
        _add(f"lines_{variant}", "csv", lambda k=kind, m=make: m(k), expected, 1 if expected is None else 0)

ENCODINGS = {
    "utf16le_tab": (lambda g: delimited(g, "utf-16", "\t"), None),  # Excel's 「Unicode テキスト」
    "utf16be_bom": (lambda g: b"\xfe\xff" + delimited(g, "utf-16-be"), None),
    "utf16le_no_bom": (lambda g: delimited(g, "utf-16-le"), None),
    "utf32": (lambda g: delimited(g, "utf-32"), None),
    "iso2022jp": (lambda g: delimited(g, "iso2022_jp"), None),
    "shift_jis": (lambda g: delimited(g, "cp932"), None),
    "utf8_bom_broken": (
        lambda g: b"\xef\xbb\xbf" + delimited(g, "utf-8")[:40] + b"\xff\xfe\xfa" + b"x" * 20,
        "bad_unicode",
    ),
    "nul_bytes": (lambda g: delimited(g, "utf-8").replace(b",", b"\x00", 3), "binary"),
    "random_bytes": (lambda g: random.Random(len(g)).randbytes(3000), "binary"),
    "control_characters": (lambda g: bytes(range(1, 9)) * 200, "binary"),
}
for kind in KINDS:
    for variant, (make, expected) in ENCODINGS.items():
        _add(f"encoding_{variant}", "csv", lambda k=kind, m=make: m(table(k, rows(k))), expected, 0 if expected else 1)
    for delimiter, name in (("\t", "tsv"), (";", "semicolon")):
        _add(
            f"delimiter_{name}",
            "csv",
            lambda k=kind, d=delimiter: delimited(table(k, rows(k, 2)), delimiter=d),
            None,
            2,
        )

INVISIBLE = ("\u200b", "\ufeff", "\u0080", "\u200e", "\u2028", "\t")
for kind, column in (
    ("consultations", "municipality_code"),
    ("targets", "unit"),
    ("districts_councils", "district_name"),
    ("training", "program_name"),
):
    for character in INVISIBLE:
        value = rows(kind)[0][column]
        _add(
            "invisible",
            "csv",
            lambda k=kind, c=column, v=value[:1] + character + value[1:]: delimited(_one(k, c, v)),
            "invisible_character",
        )
    _add("invisible", "csv", lambda k=kind, c=column: delimited(_one(k, c, "a\nb")), "invisible_character")

for kind in KINDS:
    text = delimited(table(kind, rows(kind, 3)), "utf-8").decode()
    first, second, rest = text.split("\r\n", 2)
    _add("quotes", "csv", lambda t=text: (t + '"unclosed,at,the,end\r\n').encode(), "csv_quote")
    _add("quotes", "csv", lambda f=first, s=second, r=rest: f'{f}\r\n"{s}\r\n{r}'.encode(), "csv_quote")
    _add("quotes", "csv", lambda f=first, s=second, r=rest: f'{f}\r\n"092011"x,{s}\r\n{r}'.encode(), "csv_quote")

for kind in KINDS:
    tpl = TEMPLATES[kind]
    required = next(c for c in tpl.columns if c.required and c.key not in ("prefecture",))
    grid = table(kind, rows(kind))
    without = [[v for v, c in zip(r, tpl.columns) if c is not required] for r in grid]
    _add("structure", "csv", lambda g=without: delimited(g), "missing_column")
    _add(
        "structure",
        "csv",
        lambda g=grid: delimited([g[0] + [g[0][-1]], *(r + [r[-1]] for r in g[1:])]),
        "duplicate_column",
    )
    _add(
        "structure",
        "csv",
        lambda g=grid: delimited([g[0] + ["備考"], *(r + ["メモ"] for r in g[1:])]),
        "unknown_column",
    )
    _add("structure", "csv", lambda g=grid: delimited([g[0] + [""], *(r + ["メモ"] for r in g[1:])]), "unnamed_column")
    _add("structure", "csv", lambda g=grid: delimited(g[:1]), "header_only")
    _add("structure", "csv", lambda: delimited([["氏名", "住所"], ["山田", "東京"]]), "undetectable_kind")
    template = template_xlsx(kind)
    _add("xlsx_structure", "xlsx", lambda t=template: t[: len(t) // 2], "not_xlsx")
    _add(
        "xlsx_structure",
        "xlsx",
        lambda g=grid: _xlsx_grid(g, name="Sheet1"),
        "no_data_sheet",
    )
    _add("xlsx_structure", "xlsx", lambda g=grid: _xlsx_grid(g, state="hidden"), "hidden_sheet")
    _add("xlsx_structure", "xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "xls")
    _add("xlsx_structure", "xlsx", lambda k=kind: random.Random(k).randbytes(4096), "not_xlsx")
    for part, declaration in (
        ("sheet", "external_entity"),
        ("sheet", "billion_laughs"),
        ("shared", "billion_laughs"),
        ("workbook", "external_entity"),
    ):
        _add(
            "xml_entities",
            "xlsx",
            lambda g=grid, p=part, d=declaration: _xlsx_grid(g, doctype={p: DOCTYPES[d]}),
            "xml_doctype",
        )
    five = table(kind, rows(kind, 5))
    _add("xlsx_dimension", "xlsx", lambda g=five: _xlsx_grid(g, dimension="A1:C2"), None, 5)
    _add("xlsx_hidden", "xlsx", lambda g=five: _xlsx_grid(g, hidden_rows=(3,)), "hidden_row")
    _add("xlsx_hidden", "xlsx", lambda g=five: _xlsx_grid(g, hidden_rows=(2, 4), filtered=True), "hidden_row")
    _add(
        "xlsx_hidden",
        "xlsx",
        lambda g=grid: _xlsx_grid([r + ["メモ"] for r in g], hidden_columns=(len(g[0]),)),
        "hidden_column",
    )
    last = tpl.columns[-1].key
    _add(
        "xlsx_cells",
        "xlsx",
        lambda k=kind, c=last: _xlsx_grid(_with_cell(k, c, ("f", "SUM(A1:A2)"))),
        "formula_without_value",
    )
    _add("xlsx_cells", "xlsx", lambda k=kind, c=last: _xlsx_grid(_with_cell(k, c, ("e", "#DIV/0!"))), "excel_error")
    _add("xlsx_cells", "xlsx", lambda k=kind, c=last: _xlsx_grid(_with_cell(k, c, ("n", "NaN"))), "not_finite")
    _add("xlsx_cells", "xlsx", lambda k=kind, c=last: _xlsx_grid(_with_cell(k, c, ("n", "INF"))), "not_finite")


# ---- hostile files: bounded by the importer's limits (bytes, columns, cells, unpacked size and ratio)


def _shared_strings_bomb() -> bytes:
    """A workbook whose shared strings unpack to 64 MB from a few hundred KB (the red team's was 1 GB from 2.4 MB)."""
    data = Sheet(table("consultations", rows("consultations"))).bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open("xl/sharedStrings.xml", "w") as stream:
            stream.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            )
            chunk = b"a" * (1024 * 1024)
            for _ in range(64):
                stream.write(chunk)
            stream.write(b"</t></si></sst>")
    return out.getvalue()


def _wide_row() -> bytes:
    grid = table("consultations", rows("consultations"))
    return delimited([grid[0], [*grid[1], *(["1"] * 100_000)]])


def _too_large() -> bytes:
    line = ",".join(table("consultations", rows("consultations"))[1]) + "\r\n"
    return delimited(table("consultations", [])) + line.encode() * (21 * 1024 * 1024 // len(line.encode()) + 1)


def _too_many_cells() -> bytes:
    line = "092011,R2,2021-01-31,全体,実数,件,1,1,1,1,1,1,1,1,1,1\r\n".encode()
    return delimited(table("consultations", [])) + line * 130_000


def _all_invalid() -> bytes:
    """Every row wrong in every column it can be: within the bounds, so every problem is counted."""
    header = "団体コード,年度,集計時点,区分,実数/延べ,単位,新規,継続,終結\r\n"
    return (header + "999999,昨年度,2月末,ひきこもり,多い,個,-1,x,1.5\r\n" * 200_000).encode()


def _blank_lines() -> bytes:
    return delimited(table("consultations", rows("consultations"))) + b"\r\n" * 2_100_000


def _one_wide_row_and_many_short() -> bytes:
    return delimited(table("consultations", rows("consultations"))) + b"1\r\n" * 1_000_000


def _long_cell() -> bytes:
    grid = table("consultations", rows("consultations"))
    grid[1][0] = "0" * 200_000
    return delimited(grid)


_add("hostile", "xlsx", _shared_strings_bomb, "xlsx_bomb", hostile=True)
_add("hostile", "csv", _blank_lines, "too_many_cells", hostile=True)
_add("hostile", "csv", _one_wide_row_and_many_short, "too_many_cells", hostile=True)
_add("hostile", "csv", _long_cell, "cell_too_long", hostile=True)
_add("hostile", "csv", _wide_row, "too_many_columns", hostile=True)
_add("hostile", "csv", _too_large, "too_large", hostile=True)
_add("hostile", "csv", _too_many_cells, "too_many_cells", hostile=True)
_add("hostile", "csv", _all_invalid, "unknown_code", hostile=True)

BY_NAME = {spec.name: spec for spec in SPECS}
CLASSES = sorted({spec.kind_class for spec in SPECS})


@functools.cache
def build(name: str) -> bytes:
    return BY_NAME[name].make()


def representatives(per_class: int = 1) -> list[Spec]:
    """The first `per_class` specs of every class, spread over kinds (for the slower paths)."""
    chosen: list[Spec] = []
    for kind_class in CLASSES:
        members = [s for s in SPECS if s.kind_class == kind_class and not s.hostile]
        step = max(1, len(members) // per_class)
        chosen += members[::step][:per_class]
    return chosen

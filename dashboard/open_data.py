"""Open-data downloads: what a view shows as CSV (UTF-8 with BOM, or Shift_JIS for older Excel), as an Excel
workbook, and a ZIP with the CSV, its data dictionary and the terms of use (CC BY 4.0 for this compilation, with
the sources' credits).

Every text cell that a spreadsheet would run as a formula (= + - @, tab, carriage return: OWASP's CSV injection
list) is written with a leading apostrophe, in every CSV and workbook: district names and file names come from
imports, and the public edition's downloads are opened by anyone.

Pure functions (no Streamlit): widgets.csv_download puts them behind buttons.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

import pandas as pd

from core.domain import fiscal_year_label
from core.i18n import catalogue, has, t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")  # −5 or +1.5 read as a number, never as a formula

# Characters that Shift_JIS (cp932) lacks, written as the nearest character it has; anything else it cannot
# hold becomes "?" and the README of the ZIP says how many cells were changed.
_CP932_SUBSTITUTES = str.maketrans({"—": "―", "–": "－", "−": "－", "〜": "～", "·": "・", "•": "・", "\u00a0": " "})


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8-sig") -> bytes:
    """The table as CSV: "utf-8-sig" (Excel opens it by double click) or "cp932" (Shift_JIS). Whole numbers
    stored as floats (a count column with a gap) are written without ".0", as the screen shows them."""
    text = neutralised(_whole_numbers(frame)).to_csv(index=False, lineterminator="\r\n")  # \r in a cell is quoted
    if encoding == "cp932":
        return text.translate(_CP932_SUBSTITUTES).encode("cp932", errors="replace")
    return text.encode(encoding)


def neutral_text(value: object) -> object:
    """A cell a spreadsheet must show as text: a string that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its headers and text cells safe to open in a spreadsheet (numbers are left as numbers)."""
    texts = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    out = frame.copy() if texts or any(isinstance(c, str) for c in frame.columns) else frame
    for column in texts:
        out[column] = out[column].map(neutral_text)
    if frame.columns.is_unique:
        out.columns = [neutral_text(c) for c in frame.columns]
    return out


def xlsx_bytes(
    frame: pd.DataFrame,
    lang: str,
    codes: Sequence[str] | None = None,
    fiscal_year: int | None = None,
    sources: str = "",
) -> bytes:
    """The table as an Excel workbook for officials: sheet データ (団体コード and 年度 first when the table is about
    municipalities or a fiscal year, a header row Excel filters, frozen), 項目の説明 (the data dictionary) and
    利用条件 (terms and sources). Numbers stay numbers; text cells are written as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    data = _whole_numbers(frame).reset_index(drop=True)
    data.columns = [str(c) for c in data.columns]
    if fiscal_year is not None:
        data.insert(0, t("fiscal_year", lang), fiscal_year_label(fiscal_year, lang))
    if codes is not None:
        data.insert(0, t("col_municipality_code", lang), list(codes))
    book = Workbook()
    sheets = [
        (book.active, t("xlsx_sheet_data", lang), data),
        (book.create_sheet(), t("xlsx_sheet_dictionary", lang), data_dictionary(data, lang)),
        (book.create_sheet(), t("xlsx_sheet_terms", lang), pd.DataFrame({"": _terms(lang, sources)})),
    ]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet, title, table in sheets:
        sheet.title = title
        rows = [list(table.columns)] if any(str(c) for c in table.columns) else []
        rows += table.astype(object).where(table.notna(), None).values.tolist()
        for values in rows:
            sheet.append([_xlsx_cell(v) for v in values])
        for cell in sheet[1] if rows and any(str(c) for c in table.columns) else ():
            cell.font, cell.fill = bold, fill
            cell.data_type = "s"
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would write "=…" as a formula
        for index, column in enumerate(table.columns, start=1):
            width = max([len(str(column)), *(len(str(v)) for v in table[column].head(200))], default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, 1.6 * width + 2))
    data_sheet = sheets[0][0]
    data_sheet.freeze_panes = "A2"
    if len(data.columns):
        data_sheet.auto_filter.ref = f"A1:{get_column_letter(len(data.columns))}{len(data) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy and pandas scalars
        value = value.item()
    return neutral_text(value) if isinstance(value, str) else value


def _terms(lang: str, sources: str) -> list[str]:
    return [t("open_data_licence", lang), t("open_data_sources", lang, sources=sources), t("open_data_synthetic", lang)]


def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    whole = [
        c
        for c in frame.columns
        if frame[c].dtype.kind == "f" and bool((frame[c].dropna() == frame[c].dropna().round()).all())
    ]
    return frame.astype(dict.fromkeys(whole, "Int64")) if whole and frame.columns.is_unique else frame


def lossy_cells(frame: pd.DataFrame) -> int:
    """How many cells Shift_JIS cannot hold even after the substitutions (they become "?")."""

    def lossy(value: object) -> bool:
        text = str(value).translate(_CP932_SUBSTITUTES)
        return text.encode("cp932", errors="replace").decode("cp932") != text

    return int(sum(lossy(v) for v in frame.astype(str).to_numpy().ravel()))


def _known_columns(lang: str) -> dict[str, str]:
    """Column label as shown -> its description (keys `<col key>` with a `open_data_note_<col key>` text)."""
    prefix = "open_data_note_"
    return {
        t(key[len(prefix) :], lang): t(key, lang)
        for key in catalogue("ja")
        if key.startswith(prefix) and has(key[len(prefix) :])
    }


def data_dictionary(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per column: name, kind of value, description (for the columns the catalogue describes)."""
    notes = _known_columns(lang)
    kinds = {True: t("open_data_kind_number", lang), False: t("open_data_kind_text", lang)}
    return pd.DataFrame(
        {
            t("open_data_col_column", lang): list(frame.columns),
            t("open_data_col_kind", lang): [kinds[pd.api.types.is_numeric_dtype(frame[c])] for c in frame.columns],
            t("open_data_col_description", lang): [
                notes.get(str(c), t("open_data_no_note", lang)) for c in frame.columns
            ],
        }
    )


def readme(file_name: str, rows: int, lang: str, sources: str, public: bool, lossy: int, today: dt.date) -> str:
    """Terms of use and notes that travel with the data."""
    lines = [
        t("open_data_readme_title", lang, file=file_name),
        t("open_data_readme_made", lang, date=today.isoformat(), rows=rows),
        "",
        t("open_data_licence", lang),
        t("open_data_sources", lang, sources=sources),
        t("open_data_synthetic", lang),
    ]
    if public:
        lines.append(t("open_data_suppressed", lang))
    if lossy:
        lines.append(t("open_data_lossy", lang, cells=lossy))
    lines += ["", t("open_data_files", lang)]
    return "\n".join(lines) + "\n"


def package(
    frame: pd.DataFrame, file_name: str, lang: str, sources: str, public: bool, today: dt.date | None = None
) -> bytes:
    """ZIP: the CSV in UTF-8 (BOM) and in Shift_JIS, the data dictionary (CSV) and README.txt."""
    stem = file_name.removesuffix(".csv")
    lossy = lossy_cells(frame)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.csv", csv_bytes(frame))
        archive.writestr(f"{stem}_sjis.csv", csv_bytes(frame, "cp932"))
        archive.writestr(f"{stem}_dictionary.csv", csv_bytes(data_dictionary(frame, lang)))
        archive.writestr(
            "README.txt",
            readme(file_name, len(frame), lang, sources, public, lossy, today or dt.date.today()).encode("utf-8-sig"),
        )
    return buffer.getvalue()

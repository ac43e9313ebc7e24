"""Open-data downloads: what a view shows as CSV (UTF-8 with BOM, or Shift_JIS for older Excel) and a ZIP with
the CSV, its data dictionary and the terms of use (CC BY 4.0 for this compilation, with the sources' credits).

Pure functions (no Streamlit): widgets.csv_download puts them behind buttons.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd

from core.i18n import catalogue, has, t

# Characters that Shift_JIS (cp932) lacks, written as the nearest character it has; anything else it cannot
# hold becomes "?" and the README of the ZIP says how many cells were changed.
_CP932_SUBSTITUTES = str.maketrans({"—": "―", "–": "－", "−": "－", "〜": "～", "·": "・", "•": "・", "\u00a0": " "})


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8-sig") -> bytes:
    """The table as CSV: "utf-8-sig" (Excel opens it by double click) or "cp932" (Shift_JIS). Whole numbers
    stored as floats (a count column with a gap) are written without ".0", as the screen shows them."""
    text = _whole_numbers(frame).to_csv(index=False)
    if encoding == "cp932":
        return text.translate(_CP932_SUBSTITUTES).encode("cp932", errors="replace")
    return text.encode(encoding)


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

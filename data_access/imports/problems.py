"""What an import reports: problems located as in Excel (file, sheet, row, column), worded from the catalogue so
that an official in English mode reads English and the CLI prints Japanese.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.i18n import t

MAX_SHOWN_VALUE = 80  # characters of a cell quoted in a message (an unclosed quote can swallow a whole file)


@dataclass(frozen=True)
class Label:
    """A column as the official knows it, in both languages (a header as written in the file has one spelling)."""

    ja: str
    en: str

    @classmethod
    def of(cls, text: str) -> Label:
        return cls(text, text)

    def text(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class Problem:
    """One thing the official must fix; `key` and `values` name the reason in the catalogue (import_problem_*)."""

    file: str
    sheet: str
    row: int | None  # as Excel numbers it (the header is row 1 unless blank lines precede it)
    column: Label | None
    value: str
    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def reason(self, lang: str = "ja") -> str:
        return t(f"import_problem_{self.key}", lang, **self.values)

    def shown_value(self) -> str:
        return visible(self.value)

    def text(self, lang: str = "ja") -> str:
        """One line: a.csv シート「データ」4行目「新規」: 整数で入力してください。（値: 1.5）"""
        parts = {
            "sheet": t("import_where_sheet", lang, sheet=self.sheet) if self.sheet else "",
            "row": t("import_where_row", lang, row=self.row) if self.row else "",
            "column": t("import_where_column", lang, column=self.column.text(lang)) if self.column else "",
        }
        where = t("import_where", lang, **parts).strip() if any(parts.values()) else ""
        value = t("import_value", lang, value=self.shown_value()) if self.value else ""
        if not where:
            return t("import_problem_line_file", lang, file=self.file, reason=self.reason(lang), value=value)
        return t("import_problem_line", lang, file=self.file, where=where, reason=self.reason(lang), value=value)

    def __str__(self) -> str:
        return self.text("ja")


@functools.cache
def invisible() -> re.Pattern[str]:
    """The characters a reader cannot see in a cell: controls (tab and line breaks too), format characters (BOM,
    zero-width space, direction marks), private use and unassigned code points. Built once, when first needed."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def visible(value: str) -> str:
    """A cell as quoted in a message: invisible characters written as ⟨U+200B⟩, long values cut with their length."""
    shown = invisible().sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", value)
    if len(shown) > MAX_SHOWN_VALUE:
        shown = f"{shown[:MAX_SHOWN_VALUE]}…（{len(value):,}）"
    return shown


class Rejected(Exception):
    """The file cannot be read at all (or costs more than an import may): carries the one problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text("ja"))
        self.problem = problem

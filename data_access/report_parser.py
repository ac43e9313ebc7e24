"""Parser for compilations of model-project reports (モデル事業 実施報告), plain text extracted from PDF.

Each report holds a header (都道府県名 / 市区町村名 and ○ marks for the programmes), a basic-facts table
(１－１．自治体の基本情報) and free text; the consultation and outcome figures of the free text are read by
data_access.report_outcomes. All searching happens on a length-preserving normalised copy of each line, so
positions map back to the source for quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data_access.master import code_by_name
from data_access.report_outcomes import read_outcomes
from data_access.report_text import NUM, normalize, parse_number

ENCODINGS = ("utf-8-sig", "cp932")

MARKS = "○〇◯"
# The 都道府県事業 column exists only in some templates; without it "prefectural" stays None.
PROGRAM_LABELS = (
    ("chiiki_ryoku", "地域力強化推進事業"),
    ("takikan", "包括的支援体制構築事業"),
    ("prefectural", "都道府県事業"),
)
REPORT_ANCHOR = "自治体の基本情報等"
HEADER = re.compile(r"都道府県名\s*(?P<pref>\S+)\s*市区町村名\s*(?P<muni>.*)$")
NO_MUNICIPALITY = {"", "-", "―", "ー", "なし"}


def read_lines(path: str | Path) -> list[str]:
    """Lines of the file, decoded as UTF-8 (with or without BOM) or else Shift_JIS/CP932."""
    raw = Path(path).read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise ValueError(f"文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）: {path}")


# --------------------------------------------------------------------------------------------- basic facts


@dataclass(frozen=True)
class Fact:
    value: int | float
    line: int  # 1-based line in the file
    unit: str | None = None


_BASIC_LABELS = {
    "population": "人口",
    "households": "世帯数",
    "aging_rate_pct": "高齢化率",
    "welfare_rate": "生活保護受給率",
    "area_km2": "面積",
    "neighborhood_assoc_rate_pct": "加入率",
    "elementary_schools": "小学校数",
    "junior_high_schools": "中学校数",
    "houkatsu": "地域包括支援センター",
    "end": "生活困窮者",  # the row after the centres: a boundary, not a fact
}
_BASIC_UNITS = {
    "population": r"人",
    "households": r"世帯",
    "aging_rate_pct": r"%",
    "welfare_rate": r"%|‰",
    "area_km2": r"k\s*㎡|㎢|km",
    "neighborhood_assoc_rate_pct": r"%",
    "elementary_schools": r"校",
    "junior_high_schools": r"校",
}
# What may stand between a label and its number: a date in brackets, "県：", 約, a ※ mark.
_BASIC_FILLER = r"(?:\s|:|県|約|※|\((?:H|平成)[^()]*\))*"
_CENTER = r"(?P<n>\d+|なし)\s*(?:[かヶヵカ箇ケ]\s*所)?"
_HOUKATSU = {
    "houkatsu_centers_direct": re.compile(r"直営(?:のみ|\([^()]*\))?\s*:?\s*" + _CENTER),
    "houkatsu_centers_outsourced": re.compile(r"委託(?:のみ|\([^()]*\))?\s*:?\s*" + _CENTER),
}


def _basic_block(lines: list[str], anchor: int, end: int) -> tuple[str, list[int]]:
    """Text of the basic-facts table (normalised, lines joined) and the start offset of each line."""
    text, offsets = "", []
    for i in range(anchor + 1, end):
        line = normalize(lines[i])
        if "１－２" in lines[i] or "地域の特徴" in line or line.strip().startswith("2."):
            break
        if "記入例" in line:
            line = " " * len(line)
        offsets.append(len(text))
        text += line + "\n"
    return text, offsets


def _line_at(offsets: list[int], pos: int, first_line: int) -> int:
    index = max(i for i, start in enumerate(offsets) if start <= pos)
    return first_line + index


def parse_basic_facts(lines: list[str], anchor: int, end: int) -> dict[str, Fact | None]:
    """Basic facts of the report whose 基本情報 heading is at 0-based `anchor`, each with its line.

    Each label's value is the first number after it, before the next label, and it must carry the
    field's unit; a blank, －, 不明 or 未集計 leaves the field None. When a prefecture lists itself and
    municipalities (県：…, 村：…) the first value, the prefecture's, is taken.
    """
    text, offsets = _basic_block(lines, anchor, end)
    first_line = anchor + 2
    positions = {}
    for field, label in _BASIC_LABELS.items():
        found = re.search(label, text)
        if found:
            positions[field] = found
    bounds = sorted(m.start() for m in positions.values()) + [len(text)]
    facts: dict[str, Fact | None] = {}
    for field, unit in _BASIC_UNITS.items():
        facts[field] = None
        label = positions.get(field)
        if not label:
            continue
        segment_end = min(b for b in bounds if b > label.start())
        segment = text[label.end() : segment_end]
        found = re.match(rf"{_BASIC_FILLER}(?P<num>{NUM})\s*[※*]?\s*\(?\s*(?P<unit>{unit})", segment)
        value = parse_number(found["num"]) if found else None
        if value is not None:
            line = _line_at(offsets, label.end() + found.start("num"), first_line)
            facts[field] = Fact(value, line, found["unit"])
    houkatsu = positions.get("houkatsu")
    for field, pattern in _HOUKATSU.items():
        facts[field] = None
        if not houkatsu:
            continue
        segment_end = min(b for b in bounds if b > houkatsu.start())
        segment = text[houkatsu.end() : segment_end]
        if "直営・委託なし" in segment:
            pos = houkatsu.end() + segment.index("直営・委託なし")
            facts[field] = Fact(0, _line_at(offsets, pos, first_line))
            continue
        found = pattern.search(segment)
        if found:
            value = 0 if found["n"] == "なし" else int(found["n"])
            facts[field] = Fact(value, _line_at(offsets, houkatsu.end() + found.start("n"), first_line))
    return facts


def _basic_dict(facts: dict[str, Fact | None]) -> dict:
    def value(field: str):
        fact = facts[field]
        return fact.value if fact else None

    welfare = facts["welfare_rate"]
    return {
        "population": value("population"),
        "households": value("households"),
        "aging_rate_pct": value("aging_rate_pct"),
        "welfare_rate": {"value": welfare.value, "unit": welfare.unit} if welfare else None,
        "area_km2": value("area_km2"),
        "neighborhood_assoc_rate_pct": value("neighborhood_assoc_rate_pct"),
        "elementary_schools": value("elementary_schools"),
        "junior_high_schools": value("junior_high_schools"),
        "houkatsu_centers_direct": value("houkatsu_centers_direct"),
        "houkatsu_centers_outsourced": value("houkatsu_centers_outsourced"),
    }


# ----------------------------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class _Bounds:
    start: int  # 0-based first line of the report
    header: int | None  # 0-based line of 都道府県名 … 市区町村名
    anchor: int  # 0-based line of 自治体の基本情報等
    end: int  # 0-based, exclusive


def _report_bounds(lines: list[str]) -> list[_Bounds]:
    anchors = [i for i, line in enumerate(lines) if REPORT_ANCHOR in line]
    bounds: list[_Bounds] = []
    previous = 0
    for anchor in anchors:
        headers = [i for i in range(previous, anchor) if HEADER.search(lines[i].strip())]
        header = headers[-1] if headers else None
        start = anchor if header is None else _title_line(lines, header, previous)
        bounds.append(_Bounds(start, header, anchor, len(lines)))
        previous = anchor + 1
    return [
        _Bounds(b.start, b.header, b.anchor, bounds[n + 1].start if n + 1 < len(bounds) else len(lines))
        for n, b in enumerate(bounds)
    ]


def _title_line(lines: list[str], header: int, floor: int) -> int:
    """The page title ("北海道 釧路市") just above the header belongs to the report."""
    prefecture = HEADER.search(lines[header].strip())["pref"]
    i = header - 1
    while i > floor and not lines[i].strip():
        i -= 1
    title = lines[i].strip()
    return i if i > floor and title.startswith(prefecture) and len(title) < 30 else header


def _name_key(name: str) -> str:
    """Spelling variants seen in documents: ケ/ヶ/ヵ, 鯵/鰺."""
    return re.sub(r"[ケヵ]", "ヶ", name).replace("鯵", "鰺")


@cache
def _codes_lookup() -> dict[tuple[str, str], str]:
    return {(pref, _name_key(name)): code for (pref, name), code in code_by_name().items()}


def _resolve_header(prefecture: str, written: str) -> tuple[str | None, list[str]]:
    """Municipality label and codes from the 市区町村名 cell; names in brackets are the towns covered."""
    written = written.strip()
    if normalize(written) in NO_MUNICIPALITY:
        return None, []
    lookup = _codes_lookup()
    inside = re.search(r"[（(](?P<names>[^）)]+)[）)]", written)
    names = re.split(r"[、,，・\s]+", inside["names"]) if inside else [written]
    codes = [lookup[(prefecture, _name_key(n))] for n in names if (prefecture, _name_key(n)) in lookup]
    label = (written[: inside.start()].strip() or written) if inside else written
    return label, codes


def _infer_municipality(
    lines: list[str], bounds: _Bounds, next_prefecture: str | None
) -> tuple[str | None, str | None]:
    """A report without a header (the first page of a compilation) is named by the municipality it
    mentions most; among same-named ones the prefecture of the following report wins."""
    text = "\n".join(lines[bounds.start : bounds.end])
    counts: dict[tuple[str, str], int] = {}
    for prefecture, name in code_by_name():
        if len(name) >= 3 and name in text:
            counts[(prefecture, name)] = text.count(name)
    if not counts:
        return None, None
    best = max(counts.values())
    leaders = [key for key, count in counts.items() if count == best]
    if len(leaders) > 1:
        leaders = [key for key in leaders if key[0] == next_prefecture]
    return leaders[0] if len(leaders) == 1 else (None, None)


def _places(prefecture: str | None, codes: list[str], scope: str) -> dict[str, str]:
    """Names a figure may be attached to, with their codes: the towns of a multi-municipality report, every
    municipality of the prefecture in a prefecture's report, none for a single municipality."""
    if scope == "municipality" or prefecture is None:
        return {}
    names = {code: name for (pref, name), code in code_by_name().items() if pref == prefecture}
    return {names[code]: code for code in codes} if scope == "multi_municipality" else {n: c for c, n in names.items()}


def _program_marks(lines: list[str], header: int | None, anchor: int) -> dict[str, int | None]:
    """1-based line of the ○ to the right of each programme label in the 実施事業 cell (None: no mark);
    empty when the report has no header or no marks at all."""
    if header is None:
        return {}
    text = "\n".join(lines[header:anchor])
    start = text.find("実施事業")
    stop = text.find("※実施している", start)
    cell = text[start : stop if stop > 0 else len(text)]
    if start < 0 or not any(mark in cell for mark in MARKS):
        return {}
    found = [(key, cell.find(label) + len(label)) for key, label in PROGRAM_LABELS if label in cell]
    starts = sorted(cell.find(label) for _key, label in PROGRAM_LABELS if label in cell) + [len(cell)]
    marks: dict[str, int | None] = {}
    for key, after in found:
        until = min(s for s in starts if s >= after)
        positions = [after + i for i, char in enumerate(cell[after:until]) if char in MARKS]
        marks[key] = header + 1 + text.count("\n", 0, start + positions[0]) if positions else None
    return marks


def parse_programs(lines: list[str], header: int | None, anchor: int) -> dict[str, bool | None]:
    """○ marks to the right of each programme in the 実施事業 cell; None when the report has no marks."""
    programs: dict[str, bool | None] = {"chiiki_ryoku": None, "takikan": None, "prefectural": None}
    for key, line in _program_marks(lines, header, anchor).items():
        programs[key] = line is not None
    return programs


def parse_reports(lines: list[str], source: str = "<text>", fiscal_year: int | None = None) -> list[dict]:
    """Reports found in the lines of a compilation; ValueError when there are none.

    Figures are dated in `fiscal_year`, by default the year the compilation names most often; a
    compilation naming no year is refused, since a period such as "2月末現在" means nothing without it.
    """
    all_bounds = _report_bounds(lines)
    if not all_bounds:
        raise ValueError(f"報告書が見つかりません（「{REPORT_ANCHOR}」の見出しがありません）: {source}")
    fiscal_year = fiscal_year or stated_fiscal_year(lines)
    if fiscal_year is None:
        raise ValueError(f"報告書の年度を判別できません（「平成30年度」などの記載がありません）: {source}")
    headers = [HEADER.search(lines[b.header].strip()) if b.header is not None else None for b in all_bounds]
    reports = []
    for n, bounds in enumerate(all_bounds):
        header = headers[n]
        if header:
            prefecture = header["pref"]
            municipality, codes = _resolve_header(prefecture, header["muni"])
        else:
            following = next((h["pref"] for h in headers[n + 1 :] if h), None)
            prefecture, municipality = _infer_municipality(lines, bounds, following)
            key = (prefecture, municipality)
            codes = [code_by_name()[key]] if key in code_by_name() else []
        programs = parse_programs(lines, bounds.header, bounds.anchor)
        if municipality is None or programs["prefectural"]:
            scope, municipality, codes = "prefecture", None, []
        else:
            scope = "multi_municipality" if len(codes) > 1 else "municipality"
        places = _places(prefecture, codes, scope)
        outcomes = [o.as_dict() for o in read_outcomes(lines, bounds.anchor, bounds.end, fiscal_year, places)]
        for outcome in outcomes:
            outcome["place_code"] = places.get(outcome["place"])
        reports.append(
            {
                "report_index": n + 1,
                "start_line": bounds.start + 1,
                "prefecture": prefecture,
                "municipality": municipality,
                "municipality_codes": codes,
                "scope": scope,
                "programs": programs,
                "basic": _basic_dict(parse_basic_facts(lines, bounds.anchor, bounds.end)),
                "outcomes": outcomes,
            }
        )
    return reports


def parse_report_file(path: str | Path, fiscal_year: int | None = None) -> list[dict]:
    """One dict per report in file order (see parse_reports). Missing file: FileNotFoundError."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"ファイルが見つかりません: {path}")
    return parse_reports(read_lines(path), source=str(path), fiscal_year=fiscal_year)


# ------------------------------------------------------------------------------------------- provenance


@dataclass(frozen=True)
class ReportLines:
    """Where parse_reports found a report's basic facts and programme marks (1-based lines), for sources."""

    basic: dict[str, Fact | None]  # parse_basic_facts fields, each with its line
    program_marks: dict[str, int]  # programme key -> line of its ○


def parse_report_lines(lines: list[str]) -> list[ReportLines]:
    """Provenance of each report, in the order and numbering of parse_reports."""
    return [
        ReportLines(
            basic=parse_basic_facts(lines, b.anchor, b.end),
            program_marks={k: v for k, v in _program_marks(lines, b.header, b.anchor).items() if v is not None},
        )
        for b in _report_bounds(lines)
    ]


_FISCAL_YEAR = re.compile(r"(令和|平成|R|H)\s?(\d{1,2}|元)\s?年度")


def stated_fiscal_year(lines: list[str]) -> int | None:
    """The fiscal year a compilation is about: the 和暦 年度 it names most often (平成30年度 -> 2018).

    None when it names none; a tie between years is not resolved by guessing either.
    """
    counts: dict[int, int] = {}
    for line in lines:
        for era, year in _FISCAL_YEAR.findall(normalize(line)):
            western = (2018 if era in ("令和", "R") else 1988) + (1 if year == "元" else int(year))
            counts[western] = counts.get(western, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    leaders = [year for year, count in counts.items() if count == best]
    return leaders[0] if len(leaders) == 1 else None

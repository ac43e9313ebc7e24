"""Parser for compilations of model-project reports (モデル事業 実施報告), plain text extracted from PDF.

Each report holds a header (都道府県名 / 市区町村名 and ○ marks for the programmes), a basic-facts table
(１－１．自治体の基本情報) and free text; numeric outcomes are read only from the section
成果目標の達成状況, with a whitelist of phrasings, because a false outcome is worse than a missed one.
All searching happens on a length-preserving normalised copy of each line, so positions map back to the
source for quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data_access.master import code_by_name

ENCODINGS = ("utf-8-sig", "cp932")

# One character in, one character out: positions in the normalised text are positions in the source.
_HALF_WIDTH = str.maketrans(
    "０１２３４５６７８９，．：％（）［］－＊　〜～",
    "0123456789,.:%()[]-* ~~",
)
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

# A number as printed: digits with either comma width, a decimal point, single spaces or line breaks
# between the pieces (PDF extraction splits them).
NUM = r"\d(?:\s?[\d,.])*"
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_RANGE = re.compile(r"\d\s*[~～〜\-－ー]\s*\d")
_FOOTNOTE_SUFFIX = re.compile(r"(?:[※*＊]\d*|\(注\d*\)|（注\d*）)$")


def normalize(text: str) -> str:
    """Full-width digits and punctuation to ASCII, keeping the length (so offsets stay valid)."""
    return text.translate(_HALF_WIDTH)


def parse_number(text: str) -> int | float | None:
    """Value of one printed number, or None when it is not a single well-formed number.

    Handles full-width digits, both comma widths, spaces and line breaks inside the number, 約 and
    footnote marks (※, *1). A range (10～20) has no single value and a misplaced comma (389,0606) is a
    typo that cannot be resolved, so both give None rather than a guess.
    """
    token = normalize(text).strip()
    if _RANGE.search(token):
        return None
    token = re.sub(r"^(?:約|※|\*)\s*", "", token)
    token = _FOOTNOTE_SUFFIX.sub("", token).strip()
    token = re.sub(r"\s+", "", token).rstrip(",.")
    if not _PLAIN_NUMBER.fullmatch(token):
        return None
    token = token.replace(",", "")
    return float(token) if "." in token else int(token)


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


# ---------------------------------------------------------------------------------------------- outcomes

COUNT_UNIT = r"件|世帯|人|回"
PERIOD = (
    r"(?:H\d+\.\d+\.\d+|\d{1,2}\s?月\s?(?:\d{1,2}\s?日|末日?)?)\s?(?:現在|時点|まで)"
    r"|\d{1,2}\s?月\s?末"
    r"|(?:平成\s?)?\d+\s?年\s?\d{1,2}\s?月\s?~\s?(?:平成\s?)?\d+\s?年\s?\d{1,2}\s?月"
)
_PERIOD_RE = re.compile(PERIOD)
_PAREN = r"\([^()件%]{0,30}\)"
# Words allowed between a metric phrase and its number; anything else (月平均, あたり, CSW…) breaks the link.
_FILLER = (
    rf"(?:\s|[:は、がで]|合計|累計|計|実績|結果|述べ|延べ|のべ|新規|約|(?:成果)?目標(?:値)?の?|{PERIOD}|{_PAREN})*?"
)

METRIC_PHRASES: tuple[tuple[str, str, str], ...] = (
    # (metric, phrase before the number, allowed units)
    ("consultations_complex", r"複合[^。、,()]{0,20}?相談(?:受付|受理|対応)?件数", COUNT_UNIT),
    ("closure_rate_pct", r"終結率", r"%"),
    (
        "closures",
        r"終結(?:件数|案件|数|(?:と|に)(?:なった|至った)(?:件数|案件|ケース)|した件数)|支援の終結",
        COUNT_UNIT,
    ),
    ("referrals", r"(?<!または)(?<!解決)(?:つな|繋)(?:いだ|げた)(?:件数)?", COUNT_UNIT),
    ("ongoing", r"(?<!前年度)継続(?:支援)?(?:件数|案件)|支援中(?:の件数)?", COUNT_UNIT),
    (
        "consultations",
        r"(?:新規|総合)?相談(?:受付|受理|対応)?(?:件数|実績|案件)|相談支援\s?新規",
        COUNT_UNIT,
    ),
    ("consultations", r"相談", r"件"),
)
# Between a target and its result in "20件 12月現在 53件", "24件以上⇒新規 26件", "目標 100件 実績 423件".
_CONNECTOR = rf"(?:以上|以下)?\s*(?:⇒|→|に対し(?:て)?)?\s*(?:{PERIOD}|実績|結果|新規|[:\s])*"
_PAIR_MARKER = re.compile(rf"⇒|→|に対し|実績|結果|{PERIOD}")
FORWARD_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (
        metric,
        re.compile(
            rf"(?P<kw>{phrase})(?P<gap>{_FILLER})(?P<num>{NUM})\s?[※*]?\s?(?P<unit>{units})"
            rf"(?:(?P<connector>{_CONNECTOR})(?P<num2>{NUM})\s?(?P=unit))?"
        ),
    )
    for metric, phrase, units in METRIC_PHRASES
)
# "N件の相談", "N件が終結": the number comes first.
REVERSED_PHRASES: tuple[tuple[str, re.Pattern], ...] = (
    ("consultations", re.compile(rf"(?P<num>{NUM})\s?(?P<unit>件)の相談")),
    (
        "closures",
        re.compile(rf"(?P<num>{NUM})\s?(?P<unit>{COUNT_UNIT})(?:{_PAREN})?が[^。、\d]{{0,12}}終結"),
    ),
)
# "316件（成果目標 330件）", "27件であり、目標の 60件には": a target stated just after the result.
_AFTER_RESULT_TARGET = re.compile(
    rf"^[^。]{{0,12}}?(?:\(|、)?\s*(?:成果)?目標(?:値)?の?\s*(?P<num>{NUM})\s?(?P<unit>{COUNT_UNIT}|%)"
)
_CLOSURE_RATE_AFTER = re.compile(rf"\s?\((?P<num>{NUM})\s?%\)")
_MILESTONE = re.compile(r"\s?(?:に達し|について)")  # "100件に達し": when a target was reached, not a total
_REFERENCE_VALUE = re.compile(r"参考")
_LEADING_NUMBER = re.compile(rf"\s*[・\s]*(?:⇒|→)\s*(?:実績|結果)?[:\s]*(?P<num>{NUM})\s?(?P<unit>%|{COUNT_UNIT})")
_RESULT_LEAD = re.compile(r"^\s*[・\s]*(?:⇒|→|結果|実績)")
_TARGET_LEAD = re.compile(r"^\s*[・\s]*(?:成果目標|目標)")
_FAMILY = {"consultations_complex": "consultations"}


@dataclass
class Outcome:
    metric: str
    value: int | float
    target: int | float | None
    unit: str
    period_note: str | None
    source_line: int
    quote: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class _Match:
    metric: str
    value: int | float
    unit: str
    start: int  # where the quote starts
    end: int
    is_target: bool
    target: int | float | None = None


def _period_note(original: str) -> str | None:
    """The partial period as written ("2月末現在"), digits made half-width and spaces dropped."""
    found = _PERIOD_RE.search(normalize(original))
    if not found:
        return None
    return re.sub(r"\s", "", normalize(original[found.start() : found.end()]).replace("~", "～"))


def _quote(original: str, start: int, end: int) -> str:
    return original[max(start, end - 60) : end].strip()


def _forward_matches(text: str) -> Iterator[_Match]:
    """Metric phrase, filler, number and unit; with an optional target stated next to the result."""
    taken: list[tuple[int, int]] = []
    for metric, pattern in FORWARD_PATTERNS:
        for found in pattern.finditer(text):
            span = (found.start(), found.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            if _MILESTONE.match(text, found.end()) and not found["num2"]:
                continue
            first = parse_number(found["num"])
            if first is None:
                continue
            taken.append(span)
            stated_target = "目標" in found["gap"]
            second = parse_number(found["num2"]) if found["num2"] else None
            paired = second is not None and (stated_target or _PAIR_MARKER.search(found["connector"]))
            if paired:
                yield _Match(metric, second, found["unit"], found.start(), found.end(), False, first)
                continue
            end = found.start("num2") if found["num2"] else found.end()
            target = None
            after = _AFTER_RESULT_TARGET.match(text[end:])
            if after and after["unit"] == found["unit"] and not stated_target:
                target = parse_number(after["num"])
            yield _Match(metric, first, found["unit"], found.start(), end, stated_target, target)
            if metric == "closures":
                rate = _CLOSURE_RATE_AFTER.match(text, end)
                if rate and parse_number(rate["num"]) is not None:
                    yield _Match("closure_rate_pct", parse_number(rate["num"]), "%", found.start(), rate.end(), False)


def _reversed_matches(text: str) -> Iterator[_Match]:
    for metric, pattern in REVERSED_PHRASES:
        for found in pattern.finditer(text):
            value = parse_number(found["num"])
            if value is not None:
                yield _Match(metric, value, found["unit"], max(0, found.start() - 20), found.end(), False)


def _line_matches(text: str) -> list[_Match]:
    forward = list(_forward_matches(text))
    spans = [(m.start, m.end) for m in forward]
    reversed_ = [m for m in _reversed_matches(text) if not any(s <= m.end - 1 < e for s, e in spans)]
    return sorted(forward + reversed_, key=lambda m: m.end)


def _leading_result(text: str, targets: list[_Match]) -> _Match | None:
    """A bare "⇒31.5%" under a target line is the result of the only target with that unit."""
    found = _LEADING_NUMBER.match(text)
    if not found:
        return None
    candidates = [t for t in targets if t.unit == found["unit"]]
    value = parse_number(found["num"])
    if len(candidates) != 1 or value is None:
        return None
    target = candidates[0]
    return _Match(target.metric, value, target.unit, 0, found.end(), False, target.value)


def _take_target(result: _Match, targets: list[_Match]) -> int | float | None:
    """Use up the first target of the same kind (相談件数 and 複合的な…相談件数 count alike)."""
    family = _FAMILY.get(result.metric, result.metric)
    for candidate in targets:
        if _FAMILY.get(candidate.metric, candidate.metric) == family and candidate.unit == result.unit:
            targets.remove(candidate)
            return candidate.value
    return None


def parse_outcomes(lines: list[str], section_start: int, end: int) -> list[Outcome]:
    """Outcomes stated in 成果目標の達成状況 (0-based lines section_start..end-1)."""
    outcomes: list[Outcome] = []
    seen: set[tuple] = set()
    content = [i for i in range(section_start, end) if lines[i].strip()]
    pending_targets: list[_Match] = []
    sentence_so_far = ""  # the unfinished sentence of the previous line: "参考値として" may start there
    for position, i in enumerate(content):
        original, text = lines[i], normalize(lines[i])
        carried, sentence_so_far = sentence_so_far, text.rsplit("。", 1)[-1]
        if _REFERENCE_VALUE.search(carried + text):
            pending_targets = []
            continue
        following = normalize(lines[content[position + 1]]) if position + 1 < len(content) else ""
        matches = _line_matches(text)
        if _TARGET_LEAD.match(text) or _RESULT_LEAD.match(following):
            pending_targets = matches
            continue
        results = [m for m in matches if not m.is_target]
        stated_targets = [m for m in matches if m.is_target]
        if _RESULT_LEAD.match(text) and pending_targets:
            leading = _leading_result(text, pending_targets)
            if leading and not any(m.start <= leading.end and leading.start < m.end for m in results):
                results.insert(0, leading)
                pending_targets = [t for t in pending_targets if t.metric != leading.metric]
        for result in results:
            target = result.target
            if target is None:
                target = _take_target(result, stated_targets)
            if target is None:
                target = _take_target(result, pending_targets)
            key = (result.metric, result.value, result.unit)
            if key in seen:
                continue
            seen.add(key)
            outcomes.append(
                Outcome(
                    metric=result.metric,
                    value=result.value,
                    target=target,
                    unit=result.unit,
                    period_note=_period_note(original),
                    source_line=i + 1,
                    quote=_quote(original, result.start, result.end),
                )
            )
        pending_targets = []
    return outcomes


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


def parse_reports(lines: list[str], source: str = "<text>") -> list[dict]:
    """Reports found in the lines of a compilation; ValueError when there are none."""
    all_bounds = _report_bounds(lines)
    if not all_bounds:
        raise ValueError(f"報告書が見つかりません（「{REPORT_ANCHOR}」の見出しがありません）: {source}")
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
        section = next((i for i in range(bounds.anchor, bounds.end) if "成果目標の達成状況" in lines[i]), None)
        outcomes = parse_outcomes(lines, section + 1, bounds.end) if section is not None else []
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
                "outcomes": [o.as_dict() for o in outcomes],
            }
        )
    return reports


def parse_report_file(path: str | Path) -> list[dict]:
    """One dict per report in file order (see parse_reports). Missing file: FileNotFoundError."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"ファイルが見つかりません: {path}")
    return parse_reports(read_lines(path), source=str(path))


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

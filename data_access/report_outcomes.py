"""Consultation and outcome figures in the free text of model-project reports, with unit, basis, period and target.

A municipality writes its figures in many ways: a table row (相談件数 ７５件（成果目標６９件）), a target and
its result on two lines (成果目標：… / 結果：…), a narrative (…に１１件受け付け, １３６人中９１人), a total with
its breakdown (A 912 件 + B 61 件 計 973 件, 内訳：北東エリア４３件…). The reader follows these phrasing kinds,
never a particular report:

1. The PDF lines of a report are joined back into items (a bullet, a table row, a wrapped paragraph) and
   sentences, keeping the source line of every character.
2. Every number with a count unit (件, 世帯, 人/名, 回, %) is a token; tokens that are not counts (月平均,
   あたり, ranges, operands of ×, 程度 expectations, "100件に達し" milestones) are dropped.
3. A token gets its metric from the phrase before it (相談件数, 終結率, つないだ件数…) when only filler stands
   between them, or from the words after it (…件の相談があった, …件が終結した), or from its place: the result
   line under a target line, a bare number under its label, a part of a total.
4. Targets are told from results (目標, ⇒, 以上, 「…を目標とする」, the plan's 事業の成果目標 blocks) and each
   result is linked to the target it answers: on its line, on the line above, earlier in its paragraph, or in
   the plan of the same programme.
5. Breakdowns are found by their sum (parts that add up exactly to a total next to them), so that a total
   and its parts are never counted twice; a figure stated again later is linked to its first statement.
6. The period (2月末現在, 平成30年4月～11月分, a heading's 時点 for its block) and the fiscal year (平成28年度は…)
   are kept, so that a partial year is never pooled with a full one.

Before 成果目標の達成状況 only figures that the text marks as actual (実績, an earlier fiscal year) are results;
everything else there is a plan. Each figure carries a confidence so that a reviewer can accept the clear ones
at once and look closely at the rest.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from data_access.japanese_dates import fiscal_year_end, fiscal_year_of
from data_access.report_text import NUM, normalize, parse_number

RESULTS_HEADING = "成果目標の達成状況"
HIGH_CONFIDENCE = 0.8

# metric -> the family whose targets it may answer (相談件数 answers 複合的な…相談件数's target and takes its name)
FAMILY = {"consultations_complex": "consultations", "consultations_continuing": "consultations"}

# ------------------------------------------------------------------------------------------------ phrases

_NOT_PUNCT = r"[^。、,()\d]"
# (metric, pattern, strong): a strong phrase names a count; a weak one (相談, 対応) names the activity only
PHRASES: tuple[tuple[str, str, bool], ...] = (
    (
        "consultations_complex",
        rf"(?:複合|複数の課題){_NOT_PUNCT}{{0,22}}?(?:相談|ケース|世帯)(?:{_NOT_PUNCT}{{0,8}}?(?:件数|数|新規|相談)|(?=\s?[はが]))",
        True,
    ),
    ("consultations_complex", rf"多機関と協働{_NOT_PUNCT}{{0,20}}?件数", True),
    ("consultations_continuing", r"前年度(?:から)?の?継続(?:案件|件数|ケース)", True),
    ("closure_rate_pct", r"(?:支援の)?終結率|解決率|(?:問題|課題)?解決に至った割合", True),
    ("closures", r"解決数?または(?:つな|繋)いだ件数", True),
    (
        "closures",
        r"終結(?:件数|案件|数|した件数|ケース数?)|終結(?:と|に)(?:なった|至った)(?:件数|案件|ケース数?)"
        r"|支援の終結(?:件数)?|支援終了",
        True,
    ),
    (
        "closures",
        r"解決(?:・調整)?件数|解決数|(?:課題|問題)の?解決に(?:つながった|至った)(?:件数|ケース数?)|課題解決",
        True,
    ),
    ("referrals", r"(?<!または)(?:つな|繋)(?:いだ|げた)(?:件数|もの)?|引き継いだ(?:件数|もの)?", True),
    (
        "ongoing",
        r"継続支援中?の?(?:件数|ケース数?)?|支援中(?:の件数)?|(?<!前年度)(?<!から)(?<!の)継続(?:案件|件数)"
        r"|(?:支援|相談)を?継続(?:して)?(?:いる|中)の?(?:件数|ケース数?|世帯数?)|解決(?:まで)?に至らない[^。]{0,40}?件数",
        True,
    ),
    (
        "consultations",
        r"(?:新規|総合)?相談(?:受付|受理|対応|調整)?(?:件数|案件)(?:実績)?|相談実績|相談者数|相談支援\s?新規|相談支援回数"
        r"|(?:対応|支援|ケース|行動)件数|面接世帯数|(?:延べ|のべ)?(?:相談|支援|対応)(?:支援|対応)?の?(?:延べ|のべ)?回数",
        True,
    ),
    ("consultations", r"相談(?:対応|受付)?", False),
    ("consultations", r"対応", False),  # only before ":" or "⇒": 対応：のべ 7 件, …の対応（…）⇒ 4 件
)
_PHRASES = tuple((metric, re.compile(pattern), strong) for metric, pattern, strong in PHRASES)

# ------------------------------------------------------------------------------------------ dates, periods

_D2 = r"\d(?:\s?\d)?"  # one or two digits, possibly split by a PDF line break (１\n２月)
_ERA = r"(?:平成|令和|H|R)"
_YEAR = rf"(?:{_ERA}\s?)?{_D2}\s?(?:\(\s?\d{{4}}\s?\)\s?)?年\s?"
_MONTH = rf"{_D2}\s?月"
_DATE = rf"(?:{_YEAR})?{_MONTH}"
_POINT = (
    rf"(?:{_ERA}\s?\d{{1,2}}\.\d{{1,2}}\.\d{{1,2}}\s?(?:現在|時点)?"
    rf"|{_DATE}\s?(?:{_D2}\s?日|末日?)?\s?(?:現在|時点|まで)|{_DATE}\s?末日?)"
)
_RANGE = rf"{_DATE}\s?[~\-]\s?{_DATE}(?:\s?分)?"
PERIOD = rf"(?:{_RANGE}|{_POINT})"
_PERIOD_RE = re.compile(PERIOD)
_MONTH_IN = re.compile(rf"(?<![\d年])({_MONTH})に\s?$")  # "４月に１１件": a figure for one month
_FY = rf"(?:{_ERA}\s?(?:\d{{1,2}}|元)|\d{{4}})\s?年度"
_FY_RE = re.compile(rf"({_ERA})?\s?(\d{{1,2}}|元|\d{{4}})\s?年度")

_ERA_OFFSET = {"平成": 1988, "H": 1988, "令和": 2018, "R": 2018}


def _era_year(era: str | None, year: int, fiscal_year: int) -> int:
    """Western year of a printed year; a year without era is the era that puts it near the fiscal year."""
    if year > 1900:
        return year
    if era:
        return _ERA_OFFSET[era] + year
    return min((offset + year for offset in (1988, 2018)), key=lambda western: abs(western - fiscal_year))


def resolve_period(note: str, fiscal_year: int) -> tuple[dt.date | None, int]:
    """(period end, fiscal year) of a period as written; None when it is the whole fiscal year.

    "2月末現在" in FY2018 -> 2019-02-28; "12月現在" -> 2018-12-31 (a month without a day is its last day, a
    month without a year belongs to the fiscal year); "平成30年4月～11月分" -> 2018-11-30 (a range ends at
    its end); "H31.2.28" -> 2019-02-28; "平成29年12月まで" -> 2017-12-31 in FY2017. ValueError when no date.
    """
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", note)).replace("〜", "~").replace("～", "~")
    end = re.split(r"[~\-](?=\D*\d)", text)[-1]
    dotted = re.search(r"(平成|令和|H|R)(\d{1,2})\.(\d{1,2})\.(\d{1,2})", end)
    if dotted:
        day = dt.date(_era_year(dotted[1], int(dotted[2]), fiscal_year), int(dotted[3]), int(dotted[4]))
    else:
        found = re.search(r"(?:(平成|令和|H|R)?(\d{1,4})(?:\(\d{4}\))?年)?(\d{1,2})月(?:(\d{1,2})日)?", end)
        if not found:
            raise ValueError(f"期間の記載から時点を読み取れません: {note!r}")
        month = int(found[3])
        year = _era_year(found[1], int(found[2]), fiscal_year) if found[2] else fiscal_year + (month < 4)
        try:
            last = calendar.monthrange(year, month)[1]
            day = dt.date(year, month, int(found[4]) if found[4] else last)
        except ValueError as exc:
            raise ValueError(f"期間の記載が存在しない日付です: {note!r}") from exc
    year_of_day = fiscal_year_of(day)
    return (None if day == fiscal_year_end(year_of_day) else day), year_of_day


def _fiscal_year_of_marker(marker: str, fiscal_year: int) -> int:
    found = _FY_RE.search(marker)
    year = 1 if found[2] == "元" else int(found[2])
    return _era_year(found[1], year, fiscal_year)


def _clean_note(text: str) -> str:
    return re.sub(r"\s", "", text).replace("~", "～")


# ----------------------------------------------------------------------------------------- what is filler

_GAP = re.compile(
    rf"(?:\s|[:はがでのを、]|合計|累計|計|実績|結果|新規|約|延べ|のべ|述べ|実数|成果目標|目標値?|年間|今年度|本年度"
    rf"|{PERIOD}|{_FY}|\(\s?(?:{PERIOD})\s?\)|\([^()\d]{{0,30}}\)|\[[^\[\]\d]{{0,30}}\]|[A-Za-z]{{1,6}}|⇒|→"
    rf"|、[^、。\d]{{0,20}}を含め(?:て|た))*(?:\(|\s)*"
)
_TOKEN = re.compile(
    rf"(?<![\d,.])(?P<approx>約\s?)?(?P<num>{NUM})\s?(?P<thousand>千)?\s?[※*]?\s?(?P<unit>件|世帯|人|名|回|%)"
)
_PER_UNIT_BEFORE = re.compile(r"(?:平均|あたり|当たり|あり|(?<![\d\s])\s?月|毎月|年に|[÷×~])\s?(?:約\s?)?$")
_PER_UNIT_AFTER = re.compile(r"^\s?(?:/\s?[月年日]|[×~]|程度|ほど|に達し)")
_EXPECTATION_AFTER = re.compile(r"^\s?(?:程度|ほど)")
_RESTATED_TARGET_AFTER = re.compile(r"^\s?(?:以上|以下)?\s?(?:について|を目標|の目標)")
_TARGET_IN_GAP = re.compile(r"目標")
_TARGET_VERB = re.compile(r"目標と(?:する|した|して)|を目標に|目標に掲げ|を目指")
_PAIR_GAP = re.compile(
    rf"^\s?(?:以上|以下)?\s?\)?\s?(?:、|,)?\s?(?:⇒|→|に対し(?:て)?)?\s?(?:{PERIOD}|実績|結果|新規|[:\s])*$"
)
_PAIR_MARK = re.compile(rf"⇒|→|に対し|実績|結果|{PERIOD}")
_AFTER_RESULT_TARGET = re.compile(
    r"^\s?\)?\s?(?:\(|、|であり、)?\s?(?:※[^。\d]{0,12})?(?:成果)?目標(?:値)?(?:\))?の?\s?$"
)
_ALT_UNIT_GAP = re.compile(r"^\s?\($")
_SUM_BEFORE = re.compile(r"(?:計|合計|で計)\s?$")
_SUBSET_BEFORE = re.compile(r"^[^。\d]{0,3}[(、]\s?うち[^()\d。]{0,12}$")  # "543回（うち訪問 172回）"
_GROUP_WORDS = re.compile(r"全体|合計|全域|\d\s?(?:市町村|町村|市町|町|村|市)")
_CONTACTS = re.compile(r"延べ|のべ|述べ|延(?=[\d\s行人件])")
_CONTACT_NOTE = re.compile(r"(?:電話|訪問|同行|面談)[^。]{0,12}(?:対応|件数|回数)")
_REVERSED: tuple[tuple[str, re.Pattern, bool], ...] = (
    ("consultations", re.compile(r"^\s?(?:程度)?の相談(?:件数)?"), True),
    ("consultations", re.compile(r"^\s?(?:を|が)?受け?付け"), True),
    ("consultations", re.compile(r"^\s?から(?:の)?相談"), True),
    ("closures", re.compile(r"^\s?(?:\([^()]{0,10}\))?\s?(?:が|は)[^。、\d]{0,12}?終結|^\s?の(?:支援の?)?終結"), True),
    (
        "referrals",
        re.compile(r"^\s?(?:\([^()]{0,10}\))?\s?(?:を|が|は)[^。、\d]{0,14}?(?:(?:つな|繋)(?:いだ|げた)|引き継いだ)"),
        True,
    ),
)
_PAREN_AFTER = re.compile(r"^\s?\((?P<inner>[^()\d]{1,30})\)")
_OUT_OF = re.compile(rf"(?P<n>{NUM})\s?(?P<unit>人|件|世帯)中\s?(?P<m>{NUM})\s?(?P=unit)")

_ITEM_MARK = re.compile(
    r"^(?:[・○●◎◆◇□■〇◯※＊*⇒→➡【＜<(「①-⑳⑴-⒇]|[ア-オ](?:[\s「(－-]|$)|\d+\s?[.．]\s?\D|成果目標"
    r"|目標[:：\s(の]|(?:結果|実績|内訳)[:：\s]|(?:結果|実績|内訳|目標)$)"
)
_RESULT_LEAD = re.compile(r"^[・\s]*(?:⇒|→|結果|実績)|^[^。、]{0,25}の実績として")
_TARGET_LEAD = re.compile(r"^[・\s]*(?:\()?(?:成果目標|目標)")
_BLOCK_END = re.compile(r"^\s*(?:[ア-オ](?:[\s「(]|$)|[⑤-⑳]|\d+\s?[.．]\s?\D|\(\d\)|事業実施|支援の成果)")
_PROJECTS = (("takikan", re.compile(r"多機関|他機関|包括的支援体制構築")), ("chiiki", re.compile(r"地域力強化")))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.rstrip())


# -------------------------------------------------------------------------------------------- structures


@dataclass
class Outcome:
    """One figure as read: `key` names it within its report; `part_of` and `repeat_of` are other figures' keys."""

    key: str
    metric: str
    value: int | float
    unit: str
    basis: str  # "distinct" (実数) or "contacts" (延べ: calls, visits, 回)
    target: int | float | None
    period_note: str | None  # as written: 2月末現在, 平成30年4月～11月分
    period_end: dt.date | None  # None: the whole fiscal year
    fiscal_year: int
    source_line: int
    quote: str
    confidence: float
    part_of: str | None = None
    repeat_of: str | None = None
    place: str | None = None  # the municipality a multi-municipality or prefecture report names for it
    label: str | None = None  # the words naming a part of a breakdown (北東エリア, 町内)

    def as_dict(self) -> dict:
        out = dict(self.__dict__)
        out["period_end"] = self.period_end.isoformat() if self.period_end else None
        return out


@dataclass(eq=False)
class _Item:
    lines: list[int]  # 0-based source lines
    original: str  # source lines joined by "\n"
    text: str  # normalised, same length
    offsets: list[int]
    region: str  # "plan" or "results"
    project: str | None = None
    in_target_block: bool = False
    block_period: str | None = None
    block_actual: bool = False
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def line_at(self, pos: int) -> int:
        return max(i for i, start in zip(self.lines, self.offsets, strict=True) if start <= pos)

    def stripped(self) -> str:
        return self.text.strip()

    def sentence_of(self, pos: int) -> int:
        return next(n for n, (s, e) in enumerate(self.sentences) if s <= pos < e or n == len(self.sentences) - 1)


@dataclass(eq=False)
class _Token:
    item: _Item
    start: int
    end: int  # end of the unit
    value: int | float
    unit: str
    metric: str | None = None
    label: str | None = None  # the phrase as written
    qualifier: str = ""  # the words before the phrase in its clause (住民から主体的に上げられる)
    how: str = ""  # how the metric was found: forward, reversed, pair, …
    strong: bool = True
    is_target: bool = False
    target: int | float | None = None
    expectation: bool = False
    part_of: _Token | None = None
    part_label: str | None = None
    same_figure_as: _Token | None = None  # "２４世帯（３７人）": the same cases in another unit
    repeat_of: _Token | None = None
    period_note: str | None = None
    fiscal_year: int | None = None
    actual: bool = False  # marked as a result where results are not expected (plan region)
    place: str | None = None

    @property
    def sentence(self) -> int:
        return self.item.sentence_of(self.start)


# ----------------------------------------------------------------------------------------------- items


def _items(lines: list[str], start: int, end: int, region: str) -> list[_Item]:
    """PDF lines joined back into items: a new item starts after 。, at a bullet or an indented line, and after
    a line clearly shorter than its neighbours (the end of a paragraph or a table row)."""
    rows = [i for i in range(start, end) if lines[i].strip()]
    widths = [_width(lines[i]) for i in rows]
    items: list[_Item] = []
    current: list[int] = []
    for n, i in enumerate(rows):
        if current:
            previous = lines[current[-1]].rstrip()
            reference = max(widths[max(0, n - 6) : n + 6])
            stripped = normalize(lines[i]).strip()
            continues = (
                not previous.endswith("。")
                and not lines[i][:1].isspace()
                and not _ITEM_MARK.match(stripped)
                and _width(previous) >= 0.8 * reference
            )
            if not continues:
                items.append(_item(lines, current, region))
                current = []
        current.append(i)
    if current:
        items.append(_item(lines, current, region))
    return items


def _item(lines: list[str], rows: list[int], region: str) -> _Item:
    original, offsets = "", []
    for i in rows:
        offsets.append(len(original))
        original += lines[i].rstrip() + "\n"
    text = normalize(original)
    item = _Item(rows, original, text, offsets, region)
    bounds = [m.end() for m in re.finditer("。", text)]
    starts = [0, *bounds]
    item.sentences = [(s, e) for s, e in zip(starts, [*bounds, len(text)], strict=True) if e > s] or [(0, len(text))]
    return item


def _period_only(item: _Item) -> re.Match | None:
    """The period of an item that states nothing else (・今年度２月末時点, （平成３１年２月末現在）)."""
    found = _PERIOD_RE.search(item.text)
    if not found:
        return None
    rest = _PERIOD_RE.sub("", item.text)
    rest = re.sub(rf"{_FY}|実績|の|分|現在|時点|今年度|本年度|[・※＊*()\s,.、。]|\d+\s?か所", "", rest)
    return found if len(rest) <= 2 else None


def _project_of(item: _Item) -> str | None:
    """The programme a heading names (a short line without a full stop)."""
    if len(item.stripped()) > 60 or "。" in item.text:
        return None
    for project, pattern in _PROJECTS:
        if pattern.search(item.text):
            return project
    return None


def _annotate(items: list[_Item]) -> None:
    """Programme, plan target blocks and block periods of every item, in order."""
    project = None
    in_block = False
    block_period, block_actual, section_wide = None, False, False
    after_heading = False  # a period in brackets right under a heading dates the block, elsewhere its group above
    for item in items:
        stripped = item.stripped()
        heading_project = _project_of(item)
        if heading_project:
            if not section_wide and heading_project != project:
                block_period, block_actual = None, False
            project = heading_project
            found = _PERIOD_RE.search(item.text)
            if found:
                block_period, block_actual, section_wide = found[0], "実績" in item.text, False
        if item.region == "plan":
            if "成果目標" in stripped and RESULTS_HEADING not in stripped and len(stripped) <= 40:
                in_block = True
                block_period, block_actual = None, False
            elif in_block and _BLOCK_END.match(item.original) and len(stripped) <= 60:
                in_block = False
                block_period, block_actual = None, False
        period = _period_only(item)
        if period and (not stripped.startswith("(") or after_heading):
            block_period, block_actual = period[0], "実績" in item.text
            section_wide = project is None
        after_heading = bool(heading_project)
        item.project = project
        item.in_target_block = in_block
        item.block_period, item.block_actual = block_period, block_actual


# ------------------------------------------------------------------------------------------------ tokens


def _phrases(text: str) -> list[tuple[int, int, str, bool]]:
    """Metric phrases in a text (start, end, metric, strong); a phrase inside a longer one is dropped, and a
    相談 phrase overlapping a 複合… phrase becomes part of it (複合的な…世帯への相談支援 新規)."""
    found = [
        (m.start(), m.end(), metric, strong) for metric, pattern, strong in _PHRASES for m in pattern.finditer(text)
    ]
    kept = [p for p in found if not any(q[0] <= p[0] and p[1] <= q[1] and (q[1] - q[0]) > (p[1] - p[0]) for q in found)]
    complex_ = [p for p in kept if p[2] == "consultations_complex"]
    merged = []
    for p in kept:
        wider = next((q for q in complex_ if p[2] == "consultations" and q[0] < p[0] < q[1] < p[1]), None)
        merged.append((wider[0], p[1], wider[2], True) if wider else p)
    return [p for p in merged if not (p in complex_ and any(q[0] == p[0] and q[1] > p[1] for q in merged))]


def _words_before(item: _Item, start: int, end: int) -> str | None:
    """The words naming a part, as written: back from the number to a separator or an unclosed bracket
    (「北東エリア」 after 内訳：, 「相談（面談・電話による相談）」, 「町内」 after （)."""
    text, depth, cut = item.text, 0, start
    for pos in range(end - 1, start - 1, -1):
        depth += {")": 1, "(": -1}.get(text[pos], 0)
        if depth < 0 or (depth == 0 and text[pos] in "、,+:。"):
            cut = pos + 1
            break
    after_phrase = [e for _s, e, _m, strong in _phrases(text[cut:end]) if strong and text[cut + e : end].strip(" はが")]
    words = re.sub(r"\s", "", item.original[cut + max(after_phrase, default=0) : end])
    return re.sub(r"^(?:内訳|うち|[※*・はが])+|[がはで]$", "", words) or None


def _labelled_units(text: str) -> list[tuple[str, str]]:
    """(metric, unit) of each strong phrase and the first number after it, also a number that is not a count
    (月平均１５件): what a target line is about, for the bare result under it."""
    out = []
    for _start, end, metric, strong in _phrases(text):
        found = _TOKEN.search(text, end, min(len(text), end + 20))
        if strong and found:
            out.append((metric, "人" if found["unit"] == "名" else found["unit"]))
    return out


def _tokens(item: _Item) -> list[_Token]:
    tokens = []
    text = item.text
    for found in _TOKEN.finditer(text):
        value = parse_number(found["num"])
        if value is None:
            continue
        start = found.start("approx") if found["approx"] else found.start("num")
        per_unit = _PER_UNIT_BEFORE.search(text[max(0, start - 6) : start]) or _PER_UNIT_AFTER.match(
            text[found.end() :]
        )
        if per_unit and not _EXPECTATION_AFTER.match(text[found.end() :]):
            continue  # 月平均１５件, １拠点あたり, 月８件×１２ヶ月: not a count (程度 stays, as an expectation)
        if found["thousand"]:
            value *= 1000
        unit = "人" if found["unit"] == "名" else found["unit"]
        token = _Token(item, start, found.end(), value, unit)
        token.expectation = bool(_EXPECTATION_AFTER.match(text[found.end() :]))
        tokens.append(token)
    return tokens


def _own(item: _Item, tokens: list[_Token]) -> None:
    """Metric of each token from the words around it (forward phrase, words after, X人中Y人, a parenthesis)."""
    text = item.text
    phrases = _phrases(text)
    for token in tokens:
        sentence_start = item.sentences[token.sentence][0]
        forward = None
        for start, end, metric, strong in sorted(phrases, key=lambda p: -p[1]):
            if end > token.start or start < sentence_start:
                continue
            gap = text[end : token.start]
            if not _GAP.fullmatch(gap):
                continue
            if metric == "consultations" and not strong and text[start:end] == "対応" and not re.search(r"[:⇒→]", gap):
                continue
            forward = (start, end, metric, strong, gap)
            break
        after = text[token.end :]
        reversed_ = next(((metric, strong) for metric, pattern, strong in _REVERSED if pattern.match(after)), None)
        if forward and re.search(r"平均|あたり|当たり", text[max(sentence_start, forward[0] - 4) : forward[0]]):
            continue  # 平均相談支援回数 9.4 回: an average, not a count
        if forward and (forward[3] or not reversed_):
            start, end, metric, strong, gap = forward
            token.metric, token.label, token.strong, token.how = metric, text[start:end], strong, "forward"
            previous_end = max([t.end for t in tokens if t.end <= start] + [sentence_start])
            clause = re.split(r"[、。,:()\s]", text[previous_end:start])[-1]
            token.qualifier = re.sub(r"^[\s・○●◎◆◇□■〇①-⑳]+", "", clause).strip()
            token.is_target = bool(_TARGET_IN_GAP.search(gap))
        elif reversed_:
            token.metric, token.strong, token.how = reversed_[0], reversed_[1], "reversed"
            token.label = text[max(sentence_start, token.start - 12) : token.start].strip()
        else:
            paren = _PAREN_AFTER.match(after)
            inner = [p for p in _phrases(paren["inner"]) if p[3]] if paren else []
            if inner:
                token.metric, token.strong, token.how = inner[0][2], False, "parenthesis"
                token.label = text[max(sentence_start, token.start - 16) : token.start].strip(" :、")
        if _RESTATED_TARGET_AFTER.match(after):
            token.is_target = True
    _out_of(item, tokens)
    _computed(item, tokens, phrases)


def _out_of(item: _Item, tokens: list[_Token]) -> None:
    """ "相談者が１３６人中９１人": the whole are consultations, the part those with the named problem."""
    for found in _OUT_OF.finditer(item.text):
        before = item.text[max(0, found.start() - 25) : found.start()]
        whole = next((t for t in tokens if t.start == found.start("n")), None)
        part = next((t for t in tokens if t.start == found.start("m")), None)
        if whole and "相談" in before[-12:]:
            whole.metric, whole.how, whole.label = "consultations", "out_of", before.strip()
        if part and whole and whole.metric and re.search(r"課題|複合", before):
            part.metric, part.how, part.label = "consultations_complex", "out_of", before.strip()


def _computed(item: _Item, tokens: list[_Token], phrases: list) -> None:
    """ "月８件×１２ヶ月＝９６件": the result of a computation is a count of the sentence's first phrase."""
    for token in tokens:
        if token.metric is None and re.search(r"=\s?$", item.text[max(0, token.start - 2) : token.start]):
            sentence_start = item.sentences[token.sentence][0]
            first = next((p for p in phrases if sentence_start <= p[0] < token.start and p[3]), None)
            if first:
                token.metric, token.label, token.how = first[2], item.text[first[0] : first[1]], "computed"


def _pairs(item: _Item, tokens: list[_Token]) -> None:
    """Target and result side by side (20件 12月現在 53件, 50件⇒464件, 目標の20件に対し9件, 316件（成果目標330件）),
    a second unit of the same figure (２４世帯（３７人））."""
    for n, (first, second) in enumerate(itertools.pairwise(tokens)):
        if first.item is not second.item or first.sentence != second.sentence:
            continue
        gap = item.text[first.end : second.start]
        if second.metric is None and _AFTER_RESULT_TARGET.match(gap):
            owner = next(
                (
                    t
                    for t in reversed(tokens[: n + 1])
                    if t.metric and t.unit == second.unit and t.sentence == second.sentence
                ),
                None,
            )
            if owner:
                second.metric, second.label, second.how, second.is_target = owner.metric, owner.label, "pair", True
                continue
        paired = _PAIR_GAP.match(gap) and (_PAIR_MARK.search(gap) or first.is_target) and not re.search(r"[+計]", gap)
        if first.metric and second.metric is None and first.unit == second.unit and paired:
            second.metric, second.label, second.how, second.strong = first.metric, first.label, "pair", first.strong
            first.is_target = True
            second.target = first.value
            continue
        if first.metric == "closures" and second.metric is None and second.unit == "%" and _ALT_UNIT_GAP.match(gap):
            second.metric, second.label, second.how, second.strong = (
                "closure_rate_pct",
                first.label,
                "pair",
                first.strong,
            )
            second.is_target = first.is_target
            continue
        if (
            first.metric
            and second.metric is None
            and _ALT_UNIT_GAP.match(gap)
            and {first.unit, second.unit} <= {"件", "世帯", "人"}
            and first.unit != second.unit
        ):
            second.metric, second.label, second.how, second.strong = (
                first.metric,
                first.label,
                "other_unit",
                first.strong,
            )
            second.is_target = first.is_target
            second.same_figure_as = first


# ----------------------------------------------------------------------------------------------- reading


class _ReportReader:
    """Reads one report: items of the plan and of the results section, then links across them."""

    def __init__(
        self, lines: list[str], anchor: int, results: int | None, end: int, fiscal_year: int, places: Iterable[str] = ()
    ):
        self.lines = lines
        self.fiscal_year = fiscal_year
        self.places = sorted(set(places), key=len, reverse=True)
        plan = _items(lines, anchor, results if results is not None else end, "plan")
        done = _items(lines, results + 1, end, "results") if results is not None else []
        self.items = plan + done
        _annotate(plan)
        _annotate(done)
        self.tokens: list[_Token] = []
        self._by_item: dict[int, list[_Token]] = {}
        for item in self.items:
            tokens = _tokens(item)
            _own(item, tokens)
            _pairs(item, tokens)
            self.tokens.extend(tokens)
            self._by_item[id(item)] = tokens

    # -- per item ------------------------------------------------------------------------------------

    def _item_tokens(self, item: _Item) -> list[_Token]:
        return self._by_item[id(item)]

    def _is_target_item(self, n: int) -> bool:
        item = self.items[n]
        if _TARGET_LEAD.match(item.text) or (item.region == "plan" and item.in_target_block):
            return True
        following = next((i for i in self.items[n + 1 :] if not _period_only(i)), None)
        return bool(
            following
            and following.region == item.region
            and _RESULT_LEAD.match(following.text)
            and not _RESULT_LEAD.match(item.text)
        )

    def _fiscal_year_and_period(self, token: _Token) -> None:
        """Period and fiscal year its own sentence gives a number: "４月に", "2月末現在", "平成28年度は"."""
        item = token.item
        start, _end = item.sentences[token.sentence]
        before = item.text[start : token.start]
        sentence = item.text[start : item.sentences[token.sentence][1]]
        month_in = _MONTH_IN.search(before)
        periods = list(_PERIOD_RE.finditer(sentence))
        fiscal_years = list(re.finditer(_FY, before))
        token.fiscal_year = self.fiscal_year
        if fiscal_years:
            token.fiscal_year = _fiscal_year_of_marker(fiscal_years[-1][0], self.fiscal_year)
        if month_in:
            token.period_note = _clean_note(month_in[1])
        elif periods:
            preceding = [m for m in periods if m.end() <= token.start - start]
            chosen = preceding[-1] if preceding and len(periods) > 1 else periods[0]
            token.period_note = _clean_note(chosen[0])
        if token.period_note:
            token.fiscal_year = self._resolved(token)[1]

    def _mark_plan_results(self) -> None:
        """Before the results section, a figure is a result only when marked as one (実績, an earlier year)."""
        for token in self.tokens:
            item = token.item
            if item.region != "plan" or token.metric is None:
                continue
            sentence = item.text[slice(*item.sentences[token.sentence])]
            earlier_year = token.fiscal_year is not None and token.fiscal_year < self.fiscal_year
            token.actual = earlier_year or "実績" in sentence or item.block_actual
            if token.actual:
                token.is_target = False
            elif item.in_target_block:
                token.is_target = True
            else:
                token.metric = None

    def read(self) -> list[Outcome]:
        for token in self.tokens:
            self._fiscal_year_and_period(token)
        self._mark_plan_results()
        self._targets_of_items()
        self._orphans()
        self._complex_context()
        self._breakdowns()
        self._places()
        self._link_targets()
        self._periods()
        self._repeats()
        return self._outcomes()

    # -- targets and results -------------------------------------------------------------------------

    def _targets_of_items(self) -> None:
        """Targets by their place: a target line (成果目標…, or the line above a ⇒ result) and a sentence that sets
        a goal (…を目標とする)."""
        for n, item in enumerate(self.items):
            tokens = self._item_tokens(item)
            if not tokens:
                continue
            if item.region == "results" and self._is_target_item(n):
                for token in tokens:
                    token.is_target = token.fiscal_year == self.fiscal_year
            for sentence_start, sentence_end in item.sentences:
                if _TARGET_VERB.search(item.text[sentence_start:sentence_end]):
                    for token in tokens:
                        if sentence_start <= token.start < sentence_end and not token.actual:
                            token.is_target = True

    def _orphans(self) -> None:
        """Numbers without words of their own: the result under a target line, a bare number under its label."""
        pending: list[_Token] = []
        pending_metrics: list[tuple[str, str]] = []
        previous: _Item | None = None
        for n, item in enumerate(self.items):
            tokens = self._item_tokens(item)
            if item.region != "results":
                continue
            if self._is_target_item(n):
                pending = [t for t in tokens if t.metric and t.is_target]
                pending_metrics = _labelled_units(item.text)
                previous = item
                continue
            if _RESULT_LEAD.match(item.text):
                for position, token in enumerate(tokens):
                    if token.metric:
                        continue
                    if position or [p for p in _phrases(item.text) if p[1] <= token.start]:
                        break  # only a number leading the result line stands for the target above
                    same_unit = {t.metric for t in pending if t.unit == token.unit}
                    if len(same_unit) == 1:
                        token.metric, token.how = same_unit.pop(), "under_target"
                        token.label = next(t.label for t in pending if t.metric == token.metric)
                    elif len({m for m, unit in pending_metrics if unit == token.unit}) == 1:
                        token.metric = next(m for m, unit in pending_metrics if unit == token.unit)
                        token.how = "under_target"
                    break
            elif tokens and previous is not None and not self._item_tokens(previous):
                first = tokens[0]
                lead = item.text[: first.start]
                labels = [p for p in _phrases(previous.text) if p[2] != "consultations" or "相談" in previous.text]
                if first.metric is None and not lead.strip(" ・") and labels and previous.region == item.region:
                    metric = labels[0][2]
                    first.metric, first.how, first.strong = metric, "label_above", False
                    first.label = previous.text[labels[0][0] : labels[0][1]]
            if not _period_only(item):
                pending, pending_metrics = ([], []) if not _RESULT_LEAD.match(item.text) else (pending, pending_metrics)
                previous = item

    def _complex_context(self) -> None:
        """A heading about 複合的な課題 makes the generic 相談件数 under it a count of complex cases."""
        context = False
        for item in self.items:
            tokens = [t for t in self._item_tokens(item) if t.metric]
            if not tokens:
                if _period_only(item):
                    continue
                stripped = item.stripped()
                context = (
                    len(stripped) <= 60 and "複合" in stripped and bool(re.search("相談|課題|ケース|世帯", stripped))
                )
                continue
            if re.match(r"^[○●◆■□【<＜]", item.stripped()):
                context = False
            if context:
                for token in tokens:
                    if token.metric == "consultations" and token.label and "相談" in token.label:
                        token.metric, token.how = "consultations_complex", token.how + "+heading"

    def _breakdowns(self) -> None:
        """Parts that add up exactly to a total next to them: in brackets, before 計, or on the next line."""
        for n, item in enumerate(self.items):
            tokens = self._item_tokens(item)
            for i, total in enumerate(tokens):
                if total.is_target or total.part_of or total.same_figure_as:
                    continue
                same = [
                    t
                    for t in tokens
                    if t.sentence == total.sentence
                    and t.unit == total.unit
                    and not t.is_target
                    and not t.same_figure_as
                ]
                k = same.index(total)
                after = self._run_after(total, same[k + 1 :])
                if after and total.metric:
                    self._make_parts(total, after)
                    continue
                if k >= 2 and _SUM_BEFORE.search(item.text[same[k - 1].end : total.start]):
                    before = self._run_before(total, same[:k])
                    if before and (total.metric or before[0].metric):
                        total.metric = total.metric or before[0].metric
                        total.label = total.label or before[0].label
                        total.how = total.how or "sum"
                        self._make_parts(total, before)
                        continue
                subset = next(
                    (t for t in same[k + 1 : k + 2] if _SUBSET_BEFORE.search(item.text[total.end : t.start])), None
                )
                if subset and total.metric and subset.value < total.value:
                    self._make_parts(total, [subset])
                    continue
                if total.metric and i == len(tokens) - 1 and n + 1 < len(self.items):
                    following = self.items[n + 1]
                    parts = [t for t in self._item_tokens(following) if not t.is_target]
                    if (
                        len(parts) >= 2
                        and all(t.unit == total.unit for t in parts)
                        and sum(t.value for t in parts) == total.value
                    ):
                        self._make_parts(total, parts)

    @staticmethod
    def _run_after(total: _Token, following: list[_Token]) -> list[_Token]:
        running = 0
        for j, token in enumerate(following):
            running += token.value
            if running == total.value and j >= 1:
                return following[: j + 1]
            if running > total.value:
                return []
        return []

    @staticmethod
    def _run_before(total: _Token, preceding: list[_Token]) -> list[_Token]:
        running = 0
        for j in range(len(preceding) - 1, -1, -1):
            running += preceding[j].value
            if running == total.value and j <= len(preceding) - 2:
                return preceding[j:]
            if running > total.value:
                return []
        return []

    @staticmethod
    def _make_parts(total: _Token, parts: list[_Token]) -> None:
        previous_end = None
        for part in parts:
            part.part_of = total
            if part.metric is None:
                part.metric, part.how, part.label = total.metric, "part", total.label
            start = max(previous_end or 0, part.item.sentences[part.sentence][0], part.start - 24)
            part.part_label = _words_before(part.item, start, part.start)
            previous_end = part.end
            if part.fiscal_year is None:
                part.fiscal_year = total.fiscal_year

    def _link_targets(self) -> None:
        """Each result takes the target it answers: its own line, the target line above, earlier in its paragraph,
        then the plan of its programme."""
        results = [
            t for t in self.tokens if t.metric and not t.is_target and t.part_of is None and not t.same_figure_as
        ]
        for n, item in enumerate(self.items):
            tokens = [t for t in self._item_tokens(item) if t.metric]
            stated = [t for t in tokens if t.is_target and t.target is None]
            for token in tokens:
                if token in results and token.target is None:
                    self._take(token, stated, reuse=True)
            if item.region == "results" and self._is_target_item(n):
                pending = [t for t in tokens if t.is_target and t.target is None]
                for following in self.items[n + 1 :]:
                    if _period_only(following):
                        continue
                    if not _RESULT_LEAD.match(following.text):
                        break
                    for token in self._item_tokens(following):
                        if token in results and token.target is None:
                            self._take(token, pending)
        plan_targets = [t for t in self.tokens if t.metric and t.is_target and t.item.region == "plan"]
        answered = {(t.metric, t.unit, t.target) for t in results if t.target is not None}
        used = {id(t) for t in plan_targets if (t.metric, t.unit, t.value) in answered}
        for token in results:
            if token.target is not None or token.fiscal_year != self.fiscal_year:
                continue
            candidates = [
                t
                for t in plan_targets
                if t.metric == token.metric
                and t.unit == token.unit
                and self._basis(t) == self._basis(token)
                and t.place == token.place
                and (token.item.project is None or t.item.project in (None, token.item.project))
            ]
            values = {t.value for t in candidates if (t.qualifier, t.label) == (token.qualifier, token.label)}
            if not values and not any(id(t) in used for t in candidates):
                # a target for a narrower group (住民から…の相談件数) answers only a result naming the same group
                values = {t.value for t in candidates if not t.qualifier or token.how != "forward"}
            if len(values) == 1:
                token.target = values.pop()
                used.update(id(t) for t in candidates if t.value == token.target)

    def _take(self, result: _Token, targets: list[_Token], reuse: bool = False) -> None:
        """Use up the first target of the same family and unit (with `reuse`, the last one used when none is left:
        "相談件数10件については、4月に11件…2月末までに202件"); a generic 相談件数 takes the target's name."""
        family = FAMILY.get(result.metric, result.metric)
        fitting = [t for t in targets if t.unit == result.unit and FAMILY.get(t.metric, t.metric) == family]
        unused = [t for t in fitting if t.target is None]
        target = unused[0] if unused else (fitting[-1] if reuse and fitting else None)
        if target is not None:
            target.target = target.value  # marks the target as used
            result.target = target.value
            if result.metric == "consultations" and target.metric != result.metric:
                for part in self.tokens:
                    if part.part_of is result and part.metric == result.metric:
                        part.metric = target.metric
                result.metric = target.metric

    # -- periods, repeats, places -----------------------------------------------------------------------

    def _periods(self) -> None:
        """Period of each figure: its sentence, a period line after its group, its table, its block heading."""
        figures = [t for t in self.tokens if t.metric and not t.is_target]
        for n, item in enumerate(self.items):
            period = _period_only(item)
            if not period or not item.stripped().startswith("("):
                continue
            for back in range(n - 1, -1, -1):
                earlier = self.items[back]
                for token in self._item_tokens(earlier):
                    if token in figures and token.period_note is None:
                        token.period_note = _clean_note(period[0])
                if self._is_target_item(back) or _project_of(earlier) or earlier.region != item.region:
                    break
        rows = [item for item in self.items if re.search(r"\S\s{2,}\S", item.text.strip())]
        for n, item in enumerate(self.items):
            if item not in rows:
                continue
            run = [item]
            for following in self.items[n + 1 :]:
                if following not in rows or not [t for t in self._item_tokens(following) if t in figures]:
                    break
                run.append(following)
            dated = [t.period_note for i in run for t in self._item_tokens(i) if t in figures and t.period_note]
            if len(set(dated)) == 1:
                for i in run:
                    for token in self._item_tokens(i):
                        if token in figures and token.period_note is None:
                            token.period_note = dated[0]
        for token in figures:
            if token.period_note is None and token.item.block_period:
                token.period_note = _clean_note(token.item.block_period)

    def _repeats(self) -> None:
        """A figure stated again (in the plan and the results, or twice in the results) is linked to its first
        statement and shares its period; figures of its sentence without a period share it too."""
        figures = [t for t in self.tokens if t.metric and not t.is_target]
        for n, token in enumerate(figures):
            if token.part_of is not None:
                continue
            for first in figures[:n]:
                if first.repeat_of is not None or first.place != token.place:
                    continue
                if first.part_of is not None and first.place is None:
                    continue
                if (first.metric, first.value, first.unit) != (token.metric, token.value, token.unit):
                    continue
                if self._resolved(first)[1] != self._resolved(token)[1]:
                    continue
                if first.period_note and token.period_note and self._resolved(first) != self._resolved(token):
                    continue
                token.repeat_of = first
                token.period_note = token.period_note or first.period_note
                token.target = token.target if token.target is not None else first.target
                for neighbour in figures:
                    if (
                        neighbour.item is token.item
                        and neighbour.sentence == token.sentence
                        and not neighbour.period_note
                    ):
                        neighbour.period_note = token.period_note
                break

    def _resolved(self, token: _Token) -> tuple[dt.date | None, int]:
        year = token.fiscal_year or self.fiscal_year
        if not token.period_note:
            return None, year
        try:
            return resolve_period(token.period_note, year)
        except ValueError:
            return None, year

    def _places(self) -> None:
        """In a report on several municipalities, the one the text names next to a figure or in its heading;
        none (the group) when the text speaks of all of them (全体, 合計, ３町)."""
        if not self.places:
            return
        pattern = re.compile("|".join(map(re.escape, self.places)))
        heading: str | None = None
        for item in self.items:
            tokens = self._item_tokens(item)
            named = set(pattern.findall(item.text))
            if not [t for t in tokens if t.metric] and len(item.stripped()) <= 40:
                if _project_of(item) or len(named) == 1:
                    heading = named.pop() if len(named) == 1 else None
                continue
            for token in tokens:
                start = item.sentences[token.sentence][0]
                before = pattern.findall(item.text[start : token.start])
                if before:
                    token.place = before[-1]
                elif not _GROUP_WORDS.search(item.text[start : token.start]):
                    token.place = heading

    # -- output -------------------------------------------------------------------------------------------

    @staticmethod
    def _basis(token: _Token) -> str:
        item = token.item
        text = item.text
        sentence_end = item.sentences[token.sentence][1]
        label_start = text.rfind(token.label, 0, token.start) if token.label else token.start
        before = text[max(0, (label_start if label_start >= 0 else token.start) - 6) : token.start]
        after = text[token.end : sentence_end]
        if token.unit == "回" or _CONTACTS.search(before) or _CONTACT_NOTE.search(after[:40]):
            return "contacts"
        return "distinct"

    def _confidence(self, token: _Token) -> float:
        score = {
            "forward": 0.9,
            "pair": 0.95,
            "reversed": 0.85,
            "out_of": 0.75,
            "computed": 0.7,
            "under_target": 0.85,
            "label_above": 0.7,
            "parenthesis": 0.65,
            "part": 0.8,
            "sum": 0.8,
            "other_unit": 0.85,
        }.get(token.how.split("+")[0], 0.6)
        if not token.strong:
            score -= 0.1
        if "+heading" in token.how:
            score -= 0.05
        if token.target is not None and token.how != "pair":
            score += 0.05
        if token.item.region == "plan":
            score -= 0.15
        if token.fiscal_year != self.fiscal_year:
            score -= 0.1
        return round(min(max(score, 0.1), 0.99), 2)

    def _outcomes(self) -> list[Outcome]:
        figures = [t for t in self.tokens if t.metric and not t.is_target and not t.expectation]
        keys: dict[int, str] = {}
        outcomes = []
        for token in figures:
            line = token.item.line_at(token.start) + 1
            key = f"{line}:{token.metric}:{token.value:g}{token.unit}"
            while key in keys.values():
                key += "'"
            keys[id(token)] = key
            end, year = self._resolved(token)
            original_line = self.lines[line - 1]
            offset = token.item.offsets[token.item.lines.index(line - 1)]
            stop = min(token.end - offset, len(original_line))
            quote = original_line[max(0, stop - 60) : stop].strip() or original_line.strip()[:60]
            outcomes.append(
                Outcome(
                    key=key,
                    metric=token.metric,
                    value=token.value,
                    unit=token.unit,
                    basis=self._basis(token),
                    target=token.target,
                    period_note=token.period_note,
                    period_end=end,
                    fiscal_year=year,
                    source_line=line,
                    quote=quote,
                    confidence=self._confidence(token),
                    part_of=None,
                    repeat_of=None,
                    place=token.place,
                    label=token.part_label if token.part_of else None,
                )
            )
        for token, outcome in zip(figures, outcomes, strict=True):
            if token.part_of is not None and id(token.part_of) in keys:
                outcome.part_of = keys[id(token.part_of)]
            if token.repeat_of is not None and id(token.repeat_of) in keys:
                outcome.repeat_of = keys[id(token.repeat_of)]
        return outcomes


def read_outcomes(
    lines: list[str], anchor: int, end: int, fiscal_year: int, places: Iterable[str] = ()
) -> list[Outcome]:
    """Figures of the report between its 基本情報 heading (0-based `anchor`) and `end` (exclusive).

    `places`: the municipality names the report may attach figures to (the towns of a multi-municipality
    report, the municipalities of a prefecture); empty for a single municipality.
    """
    results = next((i for i in range(anchor, end) if RESULTS_HEADING in lines[i]), None)
    return _ReportReader(lines, anchor, results, end, fiscal_year, places).read()

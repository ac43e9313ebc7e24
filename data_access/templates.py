"""Reporting templates that officials fill in: one per kind of report, declared once as data.

The same declaration drives the Excel/CSV template (header row, example row, data dictionary), the
importer's validation (data_access.imports) and its before/after table, so they can never disagree about a
column.
"""

from __future__ import annotations

import argparse
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from data_access.vocabulary import ACTIVITY_METRICS, PROGRAMS, TARGET_METRICS, program_name

DATA_SHEET = "データ"
DICTIONARY_SHEET = "項目の説明"

# Column types; TYPE_LABELS explains each to the official in the data dictionary.
TYPE_LABELS = {
    "municipality_code": "団体コード（6桁、または先頭5桁）",
    "prefecture": "都道府県名（または2桁の都道府県コード）",
    "text": "文字",
    "date": "日付（令和2年12月24日、R2.12.24、H30.6、2020/12/24 など）",
    "fiscal_year": "年度（令和2年度、R2、2020年度、2020 など）",
    "integer": "0以上の整数",
    "number": "0以上の数値",
    "choice": "一覧から選択",
    "flag": "はい／いいえ",
}


@dataclass(frozen=True)
class Column:
    """One column of a template: what the official sees and what the importer stores."""

    key: str
    ja: str
    en: str
    type: str  # a key of TYPE_LABELS
    required: bool
    description: str
    example: str
    allowed: dict[str, str] = field(default_factory=dict)  # label written in the file -> stored value
    aliases: dict[str, str] = field(default_factory=dict)  # other spellings accepted on import
    unit: str = ""


@dataclass(frozen=True)
class Template:
    kind: str
    ja: str
    en: str
    description: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]  # column keys that identify one row (no two rows of a file may share them)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def headers(self) -> list[str]:
        return [c.ja for c in self.columns]

    @property
    def example_row(self) -> list[str]:
        return [c.example for c in self.columns]


def _municipality_columns() -> tuple[Column, ...]:
    return (
        Column(
            "municipality_code",
            "団体コード",
            "Municipality code",
            "municipality_code",
            False,
            "全国地方公共団体コード。空欄のときは「都道府県」と「市区町村名」で特定します。",
            "092011",
        ),
        Column(
            "prefecture", "都道府県", "Prefecture", "prefecture", False, "団体コードが空欄のときに必要です。", "栃木県"
        ),
        Column(
            "municipality_name",
            "市区町村名",
            "Municipality",
            "text",
            False,
            "団体コードが空欄のときに必要です。政令市の区は「札幌市中央区」のように書きます。",
            "宇都宮市",
        ),
    )


def _fiscal_year(example: str = "令和2年度") -> Column:
    return Column("fiscal_year", "年度", "Fiscal year", "fiscal_year", True, "4月から翌年3月までの年度。", example)


def _period_end(example: str) -> Column:
    return Column(
        "period_end",
        "集計時点",
        "Period end",
        "date",
        True,
        "いつまでの値か（年度途中なら「2月末現在」の日付）。年度の範囲内の日付にします。",
        example,
    )


def _district_code(required: bool, description: str, example: str) -> Column:
    return Column("district_code", "地区コード", "District code", "text", required, description, example)


def _labels(catalogue: dict) -> dict[str, str]:
    return {metric.name("ja"): key for key, metric in catalogue.items()}


COUNCIL_STATUS = {"未設置": "not_started", "準備中": "preparing", "設置済": "established"}
PROGRAM_STAGES = {"本格実施": "full", "移行準備": "preparing", "検討中": "considering", "未実施": "none"}
CONSULTATION_CATEGORIES = {"全体": "all", "複合的な課題": "complex"}
COUNT_BASES = {"実数": "distinct", "延べ": "contacts"}
CONSULTATION_UNITS = {"件": "件", "世帯": "世帯", "人": "人"}


def _count(key: str, ja: str, en: str, description: str, example: str) -> Column:
    return Column(key, ja, en, "integer", False, description, example)


TEMPLATES: dict[str, Template] = {
    t.kind: t
    for t in (
        Template(
            "districts_councils",
            "地区と第2層協議体の設置状況",
            "Districts and tier-2 councils",
            "地区（第2層の圏域）ごとに1行。協議体の状況、設置日、第2層生活支援コーディネーターの配置日。",
            (
                *_municipality_columns(),
                _district_code(True, "自治体の中で地区を区別するコード（例: 01）。", "24"),
                Column("district_name", "地区名", "District", "text", True, "地区の名前。", "清原地区"),
                Column(
                    "district_kind",
                    "地区の種類",
                    "District kind",
                    "text",
                    True,
                    "日常生活圏域、地区連合自治会、中学校区など。",
                    "地区連合自治会",
                ),
                Column(
                    "council_status",
                    "協議体の状況",
                    "Council status",
                    "choice",
                    True,
                    "第2層協議体の設置状況。",
                    "設置済",
                    allowed=COUNCIL_STATUS,
                    aliases={"設置": "established", "設置済み": "established", "未": "not_started"},
                ),
                Column(
                    "established_on",
                    "設置日",
                    "Set-up date",
                    "date",
                    False,
                    "協議体を設置した日。月までしか分からなければ H30.6 のように書きます。未来の日付は不可。",
                    "2018-06-01",
                ),
                Column(
                    "coordinator_placed_on",
                    "第2層SC配置日",
                    "Coordinator placed",
                    "date",
                    False,
                    "第2層生活支援コーディネーターを配置した日（未配置なら空欄）。未来の日付は不可。",
                    "2018-06",
                ),
            ),
            ("municipality_code", "district_code"),
        ),
        Template(
            "council_activity",
            "協議体の活動実績",
            "Council activity",
            "活動の回数・人数を、年度・集計時点・項目ごとに1行。地区コードが空欄なら自治体全体の値です。",
            (
                *_municipality_columns(),
                _district_code(False, "地区ごとの値なら地区コード。自治体全体の値なら空欄。", ""),
                _fiscal_year(),
                _period_end("2020-11-30"),
                Column(
                    "metric",
                    "項目",
                    "Metric",
                    "choice",
                    True,
                    "活動の種類。",
                    "設置に向けた事業説明の回数",
                    allowed=_labels(ACTIVITY_METRICS),
                ),
                Column("value", "値", "Value", "number", True, "回数・人数など。", "21"),
                Column(
                    "unit", "単位", "Unit", "text", True, "回・人・地区など。同じ項目では同じ単位を使います。", "回"
                ),
                Column("event_date", "実施日", "Event date", "date", False, "1回限りの催しなら、その日。", ""),
            ),
            ("municipality_code", "district_code", "fiscal_year", "period_end", "metric"),
        ),
        Template(
            "program_status",
            "事業の実施状況",
            "Programme status",
            "自治体・年度・事業ごとに1行。",
            (
                *_municipality_columns(),
                _fiscal_year("令和3年度"),
                Column(
                    "program",
                    "事業",
                    "Programme",
                    "choice",
                    True,
                    "事業の名前。",
                    "重層的支援体制整備事業",
                    allowed={program_name(key, "ja"): key for key in PROGRAMS},
                    aliases={
                        "重層事業": "jusou",
                        "重層的支援体制整備": "jusou",
                        "地域力強化": "chiiki_ryoku",
                        "多機関協働": "takikan",
                        "モデル事業": "model_projects",
                    },
                ),
                Column(
                    "stage",
                    "段階",
                    "Stage",
                    "choice",
                    True,
                    "その年度の段階。",
                    "移行準備",
                    allowed=PROGRAM_STAGES,
                    aliases={"移行準備事業": "preparing", "実施に向けて検討中": "considering", "実施": "full"},
                ),
            ),
            ("municipality_code", "fiscal_year", "program"),
        ),
        Template(
            "consultations",
            "相談件数",
            "Consultations",
            "自治体（または地区）・年度・集計時点・区分・実数/延べ・単位ごとに1行。単位の違う値は別の行にします。",
            (
                *_municipality_columns(),
                _district_code(False, "地区ごとの値なら地区コード。自治体全体の値なら空欄。", ""),
                _fiscal_year(),
                _period_end("2021-02-28"),
                Column(
                    "is_partial_year",
                    "年度途中",
                    "Partial year",
                    "flag",
                    False,
                    "年度途中の値なら「はい」。空欄なら集計時点が3月31日より前かどうかで判定します。",
                    "はい",
                    allowed={"はい": "true", "いいえ": "false"},
                    aliases={"○": "true", "1": "true", "0": "false", "true": "true", "false": "false"},
                ),
                Column(
                    "category",
                    "区分",
                    "Category",
                    "choice",
                    True,
                    "相談全体か、複合的な課題を抱える相談か。",
                    "全体",
                    allowed=CONSULTATION_CATEGORIES,
                    aliases={"複合": "complex", "all": "all"},
                ),
                Column(
                    "basis",
                    "実数/延べ",
                    "Count basis",
                    "choice",
                    True,
                    "実数（ケースの数）か延べ（対応の回数）か。",
                    "実数",
                    allowed=COUNT_BASES,
                    aliases={"延": "contacts", "延べ数": "contacts"},
                ),
                Column(
                    "unit",
                    "単位",
                    "Unit",
                    "choice",
                    True,
                    "件・世帯・人。同じ系列では同じ単位を使います。",
                    "件",
                    allowed=CONSULTATION_UNITS,
                ),
                _count("new_cases", "新規", "New cases", "期間中に新しく受けた相談。", "406"),
                _count("continuing_cases", "継続", "Continuing cases", "前年度から引き継いだ相談。", "207"),
                _count("closed_cases", "終結", "Closed cases", "期間中に終結した相談（新規＋継続を超えない）。", "315"),
                _count("referred_cases", "つないだ件数", "Referred", "他の機関につないだ相談。", "128"),
                _count("ongoing_cases", "対応中", "Ongoing", "集計時点で対応中の相談。", "298"),
            ),
            ("municipality_code", "district_code", "fiscal_year", "period_end", "category", "basis", "unit"),
        ),
        Template(
            "targets",
            "成果目標",
            "Targets",
            "自治体・年度・項目・単位ごとに1行。率（%）は0から100の範囲。",
            (
                *_municipality_columns(),
                _fiscal_year(),
                Column(
                    "metric",
                    "項目",
                    "Metric",
                    "choice",
                    True,
                    "目標の項目。",
                    "第2層協議体の設置数",
                    allowed=_labels(TARGET_METRICS),
                ),
                Column("value", "目標値", "Target value", "number", True, "目標とする値。", "39"),
                Column("unit", "単位", "Unit", "text", True, "地区・件・% など。", "地区"),
                Column("due_on", "期限", "Due date", "date", False, "いつまでに達成するか。", "令和3年3月31日"),
            ),
            ("municipality_code", "fiscal_year", "metric", "unit"),
        ),
        Template(
            "training",
            "研修の参加状況",
            "Training participation",
            "都道府県・年度・研修ごとに1行。",
            (
                Column(
                    "prefecture",
                    "都道府県",
                    "Prefecture",
                    "prefecture",
                    True,
                    "研修を行う都道府県（名前または2桁のコード）。",
                    "広島県",
                ),
                _fiscal_year(),
                Column(
                    "program_name",
                    "研修名",
                    "Programme",
                    "text",
                    True,
                    "研修の名前。",
                    "地域の支え合いコーディネート機能強化研修",
                ),
                _count("municipalities", "参加市町村数", "Municipalities", "参加した市町村の数。", "7"),
                _count("teams", "チーム数", "Teams", "参加したチームの数。", "8"),
                _count("staff_government", "行政", "Government staff", "行政職員の参加者数。", "13"),
                _count(
                    "staff_social_welfare_council",
                    "社協",
                    "Social welfare council staff",
                    "社会福祉協議会の参加者数。",
                    "23",
                ),
                _count(
                    "staff_consultation_agencies",
                    "相談機関",
                    "Consultation agency staff",
                    "相談支援機関の参加者数。",
                    "0",
                ),
                _count("participants", "参加者数", "Participants", "参加者の合計。", "36"),
            ),
            ("prefecture", "fiscal_year", "program_name"),
        ),
    )
}


def template(kind: str) -> Template:
    """The template of `kind`, or a Japanese error listing the kinds."""
    try:
        return TEMPLATES[kind]
    except KeyError:
        raise ValueError(f"テンプレートの種類「{kind}」はありません。使える種類: {', '.join(TEMPLATES)}") from None


def dictionary_rows(tpl: Template) -> list[list[str]]:
    """The data dictionary: one row per column, as shown on the 項目の説明 sheet."""
    rows = [["列名", "英語名", "必須", "形式", "使用できる値・単位", "説明", "記入例"]]
    for c in tpl.columns:
        allowed = "、".join(c.allowed) if c.allowed else c.unit
        rows.append([c.ja, c.en, "必須" if c.required else "", TYPE_LABELS[c.type], allowed, c.description, c.example])
    return rows


def template_xlsx(kind: str) -> bytes:
    """Excel template: sheet データ (header + example row, drop-downs for choices) and 項目の説明."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    tpl = template(kind)
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(tpl.headers)
    sheet.append(tpl.example_row)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(tpl.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.ja) + 4, len(column.example) + 4)
        if column.type in ("municipality_code", "text", "date"):
            for row in range(2, 1002):  # codes keep their leading zeros, dates stay as typed
                sheet.cell(row=row, column=index).number_format = "@"
        if column.allowed:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.allowed) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}1001")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(DICTIONARY_SHEET)
    notes.append([f"{tpl.ja}（{tpl.kind}）: {tpl.description}"])
    notes.append(
        ["1行目は見出しです。2行目は記入例（公表資料の実際の値）なので、書き換えるか削除してから記入してください。"]
    )
    notes.append([])
    for row in dictionary_rows(tpl):
        notes.append(row)
    for cell in notes[4]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for letter, width in zip("ABCDEFG", (18, 24, 6, 36, 40, 60, 24)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(kind: str) -> bytes:
    """CSV template: UTF-8 with BOM (Excel opens it correctly), header row and one example row."""
    tpl = template(kind)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(tpl.headers)
    writer.writerow(tpl.example_row)
    return out.getvalue().encode("utf-8-sig")


def template_file_name(kind: str, file_format: str) -> str:
    return f"template_{template(kind).kind}.{file_format}"


def run_template_command(args: argparse.Namespace) -> int:
    """`python -m data_access template KIND [--format xlsx|csv] [--output PATH]`."""
    data = template_xlsx(args.kind) if args.format == "xlsx" else template_csv(args.kind)
    output = Path(args.output) if args.output else Path.cwd() / template_file_name(args.kind, args.format)
    if output.is_dir():
        output = output / template_file_name(args.kind, args.format)
    output.write_bytes(data)
    print(f"テンプレート「{template(args.kind).ja}」を書き出しました: {output}")
    return 0

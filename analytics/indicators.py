"""Indicator catalogue, declared once.

Every screen, tooltip, export and comparison reads the name, definition, unit, polarity and
caveats from here, so that the dashboard never shows the same figure under two definitions.
Japanese text is the primary wording (it is what prefectural and municipal staff read); English
is kept alongside for documentation and for the code.

Polarity decides whether "above the benchmark" may be called good. It is deliberately
"no_judgement" where a higher value is not simply better (more consultations may mean better
outreach or more unmet need).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Polarity = Literal["higher_is_better", "lower_is_better", "no_judgement"]
Statistic = Literal["proportion", "rate", "categorical"]

POLARITIES: tuple[str, ...] = ("higher_is_better", "lower_is_better", "no_judgement")
STATISTICS: tuple[str, ...] = ("proportion", "census", "rate", "categorical")

POLARITY_LABELS_JA: dict[str, str] = {
    "higher_is_better": "値が高いほど望ましい",
    "lower_is_better": "値が低いほど望ましい",
    "no_judgement": "値の高低だけでは良否を判断しない",
}


@dataclass(frozen=True)
class Indicator:
    """One indicator as published on the dashboard.

    min_denominator: below this denominator (districts, cases or residents, see definition) the
    municipality is shown but not statistically compared. None for categorical indicators.
    statistic: how intervals and funnels are computed (proportion: Wilson/binomial, rate: Poisson per
    population, census: a complete count — every district of the municipality — so no sampling interval, a value
    is compared with its benchmark as it is; categorical: none).
    categories: (code, Japanese label) pairs for categorical indicators, in display order.
    """

    key: str
    name_ja: str
    name_en: str
    definition_ja: str
    definition_en: str
    unit: str
    polarity: Polarity
    source_ja: str
    caveats_ja: tuple[str, ...]
    min_denominator: int | None
    statistic: Statistic = "proportion"
    categories: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.polarity not in POLARITIES:
            raise ValueError(f"指標 {self.key} の評価の向きが不正です: {self.polarity!r}")
        if self.statistic not in STATISTICS:
            raise ValueError(f"指標 {self.key} の統計量の種類が不正です: {self.statistic!r}")
        if self.statistic == "categorical" and not self.categories:
            raise ValueError(f"区分型の指標 {self.key} に区分が定義されていません")


_SOURCE_SURVEY = "都道府県による市町村調査（生活支援体制整備事業・包括的相談支援の実施状況）"

_INDICATOR_LIST: tuple[Indicator, ...] = (
    Indicator(
        key="council_coverage",
        name_ja="第2層協議体の設置率",
        name_en="Second-tier council coverage",
        definition_ja=(
            "市町村が設定した第2層（日常生活圏域等）の区域のうち、生活支援体制整備事業の"
            "協議体が設置されている区域の割合。分子は協議体を設置済みの区域数、分母は第2層の区域数。"
        ),
        definition_en=(
            "Share of the municipality's second-tier districts (daily-life areas) in which a "
            "community support council has been set up. Numerator: districts with a council; "
            "denominator: all second-tier districts."
        ),
        unit="%",
        polarity="higher_is_better",
        source_ja=_SOURCE_SURVEY,
        caveats_ja=(
            "第2層の区域の設定方法（中学校区、小学校区、地区社協の区域など）は市町村により異なるため、"
            "区域数の多寡も併せて確認してください。",
            "協議体の設置の有無を示すものであり、活動の頻度や内容は反映していません。",
        ),
        min_denominator=1,
        statistic="census",
    ),
    Indicator(
        key="consultations_per_10k",
        name_ja="相談件数（人口1万人当たり）",
        name_en="Consultations per 10,000 residents",
        definition_ja=("年度内に受け付けた相談の延べ件数を、当該年度の住民基本台帳人口で除し、1万を乗じた値。"),
        definition_en=(
            "Consultations received in the fiscal year divided by the resident population "
            "(Basic Resident Register) and multiplied by 10,000."
        ),
        unit="件／人口1万人",
        polarity="no_judgement",
        source_ja=_SOURCE_SURVEY,
        caveats_ja=(
            "件数が多いことは、相談窓口が周知され利用されていることの表れである場合も、"
            "地域の課題が多いことの表れである場合もあり、多いほど良いとは言えません。",
            "相談の数え方（延べ件数か実人数か、継続相談の扱い）が市町村により異なる場合があります。",
            "人口の少ない町村では、数件の違いで値が大きく変動します。信頼区間を併せて確認してください。",
        ),
        min_denominator=1_000,
        statistic="rate",
    ),
    Indicator(
        key="closure_rate",
        name_ja="終結率",
        name_en="Case closure rate",
        definition_ja=(
            "年度内に対応した相談ケース（新規受付件数と前年度からの継続件数の合計）のうち、"
            "年度内に支援を終結したケースの割合。"
        ),
        definition_en=(
            "Share of cases handled in the fiscal year (new cases plus cases continuing from the "
            "previous year) that were closed within the year."
        ),
        unit="%",
        polarity="higher_is_better",
        source_ja=_SOURCE_SURVEY,
        caveats_ja=(
            "終結率は、対応しているケースの内容（複合的な課題を抱える世帯の割合など）と集計期間の"
            "長さに左右されます。長期の伴走支援を要するケースが多い市町村では低くなる傾向があります。",
            "終結の判断基準は市町村により異なる場合があります。",
        ),
        min_denominator=10,
        statistic="proportion",
    ),
    Indicator(
        key="referral_rate",
        name_ja="つないだ割合",
        name_en="Referral rate",
        definition_ja=(
            "年度内に対応した相談ケースのうち、他の相談支援機関、制度又は地域の社会資源につないだケースの割合。"
        ),
        definition_en=(
            "Share of cases handled in the fiscal year that were referred (connected) to another "
            "support agency, public programme or community resource."
        ),
        unit="%",
        polarity="no_judgement",
        source_ja=_SOURCE_SURVEY,
        caveats_ja=(
            "つなぐことが適切な場合も、相談を受けた機関で支援を完結することが適切な場合もあり、"
            "高いほど良いとは言えません。",
            "「つないだ」と数える範囲（情報提供のみを含むか等）は市町村により異なる場合があります。",
        ),
        min_denominator=10,
        statistic="proportion",
    ),
    Indicator(
        key="jusou_status",
        name_ja="重層的支援体制整備事業の実施状況",
        name_en="Implementation of the multi-layered support system programme",
        definition_ja=(
            "社会福祉法第106条の4に基づく重層的支援体制整備事業の実施状況。"
            "「本格実施」「移行準備事業を実施」「実施に向けて検討中」「未実施」の4区分。"
        ),
        definition_en=(
            "Status of the multi-layered support system programme under Article 106-4 of the "
            "Social Welfare Act: running, running the transition-preparation programme, "
            "considering implementation, or not running."
        ),
        unit="",
        polarity="no_judgement",
        source_ja="厚生労働省「重層的支援体制整備事業の実施自治体」及び市町村からの報告",
        caveats_ja=(
            "本事業の実施は市町村の任意であり、未実施であっても包括的な支援体制が整備されていない"
            "ことを意味するものではありません。",
        ),
        min_denominator=None,
        statistic="categorical",
        # Codes follow the stored programme stages (data_access ProgramStage).
        categories=(
            ("full", "本格実施"),
            ("preparing", "移行準備事業を実施"),
            ("considering", "実施に向けて検討中"),
            ("none", "未実施"),
        ),
    ),
)

INDICATORS: dict[str, Indicator] = {ind.key: ind for ind in _INDICATOR_LIST}


def get_indicator(key: str) -> Indicator:
    """The catalogue entry for `key`; KeyError with a Japanese message when unknown."""
    try:
        return INDICATORS[key]
    except KeyError:
        raise KeyError(f"指標 {key!r} は定義されていません") from None

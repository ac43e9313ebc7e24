"""Domain vocabulary: metric keys with their Japanese/English names and units, declared once.

Stored rows use the keys; the UI shows the names. Units travel with values and are never mixed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    key: str
    ja: str
    en: str
    unit: str


def _catalogue(*metrics: Metric) -> dict[str, Metric]:
    return {m.key: m for m in metrics}


FACT_METRICS = _catalogue(
    Metric("population", "人口", "Population", "人"),
    Metric("population_male", "人口（男）", "Population (male)", "人"),
    Metric("population_female", "人口（女）", "Population (female)", "人"),
    Metric("households", "世帯数", "Households", "世帯"),
    Metric("population_65_over", "65歳以上人口", "Residents aged 65+", "人"),
    Metric("population_75_over", "75歳以上人口", "Residents aged 75+", "人"),
    Metric("aging_rate", "高齢化率", "Aging rate", "%"),
    Metric("share_75_over", "75歳以上人口の割合", "Share aged 75+", "%"),
    Metric("population_density", "人口密度", "Population density", "人/km²"),
    Metric("census_population_preliminary", "国勢調査人口（速報）", "Census population (preliminary)", "人"),
    Metric("welfare_rate", "生活保護受給率", "Public assistance rate", "‰"),  # unit may also be %
    Metric("area", "面積", "Area", "km²"),
    Metric("neighborhood_assoc_rate", "自治会加入率", "Neighbourhood association membership", "%"),
    Metric("elementary_schools", "小学校数", "Elementary schools", "校"),
    Metric("junior_high_schools", "中学校数", "Junior high schools", "校"),
    Metric(
        "houkatsu_centers_direct", "地域包括支援センター（直営）", "Community general support centres (direct)", "か所"
    ),
    Metric(
        "houkatsu_centers_outsourced",
        "地域包括支援センター（委託）",
        "Community general support centres (outsourced)",
        "か所",
    ),
    Metric("tier2_districts_total", "第2層の圏域数（報告値）", "Tier-2 districts (reported)", "地区"),
    Metric("tier2_councils_established", "第2層協議体の設置数（報告値）", "Tier-2 councils set up (reported)", "地区"),
)

ACTIVITY_METRICS = _catalogue(
    Metric("council_meetings", "第2層協議体の開催回数", "Tier-2 council meetings", "回"),
    Metric("briefings", "設置に向けた事業説明の回数", "Briefings towards set-up", "回"),
    Metric("exchange_meetings", "情報交換会の開催回数", "Exchange meetings", "回"),
    Metric("exchange_participants", "情報交換会の参加者数", "Exchange meeting participants", "人"),
    Metric("exchange_districts", "情報交換会の参加地区数", "Districts at exchange meetings", "地区"),
)

# outcomes read from report free text (review queue; data_access.review)
OUTCOME_METRICS = _catalogue(
    Metric("consultations", "相談件数", "Consultations", "件"),
    Metric("consultations_continuing", "前年度からの継続件数", "Cases carried over from the previous year", "件"),
    Metric("consultations_complex", "複合的な課題の相談件数", "Consultations with complex needs", "件"),
    Metric("closures", "終結件数", "Closed cases", "件"),
    Metric("closure_rate_pct", "終結率", "Closure rate", "%"),
    Metric("referrals", "つないだ件数", "Cases referred on", "件"),
    Metric("ongoing", "継続支援件数", "Cases still supported", "件"),
)

TARGET_METRICS = _catalogue(
    Metric("tier2_councils_established", "第2層協議体の設置数", "Tier-2 councils set up", "地区"),
    Metric("new_consultations", "新規相談件数", "New consultations", "件"),
    Metric("closure_rate", "終結率", "Closure rate", "%"),
)

COUNCIL_STATUS_LABELS = {
    "established": ("設置済", "Set up"),
    "preparing": ("準備中", "Preparing"),
    "not_started": ("未設置", "Not yet"),
}

PROGRAM_LABELS = {
    "jusou": ("重層的支援体制整備事業", "Multi-tier support system project"),
    "chiiki_ryoku": ("地域力強化推進事業", "Community capacity model project"),
    "takikan": ("多機関の協働による包括的支援体制構築事業", "Multi-agency model project"),
    "model_projects": ("モデル事業（地域力強化・多機関協働）", "Model projects (either)"),
}

PROGRAM_STAGE_LABELS = {
    "full": ("本格実施", "Running"),
    "preparing": ("移行準備", "Preparing"),
    "considering": ("実施に向けて検討中", "Considering"),
    "none": ("未実施", "Not running"),
}

"""Domain vocabulary: metric, status, programme and stage keys with their units, declared once.

Stored rows use the keys; screens, templates and messages show their names from the catalogue of words
(core/locales: metric_<key>, council_status_<key>, program_<key>, program_stage_<key>). Units travel with values
and are never mixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import t


@dataclass(frozen=True)
class Metric:
    key: str
    unit: str
    name_key: str = ""  # catalogue key of its name when it differs from metric_<key>

    def name(self, lang: str) -> str:
        return t(self.name_key or f"metric_{self.key}", lang)


def _catalogue(*metrics: Metric) -> dict[str, Metric]:
    return {m.key: m for m in metrics}


FACT_METRICS = _catalogue(
    Metric("population", "人"),
    Metric("population_male", "人"),
    Metric("population_female", "人"),
    Metric("households", "世帯"),
    Metric("population_65_over", "人"),
    Metric("population_75_over", "人"),
    Metric("aging_rate", "%"),
    Metric("share_75_over", "%"),
    Metric("population_density", "人/km²"),
    Metric("census_population_preliminary", "人"),
    Metric("welfare_rate", "‰"),  # unit may also be %
    Metric("area", "km²"),
    Metric("neighborhood_assoc_rate", "%"),
    Metric("elementary_schools", "校"),
    Metric("junior_high_schools", "校"),
    Metric("houkatsu_centers_direct", "か所"),
    Metric("houkatsu_centers_outsourced", "か所"),
    Metric("tier2_districts_total", "地区"),
    Metric("tier2_councils_established", "地区"),
)

ACTIVITY_METRICS = _catalogue(
    Metric("council_meetings", "回"),
    Metric("briefings", "回"),
    Metric("exchange_meetings", "回"),
    Metric("exchange_participants", "人"),
    Metric("exchange_districts", "地区"),
)

# outcomes read from report free text (review queue; data_access.review)
OUTCOME_METRICS = _catalogue(
    Metric("consultations", "件"),
    Metric("consultations_continuing", "件"),
    Metric("consultations_complex", "件"),
    Metric("closures", "件"),
    Metric("closure_rate_pct", "%"),
    Metric("referrals", "件"),
    Metric("ongoing", "件"),
)

TARGET_METRICS = _catalogue(
    Metric("tier2_councils_established", "地区", "metric_target_tier2_councils_established"),
    Metric("new_consultations", "件"),
    Metric("closure_rate", "%"),
)

PROGRAMS = ("jusou", "chiiki_ryoku", "takikan", "model_projects")
PROGRAM_STAGES = ("full", "preparing", "considering", "none")


def council_status_name(status: str, lang: str) -> str:
    """設置済 / 準備中 / 未設置."""
    return t(f"council_status_{status}", lang)


def program_name(program: str, lang: str) -> str:
    """重層的支援体制整備事業 …"""
    return t(f"program_{program}", lang)


def stage_name(stage: str, lang: str) -> str:
    """本格実施 / 移行準備 / 実施に向けて検討中 / 未実施."""
    return t(f"program_stage_{stage}", lang)


# Units as stored with the values (Japanese counters) -> the catalogue's word for them (unit_word_<key>).
UNIT_WORDS = {
    "件": "cases",
    "回": "times",
    "人": "people",
    "世帯": "households",
    "地区": "districts",
    "か所": "sites",
    "校": "schools",
    "%": "percent",
    "‰": "per_mille",
    "km²": "km2",
    "人/km²": "per_km2",
}


def unit_name(unit: str, lang: str) -> str:
    """A stored unit in the UI language (件 → cases); an unknown unit is shown as stored."""
    return t(f"unit_word_{UNIT_WORDS[unit]}", lang) if unit in UNIT_WORDS else unit

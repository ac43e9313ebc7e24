"""Indicator catalogue, declared once.

Every screen, tooltip, export and comparison reads the unit, polarity, statistic and minimum denominator from here,
and the words (name, definition, caveats, source) from the catalogue of words (core/locales:
indicator_<key>_name, _definition, _caveats, _source), so that the dashboard never shows the same figure under two
definitions, in either language.

Polarity decides whether "above the benchmark" may be called good. It is deliberately
"no_judgement" where a higher value is not simply better (more consultations may mean better
outreach or more unmet need).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.i18n import t

Polarity = Literal["higher_is_better", "lower_is_better", "no_judgement"]
Statistic = Literal["proportion", "census", "rate", "categorical"]

POLARITIES: tuple[str, ...] = ("higher_is_better", "lower_is_better", "no_judgement")
STATISTICS: tuple[str, ...] = ("proportion", "census", "rate", "categorical")


@dataclass(frozen=True)
class Indicator:
    """One indicator as published on the dashboard.

    unit: the unit symbol the values carry ("%" for shares; its words are indicator_<key>_unit).
    min_denominator: below this denominator (districts, cases or residents, see definition) the
    municipality is shown but not statistically compared. None for categorical indicators.
    statistic: how intervals and funnels are computed (proportion: Wilson/binomial, rate: Poisson per
    population, census: a complete count — every district of the municipality — so no sampling interval, a value
    is compared with its benchmark as it is; categorical: none).
    categories: codes of a categorical indicator, in display order (words: indicator_<key>_category_<code>).
    """

    key: str
    unit: str
    polarity: Polarity
    min_denominator: int | None
    statistic: Statistic = "proportion"
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.polarity not in POLARITIES:
            raise ValueError(f"指標 {self.key} の評価の向きが不正です: {self.polarity!r}")
        if self.statistic not in STATISTICS:
            raise ValueError(f"指標 {self.key} の統計量の種類が不正です: {self.statistic!r}")
        if self.statistic == "categorical" and not self.categories:
            raise ValueError(f"区分型の指標 {self.key} に区分が定義されていません")

    def name(self, lang: str) -> str:
        return t(f"indicator_{self.key}_name", lang)

    def definition(self, lang: str) -> str:
        return t(f"indicator_{self.key}_definition", lang)

    def unit_label(self, lang: str) -> str:
        return t(f"indicator_{self.key}_unit", lang)

    def caveats(self, lang: str) -> tuple[str, ...]:
        return tuple(t(f"indicator_{self.key}_caveats", lang).splitlines())

    def source(self, lang: str) -> str:
        return t(f"indicator_{self.key}_source", lang)

    def category_label(self, code: str, lang: str) -> str:
        return t(f"indicator_{self.key}_category_{code}", lang)


_INDICATOR_LIST: tuple[Indicator, ...] = (
    Indicator("council_coverage", "%", "higher_is_better", min_denominator=1, statistic="census"),
    Indicator("consultations_per_10k", "件／人口1万人", "no_judgement", min_denominator=1_000, statistic="rate"),
    Indicator("closure_rate", "%", "higher_is_better", min_denominator=10, statistic="proportion"),
    Indicator("referral_rate", "%", "no_judgement", min_denominator=10, statistic="proportion"),
    Indicator(
        "jusou_status",
        "",
        "no_judgement",
        min_denominator=None,
        statistic="categorical",
        categories=("full", "preparing", "considering", "none"),  # the stored programme stages (ProgramStage)
    ),
)

INDICATORS: dict[str, Indicator] = {ind.key: ind for ind in _INDICATOR_LIST}


def get_indicator(key: str) -> Indicator:
    """The catalogue entry for `key`; KeyError with a Japanese message when unknown."""
    try:
        return INDICATORS[key]
    except KeyError:
        raise KeyError(f"指標 {key!r} は定義されていません") from None

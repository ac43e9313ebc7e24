import dataclasses

import pytest

from analytics.indicators import INDICATORS, POLARITIES, Indicator, get_indicator

REQUIRED = {
    "council_coverage": ("第2層協議体の設置率", "higher_is_better", "census"),  # every district: no interval
    "consultations_per_10k": ("相談件数（人口1万人当たり）", "no_judgement", "rate"),
    "closure_rate": ("終結率", "higher_is_better", "proportion"),
    "referral_rate": ("つないだ割合", "no_judgement", "proportion"),
    "jusou_status": ("重層的支援体制整備事業の実施状況", "no_judgement", "categorical"),
}


@pytest.mark.parametrize(("key", "expected"), REQUIRED.items())
def test_required_indicators(key, expected):
    ind = INDICATORS[key]
    assert ind.key == key
    assert (ind.name("ja"), ind.polarity, ind.statistic) == expected


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("ind", INDICATORS.values(), ids=lambda i: i.key)
def test_every_indicator_is_fully_described_in_both_languages(ind, lang):
    for text in (ind.name(lang), ind.definition(lang), ind.source(lang), ind.unit_label(lang)):
        assert text.strip()
    assert ind.caveats(lang) and all(c.strip() for c in ind.caveats(lang))
    assert len(ind.caveats("ja")) == len(ind.caveats("en"))
    assert ind.polarity in POLARITIES
    if ind.statistic == "categorical":
        assert ind.min_denominator is None and ind.categories
    else:
        assert ind.min_denominator is not None and ind.min_denominator >= 1


def test_closure_rate_caveat_mentions_case_mix_and_period():
    text = "".join(INDICATORS["closure_rate"].caveats("ja"))
    assert "ケースの内容" in text and "期間" in text


def test_units():
    assert INDICATORS["council_coverage"].unit == "%"
    assert INDICATORS["closure_rate"].unit == "%"
    assert "1万人" in INDICATORS["consultations_per_10k"].unit


def test_jusou_categories():
    jusou = INDICATORS["jusou_status"]
    assert {code: jusou.category_label(code, "ja") for code in jusou.categories} == {
        "full": "本格実施",
        "preparing": "移行準備事業を実施",
        "considering": "実施に向けて検討中",
        "none": "未実施",
    }


def test_indicator_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        INDICATORS["closure_rate"].polarity = "lower_is_better"


def test_invalid_polarity_rejected():
    base = dataclasses.asdict(INDICATORS["closure_rate"])
    base["polarity"] = "more_is_more"
    with pytest.raises(ValueError, match="評価の向き"):
        Indicator(**base)


def test_get_indicator_unknown_key():
    assert get_indicator("closure_rate") is INDICATORS["closure_rate"]
    with pytest.raises(KeyError, match="定義されていません"):
        get_indicator("nope")

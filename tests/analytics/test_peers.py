import math

import numpy as np
import pandas as pd
import pytest

from analytics.peers import PEER_BANDS, nearest_neighbours, peer_band
from core.i18n import t


@pytest.mark.parametrize(
    ("kind", "population", "designation", "band"),
    [
        ("designated_city", 1_970_000, "designated_city", "designated_city"),
        ("designated_city", None, None, "designated_city"),
        ("city", 514_595, "core_city", "core_city"),  # 宇都宮市: a 中核市 is its own band, whatever its size
        ("city", 230_000, "special_city", "special_city"),
        ("special_ward", 930_000, None, "special_ward"),
        ("ward", 210_000, None, "ward"),
        ("city", 640_000, None, "city_200k"),
        ("city", 200_000, None, "city_200k"),
        ("city", 199_999, None, "city_100k"),
        ("city", 100_000, None, "city_100k"),
        ("city", 99_999, None, "city_50k"),
        ("city", 50_000, None, "city_50k"),
        ("city", 49_999, None, "city_small"),
        ("city", 2_800, None, "city_small"),  # 歌志内市
        ("city", None, None, "city_unknown"),
        ("city", float("nan"), float("nan"), "city_unknown"),
        ("town", 45_000, None, "town_20k"),
        ("town", 20_000, None, "town_20k"),
        ("town", 19_999, None, "town_10k"),
        ("village", 10_000, None, "town_10k"),
        ("village", 9_999, None, "town_small"),
        ("village", 170, None, "town_small"),  # 青ヶ島村
        ("town", None, None, "town_unknown"),
    ],
)
def test_peer_band_table(kind, population, designation, band):
    assert peer_band(kind, population, designation) == band


def test_every_band_is_listed_and_named_in_both_languages():
    assert len(PEER_BANDS) == len(set(PEER_BANDS)) == 12
    for band in (*PEER_BANDS, "city_unknown", "town_unknown"):
        assert t(f"peer_band_{band}", "ja") and t(f"peer_band_{band}", "en")


@pytest.mark.parametrize(
    ("kind", "population", "designation"),
    [("prefecture", 1_000, None), ("", 10, None), ("city", -1, None), ("city", 1, "capital")],
)
def test_peer_band_rejects_bad_input(kind, population, designation):
    with pytest.raises(ValueError):
        peer_band(kind, population, designation)


def small_frame():
    # Only population and aging rate, chosen so the z-scores are easy to compute by hand:
    # log10 populations 3, 4, 4, 5, 5 (natural log is a constant multiple, same z-scores).
    return pd.DataFrame(
        {
            "code": ["A", "B", "C", "D", "E", "F", "G"],
            "population": [1_000, 10_000, 10_000, 100_000, 100_000, None, 10_000],
            "aging_rate_pct": [40.0, 30.0, 40.0, 30.0, 20.0, 35.0, None],
        }
    )


def test_nearest_neighbours_by_hand():
    # Complete rows A..E. log10 pop: 3,4,4,5,5 -> mean 4.2, sd sqrt(0.56) = 0.74833.
    # aging: 40,30,40,30,20 -> mean 32, sd sqrt(56) = 7.48331. Both sds are 0.1 x each other
    # in scaled units, so z = (log10 pop - 4.2)/0.74833 and (aging - 32)/7.48331.
    # From C (z_pop = -0.26726, z_age = 1.06904):
    #   A: dpop = -1.33631, dage = 0         -> 1.33631
    #   B: dpop = 0,        dage = -1.33631  -> 1.33631
    #   D: dpop = 1.33631,  dage = -1.33631  -> 1.88982
    #   E: dpop = 1.33631,  dage = -2.67261  -> 2.98807
    res = nearest_neighbours(small_frame(), "C", k=3, features=("population", "aging_rate_pct"))
    assert list(res.neighbours["code"]) == ["A", "B", "D"]  # A, B tie; ordered by code
    unit = 1 / math.sqrt(0.56)
    assert list(res.neighbours["distance"]) == pytest.approx([unit, unit, unit * math.sqrt(2)])
    assert res.excluded_codes == ("F", "G")
    assert "C" not in set(res.neighbours["code"])


def test_nearest_neighbours_k_larger_than_pool():
    res = nearest_neighbours(small_frame(), "E", k=10, features=("population", "aging_rate_pct"))
    assert list(res.neighbours["code"]) == ["D", "B", "C", "A"]
    d = list(res.neighbours["distance"])
    assert d == sorted(d)
    assert d[0] == pytest.approx(1 / math.sqrt(0.56))  # E-D: aging 10 points = 1.33631


def test_nearest_neighbours_log_scale_matters():
    # On a log scale 1,000 -> 10,000 is as far as 10,000 -> 100,000.
    frame = pd.DataFrame({"code": ["a", "b", "c"], "population": [1_000, 10_000, 100_000]})
    res = nearest_neighbours(frame, "b", k=2, features=("population",))
    assert res.neighbours["distance"].iloc[0] == pytest.approx(res.neighbours["distance"].iloc[1])
    raw = nearest_neighbours(frame, "b", k=1, features=("population",), log_features=set())
    assert raw.neighbours["code"].iloc[0] == "a"


def test_nearest_neighbours_default_features_and_nonpositive_excluded():
    frame = pd.DataFrame(
        {
            "code": ["p", "q", "r", "s"],
            "population": [5_000, 6_000, 300_000, 5_500],
            "aging_rate_pct": [38.0, 37.0, 25.0, 39.0],
            "households": [2_000, 2_500, 140_000, 0],  # 0 households cannot be logged
            "area_km2": [120.0, 150.0, 80.0, 110.0],
        }
    )
    res = nearest_neighbours(frame, "p", k=5)
    assert list(res.neighbours["code"]) == ["q", "r"]
    assert res.excluded_codes == ("s",)
    assert res.features == ("population", "aging_rate_pct", "households", "area_km2")


def test_nearest_neighbours_errors():
    with pytest.raises(ValueError, match="見つからない"):
        nearest_neighbours(small_frame(), "Z", features=("population",))
    with pytest.raises(ValueError, match="欠損"):
        nearest_neighbours(small_frame(), "F", features=("population", "aging_rate_pct"))
    with pytest.raises(KeyError):
        nearest_neighbours(small_frame(), "A", features=("area_km2",))
    with pytest.raises(ValueError, match="k"):
        nearest_neighbours(small_frame(), "A", k=0, features=("population",))


def test_constant_feature_is_ignored():
    frame = pd.DataFrame({"code": ["a", "b", "c"], "population": [1_000, 2_000, 50_000], "aging_rate_pct": [30.0] * 3})
    res = nearest_neighbours(frame, "a", k=1, features=("population", "aging_rate_pct"))
    assert res.neighbours["code"].iloc[0] == "b"
    assert np.isfinite(res.neighbours["distance"]).all()

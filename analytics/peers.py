"""Peer groups: whom a municipality should be compared with.

Comparing a village of 2,000 people with a designated city says little. Two ways to pick peers:

- `peer_band`: a fixed band by kind and population, in the spirit of the 総務省 類似団体区分.
  It is a simplification: the official classification also uses industry structure (shares of
  secondary and tertiary employment) and, for cities, 中核市/施行時特例市 status; those data
  are not in this dashboard, so only kind and population are used. Bands:

  ======================  ====================================================
  kind                    band
  ======================  ====================================================
  designated_city         政令指定都市
  special_ward            特別区
  ward                    行政区（政令指定都市の区）
  city                    市（20万人以上） / 市（10〜20万人） / 市（5〜10万人）
                          / 市（5万人未満）
  town, village           町村（2万人以上） / 町村（1〜2万人） / 町村（1万人未満）
  ======================  ====================================================

  Lower bounds are inclusive (exactly 200,000 is 「20万人以上」). 200,000 matches the
  population requirement of 中核市; 50,000 is the population requirement for becoming a 市.

- `nearest_neighbours`: the k municipalities closest on standardised structural features
  (population, ageing rate, households, area), for a data-driven peer set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

CITY_BANDS: tuple[tuple[int, str], ...] = (
    (200_000, "市（20万人以上）"),
    (100_000, "市（10〜20万人）"),
    (50_000, "市（5〜10万人）"),
    (0, "市（5万人未満）"),
)
TOWN_VILLAGE_BANDS: tuple[tuple[int, str], ...] = (
    (20_000, "町村（2万人以上）"),
    (10_000, "町村（1〜2万人）"),
    (0, "町村（1万人未満）"),
)
FIXED_BANDS: dict[str, str] = {
    "designated_city": "政令指定都市",
    "special_ward": "特別区",
    "ward": "行政区（政令指定都市の区）",
}
BAND_UNKNOWN_CITY = "市（人口不明）"
BAND_UNKNOWN_TOWN_VILLAGE = "町村（人口不明）"

PEER_BANDS: tuple[str, ...] = (
    FIXED_BANDS["designated_city"],
    FIXED_BANDS["special_ward"],
    FIXED_BANDS["ward"],
    *(label for _, label in CITY_BANDS),
    *(label for _, label in TOWN_VILLAGE_BANDS),
)
"""All bands in display order (largest first), excluding the 'population unknown' bands."""

DEFAULT_FEATURES: tuple[str, ...] = ("population", "aging_rate_pct", "households", "area_km2")
LOG_FEATURES: frozenset[str] = frozenset({"population", "households", "area_km2"})


def peer_band(kind: str, population: float | None) -> str:
    """Japanese 類似団体-style band for a municipality (see module docstring for the table).

    Population is not needed for designated cities, special wards and wards. A city, town or
    village without population gets 「市（人口不明）」/「町村（人口不明）」; an unknown kind or a
    negative population raises ValueError.
    """
    if kind in FIXED_BANDS:
        return FIXED_BANDS[kind]
    if kind == "city":
        bands, unknown = CITY_BANDS, BAND_UNKNOWN_CITY
    elif kind in ("town", "village"):
        bands, unknown = TOWN_VILLAGE_BANDS, BAND_UNKNOWN_TOWN_VILLAGE
    else:
        raise ValueError(f"自治体の種別が不正です: {kind!r}")
    if population is None or pd.isna(population):
        return unknown
    if population < 0:
        raise ValueError(f"人口に負の値は指定できません: {population}")
    for lower, label in bands:
        if population >= lower:
            return label
    raise AssertionError("unreachable: the last band starts at 0")  # pragma: no cover


@dataclass(frozen=True)
class NeighbourResult:
    """Nearest neighbours of one municipality.

    neighbours: columns code, distance (ascending; ties by code), at most k rows.
    excluded_codes: municipalities left out because a feature was missing (or not positive
    where a logarithm is taken); shown to users so that the peer set is not silently partial.
    """

    code: str
    neighbours: pd.DataFrame
    excluded_codes: tuple[str, ...]
    features: tuple[str, ...]


def nearest_neighbours(
    frame: pd.DataFrame,
    code: str,
    k: int = 5,
    features: Sequence[str] = DEFAULT_FEATURES,
    *,
    code_col: str = "code",
    log_features: frozenset[str] | set[str] = LOG_FEATURES,
) -> NeighbourResult:
    """The k municipalities structurally closest to `code`.

    Each feature is log-transformed where it spans orders of magnitude (population, households,
    area), then z-scored over the municipalities with complete data (population SD), and the
    Euclidean distance is taken. A feature with zero spread is ignored. The municipality itself
    is never its own neighbour. Restrict `frame` beforehand (e.g. to one prefecture or kind) to
    restrict the candidates.
    """
    features = tuple(features)
    if k < 1:
        raise ValueError(f"近傍の数 k は1以上で指定してください: {k}")
    missing_cols = [c for c in (code_col, *features) if c not in frame.columns]
    if missing_cols:
        raise KeyError(f"列がありません: {missing_cols}")
    codes = frame[code_col].astype(str)
    if (codes == str(code)).sum() != 1:
        raise ValueError(f"団体コード {code!r} が見つからないか、重複しています")

    values = frame[list(features)].apply(pd.to_numeric, errors="coerce").astype(float)
    for feature in features:
        if feature in log_features:
            col = values[feature]
            values[feature] = np.log(col.where(col > 0))
    complete = values.notna().all(axis=1).to_numpy()
    target_pos = int(np.flatnonzero((codes == str(code)).to_numpy())[0])
    if not complete[target_pos]:
        absent = [f for f in features if pd.isna(values.iloc[target_pos][f])]
        raise ValueError(f"団体コード {code!r} の特徴量が欠損しているため、近傍を計算できません: {absent}")

    excluded = tuple(codes[~complete].tolist())
    pool = values[complete]
    pool_codes = codes[complete].to_numpy()
    std = pool.std(ddof=0)
    used = [f for f in features if std[f] > 0 and math.isfinite(std[f])]
    z = (pool[used] - pool[used].mean()) / std[used]
    target = z[pool_codes == str(code)].iloc[0]
    distance = np.sqrt(((z - target) ** 2).sum(axis=1)).to_numpy()

    result = pd.DataFrame({"code": pool_codes, "distance": distance})
    result = result[result["code"] != str(code)]
    # Round for ordering only, so that ties broken by floating-point noise fall back to the code.
    result["_order"] = result["distance"].round(9)
    result = result.sort_values(["_order", "code"], kind="mergesort").head(k)
    result = result.drop(columns="_order").reset_index(drop=True)
    return NeighbourResult(code=str(code), neighbours=result, excluded_codes=excluded, features=features)

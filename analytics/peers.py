"""Peer groups: whom a municipality should be compared with.

Comparing a village of 2,000 people with a designated city says little. Two ways to pick peers:

- `peer_band`: a fixed band by designation, kind and official population, in the spirit of the 総務省
  類似団体区分. It is a simplification: the official classification also uses industry structure (shares of
  secondary and tertiary employment), which the dashboard does not hold. Bands (keys; the words are in the
  catalogue as ``peer_band_<key>``):

  ======================================  ==================================================================
  municipality                            band key
  ======================================  ==================================================================
  政令指定都市                            designated_city
  中核市 / 施行時特例市                   core_city / special_city
  特別区, 行政区                          special_ward, ward
  other city                              city_200k (20万人以上), city_100k, city_50k, city_small (5万人未満)
  town, village                           town_20k (2万人以上), town_10k, town_small (1万人未満)
  ======================================  ==================================================================

  Lower bounds are inclusive (exactly 200,000 is 「20万人以上」); 50,000 is the population requirement of a 市.
  A city, town or village without a population gets ``city_unknown`` / ``town_unknown``.

- `nearest_neighbours`: the k municipalities closest on standardised structural features (official population,
  households, 65+ share and population density), for a data-driven peer set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

CITY_BANDS: tuple[tuple[int, str], ...] = (
    (200_000, "city_200k"),
    (100_000, "city_100k"),
    (50_000, "city_50k"),
    (0, "city_small"),
)
TOWN_VILLAGE_BANDS: tuple[tuple[int, str], ...] = ((20_000, "town_20k"), (10_000, "town_10k"), (0, "town_small"))
FIXED_BANDS: dict[str, str] = {"designated_city": "designated_city", "special_ward": "special_ward", "ward": "ward"}
DESIGNATION_BANDS: dict[str, str] = {
    "designated_city": "designated_city",
    "core_city": "core_city",
    "special_city": "special_city",
}

PEER_BANDS: tuple[str, ...] = (
    "designated_city",
    "core_city",
    "special_city",
    "special_ward",
    "ward",
    *(key for _, key in CITY_BANDS),
    *(key for _, key in TOWN_VILLAGE_BANDS),
)
"""All band keys in display order (largest first), excluding the 'population unknown' bands."""

DEFAULT_FEATURES: tuple[str, ...] = ("population", "aging_rate_pct", "households", "area_km2")
LOG_FEATURES: frozenset[str] = frozenset({"population", "households", "area_km2"})


def peer_band(kind: str, population: float | None, designation: str | None = None) -> str:
    """類似団体-style band key of a municipality (see the module docstring's table).

    The designation (政令指定都市 / 中核市 / 施行時特例市, data_access.official_statistics) comes first; then the
    kind; population is not needed for designated cities, special wards and wards. An unknown kind or
    designation, or a negative population, raises ValueError.
    """
    if designation is not None and not (isinstance(designation, float) and math.isnan(designation)):
        if designation not in DESIGNATION_BANDS:
            raise ValueError(f"指定都市等の区分が不正です: {designation!r}")
        return DESIGNATION_BANDS[designation]
    if kind in FIXED_BANDS:
        return FIXED_BANDS[kind]
    if kind == "city":
        bands, unknown = CITY_BANDS, "city_unknown"
    elif kind in ("town", "village"):
        bands, unknown = TOWN_VILLAGE_BANDS, "town_unknown"
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

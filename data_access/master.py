"""Municipality master: prefectures, municipalities and designated-city wards with 6-digit codes, as Japan is today.

Read from the `japancode` package's JSON files (installed from PyPI, not copied into git). Its Python
API returns wrong codes, so only the data files are used; codes there lack the leading zero. Its data predate
浜松市's reorganisation of 2024-01-01 (7 wards into 3): `REORGANISATIONS` brings the master up to date, and the
abolished units are kept in the database only while some fact refers to them (data_access.loaders.load_master).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(code5: str) -> int:
    """Check digit of a 5-digit 全国地方公共団体コード (総務省 modulus-11 rule)."""
    if len(code5) != 5 or not code5.isdigit():
        raise ValueError(f"5桁の数字ではありません: {code5!r}")
    total = sum(int(d) * w for d, w in zip(code5, WEIGHTS))
    remainder = total % 11
    return (11 - remainder) % 10 if total >= 11 else 11 - total


def full_code(code5: str) -> str:
    """6-digit code (with check digit) from the 5-digit GIS code."""
    return f"{code5}{check_digit(code5)}"


def is_valid_code(code6: str) -> bool:
    return len(code6) == 6 and code6.isdigit() and check_digit(code6[:5]) == int(code6[5])


def normalize_code(raw: str | int) -> str:
    """6-digit code of a municipality given as a 6- or 5-digit code, with or without leading zero.

    Spreadsheets drop leading zeros, so "11002" may be 札幌市 (011002) or a 5-digit GIS code; the master
    decides. Raises ValueError with a Japanese message when no municipality matches.
    """
    text = str(raw).strip()
    if not text.isdigit() or not 4 <= len(text) <= 6:
        raise ValueError(f"団体コードは5桁または6桁の数字で指定してください: {raw!r}")
    known = {m.code for m in municipalities()}
    candidates = []
    if len(text) >= 5 and is_valid_code(text.zfill(6)):
        candidates.append(text.zfill(6))
    if len(text) <= 5:
        candidates.append(full_code(text.zfill(5)))
    for code in candidates:
        if code in known:
            return code
    raise ValueError(f"団体コード {raw!r} に該当する自治体がありません（検査数字・桁数を確認してください）")


@dataclass(frozen=True)
class PrefectureRecord:
    code: str  # "01".."47"
    name: str
    kana: str
    name_en: str


@dataclass(frozen=True)
class MunicipalityRecord:
    code: str  # 6 digits with check digit
    prefecture_code: str
    name: str  # wards: "札幌市中央区"
    kana: str
    kind: str  # see MUNICIPALITY_KINDS
    parent_code: str | None  # wards: the designated city
    lat: float
    lng: float


MUNICIPALITY_KINDS = {
    "designated_city": "政令指定都市",
    "city": "市",
    "special_ward": "特別区",
    "town": "町",
    "village": "村",
    "ward": "行政区",
}
KINDS_EN = {
    "designated_city": "Designated city",
    "city": "City",
    "special_ward": "Special ward",
    "town": "Town",
    "village": "Village",
    "ward": "Ward",
}


def _read_json(name: str) -> list[dict[str, Any]]:
    """The package's rows: text fields, and lat/lng as numbers."""
    with resources.files("japancode").joinpath("data", name).open(encoding="utf-8") as fh:
        rows: list[dict[str, Any]] = json.load(fh)
    return rows


@cache
def prefectures() -> tuple[PrefectureRecord, ...]:
    return tuple(
        PrefectureRecord(code=row["pid"].zfill(2), name=row["pref"], kana=row["prefkana"], name_en=row["pref_en"])
        for row in _read_json("prefectures.json")
    )


@dataclass(frozen=True)
class Reorganisation:
    """Units abolished on a date and the units that replaced them (codes and names from 総務省's code list)."""

    effective_on: dt.date
    abolished: tuple[str, ...]
    created: tuple[tuple[str, str, str, tuple[str, ...]], ...]  # code, name, kana, former units it covers


REORGANISATIONS = (
    # 浜松市: 中・東・西・南区 and part of 北区 became 中央区; 北区 (rest) and 浜北区 became 浜名区; 天竜区 stayed.
    Reorganisation(
        dt.date(2024, 1, 1),
        ("221317", "221325", "221333", "221341", "221350", "221368", "221376"),
        (
            ("221384", "浜松市中央区", "はままつしちゅうおうく", ("221317", "221325", "221333", "221341")),
            ("221392", "浜松市浜名区", "はままつしはまなく", ("221350", "221368")),
            ("221406", "浜松市天竜区", "はままつしてんりゅうく", ("221376",)),
        ),
    ),
)


@cache
def municipalities() -> tuple[MunicipalityRecord, ...]:
    """Today's municipalities and wards, designated cities resolved, wards linked to their city."""
    abolished = {code for change in REORGANISATIONS for code in change.abolished}
    return tuple(r for r in _package_records() if r.code not in abolished) + tuple(r for r, _ in _created_records())


@cache
def abolished_units() -> dict[str, tuple[MunicipalityRecord, dt.date]]:
    """Code -> (record, the day it ceased to exist) of every unit a reorganisation abolished."""
    by_code = {r.code: r for r in _package_records()}
    return {code: (by_code[code], change.effective_on) for change in REORGANISATIONS for code in change.abolished}


def _created_records() -> list[tuple[MunicipalityRecord, dt.date]]:
    """Units created by a reorganisation; their representative point is the mean of the former units' points
    (the package has none for them; the point only places a marker when no boundary file is installed)."""
    by_code = {r.code: r for r in _package_records()}
    out = []
    for change in REORGANISATIONS:
        for code, name, kana, former in change.created:
            parts = [by_code[c] for c in former]
            out.append(
                (
                    replace(
                        parts[0],
                        code=code,
                        name=name,
                        kana=kana,
                        lat=round(sum(p.lat for p in parts) / len(parts), 6),
                        lng=round(sum(p.lng for p in parts) / len(parts), 6),
                    ),
                    change.effective_on,
                )
            )
    return out


@cache
def _package_records() -> tuple[MunicipalityRecord, ...]:
    """All municipalities and wards as the japancode package lists them."""
    rows = _read_json("municipalities.json")
    city_codes: dict[tuple[str, str], str] = {}
    for row in rows:
        if " " not in row["city"]:
            city_codes[(row["pid"], row["city"])] = row["lgcode"].zfill(6)
    cities_with_wards = set()
    records: list[MunicipalityRecord] = []
    for row in rows:
        code = row["lgcode"].zfill(6)
        pref = row["pid"].zfill(2)
        name = row["city"]
        parent = None
        if " " in name:
            city, _ward = name.split(" ", 1)
            parent = city_codes[(row["pid"], city)]
            cities_with_wards.add(parent)
            kind = "ward"
        elif pref == "13" and name.endswith("区"):
            kind = "special_ward"
        elif name.endswith("市"):
            kind = "city"
        elif name.endswith("町"):
            kind = "town"
        elif name.endswith("村"):
            kind = "village"
        else:  # pragma: no cover - the master has no other suffix
            raise ValueError(f"自治体の種別を判定できません: {name}")
        records.append(
            MunicipalityRecord(
                code=code,
                prefecture_code=pref,
                name=name.replace(" ", ""),
                kana=row["citykana"].replace(" ", ""),
                kind=kind,
                parent_code=parent,
                lat=float(row["lat"]),
                lng=float(row["lng"]),
            )
        )
    return tuple(
        MunicipalityRecord(**{**r.__dict__, "kind": "designated_city"}) if r.code in cities_with_wards else r
        for r in records
    )


@cache
def code_by_name() -> dict[tuple[str, str], str]:
    """(prefecture name, municipality name) -> 6-digit code. Names repeat across prefectures."""
    pref_names = {p.code: p.name for p in prefectures()}
    return {(pref_names[m.prefecture_code], m.name): m.code for m in municipalities()}


@cache
def municipalities_by_code() -> dict[str, MunicipalityRecord]:
    return {m.code: m for m in municipalities()}

"""Municipality master: prefectures, municipalities and designated-city wards with 6-digit codes.

Read from the `japancode` package's JSON files (installed from PyPI, not copied into git). Its Python
API returns wrong codes, so only the data files are used; codes there lack the leading zero.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

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


def _read_json(name: str) -> list[dict]:
    with resources.files("japancode").joinpath("data", name).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def prefectures() -> tuple[PrefectureRecord, ...]:
    return tuple(
        PrefectureRecord(code=row["pid"].zfill(2), name=row["pref"], kana=row["prefkana"], name_en=row["pref_en"])
        for row in _read_json("prefectures.json")
    )


@cache
def municipalities() -> tuple[MunicipalityRecord, ...]:
    """All municipalities and wards, designated cities resolved, wards linked to their city."""
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

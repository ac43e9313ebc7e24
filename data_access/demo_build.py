"""Rebuild the demo data file from the source documents plus labelled synthetic gap-filling.

Real facts are located in the seed documents by a pattern, so each carries its document and line and
the number is read from that line (never typed in by hand). Where the documents give only counts, the
gap is filled with synthetic rows (source "synthetic") that agree with the real totals.

Run: python -m data_access build-demo  (writes data_access/demo/demo_data.json)
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from data_access import master
from data_access.draws import poisson
from data_access.japanese_dates import fiscal_year_end, normalize, parse_date
from data_access.official_statistics import latest_populations

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "demo_data.json"
SYNTHETIC = "synthetic"
SYNTHETIC_SEED = 20201224
DEMO_PREFECTURES = ("09", "34", "39")  # 栃木県, 広島県, 高知県: every screen has data for these
DEMO_YEARS = range(2016, 2025)  # FY2016–FY2024

DOC_UTSUNOMIYA = "000_db3c69513faeee6a.txt"
DOC_KOCHI = "001_364dbb55203534b0.txt"
DOC_TAKASAKI = "002_f4460f3587e4619f.txt"
DOC_HIROSHIMA = "003_84e2db7ce7543206.txt"

UTSUNOMIYA = "092011"
KIYOHARA = "清原地区"


class SeedMismatch(RuntimeError):
    """A seed document no longer contains a fact where the builder expects it."""


@dataclass
class SeedDocument:
    name: str
    lines: list[str]

    @classmethod
    def read(cls, seeds_dir: Path, name: str) -> SeedDocument:
        path = seeds_dir / name
        if not path.is_file():
            raise FileNotFoundError(
                f"資料ファイルが見つかりません: {path}（設定 DASHBOARD_SEEDS_DIR を確認してください）"
            )
        return cls(name, path.read_text(encoding="utf-8").splitlines())

    def find(self, pattern: str, after: int = 0) -> tuple[int, re.Match[str]]:
        """(1-based line, match) of the first line after `after` whose normalised text matches."""
        regex = re.compile(pattern)
        for number, line in enumerate(self.lines[after:], start=after + 1):
            match = regex.search(normalize(line))
            if match:
                return number, match
        raise SeedMismatch(f"{self.name}: パターン {pattern!r} が見つかりません")

    def ref(self, line: int) -> dict:
        return {"document": self.name, "line": line}


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def real_facts(seeds_dir: Path) -> dict[str, list[dict]]:
    """Facts read from seeds 000–003, each with its document and line."""
    ut = SeedDocument.read(seeds_dir, DOC_UTSUNOMIYA)
    kochi = SeedDocument.read(seeds_dir, DOC_KOCHI)
    taka = SeedDocument.read(seeds_dir, DOC_TAKASAKI)
    hiro = SeedDocument.read(seeds_dir, DOC_HIROSHIMA)
    out: dict[str, list[dict]] = {k: [] for k in TABLE_KEYS}

    # 宇都宮市: target, reported coverage, briefings, meetings, exchange meeting, 清原地区's coordinator.
    line, m = ut.find(r"令和(\d+)年度末までに(\d+)の全地区連合自治会圏域")
    due = fiscal_year_end(2018 + int(m.group(1)))
    out["targets"].append(
        dict(
            municipality_code=UTSUNOMIYA,
            fiscal_year=2018 + int(m.group(1)),
            metric="tier2_councils_established",
            value=_int(m.group(2)),
            unit="地区",
            due_on=due.isoformat(),
            source=ut.ref(line),
        )
    )
    line, m = ut.find(r"累計(\d+)地区/(\d+)地区\((令和\d+年\d+月\d+日)現在\)")
    as_of, _ = parse_date(m.group(3))
    for metric, value in (("tier2_councils_established", m.group(1)), ("tier2_districts_total", m.group(2))):
        out["municipality_facts"].append(
            dict(
                municipality_code=UTSUNOMIYA,
                fiscal_year=2020,
                metric=metric,
                value=_int(value),
                unit="地区",
                as_of=as_of.isoformat(),
                source=ut.ref(line),
            )
        )
    for metric, heading in (("briefings", r"事業説明の実施状況"), ("council_meetings", r"第2層協議体の開催回数")):
        start, _ = ut.find(heading)
        line, m = ut.find(r"令和1年度:(\d+)回", after=start)
        out["council_activities"].append(
            dict(
                municipality_code=UTSUNOMIYA,
                district_code=None,
                fiscal_year=2019,
                period_end="2020-03-31",
                metric=metric,
                value=_int(m.group(1)),
                unit="回",
                source=ut.ref(line),
            )
        )
        line, m = ut.find(r"令和2年度\((\d+)月末現在\):(\d+)回", after=start)
        month_end = dt.date(2020, int(m.group(1)) + 1, 1) - dt.timedelta(days=1)
        out["council_activities"].append(
            dict(
                municipality_code=UTSUNOMIYA,
                district_code=None,
                fiscal_year=2020,
                period_end=month_end.isoformat(),
                metric=metric,
                value=_int(m.group(2)),
                unit="回",
                source=ut.ref(line),
            )
        )
    day_line, m = ut.find(r"開催日:(令和\d+年\d+月\d+日)")
    held_on, _ = parse_date(m.group(1))
    line, m = ut.find(r"参加者数:(\d+)人\((\d+)地区\)", after=day_line)
    exchange = dict(
        municipality_code=UTSUNOMIYA,
        district_code=None,
        fiscal_year=2019,
        period_end="2020-03-31",
        event_date=held_on.isoformat(),
    )
    out["council_activities"] += [
        {**exchange, "metric": "exchange_meetings", "value": 1, "unit": "回", "source": ut.ref(day_line)},
        {
            **exchange,
            "metric": "exchange_participants",
            "value": _int(m.group(1)),
            "unit": "人",
            "source": ut.ref(line),
        },
        {**exchange, "metric": "exchange_districts", "value": _int(m.group(2)), "unit": "地区", "source": ut.ref(line)},
    ]
    line, m = ut.find(r"(\d+)地区" + KIYOHARA + r"\((平成\d+年\d+月)~\)")
    placed, precision = parse_date(m.group(2))
    out["districts"].append(
        dict(municipality_code=UTSUNOMIYA, code="24", name=KIYOHARA, kind="地区連合自治会", source=ut.ref(line))
    )
    out["coordinators"].append(
        dict(
            municipality_code=UTSUNOMIYA,
            district_code="24",
            placed_on=placed.isoformat(),
            precision=precision,
            source=ut.ref(line),
        )
    )

    # 高知県: 移行準備 and 検討中 counts for 令和3年度; national model-project counts; 中土佐町's model projects.
    line, m = kochi.find(r"^(\d+)市町$")
    kochi.find(r"令和3年度移行準備事業", after=line - 1)
    out["program_counts"].append(
        dict(
            prefecture_code="39",
            fiscal_year=2021,
            program="jusou",
            stage="preparing",
            municipalities=_int(m.group(1)),
            source=kochi.ref(line),
        )
    )
    line, m = kochi.find(r"^(\d+)市町村※")
    out["program_counts"].append(
        dict(
            prefecture_code="39",
            fiscal_year=2021,
            program="jusou",
            stage="considering",
            municipalities=_int(m.group(1)),
            source=kochi.ref(line),
        )
    )
    line, m = kochi.find(r"モデル事業実施自治体数(.*)")
    for era, year, count in re.findall(r"(H|R)(\d+|元)年度:(\d+)", m.group(1)):
        fy = (1988 if era == "H" else 2018) + (1 if year == "元" else int(year))
        out["program_counts"].append(
            dict(
                prefecture_code=None,
                fiscal_year=fy,
                program="model_projects",
                stage="full",
                municipalities=int(count),
                source=kochi.ref(line),
            )
        )
    title_line, m = kochi.find(r"令和(\d+)年度中土佐町地域福祉関係事業等イメージ図")
    fy = 2018 + int(m.group(1))
    nakatosa = master.code_by_name()[("高知県", "中土佐町")]
    for program, pattern in (("takikan", r"多機関の協働による包"), ("chiiki_ryoku", r"^地域力強化$")):
        line, _ = kochi.find(pattern, after=title_line)
        out["program_statuses"].append(
            dict(municipality_code=nakatosa, fiscal_year=fy, program=program, stage="full", source=kochi.ref(line))
        )

    # 高崎市: the tier-1 council is in place (its meetings are reported).
    line, _ = taka.find(r"第1層協議体の話し合いの内容")
    out["councils"].append(
        dict(
            municipality_code=master.code_by_name()[("群馬県", "高崎市")],
            tier=1,
            district_code=None,
            status="established",
            status_as_of=None,
            established_on=None,
            established_precision=None,
            source=taka.ref(line),
        )
    )

    # 広島県: training table R2–R6 and the R6 list of 重層事業 / 移行準備 municipalities.
    program_name = "地域の支え合いコーディネート機能強化研修"
    hiro.find("^#" + program_name + "$")
    header, _ = hiro.find(r"^研修年度\s*自治体")
    for offset in range(1, 6):
        number = header + offset
        cells = hiro.lines[number - 1].split("\t")
        fy = 2018 + int(normalize(cells[0]).lstrip("R"))
        values = [_int(c) for c in cells[1:7]]
        out["training"].append(
            dict(
                prefecture_code="34",
                fiscal_year=fy,
                program_name=program_name,
                municipalities=values[0],
                teams=values[1],
                staff_government=values[2],
                staff_social_welfare_council=values[3],
                staff_consultation_agencies=values[4],
                participants=values[5],
                source=hiro.ref(number),
            )
        )
    list_line, _ = hiro.find(r"R(\d+)年度実施市町数")
    fy = 2018 + int(re.search(r"R(\d+)", normalize(hiro.lines[list_line - 1])).group(1))
    by_name = master.code_by_name()
    named: set[str] = set()
    for stage, pattern in (("full", r"^重層事業(\d+)(.*)$"), ("preparing", r"^移行準備(\d+)(.*)$")):
        line, m = hiro.find(pattern, after=list_line)
        names = [n for n in re.split(r"[、,]", m.group(2)) if n]
        if len(names) != int(m.group(1)):
            raise SeedMismatch(f"{hiro.name}:{line}: 件数 {m.group(1)} と市町名の数 {len(names)} が一致しません")
        out["program_counts"].append(
            dict(
                prefecture_code="34",
                fiscal_year=fy,
                program="jusou",
                stage=stage,
                municipalities=len(names),
                source=hiro.ref(line),
            )
        )
        for name in names:
            code = by_name[("広島県", name)]
            named.add(code)
            out["program_statuses"].append(
                dict(municipality_code=code, fiscal_year=fy, program="jusou", stage=stage, source=hiro.ref(line))
            )
    for m in _municipalities_of("34"):
        if m.code not in named:  # the list is complete, so a municipality not on it does not run the project
            out["program_statuses"].append(
                dict(
                    municipality_code=m.code,
                    fiscal_year=fy,
                    program="jusou",
                    stage="none",
                    source=hiro.ref(list_line),
                    note="実施市町の一覧に記載なし",
                )
            )
    return out


TABLE_KEYS = (
    "municipality_facts",
    "districts",
    "councils",
    "coordinators",
    "council_activities",
    "program_statuses",
    "program_counts",
    "consultation_stats",
    "targets",
    "training",
)


def _municipalities_of(prefecture_code: str) -> list[master.MunicipalityRecord]:
    """Municipalities (not wards) of a prefecture, in code order."""
    return sorted(
        (m for m in master.municipalities() if m.prefecture_code == prefecture_code and m.kind != "ward"),
        key=lambda m: m.code,
    )


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def synthetic_facts(real: dict[str, list[dict]], populations: dict[str, int]) -> dict[str, list[dict]]:
    """Deterministic gap-filling for the demo prefectures, consistent with the real totals.

    Only rollout facts are invented (districts, councils, programme stages, consultations, targets): the
    municipalities' populations, households and ages are official statistics (`populations`, loaded into the
    database by load-population), and the invented counts are drawn in proportion to them."""
    rng = random.Random(SYNTHETIC_SEED)
    out: dict[str, list[dict]] = {k: [] for k in TABLE_KEYS}
    real_status = {(r["municipality_code"], r["fiscal_year"], r["program"]) for r in real["program_statuses"]}
    reported = {(r["municipality_code"], r["metric"]): r for r in real["municipality_facts"]}
    for pref in DEMO_PREFECTURES:
        municipalities = _municipalities_of(pref)
        jusou_start = _jusou_start_years(rng, pref, municipalities, real)
        for m in municipalities:
            population = populations[m.code]
            total = reported.get((m.code, "tier2_districts_total"))
            n_districts = (
                int(total["value"]) if total else max(1, min(30, round(population / rng.uniform(9000, 16000))))
            )
            _synthetic_districts(
                rng, out, real, m.code, n_districts, reported.get((m.code, "tier2_councils_established"))
            )
            _synthetic_programme(out, real_status, m.code, jusou_start.get(m.code))
            _synthetic_consultations(rng, out, m.code, population)
    return out


def _jusou_start_years(rng, pref, municipalities, real) -> dict[str, tuple[int | None, int | None]]:
    """(first preparing year, first full year) per municipality, consistent with real lists and counts."""
    codes = [m.code for m in municipalities]
    starts: dict[str, tuple[int | None, int | None]] = {}
    if pref == "34":  # 広島県: R6 list is real; earlier years synthetic, never contradicting it
        r6 = {r["municipality_code"]: r["stage"] for r in real["program_statuses"] if r["fiscal_year"] == 2024}
        for code in codes:
            stage = r6.get(code, "none")
            if stage == "full":
                full = rng.choice((2021, 2022, 2023, 2024))
                starts[code] = (full - 1, full)
            elif stage == "preparing":
                starts[code] = (2024, None)
            else:
                starts[code] = (None, None)
    elif pref == "39":  # 高知県: 7 in 移行準備 in R3 (count real, which 7 synthetic), the rest considering
        count = next(
            r["municipalities"]
            for r in real["program_counts"]
            if r["prefecture_code"] == "39" and r["stage"] == "preparing"
        )
        chosen = set(rng.sample(codes, count))
        for code in codes:
            starts[code] = (
                (2021, 2022 + rng.randrange(3))
                if code in chosen
                else ((rng.choice((2023, 2024)), None) if rng.random() < 0.4 else (None, None))
            )
    else:
        for code in codes:
            roll = rng.random()
            starts[code] = (2021, 2022) if roll < 0.2 else (2023, 2024) if roll < 0.4 else (None, None)
    return starts


def _synthetic_programme(out, real_status, code: str, start: tuple[int | None, int | None] | None) -> None:
    preparing, full = start or (None, None)
    for fy in range(2021, 2025):
        if (code, fy, "jusou") in real_status:
            continue
        stage = "full" if full and fy >= full else "preparing" if preparing and fy >= preparing else "none"
        if code[:2] == "39" and fy == 2021 and stage == "none":
            stage = "considering"  # 高知県 R3: every municipality not preparing was considering (27 of 34)
        out["program_statuses"].append(
            dict(municipality_code=code, fiscal_year=fy, program="jusou", stage=stage, source=SYNTHETIC)
        )


def _synthetic_districts(rng, out, real, code: str, n: int, reported_established: dict | None) -> None:
    real_districts = {d["code"]: d for d in real["districts"] if d["municipality_code"] == code}
    codes = [f"{i:02d}" for i in range(1, n + 1)]
    for district_code in codes:
        if district_code not in real_districts:
            out["districts"].append(
                dict(
                    municipality_code=code,
                    code=district_code,
                    name=f"サンプル地区{district_code}",
                    kind="日常生活圏域",
                    source=SYNTHETIC,
                )
            )
    if reported_established:  # exactly the reported number set up by the reported date
        as_of = dt.date.fromisoformat(reported_established["as_of"])
        established_count = int(reported_established["value"])
        ordered = sorted(codes, key=lambda c: (c not in real_districts, rng.random()))
        before = ordered[:established_count]
        after = ordered[established_count:]
        dates = {c: _random_date(rng, dt.date(2016, 4, 1), as_of) for c in before}
        later = after[: len(after) // 2]
        dates |= {c: _random_date(rng, as_of + dt.timedelta(days=1), dt.date(2024, 3, 31)) for c in later}
        preparing = set(after[len(after) // 2 :: 2])
    else:
        share = rng.uniform(0.3, 1.0)
        dates = {c: _random_date(rng, dt.date(2016, 4, 1), dt.date(2025, 3, 31)) for c in codes if rng.random() < share}
        preparing = {c for c in codes if c not in dates and rng.random() < 0.4}
    for district_code in codes:
        on = dates.get(district_code)
        status = "established" if on else "preparing" if district_code in preparing else "not_started"
        out["councils"].append(
            dict(
                municipality_code=code,
                tier=2,
                district_code=district_code,
                status=status,
                status_as_of="2025-03-31",
                established_on=on.isoformat() if on else None,
                established_precision="day" if on else None,
                source=SYNTHETIC,
            )
        )
    _synthetic_meetings(rng, out, real, code, dates)


def _synthetic_meetings(rng, out, real, code, dates: dict[str, dt.date]) -> None:
    """Per-district meetings per year; where a real municipal total exists, they add up to it."""
    totals = {
        (r["fiscal_year"], r["period_end"]): r["value"]
        for r in real["council_activities"]
        if r["municipality_code"] == code and r["metric"] == "council_meetings"
    }
    for fy in DEMO_YEARS:
        period_end = next((pe for (y, pe) in totals if y == fy), fiscal_year_end(fy).isoformat())
        active = [c for c, on in sorted(dates.items()) if on.isoformat() <= period_end]
        if not active:
            continue
        if (fy, period_end) in totals:
            counts = _split_total(rng, int(totals[(fy, period_end)]), len(active))
        else:
            counts = [rng.randint(2, 8) for _ in active]
        for district_code, value in zip(active, counts):
            out["council_activities"].append(
                dict(
                    municipality_code=code,
                    district_code=district_code,
                    fiscal_year=fy,
                    period_end=period_end,
                    metric="council_meetings",
                    value=value,
                    unit="回",
                    source=SYNTHETIC,
                )
            )


def _split_total(rng: random.Random, total: int, parts: int) -> list[int]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    for i in sorted(range(parts), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _synthetic_consultations(rng, out, code: str, population: int) -> None:
    rate = rng.uniform(8, 40)  # new consultations per 10,000 residents
    continuing = 0
    for fy in range(2019, 2025):
        new = poisson(rng, population * rate / 10_000)
        closed = sum(rng.random() < rng.uniform(0.35, 0.75) for _ in range(new + continuing)) if new + continuing else 0
        referred = sum(rng.random() < 0.3 for _ in range(new))
        out["consultation_stats"].append(
            dict(
                municipality_code=code,
                fiscal_year=fy,
                period_end=fiscal_year_end(fy).isoformat(),
                is_partial_year=False,
                category="all",
                basis="distinct",
                unit="件",
                new_cases=new,
                continuing_cases=continuing,
                closed_cases=closed,
                referred_cases=referred,
                ongoing_cases=new + continuing - closed,
                source=SYNTHETIC,
            )
        )
        continuing = new + continuing - closed
    out["targets"].append(
        dict(
            municipality_code=code,
            fiscal_year=2024,
            metric="new_consultations",
            value=round(population * rate * 1.1 / 10_000),
            unit="件",
            due_on="2025-03-31",
            source=SYNTHETIC,
        )
    )


def build(seeds_dir: Path, population_dir: Path) -> dict:
    real = real_facts(seeds_dir)
    synthetic = synthetic_facts(real, latest_populations(population_dir))
    merged = {key: real[key] + synthetic[key] for key in TABLE_KEYS}
    return {
        "about": {
            "built_by": "python -m data_access build-demo",
            "documents": [DOC_UTSUNOMIYA, DOC_KOCHI, DOC_TAKASAKI, DOC_HIROSHIMA],
            "synthetic_seed": SYNTHETIC_SEED,
            "note": "Facts only (names, numbers, dates, source references). Rows with source 'synthetic' are invented "
            "for demonstration and labelled as such in the UI.",
        },
        **merged,
    }


def write(seeds_dir: Path, population_dir: Path, path: Path = DEMO_FILE) -> Path:
    data = build(seeds_dir, population_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_one_row_per_line(data), encoding="utf-8")
    return path


def _one_row_per_line(data: dict) -> str:
    """Compact JSON that still diffs row by row in review."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            rows = ",\n".join(f"  {dump(row)}" for row in value)
            parts.append(f" {dump(key)}: [\n{rows}\n ]")
        else:
            parts.append(f" {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def iter_rows(data: dict) -> Iterator[tuple[str, dict]]:
    for key in TABLE_KEYS:
        for row in data.get(key, []):
            yield key, row

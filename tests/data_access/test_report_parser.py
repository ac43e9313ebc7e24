"""Report-compilation parser: pinned against the FY2018 model-project seed, plus synthetic edge cases."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from data_access.report_outcomes import resolve_period
from data_access.report_parser import (
    REPORT_ANCHOR,
    parse_basic_facts,
    parse_report_file,
    parse_reports,
    read_lines,
)
from data_access.report_text import normalize, parse_number

pytestmark = pytest.mark.xdist_group("report_parser")  # one worker builds the module's fixture


@pytest.fixture(scope="module")
def reports(seed_path: Path) -> list[dict]:
    return parse_report_file(seed_path)


def by_municipality(reports: list[dict], name: str) -> dict:
    return next(r for r in reports if r["municipality"] == name)


def outcomes_on(report: dict, line: int) -> dict[str, dict]:
    return {o["metric"]: o for o in report["outcomes"] if o["source_line"] == line}


# ------------------------------------------------------------------------------------------ number helper


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("１，９６６，７３５", 1966735),  # full-width digits and comma
        ("1,966,735", 1966735),
        ("1，966，735", 1966735),  # full-width comma between ASCII digits
        ("１，１２１．２６", 1121.26),
        ("２ ５ . ５ ９", 25.59),  # split by spaces
        ("1,966,\n735", 1966735),  # split by a line break
        ("約 70", 70),
        ("約７０", 70),
        ("※16", 16),  # footnote mark before
        ("42.7※", 42.7),  # footnote mark after
        ("120*1", 120),  # numbered footnote
        ("36＊2", 36),
        ("0.094", 0.094),
        ("62073", 62073),
    ],
)
def test_parse_number_reads_printed_numbers(written: str, value: float) -> None:
    parsed = parse_number(written)
    assert parsed == value
    assert isinstance(parsed, type(value))


@pytest.mark.parametrize("written", ["10～20", "5~6", "6〜7", "389,0606", "", "－", "不明", "1,2,3"])
def test_parse_number_refuses_ranges_typos_and_words(written: str) -> None:
    assert parse_number(written) is None


def test_normalize_keeps_length() -> None:
    text = "人口 ３，０４２（人）　高齢化率 ３４．９（％）"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "人口 3,042(人) 高齢化率 34.9(%)"


# ------------------------------------------------------------------------------------------- the seed file


def test_finds_every_report_in_file_order(reports: list[dict]) -> None:
    assert len(reports) == 50
    assert [r["report_index"] for r in reports] == list(range(1, 51))
    starts = [r["start_line"] for r in reports]
    assert starts == sorted(starts)
    assert (reports[0]["prefecture"], reports[-1]["prefecture"]) == ("北海道", "神奈川県")
    assert reports[1]["start_line"] == 502  # the page title above 釧路市's header


def test_first_report_sapporo_basic_facts(reports: list[dict]) -> None:
    sapporo = reports[0]
    assert (sapporo["start_line"], sapporo["prefecture"], sapporo["municipality"]) == (1, "北海道", "札幌市")
    assert sapporo["municipality_codes"] == ["011002"]
    assert sapporo["scope"] == "municipality"
    assert sapporo["programs"] == {"chiiki_ryoku": None, "takikan": None, "prefectural": None}  # no header
    assert sapporo["basic"] == {
        "population": 1966735,
        "households": 954146,
        "aging_rate_pct": 26.7,
        "welfare_rate": {"value": 3.7, "unit": "%"},
        "area_km2": 1121.26,
        "neighborhood_assoc_rate_pct": 70.26,
        "elementary_schools": 201,
        "junior_high_schools": 97,
        "houkatsu_centers_direct": None,
        "houkatsu_centers_outsourced": 27,
    }


def test_full_width_basic_facts_and_permille(reports: list[dict]) -> None:
    kyogoku = by_municipality(reports, "京極町")
    assert kyogoku["programs"] == {"chiiki_ryoku": False, "takikan": True, "prefectural": False}
    assert kyogoku["basic"]["population"] == 3042
    assert kyogoku["basic"]["households"] == 1505
    assert kyogoku["basic"]["welfare_rate"] == {"value": 14.4, "unit": "‰"}
    koriyama = by_municipality(reports, "郡山市")
    assert koriyama["basic"]["aging_rate_pct"] == 25.59  # printed with spaces between the digits
    assert koriyama["basic"]["welfare_rate"] == {"value": 10.01, "unit": "‰"}


def test_unstated_basic_facts_are_null(reports: list[dict]) -> None:
    assert by_municipality(reports, "音威子府村")["basic"]["neighborhood_assoc_rate_pct"] is None  # "(％)"
    assert by_municipality(reports, "遠野市")["basic"]["neighborhood_assoc_rate_pct"] is None  # 不明
    assert by_municipality(reports, "天童市")["basic"]["area_km2"] is None  # "（k ㎡）"
    assert by_municipality(reports, "松戸市")["basic"]["neighborhood_assoc_rate_pct"] == 70  # 約 70
    assert by_municipality(reports, "土浦市")["basic"]["elementary_schools"] == 16  # ※16
    assert by_municipality(reports, "小田原市")["basic"]["houkatsu_centers_direct"] == 0  # 直営：なし
    chofu = by_municipality(reports, "調布市")["basic"]
    assert (chofu["houkatsu_centers_direct"], chofu["houkatsu_centers_outsourced"]) == (None, 10)


def test_multi_municipality_report(reports: list[dict]) -> None:
    higashitsugaru = reports[7]
    assert higashitsugaru["prefecture"] == "青森県"
    assert higashitsugaru["municipality"] == "東津軽郡"
    assert higashitsugaru["scope"] == "multi_municipality"
    assert higashitsugaru["municipality_codes"] == ["023019", "023035", "023043", "023078"]
    assert higashitsugaru["basic"]["population"] == 22638
    assert higashitsugaru["basic"]["welfare_rate"] == {"value": 18.69, "unit": "‰"}
    assert (
        higashitsugaru["basic"]["houkatsu_centers_direct"],
        higashitsugaru["basic"]["houkatsu_centers_outsourced"],
    ) == (3, 1)


def test_prefecture_level_reports(reports: list[dict]) -> None:
    prefectural = [r for r in reports if r["scope"] == "prefecture"]
    assert [r["prefecture"] for r in prefectural] == ["秋田県", "栃木県", "埼玉県", "東京都"]
    for report in prefectural:
        assert report["municipality"] is None
        assert report["municipality_codes"] == []
        assert report["programs"]["prefectural"] is True
    tokyo = prefectural[-1]
    assert tokyo["basic"]["population"] == 13857443
    assert tokyo["basic"]["elementary_schools"] == 1273
    assert (tokyo["basic"]["houkatsu_centers_direct"], tokyo["basic"]["houkatsu_centers_outsourced"]) == (0, 0)
    akita = prefectural[0]
    assert akita["basic"]["population"] == 977675  # the 県 value of a 県/村/町 table
    assert akita["basic"]["households"] is None  # printed "389,0606": a typo is not guessed
    assert akita["basic"]["welfare_rate"] == {"value": 14.8, "unit": "‰"}


def test_municipal_reports_resolve_to_codes(reports: list[dict]) -> None:
    for report in reports:
        if report["scope"] == "municipality":
            assert len(report["municipality_codes"]) == 1, report["municipality"]
    assert by_municipality(reports, "鰺ヶ沢町")["municipality_codes"] == ["023213"]
    assert by_municipality(reports, "墨田区")["municipality_codes"] == ["131075"]


def test_every_basic_number_appears_on_its_source_line(seed_path: Path, reports: list[dict]) -> None:
    lines = read_lines(seed_path)
    anchors = [i for i, line in enumerate(lines) if REPORT_ANCHOR in line] + [len(lines)]
    for report, anchor, end in zip(reports, anchors[:-1], anchors[1:], strict=True):
        facts = parse_basic_facts(lines, anchor, end)
        basic = report["basic"]
        for field, fact in facts.items():
            expected = basic[field]["value"] if field == "welfare_rate" and basic[field] else basic[field]
            if fact is None:
                assert expected is None
                continue
            assert fact.value == expected
            source = lines[fact.line - 1]
            if fact.value == 0:
                assert "なし" in source
                continue
            compact = re.sub(r"\s", "", normalize(source))
            printed = {parse_number(n) for n in re.findall(r"\d[\d,.]*", compact)}
            assert fact.value in printed, (report["report_index"], field, fact.line)


@pytest.mark.parametrize(
    ("line", "metric", "value", "target", "unit", "period_note", "period_end"),
    [
        (2479, "consultations_complex", 53, 20, "件", "12月現在", "2018-12-31"),  # target, period, result
        (2483, "referrals", 7, 10, "件", "12月現在", "2018-12-31"),
        (3773, "consultations_complex", 973, 500, "件", None, None),  # 相談件数 under a 複合… target takes its name
        (3773, "closure_rate_pct", 30, 50, "%", None, None),  # target on the line above
        (4637, "closure_rate_pct", 57.6, 70, "%", "2月末現在", "2019-02-28"),  # target in the plan (終結率 70％以上)
        (6476, "closures", 9, 20, "件", None, None),  # "目標の 20 件に対し 9 件"
        (7552, "consultations", 316, 330, "件", None, None),
        (8227, "closure_rate_pct", 31.5, 50, "%", "平成31年2月末現在", "2019-02-28"),  # "⇒31.5％" under its target
        (10361, "consultations_complex", 24, 100, "世帯", None, None),
        (11008, "consultations", 26, 24, "件", None, None),
        (12540, "closures", 165, None, "件", "2月末まで", "2019-02-28"),
        (12838, "ongoing", 855, 20, "件", "2月末日現在", "2019-02-28"),  # the table's period, the plan's target
        (15665, "closures", 423, 100, "件", "平成30年4月～11月分", "2018-11-30"),  # the period of the block heading
        (15884, "consultations", 81, 60, "件", "H31.2.28現在", "2019-02-28"),
    ],
)
def test_pinned_outcomes(
    reports: list[dict],
    line: int,
    metric: str,
    value: float,
    target: float | None,
    unit: str,
    period_note: str | None,
    period_end: str | None,
) -> None:
    found = [
        o
        for r in reports
        for o in r["outcomes"]
        if o["source_line"] == line and o["metric"] == metric and o["value"] == value
    ]
    assert len(found) == 1
    outcome = found[0]
    assert (outcome["target"], outcome["unit"], outcome["period_note"], outcome["period_end"]) == (
        target,
        unit,
        period_note,
        period_end,
    )
    assert outcome["fiscal_year"] == 2018


@pytest.mark.parametrize(
    ("line", "metric", "value", "fiscal_year", "period_end"),
    [
        (7125, "consultations", 73, 2016, None),  # 平成２８年度は…７３件の相談があった
        (7127, "closures", 2, 2017, "2017-12-31"),  # 平成２９年１２月までに…その内２件が支援を終結
        (7681, "consultations_complex", 91, 2016, None),  # １３６人中９１人
        (8209, "consultations", 16960, 2016, None),  # 参考値: 2016 年度相談件数
    ],
)
def test_figures_of_earlier_years_keep_their_year(
    reports: list[dict], line: int, metric: str, value: float, fiscal_year: int, period_end: str | None
) -> None:
    (outcome,) = [
        o
        for r in reports
        for o in r["outcomes"]
        if (o["source_line"], o["metric"], o["value"]) == (line, metric, value)
    ]
    assert (outcome["fiscal_year"], outcome["period_end"], outcome["target"]) == (fiscal_year, period_end, None)


def test_breakdowns_point_to_their_total(reports: list[dict]) -> None:
    koriyama = by_municipality(reports, "郡山市")["outcomes"]
    parts = [o for o in koriyama if o["part_of"] == "8219:consultations:130件"]
    assert [(o["value"], o["label"]) for o in parts] == [
        (43, "北東エリア"),
        (48, "南西エリア"),
        (39, "中央・湖南・熱海エリア"),
    ]
    soka = {o["key"]: o for o in by_municipality(reports, "草加市")["outcomes"]}
    assert soka["12836:referrals:29件"]["part_of"] == "12836:closures:49件"  # a part keeps its own metric
    restated = [o for o in by_municipality(reports, "墨田区")["outcomes"] if o["repeat_of"]]
    assert [(o["source_line"], o["repeat_of"]) for o in restated] == [
        (15320, "15159:consultations:115件"),
        (15326, "15302:consultations:495件"),
    ]


def test_outcome_quotes_come_from_their_line(seed_path: Path, reports: list[dict]) -> None:
    lines = read_lines(seed_path)
    outcomes = [o for r in reports for o in r["outcomes"]]
    assert len(outcomes) >= 100
    for outcome in outcomes:
        assert 0 < len(outcome["quote"]) <= 60
        assert outcome["quote"] in lines[outcome["source_line"] - 1]
        assert 0 < outcome["confidence"] < 1
        assert outcome["basis"] in ("distinct", "contacts")


def test_no_outcome_from_surveys_plans_or_mixed_counts(reports: list[dict]) -> None:
    lines_with_outcomes = {o["source_line"] for r in reports for o in r["outcomes"]}
    assert 444 not in lines_with_outcomes  # households found by a survey, not consultations
    assert 4029 not in lines_with_outcomes  # a plan's target, not a result
    assert "referrals" not in outcomes_on(by_municipality(reports, "栃木市"), 10323)  # 解決または つないだ
    assert outcomes_on(by_municipality(reports, "湯沢市"), 6470)["consultations"]["target"] == 60


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("12月現在", (dt.date(2018, 12, 31), 2018)),
        ("1月末時点", (dt.date(2019, 1, 31), 2018)),
        ("2月末現在", (dt.date(2019, 2, 28), 2018)),
        ("2月まで", (dt.date(2019, 2, 28), 2018)),
        ("4月", (dt.date(2018, 4, 30), 2018)),  # "４月に１１件受け付け"
        ("平成30年4月～平成31年2月", (dt.date(2019, 2, 28), 2018)),
        ("平成30年4月～11月分", (dt.date(2018, 11, 30), 2018)),
        ("4月-1月", (dt.date(2019, 1, 31), 2018)),
        ("H31.2.28現在", (dt.date(2019, 2, 28), 2018)),
        ("31年2月末日まで", (dt.date(2019, 2, 28), 2018)),  # no era: the one near the fiscal year
        ("平成31(2019)年2月まで", (dt.date(2019, 2, 28), 2018)),
        ("平成29年12月まで", (dt.date(2017, 12, 31), 2017)),  # another fiscal year
        ("3月末", (None, 2018)),  # the whole year
    ],
)
def test_resolve_period(note: str, expected: tuple) -> None:
    assert resolve_period(note, 2018) == expected


def test_unreadable_period_is_not_guessed() -> None:
    with pytest.raises(ValueError, match="読み取れません"):
        resolve_period("年度末見込み", 2018)


# ------------------------------------------------------------------------------------ encodings and errors


def test_shift_jis_excerpt(seed_path: Path, reports: list[dict], tmp_path: Path) -> None:
    lines = read_lines(seed_path)
    kushiro = reports[1]
    excerpt = "\n".join(lines[kushiro["start_line"] - 1 : kushiro["start_line"] + 30]) + "\n"
    sjis = tmp_path / "excerpt_sjis.txt"
    sjis.write_bytes(excerpt.encode("cp932"))
    parsed = parse_report_file(sjis, fiscal_year=2018)  # the excerpt names no year
    assert len(parsed) == 1
    assert parsed[0]["municipality"] == "釧路市"
    assert parsed[0]["programs"] == kushiro["programs"]
    assert parsed[0]["basic"] == kushiro["basic"]


def test_synthetic_report_with_full_width_and_paired_target(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "都道府県名 岩手県 市区町村名 盛岡市",
            "実施事業※ 地域力強化推進事業 〇",
            "多機関の協働による",
            "包括的支援体制構築事業",
            " 都道府県事業 ",
            "※実施している事業の右側に○を記入してください。",
            "１．自治体の基本情報等",
            "人口 １，２３４（人） 世帯数 ５６７（世帯）",
            "高齢化率 ３０．５（％） 生活保護受給率 ９．１（‰） 面積 （k ㎡）",
            "地域包括支援センター 直営：１か所，委託：３か所",
            "生活困窮者自立相談支援事業 委託：１か所",
            "令和元年度の試験用の報告。",
            "５．成果目標の達成状況",
            "・新規相談件数 ２０件以上⇒新規 ２５件（１２月末現在）",
            "・支援の終結率 ４０％",
            "⇒３５％",
        ]
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8-sig")
    (report,) = parse_report_file(path)
    assert report["programs"] == {"chiiki_ryoku": True, "takikan": False, "prefectural": False}
    assert report["basic"]["population"] == 1234
    assert report["basic"]["welfare_rate"] == {"value": 9.1, "unit": "‰"}
    assert report["basic"]["area_km2"] is None
    assert (report["basic"]["houkatsu_centers_direct"], report["basic"]["houkatsu_centers_outsourced"]) == (1, 3)
    assert [
        (o["metric"], o["value"], o["target"], o["period_end"], o["fiscal_year"], o["source_line"])
        for o in report["outcomes"]
    ] == [
        ("consultations", 25, 20, "2019-12-31", 2019, 14),
        ("closure_rate_pct", 35, 40, None, 2019, 16),
    ]


def test_a_compilation_without_a_year_is_refused(seed_path: Path, tmp_path: Path) -> None:
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text("\n".join(read_lines(seed_path)[501:531]), encoding="utf-8")
    with pytest.raises(ValueError, match="年度を判別できません"):
        parse_report_file(excerpt)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        parse_report_file(tmp_path / "missing.txt")


def test_file_without_reports(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("これは報告書ではありません。\n人口 100（人）\n", encoding="utf-8")
    with pytest.raises(ValueError, match="報告書が見つかりません") as error:
        parse_report_file(path)
    assert "notes.txt" in str(error.value)


def test_parse_reports_on_empty_lines() -> None:
    with pytest.raises(ValueError):
        parse_reports([], source="empty")

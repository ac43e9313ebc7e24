"""The briefing's numbers are the 概要 screen's numbers; public mode hides small counts; samples are marked."""

import datetime as dt

import pytest

from analytics import overview as calc
from briefing.content import build_briefing
from data_access import queries

TODAY = dt.date(2026, 11, 23)


def _overview_headline(db, pref, fy):
    """The 概要 screen's computation (pages/overview.py) with samples shown."""
    sources = queries.sources(db)
    frame = queries.municipality_overview(db, pref, fy)
    calc.synthetic_mask(frame, set(sources.index[sources["kind"] == "synthetic"]))
    return calc.headline(calc.with_rates(frame))


def _kpis(briefing):
    return {k.key: k for k in briefing.kpis}


@pytest.mark.parametrize(("pref", "fy"), [("09", 2020), ("34", 2024)])
def test_headline_equals_the_overview_computation(demo_db, pref, fy):
    briefing = build_briefing(demo_db, pref, fy, generated_on=TODAY)
    assert briefing.headline == _overview_headline(demo_db, pref, fy)
    assert briefing.previous == _overview_headline(demo_db, pref, fy - 1)


def test_tochigi_2020(demo_db):
    briefing = build_briefing(demo_db, "09", 2020, generated_on=TODAY)
    kpis = _kpis(briefing)
    assert briefing.title == "栃木県 地域支援体制 整備状況ブリーフィング"
    assert briefing.subtitle == "令和2年度（2020年度）　管内 25 市町村"
    assert briefing.generated == "作成日 2026年11月23日"
    assert kpis["kpi_jusou_full"].value == "—" and kpis["kpi_jusou_full"].detail == "令和3年度から開始"
    assert (kpis["coverage"].value, kpis["coverage"].detail) == ("45.6", "73 / 160 地区")
    assert kpis["coverage"].change == "前年度比 ▲ 5.6pt増" and kpis["coverage"].synthetic
    assert kpis["per_10k"].value == "28.2" and kpis["per_10k"].detail == "新規相談 5,375件"
    assert kpis["closure"].value == "55.3" and kpis["closure"].detail == "終結 4,384 / 対象 7,928件"
    assert briefing.map.layer == "council_coverage"  # before 令和3年度: coverage instead of an all-grey map
    coverage = briefing.trends[0].points.set_index("fiscal_year")["value"]
    assert coverage[2020] == pytest.approx(73 / 160 * 100)
    assert any("宇都宮市「第2層協議体の進捗状況（令和2年12月）」 55行目" in s for s in briefing.sources)
    assert "サンプル（synthetic）＝デモ用の合成データ" in briefing.sources
    assert briefing.has_synthetic
    assert any(note.startswith(("地図: ", "地図: 市町村")) for note in briefing.notes)


def test_hiroshima_2024_published_counts_win(demo_db):
    briefing = build_briefing(demo_db, "34", 2024, generated_on=TODAY)
    kpis = _kpis(briefing)
    assert (kpis["kpi_jusou_full"].value, kpis["kpi_jusou_full"].detail) == ("11", "公表値")
    assert kpis["kpi_jusou_full"].change == "前年度比 ▲ 3団体増"  # 8 counted in 2023
    assert (kpis["kpi_jusou_preparing"].value, kpis["kpi_jusou_preparing"].change) == ("1", "前年度比 ▼ 2団体減")
    assert not kpis["kpi_jusou_full"].synthetic
    assert briefing.map.layer == "jusou_status"
    assert briefing.map.values["value"].value_counts().to_dict() == {"本格実施": 11, "未実施": 11, "移行準備": 1}
    assert kpis["closure"].value == "55.1" and kpis["per_10k"].value == "28.3"
    assert all(
        o.line.endswith("99.8%管理限界を上回る") or o.line.endswith("99.8%管理限界を下回る") for o in briefing.outliers
    )


def test_english(demo_db):
    briefing = build_briefing(demo_db, "34", 2024, lang="en", generated_on=TODAY)
    assert briefing.title == "Hiroshima: community support rollout briefing"
    assert briefing.subtitle.startswith("FY2024")
    assert _kpis(briefing)["kpi_jusou_full"].change == "▲ +3 vs previous FY"


def test_public_mode_hides_small_counts(demo_db):
    # 北川村 (demo) reported 4 closed cases in 令和4年度: its closure rate is hidden, as in the public 概要 table
    town = build_briefing(demo_db, "39", 2022, public=True, municipality="393053", generated_on=TODAY)
    kpis = _kpis(town)
    assert kpis["closure"].value == "＊" and kpis["closure"].suppressed
    assert "4" not in kpis["closure"].detail
    assert any("＊で秘匿" in note for note in town.notes)
    assert 2022 in town.trends[2].suppressed_years
    official = build_briefing(demo_db, "39", 2022, municipality="393053", generated_on=TODAY)
    assert _kpis(official)["closure"].value == "57.1"  # 4 of 5 new + 2 continuing cases
    # a threshold above the prefecture total hides the prefecture's consultations, trends and outliers too
    hidden = build_briefing(demo_db, "09", 2020, public=True, threshold=6000, generated_on=TODAY)
    assert _kpis(hidden)["per_10k"].value == "＊" and _kpis(hidden)["closure"].value == "＊"
    assert hidden.trends[1].points.empty and hidden.outliers == ()


def test_public_outliers_list_only_unsuppressed_municipalities(demo_db):
    shown = build_briefing(demo_db, "34", 2024, public=True, generated_on=TODAY)
    overview = calc.with_rates(queries.municipality_overview(demo_db, "34", 2024))
    small = set(overview.loc[overview["closed_cases"].between(1, 4) | overview["new_cases"].between(1, 4), "code"])
    assert not small & {o.code for o in shown.outliers}


def test_hidden_samples_are_left_out(demo_db):
    briefing = build_briefing(demo_db, "09", 2020, show_synthetic=False, generated_on=TODAY)
    kpis = _kpis(briefing)
    assert (kpis["coverage"].value, kpis["coverage"].detail) == ("66.7", "26 / 39 地区")  # 宇都宮市 as reported
    assert kpis["per_10k"].value == "—" and not kpis["coverage"].synthetic
    assert not briefing.has_synthetic and briefing.outliers == ()
    assert "サンプル（合成データ）は除いて集計しています（画面の設定）。" in briefing.notes
    assert "サンプル（synthetic）＝デモ用の合成データ" not in briefing.sources


def test_unknown_municipality_is_an_error(demo_db):
    with pytest.raises(ValueError, match="市町村ではありません"):
        build_briefing(demo_db, "09", 2020, municipality="341002")


def test_public_prefecture_totals_follow_the_overview_kpi_rule(demo_db):
    """Some 高知 municipalities are ＊ in 2022, but the prefecture total is large: the 概要 KPI card shows it
    (the municipalities' pattern protects each hidden cell against it), so the briefing does too."""
    official = _kpis(build_briefing(demo_db, "39", 2022, generated_on=TODAY))
    public = _kpis(build_briefing(demo_db, "39", 2022, public=True, threshold=5, generated_on=TODAY))
    for key in ("per_10k", "closure"):
        assert not public[key].suppressed and public[key].value == official[key].value
    hidden = _kpis(build_briefing(demo_db, "39", 2022, public=True, threshold=6000, generated_on=TODAY))
    assert hidden["per_10k"].suppressed and hidden["per_10k"].value == "＊"

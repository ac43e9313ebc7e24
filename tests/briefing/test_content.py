"""The briefing's numbers are the 概要 screen's numbers; public mode hides small counts; samples are marked; the
page names its edition in plain words; every outlier listed is marked on the map; it opens on the latest year."""

import dataclasses
import datetime as dt

import pytest

from analytics import overview as calc
from analytics.disclosure import Disclosure
from briefing.content import build_briefing, latest_fiscal_year
from data_access import queries
from tests.japanese import JAPANESE, PROPER_NAMES

TODAY = dt.date(2026, 11, 23)
PUBLIC = Disclosure(public=True, threshold=5)


def _overview_headline(db, pref, fy):
    """The 概要 screen's computation (pages/overview.py) with samples shown."""
    sources = queries.sources(db)
    frame = queries.municipality_overview(db, pref, fy)
    calc.synthetic_mask(frame, set(sources.index[sources["kind"] == "synthetic"]))
    return calc.headline(calc.with_rates(frame))


def _kpis(briefing):
    return {k.key: k for k in briefing.kpis}


@pytest.mark.parametrize(("pref", "fy"), [("09", 2020), ("34", 2024)])
def test_headline_equals_the_overview_computation(briefing_of, demo_sqlite, pref, fy):
    briefing = briefing_of(demo_sqlite, pref, fy, generated_on=TODAY)
    assert briefing.headline == _overview_headline(demo_sqlite, pref, fy)
    assert briefing.previous == _overview_headline(demo_sqlite, pref, fy - 1)


def test_tochigi_2020(briefing_of, demo_sqlite):
    briefing = briefing_of(demo_sqlite, "09", 2020, generated_on=TODAY)
    kpis = _kpis(briefing)
    assert briefing.title == "栃木県 地域支援体制 整備状況ブリーフィング"
    assert briefing.subtitle == "令和2年度（2020年度）　管内 25 市町村"
    assert briefing.generated == "作成日 2026年11月23日"
    assert kpis["kpi_jusou_full"].value == "—" and kpis["kpi_jusou_full"].detail == "令和3年度から開始"
    assert (kpis["coverage"].value, kpis["coverage"].detail) == ("45.6", "73 / 160 地区")
    assert kpis["coverage"].change == "前年度比 +5.6pt" and kpis["coverage"].synthetic
    assert kpis["per_10k"].value == "28.2" and kpis["per_10k"].detail == "総数 5,375件"
    assert kpis["per_10k"].change == "前年度比 −0.7件/1万人"  # a rate's change, not 0.7 cases
    assert kpis["closure"].value == "55.3" and kpis["closure"].detail == "終結 4,384 / 対象 7,928件"
    assert briefing.map.layer == "council_coverage"  # before 令和3年度: coverage instead of an all-grey map
    coverage = briefing.trends[0].points.set_index("fiscal_year")["value"]
    assert coverage[2020] == pytest.approx(73 / 160 * 100)
    assert any("宇都宮市「第2層協議体の進捗状況（令和2年12月）」 55行目" in s for s in briefing.sources)
    assert "サンプル（合成データ）: デモ用に作った架空の値" in briefing.sources
    assert briefing.has_synthetic
    assert briefing.sample_note.startswith("黄色の地の値・年度と地図の斜線は、サンプル（合成データ）を含みます")
    assert briefing.map.credit.startswith("地図: ")


def test_hiroshima_2024_published_counts_win(briefing_of, demo_sqlite):
    briefing = briefing_of(demo_sqlite, "34", 2024, generated_on=TODAY)
    kpis = _kpis(briefing)
    assert (kpis["kpi_jusou_full"].value, kpis["kpi_jusou_full"].detail) == ("11", "公表値")
    assert kpis["kpi_jusou_full"].change == "前年度比 +3団体"  # 8 counted in 2023
    assert (kpis["kpi_jusou_preparing"].value, kpis["kpi_jusou_preparing"].change) == ("1", "前年度比 −2団体")
    assert not kpis["kpi_jusou_full"].synthetic
    assert briefing.map.layer == "jusou_status"
    assert briefing.map.values["value"].value_counts().to_dict() == {"full": 11, "none": 11, "preparing": 1}
    assert kpis["closure"].value == "55.1" and kpis["per_10k"].value == "28.3"
    above, below = briefing.outlier_groups
    assert above.heading == "↑ 新規相談が多い（県全体 28.3件/1万人）　いずれもサンプル"
    assert above.entries == ("三次市 38.6", "福山市 32.7", "広島市 31.9") and above.more == 0
    assert below.heading.startswith("↓ 新規相談が少ない（県全体 28.3件/1万人）")
    assert below.entries[:2] == ("廿日市市 23.0", "呉市 19.8")


def test_english(briefing_of, demo_sqlite):
    briefing = briefing_of(demo_sqlite, "34", 2024, lang="en", generated_on=TODAY)
    assert briefing.title == "Hiroshima: community support rollout briefing"
    assert briefing.subtitle.startswith("FY2024")
    assert _kpis(briefing)["kpi_jusou_full"].change == "+3 vs previous FY"
    assert briefing.edition == "Internal: every value shown"
    assert briefing.footer == "Hiroshima · FY2024 briefing (Internal)"


def test_public_mode_hides_small_counts(briefing_of, demo_sqlite):
    # 北川村 (demo) reported 4 closed cases in 令和4年度: its closure rate is hidden, as in the public 概要 table
    town = briefing_of(demo_sqlite, "39", 2022, disclosure=PUBLIC, municipality="393053", generated_on=TODAY)
    kpis = _kpis(town)
    assert kpis["closure"].value == "＊" and kpis["closure"].suppressed
    assert kpis["closure"].detail == "少ない件数のため非公表"
    assert any("＊で秘匿" in note for note in town.notes)
    assert 2022 in town.trends[2].suppressed_years
    official = briefing_of(demo_sqlite, "39", 2022, municipality="393053", generated_on=TODAY)
    assert _kpis(official)["closure"].value == "57.1"  # 4 of 5 new + 2 continuing cases
    # a threshold above the prefecture total hides the prefecture's consultations, trends and outliers too
    hidden = briefing_of(
        demo_sqlite,
        "09",
        2020,
        disclosure=Disclosure(public=True, threshold=6000),
        generated_on=TODAY,
    )
    assert _kpis(hidden)["per_10k"].value == "＊" and _kpis(hidden)["closure"].value == "＊"
    assert hidden.trends[1].points.empty and hidden.outliers == ()


def test_public_outliers_list_only_unsuppressed_municipalities(briefing_of, demo_sqlite):
    shown = briefing_of(demo_sqlite, "34", 2024, disclosure=PUBLIC, generated_on=TODAY)
    overview = calc.with_rates(queries.municipality_overview(demo_sqlite, "34", 2024))
    small = set(overview.loc[overview["closed_cases"].between(1, 4) | overview["new_cases"].between(1, 4), "code"])
    assert not small & {o.code for o in shown.outliers}


def test_hidden_samples_are_left_out(briefing_of, demo_sqlite):
    briefing = briefing_of(demo_sqlite, "09", 2020, show_synthetic=False, generated_on=TODAY)
    kpis = _kpis(briefing)
    assert (kpis["coverage"].value, kpis["coverage"].detail) == ("66.7", "26 / 39 地区")  # 宇都宮市 as reported
    assert kpis["per_10k"].value == "—" and not kpis["coverage"].synthetic
    assert not briefing.has_synthetic and briefing.outliers == ()
    assert "サンプル（合成データ）は除いて集計しています（画面の設定）。" in briefing.notes
    assert "サンプル（合成データ）: デモ用に作った架空の値" not in briefing.sources
    assert briefing.sample_note == ""


def test_unknown_municipality_is_an_error(demo_sqlite):
    with pytest.raises(ValueError, match="市町村ではありません"):
        build_briefing(demo_sqlite, "09", 2020, municipality="341002")


def test_public_prefecture_totals_follow_the_overview_kpi_rule(briefing_of, demo_sqlite):
    """Some 高知 municipalities are ＊ in 2022, but the prefecture total is large: the 概要 KPI card shows it
    (the municipalities' pattern protects each hidden cell against it), so the briefing does too."""
    official = _kpis(briefing_of(demo_sqlite, "39", 2022, generated_on=TODAY))
    public = _kpis(
        briefing_of(
            demo_sqlite,
            "39",
            2022,
            disclosure=PUBLIC,
            generated_on=TODAY,
        )
    )
    for key in ("per_10k", "closure"):
        assert not public[key].suppressed and public[key].value == official[key].value
    hidden = _kpis(
        briefing_of(
            demo_sqlite,
            "39",
            2022,
            disclosure=Disclosure(public=True, threshold=6000),
            generated_on=TODAY,
        )
    )
    assert hidden["per_10k"].suppressed and hidden["per_10k"].value == "＊"


@pytest.mark.parametrize(
    ("lang", "disclosure", "edition", "short"),
    [
        ("ja", None, "内部資料（全ての値を表示）", "内部資料"),
        ("ja", PUBLIC, "公開版（少ない件数は＊で秘匿）", "公開版"),
        ("en", None, "Internal: every value shown", "Internal"),
        ("en", PUBLIC, "Public edition: small counts hidden (＊)", "Public edition"),
    ],
)
def test_the_edition_and_the_footer_say_what_the_page_is(briefing_of, demo_sqlite, lang, disclosure, edition, short):
    """Issue #18: 「職員向け」 and the footer code 「34-2024」 meant nothing to a director."""
    options = {"disclosure": disclosure} if disclosure else {}
    briefing = briefing_of(demo_sqlite, "34", 2024, lang=lang, generated_on=TODAY, **options)
    assert (briefing.edition, briefing.edition_short) == (edition, short)
    area, year = ("広島県", "令和6年度（2024年度）") if lang == "ja" else ("Hiroshima", "FY2024")
    assert area in briefing.footer and year in briefing.footer and short in briefing.footer
    texts = " ".join(_texts(briefing))
    assert "職員向け" not in texts and "Officials'" not in texts and "34-2024" not in texts


def test_a_municipal_briefing_names_the_municipality_in_its_footer(briefing_of, demo_sqlite):
    briefing = briefing_of(demo_sqlite, "34", 2024, municipality="341002", generated_on=TODAY)
    assert briefing.footer == "広島県 広島市　令和6年度（2024年度） ブリーフィング（内部資料）"


@pytest.mark.parametrize(
    ("pref", "fy", "disclosure"), [("34", 2024, None), ("09", 2020, None), ("39", 2022, PUBLIC), ("39", 2022, None)]
)
def test_every_outlier_listed_is_marked_on_the_map_on_its_side(briefing_of, demo_sqlite, pref, fy, disclosure):
    options = {"disclosure": disclosure} if disclosure else {}
    briefing = briefing_of(demo_sqlite, pref, fy, generated_on=TODAY, **options)
    assert briefing.outliers, "the demo has municipalities outside the 99.8% limits"
    listed = {(o.code, o.side) for o in briefing.outliers}
    assert set(briefing.map.marks.itertuples(index=False, name=None)) == listed
    for group in briefing.outlier_groups:  # every outlier is named or counted on its line
        members = [o for o in briefing.outliers if (o.indicator, o.side) == (group.indicator, group.side)]
        assert len(group.entries) + group.more == len(members)
        assert [e.split(" ")[0] for e in group.entries] == [o.name for o in members][: len(group.entries)]


def test_public_map_marks_no_municipality_whose_value_is_hidden(briefing_of, demo_sqlite):
    """高知県 令和元年度: two municipalities outside the closure-rate limits closed 1–4 cases; the public edition
    neither lists nor marks them."""
    public = briefing_of(demo_sqlite, "39", 2019, disclosure=PUBLIC, generated_on=TODAY)
    official = briefing_of(demo_sqlite, "39", 2019, generated_on=TODAY)
    dropped = {(o.code, o.side) for o in official.outliers if o.indicator == "closure_rate"} - {
        (o.code, o.side) for o in public.outliers if o.indicator == "closure_rate"
    }
    overview = queries.municipality_overview(demo_sqlite, "39", 2019)
    small = set(overview.loc[overview["closed_cases"].between(1, 4), "code"])
    assert dropped and {code for code, _side in dropped} <= small
    public_marks = set(public.map.marks.itertuples(index=False, name=None))
    still_listed = {(o.code, o.side) for o in public.outliers}
    assert not (dropped - still_listed) & public_marks


def test_the_method_is_a_plain_note_not_the_outlier_heading(briefing_of, demo_sqlite):
    """Issue #18: 「Spiegelhalter法」 belongs in a note."""
    for lang, plain in (("ja", "偶然"), ("en", "chance")):
        briefing = briefing_of(demo_sqlite, "34", 2024, lang=lang, generated_on=TODAY)
        headings = [g.heading for g in briefing.outlier_groups]
        assert not any("Spiegelhalter" in h or "99.8" in h or "管理限界" in h for h in headings)
        method = [note for note in briefing.notes if "Spiegelhalter" in note]
        assert len(method) == 1 and "99.8" in method[0] and plain in method[0]


def test_no_outlier_list_says_why(briefing_of, demo_sqlite):
    hidden = briefing_of(demo_sqlite, "09", 2020, show_synthetic=False, generated_on=TODAY)
    assert hidden.outlier_groups == () and hidden.map.marks.empty
    assert hidden.outlier_empty == "比較できる相談件数のデータがありません。"


def test_a_municipality_keeps_its_population_date_and_reports_no_change_between_years_of_one_statistic(
    briefing_of, demo_sqlite
):
    kpis = _kpis(briefing_of(demo_sqlite, "34", 2024, municipality="341002", generated_on=TODAY))
    assert kpis["population"].detail == "2025年1月1日現在"  # the page's date style, as in its notes
    assert (kpis["population"].change, kpis["population"].direction) == ("前年度と同じ時点の統計", None)


@pytest.mark.parametrize(("pref", "latest"), [("09", 2024), ("34", 2024), ("39", 2024), ("10", None)])
def test_the_latest_year_with_data(demo_db, pref, latest):
    """Council coverage carries forward into 2025 (set-up dates), but no 2025 report exists: 2024 is the latest
    year with something to say; 群馬県 has nothing but official statistics."""
    assert latest_fiscal_year(demo_db, pref) == latest


def _texts(obj):
    """Every string a briefing carries to the page and the slide (fields, nested dataclasses, tuples)."""
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for field in dataclasses.fields(obj):
            yield from _texts(getattr(obj, field.name))
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from _texts(item)


@pytest.mark.parametrize(("pref", "fy"), [("09", 2020), ("34", 2024)])
def test_the_english_briefing_has_no_japanese_but_proper_names(briefing_of, demo_sqlite, pref, fy):
    """Issue #16: English mode is English in the PDF too; place names stay as they are."""
    briefing = briefing_of(demo_sqlite, pref, fy, lang="en", generated_on=TODAY)
    found = {word for text in _texts(briefing) for word in JAPANESE.findall(text)} - PROPER_NAMES
    assert not found
    assert any(source.startswith("MIC, Population") for source in briefing.sources)
    if pref == "34":  # 重層事業 in 令和6年度: the national count's publication, named in English
        assert "MHLW, Social Security Council, Welfare Subcommittee (29th meeting), Material 1" in briefing.sources

"""The chart builders (dashboard/charts): traces, data, hover text and colours per case — samples, suppressed rows
left out by the page, empty frames, one municipality, the nation's 1,741 — and the one look every figure shares
(template, title, notes and the mode bar that saves it as an image)."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest

from core.domain import FONT_FAMILY, FUNNEL_COLOURS, JUDGEMENT_COLOURS, PALETTE, SERIES_COLOURS
from core.i18n import LANGUAGES
from dashboard.charts import Axis, Heading, Measure, councils, outcomes, style
from dashboard.charts.selection import picked
from tests.dashboard.figures import as_json, hover_lines, points

HOSTILE = "<a href='x'>村</a>%{customdata[0]}"
NAN = math.nan
HEADING = Heading("終結率のファンネルプロット", "栃木県", "令和2年度（2020年度）", ("文書A", "サンプル（合成データ）"))
CLOSURE = Measure("終結率（%）", "終結件数", "対応件数", "%")


def _points(n: int = 4, synthetic=(False, True, False, False), value=(55.7, 40.0, NAN, 62.5), **extra) -> pd.DataFrame:
    value = np.asarray(value, dtype=float)[:n]
    frame = pd.DataFrame(
        {
            "code": ["092011", "092029", "092037", "092045"][:n],
            "name": ["宇都宮市", HOSTILE, "栃木市", "佐野市"][:n],
            "prefecture": "",
            "value": value,
            "low": value - 5,
            "high": value + 5,
            "numerator": [557, 8, 0, 50][:n],
            "denominator": [1000, 20, 0, 80][:n],
            "period": ["年度", "年度途中（2021-02-28まで）", "年度", "年度"][:n],
            "synthetic": list(synthetic)[:n],
            "source": ["文書A 12行目", "サンプル（合成データ）", "文書A 13行目", "文書A 14行目"][:n],
        }
    )
    return frame.assign(**{k: list(v)[:n] for k, v in extra.items()})


def bars(frame: pd.DataFrame | None = None):
    frame = _points(label=["better", "worse", "similar", "similar"]) if frame is None else frame
    return outcomes.interval_bars(frame, CLOSURE, 50.0, HEADING, "ja")


def _curve() -> pd.DataFrame:
    grid = np.geomspace(1, 1050, 50)
    spread = 100 / np.sqrt(grid)
    return pd.DataFrame(
        {
            "denominator": grid,
            "low_95": 50 - spread,
            "high_95": 50 + spread,
            "low_998": 50 - 1.5 * spread,
            "high_998": 50 + 1.5 * spread,
        }
    )


def funnel(frame: pd.DataFrame | None = None, **options):
    frame = _points(position=["above_95", "within", "not_compared", "within"]) if frame is None else frame
    return outcomes.funnel(frame, _curve(), CLOSURE, 50.0, HEADING, "ja", **options)


def trend(rows: pd.DataFrame | None = None):
    if rows is None:
        rows = pd.DataFrame(
            {
                "area": ["栃木県"] * 3 + ["全国"] * 3,
                "fiscal_year": [2019, 2020, 2021] * 2,
                "value": [50.0, NAN, 58.0, 52.0, 53.0, 54.0],
                "low": [45.0, NAN, 53.0, 51.0, 52.0, 53.0],
                "high": [55.0, NAN, 63.0, 53.0, 54.0, 55.0],
                "numerator": [50, 0, 58, 5200, 5300, 5400],
                "denominator": [100, 0, 100, 10000, 10000, 10000],
                "municipalities": [10, 0, 12, 800, 810, 820],
                "synthetic": [False, False, True, False, False, False],
            }
        )
    return outcomes.trend(rows, ["栃木県", "全国"], CLOSURE, HEADING, "ja")


def dots(frame: pd.DataFrame | None = None):
    frame = _points() if frame is None else frame
    return outcomes.interval_dots(frame, SERIES_COLOURS[: len(frame)], CLOSURE, HEADING, "ja")


def _scatter_frame(n: int, rng=None) -> pd.DataFrame:
    rng = rng or np.random.default_rng(7)
    population = rng.lognormal(10, 1.5, n)
    rate = rng.random(n) * 100
    return pd.DataFrame(
        {
            "code": [f"{10000 + i:05d}1" for i in range(n)],
            "name": ["札幌市", "那珂川町", "檜原村"] * (n // 3) + ["府中市"] * (n % 3),
            "prefecture": "北海道",
            "population": population,
            "population_low": NAN,
            "population_high": NAN,
            "closure_rate": rate,
            "closure_rate_low": rate - 3,
            "closure_rate_high": rate + 3,
            "period": "年度",
            "synthetic": rng.random(n) < 0.8,
            "source": "サンプル（合成データ）",
        }
    )


X_POPULATION, Y_CLOSURE = Axis("population", "人口", log=True, digits=0), Axis("closure_rate", "終結率（%）", unit="%")


def scatter(others: pd.DataFrame | None = None, chosen: pd.DataFrame | None = None):
    others = _scatter_frame(6) if others is None else others
    if chosen is None:
        chosen = _scatter_frame(1).assign(code="092011", name="宇都宮市", prefecture="栃木県", synthetic=False)
    return outcomes.scatter(others, chosen, [PALETTE["orange"]], X_POPULATION, Y_CLOSURE, HEADING, "ja")


def _spine_table(n: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "_metric": ["相談件数", HOSTILE, "終結率"][:n],
            "_value_text": ["18.0（15.0–21.0）", "40.0%（30.0–50.0）", "＊"][:n],
            "_label": ["better", "worse", "hidden"][:n],
            "_synthetic": [False, True, False][:n],
            "_pref_text": ["19.7", "—", "55.7%"][:n],
            **{c: ["1.0", "2.0", "3.0"][:n] for c in ("_left", "_q25", "_median", "_q75", "_right")},
            "_count": [100, 90, 80][:n],
            "_min": [0.0, 0.1, 0.0][:n],
            "_max": [1.0, 0.9, 1.0][:n],
            "_q_low": [0.3, 0.4, 0.35][:n],
            "_q_high": [0.7, 0.6, 0.65][:n],
            "_pref": [0.55, NAN, 0.5][:n],
            "_value": [0.8, 0.2, NAN][:n],
        }
    )


def spine(table: pd.DataFrame | None = None):
    return outcomes.spine(_spine_table() if table is None else table, "栃木県", HEADING, "ja")


def coverage(series=None, reported=None, targets=None, sample=False):
    if series is None:
        series = pd.DataFrame(
            {"date": [dt.date(2019, 4, 1), dt.date(2020, 6, 1), dt.date(2021, 3, 31)], "established": [1, 5, 5]}
        )
    if reported is None:
        reported = pd.DataFrame({"as_of": [dt.date(2020, 12, 24)], "value": [26]})
    if targets is None:
        targets = pd.DataFrame({"value": [39], "due_on": [dt.date(2021, 3, 31)]})
    return councils.coverage_curve(series, reported, targets, HEADING, "ja", sample)


BUILDERS = {
    "bars": bars,
    "funnel": funnel,
    "trend": trend,
    "dots": dots,
    "scatter": scatter,
    "spine": spine,
    "coverage": coverage,
}


def _traces(figure, name: str) -> list[dict]:
    return [trace for trace in as_json(figure)["data"] if trace.get("name") == name]


def _point(figure, code: str) -> dict:
    return next(p for p in points(as_json(figure)) if p["code"] == code)


# --- every builder: one look, one way to explain itself --------------------------------------------------------


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_every_figure_has_the_look_title_sources_and_a_description(build):
    figure = as_json(build())
    layout = figure["layout"]
    assert layout["font"]["family"] == FONT_FAMILY and layout["paper_bgcolor"] == "#ffffff"
    assert layout["xaxis"]["linecolor"] == layout["yaxis"]["linecolor"] == style.MUTED  # the look under its own
    assert layout["title"]["text"] == "終結率のファンネルプロット"
    assert layout["title"]["subtitle"]["text"] == "栃木県・令和2年度（2020年度）"
    notes = [a["text"] for a in layout["annotations"] if a["text"].startswith("出典")]
    assert notes == ["出典: 文書A、サンプル（合成データ）"]
    assert layout["meta"]["description"].endswith("。")
    assert layout["meta"]["file_stem"] == "終結率のファンネルプロット_栃木県_令和2年度（2020年度）"
    assert layout["height"] > layout["margin"]["t"] + layout["margin"]["b"]


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_every_figure_is_drawn_once_when_streamlit_copies_it(build):
    """Streamlit hands plotly.js a deep copy of a figure right after drawing it; plotly.js draws the whole chart
    again when an attribute compared by identity is a new object: a data array without a datarevision, a typed
    array (decoded anew each time), a template."""
    figure = build()
    sent = json.loads(figure.to_json())
    assert sent["layout"]["datarevision"] == 1 and "template" not in sent["layout"]
    assert '"bdata"' not in figure.to_json()  # lists, not plotly.py's typed arrays
    assert sent["layout"]["meta"]["tools"] in style.TOOLS  # read by the page, which sends the figure without it


@pytest.mark.parametrize("build", [bars, funnel, dots, spine], ids=["bars", "funnel", "dots", "spine"])
def test_a_hostile_name_is_text_not_markup(build):
    """Plotly draws a subset of HTML in its texts: a name is written with entities, so it cannot add a link."""
    figure = as_json(build())
    del figure["layout"]["meta"]  # the description, read by screen readers as an attribute (not drawn)
    text = json.dumps(figure, ensure_ascii=False)
    assert "<a href" not in text and "&lt;a href='x'&gt;村&lt;/a&gt;%&#123;customdata[0]}" in text
    for point in points(as_json(build())):
        assert hover_lines(point["hover"])["name"] in ("宇都宮市", "栃木市", "佐野市", HOSTILE)


def test_the_mode_bar_saves_a_named_image_in_the_ui_language_and_fetches_nothing():
    figure = funnel()
    config = style.config(figure, "ja")
    assert config["locale"] == "ja" and config["displaylogo"] is False and config["typesetMath"] is False
    words = config["locales"]["ja"]["dictionary"]
    assert words["Download plot as a PNG"] == "画像（PNG）を保存" and words["Reset axes"] == "元の表示に戻す"
    assert config["modeBarButtons"] == [
        ["toImage", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "resetScale2d", "select2d", "lasso2d"]
    ]
    image = config["toImageButtonOptions"]
    assert image["format"] == "png" and image["scale"] == 2 and image["height"] == figure.layout.height
    assert image["filename"] == "終結率のファンネルプロット_栃木県_令和2年度（2020年度）"
    assert style.config(bars(), "en")["modeBarButtons"] == [["toImage"]]
    assert style.config(bars(), "en")["locales"]["en"]["dictionary"]["Download plot as a PNG"] == "Save as image (PNG)"
    assert style.config(scatter(), "ja")["modeBarButtons"][0][-1] == "resetScale2d"  # zoom, no selection


def test_a_file_name_keeps_japanese_and_drops_what_windows_refuses():
    heading = Heading("相談件数／人口: 比較?", "東京都", "令和2年度（2020年度）")
    assert heading.file_stem == "相談件数／人口_比較_東京都_令和2年度（2020年度）"


PER_10K_FUNNEL = "相談件数（人口1万人当たり）のファンネルプロット"
ENGLISH_TITLE = "Funnel plot: consultations per 10,000 residents"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("終結率のファンネルプロット", 21, ["終結率のファンネルプロット"]),
        (PER_10K_FUNNEL, 21, ["相談件数（人口1万人当たり）のファンネルプ", "ロット"]),
        ("出典: 文書A、文書B、文書C", 8, ["出典: 文書A、", "文書B、文書C"]),
        (ENGLISH_TITLE, 21, ["Funnel plot: consultations per 10,000", "residents"]),
    ],
)
def test_titles_and_notes_wrap_to_a_phone_width(text, width, lines):
    assert [line.rstrip() for line in style.wrap(text, width)] == [line.rstrip() for line in lines]


def test_sources_are_named_once_and_the_rest_counted():
    assert style.sources_note(["A", "B", "A", "C", "D", "E"], "ja") == "出典: A、B、Cほか2件"
    assert style.sources_note(["A", "B", "C", "D"], "en") == "Source: A; B; C and 1 more"


# --- each builder --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    [
        [1234.5, NAN, 0.0, -2.25, math.inf],
        [7, 12_345, 0],
        [True, False],
        pd.array([3, None], dtype="Int64"),
        ["＊", 12.0, None],  # the public edition's mark among numbers
    ],
)
def test_a_column_of_numbers_reads_as_each_number_would(column):
    assert style.numbers(column, 1, "%") == [style.number(v, 1, "%") for v in column]
    lows, highs = [v if v is None or isinstance(v, str) else v - 1 for v in column], list(column)
    for lang in LANGUAGES:
        assert style.with_intervals(column, lows, highs, lang, 1, "%") == [
            style.with_interval(v, lo, hi, lang, 1, "%") for v, lo, hi in zip(column, lows, highs)
        ]


@pytest.mark.parametrize(("lang", "text"), [("ja", "55.7%（52.6–58.8）"), ("en", "55.7% (52.6–58.8)")])
def test_an_interval_is_bracketed_as_the_language_writes_it(lang, text):
    assert style.with_interval(55.7, 52.6, 58.8, lang, 1, "%") == text


def test_bars_largest_on_top_coloured_by_label_samples_hatched_benchmark_in_the_legend():
    figure = as_json(bars())
    layout = figure["layout"]
    assert layout["yaxis"]["categoryarray"] == ["092029", "092011", "092045"]  # bottom up: 40.0, 55.7, 62.5
    assert layout["yaxis"]["ticktext"][:2] == ["&lt;a href='x'&gt;村&lt;/a&gt;%&#123;customdata[0]}", "宇都宮市"]
    better, worse = _traces(bars(), "良い")[0], _traces(bars(), "良くない")[0]
    assert better["marker"]["color"] == JUDGEMENT_COLOURS["better"] and "pattern" not in better["marker"]
    assert worse["marker"]["pattern"]["shape"] == "/" and worse["marker"]["line"]["color"] == JUDGEMENT_COLOURS["worse"]
    assert "092037" not in {p["code"] for p in points(figure)}  # no value: no bar, not a bar at 0
    assert [t["name"] for t in figure["data"] if t.get("mode") == "lines"] == ["基準値 50.0%"]
    assert hover_lines(_point(bars(), "092011")["hover"]) == {
        "name": "宇都宮市",
        "終結率（%）": "55.7%（50.7–60.7）",
        "終結件数": "557",
        "対応件数": "1,000",
        "集計期間": "年度",
        "基準値との比較": "良い",
        "データ": "実データ",
        "出典": "文書A 12行目",
    }
    sample = hover_lines(_point(bars(), "092029")["hover"])
    assert sample["データ"] == "サンプル（合成データ）" and sample["集計期間"] == "年度途中（2021-02-28まで）"


def test_funnel_on_a_log_axis_between_dashed_and_dotted_limits_samples_hollow():
    figure = as_json(funnel())
    assert figure["layout"]["xaxis"]["type"] == "log" and figure["layout"]["dragmode"] == "zoom"
    limits = [t for t in figure["data"] if t.get("mode") == "lines"]
    assert sorted(t["line"]["dash"] for t in limits) == ["2px,2px", "2px,2px", "6px,4px", "6px,4px"]
    assert all(t.get("hoverinfo") == "skip" for t in limits)
    above = _traces(funnel(), "上側95%限界の外")[0]
    assert above["marker"]["color"] == FUNNEL_COLOURS["above_95"] and above["marker"]["symbol"] == "circle"
    within = _traces(funnel(), "管理限界の範囲内")
    assert {t["marker"]["symbol"] for t in within} == {"circle", "circle-open"}  # 佐野市 real, the other a sample
    point = _point(funnel(), "092011")
    assert (point["x"], point["y"]) == (1000, 55.7)
    assert hover_lines(point["hover"])["管理限界との関係"] == "上側95%限界の外"
    assert {p["code"] for p in points(figure)} == {"092011", "092029", "092045"}  # 栃木市 has no value


def test_funnel_shows_a_selection_from_the_link():
    figure = as_json(funnel(selected=["092045"]))
    chosen = {
        trace["customdata"][i][0]
        for trace in figure["data"]
        if trace.get("selectedpoints") is not None
        for i in trace["selectedpoints"]
    }
    assert chosen == {"092045"}
    assert "selectedpoints" not in json.dumps(as_json(funnel())["data"])


def test_funnel_of_the_nation_names_prefectures_and_folds_repeated_texts():
    n = 1741
    rng = np.random.default_rng(3)
    nation = pd.DataFrame(
        {
            "code": [f"{i:06d}" for i in range(10000, 10000 + n)],
            "name": ["府中市"] * n,
            "prefecture": ["東京都", "広島県"] * (n // 2) + ["北海道"],
            "value": rng.random(n) * 100,
            "low": 1.0,
            "high": 2.0,
            "numerator": rng.integers(5, 500, n),
            "denominator": rng.integers(500, 5000, n),
            "period": "年度",
            "synthetic": True,
            "source": "サンプル（合成データ）",
            "position": "within",
        }
    )
    figure = funnel(nation)
    placed = points(as_json(figure))
    assert len(placed) == n and {t.type for t in figure.data if t.customdata is not None} == {"scatter"}
    assert hover_lines(placed[0]["hover"])["name"] == "府中市（東京都）"
    trace = next(t for t in as_json(figure)["data"] if t.get("customdata"))
    assert len(trace["customdata"][0]) == 5  # code, name, value, numerator, denominator: the rest is in the template
    assert "年度" in trace["hovertemplate"] and "サンプル（合成データ）" in trace["hovertemplate"]
    assert len(figure.to_json().encode()) < 200_000


def test_trend_one_line_per_area_the_nation_dashed_sample_years_hollow():
    figure = as_json(trend())
    own, nation = figure["data"][:2]
    assert own["line"]["dash"] == "solid" and nation["line"]["dash"] == "dash"
    assert own["x"] == [2019, 2021]  # the missing year is left out, not drawn at 0
    assert own["marker"]["color"] == [SERIES_COLOURS[0], "#ffffff"]  # 2021's totals include samples
    assert own["error_y"]["array"] == [5.0, 5.0]
    lines = hover_lines(style_hover(own, 0))
    assert lines == {
        "name": "栃木県",
        "年度": "令和元年度（2019年度）",
        "終結率（%）": "50.0%（45.0–55.0）",
        "終結件数": "50",
        "対応件数": "100",
        "報告団体数": "10",
        "データ": "実データ",
    }
    assert figure["layout"]["xaxis"]["ticktext"] == ["2019", "2020", "2021"]


def style_hover(trace: dict, i: int) -> str:
    from tests.dashboard.figures import hover_text

    return hover_text(trace["hovertemplate"], trace["customdata"][i])


def test_dots_keep_the_chosen_order_colours_and_hollow_samples():
    figure = as_json(dots())
    layout = figure["layout"]
    assert layout["yaxis"]["categoryarray"] == ["092045", "092037", "092029", "092011"]  # the first chosen on top
    drawn = [t for t in figure["data"] if t.get("customdata")]
    assert [t["customdata"][0][0] for t in drawn] == ["092011", "092029", "092045"]  # 栃木市: no value
    assert [t["marker"]["color"] for t in drawn] == [SERIES_COLOURS[0], SERIES_COLOURS[1], SERIES_COLOURS[3]]
    assert [t["marker"]["symbol"] for t in drawn] == ["circle", "circle-open", "circle"]


def test_scatter_greys_the_rest_names_the_chosen_and_skips_what_a_log_axis_cannot_place():
    others = _scatter_frame(6)
    others.loc[2, "population"] = 0.0
    figure = as_json(scatter(others))
    grey = [t for t in figure["data"] if t.get("name") == "全国の市町村（データのあるもの）"]
    assert sum(len(t["customdata"]) for t in grey) == 5
    chosen = [t for t in figure["data"] if t.get("mode") == "markers+text"]
    assert len(chosen) == 1 and chosen[0]["text"] == ["宇都宮市"]
    assert chosen[0]["marker"]["color"] == PALETTE["orange"]
    assert figure["layout"]["xaxis"]["type"] == "log" and "type" not in figure["layout"]["yaxis"]
    lines = hover_lines(_point(scatter(others), "092011")["hover"])
    assert lines["name"] == "宇都宮市（栃木県）"
    assert "–" in lines["終結率（%）"] and "–" not in lines["人口"]  # an interval only where the value has one
    assert lines["人口"].replace(",", "").isdigit()


def test_names_far_apart_are_written_above_their_points():
    span = ((0.0, 100.0), (0.0, 100.0))
    assert (
        style.label_positions([(10, 10), (90, 90), (10, 90)], ["函館市", "小樽市", "札幌市"], span)
        == ["top center"] * 3
    )


def test_names_of_points_close_together_are_written_apart():
    """函館市 and 小樽市 a few pixels apart on 比較's scatter: plotly wrote both names above, one over the other."""
    span = ((0.0, 100.0), (0.0, 100.0))
    names = ["函館市", "小樽市", "旭川市", "釧路市"]
    places = style.label_positions([(50, 50), (51, 49), (49, 51), (90, 10)], names, span)
    assert places[2] == "top center" and places[3] == "top center"  # the highest of the three; the far one
    assert len(set(places[:3])) == 3


def test_scatter_writes_the_names_of_two_close_municipalities_apart():
    chosen = _scatter_frame(2).assign(code=["012025", "012033"], name=["函館市", "小樽市"], synthetic=False)
    chosen["population"], chosen["closure_rate"] = [250_000.0, 230_000.0], [55.0, 54.5]
    written = [t for t in as_json(scatter(chosen=chosen))["data"] if t.get("mode") == "markers+text"]
    assert [t["text"] for t in written] == [["函館市"], ["小樽市"]]
    assert {t["textposition"] for t in written} == {"top center", "bottom center"}


def test_scatter_of_every_municipality_stays_small():
    figure = scatter(_scatter_frame(1741))
    assert len(points(as_json(figure))) == 1742
    assert len(figure.to_json().encode()) < 250_000


def test_spine_bands_centre_diamond_and_labelled_dots_and_no_dot_for_a_hidden_value():
    figure = as_json(spine())
    bands = [t for t in figure["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bands] == ["全国の範囲", "25〜75%"]
    assert bands[0]["base"] == [0.0, 0.1, 0.0]
    diamonds = _traces(spine(), "栃木県")[0]
    assert diamonds["marker"]["symbol"] == "diamond" and len(diamonds["x"]) == 2  # no prefecture value on row 2
    dots_drawn = [t for t in figure["data"] if t["type"] == "scatter" and t.get("name") in ("良い", "良くない")]
    assert [(t["name"], t["marker"]["symbol"]) for t in dots_drawn] == [("良い", "circle"), ("良くない", "circle-open")]
    assert "＊" not in json.dumps(figure["data"], ensure_ascii=False)  # the hidden value is not there at all
    assert figure["layout"]["yaxis"]["categoryarray"][0] == "終結率"  # the first indicator on top


def test_coverage_steps_reported_diamonds_and_the_target_line():
    figure = as_json(coverage())
    curve, reported, target = figure["data"][:3]
    assert curve["line"]["shape"] == "hv" and curve["line"]["dash"] == "solid"
    assert reported["text"] == ["26"] and reported["marker"]["symbol"] == "diamond"
    assert target["line"]["dash"] == "dash" and target["y"] == [39.0, 39.0]
    assert any(a["text"] == "目標 39（2021年3月31日）" for a in figure["layout"]["annotations"])
    assert figure["layout"]["xaxis"]["tickformat"] == "%Y/%m"
    sampled = as_json(coverage(sample=True))["data"]
    assert sampled[0]["line"]["dash"] == "dash" and sampled[-1]["name"] == "サンプル（合成データ）"


# --- empty frames and a single municipality --------------------------------------------------------------------

EMPTY = {
    "bars": lambda: bars(_points(0, label=[])),
    "funnel": lambda: outcomes.funnel(_points(0, position=[]), _curve().iloc[:0], CLOSURE, math.nan, HEADING, "en"),
    "trend": lambda: trend(
        pd.DataFrame(columns=["area", "fiscal_year", "value", "low", "high", "numerator", "denominator"]).assign(
            municipalities=[], synthetic=[]
        )
    ),
    "dots": lambda: dots(_points(0)),
    "scatter": lambda: outcomes.scatter(
        _scatter_frame(0), _scatter_frame(0), [], X_POPULATION, Y_CLOSURE, HEADING, "ja"
    ),
    "spine": lambda: spine(_spine_table(0)),
    "coverage": lambda: coverage(
        pd.DataFrame(columns=["date", "established"]),
        pd.DataFrame(columns=["as_of", "value"]),
        pd.DataFrame(columns=["value", "due_on"]),
    ),
}


@pytest.mark.parametrize("name", EMPTY)
def test_an_empty_frame_draws_an_empty_chart(name):
    figure = as_json(EMPTY[name]())
    assert points(figure) == []
    assert "サンプル" not in json.dumps([t.get("name") for t in figure["data"]], ensure_ascii=False)


@pytest.mark.parametrize("build", [bars, funnel, dots])
def test_one_municipality(build):
    one = _points(1, label=["better"], position=["within"])
    figure = as_json(build(one))
    assert [p["code"] for p in points(figure)] == ["092011"]


def test_english_words():
    figure = as_json(outcomes.interval_bars(_points(label=["better"] * 4), CLOSURE, 50.0, HEADING, "en"))
    assert figure["layout"]["meta"]["description"].startswith("Bar chart of 終結率（%） for 3 municipalities")
    assert [t["name"] for t in figure["data"]][:1] == ["Better"]
    assert hover_lines(points(figure)[0]["hover"])["Data"] in ("Real data", "Sample (synthetic)")


# --- what a reader picked -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selection", "kind", "codes"),
    [
        (None, "none", ()),
        ({"selection": {"points": [], "box": [], "lasso": []}}, "none", ()),
        ({"selection": {"points": [{"customdata": ["092011", "宇都宮市"]}], "box": []}}, "click", ("092011",)),
        (
            {"selection": {"points": [{"customdata": ["092011"]}], "box": [{"x": [1, 2], "y": [3, 4]}]}},
            "area",
            ("092011",),
        ),
        ({"selection": {"points": [], "lasso": [{"x": [1], "y": [2]}]}}, "area", ()),
        (
            {
                "selection": {
                    "points": [{"customdata": ["092011"]}, {"customdata": ["092029"]}, {"customdata": ["092011"]}]
                }
            },
            "area",
            ("092011", "092029"),
        ),
        ({"selection": {"points": [{"x": 1, "y": 2}]}}, "none", ()),  # a limit line: no municipality
    ],
)
def test_what_a_reader_picked(selection, kind, codes):
    assert picked(selection) == type(picked(None))(kind, codes)


def test_only_zoomable_charts_take_a_drag_and_the_legend_has_room_on_a_phone():
    """A drag on a chart without zoom would keep a finger's swipe from scrolling the page; the legend's rows at
    phone width are added to the figure, so plotly does not squeeze the plot to make room for them."""
    assert [as_json(build())["layout"]["dragmode"] for build in (bars, trend, spine, coverage)] == [False] * 4
    assert as_json(funnel())["layout"]["dragmode"] == as_json(scatter())["layout"]["dragmode"] == "zoom"
    figure = funnel()
    rows = style.legend_height(figure.data)
    assert rows >= 3 * style.LEGEND_ROW  # 95%, 99.8%, three positions, sample: several rows on a phone
    total = figure.layout.height
    top = round((1 - figure.layout.legend.y) * total) + 6  # the title block: the legend's top edge is under it
    assert total == 440 + top + rows + figure.layout.margin.b


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_the_margins_hold_what_plotly_would_push_them_to(build):
    """plotly.js draws a chart again when its automargin moves a margin after the first drawing: the top margin holds
    the legend's entries in one row (under its title) and the pad automargin adds, a category axis's margin its
    labels, tick and pad."""
    figure = build()
    layout = figure.layout
    top = round((1 - layout.legend.y) * layout.height) + 6
    rows = style.legend_rows(figure.data, layout.legend.title.text or "", math.inf)
    assert rows <= 2  # no more: a wide screen shows the entries in one row, and a gap would stay under them
    legend_bottom = top - 6 + rows * style.LEGEND_DRAWN_ROW
    assert layout.margin.t >= (legend_bottom + style.AUTOMARGIN_PAD if rows else top)
    if layout.yaxis.type == "category":  # names of full-width characters: 12 px each, then the tick and its gap
        widest = max(len(text) for text in layout.yaxis.ticktext if all(ord(c) >= 0x2E80 for c in text))
        assert layout.margin.l >= widest * 12 + 7 + style.AUTOMARGIN_PAD

"""Server-rendered SVG charts (dashboard/charts.py): well-formed one-line markup, marks, tooltips, samples, axes."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import pytest

from dashboard import charts
from dashboard.charts import Figure
from tests.dashboard.chart_markup import all_text, drawn_names, facts, parse, plot, titles

HOSTILE = "<script>alert('x')</script>\"&村"
NAN = math.nan


def _outcomes(
    names=("宇都宮市", HOSTILE, "足利市", "日光市"),
    synthetic=(False, True, False, False),
    value=(55.7, 40.0, NAN, 62.5),
) -> pd.DataFrame:
    value = np.asarray(value, dtype=float)
    return pd.DataFrame(
        {
            "name": list(names),
            "synthetic": list(synthetic),
            "closure_rate": value,
            "closure_rate_low": value - 5,
            "closure_rate_high": value + 5,
        }
    )


def bars(frame: pd.DataFrame | None = None) -> Figure:
    frame = _outcomes() if frame is None else frame
    labels = pd.Series(["better", "worse", "similar", "similar"][: len(frame)], dtype=object)
    return charts.interval_bars(frame, "closure_rate", labels, 50.0, "終結率（%）", "ja")


def funnel(points: pd.DataFrame | None = None) -> Figure:
    if points is None:
        points = pd.DataFrame(
            {
                "name": ["宇都宮市", HOSTILE, "足利市"],
                "synthetic": [False, True, False],
                "value": [55.7, 40.0, NAN],
                "closed_cases": [557, 8, 0],
                "caseload": [1000, 20, 0],
                "position": ["above_95", "within", "not_compared"],
                "low_95": [52.6, 18.0, NAN],
                "high_95": [58.8, 61.0, NAN],
            }
        )
    grid = np.geomspace(1, 1050, 50)
    spread = 100 / np.sqrt(grid)
    curve = pd.DataFrame(
        {
            "denominator": grid,
            "low_95": 50 - spread,
            "high_95": 50 + spread,
            "low_998": 50 - 1.5 * spread,
            "high_998": 50 + 1.5 * spread,
        }
    )
    return charts.funnel_chart(points, curve, "closed_cases", "caseload", 50.0, "対応件数", "終結率（%）", "ja")


def trend(rows: pd.DataFrame | None = None) -> Figure:
    if rows is None:
        rows = pd.DataFrame(
            {
                "area": ["栃木県"] * 3 + ["全国"] * 3,
                "fiscal_year": [2019, 2020, 2021] * 2,
                "closure_rate": [50.0, NAN, 58.0, 52.0, 53.0, 54.0],
                "closure_rate_low": [45.0, NAN, 53.0, 51.0, 52.0, 53.0],
                "closure_rate_high": [55.0, NAN, 63.0, 53.0, 54.0, 55.0],
                "municipalities": [10, 0, 12, 800, 810, 820],
            }
        )
    return charts.trend_chart(rows, ["栃木県", "全国"], "年度", "終結率（%）", "ja")


def dots(frame: pd.DataFrame | None = None) -> Figure:
    frame = _outcomes() if frame is None else frame
    names = [charts.sample_name(n, s, "ja") for n, s in zip(frame["name"], frame["synthetic"])]
    return charts.interval_dots(frame, "closure_rate", names, list(charts.GROUP_COLOURS[: len(frame)]), "終結率", "ja")


def scatter(others: pd.DataFrame | None = None, log_x: bool = True) -> Figure:
    if others is None:
        others = pd.DataFrame(
            {
                "name": ["足利市", HOSTILE, "日光市", "空欄町"],
                "synthetic": [False, True, False, False],
                "population": [150_000.0, 800.0, 78_000.0, NAN],
                "closure_rate": [50.0, 30.0, NAN, 20.0],
            }
        )
    chosen = pd.DataFrame(
        {"name": ["宇都宮市"], "synthetic": [True], "population": [518_000.0], "closure_rate": [55.7]}
    )
    return charts.scatter_chart(
        others, chosen, ["#E69F00"], "population", "closure_rate", "人口", "終結率（%）", log_x, False, "ja"
    )


def spine(
    table: pd.DataFrame | None = None,
    metrics=("相談件数", HOSTILE, "終結率"),
    values=("18.0（15.0–21.0）", "40.0（30.0–50.0）", "＊"),
) -> Figure:
    if table is None:
        table = pd.DataFrame(
            {
                "_min": [0.0, 0.1, 0.0],
                "_max": [1.0, 0.9, 1.0],
                "_q_low": [0.3, 0.4, 0.35],
                "_q_high": [0.7, 0.6, 0.65],
                "_pref": [0.55, NAN, 0.5],
                "_value": [0.8, 0.2, NAN],
                "_label": ["better", "worse", "hidden"],
                "_synthetic": [False, True, False],
            }
        )
    return charts.spine_chart(table, list(metrics)[: len(table)], list(values)[: len(table)], "栃木県", "ja")


def coverage(
    series: pd.DataFrame | None = None, reported: pd.DataFrame | None = None, targets: pd.DataFrame | None = None
) -> Figure:
    if series is None:
        series = pd.DataFrame(
            {"date": [dt.date(2019, 4, 1), dt.date(2020, 6, 1), dt.date(2021, 3, 31)], "established": [1, 5, 5]}
        )
    if reported is None:
        reported = pd.DataFrame({"as_of": [dt.date(2020, 12, 24)], "value": [26]})
    if targets is None:
        targets = pd.DataFrame({"value": [39], "due_on": [dt.date(2021, 3, 31)]})
    return charts.coverage_curve(series, reported, targets, "ja")


BUILDERS = {
    "bars": bars,
    "funnel": funnel,
    "trend": trend,
    "dots": dots,
    "scatter": scatter,
    "spine": spine,
    "coverage": coverage,
}


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"-?[\d,]+(?:\.\d+)?", text)]


def _marks(figure, tag: str) -> list:
    return list(plot(figure).iter(tag))


def _circles_with_titles(figure) -> list:
    return [c for c in _marks(figure, "circle") if c.find("title") is not None]


def _ancestor_attrs(figure, target) -> dict[str, str]:
    """The presentation attributes a mark inherits (nearest group wins)."""
    parents = {child: parent for parent in figure.iter() for child in parent}
    chain, node = [], target
    while node is not None:
        chain.append(node)
        node = parents.get(node)
    attrs: dict[str, str] = {}
    for node in reversed(chain):
        attrs.update(node.attrib)
    return attrs


# --- every builder ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_markup_is_one_well_formed_line_with_a_description(build):
    figure = build()
    assert figure.markup.startswith('<figure class="dash-chart"')
    assert "\n" not in figure.markup  # a blank line would end the Markdown HTML block
    root = parse(figure.markup)  # well-formed XML, figure included
    svg = plot(root)
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == figure.description == svg.find("desc").text
    assert figure.description.endswith("。")
    assert re.fullmatch(r"0 0 \d+ \d+", svg.get("viewBox"))
    assert "width:100%" in svg.get("style") and "height:auto" in svg.get("style")


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_coordinates_keep_one_decimal(build):
    numbers = re.findall(r' (?:x|y|cx|cy|width|height)="(-?[\d.]+)"', build().markup)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)


@pytest.mark.parametrize(
    "build", [bars, funnel, dots, scatter, spine], ids=["bars", "funnel", "dots", "scatter", "spine"]
)
def test_a_hostile_name_is_escaped(build):
    figure = build()
    assert "<script" not in figure.markup and "alert('x')" not in figure.markup
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;&amp;村" in figure.markup
    assert HOSTILE in all_text(parse(figure.markup))  # read back as the name it is


EMPTY = {
    "bars": lambda: bars(_outcomes().iloc[:0]),
    "funnel": lambda: charts.funnel_chart(
        pd.DataFrame(columns=["name", "synthetic", "value", "n", "d", "position", "low_95", "high_95"]),
        pd.DataFrame(columns=["denominator", "low_95", "high_95", "low_998", "high_998"]),
        "n",
        "d",
        50.0,
        "x",
        "y",
        "en",
    ),
    "trend": lambda: trend(
        pd.DataFrame(
            columns=["area", "fiscal_year", "closure_rate", "closure_rate_low", "closure_rate_high", "municipalities"]
        )
    ),
    "dots": lambda: dots(_outcomes().iloc[:0]),
    "scatter": lambda: scatter(pd.DataFrame(columns=["name", "synthetic", "population", "closure_rate"])),
    "spine": lambda: spine(
        pd.DataFrame(columns=["_min", "_max", "_q_low", "_q_high", "_pref", "_value", "_label", "_synthetic"])
    ),
    "coverage": lambda: coverage(
        pd.DataFrame({"date": [dt.date(2020, 3, 31)], "established": [0]}),
        pd.DataFrame(columns=["as_of", "value"]),
        pd.DataFrame(columns=["value", "due_on"]),
    ),
}


@pytest.mark.parametrize("name", [n for n in EMPTY if n not in ("scatter", "coverage")])
def test_an_empty_frame_draws_an_empty_chart(name):
    root = parse(EMPTY[name]().markup)
    assert not _circles_with_titles(root) and not _marks(root, "rect")
    assert not facts(root)
    assert "サンプル（合成データ）" not in all_text(root) and "Sample (synthetic)" not in all_text(root)


def test_an_empty_scatter_keeps_the_chosen_and_a_bare_curve_its_one_step():
    scatter_root = parse(EMPTY["scatter"]().markup)
    assert drawn_names(scatter_root) == {"宇都宮市"}
    curve = parse(EMPTY["coverage"]().markup)
    assert facts(curve) == [{"name": "設置済（累計）", "日付": "2020-03-31", "設置済地区": "0"}]


@pytest.mark.parametrize(
    ("build", "sampled"),
    [
        (bars, True),
        (lambda: bars(_outcomes(synthetic=(False,) * 4)), False),
        (funnel, True),
        (dots, True),
        (lambda: dots(_outcomes(synthetic=(False,) * 4)), False),
        (scatter, True),
        (spine, True),
        (
            lambda: spine(
                pd.DataFrame(
                    {
                        "_min": [0.0],
                        "_max": [1.0],
                        "_q_low": [0.3],
                        "_q_high": [0.7],
                        "_pref": [0.5],
                        "_value": [0.8],
                        "_label": ["better"],
                        "_synthetic": [False],
                    }
                )
            ),
            False,
        ),
    ],
)
def test_the_data_legend_appears_when_a_sample_is_drawn(build, sampled):
    text = all_text(parse(build().markup))
    assert ("データ" in text and "実データ" in text and "サンプル（合成データ）" in text) == sampled


# --- each builder -----------------------------------------------------------------------------------------------


def test_interval_bars_one_row_per_municipality_largest_on_top():
    root = parse(bars().markup)
    rects = list(_marks(root, "rect"))
    assert len(rects) == 3  # 足利市 has no value: skipped, not drawn at 0
    ys = [float(r.get("y")) for r in rects]
    assert [b - a for a, b in zip(ys, ys[1:])] == [22, 22]
    widths = [float(r.get("width")) for r in rects]
    assert widths == sorted(widths, reverse=True)  # 日光市 62.5, 宇都宮市 55.7, the sample 40.0
    assert drawn_names(root) == {"日光市", "宇都宮市", HOSTILE}
    row = next(f for f in facts(root) if f["name"] == "宇都宮市")
    assert row == {"name": "宇都宮市", "終結率（%）": "55.7", "95%信頼区間": "50.7–60.7", "基準値との比較": "良い"}
    sample = _ancestor_attrs(root, rects[2])
    assert sample["fill-opacity"] == ".35" and sample["stroke-dasharray"] == "5 3"
    assert "fill-opacity" not in _ancestor_attrs(root, rects[0]) and "stroke-dasharray" not in _ancestor_attrs(
        root, rects[0]
    )
    assert any(f"{HOSTILE}（サンプル）" == t.split("\n")[0] for t in titles(root))


def test_interval_bars_colour_by_label_and_draw_the_benchmark_rule():
    root = parse(bars().markup)
    fills = [_ancestor_attrs(root, r)["fill"] for r in _marks(root, "rect")]
    assert fills == [charts.LABEL_COLOURS["similar"], charts.LABEL_COLOURS["better"], charts.LABEL_COLOURS["worse"]]
    rule = [p for p in _marks(root, "path") if p.get("stroke-dasharray") == "6 4"]
    assert len(rule) == 1
    assert "基準値 50.0" in all_text(root)
    whiskers = [p for p in _marks(root, "path") if p.get("stroke-width") == "1.2"]
    assert len(whiskers) == 3
    legend = "".join(root.find("div").itertext())  # above the plot, only the labels drawn
    assert legend == "基準値との比較良い同程度良くない"


def test_funnel_places_points_on_a_log_axis_between_dashed_and_dotted_limits():
    root = parse(funnel().markup)
    points = _circles_with_titles(root)
    assert len(points) == 2  # 足利市 has no value
    row = facts(root)[0]
    assert row == {
        "name": "宇都宮市",
        "終結率（%）": "55.7",
        "分子": "557",
        "対応件数": "1,000",
        "95%限界": "52.6–58.8",
        "管理限界との関係": "上側95%限界の外",
    }
    sample = _ancestor_attrs(root, points[1])
    assert sample["fill"] == "none" and sample["stroke-dasharray"] == "5 3"
    assert _ancestor_attrs(root, points[0])["fill"] == charts.POSITION_COLOURS["above_95"]
    limits = [p for p in _marks(root, "path") if p.find("title") is not None and p.get("d").count("L") > 10]
    assert sorted(p.get("stroke-dasharray") for p in limits) == ["2 2", "2 2", "6 4", "6 4"]
    x_ticks = _numbers("".join(_tick_labels(root, "middle")))
    assert x_ticks == [1, 10, 100, 1000, 10000]
    assert all(math.log10(v).is_integer() for v in x_ticks)
    assert "基準値 50.0" in all_text(root)


def _tick_labels(root, anchor: str) -> list[str]:
    """Axis tick labels: texts of the muted groups with the given anchor that are plain numbers."""
    found = []
    for group in plot(root).iter("g"):
        if group.get("fill") == charts.MUTED and group.get("text-anchor") == anchor:
            found += [f"{t.text} " for t in group.findall("text") if re.fullmatch(r"[\d,.]+", t.text or "")]
    return found


def test_trend_skips_missing_years_and_dashes_the_nation():
    root = parse(trend().markup)
    points = list(_marks(root, "circle"))
    assert len(points) == 5  # 栃木県 2020 is missing
    rows = facts(root)
    assert rows[0] == {
        "都道府県": "栃木県",
        "年度": "2019",
        "終結率（%）": "50.0",
        "95%信頼区間": "45.0–55.0",
        "報告団体数": "10",
    }
    lines = [p for p in _marks(root, "path") if p.get("stroke-width") == "3"]
    assert [p.get("stroke-dasharray") for p in lines] == [None, "6 4"]
    assert [len(p.get("d").split("L")) for p in lines] == [2, 3]
    whiskers = [p for p in _marks(root, "path") if p.get("stroke-width") == "1.5"]
    assert len(whiskers) == 5
    assert _tick_labels(root, "middle") == ["2019 ", "2020 ", "2021 "]


def test_interval_dots_forty_pixel_rows_hollow_samples_no_dot_for_a_missing_value():
    root = parse(dots().markup)
    points = _marks(root, "circle")
    assert [float(c.get("cy")) for c in points] == [48, 88, 168]  # rows 0, 1 and 3; 足利市 has no value
    assert _ancestor_attrs(root, points[1])["fill"] == "none"
    assert _ancestor_attrs(root, points[1])["stroke-dasharray"] == "5 3"
    assert _ancestor_attrs(root, points[0])["fill"] == charts.GROUP_COLOURS[0]
    assert _ancestor_attrs(root, points[2])["fill"] == charts.GROUP_COLOURS[3]  # each keeps its own colour
    assert drawn_names(root) == {"宇都宮市", HOSTILE, "日光市"}
    assert "終結率" in all_text(root).split("\n")[0:3]  # the chart's title


def test_scatter_greys_the_rest_and_names_the_chosen():
    root = parse(scatter().markup)
    points = _circles_with_titles(root)
    assert len(points) == 3  # two grey (日光市 and 空欄町 miss a value), the chosen one
    attrs = [_ancestor_attrs(root, c) for c in points]
    assert [a["stroke"] for a in attrs] == ["#999999", "#999999", "#E69F00"]
    assert [a.get("fill") for a in attrs] == ["#999999", "none", "none"]  # samples hollow
    assert facts(root)[-1] == {"name": "宇都宮市（サンプル）", "人口": "518,000.0", "終結率（%）": "55.7"}
    assert facts(root)[0] == {"name": "足利市", "横軸": "150,000.0", "縦軸": "50.0"}  # grey: the axes, short
    assert "宇都宮市（サンプル）" in [t.text for t in _marks(root, "text")]
    x_ticks = _numbers("".join(_tick_labels(root, "middle")))
    assert x_ticks == [100, 1000, 10000, 100000, 1000000]


def test_scatter_of_every_municipality_stays_small():
    rng = np.random.default_rng(7)
    names = ["札幌市", "那珂川町", "檜原村", "さいたま市", "北広島市", "南箕輪村"]  # 3–5 characters, as most are
    others = pd.DataFrame(
        {
            "name": [names[i % 6] for i in range(1741)],
            "synthetic": rng.random(1741) < 0.8,
            "population": rng.lognormal(10, 1.5, 1741),
            "closure_rate": rng.random(1741) * 100,
        }
    )
    figure = scatter(others)
    assert len(_circles_with_titles(parse(figure.markup))) == 1742
    assert len(figure.markup.encode()) < 250_000


def test_scatter_on_linear_axes_has_nice_ticks():
    root = parse(scatter(log_x=False).markup)
    x_ticks = _numbers("".join(_tick_labels(root, "middle")))
    steps = {round(b - a, 6) for a, b in zip(x_ticks, x_ticks[1:])}
    assert len(steps) == 1 and steps.pop() in {100_000, 200_000}


def test_spine_draws_bands_centre_diamond_and_labelled_dots():
    root = parse(spine().markup)
    rects = _marks(root, "rect")
    assert [_ancestor_attrs(root, r)["fill"] for r in rects] == ["#E5E5E5"] * 3 + ["#BBBBBB"] * 3
    assert {float(r.get("height")) for r in rects} == {30}
    assert [float(r.get("y")) for r in rects[:3]] == [21, 85, 149]  # 64-pixel rows
    diamonds = [p for p in _marks(root, "path") if _ancestor_attrs(root, p).get("fill") == "#FFFFFF"]
    assert len(diamonds) == 2  # no prefecture value on the second row
    points = _marks(root, "circle")
    assert len(points) == 2  # the hidden value gets no dot
    assert _ancestor_attrs(root, points[0])["fill"] == charts.LABEL_COLOURS["better"]
    assert _ancestor_attrs(root, points[1])["fill"] == "none"
    rows = [f for f in facts(root) if "基準値との比較" in f]
    assert rows[0] == {"項目": "相談件数", "値（95%信頼区間）": "18.0（15.0–21.0）", "基準値との比較": "良い"}
    assert "＊" not in all_text(root)


def test_coverage_curve_steps_reported_diamond_and_target_line():
    root = parse(coverage().markup)
    curve = next(p for p in _marks(root, "path") if p.get("stroke-width") == "3")
    assert re.fullmatch(r"M[\d.]+ [\d.]+H[\d.]+V[\d.]+H[\d.]+", curve.get("d"))  # step after; no rise at the end
    text = all_text(root)
    assert "目標 39（2021-03-31）" in text
    assert "26" in [t.text for t in _marks(root, "text")]  # the reported figure written by its diamond
    target = [p for p in _marks(root, "path") if p.get("stroke-dasharray") == charts.DASHED]
    assert len(target) == 1
    rows = facts(root)
    assert {"name": "報告値", "日付": "2020-12-24", "設置済地区": "26"} in rows
    assert {"name": "設置済（累計）", "日付": "2020-06-01", "設置済地区": "5"} in rows
    months = [t.text for t in _marks(root, "text") if re.fullmatch(r"\d{4}/\d\d", t.text or "")]
    assert months == ["2019/07", "2020/01", "2020/07", "2021/01"]  # every 6 months, at most 7 ticks
    assert "".join(root.find("div").itertext()) == "設置済（累計）報告値目標"


def test_coverage_curve_without_reports_or_targets_lists_only_the_curve():
    root = parse(
        coverage(
            reported=pd.DataFrame(columns=["as_of", "value"]), targets=pd.DataFrame(columns=["value", "due_on"])
        ).markup
    )
    assert "".join(root.find("div").itertext()) == "設置済（累計）"


# --- scales -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lo", "hi", "ticks"),
    [
        (0, 62.5, [0, 20, 40, 60, 80]),
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (12, 18.3, [12, 14, 16, 18, 20]),
        (0, 1741, [0, 500, 1000, 1500, 2000]),
    ],
)
def test_linear_ticks_are_nice(lo, hi, ticks):
    domain = charts._nice_domain([lo, hi])
    assert charts._Scale(*domain, 0, 100).ticks() == pytest.approx(ticks)


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([3, 950], [1, 10, 100, 1000]),
        ([120, 900], [100, 1000]),
        ([0.5, 20, NAN, -1], [0.1, 1, 10, 100]),
    ],
)
def test_log_ticks_are_powers_of_ten(values, ticks):
    assert charts._Scale(*charts._log_domain(values), 0, 100, log=True).ticks() == pytest.approx(ticks)


def test_a_scale_without_values_does_not_divide_by_zero():
    assert charts._nice_domain([NAN]) == (0.0, 1.0)
    assert charts._nice_domain([5, 5]) == (4.0, 6.0)
    assert charts._log_domain([]) == (1.0, 10.0)


def test_english_texts():
    figure = bars()
    english = charts.interval_bars(
        _outcomes(), "closure_rate", pd.Series(["better"] * 4), 50.0, "Closure rate (%)", "en"
    )
    assert figure.description != english.description
    assert english.description.startswith("Bar chart of Closure rate (%) for 3 municipalities")
    assert "Sample (synthetic)" in all_text(parse(english.markup))

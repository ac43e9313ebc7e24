"""dashboard.tables: the HTML data tables every screen shows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.tables import CLASS, SAMPLE_MARK, SHORT_BELOW, SORT_SCRIPT, STYLE, html_table
from tests.dashboard.html_tables import read_tables

FRAME = pd.DataFrame(
    {
        "市町村": ["宇都宮市", "足利市", "那須町"],
        "人口": [514_000.0, None, 24_000.0],
        "終結率(%)": [55.666, 40.0, None],
        "公開値": ["12", "＊", "—"],
        "時点": [pd.Timestamp("2020-12-24"), pd.NaT, pd.Timestamp("2021-03-31 09:30")],
    }
)


def test_values_are_formatted_and_read_back_as_shown():
    markup = html_table(FRAME)
    [table] = read_tables(markup)
    assert list(table.columns) == list(FRAME.columns)
    assert table["人口"].tolist() == [514_000, "—", 24_000]  # numbers keep their value for sorting
    assert table["公開値"].tolist() == ["12", "＊", "—"]  # numbers written as text stay text
    assert table["時点"].tolist() == ["2020-12-24", "—", "2021-03-31 09:30"]
    assert ">514,000<" in markup and ">55.7<" in markup and ">40.0<" in markup


@pytest.mark.parametrize(
    ("column", "aligned"),
    [
        ("市町村", False),
        ("人口", True),
        ("終結率(%)", True),
        ("公開値", True),
        ("時点", False),
    ],
)
def test_number_columns_are_right_aligned(column, aligned):
    markup = html_table(FRAME[[column]])
    assert ('<th scope="col" aria-sort="none" class="num' in markup) is aligned
    assert ("tr>:nth-child(1){text-align:right" in markup) is aligned  # the table's own rule


def test_digits_and_bars():
    markup = html_table(FRAME[["終結率(%)"]], digits={"終結率(%)": 2}, bars={"終結率(%)": 100})
    assert ">55.67<" in markup and 'style="--p:55.7%"' in markup and 'style="--p:40.0%"' in markup


def test_synthetic_cells_are_marked():
    mask = pd.DataFrame({"人口": [True, False, False], "終結率(%)": [False, True, False]}, index=FRAME.index)
    markup = html_table(FRAME, mask)
    assert markup.count("<td class=syn>") == 2 and "<td class=syn>514,000</td>" in markup
    assert 'class="bar syn"' in html_table(FRAME, mask, bars={"終結率(%)": 100})


def test_samples_are_said_once_above_the_table_and_marked_beyond_colour():
    """One legend line for the whole table, not 「サンプル」 on every row; the mark (†) is drawn by the style, so it
    is not in the text that is sorted, copied or downloaded."""
    mask = pd.DataFrame({"人口": [True, True, True]}, index=FRAME.index)
    markup = html_table(FRAME, mask)
    assert markup.count(f'class="{CLASS}-key"') == 1 and "サンプル（合成データ）" in markup
    [table] = read_tables(markup)
    assert not table.astype(str).apply(lambda col: col.str.contains(SAMPLE_MARK)).any(axis=None)
    assert f'.syn::after{{content:"{SAMPLE_MARK}"' in STYLE
    assert f'class="{CLASS}-key"' not in html_table(FRAME)  # no samples, no legend
    assert "sample (synthetic)" in html_table(FRAME, mask, lang="en")


def test_the_first_column_heads_its_row_and_stays_in_view():
    markup = html_table(FRAME)
    assert markup.count('<th scope="row">') == len(FRAME) and '<th scope="row">宇都宮市</th>' in markup
    assert f"table.{CLASS} tbody th{{font-weight:400;position:sticky;left:0" in STYLE
    assert f"table.{CLASS} thead th:first-child{{left:0" in STYLE


def test_a_narrow_box_shows_the_main_columns_until_asked():
    markup = html_table(FRAME, short=["終結率(%)"], lang="ja")
    table_id = markup.split('<table class="dt" id="')[1].split('"')[0]
    hidden = f"@container (max-width:{SHORT_BELOW}){{"
    assert hidden in markup
    rule = markup.split(hidden)[1].split("{display:none}")[0]
    # 人口 (2), 公開値 (4) and 時点 (5) wait for the button; the name (1) and the main column (3) stay
    assert rule.split(",") == [f"#{table_id}-box:not(.{CLASS}-all) tr>:nth-child({i})" for i in (2, 4, 5)]
    assert f'aria-controls="{table_id}"' in markup and "すべての列を表示（ほか3列）" in markup
    assert 'data-short="主な列だけ表示"' in markup and 'aria-pressed="false"' in markup
    assert f"{CLASS}-cols" in SORT_SCRIPT and "aria-pressed" in SORT_SCRIPT
    assert "@container" not in html_table(FRAME)  # a table without main columns is shown whole
    assert "@container" not in html_table(FRAME, short=list(FRAME.columns))


def test_hostile_text_is_escaped():
    hostile = pd.DataFrame({'<img src=x onerror="alert(1)">': ['<script>alert("x")</script> & 村']})
    markup = html_table(hostile)
    assert "<script>" not in markup and "<img" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 村" in markup
    [table] = read_tables(markup)
    assert table.iloc[0, 0] == '<script>alert("x")</script> & 村'


def test_empty_frame_has_headings_only():
    [table] = read_tables(html_table(FRAME.iloc[:0]))
    assert table.empty and list(table.columns) == list(FRAME.columns)


def test_style_and_sorting_target_the_same_tables():
    assert f"table.{CLASS}" in STYLE and f"table.{CLASS} thead th button" in SORT_SCRIPT
    assert "aria-sort" in SORT_SCRIPT and "dtSortInstalled" in SORT_SCRIPT  # installed once per page


@pytest.mark.parametrize(
    ("values", "rule"),
    [
        (["宇都宮市", "那須町"], "white-space:nowrap"),  # a name stays on one line, not 「宇都宮 / 市」
        (["宇都宮市「第2層協議体の進捗状況（令和2年12月）」3行目", None], "min-width:14em"),  # a source wraps, readably
        ([None, None], "white-space:nowrap"),
    ],
)
def test_text_columns_are_not_squeezed_to_one_character(values, rule):
    markup = html_table(pd.DataFrame({"人口": [1, 2], "列": values}))
    assert f"tr>:nth-child(2){{{rule}}}" in markup
    assert "tr>:nth-child(1){text-align:right;white-space:nowrap}" in markup

"""Text of the shared charts (dashboard/charts.py): legends and tooltips."""

TEXT = {
    "charts_data": ("データ", "Data"),
    "charts_real": ("実データ", "Real data"),
    "charts_sample": ("サンプル（合成データ）", "Sample (synthetic)"),
    "charts_interval": ("95%信頼区間", "95% interval"),
    "charts_date": ("日付", "Date"),
    "charts_x_axis": ("横軸", "x"),
    "charts_y_axis": ("縦軸", "y"),
    # one sentence per chart: the SVG's accessible name
    "charts_desc_coverage": ("第2層協議体の設置済地区の累計を示す階段グラフ（{start}〜{end}、最新 {count}、報告値 {reported} 件、目標 {targets} 件）。",
                             "Step chart of districts with a tier-2 council from {start} to {end}, reaching {count}, "
                             "with {reported} reported figures and {targets} targets."),
    "charts_desc_bars": ("{title}の横棒グラフ（{n} 団体を大きい順に、95%信頼区間と基準値 {benchmark} とともに表示）。",
                         "Bar chart of {title} for {n} municipalities, largest first, with 95% intervals and the "
                         "benchmark {benchmark}."),
    "charts_desc_funnel": ("{title}のファンネルプロット（{n} 団体、基準値 {benchmark} の95%・99.8%管理限界付き、横軸の{x}は対数目盛）。",
                           "Funnel plot of {title} for {n} municipalities around the benchmark {benchmark} with "
                           "95% and 99.8% control limits, {x} on a log scale."),
    "charts_desc_trend": ("{title}の年度別推移（{areas}、{first}〜{last}年度、95%信頼区間付き）。",
                          "{title} by fiscal year from {first} to {last} for {areas}, with 95% intervals."),
    "charts_desc_dots": ("{title}の値と95%信頼区間（{names}）。", "{title} with 95% intervals for {names}."),
    "charts_desc_scatter": ("横軸に{x}、縦軸に{y}をとった散布図（{n} 団体、選んだ団体: {names}）。",
                            "Scatter plot of {y} against {x} for {n} municipalities, the chosen ones being {names}."),
    "charts_desc_spine": ("{n} 指標のスパインチャート（全国の分布の範囲と25〜75%、{pref}を白の菱形、自治体の値を点で表示）。",
                          "Spine chart of {n} indicators: the national range and middle half, {pref} as a white "
                          "diamond and the municipality as a dot."),
}

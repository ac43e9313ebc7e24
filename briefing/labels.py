"""Text printed on the briefing page, Japanese first and English second.

The briefing sits below the UI (no streamlit, no dashboard import), so the words on the page live here; the
screen's own strings (buttons, captions) are in dashboard/texts/briefing.py.
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("{area} 地域支援体制 整備状況ブリーフィング", "{area}: community support rollout briefing"),
    "subtitle": ("{fiscal_year}　管内 {municipalities} 市町村", "{fiscal_year}   {municipalities} municipalities"),
    "subtitle_municipality": ("{fiscal_year}", "{fiscal_year}"),
    "generated": ("作成日 {date}", "Generated {date}"),
    "edition_official": ("職員向け", "Officials' edition"),
    "edition_public": ("公開版（少数秘匿済み）", "Public edition (small counts suppressed)"),
    "sample_badge": ("サンプル", "Sample"),
    "section_kpis": ("主要指標（前年度との比較）", "Headline figures (change from the previous year)"),
    "section_map_jusou": ("重層的支援体制整備事業の実施状況", "Multi-tier support project by municipality"),
    "section_map_coverage": ("第2層協議体の設置率（市町村別）", "Tier-2 council coverage by municipality"),
    "section_trends": ("推移", "Trends"),
    "section_outliers": ("注視すべき市町村（ファネルプロット 99.8%管理限界の外）",
                         "Municipalities outside the 99.8% funnel limits"),
    "section_notes": ("データについて", "About the data"),
    # KPI cards
    "kpi_jusou_full": ("重層事業 本格実施", "Multi-tier project: running"),
    "kpi_jusou_preparing": ("重層事業 移行準備", "Multi-tier project: preparing"),
    "kpi_jusou_stage": ("重層事業", "Multi-tier project"),
    "kpi_population": ("人口", "Population"),
    "kpi_coverage": ("第2層協議体 設置率", "Tier-2 council coverage"),
    "kpi_per_10k": ("相談件数（人口1万人当たり）", "Consultations per 10,000"),
    "kpi_closure": ("終結率", "Closure rate"),
    "unit_municipalities": ("団体", ""),
    "unit_per_10k": ("件", ""),
    "unit_people": ("人", ""),
    "detail_published": ("公表値", "Published count"),
    "detail_counted": ("市町村別データの集計", "Counted from municipal rows"),
    "detail_before_jusou": ("令和3年度から開始", "Started in FY2021"),
    "detail_districts": ("{established} / {districts} 地区", "{established} of {districts} districts"),
    "detail_new_cases": ("新規相談 {value}件", "{value} new cases"),
    "detail_closure": ("終結 {closed} / 対象 {cases}件", "{closed} closed of {cases}"),
    "detail_closure_ci": ("95%信頼区間 {low}〜{high}%", "95% CI {low}–{high}%"),
    "detail_as_of": ("{date}現在", "as of {date}"),
    "change_up": ("前年度比 ▲ {value}{unit}増", "▲ +{value}{unit} vs previous FY"),
    "change_down": ("前年度比 ▼ {value}{unit}減", "▼ −{value}{unit} vs previous FY"),
    "change_same": ("前年度から変化なし", "No change from previous FY"),
    "change_none": ("前年度の値なし", "No previous-year value"),
    "change_stage": ("前年度: {stage}", "Previous FY: {stage}"),
    "unit_pt": ("pt", " pt"),
    "unit_per_10k_change": ("件", ""),
    "unit_count_change": ("団体", ""),
    "unit_people_change": ("人", ""),
    "no_data": ("—", "—"),
    # trends
    "trend_coverage": ("第2層協議体 設置率（%）", "Tier-2 council coverage (%)"),
    "trend_new_cases": ("新規相談件数（件）", "New consultations (cases)"),
    "trend_closure": ("終結率（%）", "Closure rate (%)"),
    "trend_sample_legend": ("白抜き＝サンプル（合成データ）を含む年度", "Hollow = year includes synthetic samples"),
    "trend_suppressed": ("＊ 秘匿した年度: {years}", "＊ suppressed years: {years}"),
    "trend_none": ("表示できる値がありません", "No values to show"),
    # outliers
    "outlier_above": ("上回る", "above"),
    "outlier_below": ("下回る", "below"),
    "outlier_line": ("{name}：{indicator} {value}（県全体 {benchmark}）— 99.8%管理限界を{side}",
                     "{name}: {indicator} {value} (prefecture {benchmark}) — {side} the 99.8% limit"),
    "outlier_more": ("ほか {count} 件（「相談・成果」画面のファネルプロットを参照）",
                     "and {count} more (see the funnel plot on the Outcomes screen)"),
    "outlier_none": ("99.8%管理限界の外にある市町村はありません（規模を考慮すると、偶然の範囲を超える差は見られません）。",
                     "No municipality lies outside the 99.8% limits (no difference beyond chance, given size)."),
    "outlier_no_values": ("比較できる相談件数のデータがありません。", "No consultation data to compare."),
    "outlier_method": ("比較の基準は県全体の値。人口・対象件数の規模に応じた管理限界（Spiegelhalter法）で判定。",
                       "Benchmark: the prefecture as a whole; limits depend on size (Spiegelhalter's method)."),
    "outlier_public": ("秘匿した市町村は一覧に含めていません。", "Suppressed municipalities are not listed."),
    "indicator_closure_rate": ("終結率", "closure rate"),
    "indicator_consultations_per_10k": ("相談件数/1万人", "consultations per 10,000"),
    # map
    "map_before_jusou": ("重層事業は令和3年度開始のため、第2層協議体の設置率を表示しています。",
                         "The multi-tier project began in FY2021; the map shows tier-2 council coverage."),
    "map_no_jusou": ("この年度は重層事業の市町村別データがないため、第2層協議体の設置率を表示しています。",
                     "No municipal multi-tier project data for this year; the map shows tier-2 council coverage."),
    "map_points": ("詳細な境界データがないため、市町村を代表点で表示しています。",
                   "No detailed boundaries installed: municipalities are drawn as points."),
    "map_highlight": ("太枠: {name}", "Bold outline: {name}"),
    # notes
    "note_sources": ("出典: {sources}", "Sources: {sources}"),
    "note_master": ("自治体マスタ（japancode パッケージ）", "municipality master (japancode package)"),
    "note_synthetic_source": ("サンプル（synthetic）＝デモ用の合成データ", "Sample (synthetic) = invented demo data"),
    "note_batch": ("取り込み #{batch}（{file}）", "import #{batch} ({file})"),
    "note_document": ("{title} {lines}行目", "{title}, line {lines}"),
    "note_synthetic": ("「サンプル」表示・斜線・白抜きの値はサンプル（synthetic）の合成データで、実際の数値ではありません。",
                       "Values marked Sample, hatched or hollow are synthetic (invented) data, not real figures."),
    "note_synthetic_hidden": ("サンプル（合成データ）は除いて集計しています（画面の設定）。",
                              "Synthetic samples are left out (screen setting)."),
    "note_public": ("公開版: 相談件数が1〜{max}件の値と、そこから計算される率は＊で秘匿しています。",
                    "Public edition: consultation counts of 1–{max} and rates computed from them are shown as ＊."),
    "note_totals": ("県の値は、各項目を報告している市町村の合計です（報告のない市町村は推計しません）。",
                    "Prefecture values add up the municipalities that report each item (others are not estimated)."),
    "note_closure": ("終結率＝終結件数 ÷（新規＋継続）件数。相談件数は実数（件）のみ集計。",
                     "Closure rate = closed ÷ (new + continuing) cases; distinct cases only."),
    "note_boundary": ("地図: {credit}", "Map: {credit}"),
    "note_boundary_fallback": ("地図: 市町村の代表点（japancode パッケージ）", "Map: municipality points (japancode package)"),
    "footer": ("地域支援体制 整備状況ダッシュボード　{generated}", "Community Support Rollout Dashboard   {generated}"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` ("ja" or "en") with ``values`` filled in."""
    ja, en = TEXT[key]
    return (ja if lang == "ja" else en).format(**values)

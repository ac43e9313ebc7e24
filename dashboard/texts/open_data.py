"""Text of the open-data downloads: buttons, README of the ZIP, data dictionary and column descriptions."""

TEXT = {
    "open_data_csv_sjis": ("CSV（Shift_JIS）", "CSV (Shift_JIS)"),
    "open_data_zip": ("データ辞書・利用条件つき（ZIP）", "With data dictionary and terms (ZIP)"),
    "open_data_caption": (
        "CSVはUTF-8（BOM付き、Excelでそのまま開けます）。古いExcelにはShift_JIS版を。"
        "本ダッシュボードが編集したデータは CC BY 4.0 で、出典を記載して自由に利用できます。",
        "CSV in UTF-8 with BOM (opens in Excel); Shift_JIS for older Excel. The compiled data are CC BY 4.0: "
        "free to reuse with attribution.",
    ),
    "open_data_col_column": ("列名", "Column"),
    "open_data_col_kind": ("値の種類", "Kind of value"),
    "open_data_col_description": ("説明", "Description"),
    "open_data_kind_number": ("数値", "Number"),
    "open_data_kind_text": ("文字列", "Text"),
    "open_data_no_note": ("列名のとおり（画面の表と同じ）", "As named (same as the table on screen)"),
    "open_data_readme_title": ("データ: {file}", "Data: {file}"),
    "open_data_readme_made": ("作成日: {date}　行数: {rows}", "Made on {date}; {rows} rows"),
    "open_data_licence": (
        "利用条件: 本ダッシュボードが編集したデータは クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）"
        "https://creativecommons.org/licenses/by/4.0/deed.ja で提供します。利用の際は「地域支援体制 整備状況"
        "ダッシュボード」と下記の出典を記載してください。",
        "Terms: the data compiled by this dashboard are licensed under Creative Commons Attribution 4.0 "
        "International (CC BY 4.0) https://creativecommons.org/licenses/by/4.0/ . Credit the 'Community Support "
        "Rollout Dashboard' and the sources below.",
    ),
    "open_data_sources": ("出典: {sources}", "Sources: {sources}"),
    "open_data_synthetic": (
        "「サンプル」と示された値はデモ用の合成データ（synthetic）で、実際の数値ではありません。",
        "Values marked 'Sample' are synthetic demo data, not real figures.",
    ),
    "open_data_suppressed": (
        "公開版: 1〜4件の値と、そこから計算される率、合計などから逆算できる値は「＊」で秘匿しています。",
        "Public edition: counts of 1–4, rates derived from them and values that would reveal them are shown "
        "as ＊.",
    ),
    "open_data_lossy": (
        "注意: Shift_JIS版では {cells} 個のセルに Shift_JIS で表せない文字があり「?」に置き換えています。"
        "正確な値はUTF-8版を使ってください。",
        "Note: in the Shift_JIS file {cells} cells hold characters Shift_JIS lacks, replaced by '?'. Use the "
        "UTF-8 file for exact values.",
    ),
    "open_data_files": (
        "ファイル: *.csv（UTF-8 BOM付き）、*_sjis.csv（Shift_JIS）、*_dictionary.csv（データ辞書）、README.txt",
        "Files: *.csv (UTF-8 with BOM), *_sjis.csv (Shift_JIS), *_dictionary.csv (data dictionary), README.txt",
    ),
    "open_data_about_heading": ("オープンデータとして使う", "Reusing the data"),
    "open_data_about_body": (
        "表やグラフの「表で見る」には、画面に表示しているデータのダウンロードがあります。"
        "CSV（UTF-8・BOM付き、Excelでそのまま開けます）、CSV（Shift_JIS、古いExcel向け）、"
        "そしてデータ辞書（列ごとの説明）と利用条件・出典を記したREADMEをまとめたZIPです。"
        "本ダッシュボードが編集したデータは クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）で提供します。"
        "利用の際は本ダッシュボード名と各資料の出典を記載してください。公開版のダウンロードは画面と同じく秘匿処理済みです。"
        "サンプル（合成データ）は実際の数値ではないため、二次利用しないでください。",
        "Every table (and each chart's 'view as table') offers what the screen shows: CSV in UTF-8 with BOM "
        "(opens in Excel), CSV in Shift_JIS (older Excel), and a ZIP with both, a data dictionary (one line per "
        "column) and a README with the terms and sources. Data compiled by this dashboard are licensed CC BY 4.0: "
        "credit the dashboard and each document's source. Public-edition downloads are suppressed as on screen. "
        "Synthetic samples are not real figures: do not reuse them.",
    ),
    # column descriptions: open_data_note_<key of the column label>
    "open_data_note_col_name": ("市町村名（全国地方公共団体コードのマスタによる）", "Municipality (from the code master)"),
    "open_data_note_col_population": ("人口（人）。基準日は各行の出典による", "Population; reference date as in the source"),
    "open_data_note_col_jusou": ("重層的支援体制整備事業の実施状況（本格実施・移行準備・未実施）",
                                 "Multi-tier support project status (running / preparing / not running)"),
    "open_data_note_col_coverage": ("第2層協議体の設置率（%）＝設置済地区数÷地区数×100",
                                    "Tier-2 council coverage (%) = districts set up ÷ districts × 100"),
    "open_data_note_col_established": ("第2層協議体を設置済みの地区（日常生活圏域）の数",
                                       "Districts with a tier-2 council"),
    "open_data_note_col_districts": ("地区（日常生活圏域）の数", "Number of districts"),
    "open_data_note_col_new_cases": ("年度内の新規相談件数（実数、件）", "New consultations in the fiscal year (cases)"),
    "open_data_note_col_per_10k": ("人口1万人当たりの新規相談件数＝新規相談÷人口×10,000",
                                   "New consultations per 10,000 residents"),
    "open_data_note_col_closure_rate": ("終結率（%）＝終結件数÷（新規＋継続）件数×100",
                                        "Closure rate (%) = closed ÷ (new + continuing) × 100"),
    "open_data_note_col_sample": ("「サンプル」＝合成データを含む行", "'Sample' = the row includes synthetic data"),
    "open_data_note_col_district": ("地区（日常生活圏域）の名称", "District name"),
    "open_data_note_col_status": ("第2層協議体の設置状況", "Tier-2 council status"),
    "open_data_note_col_established_on": ("第2層協議体の設置日（精度は出典による）", "Date the council was set up"),
    "open_data_note_col_coordinator": ("第2層生活支援コーディネーターの配置", "Tier-2 coordinator placed"),
    "open_data_note_col_meetings": ("その年度の協議体の開催回数", "Council meetings in the fiscal year"),
    "open_data_note_source": ("値の出典（資料名と行、取り込み番号、またはサンプル）",
                              "Source of the value (document and line, import number, or sample)"),
}

"""UI text, Japanese first and English second. One table, looked up by key.

Domain names (metrics, statuses, programmes) live in data_access.vocabulary; this file is the shell's text.
Each feature's screens keep their text in dashboard/texts/<feature>.py (a TEXT dict), merged here once;
a key defined twice is an error at import time.
"""

from __future__ import annotations

import importlib
import pkgutil

from dashboard import texts

LANGUAGES = {"ja": "日本語", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("地域支援体制 整備状況ダッシュボード", "Community Support Rollout Dashboard"),
    "section_overall": ("全体", "Overview"),
    "section_municipality": ("自治体", "Municipality"),
    "section_data": ("データ管理", "Data management"),
    "page_overview": ("概要", "Summary"),
    "page_councils": ("協議体の設置状況", "Council set-up"),
    "page_sources": ("出典・取り込み履歴", "Sources and imports"),
    "page_about": ("このデータについて", "About the data"),
    "prefecture": ("都道府県", "Prefecture"),
    "fiscal_year": ("年度", "Fiscal year"),
    "municipality": ("自治体", "Municipality"),
    "language": ("表示言語 / Language", "表示言語 / Language"),
    "show_synthetic": ("サンプル（合成データ）を表示", "Show samples (synthetic data)"),
    "show_synthetic_help": (
        "資料に個別の値がない部分を補う、デモ用の合成データです。実際の数値ではありません。",
        "Invented values that fill gaps where the documents give only totals. Not real figures.",
    ),
    "synthetic_badge": ("サンプル", "Sample"),
    "synthetic_notice": (
        "この画面には、デモ用のサンプル（合成データ）が含まれます。黄色の欄・「サンプル」表示の値は実際の数値ではありません。",
        "This screen includes synthetic sample data for demonstration. Yellow cells and values marked "
        "'Sample' are not real figures.",
    ),
    "synthetic_hidden": ("サンプル（合成データ）は非表示です。", "Synthetic samples are hidden."),
    "no_data": ("データなし", "No data"),
    "kpi_municipalities": ("市町村数", "Municipalities"),
    "kpi_jusou_full": ("重層事業 本格実施", "Multi-tier project running"),
    "kpi_jusou_preparing": ("重層事業 移行準備", "Multi-tier project preparing"),
    "kpi_coverage": ("第2層協議体 設置率", "Tier-2 council coverage"),
    "kpi_consultations": ("新規相談件数", "New consultations"),
    "kpi_closure_rate": ("終結率", "Closure rate"),
    "kpi_per_10k": ("人口1万人当たり {value}", "{value} per 10,000 residents"),
    "kpi_districts": ("{established} / {districts} 地区", "{established} of {districts} districts"),
    "kpi_closure_detail": ("終結 {closed} / 対象 {cases} 件（95%信頼区間 {low}–{high}）",
                           "{closed} closed of {cases} (95% CI {low}–{high})"),
    "kpi_reported_count": ("公表値（{source}）", "Published count ({source})"),
    "kpi_counted": ("自治体別データの集計", "Counted from municipal rows"),
    "kpi_before_jusou": ("重層事業は令和3年度開始", "Project started in FY2021"),
    "source": ("出典", "Source"),
    "source_synthetic": ("サンプル（合成データ）", "Sample (synthetic)"),
    "source_document": ("{title} {line}行目", "{title}, line {line}"),
    "source_batch": ("取り込み #{batch}（{file}）", "Import #{batch} ({file})"),
    "source_mixed": ("複数の出典（地区別の表を参照）", "Several sources (see district table)"),
    "source_master": ("自治体マスタ（japancode パッケージ）", "Municipality master (japancode package)"),
    "table_heading": ("市町村別一覧", "By municipality"),
    "table_hint": (
        "見出しをクリックすると並べ替えます。表の下で市町村を選ぶと、各値の出典（資料名と行番号、または取り込み履歴）を表示します。",
        "Click a heading to sort. Choose a municipality below the table to see where each value comes from "
        "(document and line, or import batch).",
    ),
    "detail_choose": ("値と出典を見る市町村", "Show values and sources for"),
    "detail_none": ("（選択してください）", "(choose a municipality)"),
    "col_name": ("市町村", "Municipality"),
    "col_kind": ("区分", "Type"),
    "col_population": ("人口", "Population"),
    "col_jusou": ("重層事業", "Multi-tier project"),
    "col_coverage": ("第2層設置率(%)", "Tier-2 coverage (%)"),
    "col_established": ("設置済地区", "Districts set up"),
    "col_districts": ("地区数", "Districts"),
    "col_new_cases": ("新規相談(件)", "New cases"),
    "col_per_10k": ("人口1万人当たり", "Per 10,000"),
    "col_closure_rate": ("終結率(%)", "Closure rate (%)"),
    "col_sample": ("サンプル", "Sample"),
    "detail_heading": ("{name} の値と出典", "Values and sources for {name}"),
    "detail_item": ("項目", "Item"),
    "detail_value": ("値", "Value"),
    "detail_as_of": ("時点", "As of"),
    "cited_lines": ("資料の該当箇所", "Cited lines"),
    "cited_unavailable": ("資料ファイルが見つからないため本文は表示できません（設定 DASHBOARD_SEEDS_DIR）。",
                          "The document is not installed (setting DASHBOARD_SEEDS_DIR)."),
    "footer_sources": ("データの出典: {documents}。自治体マスタ: japancode パッケージ。",
                       "Data sources: {documents}. Municipality master: the japancode package."),
    "footer_import_batches": ("取り込みファイル {count} 件", "{count} imported file(s)"),
    "footer_samples": ("サンプル（合成データ）", "samples (synthetic data)"),
    "footer_no_sources": ("なし", "none"),
    "footer_updated": ("最終更新 {date}", "Last updated {date}"),
    "footer_never": ("データ未登録", "No data loaded"),
    "db_error_title": ("データベースに接続できません", "Cannot reach the database"),
    "db_not_initialised": (
        "データベースが初期化されていません。`python -m data_access init` と `python -m data_access load-demo` "
        "を実行するか、`make run` で起動してください。",
        "The database is not initialised. Run `python -m data_access init` and `load-demo`, or start with `make run`.",
    ),
    "no_municipalities_data": ("この都道府県・年度のデータはまだありません。", "No data yet for this prefecture and year."),
    "reported_note": (
        "宇都宮市などの設置数は市の報告値（{as_of}時点）です。地区ごとの内訳がない部分はサンプルで補っています。",
        "Figures such as Utsunomiya's are the city's reported totals (as of {as_of}); "
        "missing district-level detail is filled with samples.",
    ),
    "partial_year": ("年度途中の値（{date}まで）", "Partial year (to {date})"),
    "councils_heading": ("{name} 第2層協議体の設置状況", "{name}: tier-2 councils"),
    "councils_as_of": ("基準日", "As of"),
    "councils_reported": ("市の報告: {established} / {districts} 地区（{as_of}時点）", "Reported: {established} of {districts} ({as_of})"),
    "councils_target": ("目標: {value} 地区（{due}まで）", "Target: {value} districts by {due}"),
    "councils_curve": ("設置済地区数の推移と目標", "Councils set up over time, against the target"),
    "councils_curve_alt": ("推移を表で見る", "Show the curve as a table"),
    "councils_districts": ("地区別の状況", "By district"),
    "councils_activity": ("協議体の活動（年度別）", "Council activity by fiscal year"),
    "councils_no_districts": ("この自治体の地区データはまだありません。", "No district data for this municipality yet."),
    "councils_tier1": ("第1層協議体: {status}", "Tier-1 council: {status}"),
    "col_district": ("地区", "District"),
    "col_status": ("設置状況", "Status"),
    "col_established_on": ("設置日", "Set up on"),
    "col_coordinator": ("第2層SC配置", "Tier-2 coordinator"),
    "col_meetings": ("開催回数(年度)", "Meetings (year)"),
    "col_metric": ("項目", "Item"),
    "col_value": ("値", "Value"),
    "col_unit": ("単位", "Unit"),
    "col_period_end": ("集計期間の終わり", "Period end"),
    "col_basis": ("集計方法", "Basis"),
    "basis_reported": ("報告値", "Reported"),
    "basis_districts": ("地区別の合計", "Sum of districts"),
    "legend_cumulative": ("設置済（累計）", "Set up (cumulative)"),
    "legend_target": ("目標", "Target"),
    "legend_reported": ("報告値", "Reported"),
    "download_csv": ("CSVをダウンロード", "Download CSV"),
    "sources_heading": ("出典一覧", "Sources"),
    "sources_usage": ("参照している行数", "Rows citing it"),
    "batches_heading": ("取り込み履歴（監査ログ）", "Import history (audit log)"),
    "training_heading": ("研修の受講状況", "Training participation"),
    "program_counts_heading": ("公表されている実施自治体数", "Published counts of municipalities"),
    "about_heading": ("このデータについて", "About the data"),
    "page_map": ("地図", "Map"),
    "map_layer": ("色分けする指標", "Colour by"),
    "layer_jusou_status": ("重層事業の実施状況", "Multi-tier project"),
    "layer_council_coverage": ("第2層協議体の設置率", "Tier-2 council coverage"),
    "layer_consultations_per_10k": ("相談件数（人口1万人当たり）", "Consultations per 10,000"),
    "layer_closure_rate": ("終結率", "Closure rate"),
    "map_wards": ("行政区を表示", "Show wards"),
    "map_wards_help": (
        "政令指定都市を行政区に分けて表示します。値は市全体で集計しているため、行政区は「データなし」になります。",
        "Split designated cities into wards. Values are city-wide, so wards show as 'no data'.",
    ),
    "map_no_boundaries": (
        "詳細な境界データが設置されていないため、市町村を代表点で表示しています（設定 DASHBOARD_GEO_DIR）。",
        "Detailed boundaries are not installed; municipalities are shown as points (setting DASHBOARD_GEO_DIR).",
    ),
    "map_before_jusou": ("重層事業は令和3年度開始のため、この年度は全市町村が未実施です", "The project began in FY2021"),
    "map_pick": ("市町村を選んで地区の状況を見る（地図上のクリックでも移動できます）",
                 "Pick a municipality to see its districts (or click it on the map)"),
    "map_table": ("地図の値を表で見る", "Show the map values as a table"),
    "map_credit": ("境界データ", "Boundaries"),
    "map_district_title": ("第2層協議体の設置状況", "Tier-2 councils"),
    "map_to_councils": ("地区ごとの一覧と活動実績は「協議体の設置状況」画面で確認できます。",
                        "The district table and activity are on the Council set-up screen."),
    "page_district_upload": ("地区境界の取り込み", "District boundaries"),
    "upload_intro": (
        "地区（日常生活圏域など）の境界ファイルを取り込みます。GeoJSON・GeoPackage・Shapefile（zip）に対応し、"
        "座標系は自動で緯度経度（EPSG:4326）に変換します。地区コード、次に地区名で照合し、保存するまで何も書き込みません。",
        "Upload district boundaries (GeoJSON, GeoPackage or zipped Shapefile; any CRS, converted to EPSG:4326). "
        "Features are matched by district code, then by name. Nothing is written until you save.",
    ),
    "upload_file": ("境界ファイル", "Boundary file"),
    "upload_rejected": ("ファイル「{file}」は取り込めません: {reason}", "File '{file}' cannot be used: {reason}"),
    "upload_nothing_matched": ("登録済みの地区と一致する図形がありません。地区コード・地区名の列を確認してください。",
                               "No feature matches a registered district. Check the code and name columns."),
    "upload_save": ("照合できた {count} 地区の境界を保存", "Save the {count} matched boundaries"),
    "upload_already": ("このファイルは取り込み済みです。変更はありません。", "This file was already imported; nothing changed."),
    "upload_saved": ("保存しました（取り込み #{batch}: 更新 {updated} 地区、変更なし {unchanged} 地区）。",
                     "Saved (import #{batch}: {updated} updated, {unchanged} unchanged)."),
    "upload_matched": ("照合できた地区", "Matched districts"),
    "upload_unmatched": ("どの地区とも一致しない図形", "Features matching no district"),
    "upload_missing": ("境界のない地区", "Districts without a shape"),
    "upload_crs": ("元の座標系: {crs}（EPSG:4326 に変換済み）", "Source CRS: {crs} (converted to EPSG:4326)"),
    "upload_preview": ("保存前の確認", "Preview before saving"),
    "col_feature": ("ファイル内の番号", "Feature no."),
    "col_label": ("図形の名称", "Feature label"),
    "col_file_code": ("ファイルのコード", "Code in file"),
    "col_file_name": ("ファイルの名称", "Name in file"),
    "col_district_code": ("地区コード", "District code"),
    "col_matched_by": ("照合方法", "Matched by"),
    "unit_cases": ("{value}件", "{value} cases"),
    "unit_districts": ("{value}地区", "{value} districts"),
    "col_batch_id": ("取り込み番号", "Import no."),
    "col_batch_kind": ("種類", "Kind"),
    "col_file": ("ファイル名", "File"),
    "col_sha256": ("SHA-256", "SHA-256"),
    "col_user": ("登録者", "By"),
    "col_imported_at": ("日時", "When"),
    "col_inserted": ("追加", "Inserted"),
    "col_updated": ("更新", "Updated"),
    "col_unchanged": ("変更なし", "Unchanged"),
    "col_note": ("備考", "Note"),
    "batches_hash_note": ("SHA-256 は先頭12文字を表示しています（同じファイルの再取り込みの判定に使用）。",
                          "SHA-256 shortened to 12 characters (used to detect a file imported twice)."),
    "col_program_name": ("研修名", "Programme"),
    "col_municipalities": ("参加自治体", "Municipalities"),
    "col_teams": ("チーム", "Teams"),
    "col_staff_government": ("行政", "Government staff"),
    "col_staff_swc": ("社協", "Social welfare council"),
    "col_staff_consultation": ("相談機関", "Consultation agencies"),
    "col_participants": ("受講者数", "Participants"),
}


def _merge_feature_texts() -> None:
    for module in pkgutil.iter_modules(texts.__path__):
        feature = importlib.import_module(f"{texts.__name__}.{module.name}").TEXT
        duplicated = sorted(set(feature) & set(TEXT))
        if duplicated:
            raise KeyError(f"UI text keys defined twice ({module.name}): {duplicated}")
        TEXT.update(feature)


_merge_feature_texts()


def t(key: str, lang: str = "ja", **values: object) -> str:
    """Text for `key` in `lang` (Japanese when the language is unknown), formatted with `values`."""
    ja, en = TEXT[key]
    text = en if lang == "en" else ja
    return text.format(**values) if values else text

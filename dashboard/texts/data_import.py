"""Text of the 取り込み screen (data_import): templates, validation and import of CSV/Excel reports."""

TEXT = {
    "data_import_title": ("データの取り込み", "Import data"),
    "data_import_intro": (
        "報告用のテンプレートに記入した CSV または Excel（.xlsx）を取り込みます。まず検証し、問題がなければ取り込みます。"
        "問題が1つでもあれば、何も書き込みません。",
        "Import a reporting template filled in as CSV or Excel (.xlsx). The file is validated first and written only "
        "when it has no problems; with any problem, nothing is written.",
    ),
    "data_import_user": ("取り込み履歴に登録者として記録されます: {user}", "Recorded in the import log as: {user}"),
    "data_import_templates": ("テンプレート", "Templates"),
    "data_import_templates_help": (
        "Excel 版には「項目の説明」シートがあります。CSV は UTF-8（BOM付き）です。Shift_JIS で保存した CSV も取り込めます。",
        "The Excel version has a data dictionary sheet. The CSV is UTF-8 with BOM; CSV saved as Shift_JIS can also be "
        "imported.",
    ),
    "data_import_xlsx": ("Excel", "Excel"),
    "data_import_csv": ("CSV", "CSV"),
    "data_import_upload_heading": ("ファイルの取り込み", "Upload a file"),
    "data_import_kind": ("種類", "Kind"),
    "data_import_auto": ("自動判定（見出しから）", "Detect from the header"),
    "data_import_file": ("CSV または Excel ファイル", "CSV or Excel file"),
    "data_import_validate": ("検証", "Validate"),
    "data_import_problems": (
        "問題が {count} 件あります。修正してから、もう一度アップロードしてください。何も書き込んでいません。",
        "{count} problems found. Fix them and upload the file again. Nothing was written.",
    ),
    "data_import_valid": (
        "問題はありません（{kind}、{rows} 行）。取り込むと次のようになります。",
        "No problems ({kind}, {rows} rows). Importing will:",
    ),
    "data_import_inserted": ("追加", "Insert"),
    "data_import_updated": ("更新", "Update"),
    "data_import_unchanged": ("変更なし", "Unchanged"),
    "data_import_run": ("取り込む", "Import"),
    "data_import_nothing_to_do": ("登録済みの値と同じです。取り込んでも変わりません。",
                                  "Every row already holds these values; importing changes nothing."),
    "data_import_done": (
        "取り込みました（取り込み #{batch}: 追加 {inserted} 件、更新 {updated} 件、変更なし {unchanged} 件）。",
        "Imported (import #{batch}: {inserted} inserted, {updated} updated, {unchanged} unchanged).",
    ),
    "data_import_already": ("同じファイルは取り込み #{batch} で取り込み済みです。何も書き込んでいません。",
                            "This file was already imported as import #{batch}. Nothing was written."),
    "data_import_no_change": ("登録済みの値と同じでした。何も書き込んでいません。",
                              "Every row already held these values. Nothing was written."),
    "data_import_col_file": ("ファイル", "File"),
    "data_import_col_sheet": ("シート", "Sheet"),
    "data_import_col_row": ("行", "Row"),
    "data_import_col_column": ("列", "Column"),
    "data_import_col_value": ("値", "Value"),
    "data_import_col_reason": ("理由", "Reason"),
    "data_import_reason_language": ("理由は日本語で表示します。", "Reasons are given in Japanese."),
}

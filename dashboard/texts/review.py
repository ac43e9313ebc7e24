"""Text of the レビュー screen (outcome candidates read from report compilations)."""

TEXT = {
    "review_title": ("成果値のレビュー", "Review of outcome values"),
    "review_intro": (
        "報告書の文章から読み取った成果の値（相談件数・終結件数など）です。読み違いがありうるため、"
        "承認または修正して承認した値だけがグラフや一覧に反映されます。",
        "Outcome values (consultations, closed cases …) read from the free text of reports. Reading can go "
        "wrong, so only accepted or corrected values reach charts and tables.",
    ),
    "review_reviewer": ("レビュー担当者: {user}（レビュー結果とともに記録されます）",
                        "Reviews are recorded as: {user}"),
    "review_empty": (
        "レビュー待ちの候補はまだありません。報告書の集約テキストを次のコマンドで取り込むと、成果の値がここに並びます。",
        "The review queue is empty. Import a report compilation with this command to fill it:",
    ),
    "review_none_match": ("この条件に当てはまる候補はありません。", "No candidates match these filters."),
    "review_filter_status": ("状態", "Status"),
    "review_filter_prefecture": ("都道府県", "Prefecture"),
    "review_all": ("すべて", "All"),
    "review_status_pending": ("レビュー待ち", "Pending"),
    "review_status_accepted": ("承認", "Accepted"),
    "review_status_corrected": ("修正して承認", "Corrected"),
    "review_status_rejected": ("却下", "Rejected"),
    "review_count": ("{count} 件", "{count} candidates"),
    "review_col_id": ("番号", "No."),
    "review_col_place": ("自治体", "Municipality"),
    "review_col_metric": ("項目", "Metric"),
    "review_col_value": ("読み取った値", "Value read"),
    "review_col_target": ("目標", "Target"),
    "review_col_unit": ("単位", "Unit"),
    "review_col_period": ("期間の記載", "Period note"),
    "review_col_status": ("状態", "Status"),
    "review_col_corrected": ("修正値", "Corrected value"),
    "review_col_reviewer": ("担当者", "Reviewer"),
    "review_scope_multi": ("（複数市町村）", " (several municipalities)"),
    "review_scope_prefecture": ("（都道府県）", " (prefecture)"),
    "review_pick": ("確認する候補", "Candidate to check"),
    "review_quote": ("読み取った箇所", "Text the value was read from"),
    "review_context": ("{title} {line}行目の前後", "{title}, around line {line}"),
    "review_reviewed": ("{status}（{user}、{when}）", "{status} ({user}, {when})"),
    "review_value_input": ("正しい値", "Correct value"),
    "review_accept": ("承認", "Accept"),
    "review_correct": ("修正して承認", "Correct and accept"),
    "review_reject": ("却下", "Reject"),
    "review_done_accepted": ("#{id} を承認しました（{value}）。", "Accepted #{id} ({value})."),
    "review_done_corrected": ("#{id} を {value} に修正して承認しました。", "Corrected #{id} to {value} and accepted it."),
    "review_done_rejected": ("#{id} を却下しました。", "Rejected #{id}."),
    "review_stat_created": (
        "相談件数の統計（{date} 時点）に反映しました。",
        "Added to the consultation statistics (as of {date}).",
    ),
    "review_stat_updated": (
        "相談件数の統計（{date} 時点）を更新しました。",
        "Updated the consultation statistics (as of {date}).",
    ),
    "review_stat_deleted": (
        "相談件数の統計（{date} 時点）から外しました。",
        "Removed from the consultation statistics (as of {date}).",
    ),
    "review_rate_only": (
        "割合や複数市町村・都道府県の値は相談件数の統計には入れず、承認済みの成果として表示します。",
        "Rates and values of multi-municipality or prefecture reports are kept as accepted outcomes, not "
        "added to consultation statistics.",
    ),
    "review_failed": ("反映できませんでした: {reason}", "Could not apply: {reason}"),
}

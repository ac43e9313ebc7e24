"""Text of the public edition of 相談・成果, 比較 and 自治体プロフィール (small-number suppression)."""

TEXT = {
    "public_outcomes_hidden_points": (
        "秘匿（＊）のため {count} 団体はグラフに表示していません。",
        "{count} municipalities are suppressed (＊) and not drawn.",
    ),
    "public_outcomes_hidden_years": (
        "秘匿（＊）のため {count} 年度分はグラフに表示せず、傾向の判定にも使っていません。",
        "{count} suppressed years (＊) are not drawn and not used for the trend.",
    ),
    "public_outcomes_pooled_note": (
        "基準値と管理限界は、秘匿した団体も含む全団体の合計から計算しています。合計は公開された値として秘匿の計算に"
        "含めているため、基準値から＊の値を逆算することはできません。",
        "The benchmark and the control limits are computed from the totals of all municipalities, suppressed "
        "ones included. Those totals are treated as published when choosing what to suppress, so no ＊ value "
        "can be worked out from the benchmark.",
    ),
    "public_outcomes_spine_note": (
        "分布（範囲・四分位・中央値）は、値を秘匿していない団体だけから計算しています。",
        "The distribution (range, quartiles, median) uses only the municipalities whose values are not suppressed.",
    ),
}

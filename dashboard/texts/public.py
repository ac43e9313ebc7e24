"""Text of the public transparency mode (DASHBOARD_MODE=public): badge, suppression notes, about section."""

TEXT = {
    "public_badge": ("公開版", "Public edition"),
    "public_badge_caption": (
        "住民向けの公開版です（閲覧のみ）。少ない件数は＊で秘匿しています。",
        "Read-only edition for residents. Small counts are suppressed (＊).",
    ),
    "public_suppression_note": (
        "＊：秘匿。相談件数が1〜{max}件の値と、それから計算される率、および合計などから逆算されないよう併せて伏せた値です。",
        "＊: suppressed. Consultation counts of 1–{max}, rates computed from them, and values hidden with them so "
        "they cannot be worked out from totals.",
    ),
    "public_kpi_closure_detail": ("95%信頼区間 {low}〜{high}%", "95% CI {low}–{high}%"),
    "public_about_heading": ("公開版の秘匿のルール", "Suppression rule of the public edition"),
    "public_about_body": (
        "- 公開版では、相談件数（新規・継続・終結など、人や世帯の数）が **1〜{max}件** のとき、その値を **＊** で表示します。"
        "小さな町村では、少ない件数から個人が推測されるおそれがあるためです。**0件は0** と表示します。\n"
        "- その件数から計算される値（人口1万人当たり件数、終結率とその区間）も ＊ とします。\n"
        "- 合計（県全体の件数など）との差し引きで ＊ の値が分からないよう、同じ表の中でもう1つ以上の値（残りのうち最も小さい値）も"
        " ＊ とします。伏せた値の合計が{threshold}件未満にならないようにし、行と列の合計の組み合わせでも計算できないことを確認しています。\n"
        "- 地図では、秘匿した自治体を「データなし」と区別できる灰色（点線の枠）で塗り、ツールチップに「秘匿」と表示します。\n"
        "- CSVのダウンロードは画面の表と同じ内容（秘匿済み）です。\n"
        "- 協議体・地区・自治体の数や人口は、個人の情報ではないため秘匿しません。\n"
        "- 職員向けの版では、すべての値をそのまま表示します。",
        "- In the public edition a consultation count (new, continuing, closed cases: people or households) of "
        "**1–{max}** is shown as **＊**: in a small town a few cases can point at a person. **Zero is shown as 0**.\n"
        "- Values computed from such a count (per 10,000 residents, closure rate and its interval) are ＊ too.\n"
        "- So that a hidden value cannot be worked out by subtracting the shown values from a total, at least one "
        "more value of the same table (the smallest remaining one) is hidden as well; hidden values never add up "
        "to less than {threshold}, and combinations of row and column totals are checked too.\n"
        "- On the map, a municipality with a hidden value is drawn in grey with a dotted border, apart from "
        "'no data', and its tooltip says 秘匿 (suppressed).\n"
        "- CSV downloads contain exactly the table on screen, suppressed.\n"
        "- Numbers of councils, districts, municipalities and residents are not about individuals and are shown.\n"
        "- The officials' edition shows every value.",
    ),
}

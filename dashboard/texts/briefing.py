"""Text of the ブリーフィング screen (the page printed in the PDF has its own words in briefing/labels.py)."""

TEXT = {
    "briefing_page": ("ブリーフィング", "Briefing"),
    "briefing_title": ("{area} ブリーフィング（A4 1枚）", "{area}: one-page briefing (A4)"),
    "briefing_intro": (
        "幹部・首長向けの1枚資料です。選んだ年度の主要指標（前年度比）、重層事業の実施状況の地図、協議体設置率と"
        "相談件数・終結率の推移、管理限界の外にある市町村、出典をまとめています。数値は「概要」画面と同じ計算です。",
        "A one-page summary for executives: headline figures with the change from the previous year, the map of the "
        "multi-tier project, council coverage, consultation and closure trends, municipalities outside the funnel "
        "limits, and the sources. Figures are computed as on the Summary screen.",
    ),
    "briefing_municipality": ("対象（県全体または市町村）", "Area (prefecture or one municipality)"),
    "briefing_whole_prefecture": ("県全体", "Whole prefecture"),
    "briefing_download_pdf": ("PDFをダウンロード（A4縦）", "Download PDF (A4 portrait)"),
    "briefing_download_png": ("PNGをダウンロード（スライド用）", "Download PNG (for slides)"),
    "briefing_preview": ("プレビュー", "Preview"),
    "briefing_contents": (
        "内容: {fy} の主要指標 {kpis} 件、地図（{map}）、推移グラフ 3 点、管理限界の外の市町村 {outliers} 件、データの注記 {notes} 件。"
        "{sample}{public}",
        "Contents: {kpis} headline figures for {fy}, a map ({map}), 3 trend charts, {outliers} municipalities outside "
        "the limits, {notes} data notes.{sample}{public}",
    ),
    "briefing_contents_sample": ("サンプル（合成データ）の値には「サンプル」表示・斜線・白抜きの印があります。",
                                 " Synthetic values are marked (Sample badge, hatching, hollow points)."),
    "briefing_contents_public": ("公開版のため少ない件数は＊で秘匿しています。",
                                 " Public edition: small counts are suppressed (＊)."),
    "briefing_generating": ("ブリーフィングを作成しています…", "Generating the briefing…"),
}

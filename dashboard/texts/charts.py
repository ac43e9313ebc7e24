"""Text of the shared charts (dashboard/charts.py): legends and tooltips."""

TEXT = {
    "charts_data": ("データ", "Data"),
    "charts_real": ("実データ", "Real data"),
    "charts_sample": ("サンプル（合成データ）", "Sample (synthetic)"),
    "charts_interval": ("95%信頼区間", "95% interval"),
    "charts_date": ("日付", "Date"),
}

"""Data tables as plain HTML: real <table> markup that screen readers, copy-paste and printing understand.

Streamlit's data grid draws on a canvas and loads ~1.2 MB of JavaScript on first use (× 1.35–1.45 of an empty
page on a 2-core server); a sanitised HTML table costs almost nothing. Sorting is a click on a column heading
(SORT_SCRIPT, run once per page); numbers sort by the value their text shows.

On a phone a wide table scrolls sideways inside its box: the first column (the row's name, a row heading) stays put,
and a table that names its main columns (`short`) shows only those while its box is narrower than SHORT_BELOW, with
a button for the rest. Sample values (synthetic) are yellow italic with a † after them (not colour alone), said once
in a line above the table instead of a column that repeats 「サンプル」 on every row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from html import escape

import numpy as np
import pandas as pd

from analytics.suppression import MARK
from core.i18n import t

CLASS = "dt"
MAX_HEIGHT_PX = 520  # longer tables scroll under a sticky heading
WRAP_AFTER_CHARS = 14  # a text column whose longest value is longer wraps at this width (em)
SHORT_BELOW = "40rem"  # a box narrower than this (a phone, a narrow column) shows a table's main columns only
SAMPLE_MARK = "†"  # after every sample value, drawn by CSS: not in the text that is sorted, copied or downloaded

STYLE = f"""<style>
.{CLASS}-box{{container-type:inline-size;margin-bottom:.5rem}}
.{CLASS}-wrap{{max-height:{MAX_HEIGHT_PX}px;overflow:auto;border:1px solid #d6d6d9;border-radius:.5rem}}
.{CLASS}-wrap:focus-visible{{outline:2px solid #0072B2;outline-offset:2px}}
table.{CLASS}{{border-collapse:separate;border-spacing:0;width:100%;font-size:.875rem;
font-variant-numeric:tabular-nums}}
table.{CLASS} th,table.{CLASS} td{{padding:.3rem .6rem;border-bottom:1px solid #e6e6ea;text-align:left;
vertical-align:top;background:#fff}}
table.{CLASS} tbody th{{font-weight:400;position:sticky;left:0;z-index:1;box-shadow:inset -1px 0 #d6d6d9}}
table.{CLASS} thead th{{position:sticky;top:0;background:#f4f4f6;z-index:2;white-space:nowrap}}
table.{CLASS} thead th:first-child{{left:0;z-index:3;box-shadow:inset -1px 0 #d6d6d9}}
table.{CLASS} thead th button{{all:unset;cursor:pointer;font-weight:600}}
table.{CLASS} thead th button:focus-visible{{outline:2px solid #0072B2;outline-offset:2px}}
table.{CLASS} th[aria-sort=ascending] button::after{{content:" ▲" / ""}}
table.{CLASS} th[aria-sort=descending] button::after{{content:" ▼" / ""}}
table.{CLASS} th.num{{text-align:right}}
table.{CLASS} .syn,.{CLASS}-key .syn{{background-color:#fff3b0;color:#5c4a00;font-style:italic}}
table.{CLASS} .syn::after,.{CLASS}-key .syn::after{{content:"{SAMPLE_MARK}" / "";margin-left:.15em;font-style:normal}}
table.{CLASS} td.bar{{background-repeat:no-repeat;background-size:var(--p) 100%;
background-image:linear-gradient(#cfe3f3,#cfe3f3)}}
table.{CLASS} tbody tr:hover>:not(.syn){{background-color:#f7f9fc}}
.{CLASS}-tools{{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center;margin-bottom:.35rem}}
.{CLASS}-key{{margin:0;font-size:.875rem;color:#3d3f46}}
.{CLASS}-key .syn{{padding:0 .3rem;border-radius:.2rem}}
.{CLASS}-cols{{display:none;font:inherit;font-size:.875rem;padding:.3rem .7rem;min-height:2.25rem;
border:1px solid #b9bac0;border-radius:.5rem;background:#fff;color:#1f2128;cursor:pointer}}
.{CLASS}-cols:focus-visible{{outline:2px solid #0072B2;outline-offset:2px}}
@container (max-width:{SHORT_BELOW}){{.{CLASS}-cols{{display:inline-block}}}}
</style>"""

# Click a heading to sort by it (again: the other way); the columns button of a narrow table shows or hides its
# secondary columns. Rows carry no state on the server, so a rerun of the page restores the order the screen chose.
SORT_SCRIPT = f"""<script>
if (!window.dtSortInstalled) {{
  window.dtSortInstalled = true;
  document.addEventListener("click", (event) => {{
    const columns = event.target.closest("button.{CLASS}-cols");
    if (columns) {{
      const box = columns.closest(".{CLASS}-box");
      const all = box.classList.toggle("{CLASS}-all");
      columns.setAttribute("aria-pressed", String(all));
      columns.textContent = all ? columns.dataset.short : columns.dataset.all;
      return;
    }}
    const button = event.target.closest("table.{CLASS} thead th button");
    if (!button) return;
    const th = button.closest("th"), table = th.closest("table"), body = table.tBodies[0];
    const index = [...th.parentNode.children].indexOf(th);
    const order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("thead th").forEach((h) => h.setAttribute("aria-sort", "none"));
    th.setAttribute("aria-sort", order);
    const key = (row) => {{
      const cell = row.cells[index];
      const text = cell ? cell.textContent : "";
      return /^-?[0-9][0-9,]*(\\.[0-9]+)?%?$/.test(text) ? Number(text.replace(/[,%]/g, "")) : text;
    }};
    const sign = order === "ascending" ? 1 : -1;
    const rows = [...body.rows].sort((a, b) => {{
      const x = key(a), y = key(b);
      if (typeof x === "number" && typeof y === "number") return sign * (x - y);
      if (typeof x === "number") return -1;
      if (typeof y === "number") return 1;
      return sign * String(x).localeCompare(String(y), "ja");
    }});
    body.append(...rows);
  }});
}}
</script>"""


def html_table(
    frame: pd.DataFrame,
    synthetic: pd.DataFrame | None = None,
    digits: Mapping[str, int] | None = None,
    bars: Mapping[str, float] | None = None,
    short: Sequence[str] | None = None,
    lang: str = "ja",
) -> str:
    """`frame` as a sortable HTML table, every text escaped; its first column heads the rows and stays in view.

    synthetic: booleans with the frame's index and (some of) its columns, True where the value is a sample.
    digits: decimals per numeric column (default: 0 for whole numbers, else 1).
    bars: column -> the value of a full bar (e.g. 100 for a percentage), drawn behind the number.
    short: the main columns, all a narrow box shows until its button asks for the rest (the first column always).
    Cells carry no attributes but the sample class (a long table's markup is what the browser pays for): number
    columns are right-aligned by a rule of the table's own and sorted by the number their text shows.
    """
    digits, bars = dict(digits or {}), dict(bars or {})
    flags = (
        np.zeros(frame.shape, dtype=bool)
        if synthetic is None
        else synthetic.reindex(index=frame.index, columns=frame.columns, fill_value=False)
        .fillna(False)
        .astype(bool)
        .to_numpy()
    )
    kinds = [_kind(frame[c]) for c in frame.columns]
    places = [digits.get(c, _default_digits(frame[c])) for c in frame.columns]
    full = [bars.get(c) for c in frame.columns]
    head = "".join(
        f'<th scope="col" aria-sort="none"{_HEAD_CLASS[kind]}><button type="button">{escape(str(column))}</button></th>'
        for column, kind in zip(frame.columns, kinds)
    )
    heads = [True] + [False] * (len(frame.columns) - 1)
    body = "".join(
        "<tr>" + "".join(_cell(*cell) for cell in zip(row, kinds, places, full, row_flags, heads)) + "</tr>"
        for row, row_flags in zip(frame.itertuples(index=False, name=None), flags)
    )
    table_id = f"{CLASS}-" + hashlib.blake2s(f"{head}{body}".encode(), digest_size=5).hexdigest()
    rules = {"text-align:right;white-space:nowrap": [i for i, kind in enumerate(kinds, 1) if kind]}
    for i, (column, kind) in enumerate(zip(frame.columns, kinds), 1):
        if kind is None:
            rules.setdefault(_text_rule(frame[column]), []).append(i)
    style = "".join(
        f"{','.join(f'#{table_id} tr>:nth-child({i})' for i in columns)}{{{rule}}}"
        for rule, columns in rules.items()
        if columns
    )
    secondary = [i for i, column in enumerate(frame.columns, 1) if short is not None and i > 1 and column not in short]
    if secondary:
        hidden = ",".join(f"#{table_id}-box:not(.{CLASS}-all) tr>:nth-child({i})" for i in secondary)
        style += f"@container (max-width:{SHORT_BELOW}){{{hidden}{{display:none}}}}"
    tools = []
    if flags.any():
        tools.append(
            f'<p class="{CLASS}-key"><span class="syn">{escape(t("table_sample_example", lang))}</span> '
            f"{escape(t('table_sample_key', lang))}</p>"
        )
    if secondary:
        show_all = escape(t("table_show_all", lang, count=len(secondary)))
        tools.append(
            f'<button type="button" class="{CLASS}-cols" aria-pressed="false" aria-controls="{table_id}" '
            f'data-all="{show_all}" data-short="{escape(t("table_show_main", lang))}">{show_all}</button>'
        )
    tools_html = f'<div class="{CLASS}-tools">{"".join(tools)}</div>' if tools else ""
    style = f"<style>{style}</style>" if style else ""
    return (
        f'{style}<div class="{CLASS}-box" id="{table_id}-box">{tools_html}'
        f'<div class="{CLASS}-wrap" tabindex="0"><table class="{CLASS}" id="{table_id}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>"
    )


NUMBER = "number"
NUMBER_TEXT = "number_text"  # numbers already written as text (public tables: 「12」「＊」「—」)
_HEAD_CLASS = {NUMBER: ' class="num"', NUMBER_TEXT: ' class="num text"', None: ""}
_NUMBER_TEXT = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?%?")


def _kind(column: pd.Series) -> str | None:
    """How a column is aligned and sorted: numbers right-aligned by value, anything else as text."""
    if pd.api.types.is_bool_dtype(column):
        return None
    if pd.api.types.is_numeric_dtype(column):
        return NUMBER
    texts = [v for v in column if isinstance(v, str)]
    if (
        texts
        and len(texts) == column.notna().sum()
        and any(_NUMBER_TEXT.fullmatch(v) for v in texts)
        and all(_NUMBER_TEXT.fullmatch(v) or v in (MARK, "—", "") for v in texts)
    ):
        return NUMBER_TEXT
    return None


def _text_rule(column: pd.Series) -> str:
    """Japanese text may break between any two characters, so in a wide table the browser squeezes a text column
    to one character (「宇都宮 / 市」, a source one character wide and rows ten lines tall): short texts stay on one
    line, longer ones wrap at a readable width."""
    longest = max((len(_text(value)) for value in column.dropna()), default=0)
    return "white-space:nowrap" if longest <= WRAP_AFTER_CHARS else f"min-width:{WRAP_AFTER_CHARS}em"


def _default_digits(column: pd.Series) -> int:
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return 0
    values = pd.to_numeric(column, errors="coerce").dropna()
    return 0 if values.empty or bool((values == values.round()).all()) else 1


def _cell(value, kind: str | None, places: int, full_bar: float | None, synthetic: bool, row_head: bool) -> str:
    missing = value is None or (not isinstance(value, str) and pd.isna(value))
    bar = ""
    if missing:
        text = "—"
    elif kind == NUMBER:
        number = float(value)
        text = f"{number:,.{places}f}"
        if full_bar:
            share = max(0.0, min(100.0, 100 * number / full_bar))
            bar = f' class="bar{" syn" if synthetic else ""}" style="--p:{share:.1f}%"'
    else:
        text = _text(value)
    tag = 'th scope="row"' if row_head else "td"
    return f"<{tag}{bar or (' class=syn' if synthetic else '')}>{escape(text)}</{tag[:2]}>"


def _text(value) -> str:
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return (
            value.strftime("%Y-%m-%d")
            if (value.hour, value.minute, value.second) == (0, 0, 0)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return "✓" if value else ""
    return str(value)

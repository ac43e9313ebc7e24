"""レビュー: outcome values read from report free text wait here until a person accepts, corrects or rejects them.

Candidates are grouped by report, the most certain first, and the clear ones of a report can be accepted at
once; each candidate is shown with the text it was read from and the surrounding lines of the document. A
part of a breakdown names its total, so that a reviewer sees that the two are one figure. The import itself
is a CLI command (`python -m data_access import-report`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import settings
from core.i18n import t
from dashboard import auth, state, widgets
from dashboard.data import database, query
from data_access import review
from data_access.documents import cited_lines, document_title
from data_access.report_outcomes import HIGH_CONFIDENCE
from data_access.vocabulary import OUTCOME_METRICS, unit_name

STATUSES = ("pending", "accepted", "corrected", "rejected")
ALL = ""
IMPORT_COMMAND = "python -m data_access import-report ../shared/seeds/004_2b585c156c0342d7.txt"


def render() -> None:
    lang = state.lang()
    st.title(t("review_title", lang))
    st.caption(t("review_intro", lang))
    st.caption(t("review_reviewer", lang, user=widgets.plain(auth.user_label(auth.current_user(), lang))))
    _show_last_action()
    everything = query("review.review_queue")
    if everything.empty:
        st.info(t("review_empty", lang))
        st.code(IMPORT_COMMAND, language="bash")
        return
    status, pref = _filters(everything, lang)
    shown = query("review.review_queue", status, pref)
    st.caption(t("review_count", lang, count=len(shown)))
    if shown.empty:
        st.info(t("review_none_match", lang))
        return
    report = _report_picker(shown, lang)
    rows = shown[_report_key(shown) == report]
    _accept_report(rows, lang)
    table = _table(rows, lang)
    widgets.table(table)
    widgets.csv_download(table, "review_queue.csv", lang, key="review_csv")
    rows = rows.set_index("id")
    chosen = st.selectbox(
        t("review_pick", lang),
        list(rows.index),
        key=state.worded(f"review_candidate_{report}"),
        format_func=lambda i: _candidate_label(rows.loc[i], lang),
    )
    _detail(int(chosen), rows.loc[chosen], lang)


def _report_key(frame: pd.DataFrame) -> pd.Series:
    return frame["document"] + "#" + frame["report_index"].astype(str)


def _report_picker(shown: pd.DataFrame, lang: str) -> str:
    """One report at a time, in the order of the queue: the reviewer works through a report with its text."""
    keys = _report_key(shown)
    first = shown.groupby(keys, sort=False).first()
    counts = keys.value_counts()
    labels = {
        key: t(
            "review_report_label",
            lang,
            index=int(row["report_index"]),
            pref=row["prefecture_name"],
            place=row["place_name"] if isinstance(row["place_name"], str) else "",
            count=int(counts[key]),
        )
        for key, row in _by_report(first)
    }
    return st.selectbox(
        t("review_report", lang), list(labels), key=state.worded("review_report"), format_func=lambda k: labels[k]
    )


def _by_report(first: pd.DataFrame) -> list[tuple[str, pd.Series]]:
    """(report key, its first candidate) of a frame grouped by _report_key (pandas types the keys as Hashable)."""
    return [(str(key), row) for key, row in first.iterrows()]


def _accept_report(rows: pd.DataFrame, lang: str) -> None:
    """The button that accepts the report's pending candidates read with high confidence."""
    clear = rows[(rows["status"] == "pending") & (rows["confidence"] >= HIGH_CONFIDENCE)]
    if clear.empty:
        return
    if st.button(
        t("review_accept_report", lang, count=len(clear), share=f"{HIGH_CONFIDENCE:.0%}"),
        key="review_accept_report",
        icon=":material/done_all:",
    ):
        first = clear.iloc[0]
        outcome = review.accept_report(
            database(lang), first["document"], int(first["report_index"]), auth.acting_username(lang)
        )
        message = t("review_done_report", lang, count=len(outcome.accepted))
        if outcome.skipped:
            reasons = "\n".join(f"- #{candidate_id}: {reason}" for candidate_id, reason in outcome.skipped)
            message += "\n\n" + t("review_done_report_skipped", lang, count=len(outcome.skipped)) + "\n" + reasons
        st.session_state["review_last_action"] = ("warning" if outcome.skipped else "success", message)
        st.cache_data.clear()
        st.rerun()


def _filters(everything: pd.DataFrame, lang: str) -> tuple[str | None, str | None]:
    """Status (pending first) and prefecture (the sidebar's when it has candidates, else all)."""
    names = query("prefectures").set_index("code")["name" if lang == "ja" else "name_en"]
    codes = sorted(everything["prefecture_code"].unique())
    sidebar = st.session_state.get("pref")
    left, right = st.columns(2)
    statuses = [ALL, *STATUSES]
    state.init("review_status", statuses, STATUSES[0])
    status = left.selectbox(
        t("review_filter_status", lang),
        statuses,
        key=state.worded("review_status"),
        format_func=lambda s: t(f"review_status_{s}", lang) if s else t("review_all", lang),
    )
    options = [ALL, *codes]
    pref_key = f"review_pref_{sidebar}"
    state.init(pref_key, options, sidebar if sidebar in codes else ALL)
    pref = right.selectbox(
        t("review_filter_prefecture", lang),
        options,
        key=state.worded(pref_key),
        format_func=lambda c: names.get(c, c) if c else t("review_all", lang),
    )
    return status or None, pref or None


def _number(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _metric(metric: str, lang: str) -> str:
    known = OUTCOME_METRICS.get(metric)
    return known.name(lang) if known else metric


def _place(row: pd.Series, lang: str) -> str:
    """The municipality, or the group or prefecture a figure stays with when the text names no municipality."""
    if isinstance(row["municipality_code"], str):
        return row["name"]
    suffix = {"multi_municipality": "review_scope_multi", "prefecture": "review_scope_prefecture"}.get(row["scope"])
    return f"{row['name']}{t(suffix, lang) if suffix else ''}"


def _period(row: pd.Series, lang: str) -> str:
    if not row["is_partial_year"]:
        return t("review_period_year", lang, year=int(row["fiscal_year"]))
    return t("review_period_partial", lang, date=row["period_end"].isoformat())


def _breakdown(row: pd.Series, lang: str) -> str:
    if pd.isna(row["part_of_id"]):
        return "—"
    label = row["part_label"] if isinstance(row["part_label"], str) else ""
    return t("review_part_of", lang, id=int(row["part_of_id"]), label=label)


def _table(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = [row for _i, row in shown.iterrows()]
    return pd.DataFrame(
        {
            t("review_col_id", lang): shown["id"].to_numpy(),
            t("review_col_place", lang): [_place(row, lang) for row in rows],
            t("review_col_metric", lang): [_metric(row["metric"], lang) for row in rows],
            t("review_col_value", lang): [_number(row["value"]) for row in rows],
            t("review_col_unit", lang): [unit_name(unit, lang) for unit in shown["unit"]],
            t("review_col_confidence", lang): [_number(row["confidence"]) for row in rows],
            t("review_col_status", lang): [t(f"review_status_{row['status']}", lang) for row in rows],
            t("review_col_target", lang): [_number(row["target"]) for row in rows],
            t("review_col_basis", lang): [t(f"review_basis_{row['basis']}", lang) for row in rows],
            t("review_col_period", lang): [_period(row, lang) for row in rows],
            t("review_col_breakdown", lang): [_breakdown(row, lang) for row in rows],
            t("review_col_line", lang): [
                ", ".join(filter(None, [str(row["source_line"]), row["restated_lines"]])) for row in rows
            ],
            t("review_col_corrected", lang): [_number(row["corrected_value"]) for row in rows],
            t("review_col_reviewer", lang): [
                row["reviewed_by"] if isinstance(row["reviewed_by"], str) else "—" for row in rows
            ],
        }
    )


def _candidate_label(row: pd.Series, lang: str) -> str:
    status = t(f"review_status_{row['status']}", lang)
    value = f"{_number(row['value'])}{row['unit']}"
    return f"#{row.name} {_place(row, lang)} {_metric(row['metric'], lang)} " + t(
        "with_note", lang, text=value, note=status
    )


def _detail(candidate_id: int, row: pd.Series, lang: str) -> None:
    """The quote, the document around it, and the three review actions."""
    if row["status"] != "pending":
        when = pd.Timestamp(row["reviewed_at"]).strftime("%Y-%m-%d %H:%M")
        st.caption(
            t(
                "review_reviewed",
                lang,
                status=t(f"review_status_{row['status']}", lang),
                user=widgets.plain(row["reviewed_by"]),
                when=when,
            )
        )
    st.markdown(f"**{t('review_quote', lang)}**")
    st.code(row["quote"], language=None)
    line = int(row["source_line"])
    st.markdown(f"**{t('review_context', lang, title=document_title(row['document'], lang), line=line)}**")
    lines = cited_lines(settings.seeds_dir(), row["document"], line, context=3)
    if lines is None:
        st.caption(t("cited_unavailable", lang))
    else:
        st.code("\n".join(f"{'▶' if n == line else ' '} {n:>5}: {text}" for n, text in lines), language=None)
    if not pd.isna(row["part_of_id"]):
        st.caption(
            t("review_part_note", lang, id=int(row["part_of_id"]), value=_number(row["total_value"]), unit=row["unit"])
        )
    elif not row["feeds_consultation_stats"]:
        st.caption(t("review_rate_only", lang))
    current = row["corrected_value"] if row["status"] == "corrected" else row["value"]
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="bottom")
    if left.button(t("review_accept", lang), key="review_accept", type="primary", icon=":material/check:"):
        _apply(lang, row["unit"], review.accept, candidate_id)
    with middle:
        if row["unit"] == "%":
            value = st.number_input(
                t("review_value_input", lang),
                min_value=0.0,
                max_value=100.0,
                value=float(current),
                step=0.1,
                key=f"review_value_{candidate_id}",
            )
        else:
            value = st.number_input(
                t("review_value_input", lang),
                min_value=0,
                value=int(round(current)),
                step=1,
                key=f"review_value_{candidate_id}",
            )
        if st.button(t("review_correct", lang), key="review_correct", icon=":material/edit:"):
            _apply(lang, row["unit"], review.correct, candidate_id, value)
    if right.button(t("review_reject", lang), key="review_reject", icon=":material/close:"):
        _apply(lang, row["unit"], review.reject, candidate_id)


def _apply(lang: str, unit: str, action, candidate_id: int, *value) -> None:
    """Run one review action (one transaction), keep its message for the rerun, refresh every table."""
    try:
        result = action(database(lang), candidate_id, *value, auth.acting_username(lang))
    except ValueError as exc:
        st.session_state["review_last_action"] = ("error", t("review_failed", lang, reason=str(exc)))
    else:
        message = t(f"review_done_{result.status}", lang, id=candidate_id, value=f"{_number(result.value)}{unit}")
        if result.stat_change:
            stat = t(f"review_stat_{result.stat_change}", lang, date=result.stat_period_end.isoformat())
            message += stat if lang == "ja" else f" {stat}"
        st.session_state["review_last_action"] = ("success", message)
    st.cache_data.clear()
    st.rerun()


def _show_last_action() -> None:
    last = st.session_state.pop("review_last_action", None)
    if last is not None:
        kind, message = last
        {"error": st.error, "warning": st.warning}.get(kind, st.success)(message)

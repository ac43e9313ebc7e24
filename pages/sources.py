"""出典・取り込み履歴: every source a figure can cite, how many rows cite it, and the import audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.domain import fiscal_year_label
from core.i18n import t
from dashboard import state, widgets
from dashboard.data import query
from dashboard.outcomes import prefecture_name
from data_access.vocabulary import program_name, stage_name


def render() -> None:
    lang = state.lang()
    st.title(t("page_sources", lang))
    if not query("source_summary").official_statistics:
        st.warning(t("statistics_not_loaded", lang), icon=":material/group_off:")
    sources = query("sources")
    usage = query("source_usage").groupby("source_id")["rows"].sum()
    st.header(t("sources_heading", lang))
    table = pd.DataFrame(
        {
            t("source", lang): widgets.source_labels(sources.index, lang),
            "ID": sources.index.astype(str),
            t("sources_usage", lang): usage.reindex(sources.index).fillna(0).astype(int).to_numpy(),
        }
    )
    widgets.table(table)
    widgets.csv_download(table, "sources.csv", lang, key="sources_csv")
    chosen = st.selectbox(
        t("cited_lines", lang),
        [i for i in sources.index if sources.loc[i, "kind"] == "document"],
        format_func=lambda i: widgets.source_label(i, lang),
    )
    if chosen is not None:
        widgets.show_cited_lines(chosen, lang)

    pref = st.session_state["pref"]
    counts = query("program_counts", pref)
    national = query("program_counts", None)
    if not counts.empty or not national.empty:
        st.header(t("program_counts_heading", lang))
        both = pd.concat(
            [
                counts.assign(area=prefecture_name(pref, lang)),
                national.assign(area=prefecture_name(None, lang)),
            ]
        )
        widgets.table(
            pd.DataFrame(
                {
                    t("prefecture", lang): both["area"],
                    t("fiscal_year", lang): [fiscal_year_label(int(y), lang) for y in both["fiscal_year"]],
                    t("col_metric", lang): both["program"].map(lambda p: program_name(p, lang)),
                    t("col_status", lang): [
                        t("program_stage_planned", lang, stage=stage_name(stage, lang))
                        if planned
                        else stage_name(stage, lang)
                        for stage, planned in zip(both["stage"], both["planned"])
                    ],
                    t("col_value", lang): both["municipalities"],
                    t("source", lang): widgets.source_labels(both["source_id"], lang),
                }
            )
        )

    policy = widgets.disclosure()
    training = policy.training(query("training", pref))
    if not training.empty:
        st.header(t("training_heading", lang))
        labels = {
            "fiscal_year": "fiscal_year",
            "program_name": "col_program_name",
            "municipalities": "col_municipalities",
            "teams": "col_teams",
            "staff_government": "col_staff_government",
            "staff_social_welfare_council": "col_staff_swc",
            "staff_consultation_agencies": "col_staff_consultation",
            "participants": "col_participants",
        }
        shown = (
            training.assign(
                fiscal_year=[fiscal_year_label(int(y), lang) for y in training["fiscal_year"]],
                source=widgets.source_labels(training["source_id"], lang),
            )
            .drop(columns="source_id")
            .rename(columns={k: t(v, lang) for k, v in labels.items()} | {"source": t("source", lang)})
        )
        widgets.table(shown)
        widgets.suppression_note(lang)
        widgets.csv_download(shown, f"training_{pref}.csv", lang, key="training_csv")

    if not policy.shows_audit_log:
        return
    st.header(t("batches_heading", lang))
    batches = query("import_batches")
    headers = {
        "id": "col_batch_id",
        "kind": "col_batch_kind",
        "file_name": "col_file",
        "imported_by": "col_user",
        "imported_at": "col_imported_at",
        "rows_inserted": "col_inserted",
        "rows_updated": "col_updated",
        "rows_unchanged": "col_unchanged",
        "note": "col_note",
        "sha256": "col_sha256",
    }
    shown = batches.assign(
        id=batches["id"].astype(str),
        kind=[widgets.import_kind_label(kind, lang) for kind in batches["kind"]],
        sha256=batches["sha256"].str[:12],
    ).rename(columns={k: t(v, lang) for k, v in headers.items()})
    widgets.table(shown)
    st.caption(t("batches_hash_note", lang))

"""データ管理 → 取り込み: download reporting templates, validate a filled-in file, then import it in one go."""

from __future__ import annotations

import hashlib

import streamlit as st

from core.i18n import t
from dashboard import auth, state, widgets
from dashboard.data import database
from data_access.imports.pipeline import ImportOutcome, import_file, validate_file
from data_access.templates import TEMPLATES, template_csv, template_file_name, template_xlsx

AUTO = "auto"
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


@st.cache_data(show_spinner=False)
def _template_bytes(kind: str, file_format: str) -> bytes:
    return template_xlsx(kind) if file_format == "xlsx" else template_csv(kind)


def kind_label(kind: str, lang: str) -> str:
    tpl = TEMPLATES[kind]
    return tpl.ja if lang == "ja" else tpl.en


def render() -> None:
    lang = state.lang()
    st.title(t("data_import_title", lang))
    st.caption(t("data_import_intro", lang))
    st.caption(t("data_import_user", lang, user=auth.user_label(auth.current_user(), lang)))
    render_templates(lang)
    st.subheader(t("data_import_upload_heading", lang))
    kind = st.selectbox(
        t("data_import_kind", lang),
        [AUTO, *TEMPLATES],
        key="data_import_kind",
        format_func=lambda k: t("data_import_auto", lang) if k == AUTO else kind_label(k, lang),
    )
    upload = st.file_uploader(t("data_import_file", lang), type=["csv", "xlsx"], key="data_import_upload")
    if upload is None:
        return
    data = upload.getvalue()
    chosen = None if kind == AUTO else kind
    checked_key = (hashlib.sha256(data).hexdigest(), upload.name, kind)
    if st.button(t("data_import_validate", lang), type="primary", key="data_import_validate"):
        st.session_state["data_import_checked"] = (
            checked_key,
            validate_file(database(lang), data, upload.name, chosen),
        )
    checked = st.session_state.get("data_import_checked")
    if checked is None or checked[0] != checked_key:
        return
    outcome = checked[1]
    show_validation(outcome, lang)
    if (
        outcome.ok
        and (outcome.inserted or outcome.updated)
        and st.button(t("data_import_run", lang), key="data_import_run")
    ):
        user = auth.acting_username(lang)
        bar = st.progress(0.0)
        result = import_file(
            database(lang),
            data,
            upload.name,
            chosen,
            user=user,
            progress=lambda fraction, message: bar.progress(fraction, text=message),
        )
        st.cache_data.clear()
        del st.session_state["data_import_checked"]
        show_result(result, lang)


def render_templates(lang: str) -> None:
    """One row per template kind with Excel and CSV download buttons."""
    st.subheader(t("data_import_templates", lang))
    st.caption(t("data_import_templates_help", lang))
    for kind in TEMPLATES:
        name, xlsx, csv = st.columns([4, 1, 1], vertical_alignment="center")
        name.markdown(f"**{kind_label(kind, lang)}** `{kind}`")
        for column, file_format in ((xlsx, "xlsx"), (csv, "csv")):
            column.download_button(
                t(f"data_import_{file_format}", lang),
                _template_bytes(kind, file_format),
                file_name=template_file_name(kind, file_format),
                mime=MIME[file_format],
                key=f"data_import_template_{kind}_{file_format}",
                icon=":material/download:",
            )


def show_validation(outcome: ImportOutcome, lang: str) -> None:
    """All problems as one table, or what importing would do."""
    if outcome.problems:
        st.error(t("data_import_problems", lang, count=f"{outcome.problem_count:,}"))
        widgets.table(outcome.problem_frame(lang))
        return
    st.success(t("data_import_valid", lang, kind=kind_label(outcome.kind, lang), rows=f"{outcome.rows:,}"))
    cols = st.columns(3)
    cols[0].metric(t("data_import_inserted", lang), f"{outcome.inserted:,}")
    cols[1].metric(t("data_import_updated", lang), f"{outcome.updated:,}")
    cols[2].metric(t("data_import_unchanged", lang), f"{outcome.unchanged:,}")
    if not outcome.inserted and not outcome.updated:
        st.info(t("data_import_nothing_to_do", lang))


def show_result(outcome: ImportOutcome, lang: str) -> None:
    """After writing: the import batch number, or why nothing was written."""
    if outcome.problems:
        show_validation(outcome, lang)
    elif outcome.already_imported_batch is not None:
        st.info(t("data_import_already", lang, batch=outcome.already_imported_batch))
    elif outcome.batch_id is None:
        st.info(t("data_import_no_change", lang))
    else:
        st.success(
            t(
                "data_import_done",
                lang,
                batch=outcome.batch_id,
                inserted=f"{outcome.inserted:,}",
                updated=f"{outcome.updated:,}",
                unchanged=f"{outcome.unchanged:,}",
            )
        )

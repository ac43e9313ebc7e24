"""データ管理 → 取り込み: download reporting templates (no login needed), validate a filled-in file, see every cell it
would change, then import it in one go (editors).

What the session keeps is small and short-lived: the outcome of the last validation (at most MAX_PROBLEMS problems
and MAX_CHANGES changed cells, never the file), dropped when the file is removed or replaced; after an import the
upload box is emptied, so the file's bytes are released too, and the import's result stays on screen until the next
file is chosen (any later run, a language switch, would otherwise take the confirmation away).
"""

from __future__ import annotations

import hashlib

import streamlit as st

from core import settings
from core.i18n import t
from dashboard import auth, open_data, state, widgets
from dashboard.data import database
from data_access.imports.pipeline import ImportOutcome, import_file, validate_file
from data_access.templates import TEMPLATES, template_csv, template_file_name, template_xlsx

AUTO = "auto"
MIME = {"xlsx": widgets.XLSX_MIME, "csv": "text/csv"}
SHOWN_ROWS = 200  # problems or changed cells listed on screen; the downloads hold all that were kept
CHECKED = "data_import_checked"  # (sha256, file name, kind) -> outcome of the last validation
UPLOADS = "data_import_uploads"  # how many files were imported: part of the upload box's key, to empty it
IMPORTED = "data_import_imported"  # outcome of the last import, shown until the next file


@st.cache_data(show_spinner=False)
def _template_bytes(kind: str, file_format: str) -> bytes:
    return template_xlsx(kind) if file_format == "xlsx" else template_csv(kind)


def render_templates() -> None:
    """Title, what the screen does and the blank templates: open to anyone (a template holds no data)."""
    lang = state.lang()
    st.title(t("data_import_title", lang))
    st.caption(t("data_import_intro", lang))
    st.header(t("data_import_templates", lang))
    st.caption(t("data_import_templates_help", lang))
    for kind in TEMPLATES:
        name, xlsx, csv = st.columns([4, 1, 1], vertical_alignment="center")
        name.markdown(f"**{widgets.import_kind_label(kind, lang)}** `{kind}`")
        for column, file_format in ((xlsx, "xlsx"), (csv, "csv")):
            column.download_button(
                t(f"data_import_{file_format}", lang),
                _template_bytes(kind, file_format),
                file_name=template_file_name(kind, file_format),
                mime=MIME[file_format],
                key=f"data_import_template_{kind}_{file_format}",
                icon=":material/download:",
            )


def render() -> None:
    """The upload, behind the editor's login."""
    lang = state.lang()
    st.header(t("data_import_upload_heading", lang))
    st.caption(t("data_import_user", lang, user=widgets.plain(auth.user_label(auth.current_user(), lang))))
    kind = st.selectbox(
        t("data_import_kind", lang),
        [AUTO, *TEMPLATES],
        key=state.worded("data_import_kind"),
        format_func=lambda k: t("data_import_auto", lang) if k == AUTO else widgets.import_kind_label(k, lang),
    )
    upload = st.file_uploader(
        t("data_import_file", lang),
        type=["csv", "tsv", "txt", "xlsx"],
        key=f"data_import_upload_{st.session_state.get(UPLOADS, 0)}",
        max_upload_size=settings.import_max_bytes() // (1024 * 1024),
        help=t("data_import_file_help", lang, max=settings.import_max_bytes() // (1024 * 1024)),
    )
    if upload is None:
        st.session_state.pop(CHECKED, None)
        if (imported := st.session_state.get(IMPORTED)) is not None:
            show_result(imported, lang)
        return
    st.session_state.pop(IMPORTED, None)
    data = upload.getvalue()
    chosen = None if kind == AUTO else kind
    checked_key = (hashlib.sha256(data).hexdigest(), upload.name, kind)
    if st.button(t("data_import_validate", lang), type="primary", key="data_import_validate"):
        st.session_state[CHECKED] = (checked_key, validate_file(database(lang), data, upload.name, chosen))
    checked = st.session_state.get(CHECKED)
    if checked is None or checked[0] != checked_key:
        st.session_state.pop(CHECKED, None)  # a different file or kind: the old result is not this file's
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
        st.session_state.pop(CHECKED, None)
        if result.ok:
            st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1  # empties the upload box next run
            st.session_state[IMPORTED] = result
        show_result(result, lang)


def show_validation(outcome: ImportOutcome, lang: str) -> None:
    """All problems as one table (the first SHOWN_ROWS, the rest as a download), or what importing would do, with
    every cell it would change from what to what."""
    if not outcome.ok:
        st.error(t("data_import_problems", lang, count=f"{outcome.problem_count:,}"))
        _listing(outcome.problem_frame(lang), outcome.problem_count, "problems", lang)
        return
    assert outcome.kind is not None  # import_file rejects a file whose kind it cannot tell
    st.success(
        t("data_import_valid", lang, kind=widgets.import_kind_label(outcome.kind, lang), rows=f"{outcome.rows:,}")
    )
    cols = st.columns(3)
    cols[0].metric(t("data_import_inserted", lang), f"{outcome.inserted:,}")
    cols[1].metric(t("data_import_updated", lang), f"{outcome.updated:,}")
    cols[2].metric(t("data_import_unchanged", lang), f"{outcome.unchanged:,}")
    if outcome.change_count:
        st.markdown(f"**{t('data_import_changes', lang, count=f'{outcome.change_count:,}')}**")
        _listing(outcome.change_frame(lang), outcome.change_count, "changes", lang)
    if not outcome.inserted and not outcome.updated:
        st.info(t("data_import_nothing_to_do", lang))


def _listing(frame, count: int, name: str, lang: str) -> None:
    """A long list: its first rows on screen, all that were kept as CSV and Excel (text cells neutralised)."""
    widgets.table(frame.head(SHOWN_ROWS))
    if len(frame) > SHOWN_ROWS or count > len(frame):
        st.caption(
            t("data_import_listing_cut", lang, shown=f"{SHOWN_ROWS:,}", kept=f"{len(frame):,}", count=f"{count:,}")
        )
    with st.container(horizontal=True):
        st.download_button(
            t("download_csv", lang),
            lambda: open_data.csv_bytes(frame),
            file_name=f"import_{name}.csv",
            mime="text/csv",
            key=f"data_import_{name}_csv",
            on_click="ignore",
        )
        st.download_button(
            t("download_xlsx", lang),
            lambda: open_data.xlsx_bytes(frame, lang),
            file_name=f"import_{name}.xlsx",
            mime=widgets.XLSX_MIME,
            key=f"data_import_{name}_xlsx",
            on_click="ignore",
        )


def show_result(outcome: ImportOutcome, lang: str) -> None:
    """After writing: the import batch number, or why nothing was written."""
    if not outcome.ok:
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

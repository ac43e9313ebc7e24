"""このデータについて: where the figures come from, how they are computed, and what is synthetic."""

from __future__ import annotations

import streamlit as st

from core.i18n import t
from dashboard import state, widgets
from data_access.documents import DOCUMENTS, document_title


def render() -> None:
    lang = state.lang()
    st.title(t("about_heading", lang))
    st.markdown(t("about_body_md", lang))
    st.markdown(f"## {t('about_statistics_heading', lang)}")
    st.markdown(t("about_statistics_body", lang, credit=t("credit_statistics", lang)))
    threshold = widgets.disclosure().threshold
    st.markdown(f"## {t('public_about_heading', lang)}")
    st.markdown(t("public_about_body", lang, max=threshold - 1, threshold=threshold))
    st.markdown(f"## {t('open_data_about_heading', lang)}")
    st.markdown(t("open_data_about_body", lang))
    st.markdown(f"## {t('about_documents_heading', lang)}")
    for doc in DOCUMENTS.values():
        st.markdown(t("about_document_item", lang, title=document_title(doc.file_name, lang), file=doc.file_name))

"""The app's handle on the database: one cached Database, cached query results, Japanese errors.

Pages call `query("municipality_overview", pref, fy)` (a function of data_access.queries) or
`query("outcomes.trend", code)` (module.function under data_access); results are cached for
DASHBOARD_CACHE_TTL seconds so switching a widget does not hit the database again. With DATABASE_READ_URL they
read from the replica (`Database.reading`: the primary while the replica has not replayed this process's last write).
"""

from __future__ import annotations

import importlib
from typing import Any

import streamlit as st

from core import settings
from core.i18n import t
from data_access import queries
from data_access.database import Database, DatabaseError

TTL = settings.cache_ttl()


class _NotInitialised(Exception):
    """The schema is behind or the master is missing: `init` has not run."""


@st.cache_resource(show_spinner=False)
def _database(url: str, read_url: str | None = None) -> Database:
    """Connected and initialised once per URL; failures are not cached, so a fixed setup is picked up."""
    db = Database(url, read_url)
    db.check_connection()
    if not queries.is_initialised(db):
        db.dispose()
        raise _NotInitialised
    return db


def database(lang: str = "ja") -> Database:
    """The shared Database, or a Japanese error on screen (and the script stops) when it is unusable."""
    try:
        return _database(settings.database_url(), settings.database_read_url())
    except _NotInitialised:
        st.error(t("db_not_initialised", lang))
    except DatabaseError as exc:
        st.error(f"**{t('db_error_title', lang)}**\n\n{exc}")
    st.stop()
    raise AssertionError("unreachable: st.stop() ends the script run")


def _function(name: str):
    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(f"data_access.{module}") if module else queries, function)


@st.cache_data(ttl=TTL, show_spinner=False)
def _cached(url: str, read_url: str | None, name: str, args: tuple) -> Any:
    return _function(name)(_database(url, read_url).reading(), *args)


def query(name: str, *args: Any) -> Any:
    """Result of `data_access.queries.<name>(db, *args)` (or `data_access.<module>.<function>`), cached per
    database URL and arguments."""
    database()
    return _cached(settings.database_url(), settings.database_read_url(), name, args)

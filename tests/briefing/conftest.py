"""The briefings the tests read, each built once per test process."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from briefing.content import Briefing, build_briefing
from data_access.database import Database


@pytest.fixture(scope="session")
def briefing_of() -> Callable[..., Briefing]:
    """`briefing_of(db, prefecture, fiscal_year, **options)`: build_briefing, memoised by its arguments.

    Many tests read the same few briefings, and a build takes 1–3 s (a public one solves hundreds of linear
    programmes to audit its hidden cells). A Briefing is frozen; tests only read it."""
    built: dict[tuple[object, ...], Briefing] = {}

    def of(db: Database, prefecture: str, fiscal_year: int, **options: object) -> Briefing:
        key = (db.url, prefecture, fiscal_year, tuple(sorted(options.items())))
        if key not in built:
            built[key] = build_briefing(db, prefecture, fiscal_year, **options)
        return built[key]

    return of

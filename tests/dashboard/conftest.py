"""Fixtures of the screen tests (AppTest)."""

from __future__ import annotations

import pytest

from data_access import cli


@pytest.fixture(scope="module")
def app_database(tmp_path_factory, request):
    """A demo database of the test module's own (some screens write: imports, reviews, login events)."""
    url = f"sqlite:///{tmp_path_factory.mktemp(request.module.__name__.rsplit('.', 1)[-1]) / 'app.sqlite3'}"
    assert cli.main(["--database-url", url, "ensure-demo"]) == 0
    return url

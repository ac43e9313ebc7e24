"""Fixtures of the screen tests (AppTest)."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="module")
def app_database(tmp_path_factory, request, demo_sqlite_file):
    """A copy of the demo database for the test module (some screens write: imports, reviews, login events)."""
    path = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]) / "app.sqlite3"
    shutil.copyfile(demo_sqlite_file, path)
    return f"sqlite:///{path}"

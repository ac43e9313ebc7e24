"""Fixtures for the geo tests: the real boundary files (skipped when absent, except in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core import settings
from geo import boundaries


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def geo_dir() -> Path:
    """Directory with the boundary files; skip (or fail in CI) when they are not installed."""
    directory = settings.geo_dir()
    if directory is None or not boundaries.has_boundaries(directory):
        if _in_ci():
            pytest.fail(f"boundary files missing in CI (DASHBOARD_GEO_DIR={directory!r})")
        pytest.skip("boundary files not installed (DASHBOARD_GEO_DIR)")
    return directory


@pytest.fixture
def fresh_cache():
    boundaries.clear_cache()
    yield
    boundaries.clear_cache()

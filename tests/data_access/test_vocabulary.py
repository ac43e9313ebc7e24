"""Stored units (Japanese counters) in the UI language, alone and with a value."""

import pytest

from data_access.vocabulary import quantity, unit_name


@pytest.mark.parametrize(
    ("unit", "ja", "en"), [("件", "件", "cases"), ("世帯", "世帯", "households"), ("人月", "人月", "人月")]
)
def test_unit_name(unit, ja, en):
    assert (unit_name(unit, "ja"), unit_name(unit, "en")) == (ja, en)


@pytest.mark.parametrize(
    ("value", "unit", "ja", "en"),
    [(1959, "件", "1,959件", "1,959 cases"), (90.62, "%", "90.6%", "90.6%"), (24, "世帯", "24世帯", "24 households")],
)
def test_quantity(value, unit, ja, en):
    """The 目標と実績 table showed 「1,959件」 in the English edition."""
    assert (quantity(value, unit, "ja"), quantity(value, unit, "en")) == (ja, en)

"""A briefing is the same whichever database holds the data, field by field and frame by frame.

The briefing is drawn from the queries (whose tests run on both databases); what the other briefing tests check of
its content and its drawing they check on SQLite, and this test holds PostgreSQL's briefing to the same result."""

import dataclasses
import datetime as dt
import math

import pandas as pd
import pytest

from analytics.disclosure import Disclosure
from core import settings

TODAY = dt.date(2026, 11, 23)
PUBLIC = Disclosure(public=True, threshold=5)

# What the other tests read: both editions and languages, a municipality, samples left out, the prefecture hidden
CASES = {
    "09-2020": ("09", 2020, {}),
    "09-2020-no-samples": ("09", 2020, {"show_synthetic": False}),
    "09-2020-all-hidden": ("09", 2020, {"disclosure": Disclosure(public=True, threshold=6000)}),
    "34-2024-en-boundaries": ("34", 2024, {"lang": "en", "geo_dir": settings.geo_dir()}),
    "34-2024-public-341002": ("34", 2024, {"disclosure": PUBLIC, "municipality": "341002"}),
    "39-2022-public": ("39", 2022, {"disclosure": PUBLIC}),
    "39-2022-en-public-393053": ("39", 2022, {"lang": "en", "disclosure": PUBLIC, "municipality": "393053"}),
    "39-2019-public": ("39", 2019, {"disclosure": PUBLIC}),
}


def assert_same(left: object, right: object, where: str = "briefing") -> None:
    """Equal values, types and frames (dtypes included), naming the first field that differs."""
    assert type(left) is type(right), where
    if dataclasses.is_dataclass(left):
        for field in dataclasses.fields(left):
            assert_same(getattr(left, field.name), getattr(right, field.name), f"{where}.{field.name}")
    elif isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right, obj=where)
    elif isinstance(left, tuple | list):
        assert len(left) == len(right), where
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(left, float) and math.isnan(left):
        assert math.isnan(right), where
    else:
        assert left == right, where


@pytest.mark.postgres
@pytest.mark.parametrize("case", list(CASES))
def test_postgresql_gives_the_briefing_sqlite_gives(briefing_of, demo_sqlite, demo_postgresql, case):
    prefecture, fiscal_year, options = CASES[case]
    assert_same(
        briefing_of(demo_postgresql, prefecture, fiscal_year, generated_on=TODAY, **options),
        briefing_of(demo_sqlite, prefecture, fiscal_year, generated_on=TODAY, **options),
    )


def test_a_difference_is_named_where_it_is():
    frame = pd.DataFrame({"code": ["09201"], "value": [1.0]})
    with pytest.raises(AssertionError, match=r"briefing\.values"):
        assert_same(_Panel(frame), _Panel(frame.assign(value=1.5)))
    with pytest.raises(AssertionError, match=r"briefing\.values"):
        assert_same(_Panel(frame), _Panel(frame.astype({"value": "float32"})))
    with pytest.raises(AssertionError, match=r"briefing\.rate"):
        assert_same(_Panel(frame, math.nan), _Panel(frame, 0.0))
    assert_same(_Panel(frame, math.nan), _Panel(frame.copy(), math.nan))


@dataclasses.dataclass(frozen=True)
class _Panel:
    values: pd.DataFrame
    rate: float = 1.0

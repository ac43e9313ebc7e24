import string

import pytest

from dashboard.i18n import TEXT, t


def _fields(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_both_languages_present_with_the_same_placeholders(key):
    ja, en = TEXT[key]
    assert ja.strip() and en.strip()
    assert _fields(ja) == _fields(en)


def test_japanese_is_the_default_and_english_on_request():
    assert t("page_overview") == "概要"
    assert t("page_overview", "en") == "Summary"
    assert t("kpi_districts", "ja", established=26, districts=39) == "26 / 39 地区"

import pytest

from core.i18n import LANGUAGES, catalogue, placeholders, t

KEYS = sorted(catalogue("ja"))


def test_every_language_has_exactly_the_japanese_keys():
    for lang in LANGUAGES:
        assert set(catalogue(lang)) == set(KEYS), lang


@pytest.mark.parametrize("key", KEYS)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(key):
    ja, en = catalogue("ja")[key], catalogue("en")[key]
    assert ja.strip() and (en.strip() or key.startswith("brief_unit_"))  # English has no counter word (団体, 件)
    assert placeholders(ja) == placeholders(en)


def test_japanese_is_the_default_and_english_on_request():
    assert t("page_overview") == "概要"
    assert t("page_overview", "en") == "Summary"
    assert t("kpi_districts", "ja", established=26, districts=39) == "26 / 39 地区"
    assert t("page_overview", "fr") == "概要"


def test_an_unknown_key_is_an_error_not_a_key_on_screen():
    with pytest.raises(KeyError):
        t("no_such_text")

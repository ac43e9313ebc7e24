import threading

import pytest

from core.i18n import LANGUAGES, PLAIN, catalogue, placeholders, t, use_register

KEYS = sorted(catalogue("ja"))


def test_every_language_has_exactly_the_japanese_keys():
    for lang in LANGUAGES:
        assert set(catalogue(lang)) == set(KEYS), lang


@pytest.mark.parametrize("key", KEYS)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(key):
    ja, en = catalogue("ja")[key], catalogue("en")[key]
    # empty: a text only the plain register has (the residents' definitions of terms, 「第2層協議体：…」)
    empty_allowed = key + PLAIN in catalogue("ja") and key.startswith("terms_")
    assert (ja.strip() and (en.strip() or key.startswith("brief_unit_"))) or (empty_allowed and not ja and not en)
    assert placeholders(ja) == placeholders(en)


@pytest.mark.parametrize("key", [k for k in KEYS if k.endswith(PLAIN)])
def test_a_plain_twin_is_formatted_with_the_values_of_its_text(key):
    """The page asks for the standard key with its values; the plain twin may leave some out (a p-value), never ask
    for one the page does not give."""
    standard = key.removesuffix(PLAIN)
    assert standard in KEYS, key
    for lang in LANGUAGES:
        assert placeholders(catalogue(lang)[key]) <= placeholders(catalogue(lang)[standard]), (key, lang)


def test_the_plain_register_is_chosen_per_run_and_falls_back_to_the_standard_text():
    seen = {}

    def run(register: str) -> None:
        use_register(register)
        seen[register] = (t("outcomes_label_similar"), t("outcomes_label_better"), t("terms_overview"))

    threads = [threading.Thread(target=run, args=(r,)) for r in ("plain", "standard")]
    for thread in threads:
        thread.start()
        thread.join()
    assert seen["plain"][0] == "はっきりした差はない" and seen["standard"][0] == "同程度"
    assert seen["plain"][1] == seen["standard"][1] == "良い"  # no twin: the one text
    assert seen["plain"][2].startswith("第2層協議体：") and seen["standard"][2] == ""
    assert t("outcomes_label_similar") == "同程度"  # this thread never chose: standard
    with pytest.raises(ValueError):
        use_register("casual")


def test_japanese_is_the_default_and_english_on_request():
    assert t("page_overview") == "概要"
    assert t("page_overview", "en") == "Summary"
    assert t("kpi_districts", "ja", established=26, districts=39) == "26 / 39 地区"
    assert t("page_overview", "fr") == "概要"


def test_an_unknown_key_is_an_error_not_a_key_on_screen():
    with pytest.raises(KeyError):
        t("no_such_text")

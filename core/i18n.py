"""Every word the product shows, Japanese first and English second: one catalogue per language
(`core/locales/<lang>.toml`), looked up by key with `t(key, lang, **values)`.

Screens, maps, tooltips, the briefing, CSV headers and the about page all read from here, so a word is changed
once and English mode shows no Japanese but proper names.

A text may have a plain twin, `<key>__plain`, in the register the residents' edition speaks (no p-values, control
limits or 「良くない」; a one-line definition where a term first appears). Which register a screen run speaks is the
edition's policy (analytics.disclosure.Disclosure.plain_words), set once per run with `use_register`; chart builders
and pages keep asking for the same key. Both files hold the same keys and placeholders (a test
checks it); a key missing from a language falls back to Japanese rather than failing on screen.
"""

from __future__ import annotations

import string
import tomllib
from contextvars import ContextVar, copy_context
from functools import cache
from pathlib import Path

LANGUAGES = {"ja": "日本語", "en": "English"}
DEFAULT_LANGUAGE = "ja"
LOCALES = Path(__file__).resolve().parent / "locales"
PLAIN = "__plain"  # suffix of a text's twin in plain words
_REGISTER: ContextVar[str] = ContextVar("register", default="standard")  # per script run (one thread each)


def use_register(register: str) -> None:
    """ "standard" or "plain": the words of this script run (the thread it runs in) from now on."""
    if register not in ("standard", "plain"):
        raise ValueError(f"unknown register {register!r}")
    _REGISTER.set(register)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Key -> text of one language, read once per process."""
    if lang not in LANGUAGES:
        raise ValueError(f"表示言語は {'/'.join(LANGUAGES)} のいずれかです: {lang!r}")
    with (LOCALES / f"{lang}.toml").open("rb") as fh:
        return tomllib.load(fh)


def in_register(register: str, key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """`t` as a run in `register` would say it, from outside such a run (tests reading a public screen)."""

    def say() -> str:
        use_register(register)
        return t(key, lang, **values)

    return copy_context().run(say)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Text for `key` in `lang` (Japanese for an unknown language or a key only Japanese has), formatted with
    `values`. An unknown key is a KeyError: a typo must fail in the tests, not show a key on screen."""
    texts = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    if _REGISTER.get() == "plain" and key + PLAIN in texts:
        key += PLAIN
    text = texts[key] if key in texts else catalogue(DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether the catalogue defines `key` (for keys built from data, e.g. a metric's name)."""
    return key in catalogue(DEFAULT_LANGUAGE)


def placeholders(text: str) -> set[str]:
    """Names of the {placeholders} in a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}

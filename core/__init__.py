"""The bottom layer, imported by every other package and importing none of them.

- `core.settings`: every setting of the product, declared once.
- `core.i18n` and `core/locales/*.toml`: every word the product shows, one catalogue per language.
- `core.domain`: domain constants shared by screens, maps and the briefing (programme start, stage colours,
  palette, fiscal-year label, number format).
"""

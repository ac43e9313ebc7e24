"""What the English-mode checks count as Japanese, and the names that stay Japanese in English (issue #16)."""

from __future__ import annotations

import re

from analytics.suppression import MARK
from data_access import master

# kana, kanji, and Japanese punctuation and full-width forms (「（」 in 「宇都宮市（Tochigi）」 is Japanese writing too)
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff60]+")
# places keep their names; the suppression mark is the same in both languages
PROPER_NAMES = {*(m.name for m in master.municipalities()), *(p.name for p in master.prefectures()), MARK}

"""Printed numbers in text extracted from PDF reports: one normalisation and one number reader for every parser.

The normalisation keeps the length of the text, so that a position found in the normalised copy is the
position in the source line, and quotes are cut from the source.
"""

from __future__ import annotations

import re

# One character in, one character out: positions in the normalised text are positions in the source.
_HALF_WIDTH = str.maketrans(
    "０１２３４５６７８９，．：％（）［］－＊　〜～＋＝／",
    "0123456789,.:%()[]-* ~~+=/",
)
# A number as printed: digits with either comma width, a decimal point, single spaces or line breaks
# between the pieces (PDF extraction splits them).
NUM = r"\d(?:\s?[\d,.])*"
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_RANGE = re.compile(r"\d\s*[~～〜\-－ー]\s*\d")
_FOOTNOTE_SUFFIX = re.compile(r"(?:[※*＊]\d*|\(注\d*\)|（注\d*）)$")


def normalize(text: str) -> str:
    """Full-width digits and punctuation to ASCII, keeping the length (so offsets stay valid)."""
    return text.translate(_HALF_WIDTH)


def parse_number(text: str) -> int | float | None:
    """Value of one printed number, or None when it is not a single well-formed number.

    Handles full-width digits, both comma widths, spaces and line breaks inside the number, 約 and
    footnote marks (※, *1). A range (10～20) has no single value and a misplaced comma (389,0606) is a
    typo that cannot be resolved, so both give None rather than a guess.
    """
    token = normalize(text).strip()
    if _RANGE.search(token):
        return None
    token = re.sub(r"^(?:約|※|\*)\s*", "", token)
    token = _FOOTNOTE_SUFFIX.sub("", token).strip()
    token = re.sub(r"\s+", "", token).rstrip(",.")
    if not _PLAIN_NUMBER.fullmatch(token):
        return None
    token = token.replace(",", "")
    return float(token) if "." in token else int(token)

"""The CJK font of the briefing: found from the setting, cut down to the page's characters, registered.

A PDF with ``pdf.fonttype`` 42 embeds a subset of each font, and matplotlib subsets the font file once per
256 characters. Done on Noto Sans CJK (65,000 glyphs, 16 MB per face) that costs about 3 s each time, so the
page is set in a small font made here instead: the Japanese face of the configured file, once per process
without its layout tables (matplotlib does not use them), then per set of characters a subset holding only
what the page prints (a few hundred glyphs), under a family name of its own. Cut-down files live in a cache
directory (``<tmp>/dashboard-briefing-fonts``); they are derived from the installed font, never shipped.
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from matplotlib import font_manager

#: fonts tried, in order, when no font file is configured
CJK_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Source Han Sans JP")
LAYOUT_TABLES = ("GSUB", "GPOS", "BASE", "JSTF", "GDEF", "VORG", "vhea", "vmtx")
#: characters every page may print whatever the data: ASCII, arrows, marks, digits in full width
BASE_CHARACTERS = "".join(chr(c) for c in range(0x20, 0x7F)) + "▲▼＊…・〜–−—→（）「」、。：％／＋±"
CACHE_DIR = Path(tempfile.gettempdir()) / "dashboard-briefing-fonts"


class BriefingFontError(RuntimeError):
    """No font with Japanese glyphs: the page would print empty boxes (tofu)."""


def font_file(configured: str | Path | None) -> Path:
    """The CJK font file: the setting DASHBOARD_CJK_FONT, else one of :data:`CJK_FAMILIES` known to matplotlib."""
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise BriefingFontError(
                f"日本語フォントのファイルがありません: {path}（設定 DASHBOARD_CJK_FONT を確認してください。"
                "Debian では apt-get install fonts-noto-cjk）"
            )
        return path
    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist if f.weight in (400, "normal", "regular")}
    for family in CJK_FAMILIES:
        if family in by_name:
            return Path(by_name[family])
    raise BriefingFontError(
        "日本語フォントが見つからないため、ブリーフィングを作成できません。fonts-noto-cjk をインストールするか、"
        "設定 DASHBOARD_CJK_FONT に日本語フォント（TTF/OTF/TTC）のパスを指定してください。"
    )


def _japanese_face(path: Path) -> int:
    """Index of the Japanese face in a collection (Noto Sans CJK holds JP, KR, SC, TC, HK), else 0."""
    if path.suffix.lower() != ".ttc":
        return -1
    names = [font["name"].getDebugName(1) or "" for font in TTCollection(str(path), lazy=True).fonts]
    return next((i for i, name in enumerate(names) if name.endswith(" JP")), 0)


@lru_cache(maxsize=8)
def _without_layout(path: Path) -> Path:
    """The Japanese face of ``path`` without layout tables, written once to the cache directory."""
    stat = path.stat()
    target = CACHE_DIR / f"{path.stem}-{stat.st_size}-{int(stat.st_mtime)}.otf"
    if not target.is_file():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(path), fontNumber=_japanese_face(path), lazy=True)
        for tag in LAYOUT_TABLES:
            if tag in font:
                del font[tag]
        partial = target.with_suffix(".part")
        font.save(str(partial))
        partial.replace(target)  # another process may race: both write the same bytes
    return target


def _bold_sibling(path: Path) -> Path | None:
    bold = path.with_name(path.name.replace("Regular", "Bold"))
    return bold if bold != path and bold.is_file() else None


def _subset(source: Path, characters: str, family: str, target: Path) -> None:
    options = subset.Options(notdef_outline=True, name_IDs=["*"], layout_features=[], glyph_names=False)
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
    if "CFF " in font:
        _to_truetype(font)
    font.save(str(target))


def _to_truetype(font: TTFont) -> None:
    """CFF (PostScript) outlines -> TrueType outlines, in place.

    matplotlib embeds the font as a PDF Type 42 (TrueType) font; with Noto Sans CJK's CFF outlines kept,
    PDF viewers draw nothing or wrong glyphs (seen in MuPDF) although the text still extracts. Converting the
    few hundred glyphs of the page's subset takes a fraction of a second.
    """
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    for name in order:
        glyf[name].recalcBounds(glyf)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.numGlyphs = len(order)
    font["maxp"] = maxp
    font.recalcBBoxes = True  # maxp's point and contour counts are computed from the new outlines on save
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: the PDF maps characters through the cmap
    font.sfntVersion = "\x00\x01\x00\x00"


@lru_cache(maxsize=32)
def page_family(configured: str | None, characters: frozenset[str]) -> str:
    """Family name of a font (regular and, when the file has a Bold sibling, bold) holding ``characters``.

    Registered with matplotlib's font manager; use it in ``rcParams["font.family"]``.
    """
    path = font_file(configured)
    text = "".join(sorted(characters | set(BASE_CHARACTERS)))
    digest = hashlib.sha1(f"{path}|{text}".encode()).hexdigest()[:12]
    family = f"Briefing CJK {digest}"
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for weight, source in (("Regular", path), ("Bold", _bold_sibling(path))):
        if source is None:
            continue
        target = CACHE_DIR / f"page-{digest}-{weight}.ttf"
        if not target.is_file():
            _subset(_without_layout(source), text, family, target)
        font_manager.fontManager.addfont(str(target))
    return family

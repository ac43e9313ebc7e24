"""The source documents behind real facts: short titles (our own wording) and the cited lines.

The documents themselves stay outside the repository (setting DASHBOARD_SEEDS_DIR); the UI quotes the
cited line from there so an official can check a figure against its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Document:
    file_name: str
    title_ja: str
    title_en: str
    publisher_ja: str
    publisher_en: str


DOCUMENTS = {
    d.file_name: d
    for d in (
        Document(
            "000_db3c69513faeee6a.txt",
            "第2層協議体の進捗状況（令和2年12月）",
            "Tier-2 council progress (Dec 2020)",
            "宇都宮市",
            "Utsunomiya City",
        ),
        Document(
            "001_364dbb55203534b0.txt",
            "包括的支援体制の構築と重層事業の予定",
            "Comprehensive support and the multi-tier project",
            "高知県",
            "Kochi Prefecture",
        ),
        Document(
            "002_f4460f3587e4619f.txt",
            "生活支援コーディネーター通信",
            "Support coordinator newsletter",
            "高崎市",
            "Takasaki City",
        ),
        Document(
            "003_84e2db7ce7543206.txt",
            "支え合いコーディネート機能強化研修（令和6年度）",
            "Coordination training report (FY2024)",
            "広島県",
            "Hiroshima Prefecture",
        ),
        Document(
            "004_2b585c156c0342d7.txt",
            "平成30年度 モデル事業実施報告の集約",
            "FY2018 model-project reports",
            "モデル事業実施自治体",
            "Model-project municipalities",
        ),
    )
}


#: Published reference tables (data_access/reference/*.csv) by the title their rows store (the publisher's
#: Japanese one) -> the title in English.
REFERENCE_TITLES_EN = {
    "厚生労働省 社会保障審議会福祉部会（第29回）資料1": (
        "MHLW, Social Security Council, Welfare Subcommittee (29th meeting), Material 1"
    ),
}


def reference_title(label: str, lang: str = "ja") -> str:
    """A published reference table's title in the UI language (as stored when no translation is known)."""
    return label if lang == "ja" else REFERENCE_TITLES_EN.get(label, label)


def document_title(file_name: str, lang: str = "ja") -> str:
    doc = DOCUMENTS.get(file_name)
    if doc is None:
        return file_name
    return f"{doc.publisher_ja}「{doc.title_ja}」" if lang == "ja" else f"{doc.publisher_en}: {doc.title_en}"


def cited_lines(seeds_dir: Path | None, file_name: str, line: int, context: int = 1) -> list[tuple[int, str]] | None:
    """The cited line and `context` non-blank lines around it, or None when the document is not installed."""
    if seeds_dir is None:
        return None
    path = Path(seeds_dir) / file_name
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    if not 1 <= line <= len(lines):
        return None
    before = [n for n in range(line - 1, 0, -1) if lines[n - 1].strip()][:context]
    after = [n for n in range(line + 1, len(lines) + 1) if lines[n - 1].strip()][:context]
    return [(n, lines[n - 1].strip()) for n in sorted(before) + [line] + after]

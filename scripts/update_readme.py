"""Put the latest `make bench` and `make load` tables into README.md, between their markers."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = {"bench": ROOT / "build" / "bench" / "results.md", "load": ROOT / "build" / "load" / "results.md"}


def replace_between(text: str, marker: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(\n<!-- {marker}:end -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"README has no {marker} markers")
    return pattern.sub(lambda m: m.group(1) + body.strip() + m.group(2), text)


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    for marker, path in TABLES.items():
        if path.exists():
            text = replace_between(text, marker, path.read_text(encoding="utf-8"))
            print(f"README: {marker} table from {path.relative_to(ROOT)}")
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scoring of read figures against a hand-read gold file (see test_report_outcomes_gold for the counting rules)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BASIS = {"実数": "distinct", "延べ": "contacts"}
ATTRIBUTES = ("place", "basis", "period_end", "fiscal_year", "target", "part_of", "repeat_of")


@dataclass(frozen=True)
class Figure:
    """One figure, from the gold file or as read: the key says which figure, the rest what was read about it."""

    document: str
    report_index: int
    line: int
    metric: str
    value: float
    unit: str
    place: str = ""
    basis: str = "distinct"
    period_end: str = ""  # ISO date; empty: the whole fiscal year
    fiscal_year: int = 0
    target: float | None = None
    part_of: str = ""  # "line:value" of the total
    repeat_of: str = ""  # line of the first statement

    @property
    def key(self) -> tuple:
        return (self.document, self.report_index, self.line, self.metric, self.value, self.unit)


def load_gold(name: str, document: str = "") -> list[Figure]:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return [
            Figure(
                document=row.get("document") or document,
                report_index=int(row["report_index"]),
                line=int(row["line"]),
                metric=row["metric"],
                value=float(row["value"]),
                unit=row["unit"],
                place=row["place"],
                basis=BASIS[row["basis"]],
                period_end=row["period_end"],
                fiscal_year=int(row["fiscal_year"]),
                target=float(row["target"]) if row["target"] else None,
                part_of=row["part_of"],
                repeat_of=row["repeat_of"],
            )
            for row in csv.DictReader(handle)
        ]


def _line_and_value(key: str | None) -> str:
    """ "3773:consultations_complex:973件" -> "3773:973" (the gold file's way to name a total)."""
    if not key:
        return ""
    line, _metric, value = key.rstrip("'").split(":", 2)
    number = float(value.rstrip("件世帯人回%"))
    return f"{line}:{number:g}"


def figures_of_reports(document: str, reports: list[dict]) -> list[Figure]:
    """The parser's figures (parse_reports output) in the gold file's terms."""
    out = []
    for report in reports:
        own_place = report["municipality"] if report["scope"] == "municipality" else ""
        for o in report["outcomes"]:
            out.append(
                Figure(
                    document=document,
                    report_index=report["report_index"],
                    line=o["source_line"],
                    metric=o["metric"],
                    value=float(o["value"]),
                    unit=o["unit"],
                    place=o["place"] or own_place or "",
                    basis=o["basis"],
                    period_end=o["period_end"] or "",
                    fiscal_year=o["fiscal_year"],
                    target=None if o["target"] is None else float(o["target"]),
                    part_of=_line_and_value(o["part_of"]),
                    repeat_of=o["repeat_of"].split(":")[0] if o["repeat_of"] else "",
                )
            )
    return out


def figures_of_queue(queue) -> list[Figure]:
    """The review queue (data_access.review.review_queue) in the gold file's terms: a candidate with restated
    lines stands for one figure per line, the later ones restating the first."""
    by_id = queue.set_index("id")
    out = []
    for row in queue.itertuples():
        total = by_id.loc[int(row.part_of_id)] if row.part_of_id == row.part_of_id else None
        first = Figure(
            document=row.document,
            report_index=row.report_index,
            line=row.source_line,
            metric=row.metric,
            value=float(row.value),
            unit=row.unit,
            place=row.name if isinstance(row.municipality_code, str) else "",
            basis=row.basis,
            period_end=row.period_end.isoformat() if row.is_partial_year else "",
            fiscal_year=row.fiscal_year,
            target=None if row.target != row.target else float(row.target),
            part_of="" if total is None else f"{total['source_line']}:{float(total['value']):g}",
        )
        out.append(first)
        for line in filter(None, row.restated_lines.split(",")):
            out.append(Figure(**{**first.__dict__, "line": int(line), "repeat_of": str(row.source_line)}))
    return out


@dataclass
class Score:
    true_positives: int
    gold: int
    read: int
    by_metric: dict[str, tuple[int, int, int]]  # metric -> (tp, gold, read)
    attribute_agreement: dict[str, float]  # over matched figures
    missed: list[Figure] = field(default_factory=list)
    extra: list[Figure] = field(default_factory=list)
    disagreements: list[tuple[str, Figure, Figure]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.read if self.read else 1.0

    def report(self) -> str:
        lines = [f"{'metric':<26}{'recall':>8}{'precision':>11}{'gold':>6}{'read':>6}"]
        for metric, (tp, gold, read) in sorted(self.by_metric.items()):
            lines.append(
                f"{metric:<26}{tp / gold if gold else 1:>8.1%}{tp / read if read else 1:>11.1%}{gold:>6}{read:>6}"
            )
        lines.append(f"{'all':<26}{self.recall:>8.1%}{self.precision:>11.1%}{self.gold:>6}{self.read:>6}")
        lines.append(
            "agreement on matched figures: "
            + ", ".join(f"{name} {share:.1%}" for name, share in self.attribute_agreement.items())
        )
        lines += [f"missed: {f}" for f in self.missed] + [f"not in gold: {f}" for f in self.extra]
        lines += [f"{name}: gold {g!r} read {r!r} ({g.key})" for name, g, r in self.disagreements]
        return "\n".join(lines)


def score(gold: list[Figure], read: list[Figure]) -> Score:
    """Figures match on document, report, line, metric, value and unit (a multiset: a figure may be printed
    twice on one line); the other attributes are compared on the matched pairs."""
    by_key: dict[tuple, list[Figure]] = defaultdict(list)
    for figure in read:
        by_key[figure.key].append(figure)
    pairs, missed = [], []
    for figure in gold:
        if by_key[figure.key]:
            pairs.append((figure, by_key[figure.key].pop(0)))
        else:
            missed.append(figure)
    extra = [f for rest in by_key.values() for f in rest]
    metrics = Counter(f.metric for f in gold) | Counter(f.metric for f in read)
    by_metric = {
        metric: (
            sum(1 for g, _r in pairs if g.metric == metric),
            sum(1 for f in gold if f.metric == metric),
            sum(1 for f in read if f.metric == metric),
        )
        for metric in metrics
    }
    disagreements = [(name, g, r) for g, r in pairs for name in ATTRIBUTES if getattr(g, name) != getattr(r, name)]
    agreement = {
        name: 1 - sum(1 for n, _g, _r in disagreements if n == name) / len(pairs) if pairs else 1.0
        for name in ATTRIBUTES
    }
    return Score(len(pairs), len(gold), len(read), by_metric, agreement, missed, extra, disagreements)

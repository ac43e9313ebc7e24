"""The report parser against hand-read gold files: every consultation-family figure of the 50 FY2018 reports
(tests/fixtures/report_outcomes_gold.csv) and of two invented reports in the same style.

The gold files were written by reading the reports, not from the parser's output. Counting rules:

- A consultation-family figure is a count or rate of cases that a consultation service received, handled,
  closed, referred on or still supports, stated as having happened: new or total consultations
  (consultations: 相談件数, 対応件数, 支援件数, ケース件数, 面接世帯数, 延べ行動件数, "…件の相談があった"),
  cases carried over from the previous year (consultations_continuing), cases with complex needs
  (consultations_complex), closed cases (closures: 終結, 解決, 支援終了; a case passed on to another agency
  also ends the service's support), the closure rate (closure_rate_pct: 終結率, 問題解決に至った割合),
  cases referred on (referrals: つないだ, 引き継いだ) and cases still supported (ongoing).
- Not counted: targets and plans (they are the `target` of the result they answer), monthly or per-site
  averages and ranges, "100件に達し" milestones, expectations (程度, ほど without a period), survey counts of
  needs, meetings, participants, visits, support plans written and case conferences.
- Each statement is a row, with the line of its number. A figure stated again (plan and results, or twice in
  the results) has `repeat_of` = the line of its first statement; a figure in another unit of the same cases
  ("24世帯（37人）") is its own row.
- A breakdown's parts ("CSW912件+包括化推進員61件計973件", "内訳：北東エリア43件…", "うち訪問172回") have
  `part_of` = "line:value" of their total; a part keeps its own metric when its words name one (草加市:
  解決・調整 49 = 課題解決 20 + 繋いだ 29).
- Unit as printed (件, 世帯, 人; 名 is 人; 回 and 延べ are contacts, basis 延べ; otherwise 実数).
- period_end: the date the text gives for the figure (its sentence or table, the period line under its
  group, the period heading of its block); empty means the whole fiscal year. fiscal_year: the year the
  figure is about ("平成28年度は…" in an FY2018 report is FY2016).
- target: the target the report sets for that figure (same line, the target line above, earlier in the
  paragraph, or the plan's 事業の成果目標 of the same programme), only for the report's own year, in the
  same unit, not for parts; a per-month target (月平均10件) answers no yearly count.
- place: the municipality; in a report covering several towns the town the text names for the figure, empty
  for the group.

A figure matches when report, line, metric, value and unit agree; its other attributes are then compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from data_access import review
from data_access.report_import import import_report
from data_access.report_parser import parse_report_file
from tests.conftest import SEED_004
from tests.data_access.gold import FIXTURES, figures_of_queue, figures_of_reports, load_gold, score

RECALL, PRECISION, AGREEMENT = 0.90, 0.95, 0.90
INVENTED = ("report_fictional_town.txt", "report_fictional_group.txt")


def check(result) -> None:
    print("\n" + result.report())
    assert result.recall >= RECALL, result.report()
    assert result.precision >= PRECISION, result.report()
    for name, share in result.attribute_agreement.items():
        assert share >= AGREEMENT, f"{name}: {share:.1%}\n{result.report()}"


def test_seed_figures_against_the_gold_file(seed_path: Path) -> None:
    gold = load_gold("report_outcomes_gold.csv", SEED_004)
    assert len(gold) == 116 and len({f.report_index for f in gold}) == 32
    check(score(gold, figures_of_reports(SEED_004, parse_report_file(seed_path))))


def test_seed_figures_in_the_review_queue_against_the_gold_file(migrated_db, seed_path: Path) -> None:
    """What import-report stores (on SQLite and PostgreSQL) scores as the parser does."""
    import_report(migrated_db, seed_path, "tester")
    gold = load_gold("report_outcomes_gold.csv", SEED_004)
    check(score(gold, figures_of_queue(review.review_queue(migrated_db))))


def test_invented_reports_in_the_same_style() -> None:
    gold = load_gold("report_outcomes_fixture_gold.csv")
    read = [f for name in INVENTED for f in figures_of_reports(name, parse_report_file(FIXTURES / name))]
    check(score(gold, read))


@pytest.mark.parametrize("name", INVENTED)
def test_invented_reports_say_they_are_invented(name: str) -> None:
    assert "架空" in (FIXTURES / name).read_text(encoding="utf-8").splitlines()[0]


def test_the_score_fails_a_parser_that_reads_less(seed_path: Path) -> None:
    """The thresholds bite: without the narrative figures the seed falls below them."""
    gold = load_gold("report_outcomes_gold.csv", SEED_004)
    read = figures_of_reports(SEED_004, parse_report_file(seed_path))
    fewer = read[: len(read) * 8 // 10]
    assert score(gold, fewer).recall < RECALL
    doubled = read + [f.__class__(**{**f.__dict__, "line": f.line + 1}) for f in read[:10]]
    assert score(gold, doubled).precision < PRECISION

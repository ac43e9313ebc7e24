"""What an edition may show: one policy that every screen, map, chart, download and the briefing ask.

The officials' edition shows every number; the public edition (DASHBOARD_MODE=public) hides counts of people
from 1 to threshold−1, the rates derived from them and the cells that would reveal them (analytics.suppression,
analytics.public_outcomes), and never shows the audit log. Callers do not branch on the edition: they pass their
frame through the policy, which in the officials' edition hands it back untouched with a mask that hides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analytics import public_outcomes, suppression
from core import settings

TRAINING_STAFF = ("staff_government", "staff_social_welfare_council", "staff_consultation_agencies")


@dataclass(frozen=True)
class Disclosure:
    """The edition's rule: `public` (the residents' edition) and its suppression `threshold`."""

    public: bool
    threshold: int

    @classmethod
    def from_settings(cls) -> Disclosure:
        return cls(settings.is_public(), settings.suppression_threshold())

    @property
    def shows_audit_log(self) -> bool:
        """The import log names officials and files: officials' edition only."""
        return not self.public

    @property
    def shows_report_figures(self) -> bool:
        """Figures read from a report's free text can be small counts with no published total: officials only."""
        return not self.public

    @property
    def shows_counts_beside_rates(self) -> bool:
        """Officials read 「終結 302 / 対象 560件」 under a rate; the public edition prints the interval only."""
        return not self.public

    @property
    def hides_small_counts(self) -> bool:
        """Whether anything can be hidden (a public edition with threshold 1 hides nothing)."""
        return self.public and self.threshold > 1

    def hides(self, count: object) -> bool:
        """A count this edition hides where it stands alone (a headline figure): 1 … threshold−1 in public."""
        return self.public and suppression.is_small(count, self.threshold)

    @staticmethod
    def _nothing_hidden(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(False, index=frame.index, columns=frame.columns)

    def overview(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(shown, hidden) of the 概要 frame (analytics.overview.with_rates): the same pattern on 概要, 地図 and
        the briefing, so that no screen reveals what another hides."""
        if not self.public:
            return frame, self._nothing_hidden(frame)
        return suppression.suppress_overview(frame, self.threshold)

    def outcomes(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(shown, hidden) of an outcome frame (相談・成果, 比較, プロフィール)."""
        if not self.public:
            return frame, self._nothing_hidden(frame)
        return public_outcomes.suppress_outcomes(frame, self.threshold)

    def yearly(self, rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(shown, hidden) of a trend's yearly totals: small totals and their rates are hidden in public."""
        if not self.public:
            return rows, self._nothing_hidden(rows)
        return public_outcomes.suppress_yearly(rows, self.threshold)

    def other_units(self, other: pd.DataFrame) -> pd.DataFrame:
        """Rows in other units (世帯, 人), as shown."""
        return public_outcomes.suppress_other_units(other, self.threshold)[0] if self.public else other

    def attainment(self, table: pd.DataFrame, frame: pd.DataFrame, hidden: pd.DataFrame) -> pd.DataFrame:
        """Targets against results: a result whose count is hidden is hidden here too."""
        return public_outcomes.suppress_attainment(table, frame, hidden)[0] if self.public else table

    def parts(self, values: pd.Series) -> pd.Series:
        """Counts whose sum is shown elsewhere (meetings per district), as shown: the mark where hidden."""
        if not self.public:
            return values
        return suppression.suppress_parts(values, self.threshold, mark=suppression.MARK)[0]

    def counts(self, values: pd.Series, parts: bool = False) -> pd.Series:
        """Activity counts as text with ＊ in public (and the complements that protect parts of a shown sum);
        numbers for officials."""
        if not self.public:
            return values
        if parts:
            shown = suppression.suppress_parts(values, self.threshold)[0]
        else:
            shown = suppression.suppress(pd.DataFrame({"v": values}), ["v"], threshold=self.threshold)[0]["v"]
        return suppression.to_text(pd.DataFrame({"v": shown}), {"v": 0})["v"]

    def training(self, training: pd.DataFrame) -> pd.DataFrame:
        """Training participation: participants by kind of staff are people; participants = their sum."""
        if not self.public or training.empty:
            return training
        counts = [*TRAINING_STAFF, "participants"]
        shown, _ = suppression.suppress(
            training,
            counts,
            threshold=self.threshold,
            row_relations=[{"participants": -1, **dict.fromkeys(TRAINING_STAFF, 1)}],
        )
        return suppression.to_text(shown, dict.fromkeys(counts, 0))

    def displayed(self, shown: pd.DataFrame, digits: Mapping[str, int]) -> pd.DataFrame:
        """Columns as a table and its CSV show them: text with ＊ in public (the same text in the download),
        numbers rounded to `digits` for officials."""
        if self.public:
            return suppression.to_text(shown[list(digits)], dict(digits))
        return pd.DataFrame(
            {col: pd.to_numeric(shown[col], errors="coerce").round(places) for col, places in digits.items()}
        )


OFFICIAL = Disclosure(public=False, threshold=suppression.DEFAULT_THRESHOLD)
"""The officials' edition: every number (the default of code that renders outside a screen, e.g. tests)."""

"""Everything printed on one briefing page, assembled from the database and the analytics (no drawing).

The numbers come from the same pipeline as the 概要 screen (``queries.municipality_overview`` →
``analytics.overview.synthetic_mask`` / ``hide`` / ``with_rates`` / ``headline``, published 重層事業 counts
winning over counted rows) and the funnel of the 相談・成果 screen (``analytics.comparison``), so a briefing
never disagrees with the screen it summarises. Public mode applies ``analytics.suppression`` exactly as the
概要 screen does; hidden synthetic values stay hidden; shown synthetic values carry a flag the page draws.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from analytics import comparison, suppression
from analytics import overview as calc
from analytics.disclosure import OFFICIAL, Disclosure
from analytics.overview import Headline, OverviewYear
from analytics.rates import is_missing
from core.domain import JUSOU_STAGE_CATEGORY, JUSOU_START, date_label, fiscal_year_label
from core.i18n import t
from data_access import outcomes, queries
from data_access.database import Database
from data_access.documents import document_title, reference_title
from data_access.vocabulary import stage_name
from geo import boundaries

FUNNEL_KEYS = ("closure_rate", "consultations_per_10k")
# funnel indicator -> the overview column whose public suppression also hides it from the outlier list
SUPPRESSED_WITH = {"closure_rate": "closure_rate_pct", "consultations_per_10k": "consultations_per_10k"}
OUTSIDE_998 = ("above_998", "below_998")
STATISTICS_CREDIT_LEAD = re.compile(r"^(出典：|Source: )")
MAX_OUTLIERS = 8  # names per line of the outlier list; the map marks them all


@dataclass(frozen=True)
class Kpi:
    """A headline card: ``value`` is the printed text ("42.7", "—", "＊"); ``direction`` +1/−1/0 for the
    change arrow, None when there is nothing to compare."""

    key: str
    label: str
    value: str
    unit: str
    detail: str
    change: str
    direction: int | None
    synthetic: bool
    suppressed: bool


@dataclass(frozen=True)
class MapPanel:
    """The prefecture map: layer key of ``geo.maps.LAYERS``, values per municipality code, boundaries, and
    ``marks``: the municipalities of the outlier list (code, side "above"/"below"), each marked on the map."""

    layer: str
    title: str
    shapes: gpd.GeoDataFrame
    detailed: bool
    values: pd.DataFrame  # code, value, sample, suppressed
    highlight: str | None
    notes: tuple[str, ...]
    marks: pd.DataFrame
    credit: str  # the boundary data's credit line, printed under the map


@dataclass(frozen=True)
class Trend:
    """One small line chart: ``points`` has fiscal_year, value, synthetic (years without a value left out)."""

    key: str
    title: str
    points: pd.DataFrame
    suppressed_years: tuple[int, ...]


@dataclass(frozen=True)
class Outlier:
    """A municipality outside the 99.8% funnel limits of one indicator."""

    code: str
    name: str
    indicator: str  # FUNNEL_KEYS
    value: float
    benchmark: float
    side: str  # "above" | "below"
    synthetic: bool


@dataclass(frozen=True)
class OutlierGroup:
    """The municipalities on one side of one indicator's limits: one line of the list, one marker on the map.

    ``heading`` says which way and against what (「↑ 相談件数が多い（県全体 28.3件）」); ``entries`` name each
    municipality with its value, at most MAX_OUTLIERS of them, ``more`` counts the rest (marked on the map)."""

    indicator: str
    side: str
    heading: str
    entries: tuple[str, ...]
    more: int


@dataclass(frozen=True)
class Briefing:
    """The whole page, in one language, ready to draw."""

    lang: str
    prefecture_code: str
    municipality_code: str | None
    fiscal_year: int
    area: str
    fiscal_year_text: str
    title: str
    subtitle: str
    generated: str
    edition: str
    edition_short: str
    footer: str
    public: bool
    show_synthetic: bool
    headline: Headline
    previous: Headline
    kpis: tuple[Kpi, ...]
    map: MapPanel
    trends: tuple[Trend, ...]
    outliers: tuple[Outlier, ...]
    outlier_groups: tuple[OutlierGroup, ...]
    outlier_empty: str | None  # why the list is empty, when it is
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    has_synthetic: bool
    sample_note: str  # the one sentence that says how samples are marked (empty when none are shown)


@dataclass(frozen=True)
class _Year:
    """One fiscal year of the prefecture through the 概要 pipeline (analytics.overview.overview_year)."""

    fiscal_year: int
    view: OverviewYear

    @property
    def frame(self) -> pd.DataFrame:
        return self.view.frame

    @property
    def mask(self) -> pd.DataFrame:
        return self.view.mask

    @property
    def hidden(self) -> pd.DataFrame:
        return self.view.hidden


@dataclass(frozen=True)
class _Figures:
    """Headline figures of the briefing's area for one year, None where nothing is reported."""

    head: Headline
    coverage_pct: float | None
    new_cases: int | None
    per_10k: float | None
    closure_pct: float | None
    hide_cases: bool
    hide_closure: bool
    coverage_synthetic: bool
    cases_synthetic: bool
    per_10k_synthetic: bool


def _year(
    db: Database, pref: str, fy: int, synthetic_ids: set[int], show_synthetic: bool, disclosure: Disclosure
) -> _Year:
    frame = queries.municipality_overview(db, pref, fy)
    return _Year(fy, calc.overview_year(frame, synthetic_ids, show_synthetic, disclosure))


def _number(value: float) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _figures(year: _Year, scope: pd.Series, disclosure: Disclosure) -> _Figures:
    frame, mask = year.frame[scope], year.mask[scope]
    head = calc.headline(frame)
    cases_known = bool(frame["new_cases"].notna().any())
    # prefecture totals (scope is every row): the 概要 KPI rule, only a small total is hidden (the
    # municipalities' pattern already protects each hidden cell against the published total);
    # one municipality: also the cells its row hides in the 概要 table (none in the officials' edition)
    hidden = year.hidden[scope] if not scope.all() else year.hidden[scope] & False
    hide_cases = disclosure.hides(head.new_cases) or bool(hidden["new_cases"].any())
    hide_closure = hide_cases or disclosure.hides(head.closed) or bool(hidden["closure_rate_pct"].any())
    return _Figures(
        head=head,
        coverage_pct=_number(head.coverage_pct),
        new_cases=head.new_cases if cases_known else None,
        per_10k=_number(head.consultations_per_10k) if cases_known else None,
        closure_pct=_number(head.closure_rate_pct),
        hide_cases=hide_cases,
        hide_closure=hide_closure,
        coverage_synthetic=bool(mask.loc[frame["districts"].notna(), "established"].any()),
        cases_synthetic=bool(mask.loc[frame["new_cases"].notna(), "new_cases"].any()),
        per_10k_synthetic=bool(mask.loc[frame["new_cases"].notna(), "consultations_per_10k"].any()),
    )


# ------------------------------------------------------------------------------------------------ format


def _fmt(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _change(
    current: float | None, previous: float | None, digits: int, unit_key: str, lang: str
) -> tuple[str, int | None]:
    if current is None or previous is None:
        return t("brief_change_none", lang), None
    diff = round(current - previous, digits)
    if diff == 0:
        return t("brief_change_same", lang), 0
    key = "change_up" if diff > 0 else "change_down"
    return t(
        "brief_" + key, lang, value=f"{abs(diff):,.{digits}f}", unit=t("brief_" + unit_key, lang)
    ), 1 if diff > 0 else -1


# -------------------------------------------------------------------------------------------------- KPIs


# a 重層事業 count: municipalities (None: unknown), basis, synthetic, source id (None: counted, not published)
JusouCount = tuple[int | None, str, bool, int | None]


def _jusou_counts(counts: pd.DataFrame, year: _Year, scope: pd.Series, head: Headline) -> dict[str, JusouCount]:
    """stage -> (municipalities or None, basis "published"/"counted"/"before", synthetic, source id)."""
    if year.fiscal_year < JUSOU_START:
        return dict.fromkeys(("full", "preparing"), (None, "before", False, None))
    published = counts[(counts["fiscal_year"] == year.fiscal_year) & (counts["program"] == "jusou")].set_index("stage")
    frame, mask = year.frame[scope], year.mask[scope]
    synthetic = bool(mask.loc[frame["jusou_stage"].notna(), "jusou_stage"].any())
    out: dict[str, JusouCount] = {}
    for stage, counted in (("full", head.jusou_full), ("preparing", head.jusou_preparing)):
        if stage in published.index:
            row = published[published.index == stage].iloc[0]
            out[stage] = (int(row["municipalities"]), "published", False, int(row["source_id"]))
        else:
            out[stage] = (counted if head.jusou_known else None, "counted", synthetic, None)
    return out


def _prefecture_jusou_kpis(
    counts: pd.DataFrame, now: _Year, before: _Year, scope: pd.Series, fig: _Figures, prev: _Figures, lang: str
) -> tuple[list[Kpi], set[int]]:
    current = _jusou_counts(counts, now, scope, fig.head)
    previous = _jusou_counts(counts, before, scope, prev.head)
    kpis: list[Kpi] = []
    used: set[int] = set()
    for stage, key in (("full", "kpi_jusou_full"), ("preparing", "kpi_jusou_preparing")):
        value, basis, synthetic, source = current[stage]
        if source is not None:
            used.add(source)
        detail = {"before": "detail_before_jusou", "published": "detail_published", "counted": "detail_counted"}[basis]
        change, direction = _change(value, previous[stage][0], 0, "unit_count_change", lang)
        kpis.append(
            Kpi(
                key,
                t("brief_" + key, lang),
                _fmt(value),
                t("brief_unit_municipalities", lang) if value is not None else "",
                t("brief_" + detail, lang),
                change if basis != "before" else "",
                direction,
                synthetic,
                False,
            )
        )
    return kpis, used


def _day(value: object) -> dt.date | None:
    """A reference day from the database (date, Timestamp or ISO text), None when missing."""
    if value is None or (not isinstance(value, str) and is_missing(value)):
        return None
    if not isinstance(value, str | dt.date | np.datetime64):
        raise TypeError(f"基準日ではありません: {value!r}")
    return pd.Timestamp(value).date()


def _stage_text(stage: object, lang: str) -> str:
    return "—" if is_missing(stage) else stage_name(str(stage), lang)


def _municipality_kpis(now: _Year, before: _Year, scope: pd.Series, lang: str) -> list[Kpi]:
    """For one municipality: its 重層事業 stage and population instead of the prefecture's counts."""
    row, prev = now.frame[scope].iloc[0], before.frame[scope].iloc[0]
    mask = now.mask[scope].iloc[0]
    stage, prev_stage = row["jusou_stage"], prev["jusou_stage"]
    if now.fiscal_year < JUSOU_START:
        stage_kpi = Kpi(
            "jusou_stage",
            t("brief_kpi_jusou_stage", lang),
            "—",
            "",
            t("brief_detail_before_jusou", lang),
            "",
            None,
            False,
            False,
        )
    else:
        stage_kpi = Kpi(
            "jusou_stage",
            t("brief_kpi_jusou_stage", lang),
            _stage_text(stage, lang),
            "",
            "",
            t("brief_change_stage", lang, stage=_stage_text(prev_stage, lang)),
            None,
            bool(mask["jusou_stage"]) and not pd.isna(stage),
            False,
        )
    population = _number(pd.to_numeric(row["population"]))
    as_of, prev_as_of = _day(row["population_as_of"]), _day(prev["population_as_of"])
    if as_of is not None and as_of == prev_as_of:  # both years read the same statistic: no change to report
        change, direction = t("brief_change_same_basis", lang), None
    else:
        previous = _number(pd.to_numeric(prev["population"]))
        change, direction = _change(population, previous, 0, "unit_people_change", lang)
    pop_kpi = Kpi(
        "population",
        t("brief_kpi_population", lang),
        _fmt(population),
        t("brief_unit_people", lang) if population is not None else "",
        "" if as_of is None else t("brief_detail_as_of", lang, date=date_label(as_of, lang)),
        change,
        direction,
        bool(mask["population"]) and population is not None,
        False,
    )
    return [stage_kpi, pop_kpi]


def _rate_kpis(fig: _Figures, prev: _Figures, disclosure: Disclosure, lang: str) -> list[Kpi]:
    counts_beside = disclosure.shows_counts_beside_rates
    head, mark = fig.head, suppression.MARK
    coverage_change = _change(fig.coverage_pct, prev.coverage_pct, 1, "unit_pt", lang)
    coverage = Kpi(
        "coverage",
        t("brief_kpi_coverage", lang),
        _fmt(fig.coverage_pct, 1),
        "%" if fig.coverage_pct is not None else "",
        t("brief_detail_districts", lang, established=f"{head.established:,}", districts=f"{head.districts:,}")
        if head.coverage_municipalities
        else "",
        *coverage_change,
        fig.coverage_synthetic,
        False,
    )
    if fig.hide_cases:
        per_10k = Kpi(
            "per_10k",
            t("brief_kpi_per_10k", lang),
            mark,
            "",
            t("brief_detail_suppressed", lang),
            t("brief_change_none", lang),
            None,
            fig.per_10k_synthetic,
            True,
        )
    else:
        per_10k_prev = None if prev.hide_cases else prev.per_10k
        per_10k = Kpi(
            "per_10k",
            t("brief_kpi_per_10k", lang),
            _fmt(fig.per_10k, 1),
            t("brief_unit_per_10k", lang) if fig.per_10k is not None else "",
            t("brief_detail_new_cases", lang, value=_fmt(fig.new_cases)) if fig.new_cases is not None else "",
            *_change(fig.per_10k, per_10k_prev, 1, "unit_per_10k_change", lang),
            fig.per_10k_synthetic and fig.per_10k is not None,
            False,
        )
    if fig.hide_closure:
        closure = Kpi(
            "closure",
            t("brief_kpi_closure", lang),
            mark,
            "",
            t("brief_detail_suppressed", lang),
            t("brief_change_none", lang),
            None,
            fig.cases_synthetic,
            True,
        )
    else:
        detail = ""
        if fig.closure_pct is not None:
            detail = (
                t(
                    "brief_detail_closure_ci",
                    lang,
                    low=_fmt(head.closure_low_pct, 1),
                    high=_fmt(head.closure_high_pct, 1),
                )
                if not counts_beside
                else t("brief_detail_closure", lang, closed=f"{head.closed:,}", cases=f"{head.closure_denominator:,}")
            )
        closure = Kpi(
            "closure",
            t("brief_kpi_closure", lang),
            _fmt(fig.closure_pct, 1),
            "%" if fig.closure_pct is not None else "",
            detail,
            *_change(fig.closure_pct, None if prev.hide_closure else prev.closure_pct, 1, "unit_pt", lang),
            fig.cases_synthetic and fig.closure_pct is not None,
            False,
        )
    return [coverage, per_10k, closure]


# ------------------------------------------------------------------------------------------ map, trends


def _map_panel(
    year: _Year,
    muni: str | None,
    shapes: boundaries.MunicipalityBoundaries,
    credit: str | None,
    outliers: list[Outlier],
    lang: str,
) -> MapPanel:
    """重層事業 status when the year has it; before 令和3年度 (or without data) tier-2 coverage instead of
    an all-grey map. Every municipality of the outlier list is marked, on the side it lies."""
    frame, mask = year.frame, year.mask
    notes = []
    if year.fiscal_year >= JUSOU_START and frame["jusou_stage"].notna().any():
        layer, column, title = "jusou_status", "jusou_stage", t("brief_section_map_jusou", lang)
        value = frame[column].map(lambda s: None if s is None or pd.isna(s) else JUSOU_STAGE_CATEGORY[str(s)])
    else:
        layer, column, title = (
            "council_coverage",
            "coverage_pct",
            t("with_note", lang, text=t("brief_section_map_coverage", lang), note="%"),
        )
        value = frame[column]
        notes.append(t("brief_map_before_jusou" if year.fiscal_year < JUSOU_START else "brief_map_no_jusou", lang))
    values = pd.DataFrame(
        {"code": frame["code"], "value": value, "sample": mask[column].to_numpy(), "suppressed": False}
    )
    if not shapes.detailed:
        notes.append(t("brief_map_points", lang))
    if muni is not None:
        notes.append(t("brief_map_highlight", lang, name=frame.loc[frame["code"] == muni, "name"].iloc[0]))
    marks = pd.DataFrame([(o.code, o.side) for o in outliers], columns=["code", "side"]).drop_duplicates()
    credit_line = t("brief_note_boundary", lang, credit=credit) if credit else t("brief_note_boundary_fallback", lang)
    return MapPanel(layer, title, shapes.gdf, shapes.detailed, values, muni, tuple(notes), marks, credit_line)


def _trends(years: list[_Year], scope: pd.Series, disclosure: Disclosure, lang: str) -> tuple[Trend, ...]:
    rows: dict[str, list[dict[str, object]]] = {"coverage": [], "new_cases": [], "closure": []}
    hidden: dict[str, list[int]] = {"coverage": [], "new_cases": [], "closure": []}
    for year in years:
        fig = _figures(year, scope, disclosure)
        for key, value, synthetic, hide in (
            ("coverage", fig.coverage_pct, fig.coverage_synthetic, False),
            ("new_cases", fig.new_cases, fig.cases_synthetic, fig.hide_cases),
            ("closure", fig.closure_pct, fig.cases_synthetic, fig.hide_closure),
        ):
            if hide:
                hidden[key].append(year.fiscal_year)
            elif value is not None:
                rows[key].append({"fiscal_year": year.fiscal_year, "value": float(value), "synthetic": synthetic})
    titles = {"coverage": "trend_coverage", "new_cases": "trend_new_cases", "closure": "trend_closure"}
    return tuple(
        Trend(
            key,
            t("brief_" + titles[key], lang),
            pd.DataFrame(rows[key], columns=["fiscal_year", "value", "synthetic"]),
            tuple(hidden[key]),
        )
        for key in rows
    )


# ------------------------------------------------------------------------------------------- outliers


def _outliers(
    db: Database,
    pref: str,
    year: _Year,
    synthetic_ids: set[int],
    show_synthetic: bool,
    pref_hidden: dict[str, bool],
) -> tuple[list[Outlier], dict[str, float], set[int]]:
    """Municipalities outside the 99.8% funnel limits around the prefecture value (相談・成果 screen), the
    prefecture value of each indicator compared, and the sources of the values listed."""
    rows = outcomes.consultation_rows(db, pref, year.fiscal_year)
    profiles = outcomes.profiles(db, pref, year.fiscal_year)
    frame, _ = comparison.outcome_frame(rows, profiles, synthetic_ids, show_synthetic)
    hidden_codes = year.hidden.set_index(year.frame["code"])
    found: list[Outlier] = []
    benchmarks: dict[str, float] = {}
    used: set[int] = set()
    for key in FUNNEL_KEYS:
        benchmark = comparison.pooled_value(frame, key)
        if math.isnan(benchmark) or pref_hidden[key]:
            continue
        benchmarks[key] = benchmark
        points, _ = comparison.funnel(frame, key, benchmark)
        outside = points[points["position"].isin(OUTSIDE_998)]
        # never list a municipality whose value the edition hides (none in the officials' edition)
        outside = outside[~hidden_codes[SUPPRESSED_WITH[key]].reindex(outside["code"], fill_value=True).to_numpy()]
        for row in outside.sort_values("value", ascending=False).to_dict("records"):
            side = "above" if row["position"].startswith("above") else "below"
            found.append(
                Outlier(row["code"], row["name"], key, float(row["value"]), benchmark, side, bool(row["synthetic"]))
            )
            used.update(int(s) for s in (row["cases_source_id"], row["population_source_id"]) if not is_missing(s))
    return found, benchmarks, used


def _value_text(key: str, value: float, lang: str, *, unit: bool = True) -> str:
    """38.6件/1万人 or 62.5% (a rate always keeps its %; ``unit=False`` leaves 件/1万人 to the line's heading)."""
    if key == "closure_rate":
        return f"{value:,.1f}%"
    return f"{value:,.1f}" + (t("brief_unit_per_10k", lang) if unit else "")


def _outlier_groups(outliers: list[Outlier], benchmarks: dict[str, float], lang: str) -> tuple[OutlierGroup, ...]:
    """One line per indicator and side, highest values first; a name says （サンプル） when its value is one,
    or the heading says so once when every name of the line is."""
    groups = []
    for key in FUNNEL_KEYS:
        for side in ("above", "below"):
            members = [o for o in outliers if o.indicator == key and o.side == side]
            if not members:
                continue
            all_samples = all(o.synthetic for o in members)
            badge = t("brief_outlier_sample", lang)
            entries = tuple(
                o.name
                + (badge if o.synthetic and not all_samples else "")
                + " "
                + _value_text(key, o.value, lang, unit=False)
                for o in members[:MAX_OUTLIERS]
            )
            heading = t(
                f"brief_outlier_{key}_{side}",
                lang,
                benchmark=_value_text(key, benchmarks[key], lang),
            ) + (t("brief_outlier_all_samples", lang) if all_samples else "")
            groups.append(OutlierGroup(key, side, heading, entries, max(0, len(members) - MAX_OUTLIERS)))
    return tuple(groups)


# -------------------------------------------------------------------------------------------- sources


def _used_sources(years: Iterable[_Year], scope: pd.Series) -> set[int]:
    """Sources of every value the page shows (values hidden as synthetic are already blank)."""
    used: set[int] = set()
    pairs = (
        ("population_source_id", "population"),
        ("jusou_source_id", "jusou_stage"),
        ("coverage_source_id", "established"),
        ("cases_source_id", "new_cases"),
    )
    for year in years:
        frame = year.frame[scope]
        for source_col, value_col in pairs:
            ids = frame.loc[frame[value_col].notna(), source_col].dropna()
            used.update(int(s) for s in ids)
    return used


def _national_jusou(counts: pd.DataFrame, fiscal_year: int, lang: str) -> tuple[str, int] | None:
    """(note, source id) of the published national count of 重層事業 municipalities for the year, if any."""
    row = counts[(counts["program"] == "jusou") & (counts["stage"] == "full") & (counts["fiscal_year"] == fiscal_year)]
    if row.empty:
        return None
    first = row.iloc[0]
    key = "brief_note_national_jusou_planned" if first["planned"] else "brief_note_national_jusou"
    return t(key, lang, count=f"{int(first['municipalities']):,}"), int(first["source_id"])


def _source_texts(sources: pd.DataFrame, used: set[int], mixed_synthetic: bool, lang: str) -> list[str]:
    rows = sources.loc[sorted(i for i in used if i in sources.index)]
    out = []
    documents = rows[rows["kind"] == "document"]
    for document, group in documents.groupby("document", sort=True):
        lines = ", ".join(str(int(n)) for n in sorted(group["line"].dropna().unique()))
        out.append(t("brief_note_document", lang, title=document_title(str(document), lang), lines=lines))
    for batch in rows[rows["kind"] == "import_batch"].to_dict("records"):
        out.append(t("brief_note_batch", lang, batch=int(batch["import_batch_id"]), file=batch["batch_file_name"]))
    statistics = rows[rows["kind"] == "statistic"]
    published = set(statistics.loc[statistics["import_batch_id"].isna(), "label"])  # published reference counts
    out += sorted(reference_title(label, lang) for label in published)
    if statistics["import_batch_id"].notna().any():
        # the official credit line, without its own 「出典：」 (the page prints it under its 出典 heading)
        out.append(STATISTICS_CREDIT_LEAD.sub("", t("credit_statistics", lang)))
    if (rows["kind"] == "synthetic").any() or mixed_synthetic:
        out.append(t("brief_note_synthetic_source", lang))
    out.append(t("brief_note_master", lang))
    return out


# ----------------------------------------------------------------------------------------------- build


def latest_fiscal_year(db: Database, prefecture: str) -> int | None:
    """The latest fiscal year the briefing of ``prefecture`` has something to say about: a year with 重層事業
    stages, consultation counts or a published programme count; else the latest with council coverage (which
    carries forward from set-up dates, so it alone does not make a year "with data"); None when the
    prefecture has none of these."""
    years = queries.fiscal_years(db)
    published = set(queries.program_counts(db, prefecture)["fiscal_year"])
    coverage_year = None
    for fiscal_year in sorted(years, reverse=True):
        frame = queries.municipality_overview(db, prefecture, fiscal_year)
        if fiscal_year in published or frame[["jusou_stage", "new_cases"]].notna().any().any():
            return fiscal_year
        if coverage_year is None and frame["districts"].notna().any():
            coverage_year = fiscal_year
    return coverage_year


def build_briefing(
    db: Database,
    prefecture: str,
    fiscal_year: int,
    *,
    lang: str = "ja",
    disclosure: Disclosure = OFFICIAL,
    show_synthetic: bool = True,
    geo_dir: Path | None = None,
    municipality: str | None = None,
    generated_on: dt.date | None = None,
) -> Briefing:
    """The briefing of a prefecture (or one of its municipalities) for a fiscal year.

    ``disclosure``: the edition's policy (the public edition hides small counts as its 概要 screen does).
    ``show_synthetic``: False leaves synthetic values out (the sidebar toggle). ``geo_dir``: the boundary
    directory (``core.settings.geo_dir()``); None draws municipalities as points.
    """
    sources = queries.sources(db)
    synthetic_ids = set(sources.index[sources["kind"] == "synthetic"])
    years = [y for y in queries.fiscal_years(db) if y < fiscal_year] + [fiscal_year]
    if fiscal_year - 1 not in years:
        years.insert(0, fiscal_year - 1)
    by_year = {fy: _year(db, prefecture, fy, synthetic_ids, show_synthetic, disclosure) for fy in sorted(years)}
    now, before = by_year[fiscal_year], by_year[fiscal_year - 1]
    codes = now.frame["code"]
    if municipality is not None and municipality not in set(codes):
        raise ValueError(f"{prefecture} の市町村ではありません: {municipality!r}")
    scope = codes == municipality if municipality is not None else pd.Series(True, index=codes.index)
    fig, prev = _figures(now, scope, disclosure), _figures(before, scope, disclosure)

    if municipality is None:
        jusou, used = _prefecture_jusou_kpis(
            queries.program_counts(db, prefecture), now, before, scope, fig, prev, lang
        )
    else:
        jusou, used = _municipality_kpis(now, before, scope, lang), set()
    kpis = tuple(jusou + _rate_kpis(fig, prev, disclosure, lang))

    pref_row = queries.prefectures(db).set_index("code").loc[prefecture]
    pref_name = str(pref_row["name"] if lang == "ja" else pref_row["name_en"])
    area = pref_name if municipality is None else f"{pref_name} {now.frame.loc[scope, 'name'].iloc[0]}"
    fy_text = fiscal_year_label(fiscal_year, lang)
    subtitle = (
        t("brief_subtitle", lang, fiscal_year=fy_text, municipalities=len(now.frame))
        if municipality is None
        else t("brief_subtitle_municipality", lang, fiscal_year=fy_text)
    )
    generated = t("brief_generated", lang, date=date_label(generated_on or dt.date.today(), lang))
    edition = "public" if disclosure.public else "official"
    edition_short = t(f"brief_edition_{edition}_short", lang)

    trend_years = [by_year[fy] for fy in sorted(by_year) if fy <= fiscal_year]
    trends = _trends(trend_years, scope, disclosure, lang)
    pref_figures = _figures(now, pd.Series(True, index=codes.index), disclosure)
    outliers, benchmarks, outlier_sources = _outliers(
        db,
        prefecture,
        now,
        synthetic_ids,
        show_synthetic,
        {"closure_rate": pref_figures.hide_closure, "consultations_per_10k": pref_figures.hide_cases},
    )
    outlier_empty = None
    if not outliers:
        outlier_empty = t("brief_outlier_none" if benchmarks else "brief_outlier_no_values", lang)
    shapes = boundaries.load_municipalities(geo_dir, prefecture)
    credit = boundaries.boundary_credit(geo_dir, lang) if shapes.detailed else None
    map_panel = _map_panel(now, municipality, shapes, credit, outliers, lang)

    shown_years = [now, before] + trend_years
    used |= _used_sources(shown_years, scope) | outlier_sources
    mixed = any(bool(y.mask[scope]["established"].any()) for y in shown_years)
    has_synthetic = (
        any(k.synthetic for k in kpis)
        or bool(map_panel.values["sample"].any())
        or any(t.points["synthetic"].any() for t in trends)
        or any(o.synthetic for o in outliers)
    )
    notes = [t("brief_note_totals", lang)] if municipality is None else []
    notes.append(t("brief_note_closure", lang))
    notes.append(t("brief_note_outliers", lang))
    if not show_synthetic:
        notes.append(t("brief_note_synthetic_hidden", lang))
    if disclosure.hides_small_counts:
        notes.append(t("brief_note_public", lang, max=disclosure.threshold - 1))
        if outliers or benchmarks:
            notes.append(t("brief_outlier_public", lang))
    national = _national_jusou(queries.program_counts(db, None), fiscal_year, lang)
    if national and municipality is None:
        notes.append(national[0])
        used.add(national[1])
    population = now.frame.loc[scope, "population_as_of"].dropna()
    if not population.empty and (as_of := _day(max(population))) is not None:
        notes.append(t("brief_note_population", lang, date=date_label(as_of, lang)))
    source_texts = _source_texts(sources, used, mixed and show_synthetic, lang)

    return Briefing(
        lang=lang,
        prefecture_code=prefecture,
        municipality_code=municipality,
        fiscal_year=fiscal_year,
        area=area,
        fiscal_year_text=fy_text,
        title=t("brief_title", lang, area=area),
        subtitle=subtitle,
        generated=generated,
        edition=t(f"brief_edition_{edition}", lang),
        edition_short=edition_short,
        footer=t("brief_footer", lang, area=area, fiscal_year=fy_text, edition=edition_short),
        public=disclosure.public,
        show_synthetic=show_synthetic,
        headline=fig.head,
        previous=prev.head,
        kpis=kpis,
        map=map_panel,
        trends=trends,
        outliers=tuple(outliers),
        outlier_groups=_outlier_groups(outliers, benchmarks, lang),
        outlier_empty=outlier_empty,
        sources=tuple(source_texts),
        notes=tuple(notes),
        has_synthetic=has_synthetic,
        sample_note=t("brief_note_synthetic", lang) if has_synthetic and show_synthetic else "",
    )

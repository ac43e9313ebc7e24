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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from analytics import comparison, suppression
from analytics import overview as calc
from analytics.disclosure import OFFICIAL, Disclosure
from analytics.overview import Headline, OverviewYear
from core.domain import JUSOU_STAGE_CATEGORY, JUSOU_START, date_label, fiscal_year_label
from core.i18n import t
from data_access import outcomes, queries
from data_access.database import Database
from data_access.documents import document_title
from data_access.vocabulary import stage_name
from geo import boundaries

FUNNEL_KEYS = ("closure_rate", "consultations_per_10k")
# funnel indicator -> the overview column whose public suppression also hides it from the outlier list
SUPPRESSED_WITH = {"closure_rate": "closure_rate_pct", "consultations_per_10k": "consultations_per_10k"}
OUTSIDE_998 = ("above_998", "below_998")
MAX_OUTLIERS = 5


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
    """The prefecture map: layer key of ``geo.maps.LAYERS``, values per municipality code, boundaries."""

    layer: str
    title: str
    shapes: gpd.GeoDataFrame
    detailed: bool
    values: pd.DataFrame  # code, value, sample, suppressed
    highlight: str | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Trend:
    """One small line chart: ``points`` has fiscal_year, value, synthetic (years without a value left out)."""

    key: str
    title: str
    points: pd.DataFrame
    suppressed_years: tuple[int, ...]


@dataclass(frozen=True)
class Outlier:
    code: str
    name: str
    indicator: str
    value: float
    benchmark: float
    side: str  # "above" | "below"
    synthetic: bool
    line: str


@dataclass(frozen=True)
class Briefing:
    """The whole page, in one language, ready to draw."""

    lang: str
    prefecture_code: str
    municipality_code: str | None
    fiscal_year: int
    title: str
    subtitle: str
    generated: str
    edition: str
    public: bool
    show_synthetic: bool
    headline: Headline
    previous: Headline
    kpis: tuple[Kpi, ...]
    map: MapPanel
    trends: tuple[Trend, ...]
    outliers: tuple[Outlier, ...]
    outlier_lines: tuple[str, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    has_synthetic: bool


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


def _jusou_counts(counts: pd.DataFrame, year: _Year, scope: pd.Series, head: Headline) -> dict[str, tuple]:
    """stage -> (municipalities or None, basis "published"/"counted"/"before", synthetic, source id)."""
    if year.fiscal_year < JUSOU_START:
        return dict.fromkeys(("full", "preparing"), (None, "before", False, None))
    published = counts[(counts["fiscal_year"] == year.fiscal_year) & (counts["program"] == "jusou")].set_index("stage")
    frame, mask = year.frame[scope], year.mask[scope]
    synthetic = bool(mask.loc[frame["jusou_stage"].notna(), "jusou_stage"].any())
    out = {}
    for stage, counted in (("full", head.jusou_full), ("preparing", head.jusou_preparing)):
        if stage in published.index:
            row = published.loc[stage]
            out[stage] = (int(row["municipalities"]), "published", False, int(row["source_id"]))
        else:
            out[stage] = (counted if head.jusou_known else None, "counted", synthetic, None)
    return out


def _prefecture_jusou_kpis(
    counts: pd.DataFrame, now: _Year, before: _Year, scope: pd.Series, fig: _Figures, prev: _Figures, lang: str
) -> tuple[list[Kpi], set[int]]:
    current = _jusou_counts(counts, now, scope, fig.head)
    previous = _jusou_counts(counts, before, scope, prev.head)
    kpis, used = [], set()
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


def _stage_text(stage: object, lang: str) -> str:
    return "—" if stage is None or pd.isna(stage) else stage_name(str(stage), lang)


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
    change, direction = _change(population, _number(pd.to_numeric(prev["population"])), 0, "unit_people_change", lang)
    as_of = row["population_as_of"]
    pop_kpi = Kpi(
        "population",
        t("brief_kpi_population", lang),
        _fmt(population),
        t("brief_unit_people", lang) if population is not None else "",
        "" if as_of is None or pd.isna(as_of) else t("brief_detail_as_of", lang, date=str(as_of)),
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
            t("brief_detail_new_cases", lang, value=mark),
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
            "" if counts_beside else t("brief_detail_closure_ci", lang, low=mark, high=mark),
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


def _map_panel(year: _Year, pref: str, muni: str | None, geo_dir: Path | None, lang: str) -> MapPanel:
    """重層事業 status when the year has it; before 令和3年度 (or without data) tier-2 coverage instead of
    an all-grey map."""
    frame, mask = year.frame, year.mask
    notes = []
    if year.fiscal_year >= JUSOU_START and frame["jusou_stage"].notna().any():
        layer, column, title = "jusou_status", "jusou_stage", t("brief_section_map_jusou", lang)
        value = frame[column].map(lambda s: None if s is None or pd.isna(s) else JUSOU_STAGE_CATEGORY[str(s)])
    else:
        layer, column, title = "council_coverage", "coverage_pct", t("brief_section_map_coverage", lang) + "（%）"
        value = frame[column]
        notes.append(t("brief_map_before_jusou" if year.fiscal_year < JUSOU_START else "brief_map_no_jusou", lang))
    values = pd.DataFrame(
        {"code": frame["code"], "value": value, "sample": mask[column].to_numpy(), "suppressed": False}
    )
    shapes = boundaries.load_municipalities(geo_dir, pref)
    if not shapes.detailed:
        notes.append(t("brief_map_points", lang))
    if muni is not None:
        notes.append(t("brief_map_highlight", lang, name=frame.loc[frame["code"] == muni, "name"].iloc[0]))
    return MapPanel(layer, title, shapes.gdf, shapes.detailed, values, muni, tuple(notes))


def _trends(years: list[_Year], scope: pd.Series, disclosure: Disclosure, lang: str) -> tuple[Trend, ...]:
    rows = {"coverage": [], "new_cases": [], "closure": []}
    hidden = {"coverage": [], "new_cases": [], "closure": []}
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
    lang: str,
) -> tuple[list[Outlier], set[int]]:
    """Municipalities outside the 99.8% funnel limits around the prefecture value (相談・成果 screen)."""
    rows = outcomes.consultation_rows(db, pref, year.fiscal_year)
    profiles = outcomes.profiles(db, pref, year.fiscal_year)
    frame, _ = comparison.outcome_frame(rows, profiles, synthetic_ids, show_synthetic)
    hidden_codes = year.hidden.set_index(year.frame["code"])
    found, used = [], set()
    for key in FUNNEL_KEYS:
        benchmark = comparison.pooled_value(frame, key)
        if math.isnan(benchmark) or pref_hidden[key]:
            continue
        points, _ = comparison.funnel(frame, key, benchmark)
        outside = points[points["position"].isin(OUTSIDE_998)]
        # never list a municipality whose value the edition hides (none in the officials' edition)
        outside = outside[~hidden_codes[SUPPRESSED_WITH[key]].reindex(outside["code"], fill_value=True).to_numpy()]
        unit = "%" if key == "closure_rate" else ("件" if lang == "ja" else "")
        for row in outside.sort_values("value", ascending=False).itertuples():
            side = "above" if row.position.startswith("above") else "below"
            indicator = t(f"brief_indicator_{key}", lang)
            line = t(
                "brief_outlier_line",
                lang,
                name=row.name + (f"（{t('brief_sample_badge', lang)}）" if row.synthetic else ""),
                indicator=indicator,
                value=f"{row.value:.1f}{unit}",
                benchmark=f"{benchmark:.1f}{unit}",
                side=t(f"brief_outlier_{side}", lang),
            )
            found.append(
                Outlier(row.code, row.name, indicator, float(row.value), benchmark, side, bool(row.synthetic), line)
            )
            used.update(int(s) for s in (row.cases_source_id, row.population_source_id) if not pd.isna(s))
    return found, used


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
    row = row.iloc[0]
    key = "brief_note_national_jusou_planned" if row["planned"] else "brief_note_national_jusou"
    return t(key, lang, count=f"{int(row['municipalities']):,}"), int(row["source_id"])


def _source_texts(sources: pd.DataFrame, used: set[int], mixed_synthetic: bool, lang: str) -> list[str]:
    rows = sources.loc[sorted(i for i in used if i in sources.index)]
    out = []
    documents = rows[rows["kind"] == "document"]
    for document, group in documents.groupby("document", sort=True):
        lines = ", ".join(str(int(n)) for n in sorted(group["line"].dropna().unique()))
        out.append(t("brief_note_document", lang, title=document_title(document, lang), lines=lines))
    for row in rows[rows["kind"] == "import_batch"].itertuples():
        out.append(t("brief_note_batch", lang, batch=int(row.import_batch_id), file=row.batch_file_name))
    statistics = rows[rows["kind"] == "statistic"]
    out += sorted(set(statistics.loc[statistics["import_batch_id"].isna(), "label"]))  # published reference counts
    if statistics["import_batch_id"].notna().any():
        out.append(t("credit_statistics", lang))
    if (rows["kind"] == "synthetic").any() or mixed_synthetic:
        out.append(t("brief_note_synthetic_source", lang))
    out.append(t("brief_note_master", lang))
    return out


# ----------------------------------------------------------------------------------------------- build


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
    pref_name = pref_row["name"] if lang == "ja" else pref_row["name_en"]
    area = pref_name if municipality is None else f"{pref_name} {now.frame.loc[scope, 'name'].iloc[0]}"
    fy_text = fiscal_year_label(fiscal_year, lang)
    subtitle = (
        t("brief_subtitle", lang, fiscal_year=fy_text, municipalities=len(now.frame))
        if municipality is None
        else t("brief_subtitle_municipality", lang, fiscal_year=fy_text)
    )
    generated = t("brief_generated", lang, date=date_label(generated_on or dt.date.today(), lang))

    map_panel = _map_panel(now, prefecture, municipality, geo_dir, lang)
    trend_years = [by_year[fy] for fy in sorted(by_year) if fy <= fiscal_year]
    trends = _trends(trend_years, scope, disclosure, lang)
    pref_figures = _figures(now, pd.Series(True, index=codes.index), disclosure)
    outliers, outlier_sources = _outliers(
        db,
        prefecture,
        now,
        synthetic_ids,
        show_synthetic,
        {"closure_rate": pref_figures.hide_closure, "consultations_per_10k": pref_figures.hide_cases},
        lang,
    )
    outlier_lines = [o.line for o in outliers[:MAX_OUTLIERS]]
    if len(outliers) > MAX_OUTLIERS:
        outlier_lines.append(t("brief_outlier_more", lang, count=len(outliers) - MAX_OUTLIERS))
    if not outliers:
        outlier_lines.append(
            t("brief_outlier_none", lang)
            if now.frame["new_cases"].notna().any()
            else t("brief_outlier_no_values", lang)
        )
    outlier_lines.append(
        t("brief_outlier_method", lang) + (t("brief_outlier_public", lang) if disclosure.hides_small_counts else "")
    )

    shown_years = [now, before] + trend_years
    used |= _used_sources(shown_years, scope) | outlier_sources
    mixed = any(bool(y.mask[scope]["established"].any()) for y in shown_years)
    has_synthetic = (
        any(k.synthetic for k in kpis)
        or bool(map_panel.values["sample"].any())
        or any(t.points["synthetic"].any() for t in trends)
        or any(o.synthetic for o in outliers)
    )
    credit = boundaries.boundary_credit(geo_dir, lang)
    notes = [t("brief_note_totals", lang)] if municipality is None else []
    notes.append(t("brief_note_closure", lang))
    if not show_synthetic:
        notes.append(t("brief_note_synthetic_hidden", lang))
    elif has_synthetic:
        notes.append(t("brief_note_synthetic", lang))
    if disclosure.hides_small_counts:
        notes.append(t("brief_note_public", lang, max=disclosure.threshold - 1))
    national = _national_jusou(queries.program_counts(db, None), fiscal_year, lang)
    if national and municipality is None:
        notes.append(national[0])
        used.add(national[1])
    population = now.frame.loc[scope, "population_as_of"].dropna()
    if not population.empty:
        notes.append(t("brief_note_population", lang, date=date_label(max(population), lang)))
    source_texts = _source_texts(sources, used, mixed and show_synthetic, lang)
    notes.append(
        t("brief_note_sources", lang, sources="、".join(source_texts) if lang == "ja" else "; ".join(source_texts))
    )
    notes.append(t("brief_note_boundary", lang, credit=credit) if credit else t("brief_note_boundary_fallback", lang))

    return Briefing(
        lang=lang,
        prefecture_code=prefecture,
        municipality_code=municipality,
        fiscal_year=fiscal_year,
        title=t("brief_title", lang, area=area),
        subtitle=subtitle,
        generated=generated,
        edition=t("brief_edition_public" if disclosure.public else "brief_edition_official", lang),
        public=disclosure.public,
        show_synthetic=show_synthetic,
        headline=fig.head,
        previous=prev.head,
        kpis=kpis,
        map=map_panel,
        trends=trends,
        outliers=tuple(outliers),
        outlier_lines=tuple(outlier_lines),
        sources=tuple(source_texts),
        notes=tuple(notes),
        has_synthetic=has_synthetic,
    )

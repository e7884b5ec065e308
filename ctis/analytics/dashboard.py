"""The prevalence dashboard's data: submissions in the user's reach, through the same
estimation core as ``ctis prevalence``.

Submissions are written to a Parquet file in a temporary folder and read back by the core,
so the dashboard and the command line share one validated path and give the same numbers.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.core.cache import cache
from django.db.models import Max, QuerySet

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.analytics.prevalence import Options, Report, Result, prevalence, suppress
from ctis.core import disclosure
from ctis.surveys import dictionary as dd
from ctis.surveys.models import Submission

BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("sex", "Sex"),
    ("age_group", "Age group"),
    ("child", "Child or adult"),
    ("nationality", "Nationality"),
    ("country_of_interview", "Country of interview"),
    ("travelling_with", "Travelling with"),
    ("month", "Month of interview"),
)
HEADLINE = "any_indicator"
ITEMS = (
    "ht_unpaid_work",
    "ht_forced_work",
    "ht_job_offer",
    "ht_marriage_offer",
    "ht_held_against_will",
    "ht_organ_offer",
    "ht_physical_violence",
)
COMPOSITES = ("any_indicator", "two_or_more_indicators", "any_indicator_family_only")


@dataclass(frozen=True)
class Filters:
    survey: str = ""  # a survey's public id
    since: date | None = None
    until: date | None = None


def submissions_in_reach(user: User, filters: Filters) -> QuerySet[Submission]:
    """Interviews held in the countries whose aggregates the user may see."""
    countries = permissions.countries_for(user, Perm.VIEW_AGGREGATES)
    rows = Submission.objects.filter(country_of_interview__in=countries)
    if filters.survey:
        rows = rows.filter(survey__public_id=filters.survey)
    if filters.since:
        rows = rows.filter(survey_date__gte=filters.since)
    if filters.until:
        rows = rows.filter(survey_date__lte=filters.until)
    return rows


def small_cell_threshold() -> int:
    return disclosure.threshold()


def compute(user: User, filters: Filters) -> Report | None:
    """Every indicator for the whole sample and each standard breakdown; None without data.

    Results are cached until a submission changes (keyed on the newest change and the count).
    """
    rows = submissions_in_reach(user, filters)
    stamp = rows.aggregate(latest=Max("updated_at"))["latest"]
    count = rows.count()
    if not count:
        return None
    countries = ",".join(sorted(permissions.countries_for(user, Perm.VIEW_AGGREGATES)))
    key = (
        "prevalence:"
        + hashlib.sha256(f"{countries}|{filters}|{stamp}|{count}".encode()).hexdigest()
    )
    cached: Report | None = cache.get(key)
    if cached is not None:
        return cached
    with tempfile.TemporaryDirectory(prefix="ctis-prevalence-") as folder:
        path = Path(folder) / "submissions.parquet"
        frame_of(rows).write_parquet(path)
        report = prevalence(
            [path],
            Options(
                breakdowns=tuple((column,) for column, _label in BREAKDOWNS),
                lonely_psu="adjust",
            ),
        )
    cache.set(key, report, timeout=3600)
    return report


def frame_of(rows: QuerySet[Submission]) -> pl.DataFrame:
    """The canonical columns of ``rows``; not asked ("" in text columns) becomes null."""
    names = list(dd.NAMES)
    values = rows.values_list(*names)
    columns: dict[str, list[object]] = {name: [] for name in names}
    for row in values.iterator(chunk_size=5000):
        for name, value in zip(names, row, strict=True):
            columns[name].append(None if value == "" else value)
    frame = pl.DataFrame(columns, infer_schema_length=None)
    # Design columns present but empty everywhere would turn a simple sample into a design.
    return frame.drop(
        [c for c in ("weight", "stratum", "cluster") if frame[c].null_count() == len(frame)]
    )


def for_sharing(report: Report) -> Report:
    """What may leave the organisation: small cells suppressed, with a note saying so."""
    return suppress(report, small_cell_threshold())


def _natural(value: str) -> tuple[int, str]:
    digits = value.split("-")[0].rstrip("+")
    return (int(digits), value) if digits.isdigit() else (10_000, value)


def results_for(report: Report, indicator: str, column: str | None) -> list[Result]:
    """One indicator's results: the whole sample (``column`` None) or one breakdown."""
    wanted = (
        [r for r in report.results if r.indicator == indicator and not r.group]
        if column is None
        else [r for r in report.results if r.indicator == indicator and list(r.group) == [column]]
    )
    if column in {"month", "age_group"}:  # natural order: time, age
        return sorted(wanted, key=lambda r: _natural(str(r.group.get(column) or "~")))
    return sorted(wanted, key=lambda r: (-r.n, str(r.group.get(column or "") or "")))

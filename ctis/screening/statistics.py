"""Screening counts for coordinators and analysts: by country, month, result, sex and age
group. Counts only, never names or codes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.lib.age_bands import FLOW_MONITORING
from ctis.screening.models import ConsentRefusal, Screening

#: People screened are people on the move: counted in the flow-monitoring bands.
BANDING = FLOW_MONITORING
RESULTS = (
    "trafficking_pattern",
    "exploitation_without_means",
    "indicators_present",
    "no_indicators",
)


def age_group(age: int | None) -> str:
    return BANDING.band(age)


@dataclass
class ScreeningCounts:
    total: int
    refusals: int
    by_result: Counter[str]
    by_country: dict[str, Counter[str]]
    by_month: dict[str, Counter[str]]
    by_sex: dict[str, Counter[str]]
    by_age_group: dict[str, Counter[str]]
    by_age_and_sex: dict[str, Counter[str]]


def completed_in_scope(user: User) -> QuerySet[Screening]:
    countries = permissions.countries_for(user, Perm.VIEW_AGGREGATES)
    return Screening.objects.filter(status=Screening.Status.COMPLETED, country__code__in=countries)


def count(user: User, *, since: date | None = None, until: date | None = None) -> ScreeningCounts:
    """Completed screenings in the user's countries, each broken down by result."""
    screenings = completed_in_scope(user)
    refusals = ConsentRefusal.objects.filter(
        organisation__country__code__in=permissions.countries_for(user, Perm.VIEW_AGGREGATES)
    )
    if since:
        screenings = screenings.filter(completed_at__date__gte=since)
        refusals = refusals.filter(month__gte=since.replace(day=1))
    if until:
        screenings = screenings.filter(completed_at__date__lte=until)
        refusals = refusals.filter(month__lte=until)
    rows = screenings.values_list("result", "country__code", "completed_at", "sex", "age")
    counts = ScreeningCounts(0, sum(r.count for r in refusals), Counter(), {}, {}, {}, {}, {})
    for result, country, completed_at, sex, age in rows:
        if completed_at is None:  # completed screenings always have it; the type does not say
            continue
        counts.total += 1
        counts.by_result[result] += 1
        for table, key in (
            (counts.by_country, country),
            (counts.by_month, completed_at.strftime("%Y-%m")),
            (counts.by_sex, sex),
            (counts.by_age_group, age_group(age)),
        ):
            table.setdefault(key, Counter())[result] += 1
        counts.by_age_and_sex.setdefault(age_group(age), Counter())[sex] += 1
    return counts

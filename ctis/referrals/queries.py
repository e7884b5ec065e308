"""Reading referrals: the sending and the receiving organisation see a referral; nobody else.

A receiver never reads the case: ``shared_record`` builds what they see from the referral and
its sharing level alone. Counts (``report_counts``) name no one.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.directory.models import Service
from ctis.referrals import sharing
from ctis.referrals import transitions as machine
from ctis.referrals.models import Referral, ReferralEvent

RELATED = (
    "case",
    "case__person",
    "case__country",
    "from_organisation",
    "from_country",
    "to_organisation",
    "to_country",
    "service",
    "service__provider",
)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals sent by or to an organisation whose cases ``user`` may see."""
    organisation_ids = permissions.organisation_ids_for(user, Perm.VIEW_CASES)
    return Referral.objects.filter(
        Q(from_organisation_id__in=organisation_ids) | Q(to_organisation_id__in=organisation_ids)
    ).select_related(*RELATED)


def get_referral_for(user: User, code: str) -> Referral:
    referral = referrals_visible_to(user).filter(code=code.upper()).first()
    if referral is None:
        raise Http404
    return referral


def get_referral_by_public_id(user: User, public_id: Any) -> Referral:
    referral = referrals_visible_to(user).filter(public_id=public_id).first()
    if referral is None:
        raise Http404
    return referral


def is_receiver(user: User, referral: Referral) -> bool:
    return referral.to_organisation is not None and permissions.can_for_organisation(
        user, Perm.VIEW_CASES, referral.to_organisation
    )


def is_sender(user: User, referral: Referral) -> bool:
    return permissions.can_for_organisation(user, Perm.VIEW_CASES, referral.from_organisation)


def can_see_case(user: User, referral: Referral) -> bool:
    """Whether the user's organisation holds the case now (after a transfer, the old owner
    does not)."""
    return permissions.can_for_organisation(user, Perm.VIEW_CASES, referral.case.organisation)


def _overdue_first(referrals: list[Referral], today: datetime.date) -> list[Referral]:
    return sorted(
        referrals,
        key=lambda r: (
            not r.is_overdue(today),
            r.status != Referral.Status.PENDING,
            r.due_on if r.status == Referral.Status.PENDING else datetime.date.max,
            -r.created_at.timestamp(),
        ),
    )


def outgoing(user: User, today: datetime.date, limit: int = 200) -> list[Referral]:
    """Referrals sent by the user's organisations: overdue first, then waiting, then others."""
    organisation_ids = permissions.organisation_ids_for(user, Perm.VIEW_CASES)
    found = referrals_visible_to(user).filter(from_organisation_id__in=organisation_ids)
    return _overdue_first(list(found.order_by("-created_at")[:limit]), today)


def incoming(user: User, today: datetime.date, limit: int = 200) -> list[Referral]:
    """Referrals sent to the user's organisations: overdue first, then waiting, then others."""
    organisation_ids = permissions.organisation_ids_for(user, Perm.VIEW_CASES)
    found = referrals_visible_to(user).filter(to_organisation_id__in=organisation_ids)
    return _overdue_first(list(found.order_by("-created_at")[:limit]), today)


def of_case(user: User, case: Any) -> list[Referral]:
    """The referrals and transfers of ``case`` that ``user``'s organisation sent or received,
    newest first, for the case page (whose reader already holds the case)."""
    return list(referrals_visible_to(user).filter(case=case).order_by("-created_at"))


@dataclass(frozen=True)
class CaseTimelineEntry:
    at: datetime.datetime
    kind: str  # "referral"
    by: str
    item: ReferralEvent


def case_timeline(referrals: list[Referral]) -> list[CaseTimelineEntry]:
    """One timeline entry per change of each referral (sent, accepted, declined …)."""
    events = ReferralEvent.objects.filter(referral__in=referrals).select_related(
        "by", "by_organisation"
    )
    by_pk = {referral.pk: referral for referral in referrals}
    entries = []
    for event in events:
        referral = event.referral = by_pk[event.referral_id]
        # The receiver's staff are named by their organisation, as on the referral's history.
        own = event.by_organisation_id == referral.from_organisation_id
        by = event.by.username if own else event.by_organisation.name
        entries.append(CaseTimelineEntry(event.at, "referral", by, event))
    return entries


def history(referral: Referral) -> list[ReferralEvent]:
    return list(referral.events.select_related("by", "by_organisation"))


# --- what the receiver sees ------------------------------------------------------------------


@dataclass(frozen=True)
class SharedItem:
    name: str
    label: str
    value: Any


LABELS: dict[str, Any] = {
    "first_name": _("First name"),
    "age_group": _("Age group"),
    "needs": _("Needs"),
    "message": _("Message from the sender"),
    "sex": _("Sex"),
    "identification_status": _("Identification status"),
    "languages": _("Languages"),
    "nationality": _("Nationality"),
    "summary": _("Summary"),
    "name": _("Name"),
    "name_latin": _("Name in Latin letters"),
    "birth_date": _("Date of birth"),
    "phone": _("Phone"),
    "address": _("Address"),
}


def _value(referral: Referral, name: str) -> Any:
    person = referral.case.person
    kinds = dict(Service.Kind.choices)
    values: dict[str, Any] = {
        "first_name": lambda: sharing.first_name(person.name),
        "age_group": lambda: person.age_group,
        "needs": lambda: [str(kinds.get(code, code)) for code in referral.need_codes],
        "message": lambda: referral.message,
        "sex": lambda: person.get_sex_display(),
        "identification_status": lambda: referral.case.get_status_display(),
        "languages": lambda: person.languages,
        "nationality": lambda: person.nationality,
        "summary": lambda: referral.summary,
        "name": lambda: person.name,
        "name_latin": lambda: person.name_latin,
        "birth_date": lambda: person.birth_date,
        "phone": lambda: person.phone,
        "address": lambda: person.address,
    }
    return values[name]()


def shared_record(referral: Referral) -> list[SharedItem]:
    """Exactly what the referral's sharing level shares, in order; nothing when the referral
    no longer shares data (declined or withdrawn). Callers audit the view."""
    if not referral.shares_data:
        return []
    return [
        SharedItem(name, str(LABELS[name]), _value(referral, name))
        for name in referral.shared_fields
    ]


# --- counts, never names ---------------------------------------------------------------------


def _days(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 86400


def median_days_to_acceptance(referrals: QuerySet[Referral]) -> float | None:
    """Median of the days from sending to acceptance, over referrals ever accepted (those
    completed included); None when none was accepted."""
    waits = [
        _days(accepted - created)
        for created, accepted in referrals.filter(accepted_at__isnull=False).values_list(
            "created_at", "accepted_at"
        )
        if accepted is not None
    ]
    return round(statistics.median(waits), 1) if waits else None


def report_counts(
    countries: frozenset[str] | set[str] | list[str], start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Counts of referrals sent between ``start`` and ``end`` (inclusive) from or to
    ``countries`` (alpha-2 codes), for the programme report and the statistics page.

    Returns ``total``, ``by_status`` and ``by_service_type`` (dicts of counts; referrals to an
    organisation rather than a service count under ``"organisation"``, transfers under
    ``"transfer"``), ``cross_border``, ``transfers``, ``overdue`` (waiting past their due date
    now), ``completed``, ``completion_rate`` (completed ÷ ever accepted, or None) and
    ``median_days_to_acceptance`` (or None). No names, no codes.
    """
    codes = [code.upper() for code in countries]
    found = Referral.objects.filter(
        Q(from_country__code__in=codes) | Q(to_country__code__in=codes),
        created_at__date__gte=start,
        created_at__date__lte=end,
    )
    rows = list(found.values_list("status", "kind", "service__kind", "cross_border", "due_on"))
    by_status = {str(status): 0 for status in machine.Status}
    by_type: dict[str, int] = {}
    today = timezone.localdate()
    overdue = 0
    for status, kind, service_kind, _cross, due_on in rows:
        by_status[status] += 1
        key = "transfer" if kind == Referral.Kind.TRANSFER else (service_kind or "organisation")
        by_type[key] = by_type.get(key, 0) + 1
        if status == Referral.Status.PENDING and due_on < today:
            overdue += 1
    ever_accepted = found.filter(accepted_at__isnull=False).count()
    completed = by_status[machine.Status.COMPLETED]
    return {
        "total": len(rows),
        "by_status": by_status,
        "by_service_type": dict(sorted(by_type.items())),
        "cross_border": sum(1 for row in rows if row[3]),
        "transfers": sum(1 for row in rows if row[1] == Referral.Kind.TRANSFER),
        "overdue": overdue,
        "completed": completed,
        "completion_rate": round(completed / ever_accepted, 3) if ever_accepted else None,
        "median_days_to_acceptance": median_days_to_acceptance(found),
        "ever_accepted": ever_accepted,
    }


def people_referred(
    countries: frozenset[str] | set[str] | list[str], start: datetime.date, end: datetime.date
) -> dict[str, dict[str, int]]:
    """People (each once, however many referrals) referred between ``start`` and ``end``
    (inclusive) from ``countries``, by age band (CTDC ageBroad, as for all people in cases)
    and sex: ``{band: {sex: count}}``. Transfers count as referrals of the person."""
    codes = [code.upper() for code in countries]
    rows = (
        Referral.objects.filter(
            from_country__code__in=codes, created_at__date__gte=start, created_at__date__lte=end
        )
        .values_list("case__person_id", "case__person__age_group", "case__person__sex")
        .distinct()
    )
    grid: dict[str, dict[str, int]] = {}
    for _person, band, sex in rows:
        grid.setdefault(band, {})
        grid[band][sex] = grid[band].get(sex, 0) + 1
    return grid


def counts_for(user: User, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """``report_counts`` over the countries whose aggregates the user may see."""
    return report_counts(permissions.countries_for(user, Perm.VIEW_AGGREGATES), start, end)

"""Reading the audit trail, scoped to the data protection officer's reach."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Perm
from ctis.audit.models import AuditEvent


def events_visible_to(user: User) -> QuerySet[AuditEvent]:
    """All events for a regional DPO; a national DPO sees those of their country's organisations."""
    countries = permissions.countries_for(user, Perm.VIEW_AUDIT)
    if not countries:
        return AuditEvent.objects.none()
    if countries == permissions.ALL_COUNTRIES:
        return AuditEvent.objects.all()
    organisation_ids = [
        str(public_id)
        for public_id in Organisation.objects.filter(country__code__in=countries).values_list(
            "public_id", flat=True
        )
    ]
    return AuditEvent.objects.filter(organisation_id__in=organisation_ids)


#: Functions that, given a code, return the codes of the same subject's other records (a
#: case's person, a person's cases). Apps above the audit register theirs in ``ready()``, so
#: the audit needs to import none of them.
RELATED_CODES: list[Callable[[str], set[str]]] = []


def register_related_codes(resolver: Callable[[str], set[str]]) -> None:
    if resolver not in RELATED_CODES:
        RELATED_CODES.append(resolver)


def codes_for(code: str) -> set[str]:
    """``code`` and the codes of the same subject's other records, upper-cased."""
    code = code.strip().upper()
    found = {code}
    for resolver in RELATED_CODES:
        found |= {c.upper() for c in resolver(code)}
    return found


def search(
    events: QuerySet[AuditEvent],
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Filter events; dates are whole days in the server's time zone, ``until`` inclusive.

    ``object_id`` is any code of the subject: a case code also finds the events on its person
    (views of the case page are logged under the person's code), and a person code those on
    their cases (``RELATED_CODES``).
    """
    if actor:
        events = events.filter(actor_username__iexact=actor.strip())
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        # A case's views are logged under its person's code, with the case in the detail:
        # any of the subject's codes finds them all, whichever code the DPO has.
        codes = codes_for(object_id)
        mentioned = Q()
        for code in codes:  # random codes: a mention in the detail is of this record
            mentioned |= Q(detail__contains=code)
        events = events.filter(Q(object_id__in=codes) | mentioned)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        events = events.filter(occurred_at__lt=end)
    return events.order_by("-seq")

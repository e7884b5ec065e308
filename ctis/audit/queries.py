"""Reading the audit trail, scoped to the data protection officer's reach."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
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
    """Filter events; dates are whole days in the server's time zone, ``until`` inclusive."""
    if actor:
        events = events.filter(actor_username__iexact=actor)
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        events = events.filter(occurred_at__lt=end)
    return events.order_by("-seq")

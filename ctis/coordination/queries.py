"""Reading coordination data: scoped lookups for pages and counts for the programme report.

Who sees what (MANAGE_PROGRAMME): national meetings in the user's countries; regional meetings
everywhere (every country takes part in them); who may change them is decided in ``actions``.
Focal points are seen by all signed-in staff (VIEW_DIRECTORY) and managed in the user's
countries.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.coordination import actions, rules
from ctis.coordination.models import ActionItem, FocalPoint, Meeting


def countries_for(user: User) -> frozenset[str]:
    return permissions.countries_for(user, Perm.MANAGE_PROGRAMME)


def _meeting_scope(user: User, prefix: str = "") -> Q:
    if not permissions.can(user, Perm.MANAGE_PROGRAMME):
        return Q(pk__in=[])
    return Q(**{f"{prefix}level": Meeting.Level.REGIONAL}) | Q(
        **{f"{prefix}host_country__code__in": countries_for(user)}
    )


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    today = timezone.localdate()
    pending = [s.value for s in rules.PENDING]
    return (
        Meeting.objects.filter(_meeting_scope(user))
        .select_related("host_country", "recorded_by__country")
        .annotate(
            item_count=Count("action_items", distinct=True),
            done_count=Count(
                "action_items",
                filter=Q(action_items__status=ActionItem.Status.DONE),
                distinct=True,
            ),
            overdue_count=Count(
                "action_items",
                filter=Q(action_items__status__in=pending, action_items__due_date__lt=today),
                distinct=True,
            ),
        )
    )


def get_meeting_for(user: User, public_id: uuid.UUID | str) -> Meeting:
    meeting = (
        Meeting.objects.filter(_meeting_scope(user), public_id=public_id)
        .select_related("host_country", "recorded_by__country")
        .prefetch_related("organisations__country")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def action_items_visible_to(user: User) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(_meeting_scope(user, "meeting__")).select_related(
        "meeting__host_country", "meeting__recorded_by__country", "owner__country"
    )


def get_action_item_for(user: User, public_id: uuid.UUID | str) -> ActionItem:
    item = action_items_visible_to(user).filter(public_id=public_id).first()
    if item is None:
        raise Http404
    return item


def overdue(items: QuerySet[ActionItem], today: date | None = None) -> QuerySet[ActionItem]:
    return items.filter(
        status__in=[s.value for s in rules.PENDING], due_date__lt=today or timezone.localdate()
    )


def can_manage_meeting(user: User, meeting: Meeting) -> bool:
    return actions.may_manage_meeting(Actor(user=user), meeting)


def can_follow_up(user: User, item: ActionItem) -> bool:
    return actions.may_follow_up(Actor(user=user), item)


def active_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).select_related("country")


def focal_points_visible_to(user: User) -> QuerySet[FocalPoint]:
    if not permissions.can(user, Perm.VIEW_DIRECTORY):
        return FocalPoint.objects.none()
    return FocalPoint.objects.filter(is_active=True).select_related("country", "organisation")


def get_focal_point_to_manage(user: User, public_id: uuid.UUID | str) -> FocalPoint:
    point = (
        FocalPoint.objects.filter(public_id=public_id, country__code__in=countries_for(user))
        .select_related("country", "organisation")
        .first()
    )
    if point is None:
        raise Http404
    return point


# --- For the programme report -----------------------------------------------------------------
def meetings_for_report(
    *,
    countries: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Meeting]:
    """Meetings held within [start, end] (inclusive) that ``countries`` took part in (None:
    the region): hosted there, or attended by one of their organisations (a regional meeting
    in Podgorica attended by Albanian organisations is in Albania's report). Each once."""
    meetings = Meeting.objects.all()
    if countries is not None:
        codes = [c.upper() for c in countries]
        meetings = Meeting.objects.filter(
            pk__in=Meeting.objects.filter(
                Q(host_country__code__in=codes) | Q(organisations__country__code__in=codes)
            ).values("pk")
        )
    if start is not None:
        meetings = meetings.filter(date__gte=start)
    if end is not None:
        meetings = meetings.filter(date__lte=end)
    return meetings


def meeting_counts(meetings: QuerySet[Meeting]) -> dict[str, object]:
    """``{"total", "regional", "national", "by_country"}`` (host country codes)."""
    rows = list(meetings.values_list("level", "host_country__code"))
    levels = Counter(level for level, _code in rows)
    return {
        "total": len(rows),
        "regional": levels.get(Meeting.Level.REGIONAL, 0),
        "national": levels.get(Meeting.Level.NATIONAL, 0),
        "by_country": dict(sorted(Counter(code for _level, code in rows).items())),
    }


def action_item_counts(
    items: QuerySet[ActionItem], today: date | None = None
) -> dict[str, int | float | None]:
    """Counts by status, overdue, and the share completed (done of those not dropped)."""
    today = today or timezone.localdate()
    rows = list(items.values_list("status", "due_date"))
    by_status = Counter(status for status, _due in rows)
    counts: dict[str, int | float | None] = {
        s.value: by_status.get(s.value, 0) for s in rules.Status
    }
    counts["total"] = len(rows)
    counts["overdue"] = sum(1 for status, due in rows if rules.is_overdue(status, due, today))
    live = len(rows) - by_status.get(rules.Status.DROPPED, 0)
    counts["completed_share"] = by_status.get(rules.Status.DONE, 0) / live if live else None
    return counts


def action_items_for_report(
    *,
    countries: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[ActionItem]:
    """Action items agreed at the meetings ``meetings_for_report`` selects."""
    return ActionItem.objects.filter(
        meeting__in=meetings_for_report(countries=countries, start=start, end=end)
    )

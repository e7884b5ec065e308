"""The only write path for coordination. Each action is atomic, permission-checked and audited.

A meeting is managed (changed, given action items) by holders of MANAGE_PROGRAMME in its host
country and by regional roles. National meetings are logged only in the user's countries.
Regional meetings belong to all six countries: any holder of MANAGE_PROGRAMME may log one (a
programme officer in Tirana records the meeting held in Podgorica), and the programme managers
of the country that logged it may manage it too; the others read it. Every change is audited.
An action item may be followed up by those who manage its meeting and by programme managers in
the owner organisation's country. Focal points are managed with MANAGE_PROGRAMME in their
country.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Country, Organisation
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.coordination import rules
from ctis.coordination.models import ActionItem, FocalPoint, FollowUp, Meeting

MEETING_FIELDS = (
    "title",
    "level",
    "date",
    "host_country",
    "place",
    "other_participants",
    "agenda",
    "minutes",
    "decisions",
)
ACTION_ITEM_FIELDS = ("description", "owner", "due_date")
FOCAL_POINT_FIELDS = (
    "country",
    "name",
    "organisation",
    "role",
    "phone",
    "email",
    "languages",
    "handles",
    "notes",
    "is_active",
)


def _deny(actor: Actor) -> PermissionDenied:
    return audit.denial(actor, "manage_programme")


def _require_country(actor: Actor, code: str) -> None:
    if actor.user is not None and not permissions.can_in_country(
        actor.user, Perm.MANAGE_PROGRAMME, code
    ):
        raise _deny(actor)


def may_manage_meeting(actor: Actor, meeting: Meeting) -> bool:
    """The host country's programme managers and regional roles; for a regional meeting, also
    the programme managers of the country that logged it."""
    if actor.user is None:
        return True
    if permissions.can_in_country(actor.user, Perm.MANAGE_PROGRAMME, meeting.host_country.code):
        return True
    recorder = meeting.recorded_by
    return (
        meeting.level == Meeting.Level.REGIONAL
        and recorder is not None
        and recorder.country is not None
        and permissions.can_in_country(actor.user, Perm.MANAGE_PROGRAMME, recorder.country.code)
    )


def _may_hold(actor: Actor, level: str, host_country: str) -> bool:
    """Whether the actor may log a meeting of ``level`` hosted in ``host_country``."""
    if actor.user is None:
        return True
    if level == Meeting.Level.REGIONAL:
        return permissions.can(actor.user, Perm.MANAGE_PROGRAMME)
    return permissions.can_in_country(actor.user, Perm.MANAGE_PROGRAMME, host_country)


def may_follow_up(actor: Actor, item: ActionItem) -> bool:
    if may_manage_meeting(actor, item.meeting):
        return True
    owner_country = item.owner.country.code if item.owner.country else None
    return permissions.can_in_country(actor.user, Perm.MANAGE_PROGRAMME, owner_country)


def _record(actor: Actor, action: Any, kind: str, public_id: object, fields: Iterable[str]) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=kind,
        object_id=str(public_id),
        changed_fields=list(fields),
    )


# --- Meetings ---------------------------------------------------------------------------------
def create_meeting(
    *,
    actor: Actor,
    data: Mapping[str, Any],
    organisations: Iterable[Organisation] = (),
) -> Meeting:
    """Log a meeting from validated ``data`` (keys from MEETING_FIELDS)."""
    if not _may_hold(actor, data["level"], data["host_country"].code):
        raise _deny(actor)
    with transaction.atomic():
        meeting = Meeting(**{k: v for k, v in data.items() if k in MEETING_FIELDS})
        meeting.recorded_by = actor.user.organisation if actor.user is not None else None
        meeting.full_clean()
        meeting.save()
        meeting.organisations.set(list(organisations))
        _record(
            actor,
            audit.Action.CREATE,
            "meeting",
            meeting.public_id,
            [*(k for k in data if k in MEETING_FIELDS), "organisations", "recorded_by"],
        )
    return meeting


def update_meeting(
    *,
    actor: Actor,
    meeting: Meeting,
    data: Mapping[str, Any],
    organisations: Iterable[Organisation] | None = None,
) -> list[str]:
    if not may_manage_meeting(actor, meeting):
        raise _deny(actor)
    level = data.get("level", meeting.level)
    host = data.get("host_country", meeting.host_country)
    if not _may_hold(actor, level, host.code):
        raise _deny(actor)
    changed = [k for k in MEETING_FIELDS if k in data and getattr(meeting, k) != data[k]]
    with transaction.atomic():
        for name in changed:
            setattr(meeting, name, data[name])
        if organisations is not None:
            wanted = {o.pk for o in organisations}
            if wanted != set(meeting.organisations.values_list("pk", flat=True)):
                meeting.organisations.set(list(wanted))
                changed.append("organisations")
        if changed:
            meeting.full_clean()
            meeting.save()
            _record(actor, audit.Action.UPDATE, "meeting", meeting.public_id, changed)
    return changed


# --- Action items -----------------------------------------------------------------------------
def add_action_item(
    *, actor: Actor, meeting: Meeting, description: str, owner: Organisation, due_date: date
) -> ActionItem:
    """Add an open action item to a meeting the actor manages."""
    if not may_manage_meeting(actor, meeting):
        raise _deny(actor)
    with transaction.atomic():
        item = ActionItem(meeting=meeting, description=description, owner=owner, due_date=due_date)
        item.full_clean()
        item.save()
        _record(actor, audit.Action.CREATE, "action_item", item.public_id, ACTION_ITEM_FIELDS)
    return item


def update_action_item(*, actor: Actor, item: ActionItem, data: Mapping[str, Any]) -> list[str]:
    if not may_manage_meeting(actor, item.meeting):
        raise _deny(actor)
    changed = [k for k in ACTION_ITEM_FIELDS if k in data and getattr(item, k) != data[k]]
    with transaction.atomic():
        if changed:
            for name in changed:
                setattr(item, name, data[name])
            item.full_clean()
            item.save()
            _record(actor, audit.Action.UPDATE, "action_item", item.public_id, changed)
    return changed


def add_follow_up(
    *,
    actor: Actor,
    item: ActionItem,
    note: str,
    status: str | None = None,
    on: date | None = None,
) -> FollowUp:
    """Add a dated note and, if ``status`` differs, change the item's status.

    The change must be in ``rules.ALLOWED_TRANSITIONS`` (ValidationError otherwise). The
    follow-up row is the history of the change; one audit event names the changed fields.
    """
    if not may_follow_up(actor, item):
        raise _deny(actor)
    new = status or item.status
    if not rules.can_change(item.status, new):
        raise ValidationError({"status": f"an action item cannot go from {item.status} to {new}"})
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        follow_up = FollowUp.objects.create(
            action_item=item,
            date=on or timezone.localdate(),
            note=note,
            status_before=item.status,
            status_after=new,
            author=actor.user,
        )
        changed = ["follow_ups"]
        if new != item.status:
            item.status = new
            item.status_changed_at = timezone.now()
            item.save(update_fields=["status", "status_changed_at"])
            changed.append("status")
        _record(actor, audit.Action.UPDATE, "action_item", item.public_id, changed)
    return follow_up


# --- Focal points -----------------------------------------------------------------------------
def create_focal_point(*, actor: Actor, data: Mapping[str, Any]) -> FocalPoint:
    country: Country = data["country"]
    _require_country(actor, country.code)
    with transaction.atomic():
        point = FocalPoint(**{k: v for k, v in data.items() if k in FOCAL_POINT_FIELDS})
        point.full_clean()
        point.save()
        _record(
            actor,
            audit.Action.CREATE,
            "focal_point",
            point.public_id,
            [k for k in data if k in FOCAL_POINT_FIELDS],
        )
    return point


def update_focal_point(*, actor: Actor, point: FocalPoint, data: Mapping[str, Any]) -> list[str]:
    _require_country(actor, point.country.code)
    if "country" in data:
        _require_country(actor, data["country"].code)
    changed = [k for k in FOCAL_POINT_FIELDS if k in data and getattr(point, k) != data[k]]
    with transaction.atomic():
        if changed:
            for name in changed:
                setattr(point, name, data[name])
            point.full_clean()
            point.save()
            _record(actor, audit.Action.UPDATE, "focal_point", point.public_id, changed)
    return changed

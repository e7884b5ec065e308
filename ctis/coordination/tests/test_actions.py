from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import SYSTEM, _country
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.coordination import actions, queries
from ctis.coordination.models import ActionItem, FocalPoint
from ctis.coordination.tests.conftest import item


def test_logging_a_meeting_is_audited(coordinator, national_mk):
    assert AuditEvent.objects.filter(
        action="create", object_type="meeting", object_id=str(national_mk.public_id)
    ).exists()


def test_a_follow_up_changes_status_keeps_history_and_is_audited(
    coordinator, regional_me, organisations
):
    entry = item(regional_me, organisations["office_mk"], -3)
    assert entry.overdue
    actions.add_follow_up(
        actor=Actor(user=coordinator), item=entry, note="Sent the draft.", status="done"
    )
    entry.refresh_from_db()
    assert entry.status == ActionItem.Status.DONE
    assert not entry.overdue
    [follow_up] = entry.follow_ups.all()
    assert (follow_up.status_before, follow_up.status_after) == ("open", "done")
    assert follow_up.author == coordinator
    event = AuditEvent.objects.get(action="update", object_id=str(entry.public_id))
    assert event.changed_fields == ["follow_ups", "status"]


def test_a_change_outside_the_table_is_refused(regional_me, organisations):
    entry = item(regional_me, organisations["office_mk"], 5)
    actions.add_follow_up(actor=SYSTEM, item=entry, note="Done.", status="done")
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.add_follow_up(actor=SYSTEM, item=entry, note="Drop it.", status="dropped")


def test_an_owner_in_another_country_may_follow_up_but_not_add_items(
    coordinator, national_rs, organisations
):
    # A national meeting in Serbia that gave North Macedonia's office an action item.
    entry = item(national_rs, organisations["office_mk"], 5)
    actor = Actor(user=coordinator)
    actions.add_follow_up(actor=actor, item=entry, note="On it.", status="in_progress")
    with pytest.raises(PermissionDenied):
        actions.add_action_item(
            actor=actor,
            meeting=national_rs,
            description="x",
            owner=organisations["office_mk"],
            due_date=timezone.localdate(),
        )


def test_action_item_counts_for_the_report(regional_me, organisations):
    owner = organisations["office_mk"]
    overdue_open = item(regional_me, owner, -10)
    item(regional_me, owner, -1)  # overdue too
    done_late = item(regional_me, owner, -20)
    dropped = item(regional_me, owner, -20)
    item(regional_me, owner, 10)
    actions.add_follow_up(actor=SYSTEM, item=done_late, note="Done.", status="done")
    actions.add_follow_up(actor=SYSTEM, item=dropped, note="No budget.", status="dropped")
    actions.add_follow_up(actor=SYSTEM, item=overdue_open, note="Started.", status="in_progress")
    counts = queries.action_item_counts(queries.action_items_for_report(countries=["ME"]))
    assert counts == {
        "open": 2,
        "in_progress": 1,
        "done": 1,
        "dropped": 1,
        "total": 5,
        "overdue": 2,
        "completed_share": 0.25,
    }
    assert (
        queries.action_item_counts(queries.action_items_for_report(countries=["AL"]))["total"] == 0
    )
    # Eleven days on, the item due in ten days is overdue as well.
    later = timezone.localdate() + timedelta(days=11)
    assert (
        queries.action_item_counts(queries.action_items_for_report(), today=later)["overdue"] == 3
    )


def test_meeting_counts_by_level_and_host_country(regional_me, national_rs, national_mk):
    counts = queries.meeting_counts(queries.meetings_for_report())
    assert counts == {
        "total": 3,
        "regional": 1,
        "national": 2,
        "by_country": {"ME": 1, "MK": 1, "RS": 1},
    }
    start = timezone.localdate() - timedelta(days=10)
    assert queries.meeting_counts(queries.meetings_for_report(start=start))["total"] == 0


def test_a_coordinator_manages_focal_points_only_in_their_country(coordinator, organisations):
    actor = Actor(user=coordinator)
    point = actions.create_focal_point(
        actor=actor,
        data={
            "country": _country("MK"),
            "name": "Test Focal",
            "organisation": organisations["office_mk"],
            "role": "Referral officer",
            "email": "focal@example.invalid",
            "languages": "mk sq",
            "handles": "referral",
        },
    )
    assert AuditEvent.objects.filter(action="create", object_id=str(point.public_id)).exists()
    with pytest.raises(PermissionDenied):
        actions.create_focal_point(
            actor=actor,
            data={
                "country": _country("RS"),
                "name": "Test Other",
                "organisation": organisations["ngo_rs"],
                "role": "x",
                "email": "other@example.invalid",
                "languages": "sr",
                "handles": "referral",
            },
        )
    assert FocalPoint.objects.count() == 1

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import SYSTEM, _country
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.training import actions
from ctis.training.models import Attendance, Module
from ctis.training.tests.conftest import add


def test_creating_a_session_is_audited_without_values(coordinator, organisations, modules):
    session = actions.create_session(
        actor=Actor(user=coordinator),
        title="Test Ohrid referral",
        country=_country("MK"),
        place="Ohrid",
        start_date=date(2026, 9, 1),
        end_date=date(2026, 9, 1),
        organiser=organisations["office_mk"],
        modules=[modules["referral"]],
    )
    event = AuditEvent.objects.get(action="create", object_type="training_session")
    assert event.object_id == str(session.public_id)
    assert event.actor_username == "elena"
    assert "title" in event.changed_fields
    assert "Ohrid" not in event.detail


def test_a_coordinator_cannot_create_a_session_in_another_country(
    coordinator, organisations, modules
):
    with pytest.raises(PermissionDenied):
        actions.create_session(
            actor=Actor(user=coordinator),
            title="Test Novi Sad",
            country=_country("RS"),
            place="Novi Sad",
            start_date=date(2026, 9, 1),
            end_date=date(2026, 9, 2),
            organiser=organisations["ngo_rs"],
            modules=[],
        )
    assert AuditEvent.objects.filter(action="permission_denied", actor_username="elena").exists()


def test_recording_scores_audits_each_changed_participant_and_names_the_fields(session_mk):
    ana = add(session_mk, "Ana Test", pre=40)
    bojan = add(session_mk, "Bojan Test", pre=50, post=60)
    changed = actions.record_scores(
        actor=SYSTEM,
        session=session_mk,
        scores={ana.public_id: (40, 75), bojan.public_id: (50, 60)},
    )
    assert changed == 1
    ana.refresh_from_db()
    assert ana.post_score == 75
    event = AuditEvent.objects.filter(action="update", object_id=str(ana.public_id)).get()
    assert event.changed_fields == ["post_score"]
    assert not AuditEvent.objects.filter(action="update", object_id=str(bojan.public_id)).exists()


def test_a_score_above_100_is_refused(session_mk):
    ana = add(session_mk, "Ana Test")
    with pytest.raises(ValidationError):
        actions.record_scores(actor=SYSTEM, session=session_mk, scores={ana.public_id: (40, 101)})


def test_attendance_is_kept_per_day_and_days_outside_the_session_are_ignored(session_mk):
    ana = add(session_mk, "Ana Test")
    actions.record_attendance(
        actor=SYSTEM,
        session=session_mk,
        present={ana.public_id: [date(2026, 10, 13), date(2026, 10, 14), date(2026, 10, 20)]},
    )
    assert sorted(Attendance.objects.values_list("day", flat=True)) == [
        date(2026, 10, 13),
        date(2026, 10, 14),
    ]
    actions.record_attendance(
        actor=SYSTEM, session=session_mk, present={ana.public_id: [date(2026, 10, 14)]}
    )
    assert list(Attendance.objects.values_list("day", flat=True)) == [date(2026, 10, 14)]
    assert (
        AuditEvent.objects.filter(
            action="update", object_id=str(ana.public_id), changed_fields=["attendance"]
        ).count()
        == 2
    )


def test_shortening_a_session_drops_attendance_on_days_it_no_longer_has(session_mk):
    ana = add(session_mk, "Ana Test")
    actions.record_attendance(
        actor=SYSTEM, session=session_mk, present={ana.public_id: session_mk.days}
    )
    actions.update_session(actor=SYSTEM, session=session_mk, data={"end_date": date(2026, 10, 13)})
    assert list(Attendance.objects.values_list("day", flat=True)) == [date(2026, 10, 13)]


def test_removing_a_participant_is_audited(session_mk):
    ana = add(session_mk, "Ana Test")
    public_id = ana.public_id
    actions.remove_participant(actor=SYSTEM, participant=ana)
    assert AuditEvent.objects.filter(action="delete", object_id=str(public_id)).exists()


def test_a_module_whose_certificate_wording_mentions_victims_is_refused(db):
    with pytest.raises(ValidationError):
        actions.create_module(
            actor=SYSTEM,
            code="victim-support",
            title="Victim support",
            certificate_title="Support to victims",
        )
    assert not Module.objects.filter(code="victim-support").exists()


def test_standard_modules_are_seeded_once(modules):
    assert actions.ensure_standard_modules(actor=SYSTEM) == []
    assert "screening-identification" in modules
    assert all("victim" not in m.certificate_title.lower() for m in modules.values())

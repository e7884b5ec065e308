"""The audit trail is append-only and tampering is found at the first broken link."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from ctis.audit import actions as audit
from ctis.audit.chain import GENESIS, HASHED_FIELDS, link_hash
from ctis.audit.context import Actor
from ctis.audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def trail(caseworker):
    """Ten events after the personas' own creation events."""
    actor = Actor(user=caseworker, client_address="10.0.0.7")
    for n in range(10):
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="case",
            object_id=f"CASE-{n}",
            changed_fields=["status", "notes"],
        )
    return AuditEvent.objects.order_by("seq")


def _drop_triggers() -> None:
    """What an attacker with database access does first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent")


def test_each_event_links_to_the_one_before(trail):
    events = list(trail)
    assert events[0].seq == 1
    assert events[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(events):
        assert after.seq == before.seq + 1
        assert after.prev_hash == before.hash
    assert audit.verify() is None


def test_an_event_records_who_where_and_which_fields_but_no_values(trail, caseworker):
    event = trail.last()
    assert event.actor_id == str(caseworker.public_id)
    assert event.actor_username == "marko"
    assert event.roles == "caseworker"
    assert event.organisation_name == "Test NGO Beograd"
    assert event.client_address == "10.0.0.7"
    assert event.changed_fields == ["notes", "status"]


def test_the_hash_is_keyed(trail, settings):
    event = trail.last()
    fields = {name: getattr(event, name) for name in ("seq", "actor_id")}
    assert fields  # the chain cannot be recomputed without the key:
    settings.AUDIT_KEY = "another key"
    assert audit.verify() is not None


def test_the_application_refuses_to_change_or_delete_events(trail):
    event = trail.first()
    event.detail = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=1).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_to_change_events(trail):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'x' WHERE seq = 3")


def test_an_edited_event_is_reported_as_the_first_broken_link(trail):
    _drop_triggers()
    target = trail[4].seq
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = 'CASE-X' WHERE seq = %s", [target])
    broken = audit.verify()
    assert broken is not None
    assert broken.seq == target
    assert "edited" in broken.reason


def test_an_event_rehashed_without_the_key_still_breaks_the_chain(trail):
    _drop_triggers()
    event = trail[4]
    forged = {name: getattr(event, name) for name in HASHED_FIELDS if name != "occurred_at"}
    forged["object_id"] = "CASE-X"
    forged["occurred_at"] = event.occurred_at.isoformat()
    new_hash = link_hash(b"a guessed key", forged)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_id = 'CASE-X', hash = %s WHERE seq = %s",
            [new_hash, event.seq],
        )
    broken = audit.verify()
    assert broken is not None
    assert broken.seq == event.seq


def test_a_deleted_event_is_reported(trail):
    _drop_triggers()
    target = trail[6].seq
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [target])
    broken = audit.verify()
    assert broken is not None
    assert broken.seq == target
    assert "missing" in broken.reason


def test_deleting_the_newest_events_is_reported(trail):
    _drop_triggers()
    last = trail.last().seq
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= %s", [last - 1])
    broken = audit.verify()
    assert broken is not None
    assert "ends early" in broken.reason


def test_the_verify_command_reports_an_intact_chain_and_a_broken_one(trail):
    out = io.StringIO()
    before = trail.count()
    call_command("audit", "verify", stdout=out)
    assert f"{before} events verified" in out.getvalue()
    # Each check is stored (for the DPO's page) and is itself an audit event.
    from ctis.audit.models import ChainCheck

    check = ChainCheck.objects.get()
    assert check.intact and check.events == before and check.checked_by == "ctis audit verify"
    assert trail.count() == before + 1
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET roles = 'supervisor' WHERE seq = 2")
    with pytest.raises(CommandError, match="chain broken at event 2"):
        call_command("audit", "verify")

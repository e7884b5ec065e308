from __future__ import annotations

from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent


def _views_of(user, object_id: str, times: int) -> None:
    for _ in range(times):
        audit.record(
            actor=Actor(user=user),
            action=audit.Action.VIEW,
            object_type="case",
            object_id=object_id,
        )


def test_dpo_finds_who_opened_a_record(verified_client, dpo, caseworker, supervisor):
    _views_of(caseworker, "CASE-7F3K", 2)
    _views_of(supervisor, "CASE-7F3K", 1)
    _views_of(caseworker, "CASE-OTHER", 1)
    client = verified_client(dpo)
    response = client.get(
        "/audit/", {"object_type": "case", "object_id": "CASE-7F3K", "action": "view"}
    )
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [row.actor_username for row in rows] == ["sanja", "marko", "marko"]
    # Searching the trail is itself recorded, naming the filters but not their values.
    search = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).latest("seq")
    assert search.actor_username == "dragan"
    assert search.detail == "action,object_id,object_type"


def test_a_caseworker_cannot_read_the_audit_log_and_the_attempt_is_recorded(
    verified_client, caseworker
):
    response = verified_client(caseworker).get("/audit/")
    assert response.status_code == 403
    denial = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).latest("seq")
    assert denial.actor_username == "marko"
    assert denial.detail == "view_audit:audit:search"


def test_a_reversed_date_range_is_explained_on_the_field(verified_client, dpo):
    response = verified_client(dpo).get("/audit/", {"since": "2026-05-02", "until": "2026-05-01"})
    assert "The end date is before the start date." in response.content.decode()

"""Break-glass: an administrator reaches one case's page, read only, for 60 minutes, with a
written reason; every start and view is audited and the DPO sees every grant."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from ctis.audit import actions as audit_actions
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.cases import breakglass, queries
from ctis.cases.models import BreakGlassGrant
from ctis.cases.tests.conftest import NAME_CYRILLIC, open_case

REASON = "Caseworker locked out during an emergency placement; needs the phone number."


def _start(user, case, **kwargs):  # type: ignore[no-untyped-def]
    return breakglass.start(actor=Actor(user=user), case_code=case.code, reason=REASON, **kwargs)


def test_no_access_without_a_grant(verified_client, admin_user, country_admin, case):
    for user in (admin_user, country_admin):
        client = verified_client(user)
        assert client.get(f"/cases/{case.code}/").status_code == 404
        assert client.get(f"/api/v1/cases/{case.public_id}/").status_code == 403
    assert not AuditEvent.objects.filter(action="view", object_type="person").exists()


def test_a_grant_opens_that_case_only_read_only_and_every_view_is_audited(
    verified_client, admin_user, caseworker, case
):
    other = open_case(caseworker, name="Мирјана Јовић", latin="Mirjana Jović")
    client = verified_client(admin_user)
    response = client.post(
        "/cases/break-glass/", {"case_code": case.code.lower(), "reason": REASON}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.code}/"
    grant = BreakGlassGrant.objects.get()
    assert grant.expires_at - grant.started_at == datetime.timedelta(minutes=60)
    created = AuditEvent.objects.get(action="create", object_type="break_glass")
    assert created.object_id == grant.code and created.detail == f"case:{case.code};minutes:60"
    assert "Caseworker" not in repr(created.__dict__)

    for _ in range(3):
        page = client.get(f"/cases/{case.code}/")
        assert page.status_code == 200
        body = page.content.decode()
        assert NAME_CYRILLIC in body and grant.code in body
        assert "Edit details" not in body and "Record a decision" not in body
    views = AuditEvent.objects.filter(action="view", object_id=case.person.code)
    assert views.count() == 3
    assert {e.detail for e in views} == {f"case:{case.code};break-glass:{grant.code}"}

    # Nothing else: the other case, the list, writes and the API stay closed.
    assert client.get(f"/cases/{other.code}/").status_code == 404
    assert client.get("/cases/").status_code == 403
    assert client.get(f"/cases/{case.code}/person/").status_code == 403
    assert client.post(f"/cases/{case.code}/notes/", {"text": "x"}).status_code == 403
    assert client.get(f"/api/v1/cases/{case.public_id}/").status_code == 403
    assert audit_actions.verify() is None


def test_the_reason_is_stored_encrypted(admin_user, case):
    _start(admin_user, case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM cases_breakglassgrant")
        (raw,) = cursor.fetchone()
    assert raw.startswith("e2:") and "locked" not in raw
    assert BreakGlassGrant.objects.get().reason == REASON


def test_a_grant_expires_after_60_minutes(verified_client, admin_user, case):
    now = timezone.now()
    grant = _start(admin_user, case, now=now)
    assert queries.active_grant(admin_user, case.code, now=now + datetime.timedelta(minutes=59))
    assert queries.active_grant(admin_user, case.code, now=grant.expires_at) is None
    assert (
        queries.active_grant(admin_user, case.code, now=now - datetime.timedelta(seconds=1)) is None
    )
    # A grant started 61 minutes ago no longer opens the page.
    BreakGlassGrant.objects.all().delete()
    _start(admin_user, case, now=now - datetime.timedelta(minutes=61))
    assert verified_client(admin_user).get(f"/cases/{case.code}/").status_code == 404


def test_a_grant_ended_early_closes_the_case_again(verified_client, admin_user, dpo, case):
    grant = _start(admin_user, case)
    client = verified_client(admin_user)
    assert client.get(f"/cases/{case.code}/").status_code == 200
    dpo_client = verified_client(dpo)
    listing = dpo_client.get("/cases/break-glass/grants/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert grant.code in body and REASON in body and admin_user.username in body
    assert dpo_client.post(f"/cases/break-glass/{grant.code}/end/").status_code == 302
    assert verified_client(admin_user).get(f"/cases/{case.code}/").status_code == 404
    ended = AuditEvent.objects.get(action="update", object_type="break_glass")
    assert ended.actor_username == dpo.username


def test_administrators_reach_only_their_countries(country_admin, case):
    with pytest.raises(ValidationError) as error:
        _start(country_admin, case)  # a Bosnian administrator, a Serbian case
    assert error.value.message_dict["case_code"] == [breakglass.NO_SUCH_CASE]
    with pytest.raises(ValidationError) as missing:
        breakglass.start(actor=Actor(user=country_admin), case_code="C-ZZZZZZ", reason=REASON)
    assert missing.value.message_dict == error.value.message_dict  # no hint it exists
    assert not BreakGlassGrant.objects.exists()
    assert AuditEvent.objects.filter(action="permission_denied").count() == 1


def test_a_reason_is_required(admin_user, case):
    with pytest.raises(ValidationError):
        breakglass.start(actor=Actor(user=admin_user), case_code=case.code, reason="because")


@pytest.mark.parametrize("persona", ["caseworker", "dpo", "coordinator"])
def test_only_administrators_ask_for_break_glass(request, verified_client, persona, case):
    user = request.getfixturevalue(persona)
    client = verified_client(user)
    response = client.post("/cases/break-glass/", {"case_code": case.code, "reason": REASON})
    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_only_the_dpo_sees_the_grants(verified_client, caseworker, admin_user, case):
    _start(admin_user, case)
    for user in (caseworker, admin_user):
        assert verified_client(user).get("/cases/break-glass/grants/").status_code == 403


def test_a_dpo_of_another_country_does_not_see_or_end_the_grant(
    verified_client, make_user, admin_user, case
):
    from ctis.accounts.roles import Role

    grant = _start(admin_user, case)
    client = verified_client(make_user("dpo_ba", Role.DPO, "office_ba"))
    assert grant.code not in client.get("/cases/break-glass/grants/").content.decode()
    assert client.post(f"/cases/break-glass/{grant.code}/end/").status_code == 404
    assert BreakGlassGrant.objects.get().ended_at is None

"""Who may change a coordination meeting (issue 20, defect 6), through the pages.

The host country's programme managers and regional roles may; for a regional meeting, so may
the programme managers of the country whose officer logged it (journey 6: Besa in Tirana logs
the meeting held in Podgorica). Other countries' managers read it and change nothing.
"""

from __future__ import annotations

from conftest import SYSTEM, _country
from ctis.accounts import actions as accounts
from ctis.accounts.models import Organisation
from ctis.accounts.roles import Role
from ctis.audit.models import AuditEvent
from ctis.coordination.models import Meeting


def _supervisor(username: str, country: str):
    office = accounts.create_organisation(
        actor=SYSTEM,
        name=f"Test Office {country}",
        kind=Organisation.Kind.NATIONAL_OFFICE,
        country=_country(country),
    )
    return accounts.create_user(
        actor=SYSTEM, username=username, organisation=office, roles=[Role.SUPERVISOR]
    )


def _edit(client, meeting, title):
    return client.post(
        f"/coordination/meetings/{meeting.public_id}/edit/",
        {
            "title": title,
            "level": meeting.level,
            "date": meeting.date.isoformat(),
            "host_country": meeting.host_country.code,
            "place": meeting.place,
        },
    )


def test_a_supervisor_in_bosnia_cannot_edit_a_meeting_hosted_by_montenegro(
    verified_client, regional_me, organisations
):
    client = verified_client(_supervisor("test.sup.ba", "BA"))
    assert client.get(f"/coordination/meetings/{regional_me.public_id}/").status_code == 200
    assert client.get(f"/coordination/meetings/{regional_me.public_id}/edit/").status_code == 403
    assert _edit(client, regional_me, "Test changed from Sarajevo").status_code == 403
    item = client.post(
        f"/coordination/meetings/{regional_me.public_id}/action-items/",
        {
            "description": "Test from Sarajevo",
            "owner": str(organisations["office_ba"].public_id),
            "due_date": "2026-12-01",
        },
    )
    assert item.status_code == 403
    regional_me.refresh_from_db()
    assert regional_me.title == "Test regional Podgorica"
    assert not regional_me.action_items.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).count() == 3


def test_the_host_countrys_supervisor_edits_it(verified_client, regional_me):
    client = verified_client(_supervisor("test.sup.me", "ME"))
    assert _edit(client, regional_me, "Test changed in Podgorica").status_code == 302
    regional_me.refresh_from_db()
    assert regional_me.title == "Test changed in Podgorica"


def test_the_country_that_logged_a_regional_meeting_keeps_managing_it(verified_client, db):
    besa = _supervisor("test.besa", "AL")
    client = verified_client(besa)
    response = client.post(
        "/coordination/meetings/new/",
        {
            "title": "Test logged in Tirana",
            "level": "regional",
            "date": "2026-11-20",
            "host_country": "ME",
            "place": "Podgorica",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Test logged in Tirana")
    assert meeting.recorded_by == besa.organisation
    assert _edit(client, meeting, "Test minutes added").status_code == 302
    outsider = verified_client(_supervisor("test.sup.rs2", "MK"))
    assert _edit(outsider, meeting, "Test from Skopje").status_code == 403

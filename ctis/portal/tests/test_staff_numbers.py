"""Administrators enter the real emergency numbers of their own country."""

from __future__ import annotations

from ctis.audit.models import AuditEvent
from ctis.portal.models import EmergencyNumber


def test_a_country_administrator_sets_a_number_shown_on_the_portal(
    verified_client, country_admin, countries, client
):
    staff = verified_client(country_admin)
    response = staff.post(
        "/help/staff/numbers/", {"country": "BA", "kind": "police", "number": "+000 122 99"}
    )
    assert response.status_code == 302
    assert EmergencyNumber.objects.get(country__code="BA", kind="police").number == "+000 122 99"
    event = AuditEvent.objects.filter(object_type="portal_emergency_number").first()
    assert (event.action, event.object_id) == ("create", "BA:police")
    staff.logout()
    assert "+000 122 99" in client.get("/help/fa/ba/").content.decode()


def test_an_empty_number_removes_it(verified_client, country_admin, numbers):
    verified_client(country_admin).post(
        "/help/staff/numbers/", {"country": "BA", "kind": "police", "number": ""}
    )
    assert not EmergencyNumber.objects.filter(country__code="BA", kind="police").exists()
    assert AuditEvent.objects.filter(
        object_type="portal_emergency_number", action="delete"
    ).exists()


def test_a_number_cannot_be_set_for_another_country(verified_client, country_admin, countries):
    response = verified_client(country_admin).post(
        "/help/staff/numbers/", {"country": "RS", "kind": "police", "number": "+000 1"}
    )
    assert response.status_code == 200  # the form offers only the administrator's countries
    assert not EmergencyNumber.objects.filter(country__code="RS").exists()


def test_a_number_is_digits_only(verified_client, country_admin, countries):
    response = verified_client(country_admin).post(
        "/help/staff/numbers/",
        {"country": "BA", "kind": "police", "number": "<script>"},
    )
    assert response.status_code == 200
    assert not EmergencyNumber.objects.exists()

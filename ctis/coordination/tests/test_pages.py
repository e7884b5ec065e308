from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from conftest import SYSTEM, _country
from ctis.audit.models import AuditEvent
from ctis.coordination import actions
from ctis.coordination.models import FocalPoint, Meeting
from ctis.coordination.tests.conftest import item


def test_a_coordinator_sees_regional_meetings_and_national_ones_of_their_country(
    verified_client, coordinator, regional_me, national_rs, national_mk
):
    html = verified_client(coordinator).get("/coordination/").content.decode()
    assert "Test regional Podgorica" in html
    assert "Test national Skopje" in html
    assert "Test national Belgrade" not in html


def test_a_national_meeting_of_another_country_is_not_found(
    verified_client, coordinator, national_rs, organisations
):
    client = verified_client(coordinator)
    entry = item(national_rs, organisations["ngo_rs"], 3)
    assert client.get(f"/coordination/meetings/{national_rs.public_id}/").status_code == 404
    assert client.get(f"/coordination/action-items/{entry.public_id}/").status_code == 404


def test_roles_without_the_programme_permission_are_refused(
    verified_client, caseworker, regional_me
):
    client = verified_client(caseworker)
    assert client.get("/coordination/").status_code == 403
    assert client.get(f"/coordination/meetings/{regional_me.public_id}/").status_code == 403


def test_wrong_methods_are_refused(verified_client, coordinator, regional_me):
    client = verified_client(coordinator)
    url = f"/coordination/meetings/{regional_me.public_id}/action-items/"
    assert client.get(url).status_code == 405
    assert client.post("/coordination/").status_code == 405


def test_a_programme_manager_of_another_country_adds_no_items_to_a_regional_meeting(
    verified_client, coordinator, regional_me, organisations
):
    """Issue 20, defect 6: Skopje reads the meeting hosted by Montenegro, changes nothing."""
    response = verified_client(coordinator).post(
        f"/coordination/meetings/{regional_me.public_id}/action-items/",
        {
            "description": "Test from Skopje",
            "owner": str(organisations["office_mk"].public_id),
            "due_date": "2026-12-01",
        },
    )
    assert response.status_code == 403
    assert not regional_me.action_items.exists()


def test_a_coordinator_cannot_log_a_national_meeting_in_another_country(
    verified_client, coordinator, organisations
):
    response = verified_client(coordinator).post(
        "/coordination/meetings/new/",
        {
            "title": "Test",
            "level": "national",
            "date": "2026-11-20",
            "host_country": "RS",
            "place": "Niš",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["host_country"] == [
        "You can log national meetings only in the countries you work in."
    ]
    assert not Meeting.objects.filter(title="Test").exists()


def test_overdue_items_are_flagged_on_the_meeting_and_in_the_list(
    verified_client, coordinator, national_mk, organisations
):
    item(national_mk, organisations["office_mk"], -5, "Test overdue thing")
    item(national_mk, organisations["office_mk"], 5, "Test future thing")
    client = verified_client(coordinator)
    html = client.get(f"/coordination/meetings/{national_mk.public_id}/").content.decode()
    assert html.count('class="is-overdue"') == 1
    assert "1 overdue" in html
    listed = client.get("/coordination/action-items/", {"overdue": "on"}).content.decode()
    assert "Test overdue thing" in listed
    assert "Test future thing" not in listed
    assert "1 action item" in listed


def test_a_coordinator_logs_a_meeting_and_adds_an_action_item(
    verified_client, coordinator, organisations
):
    client = verified_client(coordinator)
    response = client.post(
        "/coordination/meetings/new/",
        {
            "title": "Test Tetovo meeting",
            "level": "national",
            "date": "2026-11-20",
            "host_country": "MK",
            "place": "Tetovo",
            "organisations": [str(organisations["office_mk"].public_id)],
            "agenda": "Referrals",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get(title="Test Tetovo meeting")
    assert list(meeting.organisations.all()) == [organisations["office_mk"]]
    response = client.post(
        f"/coordination/meetings/{meeting.public_id}/action-items/",
        {
            "description": "Test send the list",
            "owner": str(organisations["office_mk"].public_id),
            "due_date": "2026-12-20",
        },
    )
    assert response.status_code == 302
    assert meeting.action_items.get().description == "Test send the list"
    assert AuditEvent.objects.filter(action="create", object_type="action_item").exists()


def test_an_invalid_action_item_is_explained_and_kept(
    verified_client, coordinator, national_mk, organisations
):
    response = verified_client(coordinator).post(
        f"/coordination/meetings/{national_mk.public_id}/action-items/",
        {"description": "Test keep me", "due_date": ""},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Test keep me" in html
    assert "This field is required." in html


def test_a_follow_up_is_added_from_the_item_page(
    verified_client, coordinator, national_mk, organisations
):
    entry = item(national_mk, organisations["office_mk"], -2)
    client = verified_client(coordinator)
    response = client.post(
        f"/coordination/action-items/{entry.public_id}/",
        {"date": timezone.localdate().isoformat(), "note": "Test done now", "status": "done"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "done"
    html = client.get(f"/coordination/action-items/{entry.public_id}/").content.decode()
    assert "Test done now" in html
    assert "Open → Done" in html


def test_a_follow_up_cannot_be_dated_in_the_future(
    verified_client, coordinator, national_mk, organisations
):
    entry = item(national_mk, organisations["office_mk"], 2)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = verified_client(coordinator).post(
        f"/coordination/action-items/{entry.public_id}/",
        {"date": tomorrow.isoformat(), "note": "x", "status": "open"},
    )
    assert response.status_code == 422
    assert "cannot be dated in the future" in response.content.decode()


def _focal(country: str, organisation, name: str) -> FocalPoint:
    return actions.create_focal_point(
        actor=SYSTEM,
        data={
            "country": _country(country),
            "name": name,
            "organisation": organisation,
            "role": "Referral officer",
            "phone": "+000 555 0001",
            "languages": "sr en",
            "handles": "referral identification",
        },
    )


def test_every_signed_in_staff_member_sees_focal_points_of_all_countries(
    verified_client, screener, organisations
):
    _focal("RS", organisations["ngo_rs"], "Test Focal Serbia")
    _focal("MK", organisations["office_mk"], "Test Focal Macedonia")
    client = verified_client(screener)
    html = client.get("/coordination/focal-points/").content.decode()
    assert "Test Focal Serbia" in html
    assert "Test Focal Macedonia" in html
    assert "Add a focal point" not in html
    assert client.get("/coordination/focal-points/new/").status_code == 403
    filtered = client.get("/coordination/focal-points/", {"country": "MK"}).content.decode()
    assert "Test Focal Serbia" not in filtered


def test_focal_points_are_edited_only_in_the_managers_countries(
    verified_client, coordinator, organisations
):
    theirs = _focal("MK", organisations["office_mk"], "Test Focal Macedonia")
    other = _focal("RS", organisations["ngo_rs"], "Test Focal Serbia")
    client = verified_client(coordinator)
    assert client.get(f"/coordination/focal-points/{other.public_id}/edit/").status_code == 404
    response = client.post(
        f"/coordination/focal-points/{theirs.public_id}/edit/",
        {
            "country": "MK",
            "name": "Test Focal Macedonia",
            "organisation": str(organisations["office_mk"].public_id),
            "role": "Identification lead",
            "phone": "+000 555 0001",
            "languages": ["mk", "en"],
            "handles": ["identification"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    theirs.refresh_from_db()
    assert theirs.role == "Identification lead"
    assert theirs.languages == "mk en"
    event = AuditEvent.objects.filter(action="update", object_id=str(theirs.public_id)).get()
    assert set(event.changed_fields) == {"role", "languages", "handles"}


def test_a_focal_point_needs_a_phone_or_an_email(verified_client, coordinator, organisations):
    response = verified_client(coordinator).post(
        "/coordination/focal-points/new/",
        {
            "country": "MK",
            "name": "Test No Contact",
            "organisation": str(organisations["office_mk"].public_id),
            "role": "x",
            "languages": ["mk"],
            "handles": ["referral"],
        },
    )
    assert response.status_code == 200
    assert "Give a phone number or an email address." in response.content.decode()


def test_the_meeting_and_action_item_lists_need_a_fixed_number_of_queries(
    verified_client, coordinator, national_mk, organisations
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ctis.coordination.tests.conftest import make_meeting

    client = verified_client(coordinator)
    item(national_mk, organisations["office_mk"], -1)
    with CaptureQueriesContext(connection) as few_meetings:
        client.get("/coordination/")
    with CaptureQueriesContext(connection) as few_items:
        client.get("/coordination/action-items/")
    for n in range(4):
        extra = make_meeting(f"Test extra {n}", "national", "MK")
        item(extra, organisations["office_ba"], n - 2)
    with CaptureQueriesContext(connection) as many_meetings:
        client.get("/coordination/")
    with CaptureQueriesContext(connection) as many_items:
        client.get("/coordination/action-items/")
    assert len(many_meetings) == len(few_meetings)
    assert len(many_items) == len(few_items)

from __future__ import annotations

from conftest import SYSTEM
from ctis.audit.models import AuditEvent
from ctis.training import actions
from ctis.training.models import Participant, Session
from ctis.training.tests.conftest import add


def test_a_coordinator_sees_only_sessions_in_their_country(
    verified_client, coordinator, session_mk, session_rs
):
    html = verified_client(coordinator).get("/training/").content.decode()
    assert "Test Skopje screening" in html
    assert "Test Belgrade screening" not in html


def test_a_session_in_another_country_is_not_found(verified_client, coordinator, session_rs):
    client = verified_client(coordinator)
    assert client.get(f"/training/{session_rs.public_id}/").status_code == 404
    assert client.get(f"/training/{session_rs.public_id}/certificates.pdf").status_code == 404
    ana = add(session_rs, "Ana Test", country="RS")
    assert client.get(f"/training/participants/{ana.public_id}/").status_code == 404


def test_a_caseworker_without_the_programme_permission_is_refused(
    verified_client, caseworker, session_rs
):
    client = verified_client(caseworker)
    assert client.get("/training/").status_code == 403
    assert client.get(f"/training/{session_rs.public_id}/").status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied", actor_username="marko").exists()


def test_wrong_methods_are_refused(verified_client, coordinator, session_mk):
    client = verified_client(coordinator)
    ana = add(session_mk, "Ana Test")
    assert client.get(f"/training/participants/{ana.public_id}/remove/").status_code == 405
    assert client.post(f"/training/{session_mk.public_id}/").status_code == 405
    assert client.delete("/training/").status_code == 405


def test_a_signed_out_visitor_is_sent_to_log_in(client, session_mk):
    response = client.get(f"/training/{session_mk.public_id}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_viewing_the_participant_list_is_audited(verified_client, coordinator, session_mk):
    add(session_mk, "Ana Test")
    html = verified_client(coordinator).get(f"/training/{session_mk.public_id}/").content.decode()
    assert "Ana Test" in html
    assert AuditEvent.objects.filter(
        action="view",
        object_type="training_session",
        object_id=str(session_mk.public_id),
        actor_username="elena",
    ).exists()


def test_opening_a_participant_record_is_audited(verified_client, coordinator, session_mk):
    ana = add(session_mk, "Ana Test")
    verified_client(coordinator).get(f"/training/participants/{ana.public_id}/")
    assert AuditEvent.objects.filter(
        action="view", object_type="training_participant", object_id=str(ana.public_id)
    ).exists()


def test_the_session_page_shows_knowledge_gain(verified_client, coordinator, session_mk):
    add(session_mk, "Ana Test", pre=40, post=70)
    add(session_mk, "Bojan Test", pre=60, post=60)
    add(session_mk, "Cveta Test", pre=None, post=90)
    html = verified_client(coordinator).get(f"/training/{session_mk.public_id}/").content.decode()
    assert '<span class="figure" id="mean-change">+15.0</span>' in html
    assert '<span class="figure" id="share-improved">50%</span>' in html
    assert "improved (1 of 2)" in html


def test_the_session_list_needs_a_fixed_number_of_queries(
    verified_client, coordinator, session_mk, organisations, modules, django_assert_max_num_queries
):
    client = verified_client(coordinator)
    client.get("/training/")
    for n in range(5):
        actions.create_session(
            actor=SYSTEM,
            title=f"Test extra {n}",
            country=session_mk.country,
            place="Tetovo",
            start_date=session_mk.start_date,
            end_date=session_mk.end_date,
            organiser=organisations["office_mk"],
            modules=[modules["referral"]],
        )
    with django_assert_max_num_queries(12):
        assert client.get("/training/").status_code == 200


def test_a_coordinator_creates_a_session(verified_client, coordinator, organisations, modules):
    response = verified_client(coordinator).post(
        "/training/new/",
        {
            "title": "Test Kumanovo screening",
            "country": "MK",
            "place": "Kumanovo",
            "start_date": "2026-11-02",
            "end_date": "2026-11-03",
            "organiser": str(organisations["office_mk"].public_id),
            "modules": [str(modules["referral"].pk)],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    session = Session.objects.get(title="Test Kumanovo screening")
    assert [d.day for d in session.days] == [2, 3]


def test_a_coordinator_cannot_choose_another_country_for_a_session(
    verified_client, coordinator, organisations, modules
):
    response = verified_client(coordinator).post(
        "/training/new/",
        {
            "title": "Test elsewhere",
            "country": "RS",
            "place": "Niš",
            "start_date": "2026-11-02",
            "end_date": "2026-11-01",
            "organiser": str(organisations["office_mk"].public_id),
            "modules": [str(modules["referral"].pk)],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "country" in errors
    assert errors["end_date"] == ["The last day is before the first day."]


def test_a_failed_import_shows_problems_in_a_table_and_keeps_the_options(
    verified_client, coordinator, session_mk
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "list.csv", b"name,organisation,agency_type,sex\nAna Test,Org,ngo,Q\n", "text/csv"
    )
    response = verified_client(coordinator).post(
        f"/training/{session_mk.public_id}/participants/import/",
        {"file": upload, "default_country": "AL", "dry_run": "on"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was imported: 1 problem was found." in html
    assert '<td data-label="Row">2</td>' in html
    assert '<td data-label="Column" class="column">Sex</td>' in html
    assert "must be female, male or not stated" in html
    assert '<option value="AL" selected>' in html
    assert 'name="dry_run" id="id_dry_run" checked' in html
    assert Participant.objects.count() == 0


def test_a_successful_import_returns_to_the_session(verified_client, coordinator, session_mk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "list.csv", b"name,organisation,agency_type,sex\nAna Test,Org,ngo,F\n", "text/csv"
    )
    response = verified_client(coordinator).post(
        f"/training/{session_mk.public_id}/participants/import/", {"file": upload}
    )
    assert response.status_code == 302
    assert Participant.objects.get().name == "Ana Test"


def test_scores_are_recorded_from_the_grid(verified_client, coordinator, session_mk):
    ana = add(session_mk, "Ana Test")
    client = verified_client(coordinator)
    bad = client.post(
        f"/training/{session_mk.public_id}/scores/",
        {f"pre_{ana.public_id}": "40", f"post_{ana.public_id}": "120"},
    )
    assert bad.status_code == 200
    assert "Ensure this value is less than or equal to 100." in bad.content.decode()
    client.post(
        f"/training/{session_mk.public_id}/scores/",
        {f"pre_{ana.public_id}": "40", f"post_{ana.public_id}": "80"},
    )
    ana.refresh_from_db()
    assert (ana.pre_score, ana.post_score) == (40, 80)


def test_attendance_is_recorded_from_the_grid(verified_client, coordinator, session_mk):
    ana = add(session_mk, "Ana Test")
    verified_client(coordinator).post(
        f"/training/{session_mk.public_id}/attendance/", {f"att_{ana.public_id}_20261014": "on"}
    )
    assert [a.day.day for a in ana.attendance.all()] == [14]


def test_a_participant_is_added_with_a_ctis_organisation(
    verified_client, coordinator, session_mk, organisations
):
    response = verified_client(coordinator).post(
        f"/training/{session_mk.public_id}/participants/new/",
        {
            "name": "Ana Test",
            "organisation": str(organisations["office_mk"].public_id),
            "sex": "female",
            "country": "MK",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    ana = Participant.objects.get()
    assert ana.organisation_name == "Test National Office Skopje"
    assert ana.agency_type == "national_office"


def test_the_session_page_needs_the_same_queries_for_3_or_12_participants(
    verified_client, coordinator, session_mk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = verified_client(coordinator)
    for n in range(3):
        add(session_mk, f"Test Person {n}")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/training/{session_mk.public_id}/")
    for n in range(3, 12):
        add(session_mk, f"Test Person {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/training/{session_mk.public_id}/")
    assert len(many) == len(few)

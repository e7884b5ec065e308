"""An analyst creates a survey and connects its KoboToolbox project from the pages, then pulls
over real HTTP from the local recorded server. The token is never stored or shown."""

from __future__ import annotations

import pytest

from ctis.audit.models import AuditEvent
from ctis.surveys.models import ImportBatch, Submission, Survey
from ctis.surveys.tests import servers


@pytest.fixture
def kobo_server():  # type: ignore[no-untyped-def]
    box: list[str] = []
    with servers.serve(servers.kobo_handler(box)) as (origin, seen):
        box.append(origin)
        yield origin, seen


def _new_survey(client, organisations, origin: str, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "title": "Test FMS Serbia (fictional)",
        "name": "fms-test-rs",
        "organisation": organisations["regional"].public_id,
        "country": "RS",
        "instrument_version": "fms-ct-2017",
        "kobo_url": origin,
        "kobo_asset_uid": servers.KOBO_ASSET,
        "kobo_token_variable": "CTIS_TEST_PAGE_KOBO_TOKEN",
        "odk_password_variable": "CTIS_ODK_PASSWORD",
        **overrides,
    }
    return client.post("/surveys/new/", data)


def test_an_analyst_creates_a_survey_connects_kobo_and_pulls(
    verified_client, analyst, organisations, kobo_server, monkeypatch
):
    origin, seen = kobo_server
    client = verified_client(analyst)
    form = client.get("/surveys/new/")
    assert form.status_code == 200
    assert form.context["form"]["organisation"].value() == organisations["regional"].public_id
    created = _new_survey(client, organisations, origin)
    assert created.status_code == 302, created.context["form"].errors
    survey = Survey.objects.get(name="fms-test-rs")
    assert (survey.kobo_url, survey.kobo_token_variable) == (origin, "CTIS_TEST_PAGE_KOBO_TOKEN")

    detail = client.get(f"/surveys/{survey.public_id}/").content.decode()
    assert "CTIS_TEST_PAGE_KOBO_TOKEN" in detail
    assert "not set: ask the operator to set it" in detail
    refused = client.post(f"/surveys/{survey.public_id}/pull/kobo/", follow=True)
    assert "set CTIS_TEST_PAGE_KOBO_TOKEN" in refused.content.decode()

    monkeypatch.setenv("CTIS_TEST_PAGE_KOBO_TOKEN", servers.KOBO_TOKEN)
    assert servers.KOBO_TOKEN not in client.get(f"/surveys/{survey.public_id}/").content.decode()
    pulled = client.post(f"/surveys/{survey.public_id}/pull/kobo/", follow=True)
    assert pulled.status_code == 200
    assert "Import complete" in pulled.content.decode()
    assert Submission.objects.filter(survey=survey).count() == 3
    assert ImportBatch.objects.filter(survey=survey, status="imported").count() == 1
    assert all(r["headers"]["Authorization"] == f"Token {servers.KOBO_TOKEN}" for r in seen)
    created_event = AuditEvent.objects.filter(
        object_type="survey", action=AuditEvent.Action.CREATE
    ).get()
    assert "kobo_token_variable" in created_event.changed_fields


def test_a_token_typed_where_the_variable_name_goes_is_refused_and_not_stored(
    verified_client, analyst, organisations, kobo_server
):
    client = verified_client(analyst)
    response = _new_survey(
        client, organisations, kobo_server[0], kobo_token_variable=servers.KOBO_TOKEN
    )
    assert response.status_code == 200
    assert "kobo_token_variable" in response.context["form"].errors
    assert not Survey.objects.exists()
    assert 'value="Test FMS Serbia (fictional)"' in response.content.decode()


def test_an_existing_survey_is_connected_to_odk_central(verified_client, analyst, survey):
    client = verified_client(analyst)
    incomplete = client.post(
        f"/surveys/{survey.public_id}/connection/",
        {
            "odk_url": "https://odk.example.invalid",
            "kobo_token_variable": "CTIS_KOBO_TOKEN",
            "odk_password_variable": "CTIS_ODK_PASSWORD",
        },
    )
    assert "odk_form_id" in incomplete.context["form"].errors
    saved = client.post(
        f"/surveys/{survey.public_id}/connection/",
        {
            "odk_url": "https://odk.example.invalid",
            "odk_project_id": "1",
            "odk_form_id": "fms_ct_2017",
            "odk_username": "analyst@example.invalid",
            "odk_password_variable": "CTIS_TEST_ODK_PASSWORD",
            "kobo_token_variable": "CTIS_KOBO_TOKEN",
        },
    )
    assert saved.status_code == 302
    survey.refresh_from_db()
    assert (survey.odk_form_id, survey.odk_password_variable) == (
        "fms_ct_2017",
        "CTIS_TEST_ODK_PASSWORD",
    )
    event = AuditEvent.objects.filter(object_type="survey", action="update").get()
    assert event.changed_fields == sorted(
        ["odk_url", "odk_project_id", "odk_form_id", "odk_username", "odk_password_variable"]
    )
    assert (
        "Pull from ODK Central now" in client.get(f"/surveys/{survey.public_id}/").content.decode()
    )


def test_only_analysts_create_or_connect_surveys(verified_client, coordinator, caseworker, survey):
    for user in (coordinator, caseworker):
        client = verified_client(user)
        assert client.get("/surveys/new/").status_code == 403
        assert client.get(f"/surveys/{survey.public_id}/connection/").status_code == 403

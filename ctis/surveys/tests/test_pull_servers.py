"""Pulls from KoboToolbox and ODK Central, over real HTTP to local recorded servers."""

from __future__ import annotations

import pytest

from ctis.surveys import actions
from ctis.surveys.importing import remote
from ctis.surveys.models import ImportBatch, Submission
from ctis.surveys.tests import servers
from ctis.surveys.tests.conftest import EXPECTED, SYSTEM


def _canonical(survey):
    return {
        s.submission_id: {k: v for k, v in s.canonical().items() if k != "submission_id"}
        for s in Submission.objects.filter(survey=survey)
    }


@pytest.fixture
def kobo_server():
    box: list[str] = []
    with servers.serve(servers.kobo_handler(box)) as (origin, seen):
        box.append(origin)
        yield origin, seen


def _configure_kobo(survey, origin, monkeypatch, token=servers.KOBO_TOKEN):
    survey.kobo_url = origin
    survey.kobo_asset_uid = servers.KOBO_ASSET
    survey.kobo_token_variable = "CTIS_TEST_KOBO_TOKEN"
    survey.save()
    monkeypatch.setenv("CTIS_TEST_KOBO_TOKEN", token)


def test_pulling_from_kobo_follows_next_and_imports_every_page(survey, kobo_server, monkeypatch):
    origin, seen = kobo_server
    _configure_kobo(survey, origin, monkeypatch)
    batch = actions.pull_kobo(actor=SYSTEM, survey=survey)
    assert batch.status == ImportBatch.Status.IMPORTED, batch.problem_list
    assert batch.source == ImportBatch.Source.KOBO_SERVER
    assert (batch.rows, batch.created) == (3, 3)
    assert _canonical(survey) == EXPECTED
    assert [request["path"] for request in seen] == [
        f"/api/v2/assets/{servers.KOBO_ASSET}/data/?format=json&limit=1000",
        f"/api/v2/assets/{servers.KOBO_ASSET}/data/?format=json&limit=2&start=2",
    ]
    assert all(r["headers"]["Authorization"] == f"Token {servers.KOBO_TOKEN}" for r in seen)


def test_pulling_again_from_kobo_changes_nothing(survey, kobo_server, monkeypatch):
    _configure_kobo(survey, kobo_server[0], monkeypatch)
    actions.pull_kobo(actor=SYSTEM, survey=survey)
    again = actions.pull_kobo(actor=SYSTEM, survey=survey)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_the_kobo_token_can_come_from_a_file(survey, kobo_server, monkeypatch, tmp_path):
    secret = tmp_path / "kobo_token"
    secret.write_text(servers.KOBO_TOKEN + "\n")
    _configure_kobo(survey, kobo_server[0], monkeypatch)
    monkeypatch.delenv("CTIS_TEST_KOBO_TOKEN")
    monkeypatch.setenv("CTIS_TEST_KOBO_TOKEN_FILE", str(secret))
    assert actions.pull_kobo(actor=SYSTEM, survey=survey).created == 3


def test_a_refused_kobo_token_fails_clearly_and_writes_nothing(survey, kobo_server, monkeypatch):
    _configure_kobo(survey, kobo_server[0], monkeypatch, token="wrong-token")
    with pytest.raises(remote.RemoteError) as error:
        actions.pull_kobo(actor=SYSTEM, survey=survey)
    assert str(error.value) == "the server refused the token (HTTP 401)"
    assert "wrong-token" not in str(error.value)
    assert Submission.objects.count() == 0
    failed = ImportBatch.objects.get()
    assert failed.status == ImportBatch.Status.FAILED


def test_a_missing_kobo_token_names_the_variable_to_set(survey, kobo_server, monkeypatch):
    _configure_kobo(survey, kobo_server[0], monkeypatch)
    monkeypatch.delenv("CTIS_TEST_KOBO_TOKEN")
    with pytest.raises(remote.RemoteError, match="set CTIS_TEST_KOBO_TOKEN"):
        actions.pull_kobo(actor=SYSTEM, survey=survey)


def test_the_token_is_never_sent_to_another_host():
    page = {"count": 2, "next": "http://127.0.0.2:9/elsewhere/", "previous": None, "results": []}

    def handle(request, method):
        servers._send(request, 200, __import__("json").dumps(page).encode())

    with (
        servers.serve(handle) as (origin, seen),
        pytest.raises(remote.RemoteError, match="another host"),
    ):
        remote.kobo_pages(origin, "aAsset", "secret-token")
    assert len(seen) == 1


def test_pages_larger_than_1000_records_are_never_asked_for():
    with pytest.raises(ValueError):
        remote.kobo_pages("http://127.0.0.1:9", "a", "t", limit=1001)


@pytest.fixture
def odk_server():
    with servers.serve(servers.odk_handler) as (origin, seen):
        yield origin, seen


def _configure_odk(survey, origin, monkeypatch, password=servers.ODK_PASSWORD):
    survey.odk_url = origin
    survey.odk_project_id = 1
    survey.odk_form_id = "fms_ct_2017"
    survey.odk_username = servers.ODK_EMAIL
    survey.odk_password_variable = "CTIS_TEST_ODK_PASSWORD"
    survey.save()
    monkeypatch.setenv("CTIS_TEST_ODK_PASSWORD", password)


def test_pulling_from_odk_central_through_pyodk_imports_the_submissions(
    survey, odk_server, monkeypatch
):
    origin, seen = odk_server
    _configure_odk(survey, origin, monkeypatch)
    batch = actions.pull_odk(actor=SYSTEM, survey=survey)
    assert batch.status == ImportBatch.Status.IMPORTED, batch.problem_list
    assert batch.source == ImportBatch.Source.ODK_CENTRAL
    assert _canonical(survey) == EXPECTED
    assert [(r["method"], r["path"]) for r in seen] == [
        ("POST", "/v1/sessions"),
        ("GET", "/v1/projects/1/forms/fms_ct_2017.svc/Submissions"),
    ]
    raw = Submission.objects.get(submission_id="0f1e2d3c-0000-4000-8000-00000000a002").raw
    assert raw["__id"] == "uuid:0f1e2d3c-0000-4000-8000-00000000a002"
    assert raw["profile"]["journey_cost_usd"] == 1800.5


def test_a_wrong_odk_password_fails_clearly(survey, odk_server, monkeypatch):
    _configure_odk(survey, odk_server[0], monkeypatch, password="wrong-password")
    with pytest.raises(remote.RemoteError) as error:
        actions.pull_odk(actor=SYSTEM, survey=survey)
    assert str(error.value) == "ODK Central refused the request (HTTP 401)"
    assert Submission.objects.count() == 0


def test_the_analyst_pulls_from_kobo_from_the_survey_page(
    verified_client, analyst, survey, kobo_server, monkeypatch
):
    _configure_kobo(survey, kobo_server[0], monkeypatch)
    client = verified_client(analyst)
    assert (
        "Pull from KoboToolbox now" in client.get(f"/surveys/{survey.public_id}/").content.decode()
    )
    response = client.post(f"/surveys/{survey.public_id}/pull/kobo/")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/surveys/batches/{batch.public_id}/"
    assert (batch.source, batch.created, batch.actor_username) == ("kobo_server", 3, "lejla")


def test_a_failed_pull_from_the_page_says_why(
    verified_client, analyst, survey, kobo_server, monkeypatch
):
    _configure_kobo(survey, kobo_server[0], monkeypatch, token="wrong-token")
    client = verified_client(analyst)
    response = client.post(f"/surveys/{survey.public_id}/pull/kobo/", follow=True)
    assert (
        "Nothing was imported: the server refused the token (HTTP 401)" in response.content.decode()
    )
    assert Submission.objects.count() == 0


def test_pulling_is_post_only_and_for_importers(verified_client, analyst, caseworker, survey):
    assert (
        verified_client(analyst).get(f"/surveys/{survey.public_id}/pull/kobo/").status_code == 405
    )
    refused = verified_client(caseworker).post(f"/surveys/{survey.public_id}/pull/kobo/")
    assert refused.status_code == 403


def test_pulling_from_an_unconfigured_server_is_explained(verified_client, analyst, survey):
    response = verified_client(analyst).post(f"/surveys/{survey.public_id}/pull/odk/", follow=True)
    assert (
        "This survey has no ODK Central server, project, form and user."
        in response.content.decode()
    )

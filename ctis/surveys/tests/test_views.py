"""Survey pages: who may see them, what they show, and which methods they accept."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ctis.audit.models import AuditEvent
from ctis.surveys.models import ImportBatch, Submission
from ctis.surveys.tests.conftest import fixture_bytes


def _upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, fixture_bytes(name) if data is None else data)


def test_the_analyst_sees_the_survey_list_and_a_survey_with_its_imports(
    verified_client, analyst, survey
):
    client = verified_client(analyst)
    listing = client.get("/surveys/")
    assert listing.status_code == 200
    assert "Test flow monitoring 2017 (fictional)" in listing.content.decode()
    detail = client.get(f"/surveys/{survey.public_id}/")
    assert detail.status_code == 200
    assert "Nothing imported yet." in detail.content.decode()


def test_the_analyst_uploads_a_good_file_and_sees_the_counts(verified_client, analyst, survey):
    client = verified_client(analyst)
    response = client.post(
        f"/surveys/{survey.public_id}/import/", {"file": _upload("kobo_labels_semicolon.csv")}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/surveys/batches/{batch.public_id}/"
    assert Submission.objects.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Import complete" in page
    assert batch.actor_username == "lejla"
    event = AuditEvent.objects.filter(object_type="survey_import").latest("seq")
    assert event.actor_username == "lejla"


def test_a_bad_upload_shows_every_problem_and_keeps_the_chosen_options(
    verified_client, analyst, survey
):
    client = verified_client(analyst)
    response = client.post(
        f"/surveys/{survey.public_id}/import/",
        {"file": _upload("bad_rows.csv"), "file_format": "csv", "dry_run": "on"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was imported: 12 problems were found." in html
    assert html.count("<tr>") == 1 + 12  # header row and one row per problem
    assert "is outside the allowed range (0 to 120)" in html
    assert '<option value="csv" selected>' in html
    assert 'name="dry_run" id="id_dry_run" checked' in html
    assert Submission.objects.count() == 0


def test_a_dry_run_upload_writes_no_submission(verified_client, analyst, survey):
    client = verified_client(analyst)
    response = client.post(
        f"/surveys/{survey.public_id}/import/", {"file": _upload("canonical.csv"), "dry_run": "on"}
    )
    assert response.status_code == 302
    assert Submission.objects.count() == 0
    assert (
        "Dry run complete: nothing was written" in client.get(response["Location"]).content.decode()
    )


def test_a_file_of_another_type_is_refused_by_the_form(verified_client, analyst, survey):
    response = verified_client(analyst).post(
        f"/surveys/{survey.public_id}/import/", {"file": _upload("notes.docx", b"x")}
    )
    assert response.status_code == 200
    assert "Choose a .csv, .xlsx, .parquet or .json file." in response.content.decode()
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("path", ["/surveys/", "/surveys/{id}/", "/surveys/{id}/import/"])
def test_a_caseworker_is_refused_and_the_refusal_is_audited(
    verified_client, caseworker, survey, path
):
    response = verified_client(caseworker).get(path.format(id=survey.public_id))
    assert response.status_code == 403
    denial = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).latest("seq")
    assert denial.actor_username == "marko"


def test_a_caseworker_cannot_post_a_file(verified_client, caseworker, survey):
    response = verified_client(caseworker).post(
        f"/surveys/{survey.public_id}/import/", {"file": _upload("canonical.csv")}
    )
    assert response.status_code == 403
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    ["/surveys/", "/surveys/{id}/import/", "/surveys/instrument/fms-ct-2017.xlsx"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, survey, path):
    response = client.get(path.format(id=survey.public_id))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_unknown_survey_is_not_found(verified_client, analyst, survey):
    response = verified_client(analyst).get(f"/surveys/{uuid.uuid4()}/import/")
    assert response.status_code == 404


def test_a_coordinator_cannot_open_import_batches(verified_client, coordinator, survey):
    # Coordinators see aggregates; the import pages, batches included, are the analysts'.
    response = verified_client(coordinator).get(f"/surveys/batches/{uuid.uuid4()}/")
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_import_page_accepts_only_get_and_post(verified_client, analyst, survey, method):
    response = getattr(verified_client(analyst), method)(f"/surveys/{survey.public_id}/import/")
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path", ["/surveys/", "/surveys/{id}/", "/surveys/instrument/fms-ct-2017.xml"]
)
def test_read_only_pages_refuse_post(verified_client, analyst, survey, path):
    response = verified_client(analyst).post(path.format(id=survey.public_id))
    assert response.status_code == 405


def test_the_analyst_downloads_the_xlsform_and_the_xform(verified_client, analyst):
    client = verified_client(analyst)
    xlsx = client.get("/surveys/instrument/fms-ct-2017.xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="fms-ct-2017.xlsx"'
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    xml = client.get("/surveys/instrument/fms-ct-2017.xml")
    assert xml.status_code == 200
    assert b"<h:html" in b"".join(xml.streaming_content)


def test_a_coordinator_may_download_the_instrument(verified_client, coordinator):
    response = verified_client(coordinator).get("/surveys/instrument/fms-ct-2017.xml")
    assert response.status_code == 200
    response.close()


def test_a_caseworker_may_not_download_the_instrument(verified_client, caseworker):
    assert (
        verified_client(caseworker).get("/surveys/instrument/fms-ct-2017.xlsx").status_code == 403
    )


def test_the_survey_page_lists_batches_with_a_fixed_number_of_queries(
    verified_client, analyst, survey, django_assert_num_queries
):
    from ctis.surveys import actions
    from ctis.surveys.tests.conftest import SYSTEM

    for _ in range(3):
        actions.import_file(
            actor=SYSTEM, survey=survey, data=fixture_bytes("canonical.csv"), file_name="c.csv"
        )
    client = verified_client(analyst)
    client.get(f"/surveys/{survey.public_id}/")  # warm the session
    with django_assert_num_queries(10):  # session, user, roles, survey, counts, page, save
        response = client.get(f"/surveys/{survey.public_id}/")
    assert response.content.decode().count("canonical") == 0  # file name was c.csv
    assert response.content.decode().count("c.csv") == 3

"""The offline page (download the form, upload an export) and ``ctis screening import-offline``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from ctis.audit.models import AuditEvent
from ctis.screening.models import ConsentRefusal, Screening
from ctis.screening.offline import xlsform

FIXTURES = Path(__file__).parent / "fixtures" / "offline"


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def test_the_screener_downloads_the_form(verified_client, screener):
    client = verified_client(screener)
    page = client.get("/screening/offline/")
    assert page.status_code == 200
    assert 'href="/screening/offline/form.xlsx"' in page.content.decode()
    xlsx = client.get("/screening/offline/form.xlsx")
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content) == xlsform.XLSX_PATH.read_bytes()
    assert "screening-ilo-ec-2009.xlsx" in xlsx["Content-Disposition"]
    xml = client.get("/screening/offline/form.xml")
    assert b"".join(xml.streaming_content) == xlsform.XML_PATH.read_bytes()
    assert xml["Content-Type"] == "application/xml"


def test_the_list_links_to_the_offline_page(verified_client, screener):
    page = verified_client(screener).get("/screening/")
    assert 'href="/screening/offline/"' in page.content.decode()


def test_a_good_export_shows_counts(verified_client, screener):
    client = verified_client(screener)
    response = client.post("/screening/offline/", {"file": _upload("kobo_labels.xlsx")})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert (outcome.status, outcome.created, outcome.refusals) == ("imported", 5, 1)
    text = response.content.decode()
    assert "Imported." in text
    assert "Trafficking pattern" in text
    assert Screening.objects.filter(organisation=screener.organisation).count() == 5


def test_a_dry_run_from_the_page_writes_nothing(verified_client, screener):
    client = verified_client(screener)
    response = client.post(
        "/screening/offline/", {"file": _upload("kobo_api_v2.json"), "dry_run": "on"}
    )
    assert response.status_code == 200
    assert "nothing was written" in response.content.decode()
    assert not Screening.objects.exists()


def test_a_bad_export_shows_every_problem(verified_client, screener):
    client = verified_client(screener)
    response = client.post("/screening/offline/", {"file": _upload("bad_rows.csv")})
    assert response.status_code == 422
    text = response.content.decode()
    assert "Nothing was imported: 10 problems were found." in text
    assert "is not yes, no or unknown" in text and "maybe" in text
    assert not Screening.objects.exists()


def test_a_file_of_another_kind_is_refused_by_the_form(verified_client, screener):
    client = verified_client(screener)
    response = client.post("/screening/offline/", {"file": SimpleUploadedFile("notes.docx", b"x")})
    assert response.status_code == 200
    assert "Choose a .csv, .xlsx or .json file." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/screening/offline/", "/screening/offline/form.xlsx", "/screening/offline/form.xml"]
)
def test_a_coordinator_may_not_and_anonymous_users_log_in(
    client, verified_client, coordinator, url
):
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert verified_client(coordinator).get(url).status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied").exists()


def test_wrong_methods_are_405(verified_client, screener):
    client = verified_client(screener)
    assert client.delete("/screening/offline/").status_code == 405
    assert client.put("/screening/offline/").status_code == 405
    assert client.post("/screening/offline/form.xlsx").status_code == 405
    assert client.post("/screening/offline/form.xml").status_code == 405


def test_the_command_imports_for_an_organisation(screener):
    out, err = io.StringIO(), io.StringIO()
    path = str(FIXTURES / "kobo_xml_semicolon.csv")
    name = screener.organisation.name
    call_command("screening", "import-offline", path, "--organisation", name, "--dry-run",
                 stdout=out, stderr=err)  # fmt: skip
    assert out.getvalue().startswith(
        "dry run, nothing written (6 submissions: 5 screenings new, 0 unchanged, 1 refusals "
        "counted, 0 refusals counted before)"
    )
    assert not Screening.objects.exists()
    call_command("screening", "import-offline", path, "--organisation", name, stdout=out)
    assert "imported (6 submissions: 5 screenings new" in out.getvalue()
    assert "  trafficking_pattern: 2" in out.getvalue()
    assert Screening.objects.filter(screener=None, organisation=screener.organisation).count() == 5
    assert ConsentRefusal.objects.get().count == 1


def test_the_command_lists_every_problem_and_fails(screener):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "screening",
            "import-offline",
            str(FIXTURES / "bad_rows.csv"),
            "--organisation",
            screener.organisation.name,
            stderr=err,
        )
    assert raised.value.returncode == 1
    assert str(raised.value) == "nothing imported: 10 problems in 7 rows"
    lines = err.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[1] == "row 2, column dr.contract: 'maybe' is not yes, no or unknown"


def test_the_command_names_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="no organisation named 'Nobody'"):
        call_command(
            "screening",
            "import-offline",
            str(FIXTURES / "bad_rows.csv"),
            "--organisation",
            "Nobody",
        )

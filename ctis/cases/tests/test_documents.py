"""Ana uploads a scan of a residence permit to a case: it is stored encrypted under a random
name, only the owning organisation can download it (each download audited), a supervisor can
delete it, and erasing the person deletes the file with the rest of their data."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ctis.accounts.models import User
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.cases import assistance_actions as actions
from ctis.cases import documents, rights
from ctis.cases.assistance_models import (
    AssistanceEntry,
    CaseDocument,
    Need,
    PlanItem,
    VulnerabilityAssessment,
)
from ctis.cases.models import Case

SECRET = b"Residence permit of Zorislava, number RS-4471-CONFIDENTIAL"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n" + SECRET + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + SECRET
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + SECRET


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger.jsonl")
    return tmp_path / "media"


def _upload(user: User, case: Case, name: str = "permit.pdf", content: bytes = PDF) -> CaseDocument:
    return actions.upload_document(actor=Actor(user=user), case=case, name=name, content=content)


def test_round_trip_the_file_on_disk_is_not_the_plaintext(
    caseworker: User, case: Case, _media: Path
) -> None:
    document = _upload(caseworker, case, name="Дозвола боравка.pdf")
    path = _media / "case-documents" / document.storage_name
    raw = path.read_bytes()
    assert SECRET not in raw and b"%PDF" not in raw and b"Zorislava" not in raw
    assert raw.startswith(b"e1:")
    assert len(document.storage_name) == 32 and "permit" not in document.storage_name
    assert [p.name for p in path.parent.iterdir()] == [document.storage_name]
    stored = CaseDocument.objects.get(pk=document.pk)
    assert stored.original_name == "Дозвола боравка.pdf" and stored.kind == "pdf"
    assert stored.size == len(PDF)
    assert actions.read_document(actor=Actor(user=caseworker), document=stored) == PDF
    # Bound to its storage name: the same bytes under another name do not decrypt.
    (path.parent / ("0" * 32)).write_bytes(raw)
    with pytest.raises(Exception):  # noqa: B017 - DecryptionError
        documents.read("0" * 32)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("a.bin", PDF, "pdf"), ("b", PNG, "png"), ("c.jpg", b"\xff\xd8\xff\xe0" + SECRET, "jpg"),
     ("d.docx", _docx(), "docx")],
)  # fmt: skip
def test_the_type_comes_from_the_content(
    caseworker: User, case: Case, name: str, content: bytes, kind: str
) -> None:
    assert _upload(caseworker, case, name=name, content=content).kind == kind


def test_content_sniffing_rejects_a_renamed_executable_and_a_plain_zip(
    caseworker: User, case: Case, _media: Path
) -> None:
    with pytest.raises(ValidationError):
        _upload(caseworker, case, name="scan.pdf", content=EXE)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", EXE)
    with pytest.raises(ValidationError):
        _upload(caseworker, case, name="letter.docx", content=buffer.getvalue())
    assert not CaseDocument.objects.exists()
    assert not (_media / "case-documents").exists() or not any(
        (_media / "case-documents").iterdir()
    )


def test_size_limit(caseworker: User, case: Case) -> None:
    big = b"%PDF-1.4\n" + b"0" * documents.MAX_BYTES
    with pytest.raises(ValidationError):
        _upload(caseworker, case, content=big)
    assert _upload(caseworker, case, content=big[: documents.MAX_BYTES]).size == documents.MAX_BYTES


def test_upload_page_stores_download_is_audited_and_too_large_is_refused(
    verified_client, caseworker: User, case: Case
) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(caseworker)
    response = client.post(
        f"/cases/{case.code}/documents/", {"file": SimpleUploadedFile("permit.pdf", PDF)}
    )
    assert response.status_code == 302
    document = CaseDocument.objects.get(case=case)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "permit.pdf" in page
    download = client.get(f"/cases/{case.code}/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "no-store"
    event = AuditEvent.objects.filter(action="export", object_type="case_document").get()
    assert event.object_id == case.code and event.detail == f"document:{document.pk}"
    assert "permit" not in event.detail

    renamed = client.post(
        f"/cases/{case.code}/documents/", {"file": SimpleUploadedFile("photo.png", EXE)}
    )
    assert renamed.status_code == 400 and "Only PDF, JPEG, PNG" in renamed.content.decode()
    huge = b"%PDF-1.4\n" + b"0" * documents.MAX_BYTES
    too_large = client.post(
        f"/cases/{case.code}/documents/", {"file": SimpleUploadedFile("big.pdf", huge)}
    )
    assert too_large.status_code == 400 and "larger than 10 MB" in too_large.content.decode()
    assert CaseDocument.objects.filter(case=case).count() == 1


def test_outsiders_get_404(
    verified_client, caseworker: User, outsider_same_country: User, case: Case
) -> None:  # type: ignore[no-untyped-def]
    document = _upload(caseworker, case)
    client = verified_client(outsider_same_country)
    assert client.get(f"/cases/{case.code}/documents/{document.pk}/").status_code == 404
    assert (
        client.post(
            f"/cases/{case.code}/documents/", {"file": SimpleUploadedFile("a.pdf", PDF)}
        ).status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action="export", object_type="case_document").exists()


def test_only_a_supervisor_deletes_and_the_file_goes(
    verified_client, caseworker: User, supervisor: User, case: Case, _media: Path
) -> None:  # type: ignore[no-untyped-def]
    document = _upload(caseworker, case)
    with pytest.raises(PermissionDenied):
        actions.delete_document(actor=Actor(user=caseworker), document=document)
    client = verified_client(supervisor)
    response = client.post(f"/cases/{case.code}/documents/{document.pk}/delete/")
    assert response.status_code == 302
    document = CaseDocument.objects.get(pk=document.pk)
    assert document.is_deleted and document.original_name == ""
    assert not documents.exists(document.storage_name)
    assert client.get(f"/cases/{case.code}/documents/{document.pk}/").status_code == 302
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "Document deleted" in page


def test_erasure_deletes_the_files_and_overwrites_the_new_encrypted_fields(
    caseworker: User, dpo: User, case: Case
) -> None:
    actor = Actor(user=caseworker)
    document = _upload(caseworker, case)
    actions.add_assessment(
        actor=actor, case=case, assessed_on=datetime.date.today(), factors={}, note="Note A"
    )
    actions.add_need(actor=actor, case=case, type="health", note="Note B")
    item = actions.add_plan_item(
        actor=actor, case=case, type="health", description="Note C", responsible_text="Clinic"
    )
    actions.log_assistance(
        actor=actor, case=case, type="health", given_on=datetime.date.today(),
        provided_by="Clinic", note="Note D", plan_item=item,
    )  # fmt: skip
    assert "casedocument.file" in rights.residue(case.person)
    rights.erase(actor=Actor(user=dpo), case=case, reason="request", confirm=case.code)

    assert not documents.exists(document.storage_name)
    assert CaseDocument.objects.get(pk=document.pk).original_name == ""
    assert VulnerabilityAssessment.objects.get(case=case).note == ""
    assert Need.objects.get(case=case).note == ""
    assert PlanItem.objects.get(case=case).description == ""
    assert AssistanceEntry.objects.get(case=case).note == ""
    assert rights.residue(case.person) == []
    with pytest.raises(ValidationError):  # nothing personal is written again
        _upload(caseworker, case)


def test_the_upload_still_checks_csrf(verified_client, caseworker: User, case: Case) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(caseworker)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        f"/cases/{case.code}/documents/", {"file": SimpleUploadedFile("permit.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not CaseDocument.objects.exists()


def test_key_rotation_re_encrypts_the_files_and_nothing_is_lost(
    settings: Any, caseworker: User, case: Case
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from ctis.core.encryption import generate_key

    document = _upload(caseworker, case)
    path = documents.path_of(document.storage_name)
    assert path.read_text().startswith("e1:1:")
    new_key = generate_key()
    settings.CTIS_DATA_KEYS = f"{settings.CTIS_DATA_KEYS},2:{new_key}"
    out = StringIO()
    call_command("keys", "rotate", stdout=out)
    assert "cases files: 1 re-encrypted, 0 failed" in out.getvalue()
    assert path.read_text().startswith("e1:2:")
    settings.CTIS_DATA_KEYS = f"2:{new_key}"  # the old key is gone: the file still opens
    assert documents.read(document.storage_name) == PDF
    call_command("keys", "rotate", stdout=StringIO())  # again: nothing to do
    assert documents.read(document.storage_name) == PDF

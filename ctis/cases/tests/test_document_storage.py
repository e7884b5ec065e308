"""Case documents live in an encrypted Django Storage that wraps any backend: here Django's
in-memory storage stands in for an object store. The backend only ever holds ciphertext; the
document's upload, download, erasure and key rotation all go through the Storage API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, storages
from django.core.management import call_command

from ctis.audit.context import Actor
from ctis.cases import assistance_actions, documents, rights
from ctis.core.encryption import DecryptionError, generate_key
from ctis.core.storage import EncryptedStorage

PDF = b"%PDF-1.4\n% fictional residence permit of Zorislava\n%%EOF\n"


@pytest.fixture
def bucket(settings: Any, tmp_path: Any) -> InMemoryStorage:
    """STORAGES["documents"] wrapping an in-memory backend, as an S3 bucket would be wrapped."""
    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger.jsonl")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "ctis.core.storage.EncryptedStorage",
            "OPTIONS": {
                "directory": "case-documents",
                "aad_prefix": "cases_casedocument.file",
                "inner": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            },
        },
    }
    wrapped = storages["documents"]
    assert isinstance(wrapped, EncryptedStorage)
    assert isinstance(wrapped.inner, InMemoryStorage)
    return wrapped.inner


def _stored(bucket: InMemoryStorage, name: str) -> bytes:
    with bucket.open(f"case-documents/{name}", "rb") as handle:
        return bytes(handle.read())


def test_the_wrapped_backend_holds_only_ciphertext_bound_to_the_name(bucket):
    files = documents.storage()
    files.save("a1", ContentFile(PDF))
    stored = _stored(bucket, "a1")
    assert stored.startswith(b"e1:") and b"Zorislava" not in stored and b"%PDF" not in stored
    assert files.open_bytes("a1") == PDF
    # The same bytes under another name do not decrypt.
    bucket.save("case-documents/b2", ContentFile(stored))
    with pytest.raises(DecryptionError):
        files.open_bytes("b2")
    with pytest.raises(FileExistsError):  # never silently renamed: the name is bound in
        files.save("a1", ContentFile(b"other"))
    with pytest.raises(NotImplementedError):
        files.url("a1")
    with pytest.raises(NotImplementedError):
        files.path("a1")
    with pytest.raises((ValueError, SuspiciousFileOperation)):
        files.save("../escape", ContentFile(PDF))


def test_documents_upload_download_erasure_and_rotation_go_through_the_storage(
    bucket, caseworker, dpo, case, settings
):
    actor = Actor(user=caseworker)
    document = assistance_actions.upload_document(
        actor=actor, case=case, name="dozvola.pdf", content=PDF
    )
    assert b"%PDF" not in _stored(bucket, document.storage_name)
    assert assistance_actions.read_document(actor=actor, document=document) == PDF

    old = settings.CTIS_DATA_KEYS
    settings.CTIS_DATA_KEYS = f"{old},7:{generate_key()}"
    out = io.StringIO()
    call_command("keys", "rotate", stdout=out)
    assert "cases files: 1 re-encrypted, 0 failed" in out.getvalue()
    assert _stored(bucket, document.storage_name).startswith(b"e1:7:")
    assert assistance_actions.read_document(actor=actor, document=document) == PDF

    rights.erase(actor=Actor(user=dpo), case=case, reason="request", confirm=case.code)
    assert not bucket.exists(f"case-documents/{document.storage_name}")
    assert documents.storage().names() == []

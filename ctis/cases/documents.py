"""Files of case documents: content sniffing, encryption at rest, storage.

* The type is decided from the first bytes (and, for docx, the zip's entries), never from the
  name: a renamed executable is refused.
* The files live in ``STORAGES["documents"]``, an ``ctis.core.storage.EncryptedStorage``
  (local files under ``MEDIA_ROOT/case-documents`` by default; any Django Storage, such as an
  S3-compatible bucket, can be wrapped by configuration). The bytes are encrypted with the data
  key ring: base64 of the file, encrypted under the newest key, bound to the storage name as
  associated data, so a file copied under another name fails to decrypt. The stored file is the
  token (``e1:<version>:…``); old key versions still decrypt.
* Storage names are random (128 bits); the original name is an encrypted column.
* Uploads are held in memory only (``LimitedMemoryUploadHandler``): Django's default handler
  would write large uploads in clear to a temporary file.
"""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from ctis.core.encryption import KeyRing
from ctis.core.storage import EncryptedStorage

MAX_BYTES = 10 * 1024 * 1024
SUBDIR = "case-documents"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def sniff(content: bytes) -> str | None:
    """The kind of ``content`` (pdf, jpg, png, docx) from its bytes, or None if not allowed."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def storage() -> EncryptedStorage:
    """The documents' storage (``STORAGES["documents"]``)."""
    found = storages["documents"]
    assert isinstance(found, EncryptedStorage)
    return found


def directory() -> Path:
    """Where the local default keeps the files (``MEDIA_ROOT/case-documents``)."""
    return Path(settings.MEDIA_ROOT) / SUBDIR


def path_of(storage_name: str) -> Path:
    """Where the local default keeps a file (tests and operators; other backends have none)."""
    if not storage_name or not storage_name.isalnum():
        raise ValueError("not a storage name")
    return directory() / storage_name


def new_storage_name() -> str:
    return secrets.token_hex(16)


def write(storage_name: str, content: bytes) -> None:
    """Encrypt ``content`` and store it under ``storage_name``."""
    storage().save(storage_name, ContentFile(content))


def read(storage_name: str) -> bytes:
    """The decrypted bytes (``DecryptionError`` if altered; ``FileNotFoundError`` if gone)."""
    return storage().open_bytes(storage_name)


def remove(storage_name: str) -> bool:
    """Delete the file (True if there was one)."""
    files = storage()
    if not files.exists(storage_name):
        return False
    files.delete(storage_name)
    return True


def exists(storage_name: str) -> bool:
    return storage().exists(storage_name)


class LimitedMemoryUploadHandler(FileUploadHandler):
    """Keeps uploaded files in memory, never on disk; stops at ``MAX_BYTES`` (``too_large``)."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.too_large = False
        self.buffer = io.BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > MAX_BYTES:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def rotate(ring: KeyRing) -> tuple[int, int]:
    """Re-encrypt every document file not under the newest key; (re-encrypted, failed).

    Each file is decrypted, encrypted under the newest key, checked to decrypt to the same
    bytes, and only then replaces the old file. A file that does not decrypt is left as it is
    and counted as failed.
    """
    from ctis.cases.assistance_models import CaseDocument

    names = list(
        CaseDocument.objects.exclude(storage_name="").values_list("storage_name", flat=True)
    )
    return storage().rotate(ring, names)

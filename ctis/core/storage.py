"""``EncryptedStorage``: a Django Storage that keeps every file encrypted at rest, by wrapping
any other Storage (the local file system by default; an S3-compatible bucket through
django-storages, or anything else, by configuration — the wrapped backend only ever sees
ciphertext).

Each file is stored as a text token of the data key ring (``ctis.core.encryption``, format
``e1``): base64 of the bytes, encrypted under the newest key, with ``<aad_prefix>:<name>`` as
associated data, so a file copied or renamed to another name does not decrypt. Old key versions
still decrypt; ``rotate`` re-encrypts under the newest key.

Configured as ``STORAGES["documents"]``::

    "documents": {
        "BACKEND": "ctis.core.storage.EncryptedStorage",
        "OPTIONS": {
            "directory": "case-documents",
            "aad_prefix": "cases_casedocument.file",
            # optional, the wrapped backend (default: FileSystemStorage under MEDIA_ROOT):
            "inner": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {...}},
        },
    }

Names are the caller's (random, alphanumeric) and are kept exactly: a save under a name that
exists is refused rather than renamed, because the name is bound into the ciphertext. ``url``
and ``path`` are refused: nothing may serve or read the stored bytes as if they were the file.
"""

from __future__ import annotations

import base64
import os
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.module_loading import import_string

from ctis.core.encryption import DecryptionError, KeyRing


class EncryptedStorage(Storage):
    def __init__(
        self,
        directory: str = "",
        aad_prefix: str = "file",
        inner: dict[str, Any] | None = None,
    ) -> None:
        self.directory = directory.strip("/")
        self.aad_prefix = aad_prefix
        if inner is None:
            self.inner: Storage = FileSystemStorage()  # MEDIA_ROOT, following setting changes
        else:
            self.inner = import_string(inner["BACKEND"])(**inner.get("OPTIONS", {}))

    # --- names and keys -------------------------------------------------------------------

    def _inner_name(self, name: str) -> str:
        if not name or not name.isalnum():
            raise ValueError("not a storage name")
        return f"{self.directory}/{name}" if self.directory else name

    def _aad(self, name: str) -> str:
        return f"{self.aad_prefix}:{name}"

    @staticmethod
    def _ring() -> KeyRing:
        from ctis.core.fields import data_keyring

        return data_keyring()

    # --- the Storage API ------------------------------------------------------------------

    def _save(self, name: str, content: File) -> str:
        inner_name = self._inner_name(name)
        if self.inner.exists(inner_name):
            raise FileExistsError("a stored file already has this name")
        data = content.read()
        raw = data if isinstance(data, bytes) else str(data).encode()
        token = self._ring().encrypt(base64.b64encode(raw).decode("ascii"), aad=self._aad(name))
        self.inner.save(inner_name, ContentFile(token.encode("ascii")))
        return name

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("encrypted files are written with save(), not opened for writing")
        plain = self._ring().decrypt(self.read_token(name), aad=self._aad(name))
        return ContentFile(base64.b64decode(plain), name=name)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name  # bound into the ciphertext: never renamed (``_save`` refuses a clash)

    def delete(self, name: str) -> None:
        self.inner.delete(self._inner_name(name))

    def exists(self, name: str) -> bool:
        return self.inner.exists(self._inner_name(name))

    def listdir(self, path: str = "") -> tuple[list[str], list[str]]:
        try:
            _dirs, files = self.inner.listdir(self.directory)
        except FileNotFoundError:
            return [], []
        return [], sorted(f for f in files if f.isalnum())

    def size(self, name: str) -> int:
        """The stored (encrypted) size."""
        return self.inner.size(self._inner_name(name))

    def url(self, name: str | None) -> str:
        raise NotImplementedError("encrypted files are never served directly")

    def path(self, name: str) -> str:
        raise NotImplementedError("encrypted files have no plaintext path")

    # --- raw tokens: backups and key rotation ---------------------------------------------

    def names(self) -> list[str]:
        return self.listdir()[1]

    def read_token(self, name: str) -> str:
        with self.inner.open(self._inner_name(name), "rb") as handle:
            return bytes(handle.read()).decode("ascii")

    def write_token(self, name: str, token: bytes) -> None:
        """Store an already-encrypted token under ``name``, replacing what is there: atomically
        on a file system (rename), by overwrite on object stores."""
        inner_name = self._inner_name(name)
        if not isinstance(self.inner, FileSystemStorage):
            if self.inner.exists(inner_name):
                self.inner.delete(inner_name)
            self.inner.save(inner_name, ContentFile(token))
            return
        target = self.inner.path(inner_name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        partial = target + ".part"
        with open(partial, "wb") as handle:
            handle.write(token)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)

    def rotate(self, ring: KeyRing, names: list[str] | None = None) -> tuple[int, int]:
        """Re-encrypt every file (or ``names``) not under the newest key; (re-encrypted,
        failed). Each new token is checked to decrypt to the same content before it replaces
        the old one; a file that does not decrypt is left as it is and counted."""
        rotated = failed = 0
        for name in self.names() if names is None else names:
            if not self.exists(name):
                continue
            token = self.read_token(name)
            if not ring.needs_rotation(token):
                continue
            try:
                plain = ring.decrypt(token, aad=self._aad(name))
            except DecryptionError:
                failed += 1
                continue
            fresh = ring.encrypt(plain, aad=self._aad(name))
            if ring.decrypt(fresh, aad=self._aad(name)) != plain:
                failed += 1
                continue
            self.write_token(name, fresh.encode("ascii"))
            rotated += 1
        return rotated, failed

    def open_bytes(self, name: str) -> bytes:
        handle: IO[bytes]
        with self.open(name, "rb") as handle:
            return bytes(handle.read())

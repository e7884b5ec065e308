"""Backups: one encrypted archive of the database, the documents and a manifest.

``ctis backup`` and ``ctis restore`` (docs/operations.md) are thin commands over this module.

Archive, inside the encryption: an uncompressed tar stream whose first member is
``manifest.json`` (format, when, database vendor, applied migrations, audit head, and the size
and SHA-256 of every other member), then ``database.pgdump`` (``pg_dump`` custom format) or
``database.sqlite3`` (SQLite's online backup API), then ``documents/<storage name>`` — the
document files exactly as stored (already encrypted with the data keys). Keys are never in it:
not the data keys, not the index key, not the audit key, not the backup key.

Encryption (``EncryptedWriter`` / ``EncryptedReader``): a header ``MAGIC || salt(32)``; the
archive key is HKDF-SHA256 of the backup key with that random salt, so no two archives share a
key and counter nonces are safe. The stream is cut into 1 MiB chunks, each written as
``final flag (1) || length (4) || AES-256-GCM(chunk)`` with nonce = chunk number and the header
and final flag as associated data: an altered, reordered, dropped or appended chunk, or a stream
cut short, fails authentication. Restore decrypts and checks everything into a private staging
directory before it touches the database or the documents.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from ctis.core import encryption
from ctis.core.storage import EncryptedStorage

FORMAT = "ctis-backup/1"
MAGIC = b"CTIS-BACKUP-1\n"
SALT_BYTES = 32
CHUNK = 1024 * 1024
MANIFEST = "manifest.json"
DOCUMENTS = "documents/"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why (never a key or a value)."""


# --- Key ----------------------------------------------------------------------------------


def backup_key() -> bytes:
    """``CTIS_BACKUP_KEY`` (or ``_FILE``): 32 bytes, URL-safe base64, distinct from every
    other key ctis holds (a backup must not be readable with the keys of the live system)."""
    text = getattr(settings, "CTIS_BACKUP_KEY", None)
    if not text:
        raise BackupError(
            "CTIS_BACKUP_KEY (or CTIS_BACKUP_KEY_FILE) is not set; create one with "
            "`ctis keys generate` and keep it apart from the backups"
        )
    key = encryption.decode_key(str(text), label="CTIS_BACKUP_KEY")
    others = [
        *encryption.KeyRing.parse(str(settings.CTIS_DATA_KEYS)).keys.values(),
        encryption.decode_key(str(settings.CTIS_BLIND_INDEX_KEY), label="CTIS_BLIND_INDEX_KEY"),
    ]
    if key in others:
        raise BackupError("CTIS_BACKUP_KEY must differ from the data and blind-index keys")
    return key


def _archive_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"ctis backup 1")
    return AESGCM(derived.derive(key))


# --- Encrypted stream ---------------------------------------------------------------------


class EncryptedWriter:
    """A write-only file object that encrypts in authenticated chunks (see module doc)."""

    def __init__(self, out: IO[bytes], key: bytes) -> None:
        salt = os.urandom(SALT_BYTES)
        self._out = out
        self._header = MAGIC + salt
        self._cipher = _archive_key(key, salt)
        self._buffer = bytearray()
        self._counter = 0
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back for the final chunk
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _emit(self, chunk: bytes, *, final: bool) -> None:
        flag = b"\x01" if final else b"\x00"
        nonce = self._counter.to_bytes(12, "big")
        sealed = self._cipher.encrypt(nonce, chunk, self._header + flag)
        self._out.write(flag + struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1


class EncryptedReader:
    """A read-only file object that decrypts what ``EncryptedWriter`` wrote, or raises
    :class:`BackupError` (wrong key, altered or truncated archive)."""

    def __init__(self, source: IO[bytes], key: bytes) -> None:
        header = source.read(len(MAGIC) + SALT_BYTES)
        if len(header) != len(MAGIC) + SALT_BYTES or not header.startswith(MAGIC):
            raise BackupError("not a ctis backup archive")
        self._source = source
        self._header = header
        self._cipher = _archive_key(key, header[len(MAGIC) :])
        self._buffer = bytearray()
        self._counter = 0
        self.finished = False

    def _next_chunk(self) -> bool:
        if self.finished:
            if self._source.read(1):
                raise BackupError("the archive has data after its end (altered)")
            return False
        head = self._source.read(5)
        if len(head) != 5:
            raise BackupError("the archive is truncated")
        flag, length = head[:1], struct.unpack(">I", head[1:])[0]
        if flag not in (b"\x00", b"\x01") or length > CHUNK + 16:
            raise BackupError("the archive is altered")
        sealed = self._source.read(length)
        if len(sealed) != length:
            raise BackupError("the archive is truncated")
        nonce = self._counter.to_bytes(12, "big")
        try:
            self._buffer += self._cipher.decrypt(nonce, sealed, self._header + flag)
        except InvalidTag:
            raise BackupError(
                "the archive does not authenticate: wrong CTIS_BACKUP_KEY, or the file was altered"
            ) from None
        self._counter += 1
        self.finished = flag == b"\x01"
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            if not self._next_chunk():
                break
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def drain(self) -> None:
        """Read to the authenticated end (tar leaves padding unread)."""
        while self._next_chunk():
            pass
        self._buffer.clear()


# --- Database -----------------------------------------------------------------------------


def vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def dump_database(target: Path) -> None:
    """A consistent copy of the database at ``target``."""
    if vendor() == "postgresql":
        args, env = _pg_args()
        _run(["pg_dump", "--format=custom", "--file", str(target), *args], env)
        return
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # the online backup API: consistent while others write
    finally:
        destination.close()


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def load_database(source: Path) -> None:
    """Restore the dump at ``source`` into the (empty) configured database."""
    if vendor() == "postgresql":
        args, env = _pg_args()
        _run(
            [
                "pg_restore",
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                *args,
                str(source),
            ],
            env,
        )
        return
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("restore needs a database file, not an in-memory SQLite database")
    connection.close()
    origin = sqlite3.connect(source)
    destination = sqlite3.connect(name)
    try:
        origin.backup(destination)
    finally:
        origin.close()
        destination.close()


def applied_migrations() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[str(app), str(name)] for app, name in cursor.fetchall()]


# --- Documents ----------------------------------------------------------------------------


def documents_storage() -> EncryptedStorage:
    from ctis.cases import documents

    return documents.storage()


# --- Backup -------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _staging() -> Iterator[Path]:
    """A private directory (0700) for plaintext dumps, removed whatever happens."""
    base = Path(settings.VAR_DIR) / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="backup-", dir=base))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@dataclass
class Made:
    path: Path
    files: int
    documents: int
    size: int
    manifest: dict[str, Any] = field(repr=False)


def make_backup(output: Path) -> Made:
    """Write the encrypted archive to ``output`` (atomically: ``.part`` then renamed)."""
    from ctis.audit.models import AuditHead

    key = backup_key()
    kind = vendor()
    if output.exists():
        raise BackupError(f"{output} exists already; backups are never overwritten")
    key_file = os.environ.get("CTIS_BACKUP_KEY_FILE")
    if key_file and Path(key_file).resolve().parent == output.resolve().parent:
        raise BackupError(
            "the archive would be written beside CTIS_BACKUP_KEY_FILE; choose another"
        )
    with _staging() as stage:
        head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first()
        database_name = DATABASE_FILES[kind]
        dump_database(stage / database_name)
        # Documents after the database: every document row in the dump has its file. They are
        # copied as stored (still encrypted with the data keys), through the storage's API.
        members: list[tuple[str, Path]] = [(database_name, stage / database_name)]
        files = documents_storage()
        (stage / "documents").mkdir()
        for name in files.names():
            copy = stage / "documents" / name
            copy.write_bytes(files.read_token(name).encode("ascii"))
            members.append((DOCUMENTS + name, copy))
        entries = [
            {"name": name, "size": path.stat().st_size, "sha256": _sha256(path)}
            for name, path in members
        ]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": kind,
            "migrations": applied_migrations(),
            "audit_head": {"seq": head[0], "hash": head[1]} if head else None,
            "files": entries,
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".part")
        with partial.open("wb") as out:
            os.chmod(partial, 0o600)
            writer = EncryptedWriter(out, key)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
                raw = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(raw)
                tar.addfile(info, fileobj=_BytesReader(raw))
                for name, path in members:
                    info = tarfile.TarInfo(name)
                    info.size = path.stat().st_size
                    with path.open("rb") as handle:
                        tar.addfile(info, fileobj=handle)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        partial.replace(output)
    documents = sum(1 for e in entries if str(e["name"]).startswith(DOCUMENTS))
    return Made(output, len(entries), documents, output.stat().st_size, manifest)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            size = len(self._data)
        chunk, self._data = self._data[:size], self._data[size:]
        return chunk


# --- Verify and restore -------------------------------------------------------------------


def unpack(archive: Path, into: Path) -> dict[str, Any]:
    """Decrypt and unpack ``archive`` into ``into``, checking authentication, the manifest and
    every checksum; the manifest, or :class:`BackupError`. Touches nothing else."""
    key = backup_key()
    with archive.open("rb") as source:
        reader = EncryptedReader(source, key)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                manifest, expected, seen = _extract(tar, into)
        except (tarfile.TarError, json.JSONDecodeError, KeyError, TypeError, AttributeError):
            raise BackupError("the archive's content is malformed") from None
        reader.drain()
        if not reader.finished:
            raise BackupError("the archive is truncated")
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"the archive lacks {len(missing)} files named in its manifest")
    return manifest


def _extract(
    tar: tarfile.TarFile, into: Path
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], set[str]]:
    """The manifest (first member), what it lists, and what was extracted and checked."""
    manifest: dict[str, Any] | None = None
    expected: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for member in tar:
        if manifest is None:
            if member.name != MANIFEST or not member.isfile():
                raise BackupError("the archive does not start with its manifest")
            handle = tar.extractfile(member)
            assert handle is not None
            manifest = json.loads(handle.read())
            if manifest.get("format") != FORMAT:
                raise BackupError(f"unknown archive format {manifest.get('format')!r}")
            expected = {str(e["name"]): e for e in manifest["files"]}
            continue
        entry = expected.get(member.name)
        if entry is None or member.name in seen or not member.isfile() or not _safe(member.name):
            raise BackupError(f"unexpected member in the archive: {member.name!r}")
        seen.add(member.name)
        target = into / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tar.extractfile(member)
        assert handle is not None
        with target.open("wb") as out:
            shutil.copyfileobj(handle, out, CHUNK)
        if target.stat().st_size != entry["size"] or _sha256(target) != entry["sha256"]:
            raise BackupError(f"checksum mismatch: {member.name}")
    if manifest is None:
        raise BackupError("the archive holds no manifest")
    return manifest, expected, seen


def _safe(name: str) -> bool:
    if name in DATABASE_FILES.values():
        return True
    rest = name.removeprefix(DOCUMENTS)
    return name.startswith(DOCUMENTS) and rest.isalnum()


def check_target(manifest: dict[str, Any]) -> None:
    """Refuse unless the configured database and the documents directory are empty and the
    archive comes from the same kind of database and a ctis that this code knows."""
    if manifest["database"] != vendor():
        raise BackupError(
            f"the archive holds a {manifest['database']} database; this ctis uses {vendor()}"
        )
    if not database_is_empty():
        raise BackupError(
            "the database is not empty: restore only into a new, empty database "
            "(PostgreSQL: createdb; SQLite: a path where no database file exists yet)"
        )
    if documents_storage().names():
        raise BackupError("the documents storage is not empty: restore only into an empty one")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"the archive comes from a newer ctis ({len(unknown)} migrations this code does not "
            f"have, e.g. {unknown[0]}): install that version first"
        )


def put_documents(stage: Path) -> int:
    files = documents_storage()
    source = stage / DOCUMENTS.rstrip("/")
    paths = sorted(source.iterdir()) if source.exists() else []
    for path in paths:
        files.write_token(path.name, path.read_bytes())
    return len(paths)

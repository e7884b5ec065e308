"""Backup and restore: Ana backs up; after it a caseworker changes a case and the DPO erases a
person; the backup is restored into a new, empty database. Everything is as it was at the
backup, except that the erased person stays erased.

Runs on the suite's database (SQLite or PostgreSQL, ``DATABASE_URL``); the restore runs as the
operator runs it, ``ctis restore`` in another process, into a fresh database made here."""

from __future__ import annotations

import datetime
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from ctis.audit.context import Actor
from ctis.cases import actions, assistance_actions, rights
from ctis.cases.models import Case
from ctis.cases.tests.conftest import fresh, open_case
from ctis.core.encryption import generate_key

PDF = b"%PDF-1.4\n% fictional residence permit\n%%EOF\n"
OTHER_PDF = b"%PDF-1.4\n% fictional school certificate\n%%EOF\n"
ERASED_NAME = ("Зорислава Ђурђевић", "Zorislava Đurđević")
KEPT_NAME = ("Милена Фиктивић", "Milena Fiktivić")
AUDIT_TABLES = {"audit_auditevent", "audit_audithead"}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup_env(settings: Any, tmp_path: Path) -> dict[str, str]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger" / "erasures.jsonl")
    settings.CTIS_BACKUP_KEY = generate_key()
    return {
        "CTIS_ENV": "development",
        "CTIS_DATA_KEYS": str(settings.CTIS_DATA_KEYS),
        "CTIS_BLIND_INDEX_KEY": str(settings.CTIS_BLIND_INDEX_KEY),
        "CTIS_AUDIT_KEY": str(settings.AUDIT_KEY),
        "SECRET_KEY": str(settings.SECRET_KEY),
        "CTIS_BACKUP_KEY": str(settings.CTIS_BACKUP_KEY),
        "CTIS_ERASURE_LEDGER": str(settings.CTIS_ERASURE_LEDGER),
        "CTIS_VAR_DIR": str(tmp_path / "restored-var"),
    }


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the suite's kind; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"ctis_restore_{secrets.token_hex(4)}"
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    if db.get("PASSWORD"):
        server["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    try:
        yield f"postgres://{db['USER']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (Decimal, datetime.date, datetime.time, datetime.timedelta)):
        return str(value)
    return value


def _tables(raw: Any, vendor: str) -> dict[str, dict[Any, tuple[Any, ...]]]:
    """Every table's rows, keyed by their first column, values normalised across drivers."""
    cursor = raw.cursor()
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    names = sorted(row[0] for row in cursor.fetchall())
    result: dict[str, dict[Any, tuple[Any, ...]]] = {}
    for name in names:
        cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - names from the catalogue
        rows = [tuple(_value(v) for v in row) for row in cursor.fetchall()]
        result[name] = {row[0]: row for row in rows}
        assert len(result[name]) == len(rows), f"{name}: first column is not a key"
    cursor.close()
    return result


def _snapshot() -> dict[str, dict[Any, tuple[Any, ...]]]:
    connection.ensure_connection()
    return _tables(connection.connection, connection.vendor)


def _restored_snapshot(url: str) -> dict[str, dict[Any, tuple[Any, ...]]]:
    if url.startswith("sqlite:///"):
        import sqlite3

        raw = sqlite3.connect(
            url.removeprefix("sqlite:///"),
            detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
        )
        try:
            return _tables(raw, "sqlite")
        finally:
            raw.close()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as raw:
        raw.execute("SET TIME ZONE 'UTC'")
        return _tables(raw, "postgresql")


def _ctis(env: dict[str, str], database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ctis.cli", *args],
        env={**os.environ, **env, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
        cwd=django_settings.BASE_DIR,
        timeout=300,
    )


def _person_case(caseworker: Any, names: tuple[str, str], document: bytes) -> Case:
    case = open_case(caseworker, name=names[0], latin=names[1])
    assistance_actions.upload_document(
        actor=Actor(user=caseworker), case=case, name="dozvola.pdf", content=document
    )
    return fresh(case)


def test_restore_brings_back_the_backup_and_keeps_the_erased_erased(
    caseworker, dpo, backup_env, empty_database, tmp_path
):
    erased_case = _person_case(caseworker, ERASED_NAME, PDF)
    kept_case = _person_case(caseworker, KEPT_NAME, OTHER_PDF)
    media = Path(django_settings.MEDIA_ROOT) / "case-documents"
    files_at_backup = {p.name: p.read_bytes() for p in media.iterdir()}
    assert len(files_at_backup) == 2

    archive = tmp_path / "backups" / "nightly.ctisbackup"
    call_command("backup", output=archive)
    at_backup = _snapshot()

    # The archive holds no plaintext name, no key, nothing readable.
    raw = archive.read_bytes()
    for secret in (*ERASED_NAME, *KEPT_NAME, b"%PDF"):
        needle = secret if isinstance(secret, bytes) else secret.encode()
        assert needle not in raw
    for key in (backup_env["CTIS_DATA_KEYS"].split(":", 1)[1], backup_env["CTIS_BACKUP_KEY"]):
        assert key.encode() not in raw

    # After the backup: a change to one case, and the other person erased.
    actor = Actor(user=caseworker)
    actions.update_person(
        actor=actor,
        case=kept_case,
        revision=kept_case.revision,
        data={"name": KEPT_NAME[0], "name_script": "Cyrl", "name_latin": KEPT_NAME[1],
              "sex": "female", "phone": "+000 61 999 0000"},
    )  # fmt: skip
    before_erasure = _snapshot()
    rights.erase(
        actor=Actor(user=dpo), case=erased_case, reason="request", confirm=erased_case.code
    )
    after_erasure = _snapshot()
    erased_rows = {
        (table, key)
        for table in after_erasure.keys() - AUDIT_TABLES
        for key in before_erasure[table].keys() | after_erasure[table].keys()
        if before_erasure[table].get(key) != after_erasure[table].get(key)
    }
    assert ("cases_person", erased_case.person_id) in erased_rows

    done = _ctis(backup_env, empty_database, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "archive verified" in done.stdout and "audit chain intact" in done.stdout
    assert "erasures re-applied: 1 erased again" in done.stdout
    for secret in (*ERASED_NAME, *KEPT_NAME):
        assert secret not in done.stdout + done.stderr

    restored = _restored_snapshot(empty_database)
    assert restored.keys() == at_backup.keys()
    for table in at_backup.keys() - AUDIT_TABLES:
        for key in at_backup[table].keys() | restored[table].keys():
            if (table, key) in erased_rows:
                # Erased again: gone where the erasure deleted it, overwritten where it kept it.
                assert (key in restored[table]) == (key in after_erasure[table]), (table, key)
                if key in restored[table] and key in at_backup[table]:
                    assert restored[table][key] != at_backup[table][key], (table, key)
            else:
                assert restored[table].get(key) == at_backup[table].get(key), (table, key)

    # The audit chain: the backup's events unchanged, then only the re-applied erasure and
    # the record of the restore.
    events = at_backup["audit_auditevent"]
    restored_events = restored["audit_auditevent"]
    assert {k: restored_events[k] for k in events} == events
    extra = [restored_events[k] for k in sorted(restored_events.keys() - events.keys())]
    assert len(extra) == 2
    text = [" ".join(str(v) for v in row) for row in extra]
    assert "erasure:reapplied" in text[0] and erased_case.person.code in text[0]
    assert "core.restore" in text[1]

    # Documents: the kept one exactly as at the backup; the erased person's file is gone.
    restored_media = Path(backup_env["CTIS_VAR_DIR"]) / "media" / "case-documents"
    restored_files = {p.name: p.read_bytes() for p in restored_media.iterdir()}
    kept_document = kept_case.documents.get().storage_name
    erased_document = erased_case.documents.get().storage_name
    assert restored_files == {kept_document: files_at_backup[kept_document]}
    assert erased_document not in restored_files

    # The product's own checks agree, on the restored database.
    for command in (("audit", "verify"), ("erasures", "check"), ("keys", "check")):
        done = _ctis(backup_env, empty_database, *command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)

    # Restoring again over it is refused: the database is no longer empty.
    again = _ctis(backup_env, empty_database, "restore", str(archive))
    assert again.returncode != 0 and "not empty" in again.stderr


def test_restore_refuses_an_altered_archive_or_a_wrong_key(
    caseworker, backup_env, empty_database, tmp_path
):
    _person_case(caseworker, KEPT_NAME, OTHER_PDF)
    archive = tmp_path / "nightly.ctisbackup"
    call_command("backup", output=archive)
    call_command("restore", str(archive), verify_only=True)  # verifies, restores nothing

    with (
        override_settings(CTIS_BACKUP_KEY=generate_key()),
        pytest.raises(CommandError, match="does not authenticate"),
    ):
        call_command("restore", str(archive))

    altered = tmp_path / "altered.ctisbackup"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="does not authenticate"):
        call_command("restore", str(altered))

    truncated = tmp_path / "truncated.ctisbackup"
    truncated.write_bytes(archive.read_bytes()[:-40])
    with pytest.raises(CommandError, match=r"truncated|authenticate"):
        call_command("restore", str(truncated))

    # A sound archive into this (non-empty) database: refused before anything is loaded.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))

    # The altered archive, in another process into an empty database: refused, nothing made.
    refused = _ctis(backup_env, empty_database, "restore", str(altered))
    assert refused.returncode != 0 and "does not authenticate" in refused.stderr
    # Nothing was touched: the target database is still empty.
    assert _restored_snapshot(empty_database) == {}


def test_backup_needs_its_own_key(settings, caseworker, tmp_path):
    settings.CTIS_BACKUP_KEY = None
    with pytest.raises(Exception, match="CTIS_BACKUP_KEY"):
        call_command("backup", output=tmp_path / "x.ctisbackup")
    settings.CTIS_BACKUP_KEY = settings.CTIS_DATA_KEYS.split(",")[0].split(":", 1)[1]
    with pytest.raises(Exception, match="must differ"):
        call_command("backup", output=tmp_path / "x.ctisbackup")
    assert not (tmp_path / "x.ctisbackup").exists()

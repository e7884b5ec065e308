"""``ctis restore ARCHIVE [--verify-only]``: bring a backup back, into an empty database only.

1. Decrypt and unpack into a private staging directory, checking authentication, the manifest
   and every SHA-256 checksum: nothing is touched before the whole archive has verified.
2. Refuse unless the database has no table, the documents directory is empty, the archive
   comes from the same database kind and from a ctis whose migrations this code has.
3. Load the database (``pg_restore`` in one transaction / SQLite's backup API) and the
   documents; apply newer migrations, if the code is newer than the archive.
4. ``ctis audit verify``: the chain must hold as restored.
5. ``ctis erasures reapply``: everyone in the erasure ledger (kept apart from the backups) is
   erased again, so nobody erased after the backup was taken comes back.
6. Record the restore in the audit trail and verify the chain once more.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.audit.models import AuditHead
from ctis.cases import rights
from ctis.core import backup
from ctis.core.encryption import KeyConfigError


class Command(BaseCommand):
    help = "Verify an encrypted backup archive and restore it into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="check the archive (key, authentication, checksums) and restore nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        if not archive.is_file():
            raise CommandError(f"no archive at {archive}")
        try:
            with backup._staging() as stage:
                manifest = backup.unpack(archive, stage)
                self.stdout.write(
                    f"archive verified: made {manifest['created_at']}, {manifest['database']}, "
                    f"{len(manifest['files'])} files, every checksum matches"
                )
                if options["verify_only"]:
                    return
                backup.check_target(manifest)
                backup.load_database(stage / backup.DATABASE_FILES[manifest["database"]])
                documents = backup.put_documents(stage)
        except (backup.BackupError, KeyConfigError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"database restored; {documents} documents restored")
        call_command("migrate", interactive=False, verbosity=0)
        self._verify("as restored")
        head = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
        wanted = (manifest.get("audit_head") or {}).get("seq") or 0
        if head < wanted:
            raise CommandError(
                f"the restored audit trail ends at event {head}, before the backup's {wanted}: "
                "do not reopen; investigate"
            )
        try:
            result = rights.reapply(actor=Actor.system("ctis restore"))
        except ValueError as error:  # a malformed ledger line
            raise CommandError(
                f"{error}; the erasures were NOT re-applied: do not reopen"
            ) from None
        audit.record(
            actor=Actor.system("ctis restore"),
            action=audit.Action.CREATE,
            object_type="core.restore",
            detail=(
                f"restore of backup made {manifest['created_at']}: "
                f"erased again {len(result.erased)}"
            )[:200],
        )
        self._verify("after re-applying erasures")
        self.stdout.write(
            f"erasures re-applied: {len(result.erased)} erased again, {result.already} already "
            f"erased, {result.absent} not in this backup"
        )
        self.stdout.write(self.style.SUCCESS("restore complete"))

    def _verify(self, when: str) -> None:
        broken = audit.verify()
        if broken is not None:
            raise CommandError(f"audit chain broken {when}: {broken}. Do not reopen.")
        self.stdout.write(f"audit chain intact {when}")

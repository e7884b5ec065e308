"""``ctis backup [--output PATH]``: one encrypted archive of the database and the documents.

See ``ctis.core.backup`` for what is inside and how it is encrypted, docs/operations.md for the
schedule and retention. The key is ``CTIS_BACKUP_KEY`` (or ``_FILE``), never stored beside the
archive; the output names counts and sizes, never a value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ctis.audit.actions import Action, record
from ctis.audit.context import Actor
from ctis.core import backup
from ctis.core.encryption import KeyConfigError


class Command(BaseCommand):
    help = "Write an encrypted backup archive (database, documents, manifest with checksums)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="archive path (default var/backups/ctis-<UTC time>.ctisbackup)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or (
            Path(settings.VAR_DIR) / "backups" / f"ctis-{timezone.now():%Y%m%dT%H%M%SZ}.ctisbackup"
        )
        try:
            backup.backup_key()
            # Recorded first, so the archive itself holds the event of its making.
            record(
                actor=Actor.system("ctis backup"),
                action=Action.EXPORT,
                object_type="core.backup",
                detail=f"backup {output.name}"[:200],
            )
            made = backup.make_backup(output)
        except (backup.BackupError, KeyConfigError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written: {made.path} ({made.size} bytes; database and "
                f"{made.documents} documents, {made.files} files checksummed)"
            )
        )

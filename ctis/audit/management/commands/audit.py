"""``ctis audit verify``: check that no audit event was edited, inserted or deleted."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctis.audit import actions
from ctis.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' walks the hash chain and reports the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        broken = actions.verify()
        if broken is not None:
            raise CommandError(str(broken))
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {count} events verified"))

"""``ctis audit verify``: check that no audit event was edited, inserted or deleted."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctis.audit import actions
from ctis.audit.context import Actor


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' walks the hash chain and reports the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        check = actions.check_chain(actor=Actor.system("ctis audit verify"))
        if not check.intact:
            raise CommandError(f"chain broken at event {check.broken_at}: {check.reason}")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {check.events} events verified"))

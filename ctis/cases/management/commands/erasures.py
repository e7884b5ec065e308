"""``ctis erasures reapply | check | list``: keep erasures erased across backup restores.

Every erasure is appended to the ledger file (``CTIS_ERASURE_LEDGER``, default
``var/erasure-ledger.jsonl``), which is kept apart from the database backups. After restoring
a backup, run ``ctis erasures reapply`` before reopening the system: it erases again everyone
the ledger names who has personal data in the restored database (idempotent: a second run
changes nothing). ``check`` exits 1 while anyone in the ledger still has personal data.
Output names person codes and counts, never a value.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctis.audit.context import Actor
from ctis.cases import rights
from ctis.cases.models import Person


class Command(BaseCommand):
    help = "Re-apply, check or list the erasure ledger (run reapply after restoring a backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reapply", "check", "list"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = rights.read_ledger()
        except ValueError as error:
            raise CommandError(str(error)) from None
        action = options["action"]
        if action == "list":
            for entry in entries:
                self.stdout.write(
                    f"{entry['person']}\t{' '.join(entry.get('cases', []))}\t"
                    f"{entry.get('erased_at', '')}\t{entry.get('reason', '')}"
                )
            self.stdout.write(f"{len(entries)} erasures in {rights.ledger_path()}")
            return
        if action == "check":
            left = []
            for entry in entries:
                person = Person.objects.filter(code=entry["person"]).first()
                if person is not None and (rights.residue(person) or not rights.is_erased(person)):
                    left.append(str(entry["person"]))
            if left:
                raise CommandError(
                    f"{len(left)} erased people have personal data again: {' '.join(left)}. "
                    "Run `ctis erasures reapply`."
                )
            self.stdout.write(f"{len(entries)} erasures checked: none has personal data.")
            return
        result = rights.reapply(actor=Actor.system("ctis erasures reapply"))
        self.stdout.write(
            f"erased again: {len(result.erased)}"
            f"{' (' + ' '.join(result.erased) + ')' if result.erased else ''}; "
            f"already erased: {result.already}; not in this database: {result.absent}; "
            f"added to the ledger from the database: {result.added_to_ledger}"
        )

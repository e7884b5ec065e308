"""``ctis screening``: screening tasks run by an operator.

Examples::

    ctis screening import-offline export.csv --organisation "NGO Bihać" [--dry-run]
    ctis screening offline-form [--output DIR]

``import-offline`` imports an export (KoboToolbox / ODK Central CSV, XLSX or JSON) of the offline
screening form into screenings of the organisation, all or nothing: a rejected file exits with
status 1 and lists every problem (row, column, value, reason) on standard error.
"""

from __future__ import annotations

import getpass
import shutil
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctis.accounts.models import Organisation
from ctis.audit.context import Actor
from ctis.screening.offline import actions, xlsform


class Command(BaseCommand):
    help = "Screening tasks: import exports of the offline form, write the form's files."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser(
            "import-offline", help="import an export of the offline screening form"
        )
        load.add_argument("file", type=Path)
        load.add_argument("--organisation", required=True, help="organisation name")
        load.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        form = sub.add_parser("offline-form", help="copy the form (XLSForm and XForm) to a folder")
        form.add_argument("--output", type=Path, default=Path.cwd())

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "offline-form":
            for source in (xlsform.XLSX_PATH, xlsform.XML_PATH):
                target = options["output"] / source.name
                shutil.copyfile(source, target)
                self.stdout.write(f"wrote {target}")
            return
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation named {options['organisation']!r}")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read: {exc.strerror}") from None
        actor = Actor.system(f"ctis screening {command} ({getpass.getuser()})")
        try:
            outcome = actions.import_offline(
                actor=actor,
                data=data,
                file_name=path.name,
                dry_run=options["dry_run"],
                organisation=organisation,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self._report(outcome)

    def _report(self, outcome: actions.OfflineImport) -> None:
        if outcome.ignored:
            self.stderr.write(
                "note: columns not recognised, ignored: " + ", ".join(outcome.ignored)
            )
        counts = (
            f"{outcome.rows} submissions: {outcome.created} screenings new, "
            f"{outcome.unchanged} unchanged, {outcome.refusals} refusals counted, "
            f"{outcome.refusals_unchanged} refusals counted before"
        )
        if outcome.accepted:
            verb = "dry run, nothing written" if outcome.dry_run else "imported"
            self.stdout.write(f"{verb} ({counts}) in {outcome.seconds:.2f} s; import {outcome.id}")
            for result, number in sorted(outcome.results.items()):
                self.stdout.write(f"  {result}: {number}")
            return
        for problem in outcome.problems:
            where = f"row {problem.row}" if problem.row is not None else "file"
            value = repr(problem.value) if problem.value else "(blank)"
            self.stderr.write(f"{where}, column {problem.column or '—'}: {value} {problem.reason}")
        raise CommandError(
            f"nothing imported: {len(outcome.problems)} problems in {outcome.rejected_rows} rows",
            returncode=1,
        )

"""``ctis surveys``: create a survey, import a file, pull from KoboToolbox or ODK Central.

Examples::

    ctis surveys create fms-rs-2017 --title "FMS Serbia 2017" --organisation "IOM Belgrade" \
        --country RS [--kobo-url https://kf.kobotoolbox.org --kobo-asset aBc123]
    ctis surveys import export.csv --survey fms-rs-2017 [--dry-run] [--format csv]
    ctis surveys pull-kobo --survey fms-rs-2017 [--dry-run]
    ctis surveys pull-odk --survey fms-rs-2017 [--dry-run]

A rejected import exits with status 1 and lists its problems (row, column, value, reason).
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ctis.accounts.models import Country, Organisation
from ctis.audit.context import Actor
from ctis.surveys import actions
from ctis.surveys.importing import remote
from ctis.surveys.importing.tables import Format
from ctis.surveys.models import ImportBatch, Survey

PROBLEMS_PRINTED = 50


class TqdmProgress:
    """One progress bar per stage (reading, checking, writing), on standard error."""

    def __init__(self, stream: Any, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.bar: tqdm[Any] | None = None

    def stage(self, name: str, total: int | None) -> None:
        self.close()
        if self.enabled:
            self.bar = tqdm(total=total, desc=f"{name:>11}", unit=" rows", file=self.stream)

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "Create surveys and import their submissions (files, KoboToolbox, ODK Central)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="create a survey")
        create.add_argument("name", help="short unique name (letters, digits, hyphens)")
        create.add_argument("--title", required=True)
        create.add_argument("--organisation", required=True, help="organisation name")
        create.add_argument("--country", help="country code (none: regional)")
        create.add_argument("--instrument-version", default="fms-ct-2017")
        create.add_argument("--kobo-url", default="")
        create.add_argument("--kobo-asset", default="", help="the form's asset uid")
        create.add_argument("--kobo-token-variable", default="CTIS_KOBO_TOKEN")
        create.add_argument("--odk-url", default="")
        create.add_argument("--odk-project", type=int)
        create.add_argument("--odk-form", default="")
        create.add_argument("--odk-username", default="")
        create.add_argument("--odk-password-variable", default="CTIS_ODK_PASSWORD")

        load = sub.add_parser("import", help="import one file")
        load.add_argument("file", type=Path)
        load.add_argument("--survey", required=True, help="the survey's name")
        load.add_argument("--format", choices=[f.value for f in Format])
        load.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        load.add_argument("--no-progress", action="store_true")

        for name in ("pull-kobo", "pull-odk"):
            pull = sub.add_parser(name, help=f"import every submission from the server ({name})")
            pull.add_argument("--survey", required=True)
            pull.add_argument("--dry-run", action="store_true")
            pull.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        actor = Actor.system(f"ctis surveys {command} ({getpass.getuser()})")
        if command == "create":
            self._create(actor, options)
            return
        survey = Survey.objects.filter(name=options["survey"]).first()
        if survey is None:
            raise CommandError(f"no survey named {options['survey']!r} (see: ctis surveys create)")
        progress = TqdmProgress(self.stderr._out, enabled=not options["no_progress"])
        try:
            if command == "import":
                path: Path = options["file"]
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise CommandError(f"{path}: cannot be read: {exc.strerror}") from None
                batch = actions.import_file(
                    actor=actor,
                    survey=survey,
                    data=data,
                    file_name=path.name,
                    file_format=options["format"],
                    dry_run=options["dry_run"],
                    progress=progress,
                )
            elif command == "pull-kobo":
                batch = actions.pull_kobo(
                    actor=actor, survey=survey, dry_run=options["dry_run"], progress=progress
                )
            else:
                batch = actions.pull_odk(
                    actor=actor, survey=survey, dry_run=options["dry_run"], progress=progress
                )
        except remote.RemoteError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        finally:
            progress.close()
        self._report(batch)

    def _create(self, actor: Actor, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation named {options['organisation']!r}")
        country = None
        if options["country"]:
            country = Country.objects.filter(code=options["country"].upper()).first()
            if country is None:
                raise CommandError(f"no country with code {options['country']!r}")
        try:
            survey = actions.create_survey(
                actor=actor,
                name=options["name"],
                title=options["title"],
                organisation=organisation,
                country=country,
                instrument_version=options["instrument_version"],
                kobo_url=options["kobo_url"],
                kobo_asset_uid=options["kobo_asset"],
                kobo_token_variable=options["kobo_token_variable"],
                odk_url=options["odk_url"],
                odk_project_id=options["odk_project"],
                odk_form_id=options["odk_form"],
                odk_username=options["odk_username"],
                odk_password_variable=options["odk_password_variable"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"created survey {survey.name} ({survey.public_id})")

    def _report(self, batch: ImportBatch) -> None:
        if batch.ignored_columns:
            self.stderr.write(
                "note: columns not recognised, kept only in the raw submissions: "
                + ", ".join(batch.ignored_columns)
            )
        counts = (
            f"{batch.rows} rows: {batch.created} created, {batch.updated} updated, "
            f"{batch.unchanged} unchanged"
        )
        if batch.status == ImportBatch.Status.IMPORTED:
            self.stdout.write(f"imported ({counts}); batch {batch.public_id}")
            return
        if batch.status == ImportBatch.Status.CHECKED:
            self.stdout.write(f"dry run, nothing written ({counts}); batch {batch.public_id}")
            return
        problems = batch.problem_list
        for problem in problems[:PROBLEMS_PRINTED]:
            where = f"row {problem.row}" if problem.row is not None else "file"
            value = repr(problem.value) if problem.value else "(blank)"
            self.stderr.write(f"{where}, column {problem.column or '—'}: {value} {problem.reason}")
        if len(problems) > PROBLEMS_PRINTED:
            self.stderr.write(
                f"… and {len(problems) - PROBLEMS_PRINTED} more (all kept with batch "
                f"{batch.public_id})"
            )
        raise CommandError(
            f"nothing imported: {len(problems)} problems in {batch.rejected} rows "
            f"(batch {batch.public_id})",
            returncode=1,
        )

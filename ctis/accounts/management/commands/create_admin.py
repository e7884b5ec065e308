"""``ctis create_admin``: the first system administrator of a new installation."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ctis.accounts import actions
from ctis.accounts.models import Organisation
from ctis.accounts.roles import Role
from ctis.audit.context import Actor


class Command(BaseCommand):
    help = "Create a system administrator in a regional organisation (created if missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--organisation", default="Regional office")
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="create without a password; the administrator sets one by password reset",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if not options["no_password"]:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        actor = Actor.system("create_admin command")
        with transaction.atomic():
            organisation = Organisation.objects.filter(
                name=options["organisation"], country__isnull=True
            ).first() or actions.create_organisation(
                actor=actor,
                name=options["organisation"],
                kind=Organisation.Kind.INTERNATIONAL,
                country=None,
            )
            try:
                user = actions.create_user(
                    actor=actor,
                    username=options["username"],
                    email=options["email"],
                    organisation=organisation,
                    roles=[Role.SYSTEM_ADMIN],
                    password=password,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"created {user.username}; they set up two-factor login at their first login"
            )
        )

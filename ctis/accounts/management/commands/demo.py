"""``ctis demo load`` (idempotent) and ``ctis demo accounts`` (print the logins)."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctis.accounts import demo
from ctis.accounts.countries import KOSOVO_FOOTNOTE, country_name

# Each area's demo data, loaded after the accounts, in this order.
DEMO_LOADERS = [
    "ctis.directory.demo",
    "ctis.screening.demo",
    "ctis.cases.demo",
    "ctis.referrals.demo",
    "ctis.surveys.demo",
    "ctis.training.demo",
    "ctis.coordination.demo",
    "ctis.portal.demo",
]


class Command(BaseCommand):
    help = "Load synthetic demo data (development mode only) or print the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["load", "accounts"])

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Demo data is never loaded or shown in production mode (CTIS_ENV=production)."
            )
        if options["operation"] == "load":
            made = demo.load()
            for loader in DEMO_LOADERS:
                importlib.import_module(loader).load()
            self.stdout.write(self.style.SUCCESS(f"demo data ready: {len(made)} accounts"))
            return
        password = demo.demo_password()
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING("Demo accounts (fictional people, demo data only)")
        )
        for account in demo.accounts():
            where = country_name(account.country) if account.country else "Regional"
            self.stdout.write(f"  {account.username:<16} {account.role:<14} {where}")
        self.stdout.write(f"  password for all: {password}")
        self.stdout.write(f"  * {KOSOVO_FOOTNOTE}")
        self.stdout.write(
            "  (set CTIS_DEMO_PASSWORD to choose it; demo accounts skip two-factor enrolment)"
        )
        self.stdout.write("")

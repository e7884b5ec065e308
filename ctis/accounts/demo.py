"""Synthetic demo organisations and accounts, created through the real actions.

Every name here is invented. This is the only place demo credentials exist.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from ctis.accounts import actions
from ctis.accounts.models import Country, Organisation, User
from ctis.accounts.roles import Role
from ctis.audit.context import Actor

ACTOR = Actor.system("demo loader")

# (country, organisation name, kind) — all fictional.
ORGANISATIONS: list[tuple[str | None, str, Organisation.Kind]] = [
    (None, "Regional Programme Office (demo)", Organisation.Kind.INTERNATIONAL),
    ("AL", "Drita Outreach Association (demo)", Organisation.Kind.NGO),
    ("AL", "National Anti-Trafficking Office of Albania (demo)", Organisation.Kind.NATIONAL_OFFICE),
    ("BA", "Sunrise Migrant Support Centre (demo)", Organisation.Kind.NGO),
    (
        "BA",
        "State Anti-Trafficking Coordinator's Office of BiH (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
    ("XK", "Ura Victim Advocacy Network (demo)", Organisation.Kind.NGO),
    (
        "XK",
        "National Anti-Trafficking Coordinator's Office of Kosovo* (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
    ("ME", "Lovćen Safe House Network (demo)", Organisation.Kind.SHELTER),
    ("ME", "Anti-Trafficking Office of Montenegro (demo)", Organisation.Kind.NATIONAL_OFFICE),
    ("MK", "Vardar Open Gate Association (demo)", Organisation.Kind.NGO),
    (
        "MK",
        "National Commission against Trafficking of North Macedonia (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
    ("RS", "Sava Protection Centre (demo)", Organisation.Kind.NGO),
    (
        "RS",
        "Office of the National Anti-Trafficking Coordinator of Serbia (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
]

# Invented staff names in the region's scripts.
FIRST_NAMES = {
    "AL": ("Besa", "Arben", "Drita", "Ilir"),
    "BA": ("Amra", "Emir", "Lejla", "Dženan"),
    "XK": ("Vjosa", "Blerim", "Teuta", "Luan"),
    "ME": ("Milica", "Nikola", "Jelena", "Vuk"),
    "MK": ("Елена", "Горан", "Марија", "Стефан"),
    "RS": ("Марко", "Ана", "Драган", "Јована"),
}
COUNTRY_ROLES = (Role.SCREENER, Role.CASEWORKER, Role.SUPERVISOR, Role.COORDINATOR)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    organisation: str
    country: str | None


def demo_password() -> str:
    """CTIS_DEMO_PASSWORD, or one generated once per machine and kept under var/."""

    configured = os.environ.get("CTIS_DEMO_PASSWORD")
    if configured:
        return configured
    path = settings.VAR_DIR / "secrets" / "demo_password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def accounts() -> list[DemoAccount]:
    regional = ORGANISATIONS[0][1]
    result = [
        DemoAccount("admin", Role.SYSTEM_ADMIN, regional, None),
        DemoAccount("dpo", Role.DPO, regional, None),
        DemoAccount("analyst", Role.ANALYST, regional, None),
    ]
    for country, name, kind in ORGANISATIONS[1:]:
        assert country is not None
        for role in COUNTRY_ROLES:
            wants_office = role is Role.COORDINATOR
            if wants_office == (kind is Organisation.Kind.NATIONAL_OFFICE):
                result.append(DemoAccount(f"{role}.{country.lower()}", role, name, country))
    return result


def load() -> list[DemoAccount]:
    """Create what is missing; running it again changes nothing (but a new demo password)."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded in production mode.")
    password = demo_password()
    with transaction.atomic():
        organisations: dict[str, Organisation] = {}
        for country_code, name, kind in ORGANISATIONS:
            country = Country.objects.get(code=country_code) if country_code else None
            existing = Organisation.objects.filter(name=name, country=country).first()
            organisations[name] = existing or actions.create_organisation(
                actor=ACTOR, name=name, kind=kind, country=country
            )
        made = accounts()
        for index, account in enumerate(made):
            user = User.objects.filter(username=account.username).first()
            if user is None:
                first_names = FIRST_NAMES.get(account.country or "", ("Demo",))
                actions.create_user(
                    actor=ACTOR,
                    username=account.username,
                    organisation=organisations[account.organisation],
                    roles=[account.role],
                    password=password,
                    first_name=first_names[index % len(first_names)],
                    last_name="Demo",
                    email=f"{account.username}@demo.invalid",
                    is_demo=True,
                )
            elif not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
    return made

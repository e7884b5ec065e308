"""Fictional demo services in every country, created through the real actions.

Phone numbers start with +000, which no country uses: demo data can never ring a real line.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ctis.accounts.models import Country, Organisation
from ctis.audit.context import Actor
from ctis.directory import actions
from ctis.directory.models import Provider, Service

ACTOR = Actor.system("demo loader")
K = Service.Kind

# country: [(provider, service name, kind, town, languages, extra fields)]
SERVICES: dict[str, list[tuple[str, str, str, str, list[str], dict[str, Any]]]] = {
    "BA": [
        (
            "Una Safe House (demo)",
            "Una boys' shelter (demo)",
            K.SHELTER,
            "Bihać",
            ["bs", "en", "ps", "prs"],
            {
                "eligible_sex": "male",
                "min_age": 12,
                "max_age": 17,
                "capacity": 8,
                "available_24_7": True,
                "availability": "available",
                "address": "Confidential — ask the caseworker",
                "address_is_public": False,
            },
        ),
        (
            "Miljacka Health Centre (demo)",
            "Miljacka migrant clinic (demo)",
            K.MEDICAL,
            "Sarajevo",
            ["bs", "en", "prs", "fa", "ar"],
            {
                "address": "1 Demo Street, Sarajevo",
                "address_is_public": True,
                "opening_hours": "Mon–Fri 08:00–16:00",
                "availability": "available",
            },
        ),
        (
            "Sunrise Migrant Support Centre (demo)",
            "Sunrise legal counselling (demo)",
            K.LEGAL_AID,
            "Sarajevo",
            ["bs", "en", "ar", "fr"],
            {
                "address": "5 Example Square, Sarajevo",
                "address_is_public": True,
                "opening_hours": "Tue, Thu 10:00–14:00",
            },
        ),
        (
            "State Helpline BiH (demo)",
            "Anti-trafficking helpline BiH (demo)",
            K.HOTLINE,
            "Sarajevo",
            ["bs", "en"],
            {"available_24_7": True, "phone": "+000 555 0100"},
        ),
    ],
    "RS": [
        (
            "Sava Protection Centre (demo)",
            "Sava women's shelter (demo)",
            K.SHELTER,
            "Belgrade",
            ["sr", "en", "ar"],
            {
                "eligible_sex": "female",
                "min_age": 18,
                "capacity": 12,
                "available_24_7": True,
                "availability": "limited",
                "address": "Confidential — ask the caseworker",
                "address_is_public": False,
            },
        ),
        (
            "Danube Legal Aid (demo)",
            "Danube legal aid for migrants (demo)",
            K.LEGAL_AID,
            "Belgrade",
            ["sr", "en", "fa", "ur"],
            {
                "address": "12 Example Boulevard, Belgrade",
                "address_is_public": True,
                "opening_hours": "Mon–Fri 09:00–17:00",
            },
        ),
        (
            "Centre for Social Work Belgrade (demo)",
            "Child protection duty team (demo)",
            K.CHILD_PROTECTION,
            "Belgrade",
            ["sr", "en"],
            {"max_age": 17, "available_24_7": True, "phone": "+000 555 0200"},
        ),
    ],
    "MK": [
        (
            "Vardar Open Gate Association (demo)",
            "Vardar shelter (demo)",
            K.SHELTER,
            "Skopje",
            ["mk", "sq", "en"],
            {
                "capacity": 10,
                "availability": "available",
                "address": "Confidential",
                "address_is_public": False,
            },
        ),
        (
            "Skopje Interpreters' Pool (demo)",
            "On-call interpreters (demo)",
            K.INTERPRETATION,
            "Skopje",
            ["mk", "ar", "ps", "ur", "fa"],
            {"phone": "+000 555 0300"},
        ),
    ],
    "AL": [
        (
            "Drita Outreach Association (demo)",
            "Drita reintegration support (demo)",
            K.AVRR,
            "Tirana",
            ["sq", "en", "ar"],
            {
                "address": "3 Demo Road, Tirana",
                "address_is_public": True,
                "opening_hours": "Mon–Fri 09:00–16:00",
            },
        ),
        (
            "Tirana Psychosocial Network (demo)",
            "Counselling in your language (demo)",
            K.PSYCHOSOCIAL,
            "Tirana",
            ["sq", "en", "fa", "ar"],
            {"address": "8 Example Lane, Tirana", "address_is_public": True},
        ),
    ],
    "ME": [
        (
            "Lovćen Safe House Network (demo)",
            "Lovćen shelter (demo)",
            K.SHELTER,
            "Podgorica",
            ["sr", "en"],
            {
                "capacity": 6,
                "availability": "full",
                "address": "Confidential",
                "address_is_public": False,
            },
        ),
    ],
    "XK": [
        (
            "Ura Victim Advocacy Network (demo)",
            "Ura victim advocates (demo)",
            K.LEGAL_AID,
            "Prishtina",
            ["sq", "sr", "en"],
            {"address": "2 Demo Street, Prishtina", "address_is_public": True},
        ),
    ],
}


def _organisation(name: str, country: Country) -> Organisation | None:
    """The demo organisation of the same name, if the accounts demo made one: its provider is
    then in ctis, and referrals to its services reach it there."""
    return Organisation.objects.filter(name=name, country=country).first()


def load() -> None:
    with transaction.atomic():
        for code, rows in SERVICES.items():
            country = Country.objects.get(code=code)
            for provider_name, name, kind, town, languages, extra in rows:
                organisation = _organisation(provider_name, country)
                provider = Provider.objects.filter(name=provider_name, country=country).first()
                if provider is not None and organisation and provider.organisation_id is None:
                    actions.link_organisation(
                        actor=ACTOR, provider=provider, organisation=organisation
                    )
                if Service.objects.filter(name=name).exists():
                    continue
                if provider is None:
                    provider = actions.create_provider(
                        actor=ACTOR, name=provider_name, country=country, organisation=organisation
                    )
                data = {"kind": kind, "name": name, "municipality": town, **extra}
                data.setdefault("description", f"{name}: fictional service for demonstrations.")
                actions.create_service(
                    actor=ACTOR, provider=provider, data=data, languages=languages
                )

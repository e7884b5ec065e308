"""Demo content of the portal, created through the real actions (``ctis demo load``).

English pages are loaded as reviewed; every other language as a draft that needs review by
a native speaker, so the portal shows English with a notice until a reviewer approves it.
Numbers start with +000, which no country uses: demo data can never ring a real line.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ctis.accounts.models import Country
from ctis.audit.context import Actor
from ctis.portal import actions
from ctis.portal.demo_content import SLUGS, pages
from ctis.portal.languages import PORTAL_LANGUAGES, SOURCE_LANGUAGE
from ctis.portal.models import Campaign, EmergencyNumber, Page

ACTOR = Actor.system("demo loader")

# Fictional numbers per country: (kind, number).
NUMBERS: dict[str, list[tuple[str, str]]] = {
    "AL": [("emergency", "+000 112 01"), ("trafficking", "+000 555 0400")],
    "BA": [
        ("emergency", "+000 112 02"),
        ("police", "+000 122 02"),
        ("trafficking", "+000 555 0100"),
    ],
    "XK": [("emergency", "+000 112 03"), ("trafficking", "+000 555 0500")],
    "ME": [("emergency", "+000 112 04"), ("trafficking", "+000 555 0600")],
    "MK": [("emergency", "+000 112 05"), ("trafficking", "+000 555 0300")],
    "RS": [
        ("emergency", "+000 112 06"),
        ("trafficking", "+000 555 0200"),
        ("children", "+000 555 0201"),
    ],
}
POSITION = {kind: i for i, kind in enumerate(EmergencyNumber.Kind.values)}


def load_pages(*, review_all: bool = False) -> None:
    """Create the seed pages and their translations (idempotent).

    ``review_all`` approves every translation (for tests that need every language published).
    """
    for slug, position in SLUGS.items():
        page = Page.objects.filter(slug=slug).first() or actions.create_page(
            actor=ACTOR, slug=slug, position=position
        )
        for language in PORTAL_LANGUAGES:
            title, summary, body = pages(language)[slug]
            actions.save_translation(
                actor=ACTOR,
                page=page,
                language=language,
                data={"title": title, "summary": summary, "body": body},
                reviewed=review_all or language == SOURCE_LANGUAGE,
            )


def load_numbers() -> None:
    for code, entries in NUMBERS.items():
        country = Country.objects.get(code=code)
        for kind, number in entries:
            actions.set_emergency_number(
                actor=ACTOR, country=country, kind=kind, number=number, position=POSITION[kind]
            )


def load_campaign() -> None:
    if Campaign.objects.filter(name="Safe Journey Balkans (demo)").exists():
        return
    ba, rs = Country.objects.get(code="BA"), Country.objects.get(code="RS")
    campaign = actions.create_campaign(
        actor=ACTOR,
        name="Safe Journey Balkans (demo)",
        countries=[ba, rs],
        languages=["prs", "ps", "ar", "ur", "fa"],
        target_groups="Men travelling alone; unaccompanied boys",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    for country in (ba, rs):
        for language in ("prs", "ps", "ar"):
            actions.add_material(actor=ACTOR, campaign=campaign, country=country, language=language)
    sessions = [
        (
            ba,
            datetime.date(2026, 9, 14),
            "Park near the main station, Sarajevo (demo)",
            "prs",
            0,
            23,
            0,
            6,
        ),
        (ba, datetime.date(2026, 10, 3), "Reception centre, Bihać (demo)", "ps", 2, 31, 1, 9),
        (rs, datetime.date(2026, 10, 19), "Bus station, Belgrade (demo)", "ar", 4, 18, 2, 3),
    ]
    for country, held_on, place, language, women, men, girls, boys in sessions:
        actions.record_outreach_session(
            actor=ACTOR,
            campaign=campaign,
            country=country,
            data={
                "held_on": held_on,
                "place": place,
                "language": language,
                "women": women,
                "men": men,
                "girls": girls,
                "boys": boys,
            },
        )


def load() -> None:
    """Load the portal's demo content; refuses to run in production mode."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("demo data is never loaded in production mode")
    load_pages()
    load_numbers()
    load_campaign()

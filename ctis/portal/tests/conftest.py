from __future__ import annotations

import pytest

from conftest import SYSTEM, _country
from ctis.accounts.countries import REGION
from ctis.directory import actions as directory
from ctis.portal import demo
from ctis.portal.models import PageTranslation


@pytest.fixture
def portal_pages(db):
    """The seed pages: English reviewed, every other language waiting for review."""
    demo.load_pages()


@pytest.fixture
def dari_reviewed(portal_pages):
    """A native speaker has approved the Dari translations."""
    PageTranslation.objects.filter(language="prs").update(status=PageTranslation.Status.REVIEWED)


@pytest.fixture
def all_reviewed(db):
    """Every translation approved, for tests that walk every language."""
    demo.load_pages(review_all=True)


@pytest.fixture
def countries(db):
    """The six countries (transactional tests empty the table the migration seeded)."""
    for code in REGION:
        _country(code)


@pytest.fixture
def numbers(countries):
    demo.load_numbers()


@pytest.fixture
def services(countries):
    """A clinic where someone speaks Dari, a boys' shelter at a secret address, a hotline."""
    ba, rs = _country("BA"), _country("RS")
    una = directory.create_provider(actor=SYSTEM, name="Test Una Shelters", country=ba)
    clinic = directory.create_provider(actor=SYSTEM, name="Test Health Centre", country=ba)
    helpline = directory.create_provider(actor=SYSTEM, name="Test Helpline BiH", country=ba)
    sava = directory.create_provider(actor=SYSTEM, name="Test Sava Centre", country=rs)
    shelter = directory.create_service(
        actor=SYSTEM,
        provider=una,
        data={
            "kind": "shelter",
            "name": "Test boys' shelter",
            "municipality": "Bihać",
            "eligible_sex": "male",
            "min_age": 12,
            "max_age": 17,
            "address": "Secret Lane 1, Bihać",
            "address_is_public": False,
            "phone": "+000 555 0111",
        },
        languages=["bs", "ps", "prs"],
    )
    clinic_service = directory.create_service(
        actor=SYSTEM,
        provider=clinic,
        data={
            "kind": "medical",
            "name": "Test migrant clinic",
            "municipality": "Sarajevo",
            "address": "1 Demo Street, Sarajevo",
            "address_is_public": True,
            "phone": "+000 555 0101",
            "opening_hours": "Mon–Fri 08:00–16:00",
        },
        languages=["bs", "prs", "en"],
    )
    legal = directory.create_service(
        actor=SYSTEM,
        provider=clinic,
        data={"kind": "legal_aid", "name": "Test legal desk", "municipality": "Sarajevo"},
        languages=["bs", "ar"],
    )
    hotline = directory.create_service(
        actor=SYSTEM,
        provider=helpline,
        data={
            "kind": "hotline",
            "name": "Test anti-trafficking helpline",
            "municipality": "Sarajevo",
            "phone": "+000 555 0100",
            "available_24_7": True,
        },
        languages=["bs", "en"],
    )
    women = directory.create_service(
        actor=SYSTEM,
        provider=sava,
        data={
            "kind": "shelter",
            "name": "Test women's shelter",
            "municipality": "Beograd",
            "eligible_sex": "female",
            "address": "Hidden Street 9, Beograd",
            "address_is_public": False,
        },
        languages=["sr", "ar", "prs"],
    )
    return {
        "shelter": shelter,
        "clinic": clinic_service,
        "legal": legal,
        "hotline": hotline,
        "women": women,
    }


@pytest.fixture
def portal(portal_pages, numbers, services):
    """Everything a visitor can see."""
    return services

from __future__ import annotations

import pytest

from conftest import SYSTEM, _country
from ctis.directory import actions
from ctis.directory.models import Provider, Service


@pytest.fixture
def services(db, organisations):
    """A small directory: two services in Bosnia and Herzegovina, one in Serbia."""
    ba, rs = _country("BA"), _country("RS")
    una = actions.create_provider(actor=SYSTEM, name="Test Una Shelters", country=ba)
    clinic = actions.create_provider(actor=SYSTEM, name="Test Clinic", country=ba)
    sava = actions.create_provider(actor=SYSTEM, name="Test Sava Centre", country=rs)
    boys = actions.create_service(
        actor=SYSTEM,
        provider=una,
        data={
            "kind": "shelter",
            "name": "Test boys' shelter",
            "municipality": "Bihać",
            "eligible_sex": "male",
            "min_age": 12,
            "max_age": 17,
            "availability": "available",
            "address": "Secret Lane 1",
            "address_is_public": False,
        },
        languages=["bs", "ps"],
    )
    clinic_service = actions.create_service(
        actor=SYSTEM,
        provider=clinic,
        data={
            "kind": "medical",
            "name": "Test clinic",
            "municipality": "Sarajevo",
            "phone": "+000 555 0101",
        },
        languages=["bs", "prs"],
    )
    women = actions.create_service(
        actor=SYSTEM,
        provider=sava,
        data={
            "kind": "shelter",
            "name": "Test women's shelter",
            "municipality": "Beograd",
            "eligible_sex": "female",
            "min_age": 18,
            "availability": "full",
        },
        languages=["sr", "ar"],
    )
    return {"boys": boys, "clinic": clinic_service, "women": women}


__all__ = ["Provider", "Service"]

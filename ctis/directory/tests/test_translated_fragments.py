"""The directory's relative times and confidential addresses read whole in Bosnian."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from conftest import SYSTEM, _country
from ctis.directory import actions
from ctis.directory.models import Service


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect English."""
    yield
    translation.deactivate()


def test_how_long_ago_availability_changed_is_bosnian(verified_client, screener, services):
    boys = services["boys"]
    Service.objects.filter(pk=boys.pk).update(
        availability_updated_at=timezone.now() - timedelta(minutes=5)
    )
    client = verified_client(screener)
    client.cookies["ctis_language"] = "bs"
    html = client.get(f"/services/{boys.public_id}/").content.decode()
    assert "5\xa0minuta" in html or "5 minuta" in html
    assert "minutes" not in html


def test_a_withheld_shelter_address_is_one_translated_sentence(verified_client, screener, db):
    provider = actions.create_provider(actor=SYSTEM, name="Test Shelters", country=_country("BA"))
    shelter = actions.create_service(
        actor=SYSTEM,
        provider=provider,
        data={"kind": "shelter", "name": "Test shelter", "municipality": "Bihać"},
        languages=["bs"],
    )
    client = verified_client(screener)
    client.cookies["ctis_language"] = "bs"
    html = client.get(f"/services/{shelter.public_id}/").content.decode()
    assert "Povjerljivo: pitajte službu telefonom." in html
    assert "Confidential" not in html and "ask the caseworker" not in html

"""What the receiver of a referral reads is in their language: no ISO codes for people."""

from __future__ import annotations

import pytest
from django.utils import translation

from ctis.referrals.tests.conftest import refer


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect English."""
    yield
    translation.deactivate()


def test_the_receiver_reads_language_and_nationality_names_in_bosnian(
    verified_client, caseworker, case, receiver_abroad
):
    referral = refer(caseworker, case, receiver_abroad, sharing_level="summary")
    client = verified_client(receiver_abroad)
    client.cookies["ctis_language"] = "bs"
    html = client.get(f"/referrals/{referral.code}/").content.decode()
    assert "Srbija" in html  # nationality SRB
    assert "srpski, engleski" in html  # languages "sr en"
    assert ">SRB<" not in html and "sr en" not in html

"""A case shows the person's languages and nationality as names in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from ctis.cases.tests.conftest import open_case


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect English."""
    yield
    translation.deactivate()


def test_a_case_names_languages_and_nationality_in_albanian(verified_client, caseworker):
    case = open_case(caseworker, person={"nationality": "AFG", "languages": "ps prs"})
    client = verified_client(caseworker)
    client.cookies["ctis_language"] = "sq"
    html = client.get(f"/cases/{case.code}/").content.decode()
    assert "<dd>Afganistan</dd>" in html
    assert "<dd>pashtoisht, darisht</dd>" in html
    assert ">AFG<" not in html and "ps prs" not in html


def test_kosovo_as_nationality_carries_the_footnote(verified_client, caseworker):
    case = open_case(caseworker, person={"nationality": "XKX"})
    client = verified_client(caseworker)
    client.cookies["ctis_language"] = "bs"
    html = client.get(f"/cases/{case.code}/").content.decode()
    assert "<dd>Kosovo*</dd>" in html
    assert 'id="kosovo-footnote"' in html

"""Screening statistics name the sexes in the reader's language, never by code."""

from __future__ import annotations

import pytest
from django.utils import translation

from ctis.screening.tests.test_statistics import _screen


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect English."""
    yield
    translation.deactivate()


def test_screening_counts_by_sex_are_named_in_bosnian(verified_client, make_user, coordinator):
    mk = make_user("mk.screener", "screener", "office_mk")
    _screen(mk, age=30, sex="female", answers={})
    _screen(mk, age=16, sex="male", answers={})
    client = verified_client(coordinator)
    client.cookies["ctis_language"] = "bs"
    html = client.get("/screening/statistics/").content.decode()
    # Sexes head the columns of the age-by-sex table.
    assert '<th scope="col">Žensko</th>' in html
    assert '<th scope="col">Muško</th>' in html
    assert ">female<" not in html and ">male<" not in html

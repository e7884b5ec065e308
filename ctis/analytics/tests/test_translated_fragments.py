"""The dashboard says how its estimates were made in the reader's language, and the workbook's
sheets are named in it too."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect English."""
    yield
    translation.deactivate()


def test_the_design_and_interval_are_named_in_bosnian(verified_client, analyst, interviews):
    client = verified_client(analyst)
    client.cookies["ctis_language"] = "bs"
    html = client.get("/analytics/").content.decode()
    assert "jednostavni slučajni uzorak" in html
    assert "simple random sample" not in html and "wilson" not in html


def test_the_xlsx_sheets_are_named_in_bosnian(verified_client, analyst, interviews):
    client = verified_client(analyst)
    client.cookies["ctis_language"] = "bs"
    book = load_workbook(io.BytesIO(client.get("/analytics/prevalence.xlsx").content))
    assert book.sheetnames == ["Prevalencija", "Bilješke"]

"""The programme report's workbook names its sheets in the reader's language."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from conftest import _country
from ctis.reports.views import sheet_name


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect English."""
    yield
    translation.deactivate()


def test_the_xlsx_sheets_are_named_in_albanian(verified_client, analyst, db):
    _country("AL")
    client = verified_client(analyst)
    client.cookies["ctis_language"] = "sq"
    response = client.get(
        "/reports/programme.xlsx",
        {"start": "2026-01-01", "end": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    names = load_workbook(io.BytesIO(response.content)).sheetnames
    assert names[0] == "Rreth raportit"
    assert {"Trajnimi", "Referimet", "Koordinimi"} <= set(names)
    assert not {"training", "referrals", "coordination", "About this report"} & set(names)


def test_a_sheet_name_is_valid_and_unique_whatever_the_title():
    used: set[str] = set()
    first = sheet_name("other", "Victims: assisted / referred [2026]?", used)
    assert first == "Victims assisted referred 2026"[:31]
    assert len(first) <= 31 and not set("[]:*?/\\") & set(first)
    assert sheet_name("other", "Victims: assisted / referred [2026]?", used) != first

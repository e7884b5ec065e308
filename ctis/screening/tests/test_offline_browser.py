"""Amra uploads her team's KoboCollect export on her phone: a bad file, then a good one."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PHONE
from ctis.screening.models import Screening

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures" / "offline"


def test_screener_uploads_a_bad_export_then_a_good_one_on_a_phone(
    live_server, page, browser_login, screener, screenshot, transactional_db
):
    external: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else external.append(r.url)
    )
    page.set_viewport_size(PHONE)
    browser_login(page, screener)
    page.goto(f"{live_server.url}/screening/")
    page.get_by_role("link", name="Offline forms").click()
    page.wait_for_url(f"{live_server.url}/screening/offline/")
    assert page.get_by_role("link", name="XLSForm (.xlsx)").is_visible()
    assert page.get_by_role("link", name="XForm (.xml)").is_visible()
    screenshot(page, "screening-offline-phone")

    page.get_by_label("Export of the screening form").set_input_files(
        str(FIXTURES / "bad_rows.csv")
    )
    page.get_by_role("button", name="Check and import").click()
    alert = page.get_by_role("alert")
    assert alert.get_by_text("Nothing was imported: 10 problems were found.").is_visible()
    rows = page.locator("table.problems tbody tr")
    assert rows.count() == 10
    second = rows.nth(1)
    assert [second.locator("td").nth(i).inner_text() for i in range(4)] == [
        "2",
        "dr.contract",
        "maybe",
        "is not yes, no or unknown",
    ]
    assert rows.first.locator("td").first.inner_text() == "whole file"
    screenshot(page, "screening-offline-problems-phone")
    assert not Screening.objects.exists()

    page.get_by_label("Export of the screening form").set_input_files(
        str(FIXTURES / "kobo_xml_semicolon.csv")
    )
    page.get_by_role("button", name="Check and import").click()
    assert page.get_by_role("heading", name="Imported.").is_visible()
    counts = page.get_by_role("list", name="Counts").locator("li")
    assert [" ".join(counts.nth(i).inner_text().split()) for i in range(counts.count())] == [
        "6 submissions read",
        "5 screenings created",
        "0 imported before, unchanged",
        "1 refusals counted",
    ]
    assert page.get_by_role("row", name="Trafficking pattern 2").is_visible()
    screenshot(page, "screening-offline-imported-phone")
    page.get_by_role("link", name="See the screenings").click()
    assert page.locator("a.code").count() == 5
    assert Screening.objects.filter(source="offline").count() == 5
    assert external == []

"""Besa produces the quarter's programme report, then downloads it as PDF and XLSX."""

from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_supervisor_produces_the_programme_report(
    live_server, page, browser_login, supervisor, screenshot, viewport, transactional_db
):
    page.set_viewport_size(viewport)
    browser_login(page, supervisor)
    if viewport is PHONE:  # the desktop shows the sections in a bar
        page.get_by_text("Menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programme report").click()
    page.locator("#id_start").fill("2026-01-01")
    page.locator("#id_end").fill("2026-12-31")
    assert page.locator("#id_country").input_value() == "RS"
    page.get_by_role("button", name="Produce the report").click()
    assert page.get_by_role(
        "heading", name="Officials and civil-society staff trained"
    ).is_visible()
    assert page.get_by_text("No training sessions ended in this period.").is_visible()
    assert (
        page.locator("#section-assisted")
        .get_by_text("No assistance recorded in this period.")
        .is_visible()
    )
    screenshot(page, f"report-{'phone' if viewport is PHONE else 'desktop'}")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF for the donor").click()
    assert pdf.value.suggested_filename == "ctis-programme-RS-2026-01-01-2026-12-31.pdf"
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="XLSX").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")

"""Lejla, the regional analyst, reads the prevalence with its interval, by country."""

from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_analyst_reads_the_headline_and_the_breakdowns(
    live_server,
    page,
    browser_login,
    analyst,
    interviews,
    screenshot,
    viewport,
    transactional_db,
):
    page.set_viewport_size(viewport)
    browser_login(page, analyst)
    if viewport is PHONE:  # the desktop shows the sections in a bar
        page.get_by_text("Menu").click()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Indicators (flow monitoring)"
    ).click()
    assert page.locator(".headline .big").inner_text() == "28.3%"
    assert page.get_by_role("heading", name="By Country of interview").is_visible()
    assert page.locator("svg.bar-svg").count() >= 10
    name = "phone" if viewport is PHONE else "desktop"
    screenshot(page, f"analytics-dashboard-{name}")
    with page.expect_download() as download:
        page.get_by_role("link", name="HXL (for HDX)").click()
    assert download.value.suggested_filename.endswith("-hxl.csv")

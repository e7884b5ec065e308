"""Amra, a screener near Bihać, looks for a shelter that takes a 16-year-old boy and has a
Pashto interpreter."""

from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screener_finds_a_shelter_for_a_boy_who_speaks_pashto(
    live_server, page, browser_login, screener, services, screenshot, viewport, transactional_db
):
    page.set_viewport_size(viewport)
    browser_login(page, screener)
    if viewport is PHONE:  # the desktop shows the sections in a bar
        page.get_by_text("Menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Services").click()
    page.get_by_label("Help needed").select_option("shelter")
    page.get_by_label("Language spoken").select_option("ps")
    page.get_by_label("Age of the person").fill("16")
    page.get_by_label("Sex of the person").select_option("male")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_text("1 service", exact=True).is_visible()
    card = page.locator("article.service")
    assert card.count() == 1
    assert "Test boys' shelter" in card.inner_text()
    assert "پښتو" in card.inner_text()
    name = "phone" if viewport is PHONE else "desktop"
    screenshot(page, f"directory-search-{name}")
    card.get_by_role("link", name="Test boys' shelter").click()
    assert page.get_by_role("heading", name="Test boys' shelter").is_visible()
    screenshot(page, f"directory-detail-{name}")

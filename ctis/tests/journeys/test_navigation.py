"""The main sections are one click away on a desktop; the phone keeps its menu."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_desktop_shows_the_sections_and_the_phone_keeps_its_menu(
    live_server, page, browser_login, caseworker, screenshot, settings, transactional_db
):
    settings.CTIS_DEMO_SKIPS_2FA = False
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    page.set_viewport_size({"width": 1024, "height": 768})
    browser_login(page, caseworker)
    nav = page.get_by_role("navigation", name="Main")
    expect(page.get_by_text("Menu")).to_be_hidden()
    expect(nav.get_by_role("link", name="Cases")).to_be_visible()
    nav.get_by_role("link", name="Cases").click()  # one click
    expect(page).to_have_url(f"{live_server.url}/cases/")
    expect(nav.get_by_role("link", name="Cases")).to_have_attribute("aria-current", "page")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "navigation-desktop", full_page=False)

    page.set_viewport_size(PHONE)
    expect(page.get_by_role("link", name="Referrals")).to_be_hidden()
    page.get_by_text("Menu").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals")
    ).to_be_visible()
    screenshot(page, "navigation-phone-menu-open", full_page=False)

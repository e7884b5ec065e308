"""Besa's colleague, a reviewer in the regional office, approves the Dari text of a page, and
visitors then read it in Dari instead of English."""

from __future__ import annotations

import pytest

from conftest import DESKTOP

pytestmark = pytest.mark.browser


def test_a_reviewer_approves_the_dari_translation_and_visitors_read_it(
    live_server, page, browser_login, admin_user, portal, screenshot, transactional_db
):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/help/prs/page/warning-signs/")
    assert page.locator(".notice").is_visible()
    browser_login(page, admin_user)
    page.goto(f"{live_server.url}/help/staff/pages/")
    screenshot(page, "portal-staff-pages-desktop")
    row = page.locator("tr", has_text="warning-signs")
    row.get_by_role("link").nth(0).click()  # the first language column: Dari
    assert "دری" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "portal-staff-translation-desktop")
    page.get_by_role("button", name="Mark as reviewed and publish").click()
    assert "Reviewed" in page.locator("#review-status").inner_text()
    # A new visitor (portal pages may be cached for five minutes by a browser that saw them).
    visitor = page.context.browser.new_context(java_script_enabled=False)
    hamid = visitor.new_page()
    hamid.goto(f"{live_server.url}/help/prs/page/warning-signs/")
    assert hamid.locator(".notice").count() == 0
    assert "نشانه‌های خطر" in hamid.get_by_role("heading", level=1).inner_text()
    visitor.close()


def test_a_country_administrator_sees_campaign_reach_by_country_and_month(
    live_server, page, browser_login, country_admin, portal, screenshot, transactional_db
):
    from ctis.portal import demo

    demo.load_campaign()
    page.set_viewport_size(DESKTOP)
    browser_login(page, country_admin)
    page.goto(f"{live_server.url}/help/staff/campaigns/")
    page.get_by_role("link", name="Safe Journey Balkans (demo)").click()
    assert page.locator("table").first.locator("tbody tr").count() == 6
    screenshot(page, "portal-staff-campaign-desktop")
    page.goto(f"{live_server.url}/help/staff/reach/")
    first = page.locator("table").first.locator("tbody tr").first
    # Only Bosnia and Herzegovina: the Belgrade session is outside this administrator's reach.
    assert first.inner_text().split("\t") == [
        "2026-10",
        "Bosnia and Herzegovina",
        "1",
        "2",
        "31",
        "1",
        "9",
        "0",
        "43",
        "0",
    ]
    assert "Serbia" not in page.locator("table").first.inner_text()
    screenshot(page, "portal-staff-reach-desktop")

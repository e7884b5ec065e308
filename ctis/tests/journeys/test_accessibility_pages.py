"""axe-core finds no WCAG 2 A/AA violation on the main pages, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE
from ctis.analytics.tests.conftest import interviews  # noqa: F401 - fixture
from ctis.audit.context import Actor
from ctis.cases.tests.conftest import CONSENT, completed_screening, open_case
from ctis.portal.tests.conftest import (  # noqa: F401 - fixtures
    countries,
    dari_reviewed,
    numbers,
    portal,
    portal_pages,
    services,
)
from ctis.screening import actions as screening_actions

pytestmark = pytest.mark.browser
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


def _second_factor(*users):  # type: ignore[no-untyped-def]
    for user in users:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@VIEWPORTS
def test_staff_pages_have_no_axe_violations(
    live_server, page, browser_login, axe_check, screener, caseworker, viewport, settings,
    screenshot, transactional_db,
):  # fmt: skip
    settings.CTIS_DEMO_SKIPS_2FA = False
    _second_factor(screener, caseworker)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check(page)

    result = completed_screening(screener)
    case = open_case(caseworker)
    started = screening_actions.start_screening(actor=Actor(user=screener), consent=CONSENT)
    screening_actions.save_profile(
        actor=Actor(user=screener),
        screening=started,
        revision=started.revision,
        data={"age": 16, "sex": "male", "nationality": "AFG", "exploitation": "labour"},
    )

    browser_login(page, screener)
    for path in (
        "/",
        "/screening/new/",
        f"/screening/{started.public_id}/questions/1/",
        f"/screening/{result.public_id}/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_be_visible()
        axe_check(page)

    page.context.clear_cookies()
    browser_login(page, caseworker)
    for path in ("/cases/", f"/cases/{case.code}/", "/referrals/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_be_visible()
        axe_check(page)

    # A search with a wrong letter: the results page (reached by POST) marks the close match.
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Name, in any script or spelling").fill("Djurdjevik")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=case.code)).to_be_visible()
    expect(page.get_by_text("close spelling or part of the name")).to_be_visible()
    screenshot(page, f"case-search-close-match-{'phone' if viewport is PHONE else 'desktop'}")
    axe_check(page)


@VIEWPORTS
@pytest.mark.usefixtures("interviews")
def test_dashboard_and_report_have_no_axe_violations(
    live_server, page, browser_login, axe_check, analyst, supervisor, viewport, settings,
    transactional_db,
):  # fmt: skip
    settings.CTIS_DEMO_SKIPS_2FA = False
    _second_factor(analyst, supervisor)
    page.set_viewport_size(viewport)
    browser_login(page, analyst)
    page.goto(f"{live_server.url}/analytics/")
    expect(page.locator("svg.bar-svg").first).to_be_visible()
    axe_check(page)
    page.context.clear_cookies()
    browser_login(page, supervisor)
    page.goto(f"{live_server.url}/reports/?start=2026-01-01&end=2026-12-31&country=RS")
    expect(page.locator("main h2").first).to_be_visible()
    axe_check(page)


@VIEWPORTS
@pytest.mark.usefixtures("portal", "dari_reviewed")
def test_portal_pages_have_no_axe_violations(
    live_server, page, axe_check, viewport, transactional_db
):
    page.set_viewport_size(viewport)
    for path in ("/help/", "/help/prs/", "/help/prs/ba/", "/help/prs/page/warning-signs/",
                 "/help/prs/find/", "/help/prs/find/?country=ba&town=Sarajevu",
                 "/help/prs/numbers/", "/help/en/page/your-rights/"):  # fmt: skip
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_be_visible()
        axe_check(page)


def test_the_axe_check_can_fail(live_server, browser, page, transactional_db):
    """A page with an unlabelled image and field fails (so a pass above means something)."""
    from ctis.tests.accessibility import violations

    bad = '<!doctype html><html lang="en"><title>x</title><main><img src="x.png"><input></main>'
    page.route(
        f"{live_server.url}/bad", lambda route: route.fulfill(body=bad, content_type="text/html")
    )
    page.goto(f"{live_server.url}/bad")
    found = {v["id"] for v in violations(browser, page)}
    assert {"image-alt", "label"} <= found


@VIEWPORTS
def test_the_other_journeys_pages_have_no_axe_violations(
    live_server, page, browser_login, axe_check, caseworker, coordinator, analyst, admin_user,
    dpo, viewport, settings, transactional_db,
):  # fmt: skip
    """Journeys 3, 4, 7 and 8: the referral form, the coordinator's statistics, the analyst's
    surveys, the DPO's audit and rights pages, the administrator's accounts pages."""
    settings.CTIS_DEMO_SKIPS_2FA = False
    _second_factor(caseworker, coordinator, analyst, admin_user, dpo)
    case = open_case(caseworker)
    page.set_viewport_size(viewport)
    pages = {
        caseworker: (f"/referrals/new/{case.code}/", "/accounts/account/"),
        coordinator: ("/cases/statistics/", "/screening/statistics/", "/referrals/statistics/"),
        analyst: ("/surveys/", "/surveys/new/"),
        dpo: ("/audit/", "/audit/chain/", "/cases/rights/"),
        admin_user: ("/accounts/organisations/", "/accounts/users/", "/accounts/users/new/"),
    }
    for user, paths in pages.items():
        page.context.clear_cookies()
        browser_login(page, user)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (user.username, path)
            expect(page.locator("main")).to_be_visible()
            axe_check(page)

"""A caseworker's first login in a real browser: password, two-factor enrolment, home page."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import DESKTOP, PASSWORD, PHONE

pytestmark = pytest.mark.browser


def _code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_caseworker_logs_in_enrols_and_sees_their_organisation(
    live_server, page, caseworker, viewport, screenshot, transactional_db
):
    external: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else external.append(r.url)
    )
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")
    assert re.search(r"/accounts/login/", page.url)
    page.get_by_label("Username").fill("marko")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot(page, f"login-{'phone' if viewport is PHONE else 'desktop'}")
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url(re.compile(r"/accounts/two-factor/enrol/"))
    assert page.get_by_role("heading", name="Set up two-factor login").is_visible()
    assert page.locator("svg").first.is_visible()
    screenshot(page, f"enrol-{'phone' if viewport is PHONE else 'desktop'}")
    page.get_by_label("6-digit code from your authenticator app").fill(_code_for(caseworker))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("Two-factor login is set up.").is_visible()
    assert page.get_by_role("heading", name="Welcome, Test Marko").is_visible()
    assert page.get_by_text("Test NGO Beograd").is_visible()
    assert page.get_by_text("Caseworker").is_visible()
    screenshot(page, f"home-caseworker-{'phone' if viewport is PHONE else 'desktop'}")
    assert external == []


def test_a_wrong_password_keeps_the_username_and_says_why(
    live_server, page, caseworker, transactional_db
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("marko")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("Please enter a correct username and password").is_visible()
    assert page.get_by_label("Username").input_value() == "marko"


def test_the_login_page_reads_right_to_left_in_arabic(
    live_server, page, screenshot, transactional_db
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.select_option("#language-select", "ar")
    # Choosing changes nothing yet (WCAG 3.2.2); the button does.
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator("form.language button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # The brand sits at the right edge when the page runs right to left.
    brand = page.locator(".brand").bounding_box()
    assert brand is not None
    assert brand["x"] > PHONE["width"] / 2
    screenshot(page, "login-arabic-phone")

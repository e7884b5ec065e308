"""An off-system referral in the browser: the form says the provider is not in ctis before
sending, warns that a man does not fit a women's shelter, then gives a letter to print and a
place to record the provider's answer on their behalf."""

from __future__ import annotations

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, SYSTEM, _country
from ctis.audit.context import Actor
from ctis.cases import actions as case_actions
from ctis.cases.tests.conftest import open_case
from ctis.directory import actions as directory_actions
from ctis.referrals.models import Referral

pytestmark = pytest.mark.browser


def test_an_off_system_referral_is_announced_printed_and_answered_by_the_sender(
    live_server, browser, browser_login, caseworker, screenshot, settings, transactional_db
):
    settings.CTIS_DEMO_SKIPS_2FA = False
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    rs = _country("RS")
    provider = directory_actions.create_provider(
        actor=SYSTEM, name="Test Sava Women's Centre", country=rs
    )
    directory_actions.create_service(
        actor=SYSTEM,
        provider=provider,
        data={
            "kind": "shelter",
            "name": "Test Sava women's shelter",
            "municipality": "Beograd",
            "eligible_sex": "female",
            "phone": "+000 555 0999",
            "email": "shelter@example.invalid",
        },
        languages=["sr", "en"],
    )
    case = open_case(caseworker, person={"sex": "male", "languages": "sr"})
    for purpose in ("services", "disclosure"):
        case_actions.record_consent(
            actor=Actor(user=caseworker), case=case, purpose=purpose, given=True
        )

    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/referrals/new/{case.code}/")
    page.get_by_label("A service in the directory").select_option(
        label="Test Sava women's shelter · Test Sava Women's Centre · Beograd, RS"
    )
    expect(page.locator("#destination-kind [data-kind=off]")).to_be_visible()
    expect(page.locator("#destination-kind [data-kind=on]")).to_be_hidden()
    page.get_by_label("A message to the receiver (any level)").fill("Arriving by bus at 18:00.")
    page.get_by_role("button", name="Send the referral").click()
    warning = page.locator("#eligibility-warning")
    expect(warning).to_contain_text("the service is for another sex")
    expect(page.get_by_label("A message to the receiver (any level)")).to_have_value(
        "Arriving by bus at 18:00."
    )
    screenshot(page, "referrals-off-system-warning-phone")
    assert not Referral.objects.exists()
    page.get_by_label("Send it anyway").check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("Off-system referral recorded")).to_be_visible()
    expect(page.locator("#off-system")).to_be_visible()
    screenshot(page, "referrals-off-system-detail-phone")

    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Print the referral letter").click()
    letter = page.locator("article.letter")
    expect(letter).to_contain_text("+000 555 0999")
    expect(letter).to_contain_text("Arriving by bus at 18:00.")
    expect(letter).not_to_contain_text("Ђурђевић")
    page.get_by_label("Language of the letter").select_option("sr")
    page.get_by_role("button", name="Show").click()
    expect(letter).to_contain_text("Упућивање ради помоћи")
    screenshot(page, "referrals-off-system-letter-desktop")

    page.set_viewport_size(PHONE)
    referral = Referral.objects.get()
    page.goto(f"{live_server.url}/referrals/{referral.code}/")
    page.get_by_role("button", name="The provider accepted").click()
    expect(page.locator("#history")).to_contain_text("on behalf of the provider")
    assert Referral.objects.get().status == "accepted"
    assert referral.due_on >= datetime.date.today()
    screenshot(page, "referrals-off-system-answered-phone")
    context.close()

"""Journey 3 on a phone: a man screened and identified in North Macedonia is referred, with his
written consent for cross-border disclosure, to a shelter in Serbia. The Serbian caseworker sees
the summary the referral shares and nothing else, accepts it, and closes the loop when he
arrives; the sender sees the loop closed. Each step as the right user."""

from __future__ import annotations

import pytest

from conftest import PHONE
from ctis.accounts.roles import Role
from ctis.audit.context import Actor
from ctis.cases import actions as case_actions
from ctis.cases.tests.conftest import completed_screening
from ctis.referrals.models import Referral

pytestmark = pytest.mark.browser

SUMMARY = "Identified in Skopje; going to his brother in Novi Sad. Speaks Arabic and English."


def _as(browser, browser_login, user):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, user)
    return context, page


def test_a_cross_border_referral_is_sent_accepted_and_completed_on_a_phone(
    live_server, browser, browser_login, make_user, screenshot, transactional_db
):
    screener = make_user("stefan", Role.SCREENER, "office_mk")
    sender = make_user("goran", Role.CASEWORKER, "office_mk")
    receiver = make_user("jovana", Role.CASEWORKER, "shelter_rs")

    # The screener's interview met the pattern; the caseworker opens the case from it.
    screening = completed_screening(screener)
    case = case_actions.open_case(
        actor=Actor(user=sender),
        screening=screening,
        person={
            "name": "محمد نوري",
            "name_script": "Arab",
            "name_latin": "Mohammed Nouri",
            "sex": "male",
            "languages": "ar en",
            "phone": "+000 70 555 0199",
        },
    )

    # 1. Goran records the written consent to cross-border disclosure, then refers the case.
    context, page = _as(browser, browser_login, sender)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.get_by_text("Record consent or its withdrawal").click()
    page.get_by_label("Purpose").select_option("cross_border")
    page.get_by_label("Given").check()
    page.get_by_role("button", name="Record", exact=True).click()
    assert page.get_by_text("Consent recorded.").is_visible()

    page.goto(f"{live_server.url}/referrals/new/{case.code}/")
    consents = page.locator("#consents").inner_text()
    assert "Telling an organisation in another country: given" in consents
    page.get_by_label("Or an organisation").select_option(label="Test Shelter Novi Sad (RS)")
    page.get_by_label("Summary: also sex, identification status").check()
    page.get_by_label("Shelter").check()
    page.locator("#id_summary").fill(SUMMARY)
    screenshot(page, "referrals-1-new-phone")
    page.get_by_role("button", name="Send the referral").click()
    assert page.get_by_text("The referral is sent:").is_visible()
    referral = Referral.objects.get()
    assert referral.cross_border and referral.consent_overridden == ""
    assert "Waiting for an answer" in page.locator("h1").inner_text()
    screenshot(page, "referrals-2-sent-phone")
    # Goran's session stays open for step 4: logging in again within the same 30 seconds
    # would reuse a one-time code, which the second factor rightly refuses.
    sender_context, sender_page = context, page

    # 2. Jovana, in Serbia, sees it among the referrals to her shelter, reads what it shares,
    #    and cannot open the case itself.
    context, page = _as(browser, browser_login, receiver)
    page.goto(f"{live_server.url}/referrals/")
    incoming = page.locator("section", has=page.get_by_role("heading", name="Referred to us"))
    assert "Mohammed" not in page.locator("main").inner_text()
    screenshot(page, "referrals-3a-incoming-list-phone")
    incoming.get_by_role("link", name=referral.code).click()
    shared = page.locator("#shared").inner_text()
    assert "محمد" in shared and SUMMARY in shared and "Male" in shared
    assert "Nouri" not in shared and "+000 70" not in shared
    assert case.code not in page.locator("main").inner_text()
    screenshot(page, "referrals-3-received-phone")
    page.get_by_role("button", name="Accept").click()
    assert page.get_by_text("The referral is now: Accepted.").is_visible()

    response = page.goto(f"{live_server.url}/cases/{case.code}/")
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/referrals/{referral.code}/")

    # 3. He arrives: she closes the loop.
    page.get_by_role("button", name="Mark as completed").click()
    assert page.get_by_text("The referral is now: Completed.").is_visible()
    screenshot(page, "referrals-4-completed-phone")
    context.close()

    # 4. Back in Skopje, Goran sees the loop closed.
    context, page = sender_context, sender_page
    page.goto(f"{live_server.url}/referrals/")
    outgoing = page.locator("section", has=page.get_by_role("heading", name="Sent by us"))
    assert "Completed" in outgoing.inner_text()
    outgoing.get_by_role("link", name=referral.code).click()
    history = page.locator("#history").inner_text()
    assert history.count("\n") == 2  # sent, accepted, completed
    assert "Test Shelter Novi Sad" in history
    screenshot(page, "referrals-5-sender-sees-completed-phone")
    context.close()

    referral.refresh_from_db()
    assert referral.status == "completed"
    assert list(referral.events.values_list("to_status", flat=True)) == [
        "pending",
        "accepted",
        "completed",
    ]


def test_the_coordinator_sees_how_long_referrals_wait_without_names(
    live_server, page, browser_login, caseworker, make_user, screenshot, settings,
    transactional_db,
):  # fmt: skip
    from ctis.referrals.tests.conftest import ALL_PURPOSES, consent, move, refer

    receiver = make_user("selma", Role.CASEWORKER, "shelter_ba")
    coordinator = make_user("ana", Role.COORDINATOR, "ngo_rs")
    case = case_actions.open_case(
        actor=Actor(user=caseworker),
        person={"name": "Јована Илић", "name_script": "Cyrl", "name_latin": "Jovana Ilic"},
    )
    consent(caseworker, case, *ALL_PURPOSES)
    # Five accepted referrals: enough for their median wait at a threshold of 5.
    settings.CTIS_SMALL_CELL_THRESHOLD = 5
    for _ in range(5):
        move(receiver, refer(caseworker, case, receiver), "accepted")
    page.set_viewport_size(PHONE)
    browser_login(page, coordinator)
    page.goto(f"{live_server.url}/referrals/statistics/")
    main = page.locator("main").inner_text()
    assert "Jovana" not in main and "Јована" not in main and case.code not in main
    assert ": 5" in main
    headline = page.locator("#headline").inner_text()
    assert "Median days to acceptance" in headline and "0.0" in headline
    assert "0%" in headline  # none of the 5 accepted is completed yet
    screenshot(page, "referrals-6-statistics-phone")

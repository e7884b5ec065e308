"""Issue 5's journey end to end, each step in the browser as the right user: a screener in
Skopje interviews a man (the pattern is met, he asks for help and agrees to cross-border
disclosure), a caseworker of her organisation opens his case from the screening and refers it
to a shelter in Serbia, the Serbian caseworker accepts, then completes when he arrives."""

from __future__ import annotations

import pytest

from conftest import PHONE
from ctis.accounts.roles import Role
from ctis.cases.models import Case
from ctis.referrals.models import Referral
from ctis.screening.models import Screening

pytestmark = pytest.mark.browser

TOLD = [
    "told_purpose",
    "told_uses",
    "told_research",
    "told_right_to_see",
    "told_retention",
    "told_withdrawal",
]
# Deceived about the job and the pay, excessive hours without pay, confined, papers taken.
STORY = [
    "dr.nature_of_job",
    "dr.wages",
    "ex.excessive_hours",
    "ex.low_no_salary",
    "cd.isolation",
    "cd.document_confiscation",
]


def _as(browser, browser_login, user):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, user)
    return context, page


def test_screener_to_case_to_cross_border_referral_accepted_and_completed(
    live_server, browser, browser_login, make_user, screenshot, transactional_db
):
    screener = make_user("stefan", Role.SCREENER, "office_mk")
    sender = make_user("goran", Role.CASEWORKER, "office_mk")
    receiver = make_user("jovana", Role.CASEWORKER, "shelter_rs")

    # 1. The screener's interview, anonymous; he asks for help and agrees to be referred abroad.
    context, page = _as(browser, browser_login, screener)
    page.goto(f"{live_server.url}/screening/new/")
    for name in TOLD:
        page.locator(f"#id_{name}").check()
    page.locator("#id_consent_interview").check()
    page.locator("button[name=start]").click()
    page.locator("#id_respondent_language").select_option("ar")
    page.locator("#id_age").fill("31")
    page.locator("#id_sex").select_option("male")
    page.locator("#id_exploitation").select_option("labour")
    page.get_by_role("button", name="Next: questions").click()
    while "/questions/" in page.url:
        for question in STORY:
            answer = page.locator(f"label.answer:has(input[name='{question}'][value='yes'])")
            if answer.count():
                answer.click()
        with page.expect_navigation():
            page.locator("button[name=next]").click()
    page.get_by_role("button", name="See the result").click()
    assert page.get_by_role("heading", name="Trafficking pattern").is_visible()
    page.get_by_label("The person agrees to be referred to services.").check()
    page.get_by_label(
        "The person agrees that the receiving organisation is told about them."
    ).check()
    page.get_by_label(
        "The person agrees that an organisation in another country is told, if needed."
    ).check()
    page.get_by_role("button", name="Ask for a case").click()
    assert page.get_by_text("The request to open a case is recorded.").is_visible()
    screening = Screening.objects.get()
    context.close()

    # 2. The caseworker opens the case from the screening, with his name as he writes it.
    context, page = _as(browser, browser_login, sender)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name=f"Open a case for {screening.code}").click()
    page.get_by_label("Name, as the person writes it").fill("محمد نوري")
    page.get_by_label("Script of the name").select_option("Arab")
    page.get_by_label("Name in Latin letters").fill("Mohammed Nouri")
    page.get_by_role("button", name="Open the case").click()
    case = Case.objects.get(screening=screening)
    assert page.get_by_role("heading", name=case.code).is_visible()
    screenshot(page, "journey-case-opened-phone")

    # 3. He refers it to the Serbian shelter; the consents came from the screening.
    page.get_by_role("link", name="Refer or transfer").click()
    consents = page.locator("#consents").inner_text()
    assert "Telling an organisation in another country: given" in consents
    page.get_by_label("Or an organisation").select_option(label="Test Shelter Novi Sad (RS)")
    page.get_by_label("Summary: also sex, identification status").check()
    page.get_by_label("Shelter").check()
    page.locator("#id_summary").fill("Going to his brother in Novi Sad. Speaks Arabic.")
    page.get_by_role("button", name="Send the referral").click()
    assert page.get_by_text("The referral is sent:").is_visible()
    referral = Referral.objects.get()
    assert referral.cross_border and referral.consent_overridden == ""
    sender_context, sender_page = context, page

    # 4. In Serbia: the shared summary only, accept; then completed when he arrives.
    context, page = _as(browser, browser_login, receiver)
    page.goto(f"{live_server.url}/referrals/{referral.code}/")
    shared = page.locator("#shared").inner_text()
    assert "محمد" in shared and "Nouri" not in shared
    page.get_by_role("button", name="Accept").click()
    assert page.get_by_text("The referral is now: Accepted.").is_visible()
    assert page.goto(f"{live_server.url}/cases/{case.code}/").status == 404  # type: ignore[union-attr]
    page.goto(f"{live_server.url}/referrals/{referral.code}/")
    page.get_by_role("button", name="Mark as completed").click()
    assert page.get_by_text("The referral is now: Completed.").is_visible()
    context.close()

    # 5. The sender sees the loop closed.
    sender_page.goto(f"{live_server.url}/referrals/{referral.code}/")
    assert "Completed" in sender_page.locator("main").inner_text()
    screenshot(sender_page, "journey-referral-completed-phone")
    sender_context.close()
    assert list(referral.events.values_list("to_status", flat=True)) == [
        "pending",
        "accepted",
        "completed",
    ]

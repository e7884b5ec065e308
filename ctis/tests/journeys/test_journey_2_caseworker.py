"""Journey 2 of shared/JOURNEYS.md: Marko, caseworker at an anti-trafficking NGO in Belgrade.

From an empty database plus the accounts the story needs, everything is entered through the
pages: the country administrator lists a legal aid provider that uses ctis; Marko interviews a
woman and opens her case as a presumed victim whose reflection period ends in 5 days; he
records the national identification team's decision (presumed → identified) and updates her
assistance plan; he refers her to the legal aid provider, sharing only the minimum and one
line for the lawyer; the lawyer sees exactly that, and not the case; a search for her name in
Cyrillic finds the case he has; two colleagues edit her details at once, and the second sees
what changed and loses nothing. At each step the test checks what the next user sees.
"""

from __future__ import annotations

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import DESKTOP, PASSWORD, PHONE, SYSTEM, _country
from ctis.accounts import actions as account_actions
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Role
from ctis.cases.actions import settings_for
from ctis.cases.models import Case
from ctis.referrals.models import Referral
from ctis.screening.models import Screening

pytestmark = pytest.mark.browser

NAME = "Јелена Петровић"
NAME_LATIN = "Jelena Petrović"
MESSAGE = "Please call me before her hearing next week."
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


def _account(username: str, role: Role, organisation: Organisation) -> User:
    user = account_actions.create_user(
        actor=SYSTEM,
        username=username,
        organisation=organisation,
        roles=[role],
        password=PASSWORD,
        first_name=username.title(),
        last_name="Test",
        email=f"{username}@example.invalid",
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _session(browser, browser_login, user, viewport):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, user)
    return context, page


def test_marko_caseworker_journey(
    live_server, browser, browser_login, screenshot, settings, transactional_db
):
    settings.CTIS_DEMO_SKIPS_2FA = False
    rs = _country("RS")
    ngo = account_actions.create_organisation(
        actor=SYSTEM, name="Test Anti-Trafficking NGO Beograd", kind=Organisation.Kind.NGO,
        country=rs,
    )  # fmt: skip
    lawyers = account_actions.create_organisation(
        actor=SYSTEM, name="Test Legal Aid Beograd", kind=Organisation.Kind.LEGAL_AID,
        country=rs,
    )  # fmt: skip
    office = account_actions.create_organisation(
        actor=SYSTEM, name="Test Coordination Office Serbia",
        kind=Organisation.Kind.NATIONAL_OFFICE, country=rs,
    )  # fmt: skip
    marko = _account("marko", Role.CASEWORKER, ngo)
    ana = _account("ana", Role.CASEWORKER, ngo)
    lawyer = _account("milica", Role.CASEWORKER, lawyers)
    admin = _account("vesna", Role.COUNTRY_ADMIN, office)
    url = live_server.url

    # 0. The country administrator lists the legal aid provider, linked to its organisation.
    context, page = _session(browser, browser_login, admin, DESKTOP)
    page.goto(f"{url}/services/new/")
    page.locator("#id_new_provider").fill("Test Legal Aid Beograd")
    page.get_by_label("Country of the new provider").select_option("RS")
    page.get_by_label("The provider's organisation in ctis").select_option(
        label="Test Legal Aid Beograd"
    )
    page.get_by_label("Type of help").select_option("legal_aid")
    page.locator("#id_name").fill("Test Beograd legal aid")
    page.get_by_label("Town or municipality").fill("Beograd")
    page.get_by_label("Phone").fill("+000 555 0711")
    for language in ("sr", "en"):
        page.locator(f"input[name=languages][value={language}]").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#in-ctis")).to_contain_text(
        "Yes: referrals reach Test Legal Aid Beograd in ctis"
    )
    context.close()

    # 1. Marko interviews her (in Serbian) and she asks for help, consenting to services and
    #    to the receiving organisation being told.
    marko_context, page = _session(browser, browser_login, marko, PHONE)
    page.goto(f"{url}/screening/new/")
    for name in TOLD:
        page.locator(f"#id_{name}").check()
    page.locator("#id_consent_interview").check()
    page.locator("button[name=start]").click()
    page.locator("#id_respondent_language").select_option("sr")
    page.locator("#id_age").fill("27")
    page.locator("#id_sex").select_option("female")
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
    page.get_by_label("The person agrees to be referred to services.").check()
    page.get_by_label(
        "The person agrees that the receiving organisation is told about them."
    ).check()
    page.get_by_role("button", name="Ask for a case").click()
    expect(page.get_by_text("The request to open a case is recorded.")).to_be_visible()
    screening = Screening.objects.get()

    # 2. He opens her case: presumed victim, decided so that the reflection period ends in 5
    #    days (the country's length of the period, counted as the case page counts it).
    days = settings_for(rs).reflection_days_adult
    started = datetime.date.today() - datetime.timedelta(days=days - 5)
    page.goto(f"{url}/cases/")
    page.get_by_role("link", name=f"Open a case for {screening.code}").click()
    page.get_by_label("Name, as the person writes it").fill(NAME)
    page.get_by_label("Script of the name").select_option("Cyrl")
    page.get_by_label("Name in Latin letters").fill(NAME_LATIN)
    page.get_by_label("Presumed victim").check()
    page.get_by_label("Type of organisation that decided").select_option("other_governmental")
    page.get_by_label("Who decided").fill("Centre for Protection of Trafficking Victims")
    page.get_by_label("Date of the decision").fill(started.isoformat())
    page.locator("#id_grounds").fill("Reasonable grounds found at the first interview.")
    page.get_by_role("button", name="Open the case").click()
    case = Case.objects.get(screening=screening)
    expect(page.get_by_role("heading", name=case.code)).to_be_visible()
    expect(page.locator("#reflection-period")).to_contain_text("5 days left")
    screenshot(page, "journey-2-case-reflection-phone")

    # 3. The national identification team's decision: presumed → identified.
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("New status").select_option("identified")
    page.get_by_label("Type of organisation that decided").select_option("other_governmental")
    page.get_by_label("Who decided").fill("National identification team")
    page.get_by_label("Date of the decision").fill(datetime.date.today().isoformat())
    page.locator("#id_grounds").fill("Formal identification after the team's interview.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("h1")).to_contain_text("Identified")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("National identification team")

    # 4. Her assistance plan: legal counselling before the hearing.
    page.get_by_text("Add to the plan").click()
    page.locator("#plan-form").get_by_label("Type of support").select_option("legal")
    page.locator("#plan-form").get_by_label("What is planned").fill(
        "Legal counselling before the hearing."
    )
    page.locator("#plan-form").get_by_label("Or responsible (name)").fill("Marko")
    page.get_by_role("button", name="Add the plan item").click()
    expect(page.locator("ol.timeline")).to_contain_text("Plan item added: Legal")

    # 5. The referral to the legal aid provider: minimal sharing and one line for the lawyer.
    #    The form says, before sending, that the provider is in ctis and will answer there.
    page.get_by_role("link", name="Refer or transfer").click()
    page.get_by_label("A service in the directory").select_option(
        label="Test Beograd legal aid · Test Legal Aid Beograd · Beograd, RS"
    )
    expect(page.locator("#destination-kind [data-kind=on]")).to_be_visible()
    expect(page.locator("#destination-kind [data-kind=off]")).to_be_hidden()
    page.get_by_label("Minimal: first name, age group and needs").check()
    page.locator("#id_needs").get_by_label("Legal aid").check()
    page.get_by_label("A message to the receiver (any level)").fill(MESSAGE)
    expect(page.get_by_text("Do not write names, places, dates of birth")).to_be_visible()
    screenshot(page, "journey-2-referral-form-phone")
    page.get_by_role("button", name="Send the referral").click()
    expect(
        page.get_by_text("Test Legal Aid Beograd sees it in ctis and answers there")
    ).to_be_visible()
    referral = Referral.objects.get()
    assert referral.to_organisation == lawyers and referral.sharing == "minimal"
    # The sender cannot answer for the lawyer.
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)

    # 6. The lawyer, in her list: the first name, age group, need and the message; nothing else,
    #    and not the case.
    lawyer_context, lawyer_page = _session(browser, browser_login, lawyer, DESKTOP)
    lawyer_page.goto(f"{url}/referrals/")
    incoming = lawyer_page.locator("section[aria-labelledby=incoming]")
    expect(incoming).to_contain_text(referral.code)
    incoming.get_by_role("link", name=referral.code).click()
    shared = lawyer_page.locator("#shared")
    expect(shared).to_contain_text("Јелена")
    expect(shared).to_contain_text("27-29")  # 27 at screening: CTDC ageBroad
    expect(shared).to_contain_text("Legal aid")
    expect(shared).to_contain_text(MESSAGE)
    main = lawyer_page.locator("main")
    for hidden in ("Петровић", "Petrović", case.code, "Identified", "Centre for Protection"):
        expect(main).not_to_contain_text(hidden)
    screenshot(lawyer_page, "journey-2-lawyer-sees-desktop")
    lawyer_page.get_by_role("button", name="Accept").click()
    expect(lawyer_page.get_by_text("The referral is now: Accepted.")).to_be_visible()
    response = lawyer_page.goto(f"{url}/cases/{case.code}/")
    assert response is not None and response.status == 404
    lawyer_context.close()

    # Marko's case page now lists the referral as accepted, and its course is in the timeline.
    page.goto(f"{url}/cases/{case.code}/")
    listed = page.locator("#case-referrals")
    expect(listed.get_by_role("link", name=referral.code)).to_be_visible()
    expect(listed).to_contain_text("Accepted")
    expect(page.locator("ol.timeline")).to_contain_text(f"Referral sent {referral.code}")
    expect(page.locator("ol.timeline")).to_contain_text(f"Referral {referral.code}: Accepted")

    # 7. Her friend says she was screened before: a search for her name in Cyrillic finds the
    #    case Marko already has, not a new one.
    page.goto(f"{url}/cases/")
    page.get_by_label("Name, in any script or spelling").fill(NAME)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 case found")).to_be_visible()
    expect(page.get_by_role("link", name=case.code)).to_be_visible()
    assert Case.objects.count() == 1

    # 8. Two colleagues edit her details at once. Ana saves a new phone first; Marko, who
    #    loaded the form before, saves an address: he is told what Ana changed, his address is
    #    kept, and saving again stores both.
    page.goto(f"{url}/cases/{case.code}/person/")
    ana_context, ana_page = _session(browser, browser_login, ana, DESKTOP)
    ana_page.goto(f"{url}/cases/{case.code}/person/")
    ana_page.get_by_label("Phone").fill("+000 64 555 0123")
    ana_page.get_by_role("button", name="Save").click()
    expect(ana_page.locator("h1")).to_contain_text(case.code)
    page.get_by_label("Address").fill("Safe house, address kept by the NGO")
    page.get_by_role("button", name="Save").click()
    conflict = page.get_by_role("alert")
    expect(conflict).to_contain_text("someone else changed this case meanwhile")
    expect(conflict).to_contain_text("ana")
    expect(conflict).to_contain_text("+000 64 555 0123")
    expect(page.get_by_label("Address")).to_have_value("Safe house, address kept by the NGO")
    expect(page.get_by_label("Phone")).to_have_value("+000 64 555 0123")
    screenshot(page, "journey-2-conflict-phone")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text(case.code)

    # The next user (Ana) sees both changes on the case page.
    ana_page.goto(f"{url}/cases/{case.code}/")
    person = ana_page.locator("section[aria-labelledby=person-heading]")
    expect(person).to_contain_text("+000 64 555 0123")
    expect(person).to_contain_text("Safe house, address kept by the NGO")
    screenshot(ana_page, "journey-2-case-desktop")
    ana_context.close()
    screenshot(page, "journey-2-case-phone")
    marko_context.close()

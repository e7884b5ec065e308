"""Journey 3: Elena, national anti-trafficking office, Skopje (coordinator).

From an empty database with the accounts needed: a man screened in North Macedonia is
identified; with his written consent to cross-border disclosure, Elena's colleague Goran
refers the case to a shelter in Serbia. Jovana, the Serbian caseworker, sees the summary the
referral shares and nothing else, accepts it and closes the loop when he arrives. Elena never
sees a name: her statistics for this quarter show him screened, identified and referred, by
sex and age group, and how long the referral waited.

The small-cell threshold is 1 here, so that one man's figures can be read on her pages (at
the default of 10 they show as "<10"; ``ctis/core/tests/test_small_cells_everywhere.py``
walks that).
"""

from __future__ import annotations

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE
from ctis.accounts.roles import Role
from ctis.audit.context import Actor
from ctis.cases.models import Case
from ctis.cases.tests.conftest import CONSENT, PATTERN
from ctis.referrals.models import Referral
from ctis.screening import actions as screening_actions

pytestmark = pytest.mark.browser

NAME = "محمد نوري"  # fictional
NAME_LATIN = "Mohammed Nouri"
SUMMARY = "Identified in Skopje; going to his brother in Novi Sad. Speaks Arabic and English."


def _as(browser, browser_login, user, viewport=PHONE):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, user)
    return context, page


def _screened_man(user):  # type: ignore[no-untyped-def]
    """The screener's interview (journey 1): a man of 29, the pattern met, a case asked for."""
    actor = Actor(user=user)
    screening = screening_actions.start_screening(actor=actor, consent=CONSENT)
    screening_actions.save_profile(
        actor=actor, screening=screening, revision=screening.revision,
        data={"age": 29, "sex": "male", "nationality": "SYR", "exploitation": "labour"},
    )  # fmt: skip
    screening_actions.save_answers(
        actor=actor, screening=screening, revision=screening.revision,
        answers=dict.fromkeys(PATTERN, "yes"),
    )  # fmt: skip
    screening_actions.complete_screening(
        actor=actor, screening=screening, revision=screening.revision
    )
    screening_actions.request_case(
        actor=actor, screening=screening,
        consent={"consent_services": True, "consent_disclosure": True},
    )  # fmt: skip
    return screening


def _decide(page, grounds: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Type of organisation that decided").select_option("other_governmental")
    page.get_by_label("Who decided").fill("Test National Identification Team")
    page.get_by_label("Date of the decision").fill(datetime.date.today().isoformat())
    page.locator("#id_grounds").fill(grounds)


def _cell(page, table: str, row: str, column: str):  # type: ignore[no-untyped-def]
    """The cell of ``core/_grid.html`` table ``table`` at (row label, column label)."""
    headers = page.locator(f"#table-{table} thead th").all_inner_texts()
    index = headers.index(column)
    line = page.locator(f"#table-{table} tbody tr", has=page.get_by_role("rowheader", name=row))
    return line.locator("th, td").nth(index)


def test_elena_sees_this_quarters_people_by_sex_and_age_and_how_long_referrals_wait(
    live_server, browser, browser_login, make_user, screenshot, settings, transactional_db
):
    settings.CTIS_DEMO_SKIPS_2FA = False
    settings.CTIS_SMALL_CELL_THRESHOLD = 1
    goran = make_user("goran", Role.CASEWORKER, "office_mk")
    jovana = make_user("jovana", Role.CASEWORKER, "shelter_rs")
    elena = make_user("elena", Role.COORDINATOR, "office_mk")
    for user in (goran, jovana):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    screening = _screened_man(goran)

    # 1. Goran opens the case, records the identification and the cross-border consent.
    sender, page = _as(browser, browser_login, goran)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name=f"Open a case for {screening.code}").click()
    page.get_by_label("Name, as the person writes it").fill(NAME)
    page.get_by_label("Script of the name").select_option("Arab")
    page.get_by_label("Name in Latin letters").fill(NAME_LATIN)
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Presumed victim: the identification body found reasonable grounds").check()
    _decide(page, "Reasonable grounds after the interview.")
    page.get_by_role("button", name="Open the case").click()
    case = Case.objects.get(screening=screening)
    expect(page.get_by_role("heading", name=case.code)).to_be_visible()
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("New status").select_option("identified")
    _decide(page, "Formal identification.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    page.get_by_text("Record consent or its withdrawal").click()
    page.get_by_label("Purpose").select_option("cross_border")
    page.get_by_label("Given").check()
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()

    # 2. He refers the case to the shelter in Serbia, sharing a summary.
    page.goto(f"{live_server.url}/referrals/new/{case.code}/")
    expect(page.locator("#consents")).to_contain_text(
        "Telling an organisation in another country: given"
    )
    page.get_by_label("Or an organisation").select_option(label="Test Shelter Novi Sad (RS)")
    page.get_by_label("Summary: also sex, identification status").check()
    page.get_by_label("Shelter").check()
    page.locator("#id_summary").fill(SUMMARY)
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("The referral is sent:")).to_be_visible()
    referral = Referral.objects.get()
    assert referral.cross_border

    # 3. Jovana sees only what the referral shares, accepts, and closes the loop.
    context, page = _as(browser, browser_login, jovana)
    page.goto(f"{live_server.url}/referrals/")
    incoming = page.locator("section", has=page.get_by_role("heading", name="Referred to us"))
    incoming.get_by_role("link", name=referral.code).click()
    shared = page.locator("#shared")
    expect(shared).to_contain_text(SUMMARY)
    expect(shared).to_contain_text("Male")
    expect(shared).not_to_contain_text(NAME_LATIN.split()[1])
    expect(page.locator("main")).not_to_contain_text(case.code)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("The referral is now: Accepted.")).to_be_visible()
    page.get_by_role("button", name="Mark as completed").click()
    expect(page.get_by_text("The referral is now: Completed.")).to_be_visible()
    context.close()
    sender.close()

    # 4. Elena, who never sees a name, reads this quarter's figures.
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        context, page = _as(browser, browser_login, elena, viewport)
        page.goto(f"{live_server.url}/screening/statistics/")
        expect(page.locator("#screenings-total")).to_have_text("1")
        expect(_cell(page, "age_sex", "25-34", "Male")).to_have_text("1")
        screenshot(page, f"journey-3-1-screened-{size}")

        page.goto(f"{live_server.url}/cases/statistics/")
        status = page.locator("#table-status")
        expect(status.locator("tr", has_text="Identified victim").locator("td")).to_have_text("1")
        expect(_cell(page, "victims", "27-29", "Male")).to_have_text("1")  # CTDC ageBroad
        screenshot(page, f"journey-3-2-identified-{size}")

        page.goto(f"{live_server.url}/referrals/statistics/")
        expect(_cell(page, "people", "27-29", "Male")).to_have_text("1")
        expect(page.locator("#median-days")).to_have_text("0.0")  # accepted the same day
        for text in (NAME, NAME_LATIN, "Nouri", case.code, referral.code):
            expect(page.locator("main")).not_to_contain_text(text)
        screenshot(page, f"journey-3-3-referred-{size}")
        context.close()

"""Journey 7: Dragan, data protection officer.

From an empty database with the accounts needed: Marko, a caseworker in Belgrade, opens a
woman's case through the pages and reads it. Dragan finds that view by searching the audit
log with the case code (the view is logged under the person's code), checks that the audit
log is intact on its page, exports everything held about her, then erases her personal data
with the case code typed exactly; the anonymous counts remain.

Not here: the review of Lejla's CTDC release, which belongs to a later issue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE
from ctis.accounts.roles import Role
from ctis.cases.models import Case, Erasure
from ctis.cases.tests.conftest import completed_screening

pytestmark = pytest.mark.browser

NAME = "Зорица Петровић"  # fictional
NAME_LATIN = "Zorica Petrović"


def _as(browser, browser_login, user, viewport):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, user)
    return context, page


def test_dragan_finds_who_opened_a_record_checks_the_log_exports_and_erases(
    live_server, browser, browser_login, make_user, screenshot, settings, tmp_path, transactional_db
):
    settings.CTIS_DEMO_SKIPS_2FA = False
    settings.CTIS_SMALL_CELL_THRESHOLD = 1  # one woman: the count that remains is shown
    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger.jsonl")
    marko = make_user("marko", Role.CASEWORKER, "ngo_rs")
    dragan = make_user("dragan", Role.DPO, "regional")
    lejla = make_user("lejla", Role.ANALYST, "regional")
    for user in (marko, dragan):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    screening = completed_screening(marko)  # the screener's interview (journey 1)

    # 1. Marko opens her case on his phone, and reads it.
    context, page = _as(browser, browser_login, marko, PHONE)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name=f"Open a case for {screening.code}").click()
    page.get_by_label("Name, as the person writes it").fill(NAME)
    page.get_by_label("Script of the name").select_option("Cyrl")
    page.get_by_label("Name in Latin letters").fill(NAME_LATIN)
    page.get_by_role("button", name="Open the case").click()
    case = Case.objects.get(screening=screening)
    expect(page.get_by_role("heading", name=case.code)).to_be_visible()
    expect(page.locator("main")).to_contain_text(NAME)
    context.close()

    # 2. Dragan searches the audit log by the case code and finds Marko's view.
    context, page = _as(browser, browser_login, dragan, DESKTOP)
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Case, person or record code").fill(case.code)
    page.get_by_label("Event").select_option("view")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("marko")
    expect(rows.first).to_contain_text("Caseworker")
    expect(rows.first).to_contain_text(f"Person {case.person.code}")
    expect(page.locator("main")).not_to_contain_text(NAME_LATIN)
    screenshot(page, "journey-7-1-audit-search-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "journey-7-1-audit-search-phone")
    page.set_viewport_size(DESKTOP)

    # 3. He checks that the audit log has not been tampered with.
    page.get_by_role("link", name="Check the audit log").click()
    expect(page.locator("#last-check-result")).to_contain_text("Never checked.")
    page.get_by_role("button", name="Check now").click()
    expect(page.get_by_text("The audit log is intact.")).to_be_visible()
    expect(page.locator("#last-check-result")).to_contain_text("Intact")
    expect(page.locator("#last-check-result")).to_contain_text("by dragan")
    screenshot(page, "journey-7-2-chain-desktop")

    # 4. The former beneficiary asks for her data: he finds her and exports everything.
    page.goto(f"{live_server.url}/cases/rights/")
    page.get_by_label("Name, in any script or spelling").fill("Zorica Petrovic")
    page.get_by_role("button", name="Search").click()
    result = page.locator("li.result")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("Female")
    expect(result).to_contain_text("Test NGO Beograd")
    result.get_by_role("link", name=case.code).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["person"]["name"] == NAME
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the PDF for the person").click()
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"

    # 5. Then he erases her personal data, with the case code typed exactly.
    page.get_by_role("link", name="Erase…").click()
    page.get_by_label("Why is the data erased?").select_option("request")
    page.get_by_label("Type the case code to confirm").fill(case.code.lower())
    page.get_by_role("button", name="Erase the personal data").click()
    expect(page.get_by_text("Type the case code exactly as shown to confirm.")).to_be_visible()
    assert not Erasure.objects.exists()
    page.get_by_label("Type the case code to confirm").fill(case.code)
    screenshot(page, "journey-7-3-erase-desktop")
    page.get_by_role("button", name="Erase the personal data").click()
    expect(
        page.get_by_text("The personal data is erased. Only anonymous counts remain.")
    ).to_be_visible()
    page.set_viewport_size(PHONE)
    screenshot(page, "journey-7-4-erased-phone")
    page.goto(f"{live_server.url}/cases/rights/")
    page.get_by_label("Name, in any script or spelling").fill("Zorica Petrovic")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No one found. Erased people cannot be found.")).to_be_visible()
    context.close()

    # 6. The anonymous count remains: Lejla's statistics still count her.
    context, page = _as(browser, browser_login, lejla, DESKTOP)
    page.goto(f"{live_server.url}/cases/statistics/")
    expect(page.locator("#cases-total")).to_have_text("1")
    expect(page.locator("main")).not_to_contain_text(NAME_LATIN)
    context.close()
    case.refresh_from_db()
    assert case.person.name == "" and case.person.sex == "female"

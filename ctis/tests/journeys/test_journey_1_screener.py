"""Journey 1 (shared/JOURNEYS.md): Amra, outreach worker near Bihać, screens a 16-year-old boy
through a Pashto interpreter on her phone, late in the evening, on a weak signal.

From an empty database and the accounts the story needs: the country's directory
administrator enters a boys' shelter with a Pashto interpreter; Amra interviews the boy (her
interface in Bosnian), the connection drops twice and nothing is lost; the result says
trafficking pattern (child), why, what to do now, and where he can stay; she asks for a case
with his name in Arabic script and in Latin letters. Then a caseworker of her organisation
opens it and sees a child, unaccompanied, the action still to do, and the way to the screening.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PHONE
from ctis.accounts.roles import Role
from ctis.cases.models import Case
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
# What the boy tells: promised work in Austria, his phone taken, a farm, no pay, long days.
STORY = {
    "dr.nature_of_job": "yes",
    "act.recruited_or_moved": "yes",
    "cd.isolation": "yes",
    "ex.excessive_hours": "yes",
    "ex.low_no_salary": "yes",
}
NAME_ARABIC = "احمد کریمی"  # fictional
NAME_LATIN = "Ahmad Karimi"


def _context(browser, live_server, viewport=PHONE):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "ctis_language", "value": "bs", "url": live_server.url}])
    return context


def _answer(page, question_id: str, value: str) -> None:
    page.locator(f"label.answer:has(input[name='{question_id}'][value='{value}'])").click()


def test_journey_1_amra_screens_a_boy_and_his_case_remembers_him(
    live_server, browser, browser_login, make_user, screenshot, settings, transactional_db
):
    settings.CTIS_DEMO_SKIPS_2FA = False
    amra = make_user("amra", Role.SCREENER, "ngo_ba")
    nermina = make_user("nermina", Role.CASEWORKER, "ngo_ba")
    adnan = make_user("adnan", Role.COUNTRY_ADMIN, "office_ba")
    for user in (amra, nermina, adnan):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert not Screening.objects.exists() and not Case.objects.exists()
    assert django_settings.LANGUAGE_COOKIE_NAME == "ctis_language"

    # The directory administrator enters the boys' shelter with its Pashto interpreter.
    context = _context(browser, live_server)
    page = context.new_page()
    browser_login(page, adnan)
    page.goto(f"{live_server.url}/services/new/")
    page.locator("#id_new_provider").fill("Test Una Shelters")
    page.locator("#id_new_provider_country").select_option("BA")
    page.locator("#id_kind").select_option("shelter")
    page.locator("#id_name").fill("Test boys' shelter Una")
    page.locator("#id_municipality").fill("Bihać")
    page.locator("#id_eligible_sex").select_option("male")
    page.locator("#id_min_age").fill("12")
    page.locator("#id_max_age").fill("17")
    page.locator("#id_availability").select_option("available")
    page.locator("input[name=languages][value=bs]").check()
    page.locator("input[name=languages][value=ps]").check()
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Test boys' shelter Una")
    context.close()

    # Amra, on her phone, interface in Bosnian.
    context = _context(browser, live_server)
    page = context.new_page()
    browser_login(page, amra)
    page.goto(f"{live_server.url}/screening/new/")
    expect(page.locator("html")).to_have_attribute("lang", "bs")
    for name in TOLD:
        page.locator(f"#id_{name}").check()
    page.locator("#id_is_child").check()
    page.locator("#id_child_assent").check()  # his assent
    page.locator("#id_guardian_consent").check()  # the centre's guardian
    screenshot(page, "journey1-01-consent-phone")
    page.locator("button[name=start]").click()

    # About him: Pashto beside her Bosnian; "unaccompanied" is asked with his age.
    page.locator("#id_respondent_language").select_option("ps")
    page.locator("#id_interpreter").check()
    page.locator("#id_age").fill("16")
    page.locator("input[name=unaccompanied][value=yes]").check()
    page.locator("#id_sex").select_option("male")
    page.locator("#id_nationality").fill("AFG")
    page.locator("#id_exploitation").select_option("labour")
    screenshot(page, "journey1-02-about-phone")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/questions/1/")
    respondent = page.locator(".question .respondent").first
    expect(respondent).to_have_attribute("lang", "ps")
    expect(respondent).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("Kako ste bili vrbovani")

    # The first drop: while answering. The answer waits on the phone, the page says so in
    # Bosnian, and it is saved when the signal comes back.
    context.set_offline(True)
    _answer(page, "dr.nature_of_job", "yes")
    status = page.locator("[data-draft-status]")
    expect(status).to_have_attribute("data-state", "waiting")
    expect(status).to_contain_text("Čeka se veza")
    screenshot(page, "journey1-03-first-drop-phone", full_page=False)
    assert Screening.objects.get().typed_answers() == {"rf.unaccompanied_child": "yes"}
    context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved")
    assert Screening.objects.get().typed_answers()["dr.nature_of_job"] == "yes"
    page.locator("button[name=next]").click()
    page.wait_for_url("**/questions/2/")

    # The remaining pages; the second drop comes on Next, on the page about the farm.
    dropped = False
    while "/questions/" in page.url:
        for question_id, value in STORY.items():
            if page.locator(f"input[name='{question_id}']").count():
                _answer(page, question_id, value)
        current = page.url
        if not dropped and page.locator("input[name='ex.low_no_salary']").count():
            dropped = True
            # This page's answers were saved as she went; then the signal goes, as she taps Next.
            expect(status).to_have_attribute("data-state", "saved")
            context.set_offline(True)
            page.locator("button[name=next]").click()
            expect(status).to_have_attribute("data-state", "failed")
            expect(status).to_contain_text("Nije sačuvano")
            screenshot(page, "journey1-04-second-drop-phone", full_page=False)
            assert page.url == current
            expect(page.locator("input[name='ex.low_no_salary'][value=yes]")).to_be_checked()
            context.set_offline(False)
            page.wait_for_timeout(300)
        page.locator("button[name=next]").click()
        page.wait_for_url(lambda url, before=current: url != before)
    assert dropped
    # Nothing was lost.
    stored = Screening.objects.get().typed_answers()
    assert stored == {**STORY, "rf.unaccompanied_child": "yes"}

    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/screening/*/")

    # The result, in Bosnian: the child pattern, why, what to do now, where he can stay.
    expect(page.locator("h1.result-trafficking_pattern")).to_contain_text("(dijete)")
    urgent = page.locator(".urgent")
    expect(urgent).to_contain_text("Dijete bez pratnje")
    expect(urgent).to_contain_text("odmah obavijestite centar za socijalni rad")
    expect(page.locator("[data-dimension=ex]")).to_contain_text("Niska plata ili bez plate")
    expect(page.locator("[data-dimension=ex]")).to_contain_text("Prekomjerni radni dani ili sati")
    expect(page.locator("[data-dimension=dr]")).to_contain_text("Obmanut o vrsti posla")
    expect(page.locator(".facts")).to_contain_text("paštu")
    expect(page.locator(".facts")).to_contain_text("Afganistan")
    shelter = page.locator("#help + ul li").filter(has_text="Test boys' shelter Una")
    expect(shelter).to_contain_text("govori jezik osobe")
    screenshot(page, "journey1-05-result-phone")
    assert page.evaluate("localStorage.length") == 0  # nothing of him stays on her phone

    # He agrees to be referred; his name as he writes it, and as she hears it.
    page.locator("#id_consent_services").check()
    page.locator("#id_name").fill(NAME_ARABIC)
    page.locator("#id_name_script").select_option("Arab")
    page.locator("#id_name_latin").fill(NAME_LATIN)
    screenshot(page, "journey1-06-case-request-phone")
    page.locator("#case + p + form button[type=submit]").click()
    expect(page.locator(".message.success")).to_be_visible()
    context.close()

    # The next user: a caseworker of Amra's organisation opens the case the same evening.
    context = _context(browser, live_server)
    page = context.new_page()
    browser_login(page, nermina)
    page.goto(f"{live_server.url}/cases/")
    screening = Screening.objects.get()
    page.locator(f"a[href$='/cases/open/{screening.public_id}/']").click()
    expect(page.locator("#id_name")).to_have_value(NAME_ARABIC)
    expect(page.locator("#id_name_latin")).to_have_value(NAME_LATIN)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/cases/C-*/")
    expect(page.locator("#marker-child")).to_be_visible()
    expect(page.locator("#marker-unaccompanied")).to_be_visible()
    pending = page.locator("#red-flag-actions")
    expect(pending).to_contain_text("odmah obavijestite centar za socijalni rad")
    expect(page.get_by_text(NAME_ARABIC)).to_be_visible()
    expect(page.get_by_text(NAME_LATIN)).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("9-17")  # CTDC ageBroad
    expect(page.locator(".facts")).to_contain_text("paštu")
    screenshot(page, "journey1-07-case-phone")
    page.locator("#screening-link").click()
    expect(page.locator("h1.result-trafficking_pattern")).to_be_visible()
    context.close()

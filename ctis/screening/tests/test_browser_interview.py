"""Amra screens a 16-year-old boy through a Pashto interpreter, on her phone."""

from __future__ import annotations

import pytest

from conftest import PHONE
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


def _consent_child(page) -> None:
    for name in TOLD:
        page.locator(f"#id_{name}").check()
    page.locator("#id_is_child").check()
    page.locator("#id_child_assent").check()
    page.locator("#id_guardian_consent").check()
    page.locator("button[name=start]").click()


def _answer(page, question_id: str, value: str) -> None:
    # Tap the big answer button, as on a phone.
    page.locator(f"label.answer:has(input[name='{question_id}'][value='{value}'])").click()


def test_screener_interviews_a_boy_through_an_interpreter_on_a_phone(
    live_server, page, browser_login, screener, screenshot, transactional_db
):
    page.set_viewport_size(PHONE)
    browser_login(page, screener)
    page.goto(f"{live_server.url}/screening/new/")
    screenshot(page, "screening-consent-phone")
    _consent_child(page)

    page.get_by_label("Language the person speaks").select_option("ps")
    page.get_by_label("Through an interpreter").check()
    page.locator("#id_age").fill("16")
    page.locator("input[name=unaccompanied][value=yes]").check()  # asked with the age
    page.locator("#id_sex").select_option("male")
    page.get_by_label("Nationality (3-letter code, e.g. AFG, SYR, PAK)").fill("AFG")
    page.get_by_label("Kind of work or exploitation, if any").select_option("labour")
    screenshot(page, "screening-about-phone")
    page.get_by_role("button", name="Next: questions").click()
    page.wait_for_url("**/questions/1/")

    # Stage 1: recruitment. The Pashto wording sits beside the screener's, right to left.
    respondent = page.locator(".question .respondent").first
    assert respondent.get_attribute("lang") == "ps"
    assert respondent.get_attribute("dir") == "rtl"
    _answer(page, "dr.nature_of_job", "yes")
    page.wait_for_load_state("networkidle")
    screening = Screening.objects.get()
    assert screening.typed_answers().get("dr.nature_of_job") == "yes"  # saved as she goes
    screenshot(page, "screening-stage1-phone", full_page=False)
    page.get_by_role("button", name="Next").click()

    # The remaining stages: answer what this story tells.
    story = {
        "act.recruited_or_moved": "yes",
        "ex.excessive_hours": "yes",
        "ex.low_no_salary": "yes",
        "cd.isolation": "yes",
    }
    while "/questions/" in page.url:
        for question_id, value in story.items():
            if page.locator(f"input[name='{question_id}']").count():
                _answer(page, question_id, value)
        with page.expect_navigation():
            page.locator("button[name=next]").click()

    page.get_by_role("button", name="See the result").click()
    assert page.get_by_role("heading", name="Trafficking pattern (child)").is_visible()
    assert page.locator(".urgent").get_by_text("notify the guardianship").is_visible()
    screenshot(page, "screening-result-phone")
    page.get_by_label("The person agrees to be referred to services.").check()
    page.get_by_role("button", name="Ask for a case").click()
    assert page.get_by_text("The request to open a case is recorded.").is_visible()


def test_an_unsaved_answer_survives_a_dropped_connection(
    live_server, page, browser_login, screener, transactional_db
):
    page.set_viewport_size(PHONE)
    browser_login(page, screener)
    page.goto(f"{live_server.url}/screening/new/")
    for name in TOLD:
        page.locator(f"#id_{name}").check()
    page.locator("#id_consent_interview").check()
    page.locator("button[name=start]").click()
    page.get_by_role("button", name="Next: questions").click()
    page.wait_for_url("**/questions/1/")
    stage_url = page.url
    page.context.set_offline(True)
    _answer(page, "dr.nature_of_job", "yes")
    page.wait_for_timeout(300)
    assert Screening.objects.get().typed_answers() == {}
    page.context.set_offline(False)
    page.goto(stage_url)  # the signal is back; she reopens the page
    assert page.locator("input[name='dr.nature_of_job'][value='yes']").is_checked()
    with page.expect_navigation():
        page.locator("button[name=next]").click()
    assert Screening.objects.get().typed_answers() == {"dr.nature_of_job": "yes"}


def test_the_interview_reads_right_to_left_in_arabic(
    live_server, page, browser_login, screener, screenshot, transactional_db
):
    page.set_viewport_size(PHONE)
    browser_login(page, screener)
    page.goto(f"{live_server.url}/screening/new/")
    page.select_option("#language-select", "ar")
    page.locator("form.language button[type=submit]").click()  # a button, not on change
    page.wait_for_selector("html[lang=ar]")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    for name in TOLD:
        page.locator(f"#id_{name}").check()
    page.locator("#id_consent_interview").check()
    page.locator("button[name=start]").click()
    page.locator("#id_respondent_language").select_option("ar")
    page.locator("main button[type=submit]").click()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    answers = page.locator(".answers").first.bounding_box()
    assert answers is not None
    first_answer = page.locator(".answer").first.bounding_box()
    assert first_answer is not None
    # "Yes" is the first answer and sits at the right when the page runs right to left.
    assert first_answer["x"] > answers["x"] + answers["width"] / 2
    screenshot(page, "screening-stage1-arabic-phone")

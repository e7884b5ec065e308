"""The connection drops at every step of the interview, and no answer is lost.

Answers wait on the phone (localStorage) until the server confirms it stored them; the status
line says what is true; a save repeated after a lost confirmation is not a conflict.
"""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

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


def _questions(page, count: int) -> list[str]:
    """The ids of the first ``count`` questions on the page, as the screener sees them."""
    radios = page.locator("fieldset.question input[type=radio][value=yes]")
    return [radios.nth(i).get_attribute("name") or "" for i in range(count)]


def _answer(page, question_id: str, value: str) -> None:
    page.locator(f"label.answer:has(input[name='{question_id}'][value='{value}'])").click()


def _stored() -> dict[str, str]:
    return Screening.objects.get().typed_answers()


def _status(page):
    return page.locator("[data-draft-status]")


def test_no_answer_is_lost_when_the_connection_drops_at_any_step(
    live_server, page, browser_login, screener, screenshot, transactional_db
):
    TOTPDevice.objects.create(user=screener, name="phone", confirmed=True)
    page.set_viewport_size(PHONE)
    browser_login(page, screener)
    context = page.context
    page.goto(f"{live_server.url}/screening/new/")
    for name in TOLD:
        page.locator(f"#id_{name}").check()
    page.locator("#id_consent_interview").check()
    page.locator("button[name=start]").click()
    page.locator("#id_age").fill("34")
    page.locator("#id_exploitation").select_option("labour")
    page.get_by_role("button", name="Next: questions").click()
    page.wait_for_url("**/questions/1/")
    expected: dict[str, str] = {}

    # 1. While answering: the answers wait on the phone, the page says so, and they are saved
    #    by themselves when the signal is back.
    first, second, third = _questions(page, 3)
    context.set_offline(True)
    _answer(page, first, "yes")
    _answer(page, second, "no")
    expect(_status(page)).to_have_attribute("data-state", "waiting")
    expect(_status(page)).to_contain_text("Waiting for the connection")
    screenshot(page, "screening-offline-waiting-phone", full_page=False)
    assert _stored() == {}
    context.set_offline(False)
    expect(_status(page)).to_have_attribute("data-state", "saved")
    expected.update({first: "yes", second: "no"})
    assert _stored() == expected

    # 2. On Next: the page stays, says the answer is not saved, and keeps it; Next again later.
    context.set_offline(True)
    _answer(page, third, "yes")
    page.locator("button[name=next]").click()
    expect(_status(page)).to_have_attribute("data-state", "failed")
    expect(_status(page)).to_contain_text("Not saved")
    screenshot(page, "screening-offline-not-saved-phone", full_page=False)
    assert page.url.endswith("/questions/1/")
    expect(page.locator(f"input[name='{third}'][value='yes']")).to_be_checked()
    context.set_offline(False)
    page.wait_for_timeout(300)  # the answer may have been saved meanwhile: Next is then a no-op
    page.locator("button[name=next]").click()
    page.wait_for_url("**/questions/2/")
    expected[third] = "yes"
    assert _stored() == expected

    # 3. The server stores the save but its confirmation is lost on the way back: pressing
    #    Next again is no conflict with itself (idempotent).
    fourth = _questions(page, 1)[0]
    _answer(page, fourth, "yes")
    expect(_status(page)).to_have_attribute("data-state", "saved")
    fifth = _questions(page, 2)[1]

    def store_then_drop(route):
        route.fetch()  # the server receives and stores it ...
        route.abort("internetdisconnected")  # ... and the answer never comes back

    page.route(re.compile(r".*/questions/2/$"), store_then_drop)
    _answer(page, fifth, "no")
    expect(_status(page)).to_have_attribute("data-state", "waiting")
    expected.update({fourth: "yes", fifth: "no"})
    assert _stored() == expected
    page.unroute(re.compile(r".*/questions/2/$"))
    sixth = _questions(page, 3)[2]
    _answer(page, sixth, "yes")  # sent with the revision from before the lost confirmation
    expect(_status(page)).to_have_attribute("data-state", "saved")
    expected[sixth] = "yes"
    assert _stored() == expected
    expect(page.locator(".messages, .message.warning")).to_have_count(0)

    # 4. On Back: the same as Next.
    context.set_offline(True)
    seventh = _questions(page, 4)[3]
    _answer(page, seventh, "no")
    page.locator("button[name=back]").click()
    expect(_status(page)).to_have_attribute("data-state", "failed")
    assert page.url.endswith("/questions/2/")
    context.set_offline(False)
    page.wait_for_timeout(300)
    page.locator("button[name=back]").click()
    page.wait_for_url("**/questions/1/")
    expected[seventh] = "no"
    assert _stored() == expected
    page.locator("button[name=next]").click()
    page.wait_for_url("**/questions/2/")

    # 5. Closing the tab while offline, and reopening the interview later from the list.
    page.locator("button[name=next]").click()
    page.wait_for_url("**/questions/3/")
    eighth, ninth = _questions(page, 2)
    context.set_offline(True)
    _answer(page, eighth, "yes")
    _answer(page, ninth, "unknown")
    _answer(page, ninth, "yes")  # changed her mind: the last tap counts
    page.close()
    context.set_offline(False)
    assert eighth not in _stored()
    page = context.new_page()
    page.goto(f"{live_server.url}/screening/")
    page.locator("a.code").first.click()  # the screening in progress reopens at "About"
    page.wait_for_url("**/about/")
    expect(_status(page)).to_have_attribute("data-state", "elsewhere")
    page.get_by_role("button", name="Next: questions").click()
    page.wait_for_url("**/questions/1/")
    expected.update({eighth: "yes", ninth: "yes"})
    assert _stored() == expected  # sent along with the first page that was saved
    page.goto(f"{live_server.url}/screening/{Screening.objects.get().public_id}/questions/3/")
    expect(page.locator(f"input[name='{eighth}'][value='yes']")).to_be_checked()
    expect(page.locator(f"input[name='{ninth}'][value='yes']")).to_be_checked()
    assert page.evaluate("Object.keys(localStorage).length") == 0  # nothing left only here

    # Closing and reopening the same page, offline throughout: the answers come back.
    tenth = _questions(page, 3)[2]
    context.set_offline(True)
    _answer(page, tenth, "no")
    url = page.url
    page.close()
    page = context.new_page()
    context.set_offline(False)
    page.goto(url)
    expect(page.locator(f"input[name='{tenth}'][value='no']")).to_be_checked()
    expect(_status(page)).to_have_attribute("data-state", "restored")
    page.locator("button[name=next]").click()
    page.wait_for_url("**/questions/4/")
    expected[tenth] = "no"
    assert _stored() == expected

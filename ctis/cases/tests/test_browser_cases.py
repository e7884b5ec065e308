"""Marko, a caseworker in Belgrade, opens a case from a screening that met the pattern,
records the identification team's decisions and sees the reflection period count down."""

from __future__ import annotations

import datetime

import pytest

from conftest import DESKTOP, PHONE
from ctis.cases.models import Case
from ctis.cases.tests.conftest import completed_screening

pytestmark = pytest.mark.browser


def _decide(page, *, org_type: str, body: str, grounds: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Type of organisation that decided").select_option(org_type)
    page.get_by_label("Who decided").fill(body)
    page.get_by_label("Date of the decision").fill(datetime.date.today().isoformat())
    page.locator("#id_grounds").fill(grounds)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_caseworker_opens_a_case_from_a_screening_and_records_the_identification(
    live_server, page, browser_login, caseworker, screenshot, viewport, transactional_db
):
    name = "phone" if viewport is PHONE else "desktop"
    screening = completed_screening(caseworker)
    page.set_viewport_size(viewport)
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name=f"Open a case for {screening.code}").click()

    page.get_by_label("Name, as the person writes it").fill("Јелена Марковић")
    page.get_by_label("Script of the name").select_option("Cyrl")
    page.get_by_label("Name in Latin letters").fill("Jelena Marković")
    page.get_by_label("Presumed victim: the identification body found reasonable grounds").check()
    _decide(
        page,
        org_type="other_governmental",
        body="Centre for Protection of Trafficking Victims",
        grounds="Reasonable grounds after the first interview.",
    )
    screenshot(page, f"cases-open-{name}")
    page.get_by_role("button", name="Open the case").click()

    case = Case.objects.get(screening=screening)
    assert page.get_by_role("heading", name=case.code).is_visible()
    countdown = page.locator("#reflection-period")
    assert "30 days left" in countdown.inner_text()
    assert "Not to be removed" in countdown.inner_text()

    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("New status").select_option("identified")
    _decide(
        page,
        org_type="other_governmental",
        body="Centre for Protection of Trafficking Victims",
        grounds="Formal identification by the identification team.",
    )
    page.get_by_role("button", name="Record the decision").click()

    assert page.get_by_text("The decision is recorded.").is_visible()
    assert "Identified victim" in page.locator("h1").inner_text()
    assert "30 days left" in page.locator("#reflection-period").inner_text()
    timeline = page.locator("ol.timeline").inner_text()
    assert "Formal identification by the identification team." in timeline
    assert "Јелена Марковић" in page.locator("main").inner_text()
    screenshot(page, f"cases-detail-{name}")
    assert Case.objects.get(pk=case.pk).status == "identified"


def test_a_second_writer_sees_the_conflict_and_keeps_what_they_typed(
    live_server, page, browser_login, caseworker, supervisor, screenshot, transactional_db
):
    from ctis.audit.context import Actor
    from ctis.cases import actions
    from ctis.cases.tests.conftest import fresh, open_case

    case = open_case(caseworker)
    page.set_viewport_size(PHONE)
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/cases/{case.code}/person/")
    # Meanwhile the supervisor saves a new phone number from another office.
    actions.update_person(
        actor=Actor(user=supervisor),
        case=fresh(case),
        revision=case.revision,
        data={"phone": "+000 61 999 0000"},
    )
    page.get_by_label("Address").fill("Ulica Cvijeća 12, Beograd")
    page.get_by_role("button", name="Save").click()
    alert = page.get_by_role("alert")
    assert "someone else changed this case" in alert.inner_text()
    assert "+000 61 999 0000" in alert.inner_text()
    # What Marko typed is kept; the phone he did not touch now shows the supervisor's number.
    assert page.get_by_label("Address").input_value() == "Ulica Cvijeća 12, Beograd"
    assert page.get_by_label("Phone").input_value() == "+000 61 999 0000"
    assert "You both changed" not in alert.inner_text()
    screenshot(page, "cases-conflict-phone")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved.").is_visible()
    person = fresh(case).person
    assert person.address == "Ulica Cvijeća 12, Beograd"
    assert person.phone == "+000 61 999 0000"  # nothing of the supervisor's lost either

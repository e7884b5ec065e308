"""Journey 6: Besa logs the regional coordination meeting in Podgorica with its five action
items, sees which are overdue, follows one up, and looks up a focal point in Serbia."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import DESKTOP, PASSWORD, PHONE, SYSTEM, _country
from ctis.accounts import actions as accounts
from ctis.accounts.models import Organisation
from ctis.accounts.roles import Role
from ctis.coordination import actions
from ctis.coordination.models import ActionItem, Meeting

pytestmark = pytest.mark.browser

# (description, owner, due in days from today)
ITEMS = (
    ("Circulate the draft referral procedure", "Test National Office Skopje", -30),
    ("Nominate identification focal points", "Test NGO Beograd", -10),
    ("Share the screening curriculum", "Test National Office Tirana", 0),
    ("Propose common report indicators", "Test Regional Office", 20),
    ("Organise the next meeting", "Test National Office Sarajevo", 60),
)


@pytest.fixture
def besa(transactional_db, organisations):
    office = accounts.create_organisation(
        actor=SYSTEM,
        name="Test National Office Tirana",
        kind=Organisation.Kind.NATIONAL_OFFICE,
        country=_country("AL"),
    )
    _country("ME")
    user = accounts.create_user(
        actor=SYSTEM,
        username="besa",
        organisation=office,
        roles=[Role.SUPERVISOR],
        password=PASSWORD,
        first_name="Besa",
        last_name="Test",
        email="besa@example.invalid",
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    actions.create_focal_point(
        actor=SYSTEM,
        data={
            "country": _country("RS"),
            "name": "Test Focal Beograd",
            "organisation": organisations["ngo_rs"],
            "role": "Cross-border referral officer",
            "phone": "+000 555 0123",
            "email": "focal.rs@example.invalid",
            "languages": "sr en",
            "handles": "referral identification",
        },
    )
    return user


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_besa_logs_the_podgorica_meeting_and_sees_overdue_action_items(
    live_server, page, browser_login, besa, screenshot, viewport
):
    name = "phone" if viewport is PHONE else "desktop"
    today = timezone.localdate()
    page.set_viewport_size(viewport)
    browser_login(page, besa)

    page.goto(f"{live_server.url}/coordination/")
    page.get_by_role("link", name="Log a meeting").click()
    page.get_by_label("Title").fill("Test regional coordination meeting")
    page.get_by_label("Level").select_option("regional")
    page.get_by_label("Date").fill((today - timedelta(days=60)).isoformat())
    page.get_by_label("Host country").select_option("ME")
    page.get_by_label("Place").fill("Podgorica")
    for organisation in ("Test National Office Skopje", "Test NGO Beograd", "Test Regional Office"):
        page.get_by_label(organisation).check()
    page.get_by_label("Agenda").fill("1. Cross-border referral\n2. Focal points")
    page.get_by_label("Decisions").fill("Adopt a common referral form.")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Test regional coordination meeting").is_visible()

    for description, owner, due_in in ITEMS:
        form = page.locator("form", has=page.get_by_role("button", name="Add the action item"))
        form.get_by_label("What is to be done").fill(description)
        form.get_by_label("Owner organisation").select_option(label=owner)
        form.get_by_label("Due date").fill((today + timedelta(days=due_in)).isoformat())
        form.get_by_role("button", name="Add the action item").click()
        assert page.get_by_text("Action item added.").is_visible()

    meeting = Meeting.objects.get(title="Test regional coordination meeting")
    assert meeting.host_country.code == "ME"
    assert ActionItem.objects.filter(meeting=meeting).count() == 5
    rows = page.locator("#action-items + .table-wrap tbody tr")
    assert rows.count() == 5
    overdue_rows = page.locator("#action-items + .table-wrap tbody tr.is-overdue")
    assert overdue_rows.count() == 2
    assert "Circulate the draft referral procedure" in overdue_rows.nth(0).inner_text()
    assert "Nominate identification focal points" in overdue_rows.nth(1).inner_text()
    assert page.get_by_role("heading", name="Action items 2 overdue").is_visible()
    screenshot(page, f"coordination-meeting-{name}")

    page.get_by_role("link", name="Circulate the draft referral procedure").click()
    page.get_by_label("Follow-up note").fill("Draft sent to all six offices.")
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Save the follow-up").click()
    assert page.get_by_text("Follow-up saved.").is_visible()
    assert page.get_by_text("Open → Done").is_visible()
    screenshot(page, f"coordination-action-item-{name}")

    page.goto(f"{live_server.url}/coordination/")
    assert page.get_by_role("link", name="1 overdue action item").is_visible()
    screenshot(page, f"coordination-meetings-{name}")

    page.goto(f"{live_server.url}/coordination/focal-points/")
    page.get_by_label("Country").select_option("RS")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_text("Test Focal Beograd").is_visible()
    assert page.get_by_role("link", name="+000 555 0123").is_visible()
    screenshot(page, f"coordination-focal-points-{name}")

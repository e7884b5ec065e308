"""Dragan, the data protection officer, checks who opened a record."""

from __future__ import annotations

import pytest

from conftest import DESKTOP, PHONE
from ctis.audit import actions as audit
from ctis.audit.context import Actor

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_dpo_finds_who_opened_a_record(
    live_server,
    page,
    browser_login,
    dpo,
    caseworker,
    supervisor,
    screenshot,
    viewport,
    transactional_db,
):
    for user in (caseworker, supervisor, caseworker):
        audit.record(
            actor=Actor(user=user),
            action=audit.Action.VIEW,
            object_type="case",
            object_id="CASE-7F3K",
        )
    audit.record(
        actor=Actor(user=caseworker),
        action=audit.Action.VIEW,
        object_type="case",
        object_id="CASE-ZZZZ",
    )
    page.set_viewport_size(viewport)
    browser_login(page, dpo)
    if viewport is PHONE:  # the desktop shows the sections in a bar
        page.get_by_text("Menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    page.get_by_label("Record type").select_option("case")
    page.get_by_label("Case, person or record code").fill("CASE-7F3K")
    page.get_by_label("Event").select_option("view")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    assert page.get_by_text("3 events").is_visible()
    who = [rows.nth(i).locator("td").nth(2).inner_text().split("\n")[0] for i in range(3)]
    assert who == ["marko", "sanja", "marko"]
    screenshot(page, f"audit-search-{'phone' if viewport is PHONE else 'desktop'}")


def test_a_caseworker_has_no_audit_log_in_the_menu(
    live_server, page, browser_login, caseworker, transactional_db
):
    page.set_viewport_size(PHONE)
    browser_login(page, caseworker)
    page.get_by_text("Menu").click()
    assert (
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").count()
        == 0
    )
    response = page.goto(f"{live_server.url}/audit/")
    assert response is not None and response.status == 403
    assert page.get_by_role("heading", name="Not allowed").is_visible()

"""A caseworker sees her API tokens on her phone and revokes the one on a lost laptop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import PHONE
from ctis.accounts import tokens
from ctis.tests.security.conftest import bearer

pytestmark = pytest.mark.browser


@pytest.fixture
def marko(transactional_db, caseworker, enrol):
    enrol(caseworker)
    return caseworker


def test_a_caseworker_revokes_a_token_from_her_account_page(
    live_server, page, browser_login, marko, api_token, client, screenshot
):
    page.set_viewport_size(PHONE)
    browser_login(page, marko)
    laptop = api_token(client, marko)
    desk = api_token(client, marko)

    page.goto(f"{live_server.url}/")
    page.get_by_text("Menu").click()
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.locator("li.api-token")).to_have_count(2)
    expect(page.get_by_text("not recorded").first).to_be_visible()
    screenshot(page, "account-tokens-phone")

    newest = page.locator("li.api-token").first
    newest.get_by_role("button", name="Revoke this token").click()
    expect(page.get_by_text("The token is revoked.")).to_be_visible()
    expect(page.locator("li.api-token")).to_have_count(1)
    assert client.get("/api/v1/me/", **bearer(desk)).status_code == 401
    assert client.get("/api/v1/me/", **bearer(laptop)).status_code == 200
    assert tokens.live_tokens(marko).count() == 1

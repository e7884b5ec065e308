"""Journey 5: Hamid, on the move in a Sarajevo park, scans a Dari leaflet (public portal).

From an empty database: Amela, country administrator in Bosnia and Herzegovina, enters a
clinic where someone speaks Dari through the directory's staff pages, and publishes (as the
programme actions do, audited and permission-checked) the Dari pages, the country's hotline
number and the campaign's leaflet. Then Hamid, on a cheap phone with JavaScript off, follows
the leaflet's QR link: Dari, right to left, what a fake job offer looks like, his rights, the
number to call, and "find help" with the town as he writes it. Nothing tracks him: no cookie,
no request to another host, a few kilobytes a page, and axe-core finds no violation.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlparse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PHONE
from ctis.accounts.models import Country
from ctis.accounts.roles import Role
from ctis.audit.context import Actor
from ctis.portal import actions as portal
from ctis.portal.budget import BUDGET_BYTES

pytestmark = pytest.mark.browser

# The test's own Dari texts (synthetic, written for this test).
FAKE_JOB = {
    "title": "پیشنهاد کار جعلی",
    "summary": "نشانه‌های یک پیشنهاد کار دروغین",
    "body": "## نشانه‌ها\n- معاش بسیار بلند برای کار ساده\n- پاسپورت شما را نگه می‌دارند\n"
    "- پول سفر را قرض می‌دهند",
}
RIGHTS = {
    "title": "حقوق شما",
    "summary": "شما حق کمک رایگان دارید",
    "body": "شما حق دارید کمک طبی و حقوقی رایگان بگیرید، حتی بدون اسناد.",
}
HOTLINE = "+000 555 0199"


class Recorder:
    """Every request the phone makes, and what the responses cost on the wire."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        self.bytes: list[int] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        self.bytes.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    def page_weight(self) -> int:
        weight = sum(self.bytes)
        self.bytes.clear()
        return weight


def _amela_enters_the_clinic(page: Any, live_server: Any) -> None:
    """Through the staff pages: Services → Add a service."""
    page.goto(f"{live_server.url}/services/")
    page.get_by_role("link", name="Add a service").click()
    page.locator("#id_kind").select_option("medical")
    page.locator("#id_name").fill("Park Health Point (test)")
    page.locator("#id_municipality").fill("Sarajevo")
    page.locator("#id_address").fill("7 Test Park Lane, Sarajevo")
    page.locator("#id_address_is_public").check()
    page.locator("#id_phone").fill("+000 555 0142")
    page.locator("#id_new_provider").fill("Test Park Clinics")
    page.locator("#id_new_provider_country").select_option("BA")
    for language in ("bs", "prs"):
        page.locator(f"input[name=languages][value={language}]").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Park Health Point (test)")).to_be_visible()


def _amela_publishes_the_dari_pages_number_and_leaflet(amela: Any) -> str:
    actor = Actor(user=amela)
    ba = Country.objects.get(code="BA")
    for slug, text in (("fake-job-offers", FAKE_JOB), ("your-rights-ba", RIGHTS)):
        page = portal.create_page(actor=actor, slug=slug, country=ba)
        portal.save_translation(
            actor=actor, page=page, language="en", data={**text, "title": slug}, reviewed=True
        )
        portal.save_translation(actor=actor, page=page, language="prs", data=text, reviewed=True)
    portal.set_emergency_number(actor=actor, country=ba, kind="trafficking", number=HOTLINE)
    campaign = portal.create_campaign(
        actor=actor,
        name="Test park outreach",
        countries=[ba],
        languages=["prs"],
        starts_on=datetime.date(2026, 1, 1),
    )
    return portal.add_material(actor=actor, campaign=campaign, country=ba, language="prs").code


def test_hamid_follows_the_dari_leaflet_and_finds_a_clinic_that_speaks_dari(
    live_server, browser, page, browser_login, make_user, axe_check, screenshot, settings,
    transactional_db,
):  # fmt: skip
    settings.CTIS_DEMO_SKIPS_2FA = False
    amela = make_user("amela", Role.COUNTRY_ADMIN, "office_ba")
    TOTPDevice.objects.create(user=amela, name="phone", confirmed=True)
    browser_login(page, amela)
    _amela_enters_the_clinic(page, live_server)
    code = _amela_publishes_the_dari_pages_number_and_leaflet(amela)

    # Hamid's phone: small screen, JavaScript off, nothing stored from before.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    recorder = Recorder(context)
    hamid = context.new_page()
    weights: dict[str, int] = {}

    # The leaflet's QR code: the Bosnia and Herzegovina page, in Dari, with the campaign code.
    hamid.goto(f"{live_server.url}/help/prs/ba/?c={code}")
    expect(hamid.locator("html")).to_have_attribute("lang", "prs")
    expect(hamid.locator("html")).to_have_attribute("dir", "rtl")
    expect(hamid.get_by_role("heading", level=1)).to_have_text("کمک در بوسنیا و هرزگوینا")
    expect(hamid.get_by_role("link", name=HOTLINE)).to_be_visible()
    expect(hamid.get_by_role("link", name=HOTLINE)).to_have_attribute(
        "href", "tel:" + HOTLINE.replace(" ", "")
    )
    weights["country"] = recorder.page_weight()
    screenshot(hamid, "journey5-country-prs-phone")
    axe_check(hamid)

    # What a fake job offer looks like.
    hamid.get_by_role("link", name=FAKE_JOB["title"]).click()
    article = hamid.locator("article")
    expect(article).to_contain_text("پاسپورت شما را نگه می‌دارند")
    weights["fake job"] = recorder.page_weight()
    expect(article).to_have_attribute("dir", "rtl")
    screenshot(hamid, "journey5-fake-job-prs-phone")
    axe_check(hamid)

    # His rights.
    hamid.go_back()
    hamid.get_by_role("link", name=RIGHTS["title"]).click()
    expect(hamid.locator("article")).to_contain_text("کمک طبی و حقوقی رایگان")
    weights["rights"] = recorder.page_weight()
    axe_check(hamid)

    # Find help: the town as he says it ("in Sarajevo"), Dari already chosen.
    hamid.goto(f"{live_server.url}/help/prs/find/")
    recorder.page_weight()
    expect(hamid.get_by_label("به چه چیزی نیاز دارید؟")).to_be_visible()
    hamid.get_by_label("به چه چیزی نیاز دارید؟").select_option("medical")
    hamid.get_by_label("کشور").select_option("ba")
    hamid.get_by_label("شهر").fill("Sarajevu")
    hamid.get_by_role("button", name="جستجو").click()
    cards = hamid.locator("article.service")
    expect(cards).to_have_count(1)
    weights["find help"] = recorder.page_weight()
    expect(cards).to_contain_text("Park Health Point (test)")
    expect(cards).to_contain_text("دری")
    expect(cards).to_contain_text("7 Test Park Lane, Sarajevo")
    screenshot(hamid, "journey5-find-help-prs-phone")
    axe_check(hamid)

    # The town in Persian letters finds the same clinic.
    hamid.goto(f"{live_server.url}/help/prs/find/?need=medical&country=ba&town=سارایوو&speaks=prs")
    expect(hamid.locator("article.service")).to_contain_text("Park Health Point (test)")

    # Nothing tracks him, nothing comes from elsewhere, and every page is light.
    assert context.cookies() == []
    host = urlparse(live_server.url).netloc
    assert {urlparse(url).netloc for url in recorder.urls} == {host}
    expect(hamid.locator("script")).to_have_count(0)  # nothing needs JavaScript
    for name, weight in weights.items():
        assert 0 < weight <= BUDGET_BYTES, (name, weight)
    print("journey 5 page weights (bytes):", weights)
    context.close()

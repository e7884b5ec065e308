"""Hamid, on the move in Sarajevo, scans a leaflet in Dari on a cheap phone with almost no
data: the portal opens in Dari, right to left, within 50 KB, with nothing from another host,
no script and no cookie, and "find help" shows a clinic near him where someone speaks Dari."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import DESKTOP, PHONE
from ctis.portal import demo
from ctis.portal.budget import BUDGET_BYTES
from ctis.portal.languages import PORTAL_LANGUAGES, RIGHT_TO_LEFT
from ctis.portal.models import Material

pytestmark = pytest.mark.browser


class Recorder:
    """Every request the page makes, and the bytes each response cost on the wire."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        self.bytes = 0
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def reset(self) -> None:
        self.urls.clear()
        self.bytes = 0


@pytest.fixture
def phone(browser):
    """A phone with JavaScript switched off, as a cautious visitor might have it."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    recorder = Recorder(context)
    yield context.new_page(), recorder
    context.close()


@pytest.fixture
def campaign_code(portal, dari_reviewed):
    demo.load_numbers()
    demo.load_campaign()
    return Material.objects.get(country__code="BA", language="prs").code


def _same_host(live_server: Any, urls: list[str]) -> None:
    host = urlparse(live_server.url).netloc
    assert urls
    assert {urlparse(url).netloc for url in urls} == {host}


def test_hamid_scans_the_dari_leaflet_and_finds_a_clinic_that_speaks_dari(
    live_server, phone, campaign_code, screenshot, transactional_db
):
    page, recorder = phone
    page.goto(f"{live_server.url}/help/prs/ba/?c={campaign_code}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "prs"
    assert page.get_by_role("heading", level=1).inner_text() == "کمک در بوسنیا و هرزگوینا"
    assert page.get_by_role("link", name="+000 555 0100").is_visible()
    _same_host(live_server, recorder.urls)
    assert recorder.bytes <= BUDGET_BYTES
    screenshot(page, "portal-prs-country-phone")

    recorder.reset()
    page.get_by_role("link", name="نشانه‌های خطر").click()
    assert "پاسپورت" in page.locator("article").inner_text()
    assert page.locator("article").get_attribute("dir") == "rtl"
    screenshot(page, "portal-prs-warning-signs-phone")

    page.goto(f"{live_server.url}/help/prs/find/")
    page.get_by_label("به چه چیزی نیاز دارید؟").select_option("medical")
    page.get_by_label("کشور").select_option("ba")
    page.get_by_label("شهر").fill("Sarajevo")
    page.get_by_role("button", name="جستجو").click()
    assert "/help/prs/find/?need=medical&country=ba&town=Sarajevo&speaks=prs" in page.url
    cards = page.locator("article.service")
    assert cards.count() == 1
    assert "Test migrant clinic" in cards.inner_text()
    assert "دری" in cards.inner_text()
    _same_host(live_server, recorder.urls)
    screenshot(page, "portal-prs-find-help-phone")
    assert page.context.cookies() == []


def test_hamid_chooses_dari_from_the_menu_and_it_is_remembered(
    live_server, phone, portal, transactional_db
):
    page, _recorder = phone
    page.goto(f"{live_server.url}/help/en/page/your-rights/")
    page.get_by_text("Language: English").click()
    page.get_by_role("link", name="دری").click()
    assert page.url == f"{live_server.url}/help/prs/page/your-rights/"
    assert "این صفحه هنوز به دری موجود نیست" in page.locator(".notice").inner_text()
    assert [c["name"] for c in page.context.cookies()] == ["ctis_language"]
    page.goto(f"{live_server.url}/help/")
    assert page.url == f"{live_server.url}/help/prs/"


@pytest.mark.parametrize("lang", list(PORTAL_LANGUAGES))
def test_every_language_renders_in_its_direction_within_budget(
    live_server, browser, all_reviewed, numbers, services, lang, transactional_db
):
    context = browser.new_context(viewport=PHONE)
    recorder = Recorder(context)
    page = context.new_page()
    for path in ("", "page/warning-signs/", "find/?country=ba", "numbers/"):
        recorder.reset()
        page.goto(f"{live_server.url}/help/{lang}/{path}")
        expected = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
        assert page.locator("html").get_attribute("dir") == expected
        assert page.evaluate("getComputedStyle(document.body).direction") == expected
        assert page.evaluate("document.scripts.length") == 0
        _same_host(live_server, recorder.urls)
        assert recorder.bytes <= BUDGET_BYTES, (path, recorder.bytes)
    # The layout runs right to left: the site name starts at the right edge, and the
    # language menu follows it to its left (or on the next row, on a narrow phone).
    brand = page.locator(".brand").bounding_box()
    menu = page.locator(".lang summary").bounding_box()
    assert brand is not None and menu is not None
    same_row = abs(brand["y"] - menu["y"]) < brand["height"]
    if lang in RIGHT_TO_LEFT:
        assert brand["x"] + brand["width"] > PHONE["width"] - 30
        assert not same_row or brand["x"] > menu["x"] + menu["width"]
    else:
        assert brand["x"] < 30
        assert not same_row or brand["x"] + brand["width"] < menu["x"]
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_of_the_portal(
    live_server, browser, portal, dari_reviewed, screenshot, viewport, transactional_db
):
    name = "phone" if viewport is PHONE else "desktop"
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/help/prs/")
    screenshot(page, f"portal-prs-home-{name}")
    page.goto(f"{live_server.url}/help/prs/find/?country=ba&speaks=prs")
    screenshot(page, f"portal-prs-find-help-results-{name}")
    page.goto(f"{live_server.url}/help/ar/page/debts-and-documents/")
    assert page.locator(".notice").is_visible()
    screenshot(page, f"portal-ar-english-with-notice-{name}")
    page.goto(f"{live_server.url}/help/")
    screenshot(page, f"portal-choose-language-{name}")
    page.goto(f"{live_server.url}/help/en/ba/")
    screenshot(page, f"portal-en-country-{name}")
    context.close()

"""Dragan, the DPO, handles a former beneficiary's request: he finds her by name, downloads
everything held about her (PDF for her, JSON complete) and then erases her personal data."""

from __future__ import annotations

import io
import json

import pytest

from conftest import DESKTOP, PHONE
from ctis.cases.models import Erasure, Person
from ctis.cases.tests.conftest import NAME_CYRILLIC, NAME_LATIN, open_case

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_dpo_exports_and_then_erases_a_persons_data(
    live_server, page, browser_login, caseworker, dpo, screenshot, viewport, settings, tmp_path,
    transactional_db,
):  # fmt: skip
    from pypdf import PdfReader

    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger.jsonl")
    name = "phone" if viewport is PHONE else "desktop"
    case = open_case(caseworker)
    page.set_viewport_size(viewport)
    browser_login(page, dpo)

    page.goto(f"{live_server.url}/cases/rights/")
    page.get_by_label("Name, in any script or spelling").fill("Zorislava Djurdjevic")
    page.get_by_role("button", name="Search").click()
    assert "1 case found" in page.locator("#results").inner_text()
    page.get_by_role("link", name=case.code).click()
    assert case.person.code in page.locator("h1").inner_text()
    screenshot(page, f"rights-person-{name}")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the PDF for the person").click()
    pdf = PdfReader(io.BytesIO(pdf_download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    assert "Zorislava" in text
    assert "victim" not in text.lower() and "trafficking" not in text.lower()
    with page.expect_download() as json_download:
        page.get_by_role("link", name="Download everything (JSON)").click()
    data = json.loads(json_download.value.path().read_text(encoding="utf-8"))
    assert data["person"]["name"] == NAME_CYRILLIC

    page.get_by_role("link", name="Erase…").click()
    assert "This cannot be undone" in page.locator("main").inner_text()
    page.get_by_label("Why is the data erased?").select_option("request")
    page.get_by_label("Type the case code to confirm").fill("C-WRONG1")
    page.get_by_role("button", name="Erase the personal data").click()
    assert "Type the case code exactly as shown" in page.locator("main").inner_text()
    assert Person.objects.get(pk=case.person_id).name == NAME_CYRILLIC
    page.get_by_label("Type the case code to confirm").fill(case.code)
    screenshot(page, f"rights-erase-{name}")
    page.get_by_role("button", name="Erase the personal data").click()

    assert page.get_by_text("The personal data is erased.").is_visible()
    assert page.locator("#erased-notice").is_visible()
    screenshot(page, f"rights-erased-{name}")
    assert Erasure.objects.filter(person_id=case.person_id).exists()
    person = Person.objects.get(pk=case.person_id)
    assert person.name == "" and person.name_latin == ""

    page.goto(f"{live_server.url}/cases/rights/")
    page.get_by_label("Name, in any script or spelling").fill(NAME_LATIN)
    page.get_by_role("button", name="Search").click()
    assert "0 cases found" in page.locator("#results").inner_text()

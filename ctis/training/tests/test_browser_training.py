"""Journey 6: Besa, programme officer in Tirana, registers the 24 border police officers of a
two-day screening course, records their scores, sees the knowledge gain and prints certificates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from conftest import DESKTOP, PASSWORD, PHONE, SYSTEM, _country
from ctis.accounts import actions as accounts
from ctis.accounts.models import Organisation
from ctis.accounts.roles import Role
from ctis.training import actions
from ctis.training.models import Participant

pytestmark = pytest.mark.browser

FIRST = ["Arta", "Blerim", "Drita", "Edon", "Flutura", "Gzim", "Hana", "Ilir"]
LAST = ["Testaj", "Provaj", "Shembulli"]


@pytest.fixture
def besa(transactional_db):
    office = accounts.create_organisation(
        actor=SYSTEM,
        name="Test National Office Tirana",
        kind=Organisation.Kind.NATIONAL_OFFICE,
        country=_country("AL"),
    )
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
    actions.ensure_standard_modules(actor=SYSTEM)
    return user


def officers_csv(*, broken: bool) -> bytes:
    lines = ["name,organisation,agency_type,role,sex,country,pre_score,post_score"]
    for n in range(24):
        name = f"{FIRST[n % 8]} {LAST[n // 8]}"
        sex = "F" if n % 8 in (0, 2, 4, 6) else "M"
        pre, post = 40 + n, 60 + n + (n % 3) * 5
        post_text = "" if n in (22, 23) else str(post)
        lines.append(
            f"{name},Test Border Police Kapshticë,interior_police,Border police officer,"
            f"{sex},AL,{pre},{post_text}"
        )
    if broken:
        lines[6] = lines[6].replace(",M,AL,", ",X,AL,")
        lines[9] = lines[9].replace(",AL,48,", ",AL,148,")
    return ("\n".join(lines) + "\n").encode()


def upload(page, data: bytes, *, dry_run: bool) -> None:
    page.get_by_label("Participant list").set_input_files(
        {"name": "officers.csv", "mimeType": "text/csv", "buffer": data}
    )
    checkbox = page.get_by_label("Dry run: check and count only, write nothing")
    checkbox.set_checked(dry_run)
    page.get_by_role("button", name="Check and import").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_besa_registers_scores_and_certifies_24_border_police_officers(
    live_server, page, browser_login, besa, screenshot, viewport
):
    name = "phone" if viewport is PHONE else "desktop"
    page.set_viewport_size(viewport)
    browser_login(page, besa)

    page.goto(f"{live_server.url}/training/")
    page.get_by_role("link", name="New session").click()
    page.get_by_label("Title").fill("Test screening at the border")
    page.get_by_label("Country").select_option("AL")
    page.get_by_label("Place").fill("Tirana")
    page.get_by_label("First day").fill("2026-10-13")
    page.get_by_label("Last day").fill("2026-10-14")
    page.get_by_label("Organiser").select_option(label="Test National Office Tirana")
    page.get_by_label("Trainers").fill("Test Trainer")
    page.get_by_label("Screening and identification of victims of trafficking").check()
    page.get_by_label("Referral and the national referral mechanism").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Test screening at the border").is_visible()

    page.get_by_role("link", name="Import participants").click()
    upload(page, officers_csv(broken=True), dry_run=False)
    assert page.get_by_role(
        "heading", name="Nothing was imported: 2 problems were found."
    ).is_visible()
    problems = page.locator("table.problems tbody tr")
    assert problems.count() == 2
    assert "must be female, male or not stated" in problems.nth(0).inner_text()
    assert "148" in problems.nth(1).inner_text()
    screenshot(page, f"training-import-problems-{name}")
    assert Participant.objects.count() == 0

    upload(page, officers_csv(broken=False), dry_run=True)
    assert page.get_by_text(
        "24 participants would be registered. Nothing was written."
    ).is_visible()
    assert page.get_by_label("Dry run: check and count only, write nothing").is_checked()
    upload(page, officers_csv(broken=False), dry_run=False)
    assert page.get_by_text("24 participants registered.").is_visible()
    assert page.locator("#participants-heading + .actions + .table-wrap tbody tr").count() == 24

    page.get_by_role("link", name="Record test scores").click()
    page.get_by_label("Post-test score of Hana Shembulli").fill("75")
    page.get_by_label("Post-test score of Ilir Shembulli").fill("30")
    screenshot(page, f"training-scores-{name}", full_page=False)
    page.get_by_role("button", name="Save scores").click()
    assert page.get_by_text("Scores saved (2 changed).").is_visible()
    # By hand: post − pre is 20 + 5·(n mod 3) for the 22 imported pairs (n = 0…21), plus
    # Hana (n=22: 62 → 75, +13) and Ilir (n=23: 63 → 30, −33).
    changes = [20 + 5 * (n % 3) for n in range(22)] + [13, -33]
    expected = sum(changes) / 24
    assert page.locator("#mean-change").inner_text() == f"+{expected:.1f}"
    assert page.locator("#share-improved").inner_text() == f"{round(23 / 24 * 100)}%"
    screenshot(page, f"training-session-{name}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download all 24 certificates (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(pdf.pages) == 24
    first = pdf.pages[0].extract_text()
    assert "Arta Provaj" in first  # certificates follow the alphabetical list
    assert "Screening and identification" in first
    assert "victim" not in first.lower()

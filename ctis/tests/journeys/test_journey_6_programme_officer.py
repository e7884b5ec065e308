"""Journey 6 (JOURNEYS.md): Besa, programme officer in Tirana, in Albanian.

From an empty database and her account, she registers the 24 border police officers of a two-day
screening training by importing the list they signed (typed labels, not codes), records their
pre- and post-test scores, marks both days "all present", prints the certificates, logs the
regional coordination meeting in Podgorica with its five action items (one owned by IOM), and
produces the quarter's programme report as PDF for the donor and XLSX for the finance team. The
report's readers see the officials she trained, by sex and agency.
"""

from __future__ import annotations

import io
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from conftest import PASSWORD, PHONE, SYSTEM, _country, _org
from ctis.accounts import actions as accounts_actions
from ctis.accounts.models import Organisation
from ctis.accounts.roles import Role
from ctis.coordination.models import ActionItem, Meeting
from ctis.training import actions as training_actions
from ctis.training.models import Participant, Session
from ctis.training.tests.test_certificates import _frame_rows

pytestmark = pytest.mark.browser

WOMEN, MEN = 11, 13


def _previous_quarter(today: date) -> tuple[date, date]:
    first_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_this - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def _participant_list(path: Path) -> Path:
    """The list as a programme officer types it: Albanian headings and labels, no codes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Emri", "Organizata", "Lloji i institucionit", "Roli", "Gjinia", "Vendi"])
    for n in range(1, WOMEN + MEN + 1):
        sheet.append(
            [
                f"Oficer Provë {n:02d}",
                "Policia Kufitare Provë Kapshticë",
                "Policia kufitare" if n % 2 else "Border police",
                "Oficer kufiri",
                "Femër" if n <= WOMEN else "Mashkull",
                "Shqipëria" if n % 3 else "",  # blank: the session's country
            ]
        )
    book.save(path)
    return path


def test_besa_trains_24_officers_logs_the_podgorica_meeting_and_reports_the_quarter(
    live_server, browser, browser_login, screenshot, axe_check, transactional_db, tmp_path
):
    # The accounts and reference data the journey needs; everything else is entered below.
    for code in ("AL", "ME", "XK"):
        _country(code)
    office = _org("AL", "Test Anti-Trafficking Office Tirana", Organisation.Kind.NATIONAL_OFFICE)
    _org("ME", "Test National Office Podgorica", Organisation.Kind.NATIONAL_OFFICE)
    training_actions.ensure_standard_modules(actor=SYSTEM)  # migration 0002's list
    besa = accounts_actions.create_user(
        actor=SYSTEM,
        username="besa",
        organisation=office,
        roles=[Role.SUPERVISOR],
        password=PASSWORD,
        first_name="Besa",
        last_name="Provë",
        email="besa@example.invalid",
    )
    TOTPDevice.objects.create(user=besa, name="phone", confirmed=True)
    start, end = _previous_quarter(date.today())
    day_one = start + timedelta(days=20)
    day_two = day_one + timedelta(days=1)
    meeting_day = day_two + timedelta(days=14)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "ctis_language", "value": "sq", "url": live_server.url}])
    page = context.new_page()
    browser_login(page, besa)
    url = live_server.url

    # 1. The session: two days in Tirana, two standard modules, the trainer's name.
    page.goto(f"{url}/training/new/")
    expect(page.locator("h1")).to_have_text("Sesion i ri trajnimi")
    page.locator("#id_title").fill("Trajnim për shqyrtimin, policia kufitare")
    page.locator("#id_country").select_option("AL")
    page.locator("#id_place").fill("Tiranë, salla e trajnimit")
    page.locator("#id_start_date").fill(day_one.isoformat())
    page.locator("#id_end_date").fill(day_two.isoformat())
    page.locator("#id_organiser").select_option(str(office.public_id))
    page.locator("#id_trainers").fill("Trajnere Provë")
    page.get_by_label("Shqyrtimi dhe identifikimi i viktimave të trafikimit").check()
    page.get_by_label("Referimi dhe mekanizmi kombëtar i referimit").check()
    page.locator("main form button[type=submit]").click()
    session = Session.objects.get()
    expect(page).to_have_url(f"{url}/training/{session.public_id}/")

    # 2. The import: the template has an example row; her file uses typed labels, not codes.
    page.get_by_role("link", name="Importo pjesëmarrësit").first.click()
    with page.expect_download() as template_download:
        page.locator("a[href$='template.xlsx']").click()
    template = load_workbook(io.BytesIO(Path(template_download.value.path()).read_bytes()))
    assert list(template.worksheets[0].iter_rows(values_only=True))[1][2] == "Policia kufitare"
    assert template.sheetnames[1] == "Vlerat e lejuara"
    page.locator("#id_file").set_input_files(str(_participant_list(tmp_path / "lista.xlsx")))
    screenshot(page, "journey6-import-desktop")
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("U regjistruan 24 pjesëmarrës.")).to_be_visible()
    people = Participant.objects.filter(session=session)
    assert people.count() == 24
    assert set(people.values_list("agency_type", flat=True)) == {"interior_police"}
    assert set(people.values_list("country__code", flat=True)) == {"AL"}
    assert people.filter(sex="female").count() == WOMEN

    # 3. Pre- and post-test scores, typed into the grid.
    page.locator(f"a[href='/training/{session.public_id}/scores/']").click()
    for n in range(24):
        page.locator("input[name^=pre_]").nth(n).fill(str(40 + n))
        page.locator("input[name^=post_]").nth(n).fill(str(60 + n))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#mean-change")).to_have_text("+20,0")  # Albanian decimal comma

    # 4. Attendance: one click per day.
    page.locator(f"a[href='/training/{session.public_id}/attendance/']").click()
    page.set_viewport_size(PHONE)
    screenshot(page, "journey6-attendance-phone")
    axe_check(page)
    page.locator(f"button[name=all_present][value='{day_one.isoformat()}']").click()
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(24)
    page.locator(f"button[name=all_present][value='{day_two.isoformat()}']").click()
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(48)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 5. The certificates: 24 A4 pages, each frame whole, in Albanian, with a signature line.
    page.goto(f"{url}/training/{session.public_id}/")
    link = page.locator(f"a[href='/training/{session.public_id}/certificates.pdf']")
    expect(link).to_contain_text("24")
    with page.expect_download() as certificates_download:
        link.click()
    pdf = tmp_path / "certifikatat.pdf"
    certificates_download.value.save_as(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "c")], check=True)
    pages = sorted(tmp_path.glob("c-*.png"))
    assert len(pages) == 24
    for png in pages:
        height, rows = _frame_rows(png)
        assert rows and rows[0] > 0 and rows[-1] < height - 3 and rows[-1] - rows[0] > height * 0.8
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Shqyrtimi dhe identifikimi" in text and "Procedurat e referimit" in text
    assert "Nënshkrimi" in text and "Trajnere Provë" in text and "Oficer Provë 24" in text

    # 6. The regional meeting in Podgorica, logged from Tirana, with five action items.
    page.goto(f"{url}/coordination/meetings/new/")
    page.locator("#id_title").fill("Takimi rajonal i koordinimit, Podgoricë")
    page.locator("#id_level").select_option("regional")
    page.locator("#id_date").fill(meeting_day.isoformat())
    page.locator("#id_host_country").select_option("ME")
    page.locator("#id_place").fill("Podgoricë")
    page.locator("#id_agenda").fill("Referimet ndërkufitare; kthimi i sigurt")
    page.locator("main form button[type=submit]").click()
    meeting = Meeting.objects.get()
    items = [
        ("Ndani listën e pikave të kontaktit", str(office.public_id), ""),
        ("Përkthimi i procedurës së referimit", str(office.public_id), ""),
        ("Udhëzuesi i kthimit të sigurt", "", "IOM"),
        ("Trajnimi i përbashkët në kufi", str(office.public_id), ""),
        ("Raporti i takimit për donatorin", str(office.public_id), ""),
    ]
    for n, (what, owner, outside) in enumerate(items):
        page.locator("#id_description").fill(what)
        if owner:
            page.locator("#id_owner").select_option(owner)
        else:
            page.locator("#id_owner_name").fill(outside)
        page.locator("#id_due_date").fill((meeting_day + timedelta(days=30 + n)).isoformat())
        page.get_by_role("button", name="Shto detyrën").click()
        rows = page.locator("section[aria-labelledby=action-items] tbody tr")
        expect(rows).to_have_count(n + 1)
    assert ActionItem.objects.filter(meeting=meeting).count() == 5
    iom = ActionItem.objects.get(owner_name="IOM")
    assert iom.owner is None
    expect(page.get_by_role("cell", name="IOM")).to_be_visible()
    screenshot(page, "journey6-meeting-desktop")
    axe_check(page)

    # 7. The quarter's programme report, as the donor and the finance team will read it.
    page.goto(f"{url}/reports/")
    page.locator("#id_start").fill(start.isoformat())
    page.locator("#id_end").fill(end.isoformat())
    page.locator("#id_country").select_option("AL")
    page.get_by_role("button", name="Krijo raportin").click()
    women = page.get_by_role("row", name=f"Gra {WOMEN}")
    expect(women).to_be_visible()
    expect(page.get_by_role("row", name=f"Burra {MEN}")).to_be_visible()
    agency = "Ministria e Brendshme / policia / policia kufitare"
    expect(page.get_by_role("row", name=f"{agency} 24")).to_be_visible()
    screenshot(page, "journey6-report-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "journey6-report-phone")
    axe_check(page)

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF për donatorin").click()
    report_pdf = tmp_path / "raporti.pdf"
    pdf_download.value.save_as(report_pdf)
    report_text = subprocess.run(
        ["pdftotext", "-layout", str(report_pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = [" ".join(line.split()) for line in report_text.splitlines()]
    assert f"Gra {WOMEN}" in lines and f"Burra {MEN}" in lines
    assert any(line.startswith(agency) and line.endswith(" 24") for line in lines)

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX").click()
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    trained = [[c.value for c in row] for row in book["Trajnimi"].iter_rows()]
    assert ["Gra", WOMEN] in trained and ["Burra", MEN] in trained
    assert [agency, 24] in trained
    context.close()

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from django.utils import translation
from pypdf import PdfReader

from conftest import SYSTEM
from ctis.audit.models import AuditEvent
from ctis.training import actions, certificates
from ctis.training.tests.conftest import add


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_certificate_names_the_person_modules_dates_place_and_organiser(session_mk):
    ana = add(session_mk, "Ana Testova")
    [page] = text_of(certificates.render_pdf(session_mk, [ana]))
    assert "Ana Testova" in page
    assert "Screening and identification" in page
    assert "Referral procedures" in page
    assert "13 October 2026" in page
    assert "14 October 2026" in page
    assert "Test Hall, North Macedonia" in page
    assert "Test National Office Skopje" in page


def test_a_certificate_never_mentions_victims_or_the_participants_details(session_mk):
    # The staff-facing module title says "victims of trafficking"; the certificate must not.
    assert "victims" in session_mk.modules.get(code="screening-identification").title
    ana = add(session_mk, "Ana Testova", pre=12, post=99)
    [page] = text_of(certificates.render_pdf(session_mk, [ana]))
    assert "victim" not in page.lower()
    assert "traffick" not in page.lower()
    assert "Test Border Police" not in page
    assert "99" not in page


def test_the_session_certificate_file_has_one_page_per_eligible_participant(
    verified_client, coordinator, session_mk
):
    ana = add(session_mk, "Ana Testova")
    bojan = add(session_mk, "Bojan Testov", sex="male")
    actions.record_attendance(
        actor=SYSTEM,
        session=session_mk,
        present={ana.public_id: session_mk.days, bojan.public_id: session_mk.days[:1]},
    )
    response = verified_client(coordinator).get(
        f"/training/{session_mk.public_id}/certificates.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = text_of(response.content)
    assert len(pages) == 1
    assert "Ana Testova" in pages[0]
    assert AuditEvent.objects.filter(
        action="export", object_id=str(session_mk.public_id), detail="certificates:1"
    ).exists()


def test_a_participant_who_missed_a_day_gets_no_certificate(
    verified_client, coordinator, session_mk
):
    ana = add(session_mk, "Ana Testova")
    bojan = add(session_mk, "Bojan Testov", sex="male")
    actions.record_attendance(
        actor=SYSTEM,
        session=session_mk,
        present={ana.public_id: session_mk.days, bojan.public_id: session_mk.days[:1]},
    )
    client = verified_client(coordinator)
    assert (
        client.get(f"/training/participants/{bojan.public_id}/certificate.pdf").status_code == 302
    )
    response = client.get(f"/training/participants/{ana.public_id}/certificate.pdf")
    assert response.status_code == 200
    assert "Ana Testova" in text_of(response.content)[0]


def test_a_certificate_for_a_session_in_kosovo_carries_the_footnote(organisations, modules):
    from ctis.training.tests.conftest import make_session

    session = make_session("XK", organisations["regional"], modules, title="Test Prishtina")
    ana = add(session, "Ana Testova", country="XK")
    [page] = text_of(certificates.render_pdf(session, [ana]))
    assert "Test Hall, Kosovo*" in page
    assert "Security Council Resolution 1244" in page


def _frame_rows(png: Path) -> tuple[int, list[int]]:
    """The page height and the pixel rows where the frame's blue line spans most of the width."""
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        pixels = rgb.load()
        rows = []
        for y in range(height):
            blue = 0
            for x in range(0, width, 2):
                red, _green, b = pixels[x, y]
                blue += b < 240 and b - red > 15  # the frame's blue, even anti-aliased
            if blue * 2 > width * 0.6:
                rows.append(y)
    return height, rows


def test_every_certificate_page_holds_its_whole_frame_and_speaks_albanian(session_mk, tmp_path):
    people = [add(session_mk, f"Test Officer {n}") for n in range(3)]
    with translation.override("sq"):
        pdf = certificates.render_pdf(session_mk, people)
    path = tmp_path / "certificates.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    for png in pages:
        height, rows = _frame_rows(png)
        assert rows, f"{png.name}: no frame"
        top, bottom = rows[0], rows[-1]
        assert top > 0, f"{png.name}: frame starts at the page edge"
        assert bottom < height - 5, f"{png.name}: frame bottom {bottom} is cut at {height}"
        assert bottom - top > height * 0.8, f"{png.name}: only part of the frame is drawn"
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Shqyrtimi dhe identifikimi" in text
    assert "Procedurat e referimit" in text
    assert "Screening and identification" not in text
    assert "Emri i trajnerit" in text and "Nënshkrimi" in text
    assert "Test Trainer" in text  # the session's trainers, printed above their line

from __future__ import annotations

import io

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

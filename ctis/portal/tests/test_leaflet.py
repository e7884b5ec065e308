"""The printable A5 leaflet: text in the visitor's language, numbers, and a QR code that
opens the portal in that language with the leaflet's campaign code."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import _country
from ctis.portal import demo, leaflets
from ctis.portal.models import Material


@pytest.fixture
def material(portal):
    demo.load_campaign()
    return Material.objects.get(country__code="BA", language="prs")


def _pdf(verified_client, user, material) -> bytes:
    response = verified_client(user).get(f"/help/staff/materials/{material.public_id}/leaflet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_dari_leaflet_is_an_a5_pdf_with_dari_text_and_the_numbers_for_bih(
    verified_client, country_admin, material
):
    reader = PdfReader(io.BytesIO(_pdf(verified_client, country_admin, material)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5 in points
    # Arabic-script text comes back from the PDF in visual order; pdftotext (poppler) is
    # checked below. Here: the Latin parts and that an image (the QR code) is there.
    text = reader.pages[0].extract_text()
    assert "+000 555 0100" in text
    assert f"/help/prs/ba/?c={material.code}" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_leaflet_text_reads_in_dari(verified_client, country_admin, material, tmp_path):
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(_pdf(verified_client, country_admin, material))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "بوسنیا" in text  # Bosnia, in the heading "numbers to call in Bosnia…"
    assert "پاسپورت" in text  # passport, from the warning signs
    assert "+000 555 0100" in text


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="zbar-tools or poppler-utils not installed",
)
def test_the_qr_code_opens_the_dari_page_for_bih_with_the_campaign_code(
    verified_client, country_admin, material, tmp_path
):
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(_pdf(verified_client, country_admin, material))
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(path), str(tmp_path / "page")], check=True)
    image = next(Path(tmp_path).glob("page*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert decoded == f"http://testserver/help/prs/ba/?c={material.code}"


def test_a_leaflet_without_a_campaign_names_kosovo_with_its_footnote(
    verified_client, admin_user, portal
):
    _country("XK")
    response = verified_client(admin_user).get("/help/staff/leaflets/xk/en.pdf")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Kosovo*" in text
    assert "Resolution 1244" in text


def test_the_leaflet_answers_503_when_the_pdf_engine_is_missing(
    verified_client, country_admin, material, monkeypatch
):
    def unavailable(**kwargs: object) -> bytes:
        raise leaflets.LeafletUnavailable("libpango-1.0-0 missing")

    monkeypatch.setattr("ctis.portal.views.campaigns.render_leaflet", unavailable)
    response = verified_client(country_admin).get(
        f"/help/staff/materials/{material.public_id}/leaflet.pdf"
    )
    assert response.status_code == 503
    assert "WeasyPrint" in response.content.decode()


def test_an_outsider_cannot_print_another_countrys_leaflet(verified_client, coordinator, material):
    response = verified_client(coordinator).get(
        f"/help/staff/materials/{material.public_id}/leaflet.pdf"
    )
    assert response.status_code == 404

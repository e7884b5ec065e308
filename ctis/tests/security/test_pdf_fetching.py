"""Issue 17: PDFs read static files from disk and never fetch over the network, whatever host
the request names."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from ctis.core import pdf

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection is recorded and refused."""
    attempts: list[object] = []

    def refuse(self, address):  # type: ignore[no-untyped-def]
        attempts.append(address)
        raise OSError("network use in a PDF")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a[0]))
    return attempts


def test_the_fetcher_reads_static_files_from_disk_and_refuses_the_rest():
    css = pdf.static_file(pdf.BASE_URL + "static/ctis/ctis.css")
    assert css is not None
    assert css.read_bytes() == Path(finders.find("ctis/ctis.css")).read_bytes()
    assert pdf.static_file("/static/ctis/ctis.css") == css
    for outside in [
        "http://evil.example/static/ctis/ctis.css",
        "https://localhost:9/static/ctis/ctis.css",
        pdf.BASE_URL + "static/../settings.py",
        pdf.BASE_URL + "static/%2e%2e/settings.py",
        pdf.BASE_URL + "media/anything.png",
        "file:///etc/passwd",
    ]:
        assert pdf.static_file(outside) is None, outside


def test_a_pdf_with_static_and_outside_references_renders_without_the_network(no_network):
    html = """<!doctype html><html><head>
    <link rel="stylesheet" href="/static/ctis/ctis.css">
    <link rel="stylesheet" href="http://evil.example/steal.css">
    </head><body><h1>Test</h1>
    <img src="https://evil.example/pixel.png" alt="">
    <img src="http://127.0.0.1:9/static/ctis/favicon.svg" alt="">
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
    </body></html>"""
    document = pdf.render_pdf(html)
    assert document.startswith(b"%PDF")
    assert no_network == []


def test_the_programme_report_pdf_ignores_the_host_the_request_names(
    verified_client, analyst, no_network
):
    client = verified_client(analyst)
    response = client.get(
        "/reports/programme.pdf",
        {"start": "2026-01-01", "end": "2026-06-30"},
        HTTP_HOST="localhost:9",
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert no_network == []


def test_every_pdf_goes_through_the_one_renderer():
    users = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "ctis").rglob("*.py")
        if "tests" not in path.parts
        and ("import weasyprint" in path.read_text() or "from weasyprint" in path.read_text())
    ]
    assert users == ["ctis/core/pdf.py"], users

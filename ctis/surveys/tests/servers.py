"""Local HTTP servers on 127.0.0.1 that serve the recorded KoboToolbox and ODK Central answers.

The code under test talks to them over real HTTP with its real clients (urllib, pyodk).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ctis.surveys.tests.conftest import fixture_bytes

KOBO_RECORDED_ORIGIN = "https://kobo.example.org"
KOBO_ASSET = "aTestFmsFictional"  # the recorded pages name aTestFms2017Fictional
KOBO_TOKEN = "kobo-test-token-not-real"
ODK_EMAIL = "analyst@example.invalid"
ODK_PASSWORD = "odk-test-password-not-real"
ODK_TOKEN = "odk-session-token-not-real"


@contextmanager
def serve(handle: Callable[[BaseHTTPRequestHandler, str], None]) -> Iterator[tuple[str, list]]:
    """Serve ``handle(request, method)``; yield the origin and the list of requests seen."""
    seen: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            return None

        def _do(self, method: str) -> None:
            seen.append({"method": method, "path": self.path, "headers": dict(self.headers)})
            handle(self, method)

        def do_GET(self) -> None:
            self._do("GET")

        def do_POST(self) -> None:
            self._do("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _send(request: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def kobo_handler(origin_box: list[str]) -> Callable[[BaseHTTPRequestHandler, str], None]:
    """Page 1 or 2 of the recorded data by ``start``; 401 without the right token."""

    def handle(request: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(request.path)
        if request.headers.get("Authorization") != f"Token {KOBO_TOKEN}":
            _send(request, 401, b'{"detail": "Invalid token."}')
            return
        if method != "GET" or parts.path != f"/api/v2/assets/{KOBO_ASSET}/data/":
            _send(request, 404, b'{"detail": "Not found."}')
            return
        start = parse_qs(parts.query).get("start", ["0"])[0]
        name = "kobo_api_v2_page2.json" if start == "2" else "kobo_api_v2_page1.json"
        body = fixture_bytes(name).decode()
        body = body.replace(KOBO_RECORDED_ORIGIN, origin_box[0]).replace(
            "aTestFms2017Fictional", KOBO_ASSET
        )
        _send(request, 200, body.encode())

    return handle


def odk_handler(request: BaseHTTPRequestHandler, method: str) -> None:
    """ODK Central: a session for the right e-mail and password, then the OData table."""
    path = urlsplit(request.path).path
    if method == "POST" and path == "/v1/sessions":
        length = int(request.headers.get("Content-Length") or 0)
        credentials = json.loads(request.rfile.read(length) or b"{}")
        if credentials == {"email": ODK_EMAIL, "password": ODK_PASSWORD}:
            body = {"token": ODK_TOKEN, "expiresAt": "2030-01-01T00:00:00.000Z"}
            _send(request, 200, json.dumps(body).encode())
        else:
            _send(request, 401, b'{"code": 401.2, "message": "Could not authenticate."}')
        return
    if request.headers.get("Authorization") != f"Bearer {ODK_TOKEN}":
        _send(request, 401, b'{"code": 401.2, "message": "Could not authenticate."}')
        return
    if method == "GET" and path == "/v1/projects/1/forms/fms_ct_2017.svc/Submissions":
        _send(request, 200, fixture_bytes("odk_central_odata.json"))
        return
    _send(request, 404, b'{"code": 404.1, "message": "Not found."}')

"""Defects 7 and 8, and the rule that every error under /api/ answers JSON.

An API client never has to parse an HTML page: 400, 401, 403, 404, 405, 429 and 500 all
carry a JSON body with ``detail``. A locked-out token request is one of them (429).
"""

from __future__ import annotations

import json

import pytest

from ctis.tests.security.conftest import TOKEN_URL, bearer


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["detail"], body
    return body


def test_an_unknown_api_address_is_a_json_404(client, db):
    assert_json_error(client.get("/api/v1/no-such-thing/"), 404)
    assert_json_error(client.get("/api/nothing/"), 404)


def test_a_page_address_outside_the_api_keeps_its_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_anonymous_bad_token_wrong_method_and_refusal_are_json(client, coordinator, api_token):
    assert_json_error(client.get("/api/v1/cases/"), 401)
    assert_json_error(client.get("/api/v1/me/", **bearer("nonsense")), 401)
    headers = bearer(api_token(client, coordinator))
    assert_json_error(client.delete("/api/v1/me/", **headers), 405)
    assert_json_error(client.get("/api/v1/accounts/", **headers), 403)
    missing = "/api/v1/cases/00000000-0000-0000-0000-000000000000/"
    assert_json_error(client.get(missing, **headers), 403)


def test_a_server_error_in_the_api_is_a_json_500_that_tells_nothing(
    client, caseworker, api_token, monkeypatch
):
    from ctis.cases import api as cases_api

    headers = bearer(api_token(client, caseworker))

    def broken(self):
        raise RuntimeError("secret detail Fatima")

    monkeypatch.setattr(cases_api.CaseList, "get_queryset", broken)
    client.raise_request_exception = False
    body = assert_json_error(client.get("/api/v1/cases/", **headers), 500)
    assert "Fatima" not in json.dumps(body)


def test_a_bad_host_under_the_api_is_a_json_400(client, db):
    assert_json_error(client.get("/api/v1/me/", HTTP_HOST="evil.example"), 400)


def test_too_many_token_requests_are_a_json_429_with_retry_after(client, coordinator, settings):
    statuses = []
    for attempt in range(12):
        # Another username each time: the login lockout (per username) never comes first.
        body = {"username": f"nobody{attempt}", "password": "wrong"}
        response = client.post(TOKEN_URL, json.dumps(body), content_type="application/json")
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert statuses[-1] == 429, statuses
    assert_json_error(response, 429)
    assert int(response["Retry-After"]) > 0


def test_a_locked_out_token_request_is_a_json_429_not_the_html_page(client, caseworker, settings):
    body = {"username": "marko", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN_URL, json.dumps(body), content_type="application/json")
    locked = client.post(
        TOKEN_URL,
        json.dumps({"username": "marko", "password": "whatever"}),
        content_type="application/json",
    )
    detail = assert_json_error(locked, 429)["detail"]
    assert "marko" not in detail
    assert int(locked["Retry-After"]) > 0
    assert b"<html" not in locked.content


def test_a_locked_out_login_page_is_still_the_html_page(client, caseworker, settings):
    from conftest import PASSWORD

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "marko", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "marko", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert int(locked["Retry-After"]) > 0


# --- The schema and the docs page: signed-in staff only -------------------------------------
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_anonymous_callers_get_neither_schema_nor_docs(client, db, url):
    response = client.get(url)
    assert response.status_code in {401, 403}
    assert b"/api/v1/auth/token/" not in response.content


def test_a_session_without_the_second_factor_gets_no_schema(client, caseworker, enrol):
    from conftest import PASSWORD

    enrol(caseworker)
    client.post("/accounts/login/", {"username": "marko", "password": PASSWORD})
    assert client.get("/api/schema/").status_code == 403


def test_verified_staff_read_the_schema_and_docs(client, caseworker, real_login, api_token):
    real_login(client, caseworker)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/logoutall/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    client.logout()
    token = api_token(client, caseworker)
    assert client.get("/api/schema/", **bearer(token)).status_code == 200

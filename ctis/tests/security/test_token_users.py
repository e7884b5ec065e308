"""Defect 2: in production every API request by a token user answered 500 (is_verified).

The one-time code is checked when the token is issued, so a request carrying the token counts
as verified; a session that has not passed the second factor still gets a JSON 403.
"""

from __future__ import annotations

import pytest

from ctis.tests.security.conftest import bearer

PERSONAS = [
    "screener",
    "caseworker",
    "supervisor",
    "coordinator",
    "analyst",
    "country_admin",
    "admin_user",
    "dpo",
]
LISTS = [
    "/api/v1/me/",
    "/api/v1/cases/",
    "/api/v1/referrals/",
    "/api/v1/services/",
    "/api/v1/accounts/",
]
# What each role may list (the rest answer 403, never 5xx).
ALLOWED = {
    "screener": {"/api/v1/me/", "/api/v1/services/"},
    "caseworker": {"/api/v1/me/", "/api/v1/cases/", "/api/v1/referrals/", "/api/v1/services/"},
    "supervisor": {"/api/v1/me/", "/api/v1/cases/", "/api/v1/referrals/", "/api/v1/services/"},
    "coordinator": {"/api/v1/me/", "/api/v1/services/"},
    "analyst": {"/api/v1/me/", "/api/v1/services/"},
    "country_admin": {"/api/v1/me/", "/api/v1/services/", "/api/v1/accounts/"},
    "admin_user": {"/api/v1/me/", "/api/v1/services/", "/api/v1/accounts/"},
    "dpo": {"/api/v1/me/", "/api/v1/services/"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_uses_the_api_with_a_token_and_gets_no_5xx(request, client, api_token, persona):
    user = request.getfixturevalue(persona)
    headers = bearer(api_token(client, user))
    client.raise_request_exception = False
    for url in LISTS:
        response = client.get(url, **headers)
        assert response.status_code < 500, (persona, url, response.status_code)
        expected = 200 if url in ALLOWED[persona] else 403
        assert response.status_code == expected, (persona, url, response.content[:200])
        assert response["Content-Type"].startswith("application/json")


def test_a_session_without_the_second_factor_still_gets_a_json_403(client, caseworker, enrol):
    from conftest import PASSWORD

    enrol(caseworker)
    client.post("/accounts/login/", {"username": "marko", "password": PASSWORD})
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_a_verified_session_reads_the_api(client, caseworker, real_login):
    real_login(client, caseworker)
    assert client.get("/api/v1/cases/").status_code == 200

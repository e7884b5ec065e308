"""Every role goes the whole real way to the API in production mode: password, second factor,
a token issued against the one-time code, then every list and detail under /api/v1/.

This is the path that answered 500 to every two-factor role in production while the suite,
then running in development mode, saw nothing.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import api_token, sign_in
from ctis.accounts.roles import Role
from ctis.cases.tests.conftest import open_case
from ctis.referrals.tests.conftest import ALL_PURPOSES, consent, refer

# What each role's token may list; every other list must be refused (403), never fail.
READS = {
    Role.SCREENER: {"me", "services"},
    Role.CASEWORKER: {"me", "services", "cases", "referrals"},
    Role.SUPERVISOR: {"me", "services", "cases", "referrals"},
    Role.COORDINATOR: {"me", "services"},
    Role.ANALYST: {"me", "services"},
    Role.COUNTRY_ADMIN: {"me", "services", "accounts"},
    Role.SYSTEM_ADMIN: {"me", "services", "accounts"},
    Role.DPO: {"me", "services"},
}
PERSONAS = {
    Role.SCREENER: "screener",
    Role.CASEWORKER: "caseworker",
    Role.SUPERVISOR: "supervisor",
    Role.COORDINATOR: "coordinator",
    Role.ANALYST: "analyst",
    Role.COUNTRY_ADMIN: "country_admin",
    Role.SYSTEM_ADMIN: "admin_user",
    Role.DPO: "dpo",
}


def api_routes() -> tuple[list[str], list[str]]:
    """(lists, details) under /api/v1/, from the URL resolver, so a new endpoint is walked.

    The token endpoints (issue, log out) are left to their own tests.
    """
    lists: list[str] = []
    details: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/v1/") and not route.startswith("api/v1/auth/"):
                (details if "<uuid:public_id>" in route else lists).append(route)

    walk(get_resolver().url_patterns, "")
    unknown = [r for r in lists + details if "<" in r and "<uuid:public_id>" not in r]
    assert not unknown, f"the walk cannot fill {unknown}"
    return lists, details


@pytest.fixture
def world(caseworker, supervisor, make_user, organisations):
    """Something for every endpoint to return: a case, its referral, services, accounts."""
    from conftest import SYSTEM
    from ctis.directory import actions as directory

    case = open_case(caseworker)
    consent(caseworker, case, *ALL_PURPOSES)
    refer(caseworker, case, make_user("selma", Role.CASEWORKER, "shelter_ba"))
    provider = directory.create_provider(
        actor=SYSTEM, name="Test Una Shelters", country=organisations["ngo_ba"].country
    )
    directory.create_service(
        actor=SYSTEM,
        provider=provider,
        data={"kind": "shelter", "name": "Test shelter", "municipality": "Bihać"},
        languages=["bs"],
    )
    return case


@pytest.mark.parametrize("role", list(READS), ids=[r.value for r in READS])
def test_every_role_reads_the_api_with_a_real_token_and_nothing_fails(request, role, world):
    user = request.getfixturevalue(PERSONAS[role])
    client = sign_in(Client(), user)  # password, then the TOTP code from the device
    token = api_token(client, user)  # the documented way: password and a fresh one-time code
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    lists, details = api_routes()
    seen: dict[str, list[str]] = {}
    for route in lists:
        name = route.removeprefix("api/v1/").strip("/")
        response = client.get(f"/{route}", **headers)
        assert response.status_code < 500, f"{role} GET /{route}: {response.status_code}"
        expected = 200 if name in READS[role] else 403
        assert response.status_code == expected, f"{role} GET /{route}"
        if response.status_code == 200 and "results" in response.json():
            seen[route] = [row["id"] for row in response.json()["results"]]
            assert seen[route], f"{role} sees an empty /{route}; the walk would prove nothing"
    for route in details:
        listing = route.split("<uuid:public_id>")[0]
        for public_id in [*seen.get(listing, []), str(uuid.uuid4())]:
            url = "/" + route.replace("<uuid:public_id>", public_id)
            response = client.get(url, **headers)
            assert response.status_code < 500, f"{role} GET {url}: {response.status_code}"
            if public_id in seen.get(listing, []):
                assert response.status_code == 200, f"{role} GET {url}"
            else:  # an unknown id, or a resource the role may not read at all
                assert response.status_code in {403, 404}, f"{role} GET {url}"

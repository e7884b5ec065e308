"""Defect 1: no redirect leaves the site, on any view that follows ``next`` or a return address.

The rule (docs/security.md): a target is followed only if Django's
``url_has_allowed_host_and_scheme`` accepts it for this request's own host (and HTTPS when
the request is secure); anything else goes to the view's fixed default.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from conftest import PASSWORD

OUTSIDE = [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "https:evil.example",
    " //evil.example",
    "/accounts/two-factor/?next=https://evil.example/phish",
]


def stays_on_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        parts.netloc in {"", "testserver"}
        and parts.scheme in {"", "http", "https"}
        and not location.startswith(("//", "/\\", "\\"))
        and "evil.example" not in parts.netloc
    )


def follow(client, response, limit: int = 5) -> list[str]:
    """Every Location of the chain, followed on this site only (never leaving it)."""
    seen = []
    while response.status_code in {301, 302, 303, 307, 308} and limit:
        location = response["Location"]
        seen.append(location)
        if not stays_on_site(location):
            break
        response = client.get(location)
        limit -= 1
    return seen


@pytest.mark.parametrize("target", OUTSIDE)
def test_the_second_factor_never_sends_the_user_off_site(client, caseworker, real_login, target):
    response = real_login(client, caseworker, next_url=target)
    chain = follow(client, response)
    assert chain, "the verified login redirects"
    assert all(stays_on_site(location) for location in chain), chain
    assert client.get("/").status_code == 200  # and the user is in


def test_the_nested_next_through_password_and_code_lands_at_home(client, caseworker, real_login):
    nested = "/accounts/two-factor/?next=https://evil.example/phish"
    response = real_login(client, caseworker, next_url=nested)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_safe_next_is_still_followed_after_the_code(client, caseworker, real_login):
    response = real_login(client, caseworker, next_url="/cases/")
    assert response["Location"] == "/cases/"


@pytest.mark.parametrize("target", OUTSIDE)
def test_the_two_factor_page_itself_refuses_outside_targets(client, caseworker, enrol, target):
    from ctis.tests.security.conftest import code_for

    device = enrol(caseworker)
    client.post("/accounts/login/", {"username": "marko", "password": PASSWORD})
    response = client.post(
        f"/accounts/two-factor/?next={quote(target, safe='')}", {"token": code_for(device)}
    )
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OUTSIDE)
def test_the_login_page_refuses_outside_targets(client, coordinator, target):
    response = client.post(
        "/accounts/login/", {"username": "elena", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert all(stays_on_site(location) for location in follow(client, response))


@pytest.mark.parametrize("target", OUTSIDE)
def test_logout_refuses_outside_targets(client, coordinator, target):
    client.post("/accounts/login/", {"username": "elena", "password": PASSWORD})
    response = client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OUTSIDE)
def test_the_language_switch_refuses_outside_targets(client, db, target):
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": target}, HTTP_REFERER=target
    )
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OUTSIDE)
def test_the_portal_language_choice_refuses_outside_targets(client, db, target):
    response = client.get(f"/help/language/fr/?to={quote(target, safe='')}")
    assert response.status_code == 302
    assert response["Location"] == "/help/fr/"


def test_the_portal_language_choice_keeps_a_page_of_the_portal(client, db):
    response = client.get("/help/language/fr/?to=numbers/")
    assert response["Location"] == "/help/fr/numbers/"


def test_one_rule_decides_every_redirect_target(rf):
    from ctis.core.redirects import safe_redirect_target

    request = rf.get("/")
    for target in OUTSIDE[:5]:
        assert safe_redirect_target(request, target, "core:home") == "/"
    assert safe_redirect_target(request, "/cases/?page=2", "core:home") == "/cases/?page=2"
    secure = rf.get("/", secure=True)
    assert safe_redirect_target(secure, "http://testserver/cases/", "core:home") == "/"

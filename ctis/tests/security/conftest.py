"""Fixtures for the security regression suite: production mode and the real login.

Every test here logs in as a real user does: password, then a time-based code from an
enrolled authenticator; API tokens come from the documented token endpoint with a code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from ctis.accounts.models import User

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def production_mode(settings: Any) -> None:
    """Two-factor enforced for everyone, demo accounts included."""
    settings.CTIS_DEMO_SKIPS_2FA = False
    settings.DEBUG = False


def code_for(device: TOTPDevice) -> str:
    """The authenticator's current code. Tests log in several times within one 30-second
    step, so django-otp's replay guard (a code is good once) is reset first."""
    device.refresh_from_db()
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def enrol() -> Callable[[User], TOTPDevice]:
    def make(user: User) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return make


@pytest.fixture
def real_login(enrol: Callable[[User], TOTPDevice]) -> Callable[..., Any]:
    """Password then code through the pages; returns the last response."""

    def login(client: Any, user: User, *, next_url: str = "") -> Any:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol(user)
        query = f"?next={quote(next_url, safe='')}" if next_url else ""
        response = client.post(
            f"/accounts/login/{query}",
            {"username": user.username, "password": PASSWORD, "next": next_url},
        )
        assert response.status_code == 302, response.content[:500]
        target = response["Location"]
        if not user.requires_two_factor:
            return response
        if "/accounts/two-factor/" not in target:
            # The page asked for sends an unverified user to the code, remembering the page.
            target = client.get(target)["Location"]
        assert target.startswith("/accounts/two-factor/"), target
        return client.post(target, {"token": code_for(device)})

    return login


@pytest.fixture
def api_token(enrol: Callable[[User], TOTPDevice]) -> Callable[..., str]:
    """A token from POST /api/v1/auth/token/ with username, password and the current code."""

    def issue(client: Any, user: User) -> str:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol(user)
        body = {"username": user.username, "password": PASSWORD, "otp": code_for(device)}
        response = client.post(TOKEN_URL, json.dumps(body), content_type="application/json")
        assert response.status_code == 200, response.content
        return str(response.json()["token"])

    return issue


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {token}"}

"""Defect 5 and issue 17's gap: rate limits on password reset, the second factor, the portal's
"find help" search and the API token endpoint, per address and per account.

A refusal is 429 with Retry-After (JSON under /api/), is never cached, and loses nothing.
"""

from __future__ import annotations

import json

from django.core import mail

from conftest import PASSWORD
from ctis.tests.security.conftest import TOKEN_URL, code_for

RESET = "/accounts/password/reset/"


def test_thirty_password_resets_in_a_row_meet_a_429_and_send_few_emails(
    client, caseworker, settings
):
    per_account = int(settings.CTIS_RATE_LIMITS["password_reset_account"].split("/")[0])
    statuses = [client.post(RESET, {"email": caseworker.email}).status_code for _ in range(30)]
    assert statuses[:per_account] == [302] * per_account
    assert set(statuses[per_account:]) == {429}
    assert len(mail.outbox) == per_account <= 3
    refused = client.post(RESET, {"email": caseworker.email})
    assert int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "no-store"
    assert "Wait a few minutes" in refused.content.decode()


def test_password_resets_are_limited_per_address_across_accounts(client, db, settings):
    per_address = int(settings.CTIS_RATE_LIMITS["password_reset_address"].split("/")[0])
    statuses = [
        client.post(RESET, {"email": f"someone{i}@example.invalid"}).status_code
        for i in range(per_address + 1)
    ]
    assert statuses[-1] == 429
    assert statuses[:-1] == [302] * per_address


def test_the_account_limit_holds_from_many_addresses(client, caseworker, settings):
    statuses = [
        client.post(RESET, {"email": caseworker.email}, REMOTE_ADDR=f"192.0.2.{i}").status_code
        for i in range(1, 8)
    ]
    assert 429 in statuses
    assert len(mail.outbox) <= 3


def test_codes_at_the_two_factor_page_are_limited_per_account(client, caseworker, enrol, settings):
    device = enrol(caseworker)
    client.post("/accounts/login/", {"username": "marko", "password": PASSWORD})
    per_account = int(settings.CTIS_RATE_LIMITS["two_factor_account"].split("/")[0])
    statuses = [
        client.post("/accounts/two-factor/", {"token": "000000"}).status_code
        for _ in range(per_account + 1)
    ]
    assert statuses[-1] == 429
    refused = client.post("/accounts/two-factor/", {"token": code_for(device)})
    assert refused.status_code == 429  # even the right code waits: guessing gains nothing
    assert int(refused["Retry-After"]) > 0
    assert client.get("/").status_code == 302  # still not in


def test_codes_are_limited_per_address_across_accounts(client, make_user, enrol, settings):
    per_address = int(settings.CTIS_RATE_LIMITS["two_factor_address"].split("/")[0])
    statuses = []
    for number in range(per_address // 5 + 1):
        user = make_user(f"worker{number}", "caseworker", "ngo_rs")
        enrol(user)
        client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
        statuses += [
            client.post("/accounts/two-factor/", {"token": "000000"}).status_code for _ in range(5)
        ]
        client.logout()
    assert statuses[per_address - 1] != 429
    assert statuses[per_address] == 429


def test_the_portal_search_is_limited_per_address_in_the_visitors_language(client, db, settings):
    per_address = int(settings.CTIS_RATE_LIMITS["portal_search_address"].split("/")[0])
    url = "/help/fr/find/?country=rs&need=shelter"
    statuses = [client.get(url).status_code for _ in range(per_address)]
    assert set(statuses) == {200}
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "no-store"
    assert refused["Content-Language"] == "fr"
    assert "Trop de recherches" in refused.content.decode()
    assert not refused.cookies  # the portal still sets no cookie
    other = client.get(url, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


def test_token_requests_are_limited_per_account_from_many_addresses(client, caseworker, enrol):
    enrol(caseworker)
    body = json.dumps({"username": "marko", "password": PASSWORD, "otp": "000000"})
    statuses = [
        client.post(
            TOKEN_URL, body, content_type="application/json", REMOTE_ADDR=f"192.0.2.{i}"
        ).status_code
        for i in range(1, 23)
    ]
    assert statuses[0] == 400
    assert statuses[-1] == 429
    refused = client.post(
        TOKEN_URL, body, content_type="application/json", REMOTE_ADDR="192.0.2.99"
    )
    assert refused.status_code == 429
    assert refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(client, db):
    statuses = [
        client.post(
            TOKEN_URL,
            json.dumps({"username": f"nobody{i}", "password": "x"}),
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        ).status_code
        for i in range(12)
    ]
    assert statuses[-1] == 429


def test_the_rate_limit_cache_is_redis_when_configured(monkeypatch, tmp_path):
    import subprocess
    import sys

    from ctis.core.tests.test_production_settings import PRODUCTION, ROOT

    env = {**PRODUCTION, "CTIS_CACHE_URL": "redis://127.0.0.1:6379/3"}
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    import os

    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("CTIS_", "DJANGO_"))},
            **env,
            "CTIS_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "ctis.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr

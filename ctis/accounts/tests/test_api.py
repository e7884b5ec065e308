from __future__ import annotations

import json

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from ctis.audit.models import AuditEvent

TOKEN = "/api/v1/auth/token/"


def _token(client, **body):
    return client.post(TOKEN, json.dumps(body), content_type="application/json")


def test_a_coordinator_exchanges_password_for_a_token_that_works(client, coordinator):
    response = _token(client, username="elena", password=PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json() == {
        "id": str(coordinator.public_id),
        "username": "elena",
        "organisation": "Test National Office Skopje",
        "country": "MK",
        "roles": ["coordinator"],
    }
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_ISSUED).count() == 1


def test_a_wrong_password_gets_no_token(client, coordinator):
    response = _token(client, username="elena", password="nope")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_caseworker_needs_a_one_time_code_for_a_token(client, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    assert _token(client, username="marko", password=PASSWORD).status_code == 400
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = _token(client, username="marko", password=PASSWORD, otp=code)
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_caseworker_without_a_device_is_sent_to_enrol(client, caseworker):
    response = _token(client, username="marko", password=PASSWORD, otp="123456")
    assert response.status_code == 400
    assert "two-factor" in response.json()["detail"]


def test_demo_accounts_get_a_token_without_a_code_in_development(client, make_user):
    make_user("demo.marko", "caseworker", "ngo_rs", is_demo=True)
    assert _token(client, username="demo.marko", password=PASSWORD).status_code == 200


def test_tokens_are_stored_hashed(client, coordinator):
    from knox.models import AuthToken

    token = _token(client, username="elena", password=PASSWORD).json()["token"]
    stored = AuthToken.objects.get(user=coordinator)
    assert token not in {stored.digest, stored.token_key}


def test_an_anonymous_caller_gets_nothing(client, db):
    assert client.get("/api/v1/me/").status_code in {401, 403}


def test_the_openapi_schema_and_docs_are_served_without_a_cdn(verified_client, caseworker):
    client = verified_client(caseworker)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    assert b"/api/v1/auth/token/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()


def _token_for(client, username: str) -> dict[str, str]:
    token = _token(client, username=username, password=PASSWORD).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_the_api_scopes_accounts_like_the_pages(client, make_user, screener, caseworker):
    make_user("demo.admin.ba", "country_admin", "office_ba", is_demo=True)
    headers = _token_for(client, "demo.admin.ba")
    listing = client.get("/api/v1/accounts/", **headers).json()
    usernames = {row["username"] for row in listing["results"]}
    assert "amra" in usernames
    assert "marko" not in usernames
    own = client.get(f"/api/v1/accounts/{screener.public_id}/", **headers)
    assert own.status_code == 200
    assert own.json()["country"] == "BA"
    outside = client.get(f"/api/v1/accounts/{caseworker.public_id}/", **headers)
    missing = client.get("/api/v1/accounts/00000000-0000-0000-0000-000000000000/", **headers)
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.VIEW, object_id=str(screener.public_id)
        ).count()
        == 1
    )


def test_a_role_without_the_permission_is_refused_by_the_api_and_it_is_recorded(
    client, coordinator
):
    headers = _token_for(client, "elena")
    assert client.get("/api/v1/accounts/", **headers).status_code == 403
    denial = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).latest("seq")
    assert denial.detail == "manage_users:api"

from __future__ import annotations

import base64

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from ctis.audit.models import AuditEvent

LOGIN = "/accounts/login/"


def _code(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def test_caseworker_must_enrol_a_second_factor_on_first_login(client, caseworker):
    client.post(LOGIN, {"username": "marko", "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/enrol/"
    page = client.get("/accounts/two-factor/enrol/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=caseworker)
    secret = base64.b32encode(device.bin_key).decode()
    assert secret[:4] in page.content.decode()
    assert not device.confirmed


def test_a_wrong_code_does_not_confirm_enrolment(client, caseworker):
    client.post(LOGIN, {"username": "marko", "password": PASSWORD})
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=caseworker)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/enrol/", {"token": wrong})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302


def test_the_right_code_confirms_enrolment_and_opens_the_application(client, caseworker):
    client.post(LOGIN, {"username": "marko", "password": PASSWORD})
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=caseworker)
    response = client.post("/accounts/two-factor/enrol/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_ENROLLED).count() == 1


def test_an_enrolled_user_is_asked_for_a_code_at_every_login(client, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    client.post(LOGIN, {"username": "marko", "password": PASSWORD})
    assert client.get("/")["Location"] == "/accounts/two-factor/"
    bad = client.post(
        "/accounts/two-factor/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert bad.status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_FAILED).count() == 1
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post("/accounts/two-factor/", {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200


def test_the_api_refuses_a_session_without_the_second_factor(client, caseworker):
    client.post(LOGIN, {"username": "marko", "password": PASSWORD})
    response = client.get("/api/v1/me/")
    assert response.status_code == 403


def test_coordinators_see_only_aggregates_and_need_no_second_factor(client, coordinator):
    client.post(LOGIN, {"username": "elena", "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_demo_accounts_skip_enrolment_only_in_development(client, make_user, development_mode):
    settings = development_mode
    make_user("demo.caseworker", "caseworker", "ngo_rs", is_demo=True)
    client.post(LOGIN, {"username": "demo.caseworker", "password": PASSWORD})
    assert client.get("/").status_code == 200
    settings.CTIS_DEMO_SKIPS_2FA = False  # what production mode sets
    assert client.get("/")["Location"] == "/accounts/two-factor/enrol/"

"""The suite runs as production does, so a defect that only production shows is seen here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY

from conftest import PASSWORD


def test_the_tests_run_in_production_mode():
    assert settings.PRODUCTION
    assert not settings.DEBUG
    assert not settings.CTIS_DEMO_SKIPS_2FA
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS > 0


def test_the_tests_use_fixed_test_only_secrets():
    # Never a machine's own development secrets (var/secrets) or a deployment's.
    assert settings.SECRET_KEY.startswith("test-only-")
    assert settings.AUDIT_KEY.startswith("test-only-")
    assert "var/secrets" not in str(settings.CTIS_DATA_KEYS)


def test_a_password_alone_does_not_reach_personal_data(client, caseworker):
    client.post("/accounts/login/", {"username": caseworker.username, "password": PASSWORD})
    assert SESSION_KEY in client.session
    assert client.get("/cases/")["Location"].startswith("/accounts/two-factor/enrol/")
    assert client.get("/api/v1/cases/").status_code == 403


def test_the_verified_client_passes_the_real_second_factor(verified_client, caseworker):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ctis.audit.models import AuditEvent

    client = verified_client(caseworker)
    assert client.get("/cases/").status_code == 200
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditEvent.Action.LOGIN, AuditEvent.Action.TWO_FACTOR_ENROLLED} <= actions
    # A second login verifies with the enrolled device instead of enrolling again.
    verified_client(caseworker)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_VERIFIED).count() == 1

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from ctis.audit.models import AuditEvent

LOGIN = "/accounts/login/"


def test_login_page_has_labelled_fields(client, db):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html


def test_coordinator_logs_in_and_the_login_is_audited(client, coordinator):
    response = client.post(LOGIN, {"username": "elena", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).latest("seq")
    assert event.actor_id == str(coordinator.public_id)
    assert event.roles == "coordinator"
    assert event.organisation_name == "Test National Office Skopje"
    assert event.client_address == "127.0.0.1"


def test_failed_login_is_audited_without_the_typed_values(client, coordinator):
    client.post(LOGIN, {"username": "elena", "password": "wrong-password"})
    client.post(LOGIN, {"username": "my-secret-password", "password": "x"})
    known, unknown = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).order_by(
        "seq"
    )
    assert known.object_id == str(coordinator.public_id)
    assert unknown.object_id == ""
    assert unknown.actor_username == "anonymous"
    flat = str(list(AuditEvent.objects.values()))
    assert "my-secret-password" not in flat
    assert "wrong-password" not in flat


def test_five_failures_lock_the_account_out_even_with_the_right_password(
    client, coordinator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "elena", "password": "wrong"})
    response = client.post(LOGIN, {"username": "elena", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).exists()


def test_sessions_end_after_thirty_idle_minutes(client, coordinator, settings):
    client.post(LOGIN, {"username": "elena", "password": PASSWORD})
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert client.session.get_expiry_age() == 30 * 60


def test_logout_is_a_post_and_is_audited(client, coordinator):
    client.post(LOGIN, {"username": "elena", "password": PASSWORD})
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGOUT).count() == 1
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/", "/audit/", "/accounts/users/"])
def test_pages_send_anonymous_visitors_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change_is_audited(client, coordinator):
    client.post(LOGIN, {"username": "elena", "password": PASSWORD})
    new = "a new long passphrase 2026"
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(new)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED).count() == 1


def test_password_reset_sends_a_working_link_by_email(client, coordinator, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": coordinator.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "another long passphrase 77"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(new)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET).count() == 1
    assert coordinator.email not in str(list(AuditEvent.objects.values()))

"""Invitations through the pages: the administrator creates an account, the person sets a
password from the e-mailed link once, and enrols two-factor; resending ends the old link."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctis.accounts.invitations import InvitationTokenGenerator
from ctis.accounts.models import User
from ctis.audit.models import AuditEvent
from ctis.core.logging import StripQueryStringFilter

NEW_PASSWORD = "a long fictional passphrase 7"
LINK = re.compile(r"https?://[^/\s]+(/accounts/invitation/[^\s]+/)")


def _invite(client: Client, organisations, username: str = "nova.caseworker") -> User:
    response = client.post(
        "/accounts/users/new/",
        {
            "username": username,
            "first_name": "Nova",
            "last_name": "Fictional",
            "email": f"{username}@example.invalid",
            "organisation": organisations["ngo_ba"].public_id,
            "roles": ["caseworker"],
        },
    )
    assert response.status_code == 302
    return User.objects.get(username=username)


def _link(message) -> str:  # type: ignore[no-untyped-def]
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def _accept(link: str, password: str = NEW_PASSWORD) -> tuple[Client, object]:
    """Open the link in a fresh browser and set the password; the client and the last answer."""
    person = Client()
    opened = person.get(link)
    if opened.status_code == 200:  # a refused link is answered at once, token unused
        assert not opened.context["validlink"]
        return person, opened
    assert opened.status_code == 302  # the token moves into the session...
    form_path = opened["Location"]
    assert form_path.endswith("/set-password/")  # ...and leaves the address bar
    page = person.get(form_path)
    if not page.context["validlink"]:
        return person, page
    return person, person.post(form_path, {"new_password1": password, "new_password2": password})


@pytest.fixture
def admin(verified_client, country_admin):  # type: ignore[no-untyped-def]
    return verified_client(country_admin)


def test_creating_an_account_emails_an_invitation_that_sets_the_password_then_2fa(
    admin, organisations
):
    invited = _invite(admin, organisations)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nova.caseworker@example.invalid"]
    assert "nova.caseworker" in message.body
    assert not invited.has_usable_password()

    person, done = _accept(_link(message))
    assert done.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    # Logged in, and the second-factor middleware sends a caseworker to enrol first.
    home = person.get(done["Location"])
    assert home.status_code == 302 and home["Location"] == "/accounts/two-factor/enrol/"
    enrol = person.get("/accounts/two-factor/enrol/")
    assert enrol.status_code == 200
    device = TOTPDevice.objects.get(user=invited, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    enrolled = person.post("/accounts/two-factor/enrol/", {"token": code})
    assert enrolled.status_code == 302
    assert person.get("/cases/").status_code == 200
    accepted = AuditEvent.objects.filter(detail="invitation accepted").get()
    assert (accepted.actor_username, accepted.changed_fields) == ("nova.caseworker", ["password"])


def test_an_invitation_link_works_once(admin, organisations):
    _invite(admin, organisations)
    link = _link(mail.outbox[0])
    _person, first = _accept(link)
    assert first.status_code == 302
    _other, second = _accept(link, password="another fictional passphrase 8")
    assert second.status_code == 200
    assert "already used" in second.content.decode()
    assert User.objects.get(username="nova.caseworker").check_password(NEW_PASSWORD)


def test_an_expired_invitation_is_refused(admin, organisations, settings, monkeypatch):
    settings.CTIS_INVITATION_DAYS = 7
    _invite(admin, organisations)
    link = _link(mail.outbox[0])
    real_now = InvitationTokenGenerator._now
    monkeypatch.setattr(
        InvitationTokenGenerator,
        "_now",
        lambda self: real_now(self) + __import__("datetime").timedelta(days=7, minutes=1),
    )
    _person, page = _accept(link)
    assert page.status_code == 200 and not page.context["validlink"]
    assert not User.objects.get(username="nova.caseworker").has_usable_password()


def test_resending_the_invitation_ends_the_old_link(admin, organisations):
    invited = _invite(admin, organisations)
    old = _link(mail.outbox[0])
    detail = admin.get(f"/accounts/users/{invited.public_id}/")
    assert "Send the invitation again" in detail.content.decode()
    resent = admin.post(f"/accounts/users/{invited.public_id}/invite/", follow=True)
    assert "The earlier link no longer works" in resent.content.decode()
    assert len(mail.outbox) == 2
    new = _link(mail.outbox[1])
    assert new != old
    _person, refused = _accept(old)
    assert not refused.context["validlink"]
    _person, accepted = _accept(new)
    assert accepted.status_code == 302


def test_an_account_that_set_its_password_is_not_invited_again(admin, organisations):
    invited = _invite(admin, organisations)
    _accept(_link(mail.outbox[0]))
    admin.post(f"/accounts/users/{invited.public_id}/invite/")
    assert len(mail.outbox) == 1


def test_a_deactivated_account_cannot_use_its_invitation(admin, organisations):
    invited = _invite(admin, organisations)
    admin.post(f"/accounts/users/{invited.public_id}/deactivate/")
    _person, page = _accept(_link(mail.outbox[0]))
    assert not page.context["validlink"]


def test_forgot_password_sends_a_pending_account_a_fresh_invitation(admin, organisations):
    _invite(admin, organisations)
    old = _link(mail.outbox[0])
    Client().post("/accounts/password/reset/", {"email": "nova.caseworker@example.invalid"})
    assert len(mail.outbox) == 2
    assert "/accounts/invitation/" in mail.outbox[1].body
    _person, refused = _accept(old)
    assert not refused.context["validlink"]


def test_a_non_administrator_cannot_invite(verified_client, caseworker, screener):
    client = verified_client(caseworker)
    assert client.post(f"/accounts/users/{screener.public_id}/invite/").status_code == 403
    assert mail.outbox == []


def test_the_invitation_token_never_reaches_the_log(admin, organisations):
    _invite(admin, organisations)
    link = _link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    record = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"GET %s HTTP/1.1" 302 0', (link,), None
    )
    StripQueryStringFilter().filter(record)
    assert token not in record.getMessage()
    assert "/accounts/invitation/" in record.getMessage()

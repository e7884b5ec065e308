"""Authentication events into the audit trail.

A failed login names the account only when the typed username matches one: a typed value
that matches nothing may be a mistyped password, so it is never written anywhere.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from ctis.audit import actions as audit
from ctis.audit.context import Actor


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    actor = Actor.from_request(request) if request is not None else Actor(user=user)
    actor = Actor(user=user, client_address=actor.client_address)
    audit.record(
        actor=actor, action=audit.Action.LOGIN, object_type="user", object_id=str(user.public_id)
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    address = Actor.from_request(request).client_address if request is not None else ""
    audit.record(
        actor=Actor(user=user, client_address=address),
        action=audit.Action.LOGOUT,
        object_type="user",
        object_id=str(user.public_id),
    )


def _known_user(credentials: dict[str, Any]) -> Any:
    username = credentials.get("username")
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    subject = _known_user(credentials)
    address = Actor.from_request(request).client_address if request is not None else ""
    audit.record(
        actor=Actor(user=None, client_address=address, label="anonymous"),
        action=audit.Action.LOGIN_FAILED,
        object_type="user" if subject else "",
        object_id=str(subject.public_id) if subject else "",
        subject=subject,
    )


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    subject = _known_user({"username": username})
    audit.record(
        actor=Actor(user=None, client_address=ip_address or "", label="anonymous"),
        action=audit.Action.LOCKED_OUT,
        object_type="user" if subject else "",
        object_id=str(subject.public_id) if subject else "",
        subject=subject,
    )

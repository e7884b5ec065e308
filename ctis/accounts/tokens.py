"""API tokens (knox): issue, list and end them. Every end of a token goes through here.

A token ends when its holder's credentials change (password change or reset, two-factor
reset), when their access changes (a change of role, deactivation), when they log out of the
API, and when they revoke it on their account page. A user keeps at most
``REST_KNOX["TOKEN_LIMIT_PER_USER"]`` live tokens: issuing one more ends the oldest
(superseded). Knox stores only a hash of each token; nobody can read a token back.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from ctis.accounts.models import User
from ctis.audit import actions as audit
from ctis.audit.context import Actor

# How a token is named on the account page and in URLs: the start of its stored hash, which
# identifies it without revealing any part of the token itself.
TOKEN_ID_LENGTH = 16


class Reason(StrEnum):
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a reason, not a password
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a reason, not a password
    TWO_FACTOR_RESET = "two_factor_reset"
    ROLE_CHANGED = "role_changed"
    DEACTIVATED = "deactivated"
    LOGOUT = "logout"
    LOGOUT_ALL = "logout_all"
    REVOKED_BY_USER = "revoked_by_user"
    SUPERSEDED = "superseded"


def token_id(token: AuthToken) -> str:
    return str(token.digest)[:TOKEN_ID_LENGTH]


def live_tokens(user: User) -> QuerySet[AuthToken]:
    """The user's tokens that have not expired, newest first."""
    return AuthToken.objects.filter(
        Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True), user=user
    ).order_by("-created")


def _record_revocation(user: User, reason: Reason | str, count: int, actor: Actor | None) -> None:
    audit.record(
        actor=actor or Actor.system(f"tokens ended: {reason}"),
        action=audit.Action.DELETE,
        object_type="user",
        object_id=str(user.public_id),
        changed_fields=["api_tokens"],
        detail=f"api_tokens_revoked:{reason}:{count}",
    )


def revoke_all_tokens(user: User, reason: Reason | str, *, actor: Actor | None = None) -> int:
    """End every API token of ``user`` at once; returns how many ended (audited if any).

    Call it whenever the user's credentials or access change: password change or reset,
    two-factor reset, a change of role, deactivation, and "log out everywhere".
    """
    with transaction.atomic():
        count, _per_model = AuthToken.objects.filter(user=user).delete()
        if count:
            _record_revocation(user, reason, count, actor)
    return count


def revoke_token(
    user: User, identifier: str, reason: Reason | str, *, actor: Actor | None = None
) -> bool:
    """End one of ``user``'s tokens, named by ``token_id`` (or the token row itself)."""
    if len(identifier) < TOKEN_ID_LENGTH:
        return False
    with transaction.atomic():
        count, _per_model = AuthToken.objects.filter(
            user=user, digest__startswith=identifier[:TOKEN_ID_LENGTH]
        ).delete()
        if count:
            _record_revocation(user, reason, count, actor)
    return bool(count)


def issue_token(user: User, *, actor: Actor) -> tuple[AuthToken, str]:
    """A new token for ``user`` (who has just proven password and code); audited.

    Beyond the per-user limit the oldest live tokens are superseded and end.
    """
    limit = settings.REST_KNOX.get("TOKEN_LIMIT_PER_USER")
    with transaction.atomic():
        instance, token = AuthToken.objects.create(user)
        audit.record(
            actor=actor,
            action=audit.Action.TOKEN_ISSUED,
            object_type="user",
            object_id=str(user.public_id),
        )
        if limit:
            surplus = list(live_tokens(user).values_list("digest", flat=True)[limit:])
            if surplus:
                AuthToken.objects.filter(digest__in=surplus).delete()
                _record_revocation(user, Reason.SUPERSEDED, len(surplus), actor)
        # Expired tokens are of no use to anyone; knox leaves them until next used.
        AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    return instance, token

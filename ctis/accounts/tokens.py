"""Ending a user's API tokens when what they may do changes (role, organisation, deactivation).

A token carries the permissions of the moment it was issued only as long as it lives; when the
account changes, every token it holds ends at once, and the audit says why.
"""

from __future__ import annotations

from django.db import transaction
from knox.models import AuthToken

from ctis.accounts.models import User
from ctis.audit import actions as audit
from ctis.audit.context import Actor


def revoke_all_tokens(user: User, reason: str) -> int:
    """Delete every API token of ``user``; ``reason`` is a short code, never a personal value.

    Returns how many tokens ended. The audit event names the account and the reason, and is
    written even when there was none, so the revocation is on record.
    """
    with transaction.atomic():
        count, _per_model = AuthToken.objects.filter(user=user).delete()
        audit.record(
            actor=Actor.system("token revocation"),
            action=audit.Action.DELETE,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["api_tokens"],
            detail=reason[:200],
        )
    return count

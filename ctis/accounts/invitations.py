"""Invitation links: signed, expiring, single-use, and ended by a newer invitation.

The token signs the account's password hash. A pending account's "password" is a random
unusable marker that every (re)sent invitation replaces, so a resent invitation ends the older
link; setting the password replaces it again, so a link works once. The timestamp in the token
lets a link expire after ``CTIS_INVITATION_DAYS``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from ctis.accounts.models import User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "ctis.accounts.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"

    def check_token(self, user: User | None, token: str | None) -> bool:
        """Like the password reset's check, against the invitation's own lifetime."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return 0 <= age <= settings.CTIS_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def is_pending(user: User) -> bool:
    """An active account whose holder has not set a password yet."""
    return user.is_active and not user.has_usable_password()


def link_path(user: User) -> str:
    """The path of a fresh invitation link for ``user`` (shaped like a reset link)."""
    from django.urls import reverse

    return reverse(
        "accounts:invitation_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )

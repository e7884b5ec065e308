"""API authentication: knox tokens whose holders count as verified.

A token is issued only after the password and, for roles that need it, the one-time code
(``api.TokenView``); a request that carries one has therefore passed the second factor.
django-otp marks session users in its middleware, which runs before DRF has authenticated a
token, so the token user is marked here the same way.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


def _verified() -> bool:
    return True


class TokenAuthentication(KnoxTokenAuthentication):
    def validate_user(self, auth_token: Any) -> tuple[Any, Any]:
        user, token = super().validate_user(auth_token)
        user.otp_device = None
        user.is_verified = _verified
        return user, token


class TokenScheme(KnoxTokenScheme):
    """The schema documents our subclass as the knox token it is."""

    target_class = "ctis.accounts.api_auth.TokenAuthentication"

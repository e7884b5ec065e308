"""The API asks the same permission module as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission

from ctis.accounts import permissions
from ctis.accounts.middleware import needs_second_factor
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class DenyByDefault(BasePermission):
    """Every endpoint must name its permission; one that forgets is closed."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return False


def HasPerm(perm: Perm) -> type[BasePermission]:
    """Permission class for endpoints that need ``perm``; denials are audited."""

    class _HasPerm(BasePermission):
        def has_permission(self, request: Request, view: APIView) -> bool:
            user = request.user
            if not user or not user.is_authenticated:
                return False
            if needs_second_factor(user):
                return False
            if permissions.can(user, perm):
                return True
            audit.record(
                actor=Actor.from_request(request._request),
                action=audit.Action.PERMISSION_DENIED,
                detail=f"{perm}:api",
            )
            return False

    _HasPerm.__name__ = f"HasPerm_{perm}"
    return _HasPerm


class IsSignedIn(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated)


class IsVerifiedStaff(BasePermission):
    """Signed in, holding a role, and past the second factor (a token counts as past it)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return bool(user.roles) and not needs_second_factor(user)

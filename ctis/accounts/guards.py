"""View guards: one permission per view, denials audited, outsiders see 404 on objects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from ctis.accounts import permissions
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def deny(request: HttpRequest, perm: Perm) -> PermissionDenied:
    """Record a permission denial and return the exception for the caller to raise."""
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.PERMISSION_DENIED,
        detail=f"{perm}:{request.resolver_match.view_name if request.resolver_match else ''}",
    )
    return PermissionDenied()


def requires(perm: Perm) -> Callable[[View], View]:
    """Let the view run only for signed-in users whose roles grant ``perm`` somewhere."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not permissions.can(request.user, perm):
                raise deny(request, perm)
            return view(request, *args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorator

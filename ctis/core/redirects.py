"""The one rule for redirect targets taken from a request (``next``, a return address).

A target is followed only when Django's ``url_has_allowed_host_and_scheme`` accepts it for
this request's own host, and only over HTTPS when the request came over HTTPS. That refuses
``https://evil.example``, ``//evil.example``, ``/\\evil.example`` and the like. Anything else
goes to the view's fixed default. Django's own LoginView, LogoutView and set_language apply
the same function; our views call this module.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_redirect_target(request: HttpRequest, target: str | None) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_redirect_target(request: HttpRequest, target: str | None, default: str) -> str:
    """``target`` if it stays on this site, else ``default`` (a URL name or path)."""
    if target and is_safe_redirect_target(request, target):
        return target
    return resolve_url(default)


def next_target(request: HttpRequest, default: str = "core:home") -> str:
    """Where to go after a step: the request's ``next`` if it stays on this site."""
    return safe_redirect_target(
        request, request.POST.get("next") or request.GET.get("next"), default
    )

"""Rate limits on the pages an attacker would hammer: password reset, the second factor, and
the portal's "find help" search. The API's token endpoint uses DRF throttles instead
(``ctis/accounts/api.py``); both count in the shared Django cache.

django-ratelimit counts here because these are plain Django views: it keys a counter on
anything in the request (the address, the typed e-mail address, the signed-in account),
counts with the cache's atomic add/incr, tells how long until the window ends (for
Retry-After), and stores only a hash of the key, so no address is kept in the cache.
In production the cache is Redis (``CTIS_CACHE_URL``), shared by every worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from ctis.core.errors import too_many_requests

logger = logging.getLogger(__name__)

Key = Callable[[str, HttpRequest], str]
Respond = Callable[..., HttpResponse]


def by_address(group: str, request: HttpRequest) -> str:
    """The client's address, found as the login lockout finds it (trusted proxies only)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


def by_typed_email(group: str, request: HttpRequest) -> str:
    """The account a password reset asks for, as typed (case and spaces aside)."""
    return "email:" + str(request.POST.get("email", "")).strip().lower()


def by_account(group: str, request: HttpRequest) -> str:
    return f"user:{request.user.pk}"


@dataclass(frozen=True)
class Limit:
    group: str  # names the counter; a key in settings.CTIS_RATE_LIMITS
    key: Key

    @property
    def rate(self) -> str:
        return str(settings.CTIS_RATE_LIMITS[self.group])


def exceeded(request: HttpRequest, limits: tuple[Limit, ...], *, fail_open: bool) -> int | None:
    """Count this request against each limit; seconds to wait if any is exceeded, else None.

    If the cache cannot be reached, ``fail_open`` decides: let the request through (the portal,
    where someone may be looking for help) or refuse it (logins and resets).
    """
    wait = None
    for limit in limits:
        try:
            usage = get_usage(
                request,
                group=limit.group,
                key=limit.key,
                rate=limit.rate,
                method=ALL,
                increment=True,
            )
        except Exception:  # the cache is down: see fail_open
            logger.exception("rate limit cache unavailable (%s)", limit.group)
            usage = None if fail_open else {"should_limit": True, "time_left": 60}
        if usage is not None and usage["time_left"] < 0:  # django-ratelimit's cache failure
            usage = None if fail_open else {"should_limit": True, "time_left": 60}
        if usage and usage["should_limit"]:
            logger.warning("rate limit reached: %s", limit.group)
            wait = max(wait or 0, int(usage["time_left"]), 1)
    return wait


def throttle(
    *limits: Limit,
    methods: tuple[str, ...] = ("POST",),
    fail_open: bool = False,
    respond: Respond | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse a view's ``methods`` with 429 and Retry-After once any of ``limits`` is spent."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                wait = exceeded(request, limits, fail_open=fail_open)
                if wait is not None:
                    if respond is not None:
                        return respond(request, wait, *args, **kwargs)
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorator


PASSWORD_RESET = (
    Limit("password_reset_address", by_address),
    Limit("password_reset_account", by_typed_email),
)
TWO_FACTOR = (
    Limit("two_factor_address", by_address),
    Limit("two_factor_account", by_account),
)
PORTAL_SEARCH = (Limit("portal_search_address", by_address),)

"""Error responses: JSON under /api/, the site's pages elsewhere.

An API client never parses an HTML page. DRF's exception handler (``api_errors``) answers
errors raised inside API views; these handlers answer the rest: unknown addresses under
/api/, bad host names, server errors, and rate-limit refusals (429 with Retry-After).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"

# The bodies say what happened in words an API client's log can carry; never why in detail.
_DETAIL = {
    400: "Bad request.",
    403: "You do not have permission to perform this action.",
    404: "Not found.",
    429: "Too many requests. Wait before trying again.",
    500: "Server error. Nothing was changed.",
}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(status: int, detail: str | None = None, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail or _DETAIL[status]}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return json_error(400)
    return defaults.bad_request(request, exception)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return json_error(403)
    return defaults.permission_denied(request, exception)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return json_error(404)
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return json_error(500)
    return defaults.server_error(request)


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 with Retry-After (seconds); never cached, so a shared cache cannot replay it."""
    seconds = str(max(1, int(retry_after)))
    if is_api(request):
        response: HttpResponse = json_error(429, Retry_After=seconds)
    else:
        response = render(request, "429.html", status=429)
        response["Retry-After"] = seconds
    response["Cache-Control"] = "no-store"
    return response

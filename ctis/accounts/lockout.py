"""What a locked-out login gets (django-axes): 429 with Retry-After; JSON on the API."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ctis.core.errors import is_api, json_error


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    seconds = str(int(cool_off.total_seconds())) if cool_off else "1800"
    if is_api(request):
        response: HttpResponse = json_error(
            429, "Too many failed logins. This account is locked here for a while."
        )
    else:
        response = render(request, "accounts/locked_out.html", status=429)
    response["Retry-After"] = seconds
    response["Cache-Control"] = "no-store"
    return response

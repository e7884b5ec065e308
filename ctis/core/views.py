"""Home page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ctis.accounts.models import ROLE_LABELS


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = [ROLE_LABELS[role] for role in sorted(user.roles)]  # type: ignore[union-attr]
    return render(request, "core/home.html", {"roles": roles, "organisation": user.organisation})  # type: ignore[union-attr]


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy; details stay in the server log
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
